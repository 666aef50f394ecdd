package store_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
	"broadsheet/internal/user"
)

func TestUsers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		au := mkAuthor(t, s, "zoe")
		zoe := user.User{Email: "zoe@example.com", Name: "Zoe", Role: user.Editor, PasswordHash: "h1", AuthorID: au.ID}
		if err := s.CreateUser(ctx, &zoe); err != nil {
			t.Fatal(err)
		}
		if zoe.ID == 0 || zoe.CreatedAt.IsZero() {
			t.Fatalf("CreateUser left %+v", zoe)
		}
		amy := mkUser(t, s, "amy@example.com", user.Contributor)

		got, err := s.UserByEmail(ctx, "zoe@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != zoe.ID || got.Name != "Zoe" || got.Role != user.Editor || got.PasswordHash != "h1" || got.AuthorID != au.ID ||
			got.Disabled || !got.CreatedAt.Equal(zoe.CreatedAt.Truncate(time.Microsecond)) {
			t.Errorf("user read back as %+v; saved %+v", got, zoe)
		}
		if byID, err := s.User(ctx, amy.ID); err != nil || byID.Email != "amy@example.com" || byID.Role != user.Contributor || byID.AuthorID != 0 {
			t.Errorf("User(%d) = %+v, %v", amy.ID, byID, err)
		}

		dup := user.User{Email: "zoe@example.com", Name: "Other Zoe", Role: user.Author, PasswordHash: "h"}
		err = s.CreateUser(ctx, &dup)
		wantField(t, err, "email")
		wantKind(t, err, apperr.Invalid)

		list, err := s.Users(ctx)
		if err != nil || len(list) != 2 || list[0].ID != amy.ID || list[1].ID != zoe.ID {
			t.Errorf("Users() = %+v, %v; want amy, zoe by name", list, err)
		}
		if n, err := s.CountStaff(ctx); err != nil || n != 2 {
			t.Errorf("CountStaff = %d, %v", n, err)
		}

		_, err = s.UserByEmail(ctx, "nobody@example.com")
		wantKind(t, err, user.ErrNotFound)
		_, err = s.User(ctx, 9999)
		wantKind(t, err, apperr.NotFound)

		// UpdateUser changes the fields; another user's email is refused.
		zoe.Name, zoe.Role, zoe.AuthorID, zoe.Email = "Zoe A.", user.Admin, 0, "zoe.a@example.com"
		if err := s.UpdateUser(ctx, zoe); err != nil {
			t.Fatal(err)
		}
		got, _ = s.User(ctx, zoe.ID)
		if got.Name != "Zoe A." || got.Role != user.Admin || got.AuthorID != 0 || got.Email != "zoe.a@example.com" || got.PasswordHash != "h1" {
			t.Errorf("updated user %+v", got)
		}
		amy.Email = "zoe.a@example.com"
		wantField(t, s.UpdateUser(ctx, amy), "email")
		wantKind(t, s.UpdateUser(ctx, user.User{ID: 9999, Email: "x@example.com", Name: "X", Role: user.Author}), user.ErrNotFound)
	})
}

func TestCreateFirstAdmin(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		first := user.User{Email: "boss@example.com", Name: "Boss", Role: user.Admin, PasswordHash: "h"}
		if err := s.CreateFirstAdmin(ctx, &first); err != nil {
			t.Fatal(err)
		}
		if first.ID == 0 {
			t.Fatal("CreateFirstAdmin did not set the id")
		}
		if got, err := s.User(ctx, first.ID); err != nil || got.Role != user.Admin || got.Email != "boss@example.com" {
			t.Errorf("first admin read back as %+v, %v", got, err)
		}
		second := user.User{Email: "second@example.com", Name: "Second", Role: user.Admin, PasswordHash: "h"}
		wantKind(t, s.CreateFirstAdmin(ctx, &second), apperr.Forbidden)
		if n, _ := s.CountStaff(ctx); n != 1 {
			t.Errorf("%d users; want 1", n)
		}
	})
}

// TestCreateFirstAdminRace sends several setup forms at once: only one may win.
func TestCreateFirstAdminRace(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				u := user.User{Email: string(rune('a'+i)) + "@example.com", Name: "Admin", Role: user.Admin, PasswordHash: "h"}
				errs[i] = s.CreateFirstAdmin(ctx, &u)
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, apperr.Forbidden):
				t.Errorf("a losing setup failed with %v; want forbidden", err)
			}
		}
		if users, _ := s.CountStaff(ctx); won != 1 || users != 1 {
			t.Errorf("%d setups succeeded and %d users exist; want 1 and 1", won, users)
		}
	})
}

func TestSessions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Microsecond)
		u := mkUser(t, s, "kim@example.com", user.Author)
		other := mkUser(t, s, "lee@example.com", user.Author)
		live := user.Session{Hash: "live", UserID: u.ID, CSRF: "csrf1", CreatedAt: now, ExpiresAt: now.Add(user.SessionLifetime)}
		for _, ss := range []user.Session{
			live,
			{Hash: "expired", UserID: u.ID, CSRF: "csrf2", CreatedAt: now.Add(-time.Hour), ExpiresAt: now.Add(-time.Second)},
			{Hash: "other", UserID: other.ID, CSRF: "csrf3", CreatedAt: now, ExpiresAt: now.Add(time.Hour)},
		} {
			if err := s.CreateSession(ctx, ss); err != nil {
				t.Fatal(err)
			}
		}

		ss, su, err := s.Session(ctx, "live")
		if err != nil {
			t.Fatal(err)
		}
		if ss != live {
			t.Errorf("session read back as %+v; want %+v", ss, live)
		}
		if su.ID != u.ID || su.Email != u.Email || su.Role != user.Author || su.PasswordHash != u.PasswordHash {
			t.Errorf("session user %+v", su)
		}
		_, _, err = s.Session(ctx, "expired")
		wantKind(t, err, apperr.NotFound)
		_, _, err = s.Session(ctx, "no-such-session")
		wantKind(t, err, user.ErrNotFound)

		// Signing out removes the session (and, on the way, expired ones).
		if err := s.DeleteSession(ctx, "live"); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.Session(ctx, "live")
		wantKind(t, err, apperr.NotFound)
		if _, ou, err := s.Session(ctx, "other"); err != nil || ou.ID != other.ID {
			t.Errorf("another user's session: %+v, %v", ou, err)
		}
		// The expired row is gone: its hash can be stored again.
		if err := s.CreateSession(ctx, user.Session{Hash: "expired", UserID: u.ID, CSRF: "c", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Errorf("expired session was not cleared: %v", err)
		}
	})
}

func TestTokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := mkUser(t, s, "api@example.com", user.Editor)
		if err := s.CreateToken(ctx, u.ID, "tokhash", "importer"); err != nil {
			t.Fatal(err)
		}
		got, err := s.UserByToken(ctx, "tokhash")
		if err != nil || got.ID != u.ID || got.Role != user.Editor {
			t.Errorf("UserByToken = %+v, %v", got, err)
		}
		_, err = s.UserByToken(ctx, "unknown")
		wantKind(t, err, apperr.NotFound)
		if err := s.CreateToken(ctx, u.ID, "tokhash", "again"); err == nil {
			t.Error("stored a second token with the same hash")
		}
	})
}

// TestDisableUser: a disabled user's sessions and tokens stop working at once
// and stay gone when the account is enabled again.
func TestDisableUser(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		u := mkUser(t, s, "gone@example.com", user.Author)
		keep := mkUser(t, s, "stays@example.com", user.Author)
		for _, x := range []user.User{u, keep} {
			if err := s.CreateSession(ctx, user.Session{Hash: "s-" + x.Email, UserID: x.ID, CSRF: "c", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			if err := s.CreateToken(ctx, x.ID, "t-"+x.Email, "token"); err != nil {
				t.Fatal(err)
			}
		}

		u.Disabled = true
		if err := s.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.User(ctx, u.ID); !got.Disabled {
			t.Error("user not disabled")
		}
		_, _, err := s.Session(ctx, "s-gone@example.com")
		wantKind(t, err, apperr.NotFound)
		_, err = s.UserByToken(ctx, "t-gone@example.com")
		wantKind(t, err, apperr.NotFound)

		u.Disabled = false
		if err := s.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.Session(ctx, "s-gone@example.com")
		wantKind(t, err, apperr.NotFound)
		_, err = s.UserByToken(ctx, "t-gone@example.com")
		wantKind(t, err, apperr.NotFound)

		if _, su, err := s.Session(ctx, "s-stays@example.com"); err != nil || su.ID != keep.ID {
			t.Errorf("another user's session: %v", err)
		}
		if tu, err := s.UserByToken(ctx, "t-stays@example.com"); err != nil || tu.ID != keep.ID {
			t.Errorf("another user's token: %v", err)
		}

		// A disabled account created as such never signs in.
		off := user.User{Email: "off@example.com", Name: "Off", Role: user.Author, PasswordHash: "h", Disabled: true}
		if err := s.CreateUser(ctx, &off); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateSession(ctx, user.Session{Hash: "s-off", UserID: off.ID, CSRF: "c", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.Session(ctx, "s-off")
		wantKind(t, err, apperr.NotFound)
	})
}

// TestUpdateUserPassword follows UpdateUser's contract: an empty hash keeps the
// password, a new one replaces it and ends the user's sessions.
func TestUpdateUserPassword(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		u := mkUser(t, s, "pw@example.com", user.Author)
		if err := s.CreateSession(ctx, user.Session{Hash: "pw-session", UserID: u.ID, CSRF: "c", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}

		u.Name, u.PasswordHash = "Renamed", ""
		if err := s.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		got, _ := s.User(ctx, u.ID)
		if got.Name != "Renamed" || got.PasswordHash != "hash-of-pw@example.com" {
			t.Errorf("after an update without a password: %+v; want the old hash kept", got)
		}
		if _, _, err := s.Session(ctx, "pw-session"); err != nil {
			t.Errorf("an update without a new password ended the session: %v", err)
		}

		// The same hash again is no new password either.
		u.PasswordHash = "hash-of-pw@example.com"
		if err := s.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Session(ctx, "pw-session"); err != nil {
			t.Errorf("an update with the unchanged hash ended the session: %v", err)
		}

		u.PasswordHash = "new-hash"
		if err := s.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.User(ctx, u.ID); got.PasswordHash != "new-hash" {
			t.Errorf("password hash %q; want new-hash", got.PasswordHash)
		}
		_, _, err := s.Session(ctx, "pw-session")
		wantKind(t, err, apperr.NotFound)
		if list, _ := s.Users(ctx); !slices.ContainsFunc(list, func(x user.User) bool { return x.ID == u.ID && !x.Disabled }) {
			t.Error("a new password disabled the user")
		}
	})
}

// The forms people fill in for themselves change one field each: a change an
// administrator made meanwhile (closing the account, another role) stays.
func TestSetUserFieldsKeepTheRest(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		u := mkUser(t, s, "self@example.com", user.Editor)
		stale := u // what the reader's own form loaded

		// An administrator closes the account and makes it a reader.
		closed := u
		closed.Disabled, closed.Role, closed.PasswordHash = true, user.Reader, ""
		if err := s.UpdateUser(ctx, closed); err != nil {
			t.Fatal(err)
		}
		if err := s.SetUserName(ctx, stale.ID, "New Name"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetUserNotify(ctx, stale.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetUserPassword(ctx, stale.ID, "another-hash"); err != nil {
			t.Fatal(err)
		}
		got, err := s.User(ctx, u.ID)
		if err != nil || !got.Disabled || got.Role != user.Reader || got.Name != "New Name" || !got.NotifyComments || got.PasswordHash != "another-hash" {
			t.Fatalf("after the reader's own changes: %+v %v; want still closed and a reader", got, err)
		}

		// A new address: another account's is refused, links still out are
		// void, and a new password ends every session.
		other := mkUser(t, s, "taken@example.com", user.Reader)
		wantField(t, s.SetUserEmail(ctx, u.ID, other.Email), "email")
		tok := user.Token{Hash: "reset-1", Kind: user.TokenReset, UserID: u.ID, Email: u.Email, Data: "{}", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := s.CreateUserToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if err := s.SetUserEmail(ctx, u.ID, "moved@example.com"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.User(ctx, u.ID); got.Email != "moved@example.com" {
			t.Fatalf("email %q", got.Email)
		}
		_, err = s.UserToken(ctx, "reset-1", user.TokenReset, now)
		wantKind(t, err, apperr.NotFound)
		if err := s.CreateSession(ctx, user.Session{Hash: "set-pw", UserID: other.ID, CSRF: "c", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetUserPassword(ctx, other.ID, "fresh-hash"); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.Session(ctx, "set-pw")
		wantKind(t, err, apperr.NotFound)
		wantKind(t, s.SetUserName(ctx, 99999, "Nobody"), user.ErrNotFound)
		wantKind(t, s.SetUserPassword(ctx, u.ID, ""), apperr.Invalid)
	})
}

// A reader never uses the API: demoting a member of staff to reader takes
// their tokens away, and a reader's token (however it came to be) opens
// nothing.
func TestReadersHaveNoAPITokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := mkUser(t, s, "demoted@example.com", user.Author)
		if err := s.CreateToken(ctx, u.ID, "tok-demoted", "script"); err != nil {
			t.Fatal(err)
		}
		if got, err := s.UserByToken(ctx, "tok-demoted"); err != nil || got.ID != u.ID {
			t.Fatalf("token before: %+v %v", got, err)
		}
		u.Role, u.PasswordHash = user.Reader, ""
		if err := s.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		_, err := s.UserByToken(ctx, "tok-demoted")
		wantKind(t, err, user.ErrNotFound)
		// Promoted again, the account does not get its old token back.
		u.Role = user.Author
		if err := s.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		_, err = s.UserByToken(ctx, "tok-demoted")
		wantKind(t, err, user.ErrNotFound)

		r := mkUser(t, s, "reader-token@example.com", user.Reader)
		if err := s.CreateToken(ctx, r.ID, "tok-reader", "odd"); err != nil {
			t.Fatal(err)
		}
		_, err = s.UserByToken(ctx, "tok-reader")
		wantKind(t, err, user.ErrNotFound)
	})
}
