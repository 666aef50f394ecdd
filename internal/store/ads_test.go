package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"broadsheet/internal/ad"
	"broadsheet/internal/apperr"
	"broadsheet/internal/setting"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
	"broadsheet/internal/user"
)

func TestAds(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		admin := mkUser(t, s, "ads@example.com", user.Admin)
		news := mkSection(t, s, 0, "news", 0)
		sport := mkSection(t, s, 0, "sport", 1)
		house := ad.Ad{Name: "Subscribe", Kind: ad.House, Placements: []ad.Placement{ad.Header, ad.Sidebar}, Text: "Get alerts",
			Link: "/alerts", Weight: 3, Starts: t0, Ends: t0.Add(48 * time.Hour), Sections: []int64{sport, news},
			UpdatedAt: t0, UpdatedBy: admin.ID}
		if err := house.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveAd(ctx, &house); err != nil || house.ID == 0 {
			t.Fatalf("save: %+v %v", house, err)
		}
		got, err := s.Ad(ctx, house.ID)
		if err != nil || got.Name != "Subscribe" || got.Kind != ad.House || len(got.Placements) != 2 || got.Placements[1] != ad.Sidebar ||
			!got.Starts.Equal(t0) || !got.Ends.Equal(t0.Add(48*time.Hour)) || got.Weight != 3 || !got.Targeted ||
			len(got.Sections) != 2 || got.UpdatedBy != admin.ID || got.Link != "/alerts" {
			t.Fatalf("read back: %+v %v", got, err)
		}
		net := ad.Ad{Name: "Network", Kind: ad.Network, Placements: []ad.Placement{ad.InArticle}, Code: `<script src="https://ads.example/t.js"></script>`,
			Weight: 1, UpdatedAt: t0}
		if err := s.SaveAd(ctx, &net); err != nil {
			t.Fatal(err)
		}
		// A change replaces the sections; a section that does not exist is refused
		// and leaves the ad as it was.
		got.Sections = []int64{sport}
		if err := s.SaveAd(ctx, &got); err != nil {
			t.Fatal(err)
		}
		bad := got
		bad.Sections, bad.Name = []int64{sport, 999999}, "Renamed"
		wantKind(t, s.SaveAd(ctx, &bad), apperr.Invalid)
		all, err := s.Ads(ctx)
		if err != nil || len(all) != 2 || all[0].Name != "Subscribe" || len(all[0].Sections) != 1 || all[0].Sections[0] != sport ||
			all[1].Code == "" || all[1].Targeted {
			t.Fatalf("list: %+v %v", all, err)
		}
		// Deleting the only section leaves the ad targeted at nothing: it shows nowhere.
		if err := s.DeleteSection(ctx, sport); err != nil {
			t.Fatal(err)
		}
		got, _ = s.Ad(ctx, house.ID)
		if !got.Targeted || len(got.Sections) != 0 || got.Fits(ad.Header, nil) || got.Fits(ad.Header, []int64{news}) {
			t.Errorf("after the section went: %+v", got)
		}
		// Counts add up per day, from several writers at once; an unknown ad's are dropped.
		var wg sync.WaitGroup
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := s.AddAdCounts(ctx, []ad.Count{{AdID: house.ID, Day: "2025-03-14", Impressions: 10, Clicks: 1},
					{AdID: house.ID, Day: "2025-03-15", Impressions: 5}, {AdID: 999999, Day: "2025-03-15", Impressions: 7}}); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		stats, err := s.AdStats(ctx, "")
		if err != nil || stats[house.ID] != (ad.Stats{Impressions: 60, Clicks: 4}) || len(stats) != 1 {
			t.Fatalf("stats: %+v %v", stats, err)
		}
		if stats, _ := s.AdStats(ctx, "2025-03-15"); stats[house.ID].Impressions != 20 {
			t.Errorf("since: %+v", stats)
		}
		days, err := s.AdDays(ctx, house.ID, "2025-01-01")
		if err != nil || len(days) != 2 || days[0].Day != "2025-03-14" || days[0].Impressions != 40 || days[1].Clicks != 0 {
			t.Errorf("days: %+v %v", days, err)
		}
		if err := s.DeleteAd(ctx, house.ID); err != nil {
			t.Fatal(err)
		}
		wantKind(t, s.DeleteAd(ctx, house.ID), apperr.NotFound)
		if _, err := s.Ad(ctx, house.ID); !errors.Is(err, apperr.NotFound) {
			t.Errorf("deleted ad: %v", err)
		}
		if stats, _ := s.AdStats(ctx, ""); len(stats) != 0 {
			t.Errorf("a deleted ad's counts stay: %+v", stats)
		}
	})
}

func TestMoveOldAds(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		// Settings as an older version stored them, with the fixed slots.
		old := setting.Default()
		old.OldAds = &setting.Ads{Header: setting.Ad{Text: "Advertise with us", URL: "/advertise"},
			Sidebar: setting.Ad{ImageURL: "/media/ad.png", URL: "https://shop.example/"}}
		if err := s.SaveSettings(ctx, old); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		made := make([]int, 3)
		for i := range made { // instances starting together move them once
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				if made[i], err = s.MoveOldAds(ctx, t0); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if made[0]+made[1]+made[2] != 2 {
			t.Fatalf("made %v ads; want 2 in all", made)
		}
		all, err := s.Ads(ctx)
		if err != nil || len(all) != 2 {
			t.Fatalf("ads: %+v %v", all, err)
		}
		h, side := all[0], all[1]
		if h.Kind != ad.House || h.Placements[0] != ad.Header || h.Text != "Advertise with us" || h.Link != "/advertise" || h.Paused || !h.Live(t0) {
			t.Errorf("header: %+v", h)
		}
		if side.Placements[0] != ad.Sidebar || side.ImageURL != "/media/ad.png" || side.ImageAlt == "" || side.Link != "https://shop.example/" || side.Paused {
			t.Errorf("sidebar: %+v", side)
		}
		st, err := s.Settings(ctx)
		if err != nil || st.OldAds != nil || st.AdSlots != setting.DefaultAdSlots() {
			t.Errorf("settings after: %+v %v", st, err)
		}
		if n, err := s.MoveOldAds(ctx, t0); n != 0 || err != nil {
			t.Errorf("again: %d %v", n, err)
		}
	})
}
