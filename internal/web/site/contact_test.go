package site_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"broadsheet/internal/contact"
	"broadsheet/internal/page"
	"broadsheet/internal/richtext"
	"broadsheet/internal/user"
)

// The Contact and Advertise pages carry forms; a message waits in the
// newsroom's inbox and is mailed to the address in the settings, answers
// going to the sender. Refusals keep what was typed; robots and floods are
// turned away.
func TestContactForms(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e, ms := mailEnv(t, engine)
		ctx := context.Background()
		for _, slug := range []string{"contact", "advertise", "about"} {
			pg := page.Page{Slug: slug, Title: strings.ToUpper(slug[:1]) + slug[1:], Body: richtext.FromHTML("<p>Write to us.</p>")}
			if err := e.App.Store.SavePage(ctx, &pg); err != nil {
				t.Fatal(err)
			}
		}
		st, _ := e.App.Store.Settings(ctx)
		st.Inbox.ContactEmail, st.Inbox.AdvertiseEmail = "desk@example.com", "ads@example.com"
		if err := e.App.Store.SaveSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
		b := e.Browser()
		want(t, "contact page", b.Get("/contact"), 200, `action="/contact"`, `name="body"`, "secure tips box")
		want(t, "advertise page", b.Get("/advertise"), 200, `action="/advertise"`, `name="company"`)
		if strings.Contains(b.Get("/about").Body, `name="body"`) {
			t.Error("the About page carries a form")
		}
		want(t, "no email", b.Post("/contact", url.Values{"name": {"Ada"}, "email": {"not-an-address"}, "body": {"Kept words"}}), 422,
			"so that we can answer", "Kept words", `value="Ada"`)
		want(t, "no body", b.Post("/contact", url.Values{"name": {"Ada"}, "email": {"ada@example.org"}, "body": {"  "}}), 422, "Write your message")
		want(t, "a robot", b.Post("/contact", url.Values{"name": {"Bot"}, "email": {"bot@example.org"}, "body": {"buy"}, "website": {"http://spam.example"}}),
			200, "on its way")
		want(t, "contact", b.Post("/contact", url.Values{"name": {"Ada\u202e Reader"}, "email": {"Ada@Example.org"}, "subject": {"A correction"},
			"body": {"The bridge opened in 1998.\r\nNot 1989."}}), 200, "on its way")
		want(t, "advertise", b.Post("/advertise", url.Values{"name": {"Buyer"}, "email": {"buyer@example.org"}, "company": {"Shop Ltd"},
			"body": {"Rates please"}}), 200, "advertising team")
		// The longest subject and name still make a subject line.
		want(t, "long fields", b.Post("/advertise", url.Values{"name": {strings.Repeat("N", 100)}, "email": {"long@example.org"},
			"subject": {strings.Repeat("S", 200)}, "body": {"Long"}}), 200, "advertising team")
		list, err := e.App.Store.ContactMessages(ctx, "", 0)
		if err != nil || len(list) != 3 {
			t.Fatalf("%d messages kept (%v); want 2 (the robot's is not)", len(list), err)
		}
		if m := list[2]; m.Name != "Ada Reader" || m.Email != "ada@example.org" || m.Body != "The bridge opened in 1998.\nNot 1989." || m.Kind != contact.Contact {
			t.Errorf("kept: %+v", m)
		}
		e.RunJobs()
		got := ms.To("desk@example.com")
		if len(got) != 1 || got[0].Header.Get("Reply-To") != "<ada@example.org>" || !strings.Contains(got[0].Subject, "A correction") ||
			!strings.Contains(got[0].Text, "Not 1989.") {
			t.Fatalf("the desk's mail: %+v", got)
		}
		if ads := ms.To("ads@example.com"); len(ads) != 2 || !strings.Contains(ads[0].Text+ads[1].Text, "Shop Ltd") {
			t.Fatalf("the advertising mail: %+v", ads)
		}
		// The newsroom's inbox.
		want(t, "inbox", e.Get("/newsroom/messages", user.Editor), 200, "Ada Reader", "Buyer")
		want(t, "a message", e.Get("/newsroom/messages/"+itoa(list[2].ID), user.Editor), 200, "Not 1989.", "mailto:ada@example.org")
		want(t, "authors may not", e.Get("/newsroom/messages", user.Author), 403)
		if r := e.Post("/newsroom/messages/"+itoa(list[2].ID), user.Editor, url.Values{"status": {"done"}}, ""); r.Status != 303 {
			t.Fatalf("done: %d", r.Status)
		}
		if n, _ := e.App.Store.CountNewContactMessages(ctx); n != 2 {
			t.Errorf("%d new after one was done", n)
		}
		if !auditHas(t, e, "message.done") {
			t.Error("no audit entry")
		}
		// Five messages an hour from one address.
		var last string
		for range 5 {
			r := b.Post("/contact", url.Values{"name": {"Ada"}, "email": {"ada@example.org"}, "body": {"again and again"}})
			last = r.Body
			if r.Status == 429 {
				break
			}
		}
		if !strings.Contains(last, "again and again") || !strings.Contains(last, "try again in") {
			t.Errorf("the flood limit: %.400s", last)
		}
	})
}
