package alert

import (
	"errors"
	"testing"
	"time"

	"broadsheet/internal/apperr"
)

func TestNextDigest(t *testing.T) {
	t.Parallel()
	lagos, _ := time.LoadLocation("Africa/Lagos") // UTC+1
	for _, tt := range []struct {
		now  string
		hour int
		day  string
		at   string
	}{
		{"2026-11-29T05:00:00Z", 7, "2026-11-29", "2026-11-29T06:00:00Z"},
		{"2026-11-29T06:00:00Z", 7, "2026-11-29", "2026-11-29T06:00:00Z"},
		{"2026-11-29T06:00:01Z", 7, "2026-11-30", "2026-11-30T06:00:00Z"},
		{"2026-11-29T23:30:00Z", 0, "2026-12-01", "2026-11-30T23:00:00Z"}, // 00:30 in Lagos: midnight has passed
	} {
		now, _ := time.Parse(time.RFC3339, tt.now)
		day, at := NextDigest(now, lagos, tt.hour)
		if day != tt.day || at.UTC().Format(time.RFC3339) != tt.at {
			t.Errorf("NextDigest(%s, %d) = %s %s; want %s %s", tt.now, tt.hour, day, at.UTC().Format(time.RFC3339), tt.day, tt.at)
		}
		start, end, err := DigestWindow(day, lagos, tt.hour)
		if err != nil || !end.Equal(at) || end.Sub(start) != 24*time.Hour {
			t.Errorf("DigestWindow(%s) = %v %v %v", day, start, end, err)
		}
	}
	if _, _, err := DigestWindow("29/11/2026", lagos, 7); !errors.Is(err, apperr.Invalid) {
		t.Errorf("a bad day: %v", err)
	}
}

func TestChoicesAndTokens(t *testing.T) {
	t.Parallel()
	known := map[int64]bool{1: true, 2: true}
	c := Choices{Sections: []int64{2, 1, 2}}
	if err := c.Validate(known); err != nil || len(c.Sections) != 2 {
		t.Fatalf("choices: %+v %v", c, err)
	}
	for _, bad := range []Choices{{}, {Sections: []int64{3}}} {
		if err := bad.Validate(known); !errors.Is(err, apperr.Invalid) {
			t.Errorf("%+v accepted", bad)
		}
	}
	key := []byte("0123456789abcdef")
	tok := Token(key, 7, "a@example.org")
	if !CheckToken(key, 7, "a@example.org", tok) || CheckToken(key, 8, "a@example.org", tok) || CheckToken(key, 7, "b@example.org", tok) ||
		CheckToken([]byte("another key, 16b"), 7, "a@example.org", tok) {
		t.Error("a token opens what it should not, or not what it should")
	}
}

// Across a clock change the windows meet: no hour skipped or sent twice.
func TestDigestWindowAcrossClockChange(t *testing.T) {
	t.Parallel()
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone data")
	}
	for _, days := range [][2]string{{"2024-10-27", "2024-10-28"}, {"2024-03-31", "2024-04-01"}} {
		_, end1, _ := DigestWindow(days[0], london, 7)
		start2, _, _ := DigestWindow(days[1], london, 7)
		if !end1.Equal(start2) {
			t.Errorf("%s ends at %v but %s starts at %v", days[0], end1, days[1], start2)
		}
	}
	start, end, _ := DigestWindow("2024-10-27", london, 7)
	if end.Sub(start) != 25*time.Hour {
		t.Errorf("the day the clocks go back has %v", end.Sub(start))
	}
}
