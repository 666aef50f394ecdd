package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"broadsheet/internal/alert"
	"broadsheet/internal/apperr"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
)

func TestAlertSubscriptions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		news, sport := mkSection(t, s, 0, "news", 0), mkSection(t, s, 0, "sport", 1)
		sub, err := s.ConfirmAlerts(ctx, "r@example.com", alert.Choices{Breaking: true, Sections: []int64{news, 999999}}, now)
		if err != nil || sub.ID == 0 || sub.Status != alert.Active || !sub.Choices.Breaking || !slices.Equal(sub.Choices.Sections, []int64{news}) {
			t.Fatalf("confirm: %+v %v", sub, err)
		}
		// Confirming again replaces the choices and keeps the row.
		again, err := s.ConfirmAlerts(ctx, "r@example.com", alert.Choices{Digest: true, Sections: []int64{sport}}, now)
		if err != nil || again.ID != sub.ID || again.Choices.Breaking || !again.Choices.Digest || !slices.Equal(again.Choices.Sections, []int64{sport}) {
			t.Fatalf("confirm again: %+v %v", again, err)
		}
		if err := s.UnsubscribeAlerts(ctx, sub.ID, now); err != nil {
			t.Fatal(err)
		}
		if err := s.UnsubscribeAlerts(ctx, sub.ID, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, err := s.AlertSubscriptionByEmail(ctx, "r@example.com")
		if err != nil || got.Status != alert.Unsubscribed || !got.UnsubscribedAt.Equal(now.Truncate(time.Microsecond)) {
			t.Fatalf("after unsubscribing twice: %+v %v", got, err)
		}
		if err := s.SetAlertChoices(ctx, sub.ID, alert.Choices{Breaking: true}); err != nil {
			t.Fatal(err)
		}
		wantKind(t, s.SetAlertChoices(ctx, 999999, alert.Choices{Breaking: true}), apperr.NotFound)
		wantKind(t, s.UnsubscribeAlerts(ctx, 999999, now), apperr.NotFound)
		if _, err := s.ConfirmAlerts(ctx, "other@example.com", alert.Choices{Digest: true}, now); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ConfirmAlerts(ctx, "gone@example.com", alert.Choices{Digest: true}, now); err != nil {
			t.Fatal(err)
		}
		gone, _ := s.AlertSubscriptionByEmail(ctx, "gone@example.com")
		s.UnsubscribeAlerts(ctx, gone.ID, now)
		c, err := s.CountAlertSubscriptions(ctx)
		if err != nil || c != (alert.Counts{Active: 2, Breaking: 1, Digest: 1, Sections: 0, Unsubscribed: 1}) {
			t.Fatalf("counts: %+v %v", c, err)
		}
		_, err = s.AlertSubscription(ctx, 999999)
		wantKind(t, err, apperr.NotFound)
	})
}
