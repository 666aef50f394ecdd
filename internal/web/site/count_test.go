package site

import "testing"

func TestResultCountAndNewsLanguage(t *testing.T) {
	for n, want := range map[int]string{0: "0 results", 1: "1 result", 2: "2 results", 999: "999 results", 1000: "1,000 results", 1001: "More than 1,000 results"} {
		if got := resultCount(n); got != want {
			t.Errorf("resultCount(%d) = %q; want %q", n, got, want)
		}
	}
	if humanize(1234567) != "1,234,567" {
		t.Errorf("humanize: %s", humanize(1234567))
	}
	for tag, want := range map[string]string{"en": "en", "fr-CA": "fr", "yo": "yo", "zh-Hans": "zh-cn", "zh-TW": "zh-tw", "zh-Hant-HK": "zh-tw", "pt-BR": "pt"} {
		if got := newsLanguage(tag); got != want {
			t.Errorf("newsLanguage(%q) = %q; want %q", tag, got, want)
		}
	}
}
