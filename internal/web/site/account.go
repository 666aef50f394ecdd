package site

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/audit"
	"broadsheet/internal/comment"
	"broadsheet/internal/throttle"
	"broadsheet/internal/user"
	"broadsheet/internal/web/session"
)

// Throttles of the account forms: generous for a person, tight for a script
// and for anyone trying to fill someone's mailbox.
var (
	signupPerAddress = throttle.Rule{Name: "signup-ip", Max: 10, Window: time.Hour}
	signupPerEmail   = throttle.Rule{Name: "signup-email", Max: 3, Window: time.Hour}
	resetPerAddress  = throttle.Rule{Name: "reset-ip", Max: 10, Window: time.Hour}
	resetPerEmail    = throttle.Rule{Name: "reset-email", Max: 3, Window: time.Hour}
	// Links carry 256 random bits, so guessing is hopeless; these only keep
	// one address from filling the database or the CPU. Offices and mobile
	// networks put many readers behind one address: keep them generous.
	tokenPerAddress = throttle.Rule{Name: "token-ip", Max: 120, Window: 10 * time.Minute}
	oidcPerAddress  = throttle.Rule{Name: "oidc-ip", Max: 60, Window: 10 * time.Minute}
)

func (s *Site) accountRoutes(mux *http.ServeMux) {
	p := s.personal
	mux.Handle("GET /account", p(s.signedIn(s.showAccount)))
	mux.Handle("GET /account/{$}", p(s.signedIn(s.showAccount)))
	mux.Handle("GET /account/login", p(s.showLogin))
	mux.Handle("POST /account/login", p(s.login))
	mux.Handle("POST /account/logout", p(s.signedIn(s.logout)))
	mux.Handle("GET /account/signup", p(s.showSignup))
	mux.Handle("POST /account/signup", p(s.signup))
	mux.Handle("GET /account/verify", p(s.showVerify))
	mux.Handle("POST /account/verify", p(s.verify))
	mux.Handle("GET /account/forgot", p(s.showForgot))
	mux.Handle("POST /account/forgot", p(s.forgot))
	mux.Handle("GET /account/reset", p(s.showReset))
	mux.Handle("POST /account/reset", p(s.reset))
	mux.Handle("GET /account/state", p(s.showState))

	mux.Handle("POST /account/profile", p(s.signedIn(s.saveProfile)))
	mux.Handle("POST /account/password", p(s.signedIn(s.savePassword)))
	mux.Handle("POST /account/email", p(s.signedIn(s.saveEmail)))
	mux.Handle("GET /account/email/confirm", p(s.showConfirm(user.TokenEmail)))
	mux.Handle("POST /account/email/confirm", p(s.confirmEmail))
	mux.Handle("POST /account/sessions", p(s.signedIn(s.endOtherSessions)))
	mux.Handle("POST /account/delete", p(s.signedIn(s.deleteAccount)))
	mux.Handle("GET /account/identities/{provider}/{action}", p(s.signedIn(s.showIdentity)))
	mux.Handle("POST /account/identities/{provider}/{action}", p(s.signedIn(s.changeIdentity)))

	mux.Handle("POST /account/confirm/{provider}", p(s.signedIn(s.confirmIdentity)))
	mux.Handle("GET /account/oidc/{provider}", p(s.startOIDC))
	mux.Handle("GET /account/oidc/{provider}/callback", p(s.finishOIDC))
	mux.Handle("GET /account/link", p(s.showLink))
	mux.Handle("POST /account/link", p(s.linkWithPassword))
	mux.Handle("POST /account/link/email", p(s.linkByEmail))
	mux.Handle("GET /account/link/confirm", p(s.showConfirmLink))
	mux.Handle("POST /account/link/confirm", p(s.confirmLink))
}

// personal serves a page made for one person: never cached, never indexed.
func (s *Site) personal(h handler) http.Handler {
	return s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store, private")
		w.Header().Set("X-Robots-Tag", "noindex")
		return h(w, r)
	})
}

// reader returns the signed-in account of the request, if any.
func (s *Site) reader(r *http.Request) (user.Session, user.User, bool, error) {
	ss, u, err := s.Sessions.Load(r)
	if errors.Is(err, apperr.NotFound) {
		return ss, u, false, nil
	}
	return ss, u, err == nil, err
}

// signedIn runs h for a signed-in account; posts must carry the session's
// CSRF token.
func (s *Site) signedIn(h func(w http.ResponseWriter, r *http.Request, ss user.Session, u user.User) error) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		ss, u, ok, err := s.reader(r)
		if err != nil {
			return err
		}
		if !ok {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/account/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return nil
			}
			return s.notice(w, r, http.StatusUnauthorized, "Your session has ended", "Sign in again to continue. What you typed was not saved.",
				Link{"Sign in", "/account/login"})
		}
		if r.Method != http.MethodGet && !session.CSRFOK(r, ss) {
			return s.notice(w, r, http.StatusForbidden, "This form has expired", "It did not come from this site, or it is too old. Go back, reload the page and try again.",
				Link{"Your account", "/account"})
		}
		return h(w, r, ss, u)
	}
}

// Link is a labelled link on a notice.
type Link struct{ Label, URL string }

// NoticePage tells a person what happened and what to do next.
type NoticePage struct {
	Page
	Heading, Text string
	Links         []Link
}

func (s *Site) notice(w http.ResponseWriter, r *http.Request, status int, heading, text string, links ...Link) error {
	p, err := s.page(r.Context(), r, heading)
	if err != nil {
		return err
	}
	p.NoIndex = true
	return s.Render.Render(w, status, "site/notice", NoticePage{Page: p, Heading: heading, Text: text, Links: links})
}

// AuthPage is "Welcome Back!", "Create New Account!", "Retrieve your
// password" and "Choose a new password".
type AuthPage struct {
	Page
	Email, Name, Next, Token string
	Errors                   map[string]string
	ErrorMsg                 string
	Providers                []ProviderLink
}

// ProviderLink is a "Sign in with ..." button.
type ProviderLink struct{ ID, Name, URL string }

func (s *Site) authPage(r *http.Request, title string) (AuthPage, error) {
	p, err := s.page(r.Context(), r, title)
	if err != nil {
		return AuthPage{}, err
	}
	p.NoIndex = true
	ap := AuthPage{Page: p, Next: session.SafeNext(r.FormValue("next"), "")}
	for _, pr := range s.providers(r.Context()) {
		u := "/account/oidc/" + pr.ID
		if ap.Next != "" {
			u += "?next=" + url.QueryEscape(ap.Next)
		}
		ap.Providers = append(ap.Providers, ProviderLink{ID: pr.ID, Name: pr.Name, URL: u})
	}
	return ap, nil
}

// refusal turns a refused form's error into a status, a message and the
// fields at fault; ok is false for errors that are not refusals.
func refusal(w http.ResponseWriter, err error) (status int, msg string, fields map[string]string, ok bool) {
	var lim *throttle.Limited
	switch {
	case errors.As(err, &lim):
		w.Header().Set("Retry-After", strconv.Itoa(lim.Seconds()))
		return http.StatusTooManyRequests, lim.Error(), nil, true
	case errors.Is(err, session.ErrBusy):
		return http.StatusServiceUnavailable, session.MsgBusy, nil, true
	case errors.Is(err, session.ErrCredentials):
		return http.StatusUnauthorized, session.MsgCredentials, nil, true
	}
	v, isV := apperr.AsValidation(err)
	if !isV {
		return 0, "", nil, false
	}
	_, msg = v.First()
	if len(v.Fields) > 1 {
		msg = "Please correct the fields marked below."
	}
	return http.StatusUnprocessableEntity, msg, v.Fields, true
}

// refuse shows a form again with a message, keeping what was typed.
func (s *Site) refuse(w http.ResponseWriter, name string, ap AuthPage, err error) error {
	status, msg, fields, ok := refusal(w, err)
	if !ok {
		return err
	}
	ap.ErrorMsg, ap.Errors = msg, fields
	return s.Render.Render(w, status, name, ap)
}

func (s *Site) showLogin(w http.ResponseWriter, r *http.Request) error {
	if _, _, ok, err := s.reader(r); err != nil || ok {
		if ok {
			http.Redirect(w, r, session.SafeNext(r.FormValue("next"), "/account"), http.StatusSeeOther)
		}
		return err
	}
	ap, err := s.authPage(r, "Sign in")
	if err != nil {
		return err
	}
	return s.Render.Render(w, http.StatusOK, "site/login", ap)
}

func (s *Site) login(w http.ResponseWriter, r *http.Request) error {
	ap, err := s.authPage(r, "Sign in")
	if err != nil {
		return err
	}
	ap.Email = strings.TrimSpace(r.PostFormValue("email"))
	u, err := s.Sessions.CheckPassword(r.Context(), ap.Email, r.PostFormValue("password"), session.AddressKey(r))
	if err != nil {
		return s.refuse(w, "site/login", ap, err)
	}
	if _, err := s.Sessions.Start(r.Context(), w, u); err != nil {
		return err
	}
	if u.Role.Staff() {
		s.audit(r, u.ID, "login", "site", u.Email)
	}
	http.Redirect(w, r, session.SafeNext(ap.Next, "/account"), http.StatusSeeOther)
	return nil
}

func (s *Site) logout(w http.ResponseWriter, r *http.Request, ss user.Session, u user.User) error {
	if err := s.Sessions.End(r.Context(), w, ss); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func (s *Site) showSignup(w http.ResponseWriter, r *http.Request) error {
	ap, err := s.authPage(r, "Create an account")
	if err != nil {
		return err
	}
	return s.Render.Render(w, http.StatusOK, "site/signup", ap)
}

// signupData is what a sign-up token carries until the email is proven.
// The password and the provider account it names were given by whoever
// filled in the form, who is not necessarily the owner of the address: they
// are used only when the link is opened in the same browser (Browser is the
// hash of a secret in that browser's cookie). Anywhere else, the owner of
// the mailbox chooses the password.
type signupData struct {
	Name         string `json:"name"`
	PasswordHash string `json:"password_hash,omitempty"`
	Provider     string `json:"provider,omitempty"`
	Subject      string `json:"subject,omitempty"`
	Next         string `json:"next,omitempty"`
	Browser      string `json:"browser"`
}

// signupCookie binds a sign-up to the browser that asked for it.
const signupCookie = "bs_signup"

// bindBrowser puts a new secret in a cookie of this browser and returns its
// hash, for a token that must be used in this browser only.
func (s *Site) bindBrowser(w http.ResponseWriter, name, path string, life time.Duration) (string, error) {
	secret, hash, err := user.NewSecret("")
	if err != nil {
		return "", err
	}
	s.setBrowserCookie(w, name, path, life, secret)
	return hash, nil
}

// setBrowserCookie keeps a secret in a cookie of this browser (bindBrowser),
// for when the cookie must be set only once everything else has worked.
func (s *Site) setBrowserCookie(w http.ResponseWriter, name, path string, life time.Duration, secret string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: secret, Path: path, HttpOnly: true, Secure: s.Sessions.SecureCookie,
		SameSite: http.SameSiteLaxMode, MaxAge: int(life.Seconds())})
}

// boundBrowser tells whether this request comes from the browser whose
// cookie holds the secret of the hash given.
func boundBrowser(r *http.Request, name, hash string) bool {
	c, err := r.Cookie(name)
	if err != nil || c.Value == "" || len(c.Value) > 100 || hash == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(user.HashSecret(c.Value)), []byte(hash)) == 1
}

// signup mails a link that creates the account; the account exists only
// once its owner proves the address, so nobody can hold someone else's. The
// page says the same whether or not the address has an account already.
func (s *Site) signup(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ap, err := s.authPage(r, "Create an account")
	if err != nil {
		return err
	}
	in := user.Input{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Password: r.PostFormValue("password"), Role: user.Reader}
	ap.Name, ap.Email = in.Name, in.Email
	if err := in.Validate(true); err != nil {
		ap.Name, ap.Email = in.Name, in.Email
		return s.refuse(w, "site/signup", ap, err)
	}
	ap.Name, ap.Email = in.Name, in.Email
	if err := s.Limiter.Take(ctx, "sign-ups", throttle.Pair{Rule: signupPerAddress, Key: session.AddressKey(r)},
		throttle.Pair{Rule: signupPerEmail, Key: in.Email}); err != nil {
		return s.refuse(w, "site/signup", ap, err)
	}
	// Hash in every case, so the time taken tells nothing either.
	hash, err := s.Sessions.HashPassword(ctx, in.Password)
	if err != nil {
		return s.refuse(w, "site/signup", ap, err)
	}
	// The cookie is set in either case: its presence tells nothing either.
	browser, err := s.bindBrowser(w, signupCookie, "/account/verify", user.TokenSignup.Lifetime())
	if err != nil {
		return err
	}
	existing, err := s.Store.UserByEmail(ctx, in.Email)
	switch {
	case err == nil:
		link, err := s.newToken(ctx, user.TokenReset, existing.ID, existing.Email, nil)
		if err != nil {
			return err
		}
		if err := s.sendMail(ctx, "signup-exists:"+link.hash, existing.Email, "signup-exists", Mail{Link: s.BaseURL + "/account/reset?token=" + link.token}); err != nil {
			return err
		}
	case errors.Is(err, apperr.NotFound):
		link, err := s.newToken(ctx, user.TokenSignup, 0, in.Email, signupData{Name: in.Name, PasswordHash: hash, Next: ap.Next, Browser: browser})
		if err != nil {
			return err
		}
		if err := s.sendMail(ctx, "signup:"+link.hash, in.Email, "signup", Mail{Link: s.BaseURL + "/account/verify?token=" + link.token,
			Expires: "24 hours"}); err != nil {
			return err
		}
	default:
		return err
	}
	return s.notice(w, r, http.StatusOK, "Check your inbox",
		"We sent a message to "+in.Email+". Open the link in it to finish creating your account; it expires in 24 hours. Nothing arrived? Look in your spam folder, or sign up again in a few minutes.",
		Link{"Back to the front page", "/"})
}

// issued is a new token: the secret to mail and the hash kept.
type issued struct{ token, hash string }

func (s *Site) newToken(ctx context.Context, kind user.TokenKind, userID int64, email string, data any) (issued, error) {
	tok, hash, err := user.NewSecret("")
	if err != nil {
		return issued{}, err
	}
	raw := "{}"
	if data != nil {
		b, err := json.Marshal(data)
		if err != nil {
			return issued{}, err
		}
		raw = string(b)
	}
	now := s.now().UTC()
	err = s.Store.CreateUserToken(ctx, user.Token{Hash: hash, Kind: kind, UserID: userID, Email: email, Data: raw,
		CreatedAt: now, ExpiresAt: now.Add(kind.Lifetime())})
	return issued{tok, hash}, err
}

// ConfirmPage asks for one press of a button before a mailed link acts, so
// that mail scanners that open links do not use them up. A sign-up link
// opened in another browser than the one that asked also asks for a name and
// a password (AskPassword).
type ConfirmPage struct {
	Page
	Heading, Text, Action, Token, Button string
	AskPassword                          bool
	Name, Email                          string
	Errors                               map[string]string
	ErrorMsg                             string
}

var confirms = map[user.TokenKind]struct{ title, text, action, button string }{
	user.TokenSignup: {"Confirm your email", "Your email address is confirmed as soon as you press the button. Your account is then ready and you are signed in.", "/account/verify", "Create my account"},
	user.TokenEmail:  {"Confirm your new email address", "Press the button to use this address for your account from now on.", "/account/email/confirm", "Use this address"},
	user.TokenLink:   {"Link your account", "Press the button to let this provider sign in to your account from now on.", "/account/link/confirm", "Link and sign in"},
	user.TokenAlerts: {"Confirm your news alerts", "Press the button to start receiving the news alerts you chose.", "/alerts/confirm", "Start my alerts"},
}

func (s *Site) showConfirm(kind user.TokenKind) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		tok := r.URL.Query().Get("token")
		if _, err := s.liveToken(r, tok, kind); err != nil {
			return s.expired(w, r, err)
		}
		return s.renderConfirm(w, r, kind, tok)
	}
}

// renderConfirm shows the one-button page of a mailed link already checked.
func (s *Site) renderConfirm(w http.ResponseWriter, r *http.Request, kind user.TokenKind, tok string) error {
	c := confirms[kind]
	p, err := s.page(r.Context(), r, c.title)
	if err != nil {
		return err
	}
	p.NoIndex = true
	return s.Render.Render(w, http.StatusOK, "site/confirm", ConfirmPage{Page: p, Heading: c.title, Text: c.text, Action: c.action, Token: tok, Button: c.button})
}

// liveToken looks a mailed token up without using it; lookups are throttled
// per address so that guessing costs more than it could ever win.
func (s *Site) liveToken(r *http.Request, tok string, kind user.TokenKind) (user.Token, error) {
	if tok == "" || len(tok) > 100 {
		return user.Token{}, user.ErrNotFound
	}
	if err := s.Limiter.Take(r.Context(), "attempts", throttle.Pair{Rule: tokenPerAddress, Key: session.AddressKey(r)}); err != nil {
		return user.Token{}, err
	}
	return s.Store.UserToken(r.Context(), user.HashSecret(tok), kind, s.now())
}

// useToken uses a mailed token up; of two presses only one gets it.
func (s *Site) useToken(r *http.Request, tok string, kind user.TokenKind) (user.Token, error) {
	if tok == "" || len(tok) > 100 {
		return user.Token{}, user.ErrNotFound
	}
	if err := s.Limiter.Take(r.Context(), "attempts", throttle.Pair{Rule: tokenPerAddress, Key: session.AddressKey(r)}); err != nil {
		return user.Token{}, err
	}
	return s.Store.UseUserToken(r.Context(), user.HashSecret(tok), kind, s.now())
}

// expired explains a link that no longer works.
func (s *Site) expired(w http.ResponseWriter, r *http.Request, err error) error {
	var lim *throttle.Limited
	if errors.As(err, &lim) {
		w.Header().Set("Retry-After", strconv.Itoa(lim.Seconds()))
		return s.notice(w, r, http.StatusTooManyRequests, "Please wait", lim.Error())
	}
	if !errors.Is(err, apperr.NotFound) {
		return err
	}
	return s.notice(w, r, http.StatusGone, "This link no longer works",
		"It has been used already, or it has expired. Links in our messages work once, for a limited time. Ask for a new one below.",
		Link{"Create an account", "/account/signup"}, Link{"Reset your password", "/account/forgot"}, Link{"Sign in", "/account/login"})
}

// signupToken reads a sign-up link without using it.
func (s *Site) signupToken(r *http.Request, tok string) (user.Token, signupData, error) {
	t, err := s.liveToken(r, tok, user.TokenSignup)
	if err != nil {
		return t, signupData{}, err
	}
	var d signupData
	return t, d, json.Unmarshal([]byte(t.Data), &d)
}

// verifyPage is the sign-up link's page: one button in the browser that
// asked for the account, a name and a password anywhere else.
func (s *Site) verifyPage(r *http.Request, tok string, t user.Token, d signupData) (ConfirmPage, error) {
	c := confirms[user.TokenSignup]
	p, err := s.page(r.Context(), r, c.title)
	if err != nil {
		return ConfirmPage{}, err
	}
	p.NoIndex = true
	cp := ConfirmPage{Page: p, Heading: c.title, Text: c.text, Action: c.action, Token: tok, Button: c.button, Email: t.Email}
	if !boundBrowser(r, signupCookie, d.Browser) {
		cp.AskPassword = true // and no name: the one typed came from whoever asked
		cp.Text = "This link was opened in another browser than the one that asked for the account, so choose your name and password here. Your account is then ready and you are signed in."
	}
	return cp, nil
}

func (s *Site) showVerify(w http.ResponseWriter, r *http.Request) error {
	tok := r.URL.Query().Get("token")
	t, d, err := s.signupToken(r, tok)
	if err != nil {
		return s.expired(w, r, err)
	}
	cp, err := s.verifyPage(r, tok, t, d)
	if err != nil {
		return err
	}
	return s.Render.Render(w, http.StatusOK, "site/confirm", cp)
}

// verify creates the account once its address is proven. The link is
// checked first and used up last, so that a mistake in the form or a busy
// moment does not waste it.
func (s *Site) verify(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	tok := r.PostFormValue("token")
	t, d, err := s.signupToken(r, tok)
	if err != nil {
		return s.expired(w, r, err)
	}
	u := user.User{Email: t.Email, Name: d.Name, PasswordHash: d.PasswordHash}
	provider, subject := d.Provider, d.Subject
	if !boundBrowser(r, signupCookie, d.Browser) {
		in := user.Input{Name: r.PostFormValue("name"), Email: t.Email, Password: r.PostFormValue("password"), Role: user.Reader}
		err := in.Validate(true)
		if err == nil {
			u.PasswordHash, err = s.Sessions.HashPassword(ctx, in.Password)
		}
		if err != nil {
			cp, perr := s.verifyPage(r, tok, t, d)
			if perr != nil {
				return perr
			}
			cp.Name = in.Name
			status, msg, fields, ok := refusal(w, err)
			if !ok {
				return err
			}
			cp.ErrorMsg, cp.Errors = msg, fields
			return s.Render.Render(w, status, "site/confirm", cp)
		}
		u.Name, provider, subject = in.Name, "", ""
	}
	if _, err := s.useToken(r, tok, user.TokenSignup); err != nil {
		return s.expired(w, r, err)
	}
	http.SetCookie(w, &http.Cookie{Name: signupCookie, Value: "", Path: "/account/verify", HttpOnly: true, Secure: s.Sessions.SecureCookie,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	if err := s.Store.CreateReader(ctx, &u, provider, subject); err != nil {
		if _, taken := apperr.AsValidation(err); taken || errors.Is(err, apperr.Conflict) {
			return s.notice(w, r, http.StatusConflict, "You already have an account",
				"An account with this email address was created in the meantime. Sign in, or reset your password if you do not know it.",
				Link{"Sign in", "/account/login"}, Link{"Reset your password", "/account/forgot"})
		}
		return err
	}
	if _, err := s.Sessions.Start(ctx, w, u); err != nil {
		return err
	}
	http.Redirect(w, r, session.SafeNext(d.Next, "/account?done=welcome"), http.StatusSeeOther)
	return nil
}

func (s *Site) showForgot(w http.ResponseWriter, r *http.Request) error {
	ap, err := s.authPage(r, "Retrieve your password")
	if err != nil {
		return err
	}
	ap.Email = r.URL.Query().Get("email")
	return s.Render.Render(w, http.StatusOK, "site/forgot", ap)
}

// JobForgot looks an address up and mails it a reset link if it has an
// account: a job, so that the form's answer takes the same time either way.
const JobForgot = "account.forgot"

// forgotPayload is JobForgot's payload.
type forgotPayload struct {
	Email string `json:"email"`
}

// forgot hands the request to the queue (see JobForgot); the page says the
// same, after the same work, whether or not the address has an account.
func (s *Site) forgot(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ap, err := s.authPage(r, "Retrieve your password")
	if err != nil {
		return err
	}
	email, ok := user.CheckEmail(r.PostFormValue("email"))
	ap.Email = email
	if !ok {
		return s.refuse(w, "site/forgot", ap, apperr.FieldError("email", "Enter your email address, such as name@example.com."))
	}
	if err := s.Limiter.Take(ctx, "password reset requests", throttle.Pair{Rule: resetPerAddress, Key: session.AddressKey(r)},
		throttle.Pair{Rule: resetPerEmail, Key: email}); err != nil {
		return s.refuse(w, "site/forgot", ap, err)
	}
	id, _, err := user.NewSecret("")
	if err != nil {
		return err
	}
	if _, err := s.Store.EnqueueOnce(ctx, JobForgot, "forgot:"+id, forgotPayload{Email: email}, time.Time{}); err != nil {
		return err
	}
	return s.notice(w, r, http.StatusOK, "Check your inbox",
		"If an account uses "+email+", we sent it a link to choose a new password. The link works once, within an hour. Nothing arrived? Look in your spam folder, or try again in a few minutes.",
		Link{"Back to sign in", "/account/login"})
}

// Forgot runs JobForgot.
func (s *Site) Forgot(ctx context.Context, payload []byte) error {
	var p forgotPayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return err
	}
	u, err := s.Store.UserByEmail(ctx, p.Email)
	if errors.Is(err, apperr.NotFound) || (err == nil && u.Disabled) {
		return nil
	}
	if err != nil {
		return err
	}
	link, err := s.newToken(ctx, user.TokenReset, u.ID, u.Email, nil)
	if err != nil {
		return err
	}
	return s.sendMail(ctx, "reset:"+link.hash, u.Email, "reset", Mail{Name: u.Name, Link: s.BaseURL + "/account/reset?token=" + link.token, Expires: "1 hour"})
}

func (s *Site) showReset(w http.ResponseWriter, r *http.Request) error {
	tok := r.URL.Query().Get("token")
	t, err := s.liveToken(r, tok, user.TokenReset)
	if err != nil {
		return s.expired(w, r, err)
	}
	ap, err := s.authPage(r, "Choose a new password")
	if err != nil {
		return err
	}
	ap.Token, ap.Email = tok, t.Email
	return s.Render.Render(w, http.StatusOK, "site/reset", ap)
}

// reset sets a new password from a mailed link and signs its owner in: the
// link proves the mailbox, so it also lifts any sign-in throttle on the
// account, and every other session ends.
func (s *Site) reset(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	tok := r.PostFormValue("token")
	ap, err := s.authPage(r, "Choose a new password")
	if err != nil {
		return err
	}
	ap.Token = tok
	// The link is checked before the costly hash (a made-up link costs the
	// server nothing), and used up only after it, so that a busy moment does
	// not waste it.
	t, err := s.liveToken(r, tok, user.TokenReset)
	if err != nil {
		return s.expired(w, r, err)
	}
	ap.Email = t.Email
	pw := r.PostFormValue("password")
	if msg := user.CheckNewPassword(pw); msg != "" {
		return s.refuse(w, "site/reset", ap, apperr.FieldError("password", msg))
	}
	hash, err := s.Sessions.HashPassword(ctx, pw)
	if err != nil {
		return s.refuse(w, "site/reset", ap, err)
	}
	if t, err = s.useToken(r, tok, user.TokenReset); err != nil {
		return s.expired(w, r, err)
	}
	u, err := s.Store.User(ctx, t.UserID)
	if err != nil {
		return s.expired(w, r, err)
	}
	if u.Disabled {
		return s.notice(w, r, http.StatusForbidden, "This account is closed", "An administrator has closed this account.")
	}
	u.PasswordHash = hash
	if err := s.Store.SetUserPassword(ctx, u.ID, hash); err != nil { // ends every session
		return err
	}
	if err := s.Sessions.ClearFailures(ctx, u.Email); err != nil {
		return err
	}
	if _, err := s.Sessions.Start(ctx, w, u); err != nil {
		return err
	}
	if err := s.sendMail(ctx, "password-changed:"+t.Hash, u.Email, "password-changed", Mail{Name: u.Name}); err != nil {
		return err
	}
	if u.Role.Staff() {
		s.audit(r, u.ID, "password.reset", "user "+strconv.FormatInt(u.ID, 10), u.Email)
		http.Redirect(w, r, "/newsroom?done=password", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/account?done=password", http.StatusSeeOther)
	return nil
}

// State is the personal part of a public page, fetched by its script: who is
// signed in, the session's CSRF token, and a fresh comment form token.
type State struct {
	SignedIn  bool   `json:"signed_in"`
	Name      string `json:"name,omitempty"`
	Staff     bool   `json:"staff,omitempty"`
	CSRF      string `json:"csrf,omitempty"`
	FormToken string `json:"form_token,omitempty"`
}

func (s *Site) showState(w http.ResponseWriter, r *http.Request) error {
	ss, u, ok, err := s.reader(r)
	if err != nil {
		return err
	}
	st := State{SignedIn: ok}
	if ok {
		st.Name, st.Staff, st.CSRF = u.Name, u.Role.Staff(), ss.CSRF
	} else {
		s.Sessions.Forget(w) // a stale hint cookie stops the script asking
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("article"), 10, 64); err == nil && id > 0 {
		st.FormToken = comment.FormToken(s.FormKey, id, s.now())
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	return json.NewEncoder(w).Encode(st)
}

func (s *Site) audit(r *http.Request, userID int64, action, target, detail string) {
	if err := s.Store.Audit(r.Context(), audit.Entry{UserID: userID, Action: action, Target: target, Detail: detail, IP: session.ClientIP(r)}); err != nil {
		s.Log.Error("audit", "err", err, "action", action)
	}
}
