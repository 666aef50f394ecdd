// Package user owns accounts, readers' and staff's alike: roles and what each
// may do, passwords (argon2id), sessions, API tokens and the single-use tokens
// mailed for sign-up, password reset and email change. It must not import
// store or web.
package user

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"broadsheet/internal/apperr"
	"broadsheet/internal/throttle"

	"golang.org/x/crypto/argon2"
)

// ErrNotFound is returned when no user matches.
var ErrNotFound = fmt.Errorf("user: %w", apperr.NotFound)

// Role is what an account is: a reader, or a newsroom role; each newsroom role
// includes what the ones before it may do. Readers never see the newsroom.
type Role string

const (
	Reader      Role = "reader"      // comments on the site; no newsroom access
	Contributor Role = "contributor" // writes drafts and submits them for review
	Author      Role = "author"      // also publishes own articles
	Editor      Role = "editor"      // also edits and publishes any article; sections, tags, authors, pages
	Admin       Role = "admin"       // also users and settings
)

// Roles are the newsroom roles in rising order.
var Roles = []Role{Contributor, Author, Editor, Admin}

// AllRoles are every role an account may have, readers first.
var AllRoles = []Role{Reader, Contributor, Author, Editor, Admin}

func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i + 1
		}
	}
	return 0
}

// Valid reports whether r is a known newsroom role.
func (r Role) Valid() bool { return r.rank() > 0 }

// Known reports whether r is any role, the reader's included.
func (r Role) Known() bool { return r == Reader || r.Valid() }

// Staff reports whether r belongs to the newsroom.
func (r Role) Staff() bool { return r.rank() > 0 }

// AtLeast reports whether r includes the rights of min.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() && r.rank() > 0 }

// User is an account: a reader or a member of staff.
type User struct {
	ID             int64
	Email          string
	Name           string
	Role           Role
	PasswordHash   string // empty for accounts that sign in only through another provider
	AuthorID       int64  // the author profile that signs this user's articles; 0 if none
	Disabled       bool
	NotifyComments bool // mail this moderator when comments wait
	CreatedAt      time.Time
}

// IsStaff reports whether u may enter the newsroom.
func (u User) IsStaff() bool { return u.ID != 0 && !u.Disabled && u.Role.Staff() }

// HasPassword reports whether the account can sign in with a password.
func (u User) HasPassword() bool { return u.PasswordHash != "" }

// Permission names something a role may do outside articles.
type Permission int

const (
	ManageTaxonomy Permission = iota // sections, tags, authors, static pages
	ManageUsers
	ManageSettings
	PublishOwn
	PublishAny
	EditAny
	ModerateComments
	ManageAds // house ads; ad-network code and the placements need ManageSettings
)

// Can reports whether the user may do p.
func (u User) Can(p Permission) bool {
	if u.Disabled || u.ID == 0 {
		return false
	}
	switch p {
	case ManageUsers, ManageSettings:
		return u.Role.AtLeast(Admin)
	case ManageTaxonomy, PublishAny, EditAny, ModerateComments, ManageAds:
		return u.Role.AtLeast(Editor)
	case PublishOwn:
		return u.Role.AtLeast(Author)
	}
	return false
}

// Input is what a form or command gives to create or change a user.
type Input struct {
	Email, Name, Password string
	Role                  Role
}

// MinPassword is the shortest password accepted.
const MinPassword = 10

// Validate checks an input; Password is checked only when required or given.
func (in *Input) Validate(passwordRequired bool) error {
	v := &apperr.Validation{}
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Name = strings.TrimSpace(in.Name)
	if _, ok := CheckEmail(in.Email); !ok {
		v.Add("email", "Enter an email address such as name@example.com.")
	}
	in.Name = CleanName(in.Name)
	if in.Name == "" {
		v.Add("name", "Enter a name.")
	} else if utf8.RuneCountInString(in.Name) > MaxName {
		v.Add("name", fmt.Sprintf("Use at most %d characters.", MaxName))
	}
	if !in.Role.Known() {
		v.Add("role", "Choose reader, contributor, author, editor or admin.")
	}
	if passwordRequired || in.Password != "" {
		if msg := CheckNewPassword(in.Password); msg != "" {
			v.Add("password", msg)
		}
	}
	return v.Err()
}

// MaxName is the longest display name, in characters.
const MaxName = 100

// CheckNewPassword returns what is wrong with a password someone chose, or "".
func CheckNewPassword(pw string) string {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPassword:
		return fmt.Sprintf("Use at least %d characters.", MinPassword)
	case len(pw) > 1000:
		return "Use at most 1000 bytes."
	}
	return ""
}

// CheckEmail normalises an email address (trimmed, lower case) and reports
// whether it is a plain address of at most 254 bytes.
func CheckEmail(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	return s, err == nil && a.Address == s && len(s) <= 254 && !strings.ContainsAny(s, "\x00\r\n")
}

// CleanName makes a display name safe to show next to others: no control
// characters, no invisible or direction-changing characters (which can make
// "Admin" out of other letters or reverse a name's reading), and single spaces.
func CleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			return -1
		case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2060 && r <= 0x2069, r == 0xfeff, r == 0xfffe, r == 0xffff:
			return -1
		case r == utf8.RuneError:
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// argon2id parameters (RFC 9106's second recommended option, lighter memory).
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// HashPassword returns an encoded argon2id hash with a random salt.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches an encoded hash, in constant time.
func CheckPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 1<<20 || t > 20 || p == 0 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked when no user matches, so timing does not tell whether
// an email has an account.
var dummyHash, _ = HashPassword("not a real password, only for timing")

// CheckNoUser spends the time a password check would.
func CheckNoUser(pw string) { CheckPassword(dummyHash, pw) }

// NewSecret returns a random token to give out and the hash to store.
// Only hashes are stored, so a copy of the database does not sign anyone in.
func NewSecret(prefix string) (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashSecret(token), nil
}

// HashSecret is the stored form of a session id or API token.
func HashSecret(token string) string {
	s := sha256.Sum256([]byte(token))
	return hex.EncodeToString(s[:])
}

// Session is a signed-in browser.
type Session struct {
	Hash      string
	UserID    int64
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
	// AuthAt is when the person at this browser last proved who they are:
	// a password, a mailed link, or a provider that asked them again. Zero
	// when a provider signed them in without saying it asked.
	AuthAt time.Time
}

// Sign-in limits: failures per network address and per account. A person who
// forgot their password is never locked out for good: the window slides, and
// a password reset clears the account's count.
var (
	SignInPerAddress = throttle.Rule{Name: "signin-ip", Max: 8, Window: 15 * time.Minute}
	SignInPerAccount = throttle.Rule{Name: "signin-account", Max: 8, Window: 15 * time.Minute}
)

// SessionLifetime is how long a session lasts.
const SessionLifetime = 14 * 24 * time.Hour

// TokenKind names what a mailed or remembered single-use token is for.
type TokenKind string

const (
	// TokenSignup carries a sign-up until its email is proven; the account is
	// made only then, so nobody can hold an address they do not own.
	TokenSignup TokenKind = "signup"
	// TokenReset sets a new password.
	TokenReset TokenKind = "reset"
	// TokenEmail moves an account to a new, proven address.
	TokenEmail TokenKind = "email"
	// TokenLink links an account at another provider once its email is
	// proven: it is only ever mailed.
	TokenLink TokenKind = "link"
	// TokenLinkPending is a link in progress, kept in the cookie of the
	// browser that signed in at the provider. That browser belongs to whoever
	// holds the provider account, not necessarily to the owner of the
	// address, so it proves nothing: it only waits for the owner's password,
	// or asks for a TokenLink to be mailed.
	TokenLinkPending TokenKind = "link-pending"
	// TokenOIDC holds the secrets of a sign-in at another provider in progress.
	TokenOIDC TokenKind = "oidc"
	// TokenAlerts confirms a news alerts subscription (double opt-in).
	TokenAlerts TokenKind = "alerts"
)

// Lifetime is how long a token of the kind stays usable.
func (k TokenKind) Lifetime() time.Duration {
	switch k {
	case TokenReset:
		return time.Hour
	case TokenOIDC:
		return 10 * time.Minute
	case TokenLink, TokenLinkPending:
		return 30 * time.Minute
	}
	return 24 * time.Hour
}

// Token is a stored single-use token: only its hash is kept.
type Token struct {
	Hash      string
	Kind      TokenKind
	UserID    int64  // the account it acts on; 0 for a sign-up
	Email     string // the address it was mailed to
	Data      string // JSON the flow needs back (a sign-up's name and password hash, ...)
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Identity is an account at another provider (OpenID Connect) that signs in
// as a user.
type Identity struct {
	Provider  string // the provider's id in this site's settings
	Subject   string // the provider's unchanging id for the person
	Email     string // the address the provider gave when it was linked
	UserID    int64
	CreatedAt time.Time
}
