package site

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/alert"
	"broadsheet/internal/apperr"
	"broadsheet/internal/oidc"
	"broadsheet/internal/throttle"
	"broadsheet/internal/user"
	"broadsheet/internal/web/session"
)

// AccountPage is a signed-in person's own account: name, email, password,
// linked providers, other sessions, and closing the account.
type AccountPage struct {
	Page
	User      user.User
	CSRF      string
	Flash     string
	Form      string // the form Errors belong to
	Errors    map[string]string
	ErrorMsg  string
	Name      string // as typed
	NewEmail  string // as typed
	Providers []IdentityView
	// Stale: the account has no password and the person has not proved who
	// they are lately; changes that need it offer "Confirm with ..." first.
	Stale bool
	// Alerts is the news alerts of the account's address, if any, and
	// AlertsURL where to manage them (or to subscribe).
	Alerts    *alert.Subscription
	AlertsURL string
}

// IdentityView is a sign-in provider on the account page.
type IdentityView struct {
	ID, Name, Email string
	Linked          bool
}

var accountFlashes = map[string]string{
	"welcome":    "Welcome! Your account is ready and you are signed in.",
	"password":   "Your new password is set. Other browsers signed in to your account were signed out.",
	"profile":    "Your name is saved.",
	"email-sent": "We sent a link to your new address. Your account keeps its current address until you open it.",
	"email":      "Your new email address is in use.",
	"sessions":   "Every other browser signed in to your account is now signed out.",
	"linked":     "The provider now signs in to your account.",
	"unlinked":   "The provider no longer signs in to your account.",
}

func (s *Site) accountPage(r *http.Request, ss user.Session, u user.User) (AccountPage, error) {
	p, err := s.page(r.Context(), r, "Your account")
	if err != nil {
		return AccountPage{}, err
	}
	p.NoIndex, p.Account = true, u.Name
	ap := AccountPage{Page: p, User: u, CSRF: ss.CSRF, Flash: accountFlashes[r.URL.Query().Get("done")], Name: u.Name,
		Stale: !u.HasPassword() && !s.fresh(ss)}
	if ap.Providers, err = s.identityViews(r, u); err != nil {
		return ap, err
	}
	ap.AlertsURL = "/alerts"
	switch sub, err := s.Store.AlertSubscriptionByEmail(r.Context(), u.Email); {
	case err == nil:
		ap.Alerts, ap.AlertsURL = &sub, s.manageURL(sub, "")
	case !errors.Is(err, apperr.NotFound):
		return ap, err
	}
	return ap, nil
}

// identityViews lists the sign-in providers, each marked linked or not.
func (s *Site) identityViews(r *http.Request, u user.User) ([]IdentityView, error) {
	ids, err := s.Store.Identities(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	linked := map[string]user.Identity{}
	for _, id := range ids {
		linked[id.Provider] = id
	}
	var out []IdentityView
	for _, pr := range s.providers(r.Context()) {
		iv := IdentityView{ID: pr.ID, Name: pr.Name}
		if id, ok := linked[pr.ID]; ok {
			iv.Linked, iv.Email = true, id.Email
		}
		out = append(out, iv)
	}
	return out, nil
}

func (s *Site) showAccount(w http.ResponseWriter, r *http.Request, ss user.Session, u user.User) error {
	ap, err := s.accountPage(r, ss, u)
	if err != nil {
		return err
	}
	return s.Render.Render(w, http.StatusOK, "site/account", ap)
}

// accountError shows the account page again with a form's problems.
func (s *Site) accountError(w http.ResponseWriter, r *http.Request, ss user.Session, u user.User, form string, err error, keep func(*AccountPage)) error {
	ap, perr := s.accountPage(r, ss, u)
	if perr != nil {
		return perr
	}
	ap.Form = form
	if keep != nil {
		keep(&ap)
	}
	status, msg, fields, ok := refusal(w, err)
	if !ok {
		return err
	}
	ap.ErrorMsg, ap.Errors = msg, fields
	if errors.Is(err, session.ErrCredentials) {
		field := currentField[form]
		ap.Errors = map[string]string{field: "That is not your current password."}
		ap.ErrorMsg = ap.Errors[field]
	}
	return s.Render.Render(w, status, "site/account", ap)
}

// currentField names each form's "current password" field (one page holds
// several forms, and each field needs its own id).
var currentField = map[string]string{"password": "current", "email": "email_current", "delete": "delete_current", "identity": "current"}

// recentSignIn is how long after proving who they are the person at an
// account without a password may link or unlink a provider, change the
// address or close the account: with no password to ask for, a provider
// that asked them to sign in again is the proof that the owner is here, not
// someone who found a browser left signed in (to this site and the provider).
const recentSignIn = 15 * time.Minute

// fresh tells whether the person at this session proved who they are lately.
func (s *Site) fresh(ss user.Session) bool {
	return !ss.AuthAt.IsZero() && s.now().Sub(ss.AuthAt) <= recentSignIn
}

// checkFresh refuses a change to an account without a password unless the
// person proved who they are lately.
func (s *Site) checkFresh(ss user.Session, field string) error {
	if s.fresh(ss) {
		return nil
	}
	return apperr.FieldError(field, "To keep your account safe, confirm it is you first: use “Confirm with …” on this page, then make the change within 15 minutes.")
}

// checkCurrent checks the account's password, given in a form's current
// password field, as a sign-in would (throttled), for changes that need it.
func (s *Site) checkCurrent(r *http.Request, u user.User, form string) error {
	_, err := s.Sessions.CheckPassword(r.Context(), u.Email, r.PostFormValue(currentField[form]), session.AddressKey(r))
	return err
}

func (s *Site) saveProfile(w http.ResponseWriter, r *http.Request, ss user.Session, u user.User) error {
	name := user.CleanName(r.PostFormValue("name"))
	in := user.Input{Name: name, Email: u.Email, Role: u.Role}
	if err := in.Validate(false); err != nil {
		return s.accountError(w, r, ss, u, "profile", err, func(ap *AccountPage) { ap.Name = name })
	}
	u.Name = in.Name
	if err := s.Store.SetUserName(r.Context(), u.ID, u.Name); err != nil {
		return err
	}
	if u.Role.Staff() {
		s.audit(r, u.ID, "account.name", "user "+strconv.FormatInt(u.ID, 10), u.Name)
	}
	http.Redirect(w, r, "/account?done=profile", http.StatusSeeOther)
	return nil
}

func (s *Site) savePassword(w http.ResponseWriter, r *http.Request, ss user.Session, u user.User) error {
	ctx := r.Context()
	if !u.HasPassword() {
		return s.accountError(w, r, ss, u, "password", apperr.FieldError("password", "Your account signs in with another provider only. To add a password, use “Forgotten password?”: we will mail you a link."), nil)
	}
	pw := r.PostFormValue("password")
	if msg := user.CheckNewPassword(pw); msg != "" {
		return s.accountError(w, r, ss, u, "password", apperr.FieldError("password", msg), nil)
	}
	if err := s.checkCurrent(r, u, "password"); err != nil {
		return s.accountError(w, r, ss, u, "password", err, nil)
	}
	hash, err := s.Sessions.HashPassword(ctx, pw)
	if err != nil {
		return s.accountError(w, r, ss, u, "password", err, nil)
	}
	u.PasswordHash = hash
	if err := s.Store.SetUserPassword(ctx, u.ID, hash); err != nil { // ends every session, this one too
		return err
	}
	if _, err := s.Sessions.Start(ctx, w, u); err != nil {
		return err
	}
	if err := s.sendMail(ctx, "password-changed:"+ss.Hash+":"+strconv.FormatInt(s.now().UnixNano(), 36), u.Email, "password-changed", Mail{Name: u.Name}); err != nil {
		return err
	}
	if u.Role.Staff() {
		s.audit(r, u.ID, "account.password", "user "+strconv.FormatInt(u.ID, 10), "")
	}
	http.Redirect(w, r, "/account?done=password", http.StatusSeeOther)
	return nil
}

// emailData is what an email-change token carries.
type emailData struct {
	NewEmail string `json:"new_email"`
}

// saveEmail mails a link to the new address; the account moves only once
// that address is proven.
func (s *Site) saveEmail(w http.ResponseWriter, r *http.Request, ss user.Session, u user.User) error {
	ctx := r.Context()
	email, ok := user.CheckEmail(r.PostFormValue("email"))
	keep := func(ap *AccountPage) { ap.NewEmail = email }
	switch {
	case !ok:
		return s.accountError(w, r, ss, u, "email", apperr.FieldError("email", "Enter an email address such as name@example.com."), keep)
	case email == u.Email:
		return s.accountError(w, r, ss, u, "email", apperr.FieldError("email", "This is already your address."), keep)
	}
	if u.HasPassword() {
		if err := s.checkCurrent(r, u, "email"); err != nil {
			return s.accountError(w, r, ss, u, "email", err, keep)
		}
	} else if err := s.checkFresh(ss, "email"); err != nil {
		return s.accountError(w, r, ss, u, "email", err, keep)
	}
	if err := s.Limiter.Take(ctx, "address changes", throttle.Pair{Rule: resetPerEmail, Key: "change:" + strconv.FormatInt(u.ID, 10)}); err != nil {
		return s.accountError(w, r, ss, u, "email", err, keep)
	}
	// Whether the new address has an account already is told only to that
	// mailbox's owner, when the link is used.
	link, err := s.newToken(ctx, user.TokenEmail, u.ID, email, emailData{NewEmail: email})
	if err != nil {
		return err
	}
	if err := s.sendMail(ctx, "email-change:"+link.hash, email, "email-change", Mail{Name: u.Name,
		Link: s.BaseURL + "/account/email/confirm?token=" + link.token, Expires: "24 hours"}); err != nil {
		return err
	}
	http.Redirect(w, r, "/account?done=email-sent", http.StatusSeeOther)
	return nil
}

func (s *Site) confirmEmail(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t, err := s.useToken(r, r.PostFormValue("token"), user.TokenEmail)
	if err != nil {
		return s.expired(w, r, err)
	}
	u, err := s.Store.User(ctx, t.UserID)
	if err != nil {
		return s.expired(w, r, err)
	}
	old := u.Email
	u.Email = t.Email
	if err := s.Store.SetUserEmail(ctx, u.ID, u.Email); err != nil {
		if _, taken := apperr.AsValidation(err); taken {
			return s.notice(w, r, http.StatusConflict, "This address has an account already",
				"Another account uses "+t.Email+", so yours keeps its current address. Sign in to that account, or close it first.",
				Link{"Your account", "/account"})
		}
		return err
	}
	if err := s.sendMail(ctx, "email-changed:"+t.Hash, old, "email-changed", Mail{Name: u.Name, Email: u.Email}); err != nil {
		return err
	}
	if u.Role.Staff() {
		s.audit(r, u.ID, "account.email", "user "+strconv.FormatInt(u.ID, 10), old+" -> "+u.Email)
	}
	http.Redirect(w, r, "/account?done=email", http.StatusSeeOther)
	return nil
}

func (s *Site) endOtherSessions(w http.ResponseWriter, r *http.Request, ss user.Session, u user.User) error {
	if err := s.Store.DeleteUserSessions(r.Context(), u.ID, ss.Hash); err != nil {
		return err
	}
	if u.Role.Staff() {
		s.audit(r, u.ID, "account.sessions", "user "+strconv.FormatInt(u.ID, 10), "signed out everywhere else")
	}
	http.Redirect(w, r, "/account?done=sessions", http.StatusSeeOther)
	return nil
}

// deleteAccount closes a reader's own account. The reader chooses what
// happens to their comments: removed, or kept under "deleted reader".
func (s *Site) deleteAccount(w http.ResponseWriter, r *http.Request, ss user.Session, u user.User) error {
	if u.Role.Staff() {
		return s.accountError(w, r, ss, u, "delete", apperr.FieldError("confirm", "Newsroom accounts are closed by an administrator in the newsroom."), nil)
	}
	keep := r.PostFormValue("comments")
	if keep != "keep" && keep != "remove" {
		return s.accountError(w, r, ss, u, "delete", apperr.FieldError("comments", "Choose what happens to your comments."), nil)
	}
	if u.HasPassword() {
		if err := s.checkCurrent(r, u, "delete"); err != nil {
			return s.accountError(w, r, ss, u, "delete", err, nil)
		}
	} else if !strings.EqualFold(strings.TrimSpace(r.PostFormValue("confirm")), u.Email) {
		return s.accountError(w, r, ss, u, "delete", apperr.FieldError("confirm", "Type your email address to confirm."), nil)
	} else if err := s.checkFresh(ss, "confirm"); err != nil {
		return s.accountError(w, r, ss, u, "delete", err, nil)
	}
	if err := s.Store.DeleteUser(r.Context(), u.ID, keep == "keep"); err != nil {
		return err
	}
	s.Sessions.Forget(w)
	return s.notice(w, r, http.StatusOK, "Your account is closed",
		"Your account and everything it held are gone. Thank you for reading; you are welcome back any time.",
		Link{"Back to the front page", "/"})
}

// IdentityPage asks the owner to confirm linking or unlinking a provider:
// with the password, or, for an account without one, a recent sign-in. A
// browser left signed in is not enough to add a way into the account.
type IdentityPage struct {
	Page
	User       user.User
	CSRF       string
	Provider   string
	Action     string         // "link" or "unlink"
	Stale      bool           // no password, and no recent proof of who they are
	Providers  []IdentityView // to confirm with, when Stale
	Errors     map[string]string
	ErrorMsg   string
	ProviderID string
}

// identityChange reads the provider and the action of an identity page.
func (s *Site) identityChange(r *http.Request, u user.User) (oidc.Provider, string, bool, error) {
	action := r.PathValue("action")
	if action != "link" && action != "unlink" {
		return oidc.Provider{}, "", false, apperr.NotFound
	}
	p, err := s.provider(r)
	if err != nil {
		return p, action, false, err
	}
	ids, err := s.Store.Identities(r.Context(), u.ID)
	if err != nil {
		return p, action, false, err
	}
	linked := false
	for _, id := range ids {
		linked = linked || id.Provider == p.ID
	}
	return p, action, linked, nil
}

func (s *Site) identityPage(w http.ResponseWriter, r *http.Request, ss user.Session, u user.User, p oidc.Provider, action string, status int, err error) error {
	title := "Link " + p.Name
	if action == "unlink" {
		title = "Unlink " + p.Name
	}
	pg, perr := s.page(r.Context(), r, title)
	if perr != nil {
		return perr
	}
	pg.NoIndex, pg.Account = true, u.Name
	ip := IdentityPage{Page: pg, User: u, CSRF: ss.CSRF, Provider: p.Name, ProviderID: p.ID, Action: action,
		Stale: !u.HasPassword() && !s.fresh(ss)}
	if ip.Stale {
		if ip.Providers, perr = s.identityViews(r, u); perr != nil {
			return perr
		}
	}
	if err != nil {
		st, msg, fields, ok := refusal(w, err)
		if !ok {
			return err
		}
		status, ip.ErrorMsg, ip.Errors = st, msg, fields
		if errors.Is(err, session.ErrCredentials) {
			ip.ErrorMsg = "That is not your current password."
			ip.Errors = map[string]string{"current": ip.ErrorMsg}
		}
	}
	return s.Render.Render(w, status, "site/identity", ip)
}

func (s *Site) showIdentity(w http.ResponseWriter, r *http.Request, ss user.Session, u user.User) error {
	p, action, linked, err := s.identityChange(r, u)
	if err != nil {
		return err
	}
	if linked == (action == "link") { // nothing to do
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return nil
	}
	return s.identityPage(w, r, ss, u, p, action, http.StatusOK, nil)
}

// changeIdentity links or unlinks a provider once the owner has shown they
// are here: the password, or a sign-in within recentSignIn for an account
// without one. Linking goes on at the provider; its answer must come back to
// this same session.
func (s *Site) changeIdentity(w http.ResponseWriter, r *http.Request, ss user.Session, u user.User) error {
	p, action, linked, err := s.identityChange(r, u)
	if err != nil {
		return err
	}
	if linked == (action == "link") {
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return nil
	}
	if u.HasPassword() {
		err = s.checkCurrent(r, u, "identity")
	} else {
		err = s.checkFresh(ss, "current")
	}
	if err != nil {
		return s.identityPage(w, r, ss, u, p, action, 0, err)
	}
	if action == "link" {
		return s.beginOIDC(w, r, p, oidcData{Provider: p.ID, Next: "/account", LinkTo: u.ID, Session: ss.Hash})
	}
	ids, err := s.Store.Identities(r.Context(), u.ID)
	if err != nil {
		return err
	}
	if !u.HasPassword() && len(ids) <= 1 {
		return s.identityPage(w, r, ss, u, p, action, 0, apperr.FieldError("current",
			"This provider is the only way into your account. Set a password first (use “Forgotten password?”), then unlink it."))
	}
	if err := s.Store.UnlinkIdentity(r.Context(), u.ID, p.ID); err != nil {
		return err
	}
	if u.Role.Staff() {
		s.audit(r, u.ID, "account.unlink", "user "+strconv.FormatInt(u.ID, 10), p.Name)
	}
	http.Redirect(w, r, "/account?done=unlinked", http.StatusSeeOther)
	return nil
}
