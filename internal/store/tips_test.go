package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
	"broadsheet/internal/tip"
	"broadsheet/internal/user"
)

func TestTips(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		_, err := s.TipKeyring(ctx)
		wantKind(t, err, apperr.NotFound)
		kr, nr, err := tip.NewKeyring("the newsroom's passphrase", now)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateTipKeyring(ctx, kr); err != nil {
			t.Fatal(err)
		}
		wantKind(t, s.CreateTipKeyring(ctx, kr), apperr.Conflict)
		got, err := s.TipKeyring(ctx)
		if err != nil || got.Recipient != kr.Recipient || !bytes.Equal(got.Sealed, kr.Sealed) {
			t.Fatalf("keyring: %+v %v", got, err)
		}

		ed := mkUser(t, s, "tips-editor@example.com", user.Editor)
		if ok, _ := s.HasTipAccess(ctx, ed.ID); ok {
			t.Fatal("access before it was granted")
		}
		for range 2 {
			if err := s.GrantTipAccess(ctx, ed.ID, 0, now); err != nil {
				t.Fatal(err)
			}
		}
		if us, err := s.TipAccess(ctx); err != nil || len(us) != 1 || us[0].ID != ed.ID {
			t.Fatalf("access list: %+v %v", us, err)
		}
		if err := s.CreateSession(ctx, user.Session{Hash: "sess-1", UserID: ed.ID, CSRF: "c", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		un, _, err := tip.UnlockFor(nr, now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SaveTipUnlock(ctx, "sess-1", un); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveTipUnlock(ctx, "sess-1", un); err != nil {
			t.Fatalf("unlocking again: %v", err)
		}
		if u, err := s.TipUnlock(ctx, "sess-1", now); err != nil || !bytes.Equal(u.Sealed, un.Sealed) {
			t.Fatalf("unlock: %v", err)
		}
		if _, err := s.TipUnlock(ctx, "sess-1", now.Add(2*time.Hour)); err == nil {
			t.Error("an expired unlock still opens")
		}
		if err := s.RevokeTipAccess(ctx, ed.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TipUnlock(ctx, "sess-1", now); err == nil {
			t.Error("revoking access left the inbox unlocked")
		}

		th, code, key, err := tip.NewThread(kr.Recipient)
		if err != nil {
			t.Fatal(err)
		}
		th.ReceivedOn, th.UpdatedAt = now.Format("2006-01-02"), now.Truncate(24*time.Hour)
		rk, _ := th.RecipientKey()
		body, _ := tip.Seal(rk, []byte(`{"text":"first"}`))
		m := tip.Message{Author: tip.Tipster, Body: body, CreatedAt: th.UpdatedAt}
		files := []tip.File{{Path: "aa.age", Size: 10, Meta: []byte("meta")}}
		if err := s.CreateTip(ctx, kr.Recipient, &th, &m, files); err != nil {
			t.Fatal(err)
		}
		dup := th
		wantKind(t, s.CreateTip(ctx, kr.Recipient, &dup, &tip.Message{Author: tip.Tipster, Body: body}, nil), apperr.Conflict)
		found, err := s.TipByLookup(ctx, tip.LookupHash(code))
		if err != nil || found.ID != th.ID || !found.Unread || found.Status != tip.New {
			t.Fatalf("by code: %+v %v", found, err)
		}
		if k, err := found.KeyForCode(code); err != nil || k.String() != key.String() {
			t.Fatalf("key by code: %v", err)
		}
		if err := s.UpdateTip(ctx, th.ID, tip.InProgress, ed.ID); err != nil {
			t.Fatal(err)
		}
		wantKind(t, s.UpdateTip(ctx, th.ID, "nonsense", 0), apperr.Invalid)
		wantKind(t, s.UpdateTip(ctx, 999999, tip.Used, 0), apperr.NotFound)
		reply := tip.Message{TipID: th.ID, Author: tip.Newsroom, UserID: ed.ID, Body: body, CreatedAt: now}
		if err := s.AddTipMessage(ctx, &reply, nil, now, ""); err != nil {
			t.Fatal(err)
		}
		noteBody, _ := tip.Seal(nr.Recipient(), []byte(`{"text":"a note"}`))
		note := tip.Message{TipID: th.ID, Author: tip.Note, UserID: ed.ID, Body: noteBody, CreatedAt: now}
		if err := s.AddTipMessage(ctx, &note, nil, now, kr.Recipient); err != nil {
			t.Fatal(err)
		}
		list, err := s.Tips(ctx, tip.InProgress, 0)
		if err != nil || len(list) != 1 || list[0].Assignee != ed.Name || list[0].Messages != 2 || list[0].Unread {
			t.Fatalf("list: %+v %v", list, err)
		}
		follow := tip.Message{TipID: th.ID, Author: tip.Tipster, Body: body, CreatedAt: th.UpdatedAt}
		if err := s.AddTipMessage(ctx, &follow, []tip.File{{Path: "bb.age", Size: 5, Meta: []byte("m2")}}, th.UpdatedAt, ""); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountUnreadTips(ctx); n != 1 {
			t.Errorf("unread = %d after a follow-up", n)
		}
		ms, err := s.TipMessages(ctx, th.ID)
		if err != nil || len(ms) != 4 || ms[1].UserName != ed.Name || ms[2].Author != tip.Note {
			t.Fatalf("messages: %+v %v", ms, err)
		}
		fs, err := s.TipFiles(ctx, th.ID)
		if err != nil || len(fs) != 2 || fs[1].MessageID != follow.ID {
			t.Fatalf("files: %+v %v", fs, err)
		}
		if _, err := s.TipFile(ctx, th.ID+1, fs[0].ID); err == nil {
			t.Error("a file read through another tip")
		}
		wantKind(t, s.AddTipMessage(ctx, &tip.Message{TipID: 999999, Author: tip.Tipster, Body: body}, nil, now, ""), apperr.NotFound)

		// Rotating the newsroom key moves each tip's key and the notes to
		// the new one, locks every inbox, and turns away what was sealed to
		// the old key in the meantime.
		if err := s.SaveTipUnlock(ctx, "sess-1", un); err != nil {
			t.Fatal(err)
		}
		kr2, nr2, rewrap, err := kr.Rotate(nr, "another newsroom passphrase", now)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RotateTipKeys(ctx, kr, kr2, rewrap); err != nil {
			t.Fatal(err)
		}
		if !errors.Is(s.RotateTipKeys(ctx, kr, kr2, rewrap), tip.ErrStaleKey) {
			t.Error("rotating from a key already replaced")
		}
		if k, _ := s.TipKeyring(ctx); k.Recipient != kr2.Recipient {
			t.Error("the new key is not stored")
		}
		moved, _ := s.Tip(ctx, th.ID)
		if k, err := moved.KeyFor(nr2); err != nil || k.String() != key.String() {
			t.Fatalf("the tip's key under the new newsroom key: %v", err)
		}
		ms, _ = s.TipMessages(ctx, th.ID)
		if plain, err := tip.Open(nr2, ms[2].Body); err != nil || string(plain) != `{"text":"a note"}` {
			t.Fatalf("the note under the new key: %q %v", plain, err)
		}
		if _, err := s.TipUnlock(ctx, "sess-1", now); err == nil {
			t.Error("an inbox stayed unlocked through the rotation")
		}
		stale, _, _, _ := tip.NewThread(kr.Recipient)
		stale.ReceivedOn = "2026-01-01"
		if err := s.CreateTip(ctx, kr.Recipient, &stale, &tip.Message{Author: tip.Tipster, Body: body}, nil); !errors.Is(err, tip.ErrStaleKey) {
			t.Errorf("a tip sealed to the old key: %v", err)
		}
		if err := s.AddTipMessage(ctx, &tip.Message{TipID: th.ID, Author: tip.Note, Body: noteBody}, nil, now, kr.Recipient); !errors.Is(err, tip.ErrStaleKey) {
			t.Errorf("a note sealed to the old key: %v", err)
		}

		// A demotion takes tip access away for good.
		if err := s.GrantTipAccess(ctx, ed.ID, 0, now); err != nil {
			t.Fatal(err)
		}
		for _, role := range []user.Role{user.Author, user.Editor} {
			ed.Role = role
			if err := s.UpdateUser(ctx, ed); err != nil {
				t.Fatal(err)
			}
			if ok, _ := s.HasTipAccess(ctx, ed.ID); ok {
				t.Errorf("as %s, still on the tips list", role)
			}
		}
	})
}
