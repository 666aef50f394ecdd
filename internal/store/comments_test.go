package store_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/comment"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
	"broadsheet/internal/throttle"
	"broadsheet/internal/user"
)

func TestComments(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sec := mkSection(t, s, 0, "news", 0)
		a := save(t, s, art{headline: "Harbour", section: sec, status: article.Published})
		b := save(t, s, art{headline: "Market", section: sec, status: article.Published})
		reader := mkUser(t, s, "r@example.com", user.Reader)
		editor := mkUser(t, s, "e@example.com", user.Editor)
		base := time.Now().UTC().Add(-time.Hour)

		held := mkComment(t, s, comment.Comment{ArticleID: a.ID, Name: "Guest", Email: "guest@example.com", Body: "held one", Status: comment.Pending, CreatedAt: base})
		if commentCount(t, s, a.ID) != 0 {
			t.Fatal("a held comment was counted")
		}
		ok1 := mkComment(t, s, comment.Comment{ArticleID: a.ID, UserID: reader.ID, Name: "Reader", Email: reader.Email, Body: "first words", Status: comment.Approved, IPHash: "ip1", CreatedAt: base.Add(time.Minute)})
		reply := mkComment(t, s, comment.Comment{ArticleID: a.ID, ParentID: ok1.ID, Depth: 1, Name: "Guest", Email: "guest@example.com", Body: "a reply", Status: comment.Approved, CreatedAt: base.Add(2 * time.Minute)})
		mkComment(t, s, comment.Comment{ArticleID: b.ID, Name: "Other", Email: "o@example.com", Body: "elsewhere", Status: comment.Spam, CreatedAt: base.Add(3 * time.Minute)})
		if got := commentCount(t, s, a.ID); got != 2 {
			t.Fatalf("count = %d; want 2", got)
		}
		got, err := s.Comment(ctx, reply.ID)
		if err != nil || got.ParentID != ok1.ID || got.Depth != 1 || got.Email != "guest@example.com" || got.Status != comment.Approved || !got.CreatedAt.Equal(reply.CreatedAt.Truncate(time.Microsecond)) {
			t.Errorf("comment read back as %+v, %v", got, err)
		}
		_, err = s.Comment(ctx, 99999)
		wantKind(t, err, comment.ErrNotFound)

		// The page's comments leave held ones out, in the order written.
		page, err := s.ArticleComments(ctx, a.ID)
		if err != nil || len(page) != 2 || page[0].ID != ok1.ID || page[1].ID != reply.ID {
			t.Fatalf("ArticleComments = %+v, %v", page, err)
		}

		// Moderation lists, newest first, with filters and a cursor.
		list, err := s.Comments(ctx, comment.Filter{Status: comment.Pending})
		if err != nil || len(list) != 1 || list[0].ID != held.ID || list[0].ArticleHeadline != "Harbour" || list[0].ArticleSectionID != sec {
			t.Errorf("pending = %+v, %v", list, err)
		}
		all, err := s.Comments(ctx, comment.Filter{})
		if err != nil || len(all) != 4 || all[0].ArticleID != b.ID {
			t.Errorf("all comments = %d, %v", len(all), err)
		}
		page2, err := s.Comments(ctx, comment.Filter{BeforeTime: all[1].CreatedAt, BeforeID: all[1].ID})
		if err != nil || len(page2) != 2 || page2[0].ID != all[2].ID {
			t.Errorf("after a cursor: %+v, %v", page2, err)
		}
		for q, n := range map[string]int{"REPLY": 1, "guest@": 2, "%": 0, "nothing": 0} {
			if c, err := s.CountComments(ctx, comment.Filter{Query: q}); err != nil || c != n {
				t.Errorf("CountComments(%q) = %d, %v; want %d", q, c, err, n)
			}
		}

		// First-comment rules look at approved comments by account or email.
		for _, c := range []struct {
			user  int64
			email string
			want  bool
		}{{reader.ID, "", true}, {editor.ID, "", false}, {0, "guest@example.com", true}, {0, "o@example.com", false}, {0, "", false}} {
			if got, err := s.HasApprovedComment(ctx, c.user, c.email); err != nil || got != c.want {
				t.Errorf("HasApprovedComment(%d, %q) = %v, %v", c.user, c.email, got, err)
			}
		}

		// Duplicates: the same text by the same writer, or on the same article.
		since := base.Add(-time.Hour)
		for _, c := range []struct {
			name string
			c    comment.Comment
			want bool
		}{
			{"same account", comment.Comment{ArticleID: b.ID, UserID: reader.ID, BodyHash: comment.Hash("First   WORDS")}, true},
			{"same address", comment.Comment{ArticleID: b.ID, IPHash: "ip1", BodyHash: comment.Hash("first words")}, true},
			{"same article", comment.Comment{ArticleID: a.ID, Email: "x@example.com", BodyHash: comment.Hash("first words")}, true},
			{"someone else elsewhere", comment.Comment{ArticleID: b.ID, Email: "x@example.com", BodyHash: comment.Hash("first words")}, false},
			{"new text", comment.Comment{ArticleID: a.ID, UserID: reader.ID, BodyHash: comment.Hash("other words")}, false},
		} {
			if got, err := s.DuplicateComment(ctx, c.c, since); err != nil || got != c.want {
				t.Errorf("%s: DuplicateComment = %v, %v; want %v", c.name, got, err, c.want)
			}
		}
		if dup, _ := s.DuplicateComment(ctx, comment.Comment{ArticleID: a.ID, BodyHash: comment.Hash("first words")}, time.Now()); dup {
			t.Error("a comment older than the window counted as a duplicate")
		}

		// Moderation: approve the held one, delete the reader's (its reply stays).
		before, err := s.ModerateComments(ctx, []int64{held.ID}, comment.Approved, editor.ID, time.Now())
		if err != nil || len(before) != 1 || before[0].Status != comment.Pending {
			t.Fatalf("ModerateComments = %+v, %v", before, err)
		}
		if got := commentCount(t, s, a.ID); got != 3 {
			t.Errorf("count after approving = %d; want 3", got)
		}
		if _, err := s.ModerateComments(ctx, []int64{ok1.ID}, comment.Deleted, editor.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		gone, _ := s.Comment(ctx, ok1.ID)
		if gone.Body != "" || gone.Status != comment.Deleted || gone.ModeratedBy != editor.ID || gone.ModeratedAt.IsZero() {
			t.Errorf("deleted comment kept %+v", gone)
		}
		if got := commentCount(t, s, a.ID); got != 2 {
			t.Errorf("count after deleting = %d; want 2", got)
		}
		// Deleting is final: the comment cannot come back, alone or in a
		// batch, and the batch changes nothing.
		heldBefore, _ := s.Comment(ctx, held.ID)
		for _, to := range []comment.Status{comment.Approved, comment.Pending, comment.Spam} {
			_, err := s.ModerateComments(ctx, []int64{held.ID, ok1.ID}, to, editor.ID, time.Now())
			wantField(t, err, "ids")
		}
		if got, _ := s.Comment(ctx, held.ID); got.Status != heldBefore.Status {
			t.Errorf("a refused batch changed another comment: %s to %s", heldBefore.Status, got.Status)
		}
		if _, err := s.ModerateComments(ctx, []int64{ok1.ID}, comment.Deleted, editor.ID, time.Now()); err != nil {
			t.Errorf("deleting twice: %v", err)
		}
		page, _ = s.ArticleComments(ctx, a.ID)
		if len(page) != 3 || page[1].ID != ok1.ID || page[1].Body != "" || page[0].ID != held.ID {
			t.Errorf("page after deleting: %+v", page)
		}
		// A batch with a missing comment changes nothing.
		_, err = s.ModerateComments(ctx, []int64{reply.ID, 424242}, comment.Spam, editor.ID, time.Now())
		wantKind(t, err, apperr.NotFound)
		if c, _ := s.Comment(ctx, reply.ID); c.Status != comment.Approved {
			t.Errorf("a failed batch changed comment %d to %s", reply.ID, c.Status)
		}

		if err := s.EditComment(ctx, reply.ID, "edited", comment.Hash("edited"), editor.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if c, _ := s.Comment(ctx, reply.ID); c.Body != "edited" || c.EditedAt.IsZero() {
			t.Errorf("edit not kept: %+v", c)
		}
		wantKind(t, s.EditComment(ctx, 99999, "x", "y", editor.ID, time.Now()), apperr.NotFound)

		if err := s.SetCommentsClosed(ctx, a.ID, true); err != nil {
			t.Fatal(err)
		}
		if x, _ := s.Article(ctx, a.ID); !x.CommentsClosed {
			t.Error("comments not closed")
		}
		wantKind(t, s.SetCommentsClosed(ctx, 99999, true), apperr.NotFound)

		// Deleting the article takes its comments along.
		if err := s.DeleteArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountComments(ctx, comment.Filter{ArticleID: a.ID}); n != 0 {
			t.Errorf("%d comments outlived their article", n)
		}
	})
}

func TestCommentBans(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := mkUser(t, s, "troll@example.com", user.Reader)
		for _, b := range []comment.Ban{{Kind: comment.BanAccount, Value: "7"}, {Kind: comment.BanEmail, Value: "spam@example.com", Reason: "ads"}} {
			b.CreatedAt = time.Now()
			if err := s.AddBan(ctx, &b); err != nil {
				t.Fatal(err)
			}
			if err := s.AddBan(ctx, &b); err != nil {
				t.Errorf("banning twice: %v", err)
			}
		}
		for _, c := range []struct {
			user  int64
			email string
			want  bool
		}{{7, "", true}, {u.ID, "spam@example.com", true}, {u.ID, u.Email, false}, {0, "", false}} {
			if got, err := s.Banned(ctx, c.user, c.email); err != nil || got != c.want {
				t.Errorf("Banned(%d, %q) = %v, %v", c.user, c.email, got, err)
			}
		}
		bans, err := s.Bans(ctx)
		if err != nil || len(bans) != 2 || bans[0].Reason != "ads" {
			t.Fatalf("Bans = %+v, %v", bans, err)
		}
		if err := s.DeleteBan(ctx, bans[0].ID); err != nil {
			t.Fatal(err)
		}
		wantKind(t, s.DeleteBan(ctx, bans[0].ID), apperr.NotFound)
		if got, _ := s.Banned(ctx, 0, "spam@example.com"); got {
			t.Error("a lifted ban still holds")
		}
		// A banned account's address, given as a guest, is banned as well.
		banned := mkUser(t, s, "banned-account@example.com", user.Reader)
		if err := s.AddBan(ctx, &comment.Ban{Kind: comment.BanAccount, Value: strconv.FormatInt(banned.ID, 10), CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Banned(ctx, 0, banned.Email); err != nil || !got {
			t.Errorf("a guest with a banned account's address: banned = %v, %v", got, err)
		}
		if bans, _ := s.Bans(ctx); len(bans) != 2 || bans[0].Email != banned.Email {
			t.Errorf("the account ban keeps its address: %+v", bans)
		}
		// Moving the account to another address bans both; closing it
		// leaves the address it had banned.
		if err := s.SetUserEmail(ctx, banned.ID, "moved@example.com"); err != nil {
			t.Fatal(err)
		}
		for _, e := range []string{"banned-account@example.com", "moved@example.com"} {
			if got, err := s.Banned(ctx, 0, e); err != nil || !got {
				t.Errorf("after the move, guest %s: banned = %v, %v", e, got, err)
			}
		}
		if err := s.DeleteUser(ctx, banned.ID, false); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Banned(ctx, 0, "banned-account@example.com"); err != nil || !got {
			t.Errorf("after closing the account, its address: banned = %v, %v", got, err)
		}
		// The account ban became a ban on that address; the next account,
		// which SQLite may give the same id, is not banned.
		if bans, _ := s.Bans(ctx); len(bans) != 2 || bans[0].Kind != comment.BanEmail || bans[0].Value != "banned-account@example.com" {
			t.Errorf("bans after closing the account: %+v", bans)
		}
		next := mkUser(t, s, "innocent@example.com", user.Reader)
		if got, err := s.Banned(ctx, next.ID, next.Email); err != nil || got {
			t.Errorf("a new account (id %d, the closed one was %d) inherits the ban: %v, %v", next.ID, banned.ID, got, err)
		}
		if got, err := s.Banned(ctx, 0, "someone-else@example.com"); err != nil || got {
			t.Errorf("an unrelated address: banned = %v, %v", got, err)
		}
		// Banning an account twice keeps the first address.
		twice := mkUser(t, s, "twice@example.com", user.Reader)
		for range 2 {
			b := comment.Ban{Kind: comment.BanAccount, Value: strconv.FormatInt(twice.ID, 10), CreatedAt: time.Now()}
			if err := s.AddBan(ctx, &b); err != nil || b.Email != "twice@example.com" {
				t.Errorf("banning = %+v, %v", b, err)
			}
			if err := s.SetUserEmail(ctx, twice.ID, "twice-moved@example.com"); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestThrottleMailAndSecrets(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		for i := range 3 {
			if err := s.ThrottleHit(ctx, "k", now.Add(time.Duration(i)*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		n, oldest, err := s.ThrottleCount(ctx, "k", now.Add(-time.Minute))
		if err != nil || n != 3 || !oldest.Equal(now.Truncate(time.Microsecond)) {
			t.Errorf("ThrottleCount = %d, %v, %v", n, oldest, err)
		}
		if n, _, _ := s.ThrottleCount(ctx, "k", now.Add(time.Second)); n != 2 {
			t.Errorf("count in a narrower window = %d; want 2", n)
		}
		if err := s.ThrottleForget(ctx, "k"); err != nil {
			t.Fatal(err)
		}
		if n, _, _ := s.ThrottleCount(ctx, "k", now.Add(-time.Minute)); n != 2 {
			t.Errorf("count after forgetting the latest = %d; want 2", n)
		}
		if err := s.ThrottleClear(ctx, "k"); err != nil {
			t.Fatal(err)
		}
		if n, _, _ := s.ThrottleCount(ctx, "k", now.Add(-time.Minute)); n != 0 {
			t.Errorf("count after clearing = %d", n)
		}

		if sent, err := s.MailSent(ctx, "m1"); err != nil || sent {
			t.Fatalf("MailSent before = %v, %v", sent, err)
		}
		for range 2 {
			if err := s.RecordMailSent(ctx, "m1", "<id@example.com>", now); err != nil {
				t.Fatal(err)
			}
		}
		if sent, err := s.MailSent(ctx, "m1"); err != nil || !sent {
			t.Errorf("MailSent after = %v, %v", sent, err)
		}
		if err := s.SweepMailSent(ctx, now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		if sent, _ := s.MailSent(ctx, "m1"); !sent {
			t.Error("a recent record was swept")
		}
		if err := s.SweepMailSent(ctx, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if sent, _ := s.MailSent(ctx, "m1"); sent {
			t.Error("an old record was not swept")
		}

		a, err := s.Secret(ctx, "forms")
		if err != nil || len(a) != 32 {
			t.Fatalf("Secret = %x, %v", a, err)
		}
		b, _ := s.Secret(ctx, "forms")
		c, _ := s.Secret(ctx, "other")
		if string(a) != string(b) || string(a) == string(c) {
			t.Error("secrets are not stable per name")
		}
	})
}

func TestEnqueueOnce(t *testing.T) {
	t.Parallel()
	storetest.EachOptions(t, func(t *testing.T, o store.Options) {
		ctx := context.Background()
		s := storetest.Open(t, o)
		added, err := s.EnqueueOnce(ctx, "mail.send", "reset:1", map[string]string{"link": "secret"}, time.Time{})
		if err != nil || !added {
			t.Fatalf("first EnqueueOnce = %v, %v", added, err)
		}
		added, err = s.EnqueueOnce(ctx, "mail.send", "reset:1", map[string]string{"link": "other"}, time.Time{})
		if err != nil || added {
			t.Fatalf("second EnqueueOnce = %v, %v; want not added", added, err)
		}
		if n, _ := s.PendingJobs(ctx); n != 1 {
			t.Fatalf("%d jobs; want 1", n)
		}
		j, ok, err := s.ClaimJob(ctx, time.Now(), time.Minute)
		if err != nil || !ok || j.Payload != `{"link":"secret"}` {
			t.Fatalf("claimed %+v, %v, %v", j, ok, err)
		}
		if err := s.FinishJob(ctx, j.ID, nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
		// A done job keeps no payload: a mail's links open accounts.
		q := "SELECT payload FROM jobs WHERE id = ?"
		if s.Engine() == "postgres" {
			q = "SELECT payload FROM jobs WHERE id = $1"
		}
		var payload string
		if err := storetest.DB(t, o).QueryRow(q, j.ID).Scan(&payload); err != nil {
			t.Fatal(err)
		}
		if payload != "{}" {
			t.Errorf("done job's payload = %q", payload)
		}
		// Once done, the key still holds: the message is never enqueued again.
		if added, _ := s.EnqueueOnce(ctx, "mail.send", "reset:1", nil, time.Time{}); added {
			t.Error("a done job's key was taken again")
		}
	})
}

// A burst of attempts at the same moment, as a script sends them, gets no
// more through than the limit: each attempt is recorded before it is counted.
func TestThrottleBurst(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		l := &throttle.Limiter{Store: s}
		rule := throttle.Rule{Name: "burst", Max: 5, Window: time.Hour}
		var wg sync.WaitGroup
		var allowed, refused atomic.Int32
		for range 24 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var lim *throttle.Limited
				switch err := l.Take(ctx, "tries", throttle.Pair{Rule: rule, Key: "one key"}); {
				case err == nil:
					allowed.Add(1)
				case errors.As(err, &lim):
					refused.Add(1)
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if a := allowed.Load(); a != 5 || a+refused.Load() != 24 {
			t.Fatalf("%d allowed and %d refused of 24 at once; exactly 5 must pass", a, refused.Load())
		}
		// The refused attempts were taken back: what is counted is what passed.
		if n, _, err := s.ThrottleCount(ctx, throttle.Key(rule, "one key"), time.Now().Add(-time.Hour)); err != nil || n != int(allowed.Load()) {
			t.Fatalf("%d attempts counted, %d passed (%v)", n, allowed.Load(), err)
		}
	})
}

// TestDeletedStaysDeletedUnderRace deletes a comment while another moderator
// approves it and a third edits it: once the delete has landed, the comment
// stays deleted and keeps no text, whatever order the three commit in.
func TestDeletedStaysDeletedUnderRace(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		sec := mkSection(t, s, 0, "news", 0)
		a := save(t, s, art{headline: "A", section: sec, status: article.Published})
		for i := range 15 {
			c := mkComment(t, s, comment.Comment{ArticleID: a.ID, Name: "Guest", Email: "g@example.com", Body: fmt.Sprintf("held %d", i), Status: comment.Pending})
			var wg sync.WaitGroup
			errs := make([]error, 3)
			for j, f := range []func() error{
				func() error {
					_, err := s.ModerateComments(ctx, []int64{c.ID}, comment.Deleted, 0, time.Now())
					return err
				},
				func() error {
					_, err := s.ModerateComments(ctx, []int64{c.ID}, comment.Approved, 0, time.Now())
					return err
				},
				func() error { return s.EditComment(ctx, c.ID, "revived", comment.Hash("revived"), 0, time.Now()) },
			} {
				wg.Add(1)
				go func() { defer wg.Done(); errs[j] = f() }()
			}
			wg.Wait()
			if errs[0] != nil {
				t.Fatalf("delete: %v", errs[0])
			}
			for _, err := range errs[1:] {
				if _, ok := apperr.AsValidation(err); err != nil && !ok && !isBusy(err) {
					t.Errorf("a change racing a delete: %v", err)
				}
			}
			got, err := s.Comment(ctx, c.ID)
			if err != nil || got.Status != comment.Deleted || got.Body != "" || got.Email != "" {
				t.Fatalf("round %d: after a delete raced an approval and an edit: %+v, %v", i, got, err)
			}
		}
		if n := commentCount(t, s, a.ID); n != 0 {
			t.Errorf("article counts %d comments; all were deleted", n)
		}
	})
}

// isBusy tells whether SQLite gave up waiting for another writer; a
// refused change is as good as one that lost the race.
func isBusy(err error) bool {
	return err != nil && strings.Contains(err.Error(), "SQLITE_BUSY")
}
