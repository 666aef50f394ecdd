package site

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"broadsheet/internal/contact"
	"broadsheet/internal/richtext"
	"broadsheet/internal/throttle"
	"broadsheet/internal/web/session"
)

// The Contact and Advertise forms' limits: like the tips form's, per address
// and for everyone, so that a flood can neither fill the inbox nor the
// newsroom's mailbox.
var (
	contactPerAddress = throttle.Rule{Name: "contact-ip", Max: 5, Window: time.Hour}
	contactEveryone   = throttle.Rule{Name: "contact-all", Max: 300, Window: time.Hour}
)

// ContactForm is the form under the Contact or Advertise page.
type ContactForm struct {
	Kind                                contact.Kind
	Name, Email, Company, Subject, Body string
	Errors                              map[string]string
	ErrorMsg                            string
}

// contactKind says which form a static page carries, if any.
func contactKind(slug string) contact.Kind {
	switch k := contact.Kind(slug); k {
	case contact.Contact, contact.Advertise:
		return k
	}
	return ""
}

// staticPage renders a static page, with its form when it has one.
func (s *Site) staticPage(w http.ResponseWriter, r *http.Request, p Page, slug string, form *ContactForm, status int) error {
	pg, err := s.Store.PageBySlug(r.Context(), slug)
	if err != nil {
		return err
	}
	p.Title = pg.Title
	p.Description = richtext.Excerpt(pg.Body, 160)
	if err := s.placeAds(r.Context(), &p, 0); err != nil {
		return err
	}
	if form == nil && status == http.StatusOK {
		keep(r.Context()) // a page changes with cachekey.All; a form sent back is not kept
	}
	sp := StaticPage{Page: p, Body: richtext.Render(pg.Body, richtext.Options{}), Form: form}
	if sp.Form == nil {
		if k := contactKind(slug); k != "" {
			sp.Form = &ContactForm{Kind: k}
		}
	}
	return s.Render.Render(w, status, "site/page", sp)
}

// postContact takes a message from the Contact or Advertise form: it waits
// in the newsroom's inbox and is mailed to the address in the settings.
func (s *Site) postContact(kind contact.Kind) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		m := contact.Message{Kind: kind, Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Company: r.PostFormValue("company"),
			Subject: r.PostFormValue("subject"), Body: r.PostFormValue("body"), CreatedAt: s.now().UTC()}
		if kind == contact.Contact {
			m.Company = ""
		}
		p, err := s.page(ctx, r, "")
		if err != nil {
			return err
		}
		p.NoIndex = true
		// A robot fills the field people cannot see: it is told what a
		// person is told, and nothing is kept.
		if r.PostFormValue("website") != "" {
			return s.contactSent(w, r, kind)
		}
		err = m.Validate()
		if err == nil {
			err = s.Limiter.Take(ctx, "messages", throttle.Pair{Rule: contactPerAddress, Key: session.AddressKey(r)},
				throttle.Pair{Rule: contactEveryone, Key: "everyone"})
		}
		if err != nil {
			f := &ContactForm{Kind: kind, Name: m.Name, Email: r.PostFormValue("email"), Company: m.Company, Subject: m.Subject, Body: m.Body}
			status, msg, fields, ok := refusal(w, err)
			if !ok {
				return err
			}
			f.ErrorMsg, f.Errors = "Your message was not sent. "+msg, fields
			return s.staticPage(w, r, p, string(kind), f, status)
		}
		if err := s.Store.CreateContactMessage(ctx, &m); err != nil {
			return err
		}
		// The message is kept: a mail that cannot be queued is the
		// newsroom's problem, not the sender's, who must not send it twice.
		if err := s.mailContact(ctx, m); err != nil {
			s.Log.Error("contact: mail", "message", m.ID, "err", err)
		}
		return s.contactSent(w, r, kind)
	}
}

func (s *Site) contactSent(w http.ResponseWriter, r *http.Request, kind contact.Kind) error {
	text := "Thank you. Your message is with the newsroom; we answer by email when we can."
	if kind == contact.Advertise {
		text = "Thank you. Our advertising team will answer by email."
	}
	return s.notice(w, r, http.StatusOK, "Your message is on its way", text, Link{"Back to the front page", "/"})
}

// mailContact sends the message to the address in the settings, answers
// going to the sender.
func (s *Site) mailContact(ctx context.Context, m contact.Message) error {
	st, err := s.Store.Settings(ctx)
	if err != nil {
		return err
	}
	to := st.Inbox.ContactEmail
	if m.Kind == contact.Advertise && st.Inbox.AdvertiseEmail != "" {
		to = st.Inbox.AdvertiseEmail
	}
	if to == "" {
		return nil // the inbox keeps it
	}
	// The subject line has room for a short subject and name only; the
	// message says them in full.
	short := m
	short.Subject, short.Name = cut(m.Subject, 120), cut(m.Name, 60)
	return s.sendMailAs(ctx, "contact:"+strconv.FormatInt(m.ID, 10), to, m.Email, "", 0, "contact", Mail{Name: m.Name, Email: m.Email,
		Headline: short.Subject, Contact: &m, Short: &short, Link: s.BaseURL + "/newsroom/messages/" + strconv.FormatInt(m.ID, 10)})
}

// cut shortens s to n characters, marking the cut.
func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// StaticPage is an About, Contact, ... page; Contact and Advertise carry a form.
type StaticPage struct {
	Page
	Body template.HTML
	Form *ContactForm
}
