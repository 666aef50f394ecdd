// Package ad is the site's advertising: named placements on reader pages,
// the ads that fill them (house ads the newsroom makes, and ad-network code
// that only administrators may paste), which ad a slot shows, and the counts
// of impressions and clicks, taken without cookies. It must not import store
// or web.
package ad

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"broadsheet/internal/apperr"
	"broadsheet/internal/richtext"
)

// ErrNotFound is returned for an ad that does not exist.
var ErrNotFound = fmt.Errorf("ad: %w", apperr.NotFound)

// Placement names a place on reader pages where an ad can show.
type Placement string

const (
	Header    Placement = "header"  // the leaderboard under the masthead, on every page
	Sidebar   Placement = "sidebar" // beside the stories on the home, section and article pages
	InArticle Placement = "article" // inside an article, after a set paragraph
	InList    Placement = "list"    // between the stories of the home and section pages
)

// Placements lists every placement in the order the newsroom shows them.
var Placements = []Placement{Header, Sidebar, InArticle, InList}

// Valid reports whether p is a known placement.
func (p Placement) Valid() bool { return slices.Contains(Placements, p) }

// Label is the placement's name in the newsroom.
func (p Placement) Label() string {
	switch p {
	case Header:
		return "Header leaderboard"
	case Sidebar:
		return "Sidebar"
	case InArticle:
		return "In the article"
	case InList:
		return "Between stories"
	}
	return string(p)
}

// Kind is what an ad is made of.
type Kind string

const (
	House   Kind = "house"   // a picture or a text with a link, made in the newsroom
	Network Kind = "network" // markup from an advertising network, pasted by an administrator
)

// Ad is one advertisement.
type Ad struct {
	ID         int64
	Name       string // how the newsroom knows it; never shown to readers
	Kind       Kind
	Placements []Placement
	// House ads: a text or a picture, and where a click goes.
	Text     string
	ImageURL string // a /media/ path
	ImageAlt string
	Link     string // https://... or a path on this site
	// Network ads: the network's markup, shown in a sandboxed frame.
	Code string
	// Starts and Ends bound when the ad shows; zero means no bound. Ends is
	// the first moment it no longer shows.
	Starts, Ends time.Time
	Weight       int // share of its slots against the other ads that fit
	// Sections the ad is limited to (their subsections included); with
	// Targeted and no section left (they were deleted), it shows nowhere.
	Sections []int64
	Targeted bool
	Paused   bool
	// UpdatedAt and UpdatedBy are the last change.
	UpdatedAt time.Time
	UpdatedBy int64
}

// Limits.
const (
	MaxName    = 100
	MaxText    = 300
	MaxAlt     = 300
	MaxLink    = 2000
	MaxCode    = 20_000
	MaxWeight  = 100
	MaxAds     = 500 // ads kept at once: every reader page chooses among them in memory
	MaxTargets = 50
)

// Live reports whether the ad may show at t.
func (a Ad) Live(t time.Time) bool {
	if a.Paused || a.Weight <= 0 {
		return false
	}
	if !a.Starts.IsZero() && t.Before(a.Starts) {
		return false
	}
	return a.Ends.IsZero() || t.Before(a.Ends)
}

// Fits reports whether the ad may fill placement p on a page in the given
// section trail (the page's section and its parents; empty for pages outside
// the sections, such as the home page, where only untargeted ads show).
func (a Ad) Fits(p Placement, trail []int64) bool {
	if !slices.Contains(a.Placements, p) {
		return false
	}
	if !a.Targeted {
		return true
	}
	for _, id := range a.Sections {
		if slices.Contains(trail, id) {
			return true
		}
	}
	return false
}

// Status says where the ad stands at t, for the newsroom.
func (a Ad) Status(t time.Time) string {
	switch {
	case a.Paused:
		return "paused"
	case !a.Starts.IsZero() && t.Before(a.Starts):
		return "scheduled"
	case !a.Ends.IsZero() && !t.Before(a.Ends):
		return "ended"
	case a.Targeted && len(a.Sections) == 0:
		return "no section"
	}
	return "running"
}

// HasPlacement reports whether the ad is meant for p (for forms).
func (a Ad) HasPlacement(p string) bool { return slices.Contains(a.Placements, Placement(p)) }

// HasSection reports whether the ad is limited to section id (for forms).
func (a Ad) HasSection(id int64) bool { return slices.Contains(a.Sections, id) }

// External reports whether a click leaves the site.
func (a Ad) External() bool { return strings.HasPrefix(a.Link, "http") }

// Validate cleans an ad as typed in the newsroom and checks it. Only network
// ads keep code; only house ads keep a text, a picture and a link.
func (a *Ad) Validate() error {
	v := &apperr.Validation{}
	a.Name = clean(a.Name)
	if a.Name == "" {
		v.Add("name", "Give the ad a name the newsroom will know it by.")
	} else if utf8.RuneCountInString(a.Name) > MaxName {
		v.Add("name", fmt.Sprintf("Use at most %d characters.", MaxName))
	}
	var ps []Placement
	for _, p := range a.Placements {
		if p.Valid() && !slices.Contains(ps, p) {
			ps = append(ps, p)
		}
	}
	a.Placements = ps
	if len(ps) == 0 {
		v.Add("placements", "Choose at least one place for the ad.")
	}
	switch a.Kind {
	case House:
		a.Code = ""
		a.Text, a.ImageAlt = clean(a.Text), clean(a.ImageAlt)
		if utf8.RuneCountInString(a.Text) > MaxText {
			v.Add("text", fmt.Sprintf("Use at most %d characters.", MaxText))
		}
		if utf8.RuneCountInString(a.ImageAlt) > MaxAlt {
			v.Add("image_alt", fmt.Sprintf("Use at most %d characters.", MaxAlt))
		}
		if a.ImageURL = strings.TrimSpace(a.ImageURL); a.ImageURL != "" {
			if p, ok := richtext.MediaPath(a.ImageURL); ok {
				a.ImageURL = p
			} else {
				v.Add("image_url", "Use an uploaded picture's address, starting with /media/.")
			}
			if a.ImageAlt == "" {
				v.Add("image_alt", "Describe the picture for readers who cannot see it.")
			}
		} else if a.Text == "" {
			v.Add("text", "Give the ad a text or a picture.")
		}
		if link, ok := CheckLink(a.Link); ok {
			a.Link = link
		} else {
			v.Add("link", "Use an address starting with https:// or http://, or a path on this site starting with /.")
		}
	case Network:
		a.Text, a.ImageURL, a.ImageAlt, a.Link = "", "", "", ""
		a.Code = strings.ToValidUTF8(strings.ReplaceAll(a.Code, "\x00", ""), "")
		a.Code = strings.TrimSpace(strings.ReplaceAll(a.Code, "\r\n", "\n"))
		if a.Code == "" {
			v.Add("code", "Paste the code the advertising network gave.")
		} else if len(a.Code) > MaxCode {
			v.Add("code", fmt.Sprintf("Use at most %d bytes.", MaxCode))
		}
	default:
		v.Add("kind", "Choose a house ad or an ad network's code.")
	}
	if a.Weight < 1 || a.Weight > MaxWeight {
		v.Add("weight", fmt.Sprintf("Use a whole number from 1 to %d.", MaxWeight))
	}
	if !a.Starts.IsZero() && !a.Ends.IsZero() && !a.Ends.After(a.Starts) {
		v.Add("ends", "End after the start.")
	}
	slices.Sort(a.Sections)
	a.Sections = slices.Compact(a.Sections)
	a.Targeted = len(a.Sections) > 0
	if len(a.Sections) > MaxTargets {
		v.Add("sections", fmt.Sprintf("Choose at most %d sections.", MaxTargets))
	}
	return v.Err()
}

// CheckLink accepts where an ad's click may go: an absolute http(s) address
// with a host and no user name, or a path on this site. It returns the
// address as it will be used.
func CheckLink(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > MaxLink || strings.ContainsFunc(raw, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Opaque != "" {
		return "", false
	}
	switch {
	case u.Scheme == "" && u.Host == "":
		// A path on this site: "/x", never "//host" (a browser reads that as a host).
		if !strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "//") {
			return "", false
		}
	case (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.Hostname() != "":
	default:
		return "", false
	}
	return u.String(), true
}

// clean trims a one-line text and drops control characters.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u202e' || r == '\u202d' {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}
