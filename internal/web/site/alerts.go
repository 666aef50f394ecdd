package site

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"broadsheet/internal/alert"
	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/throttle"
	"broadsheet/internal/user"
	"broadsheet/internal/web/session"
)

// Subscribing mails a link to the address: limit what one address or one
// visitor can send, so that nobody fills a stranger's mailbox.
var (
	alertsPerAddress  = throttle.Rule{Name: "alerts-ip", Max: 10, Window: time.Hour}
	alertsPerEmail    = throttle.Rule{Name: "alerts-email", Max: 3, Window: time.Hour}
	alertsPerEmailDay = throttle.Rule{Name: "alerts-email-day", Max: 6, Window: 24 * time.Hour}
)

// AlertsPage is the news alerts form: subscribing, or managing a
// subscription (Manage, with its id and token).
type AlertsPage struct {
	Page
	Email    string
	Choices  alert.Choices
	Sections []SectionChoice
	Manage   bool
	PushKey  string // the site's VAPID key: browser alerts are offered
	ID       int64
	Token    string
	Status   alert.Status
	Flash    string
	Errors   map[string]string
	ErrorMsg string
}

// SectionChoice is a section offered on the form, ticked or not.
type SectionChoice struct {
	ID      int64
	Name    string
	Checked bool
}

func (s *Site) alertRoutes(mux *http.ServeMux) {
	mux.Handle("GET /alerts", s.personal(s.showAlerts))
	mux.Handle("POST /alerts", s.personal(s.subscribeAlerts))
	mux.Handle("GET /alerts/confirm", s.personal(s.showConfirm(user.TokenAlerts)))
	mux.Handle("POST /alerts/confirm", s.personal(s.confirmAlerts))
	mux.Handle("GET /alerts/manage", s.personal(s.showManageAlerts))
	mux.Handle("POST /alerts/manage", s.personal(s.saveAlerts))
	mux.Handle("GET /alerts/unsubscribe", s.personal(s.showUnsubscribe))
	mux.Handle("POST /alerts/unsubscribe", s.personal(s.unsubscribe))
}

func (s *Site) alertsPage(r *http.Request, c alert.Choices) (AlertsPage, error) {
	p, err := s.page(r.Context(), r, "Get news alerts")
	if err != nil {
		return AlertsPage{}, err
	}
	p.Description = "News alerts by email: breaking news, a daily digest, or the sections you follow."
	ap := AlertsPage{Page: p, Choices: c, PushKey: s.Push.PublicKey}
	ticked := map[int64]bool{}
	for _, id := range c.Sections {
		ticked[id] = true
	}
	for _, sec := range p.Menu {
		ap.Sections = append(ap.Sections, SectionChoice{ID: sec.ID, Name: sec.Name, Checked: ticked[sec.ID]})
	}
	return ap, nil
}

// readChoices reads the form's choices and checks them against the sections
// offered.
func (s *Site) readChoices(r *http.Request, ap AlertsPage) (alert.Choices, error) {
	c := alert.Choices{Breaking: r.PostFormValue("breaking") == "1", Digest: r.PostFormValue("digest") == "1"}
	known := map[int64]bool{}
	for _, sc := range ap.Sections {
		known[sc.ID] = true
	}
	for _, v := range r.PostForm["section"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return c, apperr.FieldError("sections", "Choose among the sections listed.")
		}
		c.Sections = append(c.Sections, id)
	}
	return c, c.Validate(known)
}

func (s *Site) showAlerts(w http.ResponseWriter, r *http.Request) error {
	ap, err := s.alertsPage(r, alert.Choices{Breaking: true})
	if err != nil {
		return err
	}
	if _, u, ok, err := s.reader(r); err != nil {
		return err
	} else if ok {
		ap.Email = u.Email
	}
	return s.Render.Render(w, http.StatusOK, "site/alerts", ap)
}

// alertsRefused shows a form again with what was chosen and why it was
// refused.
func (s *Site) alertsRefused(w http.ResponseWriter, ap AlertsPage, c alert.Choices, err error) error {
	status, msg, fields, ok := refusal(w, err)
	if !ok {
		return err
	}
	ticked := map[int64]bool{}
	for _, id := range c.Sections {
		ticked[id] = true
	}
	for i := range ap.Sections {
		ap.Sections[i].Checked = ticked[ap.Sections[i].ID]
	}
	ap.Choices, ap.ErrorMsg, ap.Errors = c, msg, fields
	return s.Render.Render(w, status, "site/alerts", ap)
}

// subscribeAlerts mails a link that confirms the subscription (double
// opt-in). The page says the same whether or not the address is subscribed.
func (s *Site) subscribeAlerts(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ap, err := s.alertsPage(r, alert.Choices{})
	if err != nil {
		return err
	}
	ap.Email = r.PostFormValue("email")
	c, err := s.readChoices(r, ap)
	email, ok := user.CheckEmail(ap.Email)
	if !ok {
		err = apperr.FieldError("email", "Enter an email address such as name@example.com.")
	}
	if err == nil {
		err = s.Limiter.Take(ctx, "sign-ups", throttle.Pair{Rule: alertsPerAddress, Key: session.AddressKey(r)},
			throttle.Pair{Rule: alertsPerEmail, Key: email}, throttle.Pair{Rule: alertsPerEmailDay, Key: email})
	}
	if err != nil {
		return s.alertsRefused(w, ap, c, err)
	}
	return s.mailAlertsConfirm(w, r, email, c)
}

// mailAlertsConfirm mails the link that starts (or restarts) a subscription.
func (s *Site) mailAlertsConfirm(w http.ResponseWriter, r *http.Request, email string, c alert.Choices) error {
	ctx := r.Context()
	link, err := s.newToken(ctx, user.TokenAlerts, 0, email, c)
	if err != nil {
		return err
	}
	if err := s.sendMail(ctx, "alerts-confirm:"+link.hash, email, "alerts-confirm", Mail{Link: s.BaseURL + "/alerts/confirm?token=" + link.token,
		Expires: "24 hours"}); err != nil {
		return err
	}
	return s.notice(w, r, http.StatusOK, "Check your inbox",
		"We sent a message to "+email+". Open the link in it to start your news alerts; nothing is sent until you do.",
		Link{"Back to the front page", "/"})
}

// confirmAlerts starts (or changes) the subscription once the mailbox's
// owner has pressed the button.
func (s *Site) confirmAlerts(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t, err := s.useToken(r, r.PostFormValue("token"), user.TokenAlerts)
	if err != nil {
		return s.expired(w, r, err)
	}
	var c alert.Choices
	if err := json.Unmarshal([]byte(t.Data), &c); err != nil {
		return err
	}
	sub, err := s.Store.ConfirmAlerts(ctx, t.Email, c, s.now().UTC())
	if err != nil {
		return err
	}
	http.Redirect(w, r, s.manageURL(sub, "started"), http.StatusSeeOther)
	return nil
}

// manageURL is a subscription's page, with its token; done names a message.
func (s *Site) manageURL(sub alert.Subscription, done string) string {
	q := url.Values{"s": {strconv.FormatInt(sub.ID, 10)}, "t": {alert.Token(s.FormKey, sub.ID, sub.Email)}}
	if done != "" {
		q.Set("done", done)
	}
	return "/alerts/manage?" + q.Encode()
}

// UnsubscribeURL is the one-click unsubscribe address of a subscription.
func (s *Site) UnsubscribeURL(sub alert.Subscription) string {
	return s.BaseURL + "/alerts/unsubscribe?" + url.Values{"s": {strconv.FormatInt(sub.ID, 10)},
		"t": {alert.Token(s.FormKey, sub.ID, sub.Email)}}.Encode()
}

// ManageURL is a subscription's page as an absolute address, for messages.
func (s *Site) ManageURL(sub alert.Subscription) string { return s.BaseURL + s.manageURL(sub, "") }

// subscription reads the subscription a link names (s, its id, and t, its
// token), if its token is right.
func (s *Site) subscription(r *http.Request) (alert.Subscription, string, error) {
	id, err := strconv.ParseInt(r.FormValue("s"), 10, 64)
	tok := r.FormValue("t")
	if err != nil || id <= 0 || tok == "" {
		return alert.Subscription{}, "", alert.ErrNotFound
	}
	sub, err := s.Store.AlertSubscription(r.Context(), id)
	if err != nil {
		return sub, "", err
	}
	if !alert.CheckToken(s.FormKey, sub.ID, sub.Email, tok) {
		return sub, "", alert.ErrNotFound
	}
	return sub, tok, nil
}

var alertFlashes = map[string]string{
	"started": "Your news alerts are on. Keep this page's address to change them later; every alert has a link back here too.",
	"saved":   "Your choices are saved.",
}

// subscriptionPage is the page of the subscription a link names; ok is false
// when the link is bad and the page saying so has been sent.
func (s *Site) subscriptionPage(w http.ResponseWriter, r *http.Request, title string) (alert.Subscription, AlertsPage, bool, error) {
	sub, tok, err := s.subscription(r)
	if err != nil {
		return sub, AlertsPage{}, false, s.badAlertLink(w, r, err)
	}
	ap, err := s.alertsPage(r, sub.Choices)
	if err != nil {
		return sub, ap, false, err
	}
	ap.Title, ap.Manage, ap.ID, ap.Token, ap.Email, ap.Status, ap.NoIndex = title, true, sub.ID, tok, sub.Email, sub.Status, true
	return sub, ap, true, nil
}

func (s *Site) showManageAlerts(w http.ResponseWriter, r *http.Request) error {
	_, ap, ok, err := s.subscriptionPage(w, r, "Your news alerts")
	if !ok {
		return err
	}
	ap.Flash = alertFlashes[r.URL.Query().Get("done")]
	return s.Render.Render(w, http.StatusOK, "site/alerts", ap)
}

func (s *Site) badAlertLink(w http.ResponseWriter, r *http.Request, err error) error {
	if !errors.Is(err, apperr.NotFound) {
		return err
	}
	return s.notice(w, r, http.StatusNotFound, "This link does not work",
		"It may have been cut short, or the subscription changed address. Use the link in your latest alert, or subscribe again.",
		Link{"News alerts", "/alerts"})
}

// saveAlerts changes what a subscription receives; choosing nothing ends it.
func (s *Site) saveAlerts(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sub, ap, ok, err := s.subscriptionPage(w, r, "Your news alerts")
	if !ok {
		return err
	}
	c, err := s.readChoices(r, ap)
	if errors.Is(err, apperr.Invalid) && c.Empty() {
		return s.unsubscribe(w, r)
	}
	if err != nil {
		return s.alertsRefused(w, ap, c, err)
	}
	if sub.Status != alert.Active {
		// An old link (a forwarded alert, say) must not start alerts again
		// without the mailbox's owner: that takes a new confirmation.
		if err := s.Limiter.Take(ctx, "sign-ups", throttle.Pair{Rule: alertsPerEmail, Key: sub.Email},
			throttle.Pair{Rule: alertsPerEmailDay, Key: sub.Email}); err != nil {
			return s.alertsRefused(w, ap, c, err)
		}
		return s.mailAlertsConfirm(w, r, sub.Email, c)
	}
	if err := s.Store.SetAlertChoices(ctx, sub.ID, c); err != nil {
		return err
	}
	http.Redirect(w, r, s.manageURL(sub, "saved"), http.StatusSeeOther)
	return nil
}

// showUnsubscribe asks for one press: mail scanners open links, and must not
// end subscriptions.
func (s *Site) showUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	_, ap, ok, err := s.subscriptionPage(w, r, "Stop news alerts")
	if !ok {
		return err
	}
	return s.Render.Render(w, http.StatusOK, "site/alerts-stop", ap)
}

// unsubscribe ends a subscription: from the page's button, or in one click
// from a mail program (RFC 8058: a POST with List-Unsubscribe=One-Click, the
// id and token in the address).
func (s *Site) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	sub, _, err := s.subscription(r)
	if err != nil {
		return s.badAlertLink(w, r, err)
	}
	if err := s.Store.UnsubscribeAlerts(r.Context(), sub.ID, s.now().UTC()); err != nil {
		return err
	}
	return s.notice(w, r, http.StatusOK, "Your news alerts are off",
		"We will send nothing more to "+sub.Email+". Changed your mind? Subscribe again at any time.", Link{"News alerts", "/alerts"})
}

// JobBreaking is article.JobBreaking, handled here: the alert is a mail.
const JobBreaking = article.JobBreaking

// BreakingAlert sends an article's breaking-news alert to every subscriber
// who takes it. Each message is queued once per article and subscriber
// (EnqueueOnce) and sent once (the mail queue's record), so a restart in the
// middle, or the job running again, sends nobody a second copy. An article
// unpublished before the alert goes out sends nothing.
func (s *Site) BreakingAlert(ctx context.Context, payload []byte) error {
	var p article.BreakingPayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return err
	}
	tree, err := s.Articles.Tree(ctx)
	if err != nil {
		return err
	}
	a, err := s.Articles.Get(ctx, tree, p.ArticleID)
	if errors.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !a.Breaking(s.now()) || a.URL() == "" {
		// Unpublished, or no longer breaking news (ended in time): nothing
		// goes, and marking it again will alert.
		return s.Store.ReleaseBreakingAlert(ctx, a.ID)
	}
	if s.Push.PublicKey != "" {
		if err := s.queuePushAlerts(ctx, a); err != nil {
			return err
		}
	}
	var after int64
	for {
		subs, err := s.Store.AlertRecipients(ctx, after, 500)
		if err != nil {
			return err
		}
		for _, sub := range subs {
			m := Mail{Headline: a.Headline, Text: a.Standfirst, Link: s.BaseURL + a.URL(), Manage: s.ManageURL(sub), Unsubscribe: s.UnsubscribeURL(sub)}
			if err := s.sendMailAs(ctx, fmt.Sprintf("alert:%d:%d", a.ID, sub.ID), sub.Email, "", m.Unsubscribe, sub.ID, "alert-breaking", m); err != nil {
				return err
			}
			after = sub.ID
		}
		if len(subs) < 500 {
			return nil
		}
	}
}

// JobDigest is alert.JobDigest, handled here.
const JobDigest = alert.JobDigest

// digestTop is how many stories the daily digest lists.
const digestTop = 10

// Digest sends one day's digest: to each subscriber who takes it, the day's
// top stories, and the day's stories in the sections they follow. Each
// message is queued once per day and subscriber, so running the job again
// sends nobody a second copy; a subscriber with nothing new gets nothing.
func (s *Site) Digest(ctx context.Context, payload []byte) error {
	var p alert.DigestPayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return err
	}
	st, err := s.Store.Settings(ctx)
	if err != nil {
		return err
	}
	hour := st.DigestHour
	if p.Hour != nil {
		hour = *p.Hour
	}
	start, end, err := alert.DigestWindow(p.Day, st.Location(), hour)
	if err != nil {
		return err
	}
	tree, err := s.Articles.Tree(ctx)
	if err != nil {
		return err
	}
	list, err := s.Articles.List(ctx, tree, article.Filter{Statuses: published, AfterTime: start, Newer: true, Limit: 500})
	if err != nil {
		return err
	}
	var day []*article.Article // newest first
	for _, a := range list {
		if a.PublishedAt.Before(end) && a.URL() != "" {
			day = append([]*article.Article{a}, day...)
		}
	}
	if len(day) == 0 {
		return nil
	}
	var after int64
	for {
		subs, err := s.Store.DigestRecipients(ctx, after, 500)
		if err != nil {
			return err
		}
		for _, sub := range subs {
			after = sub.ID
			items := digestItems(day, sub.Choices)
			if len(items) == 0 {
				continue
			}
			m := Mail{Headline: p.Day, Items: items, Manage: s.ManageURL(sub), Unsubscribe: s.UnsubscribeURL(sub)}
			for i := range m.Items {
				m.Items[i].URL = s.BaseURL + m.Items[i].URL
			}
			if err := s.sendMailAs(ctx, fmt.Sprintf("digest:%s:%d", p.Day, sub.ID), sub.Email, "", m.Unsubscribe, sub.ID, "alert-digest", m); err != nil {
				return err
			}
		}
		if len(subs) < 500 {
			return nil
		}
	}
}

// digestItems picks a subscriber's stories of the day: the top ones if they
// take the digest, then those in the sections they follow (a section counts
// its subsections), each story once.
func digestItems(day []*article.Article, c alert.Choices) []MailItem {
	var out []MailItem
	seen := map[int64]bool{}
	add := func(a *article.Article) {
		if !seen[a.ID] {
			seen[a.ID] = true
			name := ""
			if a.Section != nil {
				name = a.Section.Name
			}
			out = append(out, MailItem{Headline: a.Headline, URL: a.URL(), Section: name})
		}
	}
	if c.Digest {
		for i, a := range day {
			if i == digestTop {
				break
			}
			add(a)
		}
	}
	follow := map[int64]bool{}
	for _, id := range c.Sections {
		follow[id] = true
	}
	for _, a := range day {
		for sec := a.Section; sec != nil; sec = sec.Parent {
			if follow[sec.ID] {
				add(a)
				break
			}
		}
	}
	return out
}
