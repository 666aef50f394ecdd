package app_test

import (
	"context"
	"testing"

	"broadsheet/internal/web/webtest"
)

// The demo newsroom seeds on both engines with settings that pass their own
// checks (a new setting without a demo value once stopped `serve --demo`),
// and serves its home page and tips form.
func TestSeedDemo(t *testing.T) {
	webtest.EachEngine(t, func(t *testing.T, engine string) {
		e := webtest.New(t, true, engine)
		ctx := context.Background()
		email, password, err := e.App.SeedDemo(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if email == "" || len(password) < 10 {
			t.Fatalf("demo admin %q with a password of %d characters", email, len(password))
		}
		st, err := e.App.Store.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Validate(); err != nil {
			t.Fatalf("the demo's settings do not validate: %v", err)
		}
		if !st.Comments.Guests || st.Tips.Files == 0 {
			t.Errorf("demo settings: %+v", st)
		}
		for _, p := range []string{"/", "/tips"} {
			if r := e.Get(p, ""); r.Status != 200 {
				t.Errorf("%s: %d", p, r.Status)
			}
		}
	})
}
