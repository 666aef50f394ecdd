package comment

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/setting"
	"broadsheet/internal/throttle"
	"broadsheet/internal/user"
)

// Store is what the comment rules need from storage.
type Store interface {
	// CreateComment inserts c (setting its ID) and, when it is approved,
	// recounts its article's comments in the same transaction.
	CreateComment(ctx context.Context, c *Comment) error
	Comment(ctx context.Context, id int64) (Comment, error)
	// HasApprovedComment reports whether the account (or, for a guest, the
	// email address) has had a comment approved.
	HasApprovedComment(ctx context.Context, userID int64, email string) (bool, error)
	// DuplicateComment reports whether the same text was sent since then by
	// the same account, email or address, or to the same article by anyone.
	DuplicateComment(ctx context.Context, c Comment, since time.Time) (bool, error)
	Banned(ctx context.Context, userID int64, email string) (bool, error)
	// ModerateComments moves comments to a status (Deleted also removes
	// their text) and recounts their articles, in one transaction. It returns
	// the comments as they were before.
	ModerateComments(ctx context.Context, ids []int64, to Status, by int64, at time.Time) ([]Comment, error)
	EditComment(ctx context.Context, id int64, body, hash string, by int64, at time.Time) error
	AddBan(ctx context.Context, b *Ban) error
}

// Service applies the comment rules around the store.
type Service struct {
	Store   Store
	Limiter *throttle.Limiter
	Now     func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Rate limits for comments: per network address and per writer (account or
// guest email). Generous for a person, tight for a script.
var (
	PerAddress = throttle.Rule{Name: "comment-ip", Max: 6, Window: 10 * time.Minute}
	PerWriter  = throttle.Rule{Name: "comment-writer", Max: 5, Window: 10 * time.Minute}
	PerDay     = throttle.Rule{Name: "comment-ip-day", Max: 60, Window: 24 * time.Hour}
)

// Post is a comment being sent, with what the checks need to know.
type Post struct {
	Input
	Author   user.User // zero for a guest
	Article  Article
	Settings setting.Comments
	IPHash   string // a keyed hash of the sender's address
	Honeypot string // a field people never see; robots fill it in
	Shown    time.Time
}

// Create checks a comment and stores it, held or published as the site's
// moderation policy says. Refusals are *Refusal, *throttle.Limited or field
// validation errors, each with a reason the writer can act on.
func (s *Service) Create(ctx context.Context, p Post) (Comment, error) {
	now := s.now()
	if reason := ClosedReason(p.Article, p.Settings, now); reason != "" {
		return Comment{}, &Refusal{Reason: reason}
	}
	guest := p.Author.ID == 0
	if guest && !p.Settings.Guests {
		return Comment{}, &Refusal{Reason: "Sign in or create an account to comment."}
	}
	if !guest && p.Author.Disabled {
		return Comment{}, fmt.Errorf("comment: disabled account: %w", apperr.Unauthorized)
	}
	in := p.Input
	if err := in.Validate(guest); err != nil {
		return Comment{}, err
	}
	if strings.TrimSpace(p.Honeypot) != "" {
		return Comment{}, &Refusal{Reason: "Your comment was not posted because the field marked “leave this empty” was filled in. Clear it and send again."}
	}
	if p.Settings.MinSeconds > 0 && !p.Shown.IsZero() && now.Sub(p.Shown) < time.Duration(p.Settings.MinSeconds)*time.Second {
		return Comment{}, &Refusal{Reason: "That was quicker than anyone can read and write. Wait a few seconds, then send your comment again."}
	}
	if n := CountLinks(in.Body); n > p.Settings.MaxLinks {
		msg := fmt.Sprintf("Use at most %d links in a comment; this one has %d.", p.Settings.MaxLinks, n)
		if p.Settings.MaxLinks == 0 {
			msg = "Links are not accepted in comments here. Remove the web addresses and send again."
		}
		return Comment{}, apperr.FieldError("body", msg)
	}
	words := p.Settings.BlockedWords()
	if w, ok := Blocked(in.Body, words); ok {
		return Comment{}, apperr.FieldError("body", "This site does not accept comments containing “"+w+"”. Change it and send again.")
	}
	c := Comment{ArticleID: p.Article.ID, Body: in.Body, BodyHash: Hash(in.Body), IPHash: p.IPHash, CreatedAt: now}
	if guest {
		if w, ok := Blocked(in.Name, words); ok {
			return Comment{}, apperr.FieldError("name", "This site does not accept “"+w+"” in a name.")
		}
		c.Name, c.Email = in.Name, in.Email
	} else {
		c.UserID, c.Name, c.Email, c.Staff = p.Author.ID, p.Author.Name, p.Author.Email, p.Author.Role.Staff()
	}
	banned, err := s.Store.Banned(ctx, c.UserID, c.Email)
	if err != nil {
		return Comment{}, err
	}
	if banned {
		return Comment{}, &Refusal{Reason: "This account or email address can no longer comment on this site. If you think this is a mistake, use the contact page."}
	}
	if in.ParentID != 0 {
		parent, err := s.Store.Comment(ctx, in.ParentID)
		if errors.Is(err, apperr.NotFound) || (err == nil && (parent.ArticleID != c.ArticleID || parent.Status != Approved)) {
			return Comment{}, &Refusal{Reason: "The comment you are replying to is no longer shown. Your text is below: post it as a new comment instead."}
		}
		if err != nil {
			return Comment{}, err
		}
		if parent.Depth+1 >= max(p.Settings.MaxDepth, 1) {
			return Comment{}, &Refusal{Reason: "Replies cannot go any deeper here. Reply to an earlier comment in the thread instead."}
		}
		c.ParentID, c.Depth = parent.ID, parent.Depth+1
	}
	writer := c.Email
	if c.UserID != 0 {
		writer = "user:" + strconv.FormatInt(c.UserID, 10)
	}
	// Counted before the duplicate check and the write, so that a burst sent
	// at once gets no more through than the limits; taken back if refused.
	pairs := []throttle.Pair{{Rule: PerAddress, Key: c.IPHash}, {Rule: PerDay, Key: c.IPHash}, {Rule: PerWriter, Key: writer}}
	if s.Limiter != nil {
		if err := s.Limiter.Take(ctx, "comments", pairs...); err != nil {
			return Comment{}, err
		}
	}
	if err := s.create(ctx, &c, p); err != nil {
		if s.Limiter != nil {
			if ferr := s.Limiter.ForgetAll(ctx, pairs...); ferr != nil {
				return Comment{}, errors.Join(err, ferr)
			}
		}
		return Comment{}, err
	}
	return c, nil
}

// create stores a comment that passed every check but the last: a comment
// already posted is refused.
func (s *Service) create(ctx context.Context, c *Comment, p Post) error {
	dup, err := s.Store.DuplicateComment(ctx, *c, c.CreatedAt.Add(-24*time.Hour))
	if err != nil {
		return err
	}
	if dup {
		return &Refusal{Reason: "This comment has already been posted. There is no need to send it twice."}
	}
	if c.Status, err = s.policy(ctx, *c, p); err != nil {
		return err
	}
	return s.Store.CreateComment(ctx, c)
}

// policy decides whether a new comment waits for a moderator.
func (s *Service) policy(ctx context.Context, c Comment, p Post) (Status, error) {
	if p.Author.Can(user.ModerateComments) {
		return Approved, nil // moderators do not moderate themselves
	}
	switch p.Settings.Moderation {
	case setting.HoldNone:
		return Approved, nil
	case setting.HoldFirst:
		ok, err := s.Store.HasApprovedComment(ctx, c.UserID, c.Email)
		if err != nil || !ok {
			return Pending, err
		}
		return Approved, nil
	}
	return Pending, nil
}

// Moderate applies an action to comments as actor, returning the comments as
// they were before.
func (s *Service) Moderate(ctx context.Context, actor user.User, ids []int64, a Action) ([]Comment, error) {
	if !actor.Can(user.ModerateComments) {
		return nil, fmt.Errorf("comment: moderate: %w", apperr.Forbidden)
	}
	to, ok := a.Status()
	if !ok {
		return nil, apperr.FieldError("action", "Choose approve, reject, spam or delete.")
	}
	ids = uniqueIDs(ids)
	if len(ids) == 0 {
		return nil, apperr.FieldError("ids", "Choose at least one comment.")
	}
	if len(ids) > MaxBatch {
		return nil, apperr.FieldError("ids", fmt.Sprintf("Choose at most %d comments at once.", MaxBatch))
	}
	return s.Store.ModerateComments(ctx, ids, to, actor.ID, s.now())
}

// Edit changes a comment's text as a moderator (to remove a slur or a phone
// number, say); the comment is marked as edited.
func (s *Service) Edit(ctx context.Context, actor user.User, id int64, body string) (Comment, error) {
	if !actor.Can(user.ModerateComments) {
		return Comment{}, fmt.Errorf("comment: edit: %w", apperr.Forbidden)
	}
	c, err := s.Store.Comment(ctx, id)
	if err != nil {
		return Comment{}, err
	}
	if c.Status == Deleted {
		return c, apperr.FieldError("body", "A deleted comment cannot be edited.")
	}
	in := Input{Body: body}
	if err := in.Validate(false); err != nil {
		return c, err
	}
	// The comment returned is the one stored: the same hash and edit time.
	hash, at := Hash(in.Body), s.now()
	if err := s.Store.EditComment(ctx, id, in.Body, hash, actor.ID, at); err != nil {
		return c, err
	}
	c.Body, c.BodyHash, c.EditedAt = in.Body, hash, at
	return c, nil
}

// BanWriter bans the writer of a comment: their account, or a guest's email.
func (s *Service) BanWriter(ctx context.Context, actor user.User, c Comment, reason string) (Ban, error) {
	if !actor.Can(user.ModerateComments) {
		return Ban{}, fmt.Errorf("comment: ban: %w", apperr.Forbidden)
	}
	b := Ban{Reason: oneLine(reason, 200), CreatedBy: actor.ID, CreatedAt: s.now()}
	switch {
	case c.UserID != 0:
		b.Kind, b.Value = BanAccount, strconv.FormatInt(c.UserID, 10)
	case c.Email != "":
		b.Kind, b.Value = BanEmail, c.Email
	default:
		return Ban{}, apperr.FieldError("ban", "This comment has no account or email address to ban.")
	}
	return b, s.Store.AddBan(ctx, &b)
}

func oneLine(s string, n int) string {
	s = user.CleanName(s)
	if r := []rune(s); len(r) > n {
		s = string(r[:n])
	}
	return s
}

func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// FormToken is a signed note of when a comment form was shown for an article;
// the form sends it back so that the minimum time can be checked without
// keeping anything per visitor.
func FormToken(key []byte, articleID int64, shown time.Time) string {
	b := make([]byte, 16, 48)
	binary.BigEndian.PutUint64(b, uint64(articleID))
	binary.BigEndian.PutUint64(b[8:], uint64(shown.Unix()))
	m := hmac.New(sha256.New, key)
	m.Write([]byte("comment-form\x00"))
	m.Write(b)
	return base64.RawURLEncoding.EncodeToString(m.Sum(b)[:16+16])
}

// ShownAt reads a form token back; ok is false for a token this site did not
// make for this article, or one from more than a week ago.
func ShownAt(key []byte, articleID int64, token string, now time.Time) (time.Time, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 32 || len(token) > 100 {
		return time.Time{}, false
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("comment-form\x00"))
	m.Write(raw[:16])
	if !hmac.Equal(m.Sum(nil)[:16], raw[16:]) || int64(binary.BigEndian.Uint64(raw)) != articleID {
		return time.Time{}, false
	}
	t := time.Unix(int64(binary.BigEndian.Uint64(raw[8:])), 0)
	if t.After(now.Add(time.Minute)) || now.Sub(t) > 7*24*time.Hour {
		return time.Time{}, false
	}
	return t, true
}

// Node is a comment in a thread with its replies.
type Node struct {
	Comment
	Replies []*Node
	// Removed: the comment itself is gone but its replies are shown.
	Removed bool
}

// Thread arranges comments (approved ones and the deleted ones that may hold
// replies) into threads: top-level comments oldest or newest first, replies
// always in the order they were written. A deleted comment stays as a
// placeholder only while it has replies to show.
func Thread(cs []Comment, newestFirst bool) []*Node {
	nodes := make(map[int64]*Node, len(cs))
	for _, c := range cs {
		nodes[c.ID] = &Node{Comment: c, Removed: c.Status != Approved}
	}
	var roots []*Node
	for _, c := range cs { // cs are in creation order
		n := nodes[c.ID]
		if p := nodes[c.ParentID]; c.ParentID != 0 && p != nil {
			p.Replies = append(p.Replies, n)
		} else if c.ParentID == 0 {
			roots = append(roots, n)
		}
	}
	roots = prune(roots)
	if newestFirst {
		for i, j := 0, len(roots)-1; i < j; i, j = i+1, j-1 {
			roots[i], roots[j] = roots[j], roots[i]
		}
	}
	return roots
}

// prune drops removed comments that have nothing left to show beneath them.
func prune(ns []*Node) []*Node {
	out := ns[:0]
	for _, n := range ns {
		n.Replies = prune(n.Replies)
		if n.Removed && len(n.Replies) == 0 {
			continue
		}
		out = append(out, n)
	}
	return out
}
