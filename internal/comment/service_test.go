package comment

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/setting"
	"broadsheet/internal/throttle"
	"broadsheet/internal/throttle/throttletest"
	"broadsheet/internal/user"
)

// memStore is an in-memory Store with the semantics the interface documents.
type memStore struct {
	comments map[int64]Comment
	order    []int64 // ids in creation order
	bans     []Ban
	edits    int
}

func newMemStore() *memStore { return &memStore{comments: map[int64]Comment{}} }

func (m *memStore) CreateComment(_ context.Context, c *Comment) error {
	c.ID = int64(len(m.order) + 1)
	m.comments[c.ID] = *c
	m.order = append(m.order, c.ID)
	return nil
}

// put stores a comment as it is (tests' fixtures), returning its id.
func (m *memStore) put(c Comment) int64 {
	_ = m.CreateComment(context.Background(), &c)
	return c.ID
}

func (m *memStore) Comment(_ context.Context, id int64) (Comment, error) {
	c, ok := m.comments[id]
	if !ok {
		return Comment{}, fmt.Errorf("comment %d: %w", id, ErrNotFound)
	}
	return c, nil
}

func sameWriter(c Comment, userID int64, email string) bool {
	if userID != 0 {
		return c.UserID == userID
	}
	return email != "" && c.Email == email
}

func (m *memStore) HasApprovedComment(_ context.Context, userID int64, email string) (bool, error) {
	for _, c := range m.comments {
		if c.Status == Approved && sameWriter(c, userID, email) {
			return true, nil
		}
	}
	return false, nil
}

func (m *memStore) DuplicateComment(_ context.Context, n Comment, since time.Time) (bool, error) {
	for _, c := range m.comments {
		if c.BodyHash != n.BodyHash || c.CreatedAt.Before(since) || c.Status == Deleted {
			continue
		}
		if c.ArticleID == n.ArticleID || (n.UserID != 0 && c.UserID == n.UserID) ||
			(n.Email != "" && c.Email == n.Email) || (n.IPHash != "" && c.IPHash == n.IPHash) {
			return true, nil
		}
	}
	return false, nil
}

func (m *memStore) Banned(_ context.Context, userID int64, email string) (bool, error) {
	for _, b := range m.bans {
		if (b.Kind == BanAccount && b.Value == strconv.FormatInt(userID, 10)) || (b.Kind == BanEmail && b.Value == email) {
			return true, nil
		}
	}
	return false, nil
}

func (m *memStore) ModerateComments(_ context.Context, ids []int64, to Status, by int64, at time.Time) ([]Comment, error) {
	var before []Comment
	for _, id := range ids {
		c, ok := m.comments[id]
		if !ok {
			continue
		}
		before = append(before, c)
		c.Status, c.ModeratedBy, c.ModeratedAt = to, by, at
		if to == Deleted {
			c.Body = ""
		}
		m.comments[id] = c
	}
	return before, nil
}

func (m *memStore) EditComment(_ context.Context, id int64, body, hash string, by int64, at time.Time) error {
	c, ok := m.comments[id]
	if !ok {
		return ErrNotFound
	}
	c.Body, c.BodyHash, c.EditedAt, c.ModeratedBy = body, hash, at, by
	m.comments[id] = c
	m.edits++
	return nil
}

func (m *memStore) AddBan(_ context.Context, b *Ban) error {
	b.ID = int64(len(m.bans) + 1)
	m.bans = append(m.bans, *b)
	return nil
}

var testNow = time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)

type fixture struct {
	svc      *Service
	store    *memStore
	throttle *throttletest.Mem
	now      time.Time
}

func newFixture() *fixture {
	f := &fixture{store: newMemStore(), throttle: throttletest.New(), now: testNow}
	clock := func() time.Time { return f.now }
	f.svc = &Service{Store: f.store, Limiter: &throttle.Limiter{Store: f.throttle, Now: clock}, Now: clock}
	return f
}

var (
	reader      = user.User{ID: 7, Name: "Rita Reader", Email: "rita@example.com", Role: user.Reader}
	contributor = user.User{ID: 8, Name: "Cora Contributor", Email: "cora@example.com", Role: user.Contributor}
	author      = user.User{ID: 9, Name: "Artie Author", Email: "artie@example.com", Role: user.Author}
	editor      = user.User{ID: 10, Name: "Eddie Editor", Email: "eddie@example.com", Role: user.Editor}
	admin       = user.User{ID: 11, Name: "Ada Admin", Email: "ada@example.com", Role: user.Admin}
)

// guestPost is a guest's comment that every check lets through.
func guestPost() Post {
	return Post{
		Input:    Input{ArticleID: 1, Name: "Gail Guest", Email: "Gail@Example.com", Body: "A thoughtful comment."},
		Article:  Article{ID: 1, Public: true, PublishedAt: testNow.AddDate(0, 0, -1)},
		Settings: setting.Comments{Enabled: true, Guests: true, Moderation: setting.HoldNone, MaxDepth: 3, MaxLinks: 2, MinSeconds: 3, Blocklist: "ass\nbuy now"},
		IPHash:   "ip-1",
		Shown:    testNow.Add(-time.Minute),
	}
}

func readerPost() Post {
	p := guestPost()
	p.Author = reader
	p.Name, p.Email = "", ""
	return p
}

type refusalKind int

const (
	refusal refusalKind = iota // *Refusal
	field                      // apperr.Validation on a field
	limited                    // *throttle.Limited
	unauthorized
)

func TestCreateRefusals(t *testing.T) {
	tests := []struct {
		name  string
		setup func(f *fixture)
		post  func(p *Post)
		kind  refusalKind
		field string
		msg   string
	}{
		{name: "comments turned off", post: func(p *Post) { p.Settings.Enabled = false },
			kind: refusal, msg: "Comments are turned off on this site."},
		{name: "article not published", post: func(p *Post) { p.Article.Public = false },
			kind: refusal, msg: "Comments open when the article is published."},
		{name: "closed by an editor", post: func(p *Post) { p.Article.Closed = true },
			kind: refusal, msg: "Comments are closed on this article."},
		{name: "closed after some days", post: func(p *Post) { p.Settings.CloseAfterDays = 30; p.Article.PublishedAt = testNow.AddDate(0, 0, -31) },
			kind: refusal, msg: "Comments close 30 days after an article is published."},
		{name: "guests not allowed", post: func(p *Post) { p.Settings.Guests = false },
			kind: refusal, msg: "Sign in or create an account to comment."},
		{name: "disabled account", post: func(p *Post) { p.Author = reader; p.Author.Disabled = true },
			kind: unauthorized},
		{name: "empty body", post: func(p *Post) { p.Body = " \r\n " },
			kind: field, field: "body", msg: "Write your comment."},
		{name: "guest without email", post: func(p *Post) { p.Email = "" },
			kind: field, field: "email", msg: "Enter your email address"},
		{name: "honeypot filled", post: func(p *Post) { p.Honeypot = "http://spam.example" },
			kind: refusal, msg: "Your comment was not posted because the field marked “leave this empty” was filled in. Clear it and send again."},
		{name: "too fast", post: func(p *Post) { p.Shown = testNow.Add(-2 * time.Second) },
			kind: refusal, msg: "That was quicker than anyone can read and write. Wait a few seconds, then send your comment again."},
		{name: "too many links", post: func(p *Post) {
			p.Body = "See https://a.example, http://b.example and www.c.example"
		}, kind: field, field: "body", msg: "Use at most 2 links in a comment; this one has 3."},
		{name: "no links allowed", post: func(p *Post) { p.Settings.MaxLinks = 0; p.Body = "See www.a.example" },
			kind: field, field: "body", msg: "Links are not accepted in comments here. Remove the web addresses and send again."},
		{name: "blocked word in body", post: func(p *Post) { p.Body = "What an ASS." },
			kind: field, field: "body", msg: "This site does not accept comments containing “ass”. Change it and send again."},
		{name: "blocked phrase in body", post: func(p *Post) { p.Body = "Buy\nnow!" },
			kind: field, field: "body", msg: "This site does not accept comments containing “buy now”. Change it and send again."},
		{name: "blocked word in guest name", post: func(p *Post) { p.Name = "Big Ａｓｓ" },
			kind: field, field: "name", msg: "This site does not accept “ass” in a name."},
		{name: "banned guest email", setup: func(f *fixture) {
			f.store.bans = append(f.store.bans, Ban{Kind: BanEmail, Value: "gail@example.com"})
		}, kind: refusal, msg: "This account or email address can no longer comment on this site. If you think this is a mistake, use the contact page."},
		{name: "banned account", setup: func(f *fixture) {
			f.store.bans = append(f.store.bans, Ban{Kind: BanAccount, Value: "7"})
		}, post: func(p *Post) { *p = readerPost() },
			kind: refusal, msg: "This account or email address can no longer comment on this site."},
		{name: "reply to a missing comment", post: func(p *Post) { p.ParentID = 99 },
			kind: refusal, msg: "The comment you are replying to is no longer shown. Your text is below: post it as a new comment instead."},
		{name: "reply to another article's comment", setup: func(f *fixture) {
			f.store.put(Comment{ArticleID: 2, Status: Approved, Body: "elsewhere"})
		}, post: func(p *Post) { p.ParentID = 1 },
			kind: refusal, msg: "The comment you are replying to is no longer shown."},
		{name: "reply to a pending comment", setup: func(f *fixture) {
			f.store.put(Comment{ArticleID: 1, Status: Pending, Body: "waiting"})
		}, post: func(p *Post) { p.ParentID = 1 },
			kind: refusal, msg: "The comment you are replying to is no longer shown."},
		{name: "reply to a deleted comment", setup: func(f *fixture) {
			f.store.put(Comment{ArticleID: 1, Status: Deleted})
		}, post: func(p *Post) { p.ParentID = 1 },
			kind: refusal, msg: "The comment you are replying to is no longer shown."},
		{name: "reply beyond the maximum depth", setup: func(f *fixture) {
			f.store.put(Comment{ArticleID: 1, Status: Approved, Depth: 2, Body: "deep"})
		}, post: func(p *Post) { p.ParentID = 1 },
			kind: refusal, msg: "Replies cannot go any deeper here. Reply to an earlier comment in the thread instead."},
		{name: "no replies at depth 1", setup: func(f *fixture) {
			f.store.put(Comment{ArticleID: 1, Status: Approved, Body: "top"})
		}, post: func(p *Post) { p.ParentID = 1; p.Settings.MaxDepth = 1 },
			kind: refusal, msg: "Replies cannot go any deeper here."},
		{name: "rate limited by address", setup: func(f *fixture) {
			for i := range PerAddress.Max {
				_ = f.svc.Limiter.Hit(context.Background(), PerAddress, "ip-1")
				f.now = f.now.Add(time.Duration(i+1) * time.Second)
			}
		}, kind: limited, msg: "Too many comments in a short time. Please try again in 10 minutes."},
		{name: "rate limited by writer", setup: func(f *fixture) {
			for range PerWriter.Max {
				_ = f.svc.Limiter.Hit(context.Background(), PerWriter, "gail@example.com")
			}
			f.now = f.now.Add(9 * time.Minute)
		}, kind: limited, msg: "Too many comments in a short time. Please try again in 1 minute."},
		{name: "duplicate", setup: func(f *fixture) {
			f.store.put(Comment{ArticleID: 3, Email: "gail@example.com", Status: Approved, BodyHash: Hash("a THOUGHTFUL   comment."), CreatedAt: testNow.Add(-time.Hour)})
		}, kind: refusal, msg: "This comment has already been posted. There is no need to send it twice."},
		{name: "duplicate on the same article by anyone", setup: func(f *fixture) {
			f.store.put(Comment{ArticleID: 1, Email: "other@example.com", Status: Pending, BodyHash: Hash("A thoughtful comment."), CreatedAt: testNow.Add(-time.Hour)})
		}, kind: refusal, msg: "This comment has already been posted."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			if tt.setup != nil {
				tt.setup(f)
			}
			stored, hits := len(f.store.order), f.throttle.Total()
			p := guestPost()
			if tt.post != nil {
				tt.post(&p)
			}
			c, err := f.svc.Create(context.Background(), p)
			if err == nil {
				t.Fatalf("Create = %+v, want refused", c)
			}
			switch tt.kind {
			case refusal:
				var r *Refusal
				if !errors.As(err, &r) {
					t.Fatalf("Create = %T %v, want *Refusal", err, err)
				}
				if !errors.Is(err, apperr.Invalid) {
					t.Errorf("a refusal is not an invalid input")
				}
				if !strings.HasPrefix(r.Reason, tt.msg) {
					t.Errorf("reason = %q, want %q", r.Reason, tt.msg)
				}
			case field:
				if msg := fieldMsg(err, tt.field); !strings.HasPrefix(msg, tt.msg) {
					t.Errorf("Create = %v; want %s: %q", err, tt.field, tt.msg)
				}
			case limited:
				var l *throttle.Limited
				if !errors.As(err, &l) {
					t.Fatalf("Create = %T %v, want *throttle.Limited", err, err)
				}
				if l.Wait <= 0 || l.Error() != tt.msg {
					t.Errorf("limited %v: %q, want %q", l.Wait, l.Error(), tt.msg)
				}
			case unauthorized:
				if !errors.Is(err, apperr.Unauthorized) {
					t.Errorf("Create = %v, want unauthorized", err)
				}
			}
			if len(f.store.order) != stored {
				t.Error("a refused comment was stored")
			}
			if f.throttle.Total() != hits {
				t.Error("a refused comment counted against the rate limits")
			}
		})
	}
}

func TestCreateGuest(t *testing.T) {
	f := newFixture()
	p := guestPost()
	p.Body = "  Hello\r\n\r\n\r\nthere\u202e  "
	p.Name = " Gail \u200b Guest "
	c, err := f.svc.Create(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	want := Comment{ID: 1, ArticleID: 1, Name: "Gail Guest", Email: "gail@example.com", Body: "Hello\n\nthere",
		BodyHash: Hash("Hello\n\nthere"), Status: Approved, IPHash: "ip-1", CreatedAt: testNow}
	if c != want {
		t.Fatalf("Create =\n %+v\nwant\n %+v", c, want)
	}
	if f.store.comments[1] != c {
		t.Errorf("stored %+v, returned %+v", f.store.comments[1], c)
	}
	// One attempt on each rule: address, address per day, writer.
	for _, pr := range []struct {
		r   throttle.Rule
		key string
	}{{PerAddress, "ip-1"}, {PerDay, "ip-1"}, {PerWriter, "gail@example.com"}} {
		if n, _, _ := f.throttle.ThrottleCount(context.Background(), throttle.Key(pr.r, pr.key), time.Time{}); n != 1 {
			t.Errorf("%s: %d attempts recorded, want 1", pr.r.Name, n)
		}
	}
}

func TestCreateAllowed(t *testing.T) {
	tests := []struct {
		name string
		post func(p *Post)
	}{
		{"form shown exactly the minimum time ago", func(p *Post) { p.Shown = testNow.Add(-3 * time.Second) }},
		{"no minimum time", func(p *Post) { p.Settings.MinSeconds = 0; p.Shown = testNow }},
		{"links up to the limit", func(p *Post) { p.Body = "https://a.example and www.b.example" }},
		{"blocked word inside another word", func(p *Post) { p.Body = "A classic passage." }},
		{"reader where guests may not comment", func(p *Post) { *p = readerPost(); p.Settings.Guests = false }},
		{"honeypot of spaces", func(p *Post) { p.Honeypot = "  " }},
		{"closing days not yet passed", func(p *Post) { p.Settings.CloseAfterDays = 2 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			p := guestPost()
			tt.post(&p)
			if _, err := f.svc.Create(context.Background(), p); err != nil {
				t.Fatalf("Create = %v", err)
			}
		})
	}
}

func TestCreateReader(t *testing.T) {
	f := newFixture()
	p := readerPost()
	p.Name, p.Email = "Someone Else", "spoof@example.com" // ignored: the account speaks
	c, err := f.svc.Create(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if c.UserID != reader.ID || c.Name != reader.Name || c.Email != reader.Email || c.Staff {
		t.Errorf("comment = %+v, want the account's id, name and email, not staff", c)
	}
	if n, _, _ := f.throttle.ThrottleCount(context.Background(), throttle.Key(PerWriter, "user:7"), time.Time{}); n != 1 {
		t.Errorf("writer rule counted %d attempts for the account, want 1", n)
	}
}

func TestCreateReply(t *testing.T) {
	f := newFixture()
	root := f.store.put(Comment{ArticleID: 1, Status: Approved, Body: "root"})
	reply := f.store.put(Comment{ArticleID: 1, ParentID: root, Depth: 1, Status: Approved, Body: "reply"})
	p := guestPost()
	p.ParentID = reply
	c, err := f.svc.Create(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if c.ParentID != reply || c.Depth != 2 {
		t.Errorf("reply at parent %d depth %d, want parent %d depth 2", c.ParentID, c.Depth, reply)
	}
}

func TestCreateRateLimitOverTime(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	for i := range PerWriter.Max {
		p := guestPost()
		p.Body = fmt.Sprintf("Comment number %d.", i)
		p.IPHash = fmt.Sprintf("ip-%d", i) // a new address each time: the writer rule holds
		if _, err := f.svc.Create(ctx, p); err != nil {
			t.Fatalf("comment %d: %v", i, err)
		}
		f.now = f.now.Add(time.Minute)
	}
	p := guestPost()
	p.IPHash = "ip-new"
	_, err := f.svc.Create(ctx, p)
	var l *throttle.Limited
	if !errors.As(err, &l) {
		t.Fatalf("sixth comment: %v, want *throttle.Limited", err)
	}
	if l.Wait != 5*time.Minute {
		t.Errorf("wait %v, want 5m (the first comment leaves the window then)", l.Wait)
	}
	f.now = f.now.Add(l.Wait + time.Second)
	if _, err := f.svc.Create(ctx, p); err != nil {
		t.Fatalf("after waiting: %v", err)
	}
}

func TestCreatePolicy(t *testing.T) {
	tests := []struct {
		name       string
		moderation string
		author     user.User
		approved   bool // the writer already has an approved comment
		want       Status
		staff      bool
	}{
		{"hold all: guest", setting.HoldAll, user.User{}, true, Pending, false},
		{"hold all: reader", setting.HoldAll, reader, true, Pending, false},
		{"hold none: guest", setting.HoldNone, user.User{}, false, Approved, false},
		{"hold first: guest's first", setting.HoldFirst, user.User{}, false, Pending, false},
		{"hold first: guest approved before", setting.HoldFirst, user.User{}, true, Approved, false},
		{"hold first: reader's first", setting.HoldFirst, reader, false, Pending, false},
		{"hold first: reader approved before", setting.HoldFirst, reader, true, Approved, false},
		{"unknown policy holds", "sometimes", reader, true, Pending, false},
		{"contributor is staff but held", setting.HoldAll, contributor, false, Pending, true},
		{"author is staff but held", setting.HoldAll, author, false, Pending, true},
		{"editor never held", setting.HoldAll, editor, false, Approved, true},
		{"admin never held", setting.HoldAll, admin, false, Approved, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			p := guestPost()
			if tt.author.ID != 0 {
				p.Author = tt.author
			}
			if tt.approved {
				// An earlier approved comment by the same writer, elsewhere.
				f.store.put(Comment{ArticleID: 5, UserID: tt.author.ID, Email: "gail@example.com", Status: Approved, Body: "earlier", BodyHash: Hash("earlier")})
			}
			p.Settings.Moderation = tt.moderation
			c, err := f.svc.Create(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			if c.Status != tt.want || c.Staff != tt.staff {
				t.Errorf("status %q staff %v, want %q staff %v", c.Status, c.Staff, tt.want, tt.staff)
			}
		})
	}
}

func TestHoldFirstThenApproved(t *testing.T) {
	f := newFixture()
	ctx := context.Background()
	p := guestPost()
	p.Settings.Moderation = setting.HoldFirst
	first, err := f.svc.Create(ctx, p)
	if err != nil || first.Status != Pending {
		t.Fatalf("first comment: %q, %v; want pending", first.Status, err)
	}
	p.Body = "A second thought."
	second, err := f.svc.Create(ctx, p)
	if err != nil || second.Status != Pending {
		t.Fatalf("second comment before approval: %q, %v; want pending", second.Status, err)
	}
	if _, err := f.svc.Moderate(ctx, editor, []int64{first.ID}, Approve); err != nil {
		t.Fatal(err)
	}
	p.Body = "A third thought."
	third, err := f.svc.Create(ctx, p)
	if err != nil || third.Status != Approved {
		t.Fatalf("comment after one was approved: %q, %v; want approved", third.Status, err)
	}
}

func TestModerate(t *testing.T) {
	many := make([]int64, MaxBatch+1)
	for i := range many {
		many[i] = int64(i + 1)
	}
	tests := []struct {
		name    string
		actor   user.User
		ids     []int64
		action  Action
		wantErr error
		field   string
		moved   []int64
	}{
		{"guest refused", user.User{}, []int64{1}, Approve, apperr.Forbidden, "", nil},
		{"reader refused", reader, []int64{1}, Approve, apperr.Forbidden, "", nil},
		{"contributor refused", contributor, []int64{1}, Approve, apperr.Forbidden, "", nil},
		{"author refused", author, []int64{1}, Delete, apperr.Forbidden, "", nil},
		{"disabled editor refused", user.User{ID: 12, Role: user.Editor, Disabled: true}, []int64{1}, Approve, apperr.Forbidden, "", nil},
		{"editor approves", editor, []int64{1, 2}, Approve, nil, "", []int64{1, 2}},
		{"admin marks spam", admin, []int64{2}, MarkSpam, nil, "", []int64{2}},
		{"bad action", editor, []int64{1}, "publish", apperr.Invalid, "action", nil},
		{"no ids", editor, nil, Reject, apperr.Invalid, "ids", nil},
		{"only invalid ids", editor, []int64{0, -3}, Reject, apperr.Invalid, "ids", nil},
		{"too many ids", editor, many, Reject, apperr.Invalid, "ids", nil},
		{"duplicates collapse under the limit", editor, append(slices.Repeat([]int64{3}, MaxBatch+5), 2, 3, 0), Reject, nil, "", []int64{3, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			for range 3 {
				f.store.put(Comment{ArticleID: 1, Status: Pending, Body: "x"})
			}
			before, err := f.svc.Moderate(context.Background(), tt.actor, tt.ids, tt.action)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Moderate = %v, want %v", err, tt.wantErr)
				}
				if tt.field != "" && fieldMsg(err, tt.field) == "" {
					t.Errorf("Moderate = %v, want a message on %q", err, tt.field)
				}
				for _, c := range f.store.comments {
					if c.Status != Pending {
						t.Fatalf("comment %d moved to %q though refused", c.ID, c.Status)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, c := range before {
				got = append(got, c.ID)
				if c.Status != Pending {
					t.Errorf("comment %d returned as %q, want as it was (pending)", c.ID, c.Status)
				}
			}
			if !slices.Equal(got, tt.moved) {
				t.Fatalf("moved %v, want %v", got, tt.moved)
			}
			to, _ := tt.action.Status()
			for _, id := range tt.moved {
				if c := f.store.comments[id]; c.Status != to || c.ModeratedBy != tt.actor.ID || !c.ModeratedAt.Equal(testNow) {
					t.Errorf("comment %d: %q by %d at %v", id, c.Status, c.ModeratedBy, c.ModeratedAt)
				}
			}
		})
	}
}

func TestEdit(t *testing.T) {
	tests := []struct {
		name    string
		actor   user.User
		id      int64 // 1 approved, 2 deleted
		body    string
		wantErr error
		msg     string
	}{
		{"reader refused", reader, 1, "new", apperr.Forbidden, ""},
		{"contributor refused", contributor, 1, "new", apperr.Forbidden, ""},
		{"author refused", author, 1, "new", apperr.Forbidden, ""},
		{"editor edits", editor, 1, "  Call me on [removed].\r\n", nil, ""},
		{"admin edits", admin, 1, "Edited.", nil, ""},
		{"missing comment", editor, 99, "new", apperr.NotFound, ""},
		{"deleted comment refused", editor, 2, "new", apperr.Invalid, "A deleted comment cannot be edited."},
		{"empty body refused", editor, 1, " \n ", apperr.Invalid, "Write your comment."},
		{"too long refused", editor, 1, strings.Repeat("x", MaxBody+1), apperr.Invalid, "Keep your comment to 5000 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			f.store.put(Comment{ArticleID: 1, Status: Approved, Body: "Call me on 555-0100.", BodyHash: Hash("Call me on 555-0100.")})
			f.store.put(Comment{ArticleID: 1, Status: Deleted})
			c, err := f.svc.Edit(context.Background(), tt.actor, tt.id, tt.body)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Edit = %v, want %v", err, tt.wantErr)
				}
				if tt.msg != "" && !strings.HasPrefix(fieldMsg(err, "body"), tt.msg) {
					t.Errorf("Edit = %v, want body: %q", err, tt.msg)
				}
				if f.store.edits != 0 {
					t.Error("the store was changed though the edit was refused")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := CleanBody(tt.body)
			stored := f.store.comments[tt.id]
			if stored.Body != want || stored.BodyHash != Hash(want) || !stored.EditedAt.Equal(testNow) || stored.ModeratedBy != tt.actor.ID {
				t.Errorf("stored %+v, want body %q hashed, edited now by %d", stored, want, tt.actor.ID)
			}
			if c.Body != want || c.BodyHash != Hash(want) || !c.EditedAt.Equal(testNow) {
				t.Errorf("returned %+v, want body %q hashed, edited now", c, want)
			}
		})
	}
}

func TestBanWriter(t *testing.T) {
	readerComment := Comment{ID: 1, UserID: reader.ID, Name: reader.Name, Email: reader.Email}
	guestComment := Comment{ID: 2, Name: "Gail", Email: "gail@example.com"}
	tests := []struct {
		name    string
		actor   user.User
		c       Comment
		wantErr error
		kind    string
		value   string
	}{
		{"reader refused", reader, guestComment, apperr.Forbidden, "", ""},
		{"contributor refused", contributor, guestComment, apperr.Forbidden, "", ""},
		{"author refused", author, guestComment, apperr.Forbidden, "", ""},
		{"reader's comment bans the account", editor, readerComment, nil, BanAccount, "7"},
		{"guest's comment bans the email", admin, guestComment, nil, BanEmail, "gail@example.com"},
		{"nobody to ban", editor, Comment{ID: 3}, apperr.Invalid, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			b, err := f.svc.BanWriter(context.Background(), tt.actor, tt.c, "  Spam,\n again\u202e  ")
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("BanWriter = %v, want %v", err, tt.wantErr)
				}
				if len(f.store.bans) != 0 {
					t.Error("a ban was stored though refused")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.Kind != tt.kind || b.Value != tt.value || b.Reason != "Spam, again" || b.CreatedBy != tt.actor.ID || !b.CreatedAt.Equal(testNow) || b.ID == 0 {
				t.Errorf("ban = %+v, want %s %q with a one-line reason", b, tt.kind, tt.value)
			}
			// The ban holds: the writer's next comment is refused.
			p := guestPost()
			if tt.c.UserID != 0 {
				p = readerPost()
			}
			var r *Refusal
			if _, err := f.svc.Create(context.Background(), p); !errors.As(err, &r) {
				t.Errorf("comment after the ban = %v, want refused", err)
			}
		})
	}
}

func TestBanReasonClipped(t *testing.T) {
	f := newFixture()
	b, err := f.svc.BanWriter(context.Background(), editor, Comment{Email: "x@example.com"}, strings.Repeat("é", 300))
	if err != nil {
		t.Fatal(err)
	}
	if n := len([]rune(b.Reason)); n != 200 {
		t.Errorf("reason of %d characters, want 200", n)
	}
}
