package slug

import (
	"strings"
	"testing"
)

func TestMake(t *testing.T) {
	for in, want := range map[string]string{
		"Flood warning issued":                   "flood-warning-issued",
		`Fish & chips: a "national dish" debate`: "fish-and-chips-a-national-dish-debate",
		"What's New":                             "whats-new",
		"Adébáyọ̀ Ọlábísí in São Paulo":          "adebayo-olabisi-in-sao-paulo",
		"  --  ":                    "",
		"<script>alert(1)</script>": "script-alert-1-script",
		"日本語":                       "",
	} {
		if got := Make(in); got != want {
			t.Errorf("Make(%q) = %q, want %q", in, got, want)
		}
		if got := Make(in); got != "" && !Valid(got) {
			t.Errorf("Make(%q) = %q is not valid", in, got)
		}
	}
	long := Make(strings.Repeat("word ", 60))
	if len(long) > MaxLen || !Valid(long) {
		t.Errorf("long slug %q (%d)", long, len(long))
	}
	for _, bad := range []string{"", "-a", "a-", "a--b", "A", "a b", "a/b", "../x"} {
		if Valid(bad) {
			t.Errorf("Valid(%q) = true", bad)
		}
	}
}
