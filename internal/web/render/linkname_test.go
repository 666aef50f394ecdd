package render

import "testing"

func TestLinkName(t *testing.T) {
	for in, want := range map[string]string{
		"https://x.com/reporter":                 "X",
		"https://twitter.com/reporter":           "X",
		"https://www.linkedin.com/in/reporter":   "LinkedIn",
		"https://m.facebook.com/reporter":        "Facebook",
		"https://reporter.substack.com/":         "Substack",
		"https://mastodon.social/@reporter":      "Mastodon (mastodon.social)",
		"https://bsky.app/profile/reporter.test": "Bluesky",
		"mailto:reporter@example.com":            "Email",
		"https://www.example.org/about":          "example.org",
		"https://notx.com/a":                     "notx.com",
		"%zz":                                    "Website",
	} {
		if got := LinkName(in); got != want {
			t.Errorf("LinkName(%q) = %q; want %q", in, got, want)
		}
	}
}
