package site

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/oidc"
	"broadsheet/internal/throttle"
	"broadsheet/internal/user"
	"broadsheet/internal/web/session"
)

// Cookies that bind a sign-in at another provider to the browser that began
// it: the attempt's state, and a pending link to an existing account.
const (
	oidcCookie = "bs_oidc"
	linkCookie = "bs_link"
)

// providers lists the sign-in providers: the server's configuration first,
// then the newsroom's settings (which cannot replace a configured one). A
// provider whose settings are not valid is left out, and logged.
func (s *Site) providers(ctx context.Context) []oidc.Provider {
	var out []oidc.Provider
	seen := map[string]bool{}
	stored, err := s.Store.Providers(ctx)
	if err != nil {
		s.Log.Error("sign-in providers", "err", err)
	}
	for _, p := range append(append(stored[:0:0], s.Providers...), stored...) {
		op := oidc.Provider{ID: p.ID, Name: p.Name, Issuer: p.Issuer, ClientID: p.ClientID, ClientSecret: p.ClientSecret}
		if seen[op.ID] {
			continue
		}
		if err := op.Validate(); err != nil {
			s.Log.Warn("sign-in provider left out", "id", p.ID, "err", err)
			continue
		}
		seen[op.ID] = true
		out = append(out, op)
	}
	return out
}

func (s *Site) provider(r *http.Request) (oidc.Provider, error) {
	id := r.PathValue("provider")
	for _, p := range s.providers(r.Context()) {
		if p.ID == id {
			return p, nil
		}
	}
	return oidc.Provider{}, apperr.NotFound
}

func (s *Site) callbackURL(p oidc.Provider) string {
	return s.BaseURL + "/account/oidc/" + p.ID + "/callback"
}

// oidcData is what a sign-in in progress keeps, server-side.
type oidcData struct {
	Provider string `json:"provider"`
	Nonce    string `json:"nonce"`
	Verifier string `json:"verifier"`
	Next     string `json:"next,omitempty"`
	// LinkTo is the signed-in account that asked to link this provider, and
	// Session the hash of the session it asked from: the provider account is
	// linked only if that same session is still signed in when it answers.
	LinkTo  int64  `json:"link_to,omitempty"`
	Session string `json:"session,omitempty"`
	// Reauth asks the provider to make the person prove who they are again,
	// for the signed-in account LinkTo: nothing is linked, the session only
	// notes the proof (user.Session.AuthAt).
	Reauth bool `json:"reauth,omitempty"`
}

// startOIDC sends the browser to the provider to sign in. Linking a provider
// to a signed-in account starts elsewhere (changeIdentity), by a form that
// proves the owner is at the keyboard.
func (s *Site) startOIDC(w http.ResponseWriter, r *http.Request) error {
	p, err := s.provider(r)
	if err != nil {
		return err
	}
	return s.beginOIDC(w, r, p, oidcData{Provider: p.ID, Next: session.SafeNext(r.URL.Query().Get("next"), "")})
}

// beginOIDC sends the browser to the provider. The attempt's secrets stay in
// the database; the browser keeps only its state, in a cookie, so the answer
// is accepted only in the browser that asked.
func (s *Site) beginOIDC(w http.ResponseWriter, r *http.Request, p oidc.Provider, d oidcData) error {
	ctx := r.Context()
	if err := s.Limiter.Take(ctx, "sign-in attempts", throttle.Pair{Rule: oidcPerAddress, Key: session.AddressKey(r)}); err != nil {
		return s.expired(w, r, err)
	}
	begin := s.OIDC.Begin
	if d.Reauth {
		begin = s.OIDC.Reauthenticate
	}
	authURL, a, err := begin(ctx, p, s.callbackURL(p))
	if err != nil {
		s.Log.Warn("sign-in provider unavailable", "provider", p.ID, "err", err)
		return s.notice(w, r, http.StatusBadGateway, "We could not reach "+p.Name,
			"Signing in with "+p.Name+" is not possible just now. Try again in a few minutes, or sign in with your email address and password.",
			Link{"Sign in", "/account/login"})
	}
	d.Nonce, d.Verifier = a.Nonce, a.Verifier
	b, _ := json.Marshal(d) // strings and numbers: always encodes
	now := s.now().UTC()
	if err := s.Store.CreateUserToken(ctx, user.Token{Hash: user.HashSecret(a.State), Kind: user.TokenOIDC, Data: string(b),
		CreatedAt: now, ExpiresAt: now.Add(user.TokenOIDC.Lifetime())}); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: a.State, Path: "/account/oidc/", HttpOnly: true, Secure: s.Sessions.SecureCookie,
		SameSite: http.SameSiteLaxMode, MaxAge: int(user.TokenOIDC.Lifetime().Seconds())})
	http.Redirect(w, r, authURL, http.StatusSeeOther)
	return nil
}

// finishOIDC takes the provider's answer: it checks it (state, PKCE, token
// signature, issuer, audience, expiry, nonce) and signs the person in,
// creating a reader account on a first visit. An email that already has an
// account is linked only once its owner proves the password or the mailbox.
func (s *Site) finishOIDC(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.provider(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/account/oidc/", HttpOnly: true, Secure: s.Sessions.SecureCookie,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	if code := q.Get("error"); code != "" {
		return s.oidcRefused(w, r, p, oidc.ProviderError(code, q.Get("error_description")))
	}
	state := ""
	if c, err := r.Cookie(oidcCookie); err == nil {
		state = c.Value
	}
	if state == "" || len(state) > 200 {
		return s.oidcRefused(w, r, p, &oidc.Error{Kind: oidc.ErrState, Reason: "This sign-in was not started from this browser, or it took too long. Please try again."})
	}
	t, err := s.useToken(r, state, user.TokenOIDC)
	if err != nil {
		if errors.Is(err, apperr.NotFound) {
			return s.oidcRefused(w, r, p, &oidc.Error{Kind: oidc.ErrState, Reason: "This sign-in has been used already or took too long. Please try again."})
		}
		return s.expired(w, r, err)
	}
	var d oidcData
	if err := json.Unmarshal([]byte(t.Data), &d); err != nil {
		return err
	}
	if d.Provider != p.ID {
		return s.oidcRefused(w, r, p, &oidc.Error{Kind: oidc.ErrState, Reason: "This answer came back to the wrong provider's address. Please try again."})
	}
	claims, err := s.OIDC.Finish(ctx, p, s.callbackURL(p), oidc.Attempt{State: state, Nonce: d.Nonce, Verifier: d.Verifier}, q.Get("state"), q.Get("code"))
	var oerr *oidc.Error
	if errors.As(err, &oerr) {
		return s.oidcRefused(w, r, p, oerr)
	}
	if err != nil {
		return err
	}
	next := session.SafeNext(d.Next, "/account")

	if d.Reauth {
		return s.finishReauth(w, r, p, t, d, claims)
	}
	// Linking from the account page: the same session must still be signed in.
	if d.LinkTo != 0 {
		ss, u, ok, err := s.reader(r)
		if err != nil {
			return err
		}
		if !ok || u.ID != d.LinkTo || ss.Hash != d.Session {
			return s.oidcRefused(w, r, p, &oidc.Error{Kind: oidc.ErrState, Reason: "You were signed out while linking " + p.Name + ". Sign in and try again."})
		}
		if err := s.Store.LinkIdentity(ctx, p.ID, claims.Subject, claims.Email, u.ID); errors.Is(err, apperr.Conflict) {
			return s.notice(w, r, http.StatusConflict, p.Name+" signs in to another account",
				"This "+p.Name+" account already signs in to another account here. Sign in with it and close that account, or unlink it there first.",
				Link{"Your account", "/account"})
		} else if err != nil {
			return err
		}
		if u.Role.Staff() {
			s.audit(r, u.ID, "account.link", "user "+strconv.FormatInt(u.ID, 10), p.Name)
		}
		http.Redirect(w, r, "/account?done=linked", http.StatusSeeOther)
		return nil
	}

	u, err := s.Store.UserByIdentity(ctx, p.ID, claims.Subject)
	if err == nil {
		return s.signInWith(w, r, u, next, claims.AuthTime)
	}
	if !errors.Is(err, apperr.NotFound) {
		return err
	}
	if claims.Email == "" {
		return s.notice(w, r, http.StatusUnprocessableEntity, p.Name+" did not share your email address",
			"We need an email address for your account. Allow "+p.Name+" to share it, or create an account with your email address instead.",
			Link{"Create an account", "/account/signup"}, Link{"Sign in", "/account/login"})
	}
	existing, err := s.Store.UserByEmail(ctx, claims.Email)
	found := err == nil
	if err != nil && !errors.Is(err, apperr.NotFound) {
		return err
	}
	name := claims.Name
	if name == "" {
		name, _, _ = strings.Cut(claims.Email, "@")
	}
	if !claims.EmailVerified {
		return s.unprovenClaim(w, r, p, claims, name, next, existing, found)
	}
	if found {
		// The provider vouches for an address that has an account here: its
		// owner must prove the account is theirs before the provider can
		// sign in to it.
		link, err := s.newToken(ctx, user.TokenLinkPending, existing.ID, existing.Email, linkData{Provider: p.ID, ProviderName: p.Name, Subject: claims.Subject, Next: next})
		if err != nil {
			return err
		}
		http.SetCookie(w, &http.Cookie{Name: linkCookie, Value: link.token, Path: "/account/link", HttpOnly: true, Secure: s.Sessions.SecureCookie,
			SameSite: http.SameSiteLaxMode, MaxAge: int(user.TokenLinkPending.Lifetime().Seconds())})
		http.Redirect(w, r, "/account/link", http.StatusSeeOther)
		return nil
	}
	u = user.User{Email: claims.Email, Name: name}
	if err := s.Store.CreateReader(ctx, &u, p.ID, claims.Subject); err != nil {
		return err
	}
	if next == "/account" {
		next = "/account?done=welcome"
	}
	return s.signInWith(w, r, u, next, claims.AuthTime)
}

// unprovenClaim answers a provider that does not vouch for the address it
// gives: whoever is at the provider may not own it. As with the sign-up form,
// the page says the same whether or not the address has an account here, and
// the mailbox's owner decides: a new address gets a link that creates the
// account (linking the provider only if opened in this browser), an address
// with an account gets a note and a link to reset its password.
func (s *Site) unprovenClaim(w http.ResponseWriter, r *http.Request, p oidc.Provider, claims oidc.Claims, name, next string, existing user.User, found bool) error {
	ctx := r.Context()
	if err := s.Limiter.Take(ctx, "sign-ups", throttle.Pair{Rule: signupPerAddress, Key: session.AddressKey(r)},
		throttle.Pair{Rule: signupPerEmail, Key: claims.Email}); err != nil {
		return s.expired(w, r, err)
	}
	browser, err := s.bindBrowser(w, signupCookie, "/account/verify", user.TokenSignup.Lifetime())
	if err != nil {
		return err
	}
	if found {
		link, err := s.newToken(ctx, user.TokenReset, existing.ID, existing.Email, nil)
		if err != nil {
			return err
		}
		if err := s.sendMail(ctx, "signup-exists:"+link.hash, existing.Email, "signup-exists", Mail{Provider: p.Name, Link: s.BaseURL + "/account/reset?token=" + link.token}); err != nil {
			return err
		}
	} else {
		link, err := s.newToken(ctx, user.TokenSignup, 0, claims.Email, signupData{Name: name, Provider: p.ID, Subject: claims.Subject, Next: next, Browser: browser})
		if err != nil {
			return err
		}
		if err := s.sendMail(ctx, "signup:"+link.hash, claims.Email, "signup", Mail{Provider: p.Name, Link: s.BaseURL + "/account/verify?token=" + link.token, Expires: "24 hours"}); err != nil {
			return err
		}
	}
	return s.notice(w, r, http.StatusOK, "Check your inbox",
		p.Name+" did not confirm your email address, so we sent a message to "+claims.Email+". Open the link in it to go on.",
		Link{"Back to the front page", "/"})
}

// signInWith starts a session for u; authAt is when the person last proved
// who they are (see user.Session.AuthAt).
func (s *Site) signInWith(w http.ResponseWriter, r *http.Request, u user.User, next string, authAt time.Time) error {
	if u.Disabled {
		return s.notice(w, r, http.StatusForbidden, "This account is closed", "An administrator has closed this account.")
	}
	if _, err := s.Sessions.StartAuthAt(r.Context(), w, u, authAt); err != nil {
		return err
	}
	if u.Role.Staff() {
		s.audit(r, u.ID, "login", "site", u.Email+" with "+r.PathValue("provider"))
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// oidcRefused explains a refused sign-in; the cause goes to the log only.
func (s *Site) oidcRefused(w http.ResponseWriter, r *http.Request, p oidc.Provider, e *oidc.Error) error {
	s.Log.Warn("sign-in refused", "provider", p.ID, "kind", e.Kind, "err", e.Err)
	status := http.StatusBadRequest
	if errors.Is(e, oidc.ErrProvider) {
		status = http.StatusBadGateway
	}
	return s.notice(w, r, status, "Signing in with "+p.Name+" did not work", e.Reason,
		Link{"Try again", "/account/login"}, Link{"Create an account with your email", "/account/signup"})
}

// linkData is what a pending link carries.
type linkData struct {
	Provider     string `json:"provider"`
	ProviderName string `json:"provider_name"`
	Subject      string `json:"subject"`
	Next         string `json:"next,omitempty"`
	// Browser is, in a mailed link, the hash of a secret in the cookie of
	// the browser that asked for it: the link works only there, so that a
	// stranger who claims the address at a provider cannot have the owner
	// link the stranger's provider account with one press of a button.
	Browser string `json:"browser,omitempty"`
}

// LinkPage asks the owner of an existing account to prove it before another
// provider may sign in to it.
type LinkPage struct {
	Page
	Provider, Email string
	HasPassword     bool
	Errors          map[string]string
	ErrorMsg        string
}

// pendingLink reads the link this browser is in the middle of.
func (s *Site) pendingLink(r *http.Request, use bool) (user.Token, linkData, error) {
	c, err := r.Cookie(linkCookie)
	if err != nil {
		return user.Token{}, linkData{}, user.ErrNotFound
	}
	var t user.Token
	if use {
		t, err = s.useToken(r, c.Value, user.TokenLinkPending)
	} else {
		t, err = s.liveToken(r, c.Value, user.TokenLinkPending)
	}
	if err != nil {
		return t, linkData{}, err
	}
	var d linkData
	return t, d, json.Unmarshal([]byte(t.Data), &d)
}

func (s *Site) linkPage(r *http.Request, t user.Token, d linkData) (LinkPage, error) {
	p, err := s.page(r.Context(), r, "Link your account")
	if err != nil {
		return LinkPage{}, err
	}
	p.NoIndex = true
	u, err := s.Store.User(r.Context(), t.UserID)
	return LinkPage{Page: p, Provider: d.ProviderName, Email: t.Email, HasPassword: u.HasPassword()}, err
}

func (s *Site) showLink(w http.ResponseWriter, r *http.Request) error {
	t, d, err := s.pendingLink(r, false)
	if err != nil {
		return s.expired(w, r, err)
	}
	lp, err := s.linkPage(r, t, d)
	if err != nil {
		return err
	}
	return s.Render.Render(w, http.StatusOK, "site/link", lp)
}

// linkWithPassword links the provider once the account's password is given.
func (s *Site) linkWithPassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t, d, err := s.pendingLink(r, false)
	if err != nil {
		return s.expired(w, r, err)
	}
	u, err := s.Sessions.CheckPassword(ctx, t.Email, r.PostFormValue("password"), session.AddressKey(r))
	if err != nil {
		lp, lerr := s.linkPage(r, t, d)
		if lerr != nil {
			return lerr
		}
		status, msg, _, ok := refusal(w, err)
		if !ok {
			return err
		}
		lp.ErrorMsg, lp.Errors = msg, map[string]string{"password": msg}
		return s.Render.Render(w, status, "site/link", lp)
	}
	if u.ID != t.UserID {
		return s.expired(w, r, user.ErrNotFound)
	}
	if _, _, err := s.pendingLink(r, true); err != nil {
		return s.expired(w, r, err)
	}
	return s.link(w, r, u, d)
}

// linkByEmail mails the account's owner a link that completes the linking,
// in this browser only. The pending link is used up first, so that two
// presses send one message; the cookie changes only once the mail is queued.
func (s *Site) linkByEmail(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t, _, err := s.pendingLink(r, false)
	if err != nil {
		return s.expired(w, r, err)
	}
	// Anyone with a provider account can claim an address: keep them from
	// filling its owner's mailbox.
	if err := s.Limiter.Take(ctx, "messages to this address", throttle.Pair{Rule: resetPerEmail, Key: "link:" + t.Email}); err != nil {
		return s.expired(w, r, err)
	}
	t, d, err := s.pendingLink(r, true)
	if err != nil {
		return s.expired(w, r, err)
	}
	u, err := s.Store.User(ctx, t.UserID)
	if err != nil {
		return s.expired(w, r, err)
	}
	secret, hash, err := user.NewSecret("")
	if err != nil {
		return err
	}
	d.Browser = hash
	link, err := s.newToken(ctx, user.TokenLink, u.ID, u.Email, d)
	if err != nil {
		return err
	}
	if err := s.sendMail(ctx, "link:"+link.hash, u.Email, "link", Mail{Name: u.Name, Provider: d.ProviderName,
		Link: s.BaseURL + "/account/link/confirm?token=" + link.token, Expires: "30 minutes"}); err != nil {
		return err
	}
	// The cookie that held the pending link now holds this browser's secret.
	s.setBrowserCookie(w, linkCookie, "/account/link", user.TokenLink.Lifetime(), secret)
	return s.notice(w, r, http.StatusOK, "Check your inbox",
		"We sent a message to "+u.Email+". Open the link in it within 30 minutes, in this browser, to let "+d.ProviderName+" sign in to your account.",
		Link{"Back to the front page", "/"})
}

// mailedLink reads a mailed link without using it, and tells whether this is
// the browser that asked for it.
func (s *Site) mailedLink(r *http.Request, tok string) (user.Token, linkData, bool, error) {
	t, err := s.liveToken(r, tok, user.TokenLink)
	if err != nil {
		return t, linkData{}, false, err
	}
	var d linkData
	if err := json.Unmarshal([]byte(t.Data), &d); err != nil {
		return t, d, false, err
	}
	return t, d, boundBrowser(r, linkCookie, d.Browser), nil
}

// otherBrowser explains a mailed link opened elsewhere than where it was
// asked for; it is also what the owner sees if a stranger asked.
func (s *Site) otherBrowser(w http.ResponseWriter, r *http.Request, d linkData) error {
	return s.notice(w, r, http.StatusForbidden, "Open this link where you asked for it",
		"This link lets "+d.ProviderName+" sign in to your account, and it works only in the browser where you asked for it. "+
			"If you did not ask, ignore it: nothing changes on your account.",
		Link{"Your account", "/account"}, Link{"Back to the front page", "/"})
}

func (s *Site) showConfirmLink(w http.ResponseWriter, r *http.Request) error {
	_, d, same, err := s.mailedLink(r, r.URL.Query().Get("token"))
	if err != nil {
		return s.expired(w, r, err)
	}
	if !same {
		return s.otherBrowser(w, r, d)
	}
	return s.renderConfirm(w, r, user.TokenLink, r.URL.Query().Get("token"))
}

func (s *Site) confirmLink(w http.ResponseWriter, r *http.Request) error {
	tok := r.PostFormValue("token")
	_, d, same, err := s.mailedLink(r, tok)
	if err != nil {
		return s.expired(w, r, err)
	}
	if !same {
		return s.otherBrowser(w, r, d)
	}
	// Looked up (and counted) just now: used without counting again.
	t, err := s.Store.UseUserToken(r.Context(), user.HashSecret(tok), user.TokenLink, s.now())
	if err != nil {
		return s.expired(w, r, err)
	}
	u, err := s.Store.User(r.Context(), t.UserID)
	if err != nil {
		return s.expired(w, r, err)
	}
	return s.link(w, r, u, d)
}

func (s *Site) link(w http.ResponseWriter, r *http.Request, u user.User, d linkData) error {
	if err := s.Store.LinkIdentity(r.Context(), d.Provider, d.Subject, u.Email, u.ID); errors.Is(err, apperr.Conflict) {
		return s.notice(w, r, http.StatusConflict, d.ProviderName+" signs in to another account",
			"This "+d.ProviderName+" account was linked to another account in the meantime.", Link{"Sign in", "/account/login"})
	} else if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: linkCookie, Value: "", Path: "/account/link", HttpOnly: true, Secure: s.Sessions.SecureCookie,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	if u.Role.Staff() {
		s.audit(r, u.ID, "account.link", "user "+strconv.FormatInt(u.ID, 10), d.ProviderName)
	}
	// The password or the mailbox was proven just now.
	return s.signInWith(w, r, u, session.SafeNext(d.Next, "/account?done=linked"), s.now())
}

// reauthWindow is how long before the provider's answer the person may have
// proved who they are there: the time it took to answer, and clocks that
// differ a little.
const reauthWindow = 2 * time.Minute

// confirmIdentity sends a signed-in account without a password to one of its
// providers, which asks the person to sign in again; see finishReauth.
func (s *Site) confirmIdentity(w http.ResponseWriter, r *http.Request, ss user.Session, u user.User) error {
	p, err := s.provider(r)
	if err != nil {
		return err
	}
	ids, err := s.Store.Identities(r.Context(), u.ID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(ids, func(id user.Identity) bool { return id.Provider == p.ID }) {
		return apperr.NotFound
	}
	next := session.SafeNext(r.PostFormValue("next"), "/account")
	return s.beginOIDC(w, r, p, oidcData{Provider: p.ID, Next: next, LinkTo: u.ID, Session: ss.Hash, Reauth: true})
}

// finishReauth takes the provider's answer to confirmIdentity: the same
// session, the same person at the provider, who signed in there just now.
func (s *Site) finishReauth(w http.ResponseWriter, r *http.Request, p oidc.Provider, t user.Token, d oidcData, claims oidc.Claims) error {
	ctx := r.Context()
	ss, u, ok, err := s.reader(r)
	if err != nil {
		return err
	}
	if !ok || u.ID != d.LinkTo || ss.Hash != d.Session {
		return s.oidcRefused(w, r, p, &oidc.Error{Kind: oidc.ErrState, Reason: "You were signed out in the meantime. Sign in and try again."})
	}
	owner, err := s.Store.UserByIdentity(ctx, p.ID, claims.Subject)
	if errors.Is(err, apperr.NotFound) || (err == nil && owner.ID != u.ID) {
		return s.oidcRefused(w, r, p, &oidc.Error{Kind: oidc.ErrState,
			Reason: "You signed in to another " + p.Name + " account than the one linked to this account. Sign in to " + p.Name + " as yourself and try again."})
	}
	if err != nil {
		return err
	}
	if claims.AuthTime.IsZero() || claims.AuthTime.Before(t.CreatedAt.Add(-reauthWindow)) {
		return s.oidcRefused(w, r, p, &oidc.Error{Kind: oidc.ErrState,
			Reason: p.Name + " did not ask you to sign in again, so we could not confirm it is you. Please try again."})
	}
	if err := s.Store.SetSessionAuth(ctx, ss.Hash, s.now().UTC()); err != nil {
		return err
	}
	http.Redirect(w, r, session.SafeNext(d.Next, "/account"), http.StatusSeeOther)
	return nil
}
