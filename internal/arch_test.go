package internal_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportDirection keeps the layering cmd -> cli -> app -> web, jobs ->
// domain <- store: domain packages import neither the store nor the web layer,
// the store never imports the web layer, and the web layer and the job worker
// reach the database only through interfaces they declare.
func TestImportDirection(t *testing.T) {
	domain := []string{"apperr", "article", "audit", "author", "comment", "config", "media", "page", "richtext", "section", "setting", "slug", "tag", "throttle", "user", "demo", "reads", "tally", "ad", "alert", "search", "tip", "contact", "feed", "cachekey"}
	forbidden := map[string][]string{}
	for _, d := range domain {
		forbidden["broadsheet/internal/"+d] = []string{"broadsheet/internal/store", "broadsheet/internal/web", "broadsheet/internal/app", "broadsheet/internal/jobs", "net/http"}
	}
	// Protocol clients talk to other servers (mail, sign-in providers) and
	// know nothing of the rest of the application.
	for _, c := range []string{"mail", "oidc", "bucket"} {
		forbidden["broadsheet/internal/"+c] = []string{"broadsheet/internal/store", "broadsheet/internal/web", "broadsheet/internal/app",
			"broadsheet/internal/jobs", "broadsheet/internal/user", "broadsheet/internal/article", "broadsheet/internal/comment"}
	}
	forbidden["broadsheet/internal/store"] = []string{"broadsheet/internal/web", "broadsheet/internal/app", "net/http"}
	forbidden["broadsheet/internal/jobs"] = []string{"broadsheet/internal/store", "broadsheet/internal/web", "broadsheet/internal/app", "net/http"}
	// The web layer reaches storage only through the interfaces it declares.
	forbidden["broadsheet/internal/web"] = []string{"broadsheet/internal/store", "broadsheet/internal/app", "broadsheet/internal/jobs"}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		deps := strings.Fields(string(out))
		for _, d := range deps {
			for _, b := range bad {
				if d == b || strings.HasPrefix(d, b+"/") {
					t.Errorf("%s imports %s", pkg, d)
				}
			}
		}
	}
}
