package store_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/comment"
	"broadsheet/internal/section"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
	"broadsheet/internal/user"
)

func TestReadersAndStaff(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		// A reader who signs up on a new site must not close its one-time setup.
		r := user.User{Email: "reader@example.com", Name: "Rea Der", PasswordHash: "h"}
		if err := s.CreateReader(ctx, &r, "", ""); err != nil {
			t.Fatal(err)
		}
		if r.ID == 0 || r.Role != user.Reader {
			t.Fatalf("CreateReader left %+v", r)
		}
		if n, err := s.CountStaff(ctx); err != nil || n != 0 {
			t.Fatalf("CountStaff with one reader = %d, %v; want 0", n, err)
		}
		admin := user.User{Email: "admin@example.com", Name: "Admin", Role: user.Admin, PasswordHash: "h"}
		if err := s.CreateFirstAdmin(ctx, &admin); err != nil {
			t.Fatalf("setup refused beside a reader: %v", err)
		}
		dup := user.User{Email: "reader@example.com", Name: "Again"}
		wantField(t, s.CreateReader(ctx, &dup, "", ""), "email")

		if us, err := s.Users(ctx); err != nil || len(us) != 1 || us[0].ID != admin.ID {
			t.Errorf("Users (staff) = %+v, %v", us, err)
		}
		other := user.User{Email: "second@example.com", Name: "Second_100%", PasswordHash: "h"}
		if err := s.CreateReader(ctx, &other, "example", "sub-1"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			q    string
			want []int64
		}{{"", []int64{other.ID, r.ID}}, {"REA", []int64{r.ID}}, {"100%", []int64{other.ID}}, {"_", []int64{other.ID}}, {"zzz", nil}} {
			got, err := s.Readers(ctx, c.q, 10, 0)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, u := range got {
				ids = append(ids, u.ID)
			}
			if len(ids) != len(c.want) || (len(ids) > 0 && ids[0] != c.want[0]) {
				t.Errorf("Readers(%q) = %v; want %v", c.q, ids, c.want)
			}
		}
		// The identity was linked in the same transaction.
		if u, err := s.UserByIdentity(ctx, "example", "sub-1"); err != nil || u.ID != other.ID {
			t.Errorf("UserByIdentity = %+v, %v", u, err)
		}
		third := user.User{Email: "third@example.com", Name: "Third"}
		err := s.CreateReader(ctx, &third, "example", "sub-1")
		wantKind(t, err, apperr.Conflict)
		if _, err := s.UserByEmail(ctx, "third@example.com"); err == nil {
			t.Error("a reader was made although linking its identity failed")
		}
	})
}

func TestUserTokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := mkUser(t, s, "tok@example.com", user.Reader)
		now := time.Now().UTC()
		tok := user.Token{Hash: "h-reset", Kind: user.TokenReset, UserID: u.ID, Email: u.Email, Data: `{"a":1}`, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := s.CreateUserToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if got, err := s.UserToken(ctx, "h-reset", user.TokenReset, now); err != nil || got.UserID != u.ID || got.Data != `{"a":1}` {
			t.Fatalf("UserToken = %+v, %v", got, err)
		}
		_, err := s.UserToken(ctx, "h-reset", user.TokenEmail, now)
		wantKind(t, err, apperr.NotFound) // another kind's token is not this one
		_, err = s.UserToken(ctx, "h-reset", user.TokenReset, now.Add(2*time.Hour))
		wantKind(t, err, apperr.NotFound) // expired

		// Only one of many concurrent uses wins.
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.UseUserToken(ctx, "h-reset", user.TokenReset, now); err == nil {
					wins.Add(1)
				}
			}()
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("a token was used %d times", wins.Load())
		}
		_, err = s.UserToken(ctx, "h-reset", user.TokenReset, now)
		wantKind(t, err, apperr.NotFound)

		// A new password voids the reset links still out.
		tok.Hash = "h-reset-2"
		if err := s.CreateUserToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		u.PasswordHash = "new-hash"
		if err := s.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		_, err = s.UseUserToken(ctx, "h-reset-2", user.TokenReset, now)
		wantKind(t, err, apperr.NotFound)

		// Sign-up tokens have no user yet.
		if err := s.CreateUserToken(ctx, user.Token{Hash: "h-signup", Kind: user.TokenSignup, Email: "new@example.com", Data: "{}",
			CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if got, err := s.UseUserToken(ctx, "h-signup", user.TokenSignup, now); err != nil || got.UserID != 0 || got.Email != "new@example.com" {
			t.Errorf("signup token = %+v, %v", got, err)
		}
		if err := s.SweepUserTokens(ctx, now.Add(48*time.Hour)); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSessionsEverywhere(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := mkUser(t, s, "s@example.com", user.Reader)
		now := time.Now().UTC()
		for _, h := range []string{"a", "b", "c"} {
			if err := s.CreateSession(ctx, user.Session{Hash: h, UserID: u.ID, CSRF: "x", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.DeleteUserSessions(ctx, u.ID, "b"); err != nil {
			t.Fatal(err)
		}
		for h, live := range map[string]bool{"a": false, "b": true, "c": false} {
			_, _, err := s.Session(ctx, h)
			if (err == nil) != live {
				t.Errorf("session %s live=%v after signing out elsewhere (err %v)", h, err == nil, err)
			}
		}
	})
}

func TestIdentities(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := mkUser(t, s, "a@example.com", user.Reader)
		b := mkUser(t, s, "b@example.com", user.Editor)
		if err := s.LinkIdentity(ctx, "google", "g1", "a@example.com", a.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.LinkIdentity(ctx, "google", "g1", "a@example.com", a.ID); err != nil {
			t.Errorf("linking the same identity again: %v", err)
		}
		wantKind(t, s.LinkIdentity(ctx, "google", "g1", "b@example.com", b.ID), apperr.Conflict)
		if ids, err := s.Identities(ctx, a.ID); err != nil || len(ids) != 1 || ids[0].Provider != "google" {
			t.Errorf("Identities = %+v, %v", ids, err)
		}
		wantKind(t, s.UnlinkIdentity(ctx, b.ID, "google"), apperr.NotFound)
		if err := s.UnlinkIdentity(ctx, a.ID, "google"); err != nil {
			t.Fatal(err)
		}
		_, err := s.UserByIdentity(ctx, "google", "g1")
		wantKind(t, err, apperr.NotFound)
	})
}

func TestDeleteUserComments(t *testing.T) {
	t.Parallel()
	for _, keep := range []bool{true, false} {
		storetest.Each(t, func(t *testing.T, s *store.Store) {
			ctx := context.Background()
			sec := mkSection(t, s, 0, "news", 0)
			a := save(t, s, art{headline: "A", section: sec, status: article.Published})
			leaving := mkUser(t, s, "leaving@example.com", user.Reader)
			staying := mkUser(t, s, "staying@example.com", user.Reader)
			parent := mkComment(t, s, comment.Comment{ArticleID: a.ID, UserID: leaving.ID, Name: "Leaving", Body: "first", Status: comment.Approved})
			mkComment(t, s, comment.Comment{ArticleID: a.ID, UserID: staying.ID, Name: "Staying", Body: "reply", Status: comment.Approved, ParentID: parent.ID, Depth: 1})
			if got := commentCount(t, s, a.ID); got != 2 {
				t.Fatalf("count %d; want 2", got)
			}
			if err := s.CreateSession(ctx, user.Session{Hash: "sess", UserID: leaving.ID, CSRF: "x", CreatedAt: t0, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			if err := s.DeleteUser(ctx, leaving.ID, keep); err != nil {
				t.Fatal(err)
			}
			_, err := s.User(ctx, leaving.ID)
			wantKind(t, err, apperr.NotFound)
			if _, _, err := s.Session(ctx, "sess"); err == nil {
				t.Error("the deleted account's session still works")
			}
			c, err := s.Comment(ctx, parent.ID)
			if err != nil {
				t.Fatal(err)
			}
			if c.UserID != 0 || c.Name != "" || c.Email != "" || c.DisplayName() != "Deleted reader" {
				t.Errorf("comment of a deleted account: %+v", c)
			}
			want := 2
			if !keep {
				want = 1
				if c.Status != comment.Deleted || c.Body != "" {
					t.Errorf("removed comment kept %q (%s)", c.Body, c.Status)
				}
			} else if c.Body != "first" || c.Status != comment.Approved {
				t.Errorf("kept comment is %q (%s)", c.Body, c.Status)
			}
			if got := commentCount(t, s, a.ID); got != want {
				t.Errorf("count after deleting the account (keep=%v) = %d; want %d", keep, got, want)
			}
			wantKind(t, s.DeleteUser(ctx, leaving.ID, keep), apperr.NotFound)
		})
	}
}

func mkComment(t *testing.T, s *store.Store, c comment.Comment) comment.Comment {
	t.Helper()
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now().UTC()
	}
	if c.BodyHash == "" {
		c.BodyHash = comment.Hash(c.Body)
	}
	if err := s.CreateComment(context.Background(), &c); err != nil {
		t.Fatalf("create comment %q: %v", c.Body, err)
	}
	return c
}

func commentCount(t *testing.T, s *store.Store, articleID int64) int {
	t.Helper()
	a, err := s.Article(context.Background(), articleID)
	if err != nil {
		t.Fatal(err)
	}
	return a.Comments
}

// A data folder whose name holds "#" or "?" (characters that end the path of
// a file: URI) must still open its own database file, not a truncated name.
func TestSQLitePathWithURICharacters(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"news#1", "desk?x=1", "100%"} {
		o := store.Options{SQLitePath: filepath.Join(dir, name, "broadsheet.db")}
		s := storetest.Open(t, o)
		if _, err := s.SaveSection(context.Background(), 0, section.Input{Name: "News", Slug: "news"}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := os.Stat(o.SQLitePath); err != nil {
			t.Errorf("%s: the database is not where it was asked for: %v", name, err)
		}
	}
}
