// Package alert is readers' news alerts by email: what a subscription asks
// for (breaking news, a daily digest, chosen sections), confirmed twice (the
// form, then a mailed link), and the links in every alert that manage it or
// end it in one click. It must not import store or web.
package alert

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"time"

	"broadsheet/internal/apperr"
)

// Status is where a subscription stands.
type Status string

const (
	Active       Status = "active"
	Unsubscribed Status = "unsubscribed"
)

// Choices are what a reader asks to receive.
type Choices struct {
	Breaking bool    `json:"breaking"`
	Digest   bool    `json:"digest"`
	Sections []int64 `json:"sections,omitempty"` // top-level sections' new stories
}

// Empty reports whether nothing is asked for.
func (c Choices) Empty() bool { return !c.Breaking && !c.Digest && len(c.Sections) == 0 }

// MaxSections bounds the sections one subscription follows.
const MaxSections = 50

// Validate checks the choices; known are the sections that may be chosen.
func (c *Choices) Validate(known map[int64]bool) error {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range c.Sections {
		if !known[id] {
			return apperr.FieldError("sections", "Choose among the sections listed.")
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	if len(out) > MaxSections {
		return apperr.FieldError("sections", fmt.Sprintf("Choose at most %d sections.", MaxSections))
	}
	c.Sections = out
	if c.Empty() {
		return apperr.FieldError("choices", "Choose at least one kind of alert.")
	}
	return nil
}

// Subscription is one address's alerts.
type Subscription struct {
	ID             int64
	Email          string
	Choices        Choices
	Status         Status
	CreatedAt      time.Time
	ConfirmedAt    time.Time
	UnsubscribedAt time.Time
}

// ErrNotFound is a subscription that does not exist.
var ErrNotFound = fmt.Errorf("alert: %w", apperr.NotFound)

// Token is the secret in a subscription's manage and unsubscribe links. It
// is computed, not stored (an HMAC of the subscription with the site's key),
// so every alert can carry it, and it changes with the address.
func Token(key []byte, id int64, email string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("alert-subscription\x00" + strconv.FormatInt(id, 10) + "\x00" + email))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:24])
}

// CheckToken tells whether tok is the subscription's token.
func CheckToken(key []byte, id int64, email, tok string) bool {
	return len(tok) < 100 && hmac.Equal([]byte(Token(key, id, email)), []byte(tok))
}

// Counts counts subscriptions: active ones by what they receive, and those
// that ended.
type Counts struct {
	Active, Breaking, Digest, Sections, Unsubscribed int
	Browsers                                         int // taking breaking news by Web Push
}

// Send is how one breaking-news alert's messages stand: waiting (or
// retrying), sent, and given up.
type Send struct {
	ArticleID            int64
	Headline             string
	QueuedAt             time.Time
	Queued, Sent, Failed int
	// The same for browsers (Web Push); Gone counts browsers that had left
	// their push service.
	PushQueued, PushSent, PushFailed, PushGone int
}

// JobDigest is the job kind that sends one day's digest; one is queued per
// day (keyed by the day), at the hour the settings say.
const JobDigest = "alert.digest"

// DigestPayload names the day of a digest, in the site's time zone, and
// the hour it was queued for (changing the setting later moves the next
// digest, not this one's window).
type DigestPayload struct {
	Day  string `json:"day"` // 2006-01-02
	Hour *int   `json:"hour,omitempty"`
}

// NextDigest is the next digest at or after now: its day and its time.
func NextDigest(now time.Time, loc *time.Location, hour int) (string, time.Time) {
	local := now.In(loc)
	at := time.Date(local.Year(), local.Month(), local.Day(), hour, 0, 0, 0, loc)
	if at.Before(local) {
		at = time.Date(local.Year(), local.Month(), local.Day()+1, hour, 0, 0, 0, loc)
	}
	return at.Format("2006-01-02"), at
}

// DigestWindow is the day a digest covers: from the previous day's digest
// time to this one's, by the calendar, so that a clock change neither skips
// nor repeats an hour of stories.
func DigestWindow(day string, loc *time.Location, hour int) (start, end time.Time, err error) {
	d, err := time.ParseInLocation("2006-01-02", day, loc)
	if err != nil {
		return start, end, fmt.Errorf("alert: digest day %q: %w", day, apperr.Invalid)
	}
	end = time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, loc)
	return time.Date(d.Year(), d.Month(), d.Day()-1, hour, 0, 0, 0, loc), end, nil
}

// PushSubscription is one browser that takes breaking news by Web Push: its
// push service's address and the keys its messages are encrypted to. Nothing
// else about the reader is kept.
type PushSubscription struct {
	ID        int64
	Endpoint  string
	P256dh    string
	Auth      string
	CreatedAt time.Time
}

// MaxPushSubscriptions bounds the browsers kept, so that strangers cannot
// fill the database.
const MaxPushSubscriptions = 1_000_000

// PushGone is the outcome of a push alert whose browser had left its push
// service (the subscription is then forgotten).
const PushGone = "the browser had left its push service"

// JobPush is the job kind that sends one breaking-news alert to one browser.
const JobPush = "alert.push"

// PushPayload is one push alert: the browser, and the message, composed
// once for the story when its alerts are queued (so sending to a million
// browsers reads the story once, not a million times).
type PushPayload struct {
	SubscriptionID int64  `json:"subscription_id"`
	ArticleID      int64  `json:"article_id"`
	Title          string `json:"title"`
	Body           string `json:"body"`
	URL            string `json:"url"`
	Tag            string `json:"tag"`
	TTL            int    `json:"ttl"` // seconds the push service keeps it for a browser that is away
}
