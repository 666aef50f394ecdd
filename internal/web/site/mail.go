package site

import (
	"context"
	"fmt"
	"time"

	"broadsheet/internal/contact"
	"broadsheet/internal/mail"
)

// Mail is what a message's templates show.
type Mail struct {
	SiteName string
	SiteURL  string
	Name     string // the recipient's name, when known
	Link     string
	Expires  string // how long Link works, e.g. "1 hour"
	Email    string // another address the message is about
	Provider string
	Count    int
	Headline string
	Contact  *contact.Message // a message from the Contact or Advertise form
	Short    *contact.Message // the same, its subject and name cut for a subject line
	Text     string           // a few words more (an article's standfirst)
	// Manage and Unsubscribe are a news alert's links to its subscription.
	Manage, Unsubscribe string
	Items               []MailItem // the stories of a digest
}

// MailItem is a story listed in a message.
type MailItem struct{ Headline, URL, Section string }

// mailPriority orders the mail queue: a message one person waits for goes
// before a breaking-news alert, which goes before the digests (the default,
// 1, is a person's).
var mailPriority = map[string]int{"alert-breaking": 0, "alert-digest": -1, "moderation": 0}

func priorityOf(template string) int {
	if p, ok := mailPriority[template]; ok {
		return p
	}
	return 1
}

// sendMail renders a message and puts it on the job queue, once per key: the
// worker delivers it (or writes it to the outbox), retrying until it goes.
func (s *Site) sendMail(ctx context.Context, key, to, template string, m Mail) error {
	return s.sendMailAs(ctx, key, to, "", "", 0, template, m)
}

// sendMailAs is sendMail with a Reply-To, and for an alert, its one-click
// unsubscribe address and subscription.
func (s *Site) sendMailAs(ctx context.Context, key, to, replyTo, unsubscribe string, subscription int64, template string, m Mail) error {
	st, err := s.Store.Settings(ctx)
	if err != nil {
		return err
	}
	m.SiteName, m.SiteURL = st.SiteName, s.BaseURL
	subject, text, html, err := s.Render.Mail(template, m)
	if err != nil {
		return err
	}
	msg := mail.Message{Key: key, To: to, ReplyTo: replyTo, Unsubscribe: unsubscribe, Subscription: subscription, Subject: subject, Text: text, HTML: html}
	if err := msg.Validate(); err != nil {
		return fmt.Errorf("site: mail %s: %w", template, err)
	}
	_, err = s.Store.EnqueueOncePriority(ctx, mail.JobSend, "mail:"+key, msg, time.Time{}, priorityOf(template))
	return err
}
