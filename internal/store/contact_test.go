package store_test

import (
	"context"
	"testing"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/contact"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
)

func TestContactMessages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for i, k := range []contact.Kind{contact.Contact, contact.Advertise, contact.Contact} {
			m := contact.Message{Kind: k, Name: "Reader", Email: "r@example.com", Subject: "Hello", Body: "Message " + string(rune('A'+i)),
				CreatedAt: time.Now().Add(time.Duration(i) * time.Second)}
			if err := s.CreateContactMessage(ctx, &m); err != nil || m.ID == 0 || m.Status != contact.New {
				t.Fatalf("create: %+v %v", m, err)
			}
		}
		all, err := s.ContactMessages(ctx, "", 0)
		if err != nil || len(all) != 3 || all[0].Body != "Message C" || all[1].Kind != contact.Advertise {
			t.Fatalf("list: %+v %v", all, err)
		}
		if err := s.SetContactStatus(ctx, all[0].ID, contact.Done); err != nil {
			t.Fatal(err)
		}
		wantKind(t, s.SetContactStatus(ctx, all[0].ID, "archived"), apperr.Invalid)
		wantKind(t, s.SetContactStatus(ctx, 999999, contact.Done), apperr.NotFound)
		if n, _ := s.CountNewContactMessages(ctx); n != 2 {
			t.Errorf("%d new; want 2", n)
		}
		if done, _ := s.ContactMessages(ctx, contact.Done, 0); len(done) != 1 || done[0].ID != all[0].ID {
			t.Errorf("done: %+v", done)
		}
		m, err := s.ContactMessage(ctx, all[1].ID)
		if err != nil || m.Email != "r@example.com" || m.CreatedAt.IsZero() {
			t.Errorf("one: %+v %v", m, err)
		}
		_, err = s.ContactMessage(ctx, 999999)
		wantKind(t, err, apperr.NotFound)
	})
}
