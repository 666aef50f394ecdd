// Package user owns newsroom staff: accounts, roles and what each role may do,
// passwords (argon2id), sessions and API tokens. It must not import store or web.
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

	"golang.org/x/crypto/argon2"
)

// ErrNotFound is returned when no user matches.
var ErrNotFound = fmt.Errorf("user: %w", apperr.NotFound)

// Role is a newsroom role; each includes what the ones before it may do.
type Role string

const (
	Contributor Role = "contributor" // writes drafts and submits them for review
	Author      Role = "author"      // also publishes own articles
	Editor      Role = "editor"      // also edits and publishes any article; sections, tags, authors, pages
	Admin       Role = "admin"       // also users and settings
)

// Roles in rising order.
var Roles = []Role{Contributor, Author, Editor, Admin}

func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i + 1
		}
	}
	return 0
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.rank() > 0 }

// AtLeast reports whether r includes the rights of min.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() && r.rank() > 0 }

// User is a member of staff.
type User struct {
	ID           int64
	Email        string
	Name         string
	Role         Role
	PasswordHash string
	AuthorID     int64 // the author profile that signs this user's articles; 0 if none
	Disabled     bool
	CreatedAt    time.Time
}

// Permission names something a role may do outside articles.
type Permission int

const (
	ManageTaxonomy Permission = iota // sections, tags, authors, static pages
	ManageUsers
	ManageSettings
	PublishOwn
	PublishAny
	EditAny
)

// Can reports whether the user may do p.
func (u User) Can(p Permission) bool {
	if u.Disabled || u.ID == 0 {
		return false
	}
	switch p {
	case ManageUsers, ManageSettings:
		return u.Role.AtLeast(Admin)
	case ManageTaxonomy, PublishAny, EditAny:
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
	if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 254 {
		v.Add("email", "Enter an email address such as name@example.com.")
	}
	if in.Name == "" {
		v.Add("name", "Enter a name.")
	} else if utf8.RuneCountInString(in.Name) > 100 {
		v.Add("name", "Use at most 100 characters.")
	}
	if !in.Role.Valid() {
		v.Add("role", "Choose contributor, author, editor or admin.")
	}
	if passwordRequired || in.Password != "" {
		switch n := utf8.RuneCountInString(in.Password); {
		case n < MinPassword:
			v.Add("password", fmt.Sprintf("Use at least %d characters.", MinPassword))
		case len(in.Password) > 1000:
			v.Add("password", "Use at most 1000 bytes.")
		}
	}
	return v.Err()
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
}

// SessionLifetime is how long a newsroom session lasts.
const SessionLifetime = 14 * 24 * time.Hour
