// Package session signs people in and out, readers and staff alike: the
// session cookie, the password check (bounded in memory and throttled by
// address and account), and the client's address. The reader site and the
// newsroom share it, so a sign-in means the same everywhere. It reaches
// storage only through the interface below.
package session

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/throttle"
	"broadsheet/internal/user"
)

// Cookie is the session cookie's name; it holds a random token whose hash is
// the session's key.
const Cookie = "bs_session"

// HintCookie tells the reader site's script that someone is signed in, so it
// asks for the personal part of a page only then. It holds no secret.
const HintCookie = "bs_signed_in"

// Store is what sessions need from storage.
type Store interface {
	CreateSession(ctx context.Context, s user.Session) error
	Session(ctx context.Context, hash string) (user.Session, user.User, error)
	DeleteSession(ctx context.Context, hash string) error
	UserByEmail(ctx context.Context, email string) (user.User, error)
}

// Manager starts, loads and ends sessions.
type Manager struct {
	Store        Store
	Limiter      *throttle.Limiter
	SecureCookie bool

	// hashing bounds concurrent password checks: each argon2id check takes
	// 64 MiB, so a flood of sign-ins must queue, not exhaust memory.
	once    sync.Once
	hashing chan struct{}
}

// Refusals of a sign-in.
var (
	// ErrCredentials: no active account has this email and password; the
	// same whether or not the email has an account (see MsgCredentials).
	ErrCredentials = fmt.Errorf("session: no active account with that email and password: %w", apperr.Unauthorized)
	// ErrBusy: too many password checks are running (see MsgBusy).
	ErrBusy = errors.New("session: too many sign-ins at once")
)

// What people are told.
const (
	MsgCredentials = "That email address and password do not match an active account."
	MsgBusy        = "The site is busy signing people in. Try again in a moment."
)

// CheckPassword finds the active account with this email and password. It
// counts the attempt against the address and the account before the costly
// check, so a flood is refused cheaply; a success takes the count back.
// Refusals are ErrCredentials, ErrBusy or *throttle.Limited.
func (m *Manager) CheckPassword(ctx context.Context, email, password, ip string) (user.User, error) {
	email, _ = user.CheckEmail(email)
	if email == "" || password == "" || len(email) > 254 || len(password) > 1000 {
		return user.User{}, ErrCredentials
	}
	pairs := []throttle.Pair{{Rule: user.SignInPerAddress, Key: ip}, {Rule: user.SignInPerAccount, Key: email}}
	if err := m.Limiter.Take(ctx, "sign-in attempts", pairs...); err != nil {
		return user.User{}, err
	}
	release, err := m.slot(ctx)
	if err != nil {
		return user.User{}, err
	}
	defer release()
	u, err := m.Store.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, apperr.NotFound) {
		return user.User{}, err
	}
	if err != nil || !u.HasPassword() {
		user.CheckNoUser(password) // the same time as a real check: timing tells nothing
		return user.User{}, ErrCredentials
	}
	if !user.CheckPassword(u.PasswordHash, password) || u.Disabled {
		return user.User{}, ErrCredentials
	}
	// A success is not a failure: take back the attempts counted above, so
	// that many people signing in from one office address are never
	// stopped; the account's earlier failures go too, as its owner is here.
	if err := m.Limiter.Forget(ctx, user.SignInPerAddress, ip); err != nil {
		return user.User{}, err
	}
	if err := m.Limiter.Clear(ctx, user.SignInPerAccount, email); err != nil {
		return user.User{}, err
	}
	return u, nil
}

// slot waits for a free password-hashing slot: each argon2id hash takes 64
// MiB, so at most one per core runs at once, whatever the flood.
func (m *Manager) slot(ctx context.Context) (func(), error) {
	m.once.Do(func() { m.hashing = make(chan struct{}, max(1, runtime.NumCPU())) })
	select {
	case m.hashing <- struct{}{}:
		return func() { <-m.hashing }, nil
	case <-time.After(5 * time.Second):
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// HashPassword hashes a new password in one of the bounded slots, so that
// sign-ups and resets cannot exhaust memory either.
func (m *Manager) HashPassword(ctx context.Context, pw string) (string, error) {
	release, err := m.slot(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return user.HashPassword(pw)
}

// ClearFailures forgets an account's failed sign-ins, after its owner proved
// themselves another way (a reset link from their mailbox).
func (m *Manager) ClearFailures(ctx context.Context, email string) error {
	return m.Limiter.Clear(ctx, user.SignInPerAccount, email)
}

// Start signs u in on this browser, who has just proved who they are (a
// password or a mailed link).
func (m *Manager) Start(ctx context.Context, w http.ResponseWriter, u user.User) (user.Session, error) {
	return m.StartAuthAt(ctx, w, u, time.Now().UTC())
}

// StartAuthAt signs u in on this browser; authAt is when they last proved who
// they are (zero when a provider signed them in without saying).
func (m *Manager) StartAuthAt(ctx context.Context, w http.ResponseWriter, u user.User, authAt time.Time) (user.Session, error) {
	tok, hash, err := user.NewSecret("")
	if err != nil {
		return user.Session{}, err
	}
	csrf, _, err := user.NewSecret("")
	if err != nil {
		return user.Session{}, err
	}
	now := time.Now().UTC()
	if authAt.After(now) {
		authAt = now
	}
	s := user.Session{Hash: hash, UserID: u.ID, CSRF: csrf, CreatedAt: now, ExpiresAt: now.Add(user.SessionLifetime), AuthAt: authAt}
	if err := m.Store.CreateSession(ctx, s); err != nil {
		return user.Session{}, err
	}
	http.SetCookie(w, &http.Cookie{Name: Cookie, Value: tok, Path: "/", HttpOnly: true, Secure: m.SecureCookie,
		SameSite: http.SameSiteLaxMode, Expires: s.ExpiresAt})
	http.SetCookie(w, &http.Cookie{Name: HintCookie, Value: "1", Path: "/", Secure: m.SecureCookie,
		SameSite: http.SameSiteLaxMode, Expires: s.ExpiresAt})
	return s, nil
}

// Load returns the session and the (enabled) user of the request; apperr.NotFound
// when there is none.
func (m *Manager) Load(r *http.Request) (user.Session, user.User, error) {
	c, err := r.Cookie(Cookie)
	if err != nil || c.Value == "" || len(c.Value) > 200 {
		return user.Session{}, user.User{}, fmt.Errorf("session: no cookie: %w", apperr.NotFound)
	}
	return m.Store.Session(r.Context(), user.HashSecret(c.Value))
}

// End signs this browser out.
func (m *Manager) End(ctx context.Context, w http.ResponseWriter, s user.Session) error {
	if s.Hash != "" {
		if err := m.Store.DeleteSession(ctx, s.Hash); err != nil {
			return err
		}
	}
	m.Forget(w)
	return nil
}

// Forget clears the session cookies (after an account is deleted, say).
func (m *Manager) Forget(w http.ResponseWriter) {
	for _, name := range []string{Cookie, HintCookie} {
		http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", HttpOnly: name == Cookie, Secure: m.SecureCookie,
			SameSite: http.SameSiteLaxMode, MaxAge: -1})
	}
}

// ClientIP is the address the request came from. Behind a proxy it is the
// proxy's; trusted forwarding headers are a later addition.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// AddressKey is the client's address as the throttles count it: an IPv4
// address whole, an IPv6 address by its /64 network, since one home or phone
// is given a whole /64 and can pick a new address in it for every request.
func AddressKey(r *http.Request) string {
	ip := net.ParseIP(ClientIP(r))
	switch {
	case ip == nil:
		return ClientIP(r)
	case ip.To4() != nil:
		return ip.To4().String()
	}
	return (&net.IPNet{IP: ip.Mask(net.CIDRMask(64, 128)), Mask: net.CIDRMask(64, 128)}).String()
}

// CSRFOK reports whether a state-changing request carries the session's CSRF
// token, in a form field or (from scripts) the X-CSRF-Token header.
func CSRFOK(r *http.Request, s user.Session) bool {
	tok := r.Header.Get("X-CSRF-Token")
	if tok == "" {
		tok = r.PostFormValue("csrf")
	}
	return tok != "" && s.CSRF != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(s.CSRF)) == 1
}

// SafeNext accepts only a path of this site as a place to return to.
func SafeNext(s, fallback string) string {
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") && !strings.HasPrefix(s, "/\\") &&
		!strings.ContainsAny(s, "\\\r\n\t\x00") && len(s) <= 2000 {
		return s
	}
	return fallback
}
