// Package comment owns readers' comments: what a comment is and its limits,
// the checks that keep spam and abuse out without any third-party service
// (honeypot, minimum time, links, blocked words, duplicates, bans, rate
// limits), the moderation policy and actions, and threading. Comments are
// plain text; they reach a page only as a richtext document. It must not
// import store or web.
package comment

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"broadsheet/internal/apperr"
	"broadsheet/internal/richtext"
	"broadsheet/internal/setting"
	"broadsheet/internal/user"

	"golang.org/x/text/unicode/norm"
)

// ErrNotFound is returned when no comment matches.
var ErrNotFound = fmt.Errorf("comment: %w", apperr.NotFound)

// Status is where a comment stands in moderation.
type Status string

const (
	Pending  Status = "pending"  // waiting for a moderator
	Approved Status = "approved" // shown to readers and counted
	Rejected Status = "rejected" // not shown
	Spam     Status = "spam"     // not shown; a robot's or an advertiser's
	Deleted  Status = "deleted"  // removed: its text is gone; a placeholder keeps its replies in place
)

// Statuses a moderator can list, in queue order.
var Statuses = []Status{Pending, Approved, Rejected, Spam, Deleted}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Comment is one comment.
type Comment struct {
	ID        int64
	ArticleID int64
	ParentID  int64
	Depth     int // 0 for a comment on the article, 1 for a reply, ...
	UserID    int64
	Name      string // as shown; "" once a reader deleted their account and kept their comments
	Email     string // a guest's address, or the account's: never published
	Body      string
	BodyHash  string
	Status    Status
	Staff     bool // written from a newsroom account
	IPHash    string
	CreatedAt time.Time
	EditedAt  time.Time

	ModeratedBy int64
	ModeratedAt time.Time

	// Filled in moderation lists.
	ArticleHeadline  string
	ArticleSectionID int64
	ArticleSlug      string
}

// DisplayName is the name shown above a comment.
func (c Comment) DisplayName() string {
	if c.Name == "" {
		return "Deleted reader"
	}
	return c.Name
}

// Doc is the comment as a document: paragraphs, line breaks and links made
// from web addresses; everything else shown as typed.
func (c Comment) Doc() richtext.Doc { return richtext.FromPlainText(c.Body) }

// Limits on what a reader sends.
const (
	MaxBody  = 5000 // characters
	MaxLines = 150
	MaxName  = 60
	// MaxBatch is how many comments one bulk action may touch.
	MaxBatch = 200
)

// Input is what a comment form or the API sends.
type Input struct {
	ArticleID int64
	ParentID  int64
	Name      string // guests only
	Email     string // guests only
	Body      string
}

// CleanBody keeps what a person typed and drops what only a program sends
// (richtext.CleanText).
func CleanBody(s string) string { return richtext.CleanText(s) }

// Validate cleans the input and checks it; guest says whether name and email
// are needed.
func (in *Input) Validate(guest bool) error {
	v := &apperr.Validation{}
	in.Body = CleanBody(in.Body)
	switch n := utf8.RuneCountInString(in.Body); {
	case n == 0:
		v.Add("body", "Write your comment.")
	case n > MaxBody:
		v.Add("body", fmt.Sprintf("Keep your comment to %d characters; it has %d.", MaxBody, n))
	case strings.Count(in.Body, "\n") >= MaxLines:
		v.Add("body", fmt.Sprintf("Use at most %d lines.", MaxLines))
	}
	if guest {
		in.Name = user.CleanName(in.Name)
		switch n := utf8.RuneCountInString(in.Name); {
		case n == 0:
			v.Add("name", "Enter your name.")
		case n > MaxName:
			v.Add("name", fmt.Sprintf("Use at most %d characters.", MaxName))
		}
		email, ok := user.CheckEmail(in.Email)
		in.Email = email
		if !ok {
			v.Add("email", "Enter your email address, such as name@example.com. It is never published.")
		}
	}
	return v.Err()
}

// Hash identifies a comment's text for duplicate detection: case, spacing and
// look-alike characters do not make a copy new.
func Hash(body string) string {
	s := strings.ToLower(norm.NFKC.String(body))
	s = strings.Join(strings.Fields(s), " ")
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

// CountLinks counts the web addresses a comment would show as links.
func CountLinks(body string) int {
	n := 0
	for _, b := range richtext.FromPlainText(body).Blocks {
		for _, in := range b.Inlines {
			if in.Href != "" {
				n++
			}
		}
	}
	return n
}

// Blocked returns the first blocked word or phrase found in the text, matched
// without regard to case, width or accents' composed forms, and only as whole
// words (so "ass" does not refuse "class"). An entry written with symbols
// ("a$$") is matched as written, symbols and all, so that it never shrinks
// to a single letter that would refuse every comment.
func Blocked(text string, words []string) (string, bool) {
	if len(words) == 0 {
		return "", false
	}
	t := " " + fold(text) + " "
	var raw string
	for _, w := range words {
		fw := fold(w)
		if fw == "" || fw != strings.Join(strings.Fields(strings.ToLower(norm.NFKC.String(w))), " ") {
			// The entry has symbols: match its exact (normalised) spelling.
			if raw == "" {
				raw = strings.ToLower(norm.NFKC.String(text))
			}
			if lw := strings.ToLower(norm.NFKC.String(strings.TrimSpace(w))); lw != "" && strings.Contains(raw, lw) {
				return w, true
			}
			continue
		}
		for i := 0; ; {
			j := strings.Index(t[i:], fw)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(fw)
			before, _ := utf8.DecodeLastRuneInString(t[:start])
			after, _ := utf8.DecodeRuneInString(t[end:])
			if !isWordRune(before) && !isWordRune(after) {
				return w, true
			}
			i = start + 1
		}
	}
	return "", false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// fold lower-cases, applies compatibility normalisation (full-width and
// styled letters become plain ones), drops invisible characters and turns
// every run of non-word characters into one space.
func fold(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r >= 0x200b && r <= 0x200f, r == 0x2060, r == 0xfeff, r == 0xad:
			continue
		case isWordRune(r):
			b.WriteRune(r)
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// Article is what the comment rules need to know of an article.
type Article struct {
	ID          int64
	Public      bool
	PublishedAt time.Time
	Closed      bool // closed by an editor
}

// ClosedReason says why an article takes no comments now, or "" if it does.
func ClosedReason(a Article, c setting.Comments, now time.Time) string {
	switch {
	case !c.Enabled:
		return "Comments are turned off on this site."
	case !a.Public:
		return "Comments open when the article is published."
	case a.Closed:
		return "Comments are closed on this article."
	case c.CloseAfterDays > 0 && !a.PublishedAt.IsZero() && now.After(a.PublishedAt.AddDate(0, 0, c.CloseAfterDays)):
		return fmt.Sprintf("Comments close %d days after an article is published.", c.CloseAfterDays)
	}
	return ""
}

// Refusal is a comment the site will not take, with a reason the writer can
// act on. What they typed is kept by the caller.
type Refusal struct{ Reason string }

func (e *Refusal) Error() string { return e.Reason }

// Unwrap makes a refusal an invalid input.
func (e *Refusal) Unwrap() error { return apperr.Invalid }

// Ban keeps an account or an email address from commenting.
type Ban struct {
	ID        int64
	Kind      string // BanAccount or BanEmail
	Value     string // a user id or an email address
	Email     string // for an account: its address when it was banned
	Reason    string
	CreatedBy int64
	CreatedAt time.Time
}

// Ban kinds.
const (
	BanAccount = "account"
	BanEmail   = "email"
)

// Action is a moderator's decision.
type Action string

const (
	Approve  Action = "approve"
	Reject   Action = "reject"
	MarkSpam Action = "spam"
	Delete   Action = "delete"
)

// Actions in the order the newsroom offers them.
var Actions = []Action{Approve, Reject, MarkSpam, Delete}

// Status is the status an action leads to.
func (a Action) Status() (Status, bool) {
	switch a {
	case Approve:
		return Approved, true
	case Reject:
		return Rejected, true
	case MarkSpam:
		return Spam, true
	case Delete:
		return Deleted, true
	}
	return "", false
}

// Label is the action for people.
func (a Action) Label() string {
	switch a {
	case MarkSpam:
		return "Mark as spam"
	}
	return strings.ToUpper(string(a[:1])) + string(a[1:])
}

// Filter selects comments for moderation.
type Filter struct {
	Status    Status // "" means any
	ArticleID int64
	Query     string // in the text, name or email
	Limit     int
	// Cursor: only comments strictly older than (BeforeTime, BeforeID).
	BeforeTime time.Time
	BeforeID   int64
	// OldestFirst lists in the order readers read, oldest first; its cursor
	// is (AfterTime, AfterID): only comments strictly newer.
	OldestFirst bool
	AfterTime   time.Time
	AfterID     int64
}
