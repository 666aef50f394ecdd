// Package setting owns the site's settings: name, tagline, logo, time zone,
// social links, advertisement slots, how comments are taken and moderated, and
// the sign-in providers configured in the newsroom. It must not import store
// or web.
package setting

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"broadsheet/internal/apperr"
	"broadsheet/internal/richtext"
)

// Social holds the site's own profiles, shown as "Follow our socials".
type Social struct {
	WhatsApp   string `json:"whatsapp,omitempty"`
	Facebook   string `json:"facebook,omitempty"`
	Instagram  string `json:"instagram,omitempty"`
	X          string `json:"x,omitempty"`
	LinkedIn   string `json:"linkedin,omitempty"`
	GoogleNews string `json:"google_news,omitempty"`
}

// Link is a labelled social link.
type Link struct{ Label, URL string }

// Links lists the non-empty profiles in display order.
func (s Social) Links() []Link {
	var out []Link
	for _, l := range []Link{{"WhatsApp", s.WhatsApp}, {"Facebook", s.Facebook}, {"Instagram", s.Instagram},
		{"X", s.X}, {"LinkedIn", s.LinkedIn}, {"Google News", s.GoogleNews}} {
		if l.URL != "" {
			out = append(out, l)
		}
	}
	return out
}

// Ad is one of the fixed advertisement slots that settings held before the
// newsroom managed ads; kept only so that stored settings can be moved to
// house ads (see OldAds).
type Ad struct {
	Text     string `json:"text,omitempty"`
	URL      string `json:"url,omitempty"`
	ImageURL string `json:"image_url,omitempty"` // a /media/ path
	ImageAlt string `json:"image_alt,omitempty"`
}

// Empty reports whether the slot showed nothing.
func (a Ad) Empty() bool { return a.Text == "" && a.ImageURL == "" }

// Ads are the fixed slots of older settings.
type Ads struct {
	Header  Ad `json:"header"`
	Body    Ad `json:"body"`
	Sidebar Ad `json:"sidebar"`
}

// AdSize is a placement's reserved space, in CSS pixels: the slot keeps it
// whatever the ad, so the page does not move when the ad arrives. The width
// is the most it takes; on narrow screens it shrinks to the column.
type AdSize struct {
	Off    bool `json:"off,omitempty"`
	Width  int  `json:"width"`
	Height int  `json:"height"`
}

// AdSlots configure the advertising placements (the ads themselves are
// managed apart, in the newsroom's Ads page).
type AdSlots struct {
	Header  AdSize `json:"header"`
	Sidebar AdSize `json:"sidebar"`
	Article AdSize `json:"article"`
	List    AdSize `json:"list"`
	// ArticleAfter is the paragraph after which the in-article slot comes;
	// a shorter article has it after its last paragraph.
	ArticleAfter int `json:"article_after"`
	// ListEvery puts a slot after every so many stories (or section blocks
	// on the home page).
	ListEvery int `json:"list_every"`
	// Hosts are the ad networks' hosts (one a line, "*.example.com" for
	// every subdomain) whose scripts, pictures and frames a network ad may
	// load: the ads' frames allow nothing else.
	Hosts string `json:"hosts,omitempty"`
}

// Size returns placement p's size ("header", "sidebar", "article", "list").
func (a AdSlots) Size(p string) AdSize {
	switch p {
	case "header":
		return a.Header
	case "sidebar":
		return a.Sidebar
	case "article":
		return a.Article
	case "list":
		return a.List
	}
	return AdSize{Off: true}
}

// HostList returns Hosts one by one.
func (a AdSlots) HostList() []string { return strings.Fields(a.Hosts) }

// DefaultAdSlots are the common sizes: a 728x90 leaderboard, a 300x250
// rectangle beside the stories, and 728x90 within them.
func DefaultAdSlots() AdSlots {
	return AdSlots{Header: AdSize{Width: 728, Height: 90}, Sidebar: AdSize{Width: 300, Height: 250},
		Article: AdSize{Width: 728, Height: 90}, List: AdSize{Width: 728, Height: 90}, ArticleAfter: 3, ListEvery: 4}
}

// Limits of the ad slots.
const (
	MinAdSide, MaxAdWidth, MaxAdHeight = 50, 1200, 800
	MaxAdHosts                         = 30
)

// Settings is the whole set.
type Settings struct {
	SiteName string `json:"site_name"`
	Tagline  string `json:"tagline"`
	LogoURL  string `json:"logo_url,omitempty"` // a /media/ path; empty shows the name in type
	TimeZone string `json:"time_zone"`
	// Language is the language the site writes in, as a BCP 47 tag such as
	// "en", "fr" or "en-NG": pages, feeds and the news sitemap say it.
	Language string `json:"language,omitempty"`
	Social   Social `json:"social"`
	// OldAds are the fixed ad slots of settings saved before ads were
	// managed in the newsroom; on start they become house ads and go.
	OldAds   *Ads     `json:"ads,omitempty"`
	AdSlots  AdSlots  `json:"ad_slots"`
	Comments Comments `json:"comments"`
	Tips     Tips     `json:"tips"`
	Inbox    Inbox    `json:"inbox"`
	// BreakingHours is how long an article marked as breaking news stays in
	// the bar on every page.
	BreakingHours int `json:"breaking_hours"`
	// DigestHour is when the daily digest goes out, in the site's time zone.
	DigestHour int `json:"digest_hour"`
	// AdsTxt is the site's ads.txt (IAB Tech Lab), served at /ads.txt: the
	// sellers allowed to sell its advertising space.
	AdsTxt string `json:"ads_txt,omitempty"`
	// FeedSummaries makes feeds carry each story's summary only, not its
	// full text.
	FeedSummaries bool `json:"feed_summaries,omitempty"`
	// RobotsTxt is added to the site's robots.txt, after the rules every
	// site has (the newsroom, accounts, search results stay out) and before
	// the sitemaps, which it always names.
	RobotsTxt string `json:"robots_txt,omitempty"`
}

// MaxAdsTxt bounds ads.txt.
const MaxAdsTxt = 20_000

// BreakingFor is BreakingHours as a duration.
func (s Settings) BreakingFor() time.Duration { return time.Duration(s.BreakingHours) * time.Hour }

// Inbox is where the Contact and Advertise forms' messages are mailed (they
// are kept in the newsroom's inbox in any case).
type Inbox struct {
	ContactEmail   string `json:"contact_email,omitempty"`
	AdvertiseEmail string `json:"advertise_email,omitempty"` // empty: ContactEmail
}

// Tips is what the news tips form takes.
type Tips struct {
	Files  int `json:"files"`   // attachments a message may have (0: none)
	FileMB int `json:"file_mb"` // the largest attachment, in megabytes
}

// Hard limits on the tips settings: they bound a request's size.
const (
	MaxTipFiles  = 5
	MaxTipFileMB = 50
)

// Moderation policies for new comments.
const (
	HoldAll   = "all"   // every comment waits for a moderator
	HoldFirst = "first" // a commenter's first comment waits; later ones appear at once
	HoldNone  = "none"  // comments appear at once
)

// Comments is how the site takes readers' comments.
type Comments struct {
	Enabled        bool   `json:"enabled"`          // comments shown and taken at all
	Guests         bool   `json:"guests"`           // people without an account may comment (name and email)
	Moderation     string `json:"moderation"`       // HoldAll, HoldFirst or HoldNone
	CloseAfterDays int    `json:"close_after_days"` // comments close this long after publication; 0 never
	Order          string `json:"order"`            // "oldest" or "newest" first
	MaxDepth       int    `json:"max_depth"`        // replies nest at most this deep (1 = no replies)
	MaxLinks       int    `json:"max_links"`        // more links than this and a comment is refused
	MinSeconds     int    `json:"min_seconds"`      // a form sent sooner after it was shown is a robot's
	Blocklist      string `json:"blocklist"`        // words or phrases, one a line, that refuse a comment
}

// BlockedWords lists the blocklist's entries in lower case.
func (c Comments) BlockedWords() []string {
	var out []string
	for _, l := range strings.Split(c.Blocklist, "\n") {
		if l = strings.ToLower(strings.TrimSpace(l)); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// languageTag is the shape of a BCP 47 tag: a language, then optional
// script, region or variant parts.
var languageTag = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$`)

// Lang is the site's language tag ("en" when unset).
func (s Settings) Lang() string {
	if s.Language == "" {
		return "en"
	}
	return s.Language
}

// Default is what a new site starts with.
func Default() Settings {
	return Settings{SiteName: "Broadsheet", Tagline: "Independent news", TimeZone: "UTC", Language: "en",
		Comments: Comments{Enabled: true, Moderation: HoldFirst, Order: "oldest", MaxDepth: 3, MaxLinks: 2, MinSeconds: 3},
		Tips:     Tips{Files: MaxTipFiles, FileMB: 20}, BreakingHours: 6, DigestHour: 7, AdSlots: DefaultAdSlots()}
}

// Location returns the site's time zone (UTC if unknown).
func (s Settings) Location() *time.Location {
	if loc, err := time.LoadLocation(s.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// Decode reads stored settings over the defaults.
func Decode(raw string) (Settings, error) {
	s := Default()
	if strings.TrimSpace(raw) == "" {
		return s, nil
	}
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return Default(), fmt.Errorf("setting: stored settings: %w", err)
	}
	return s, nil
}

// Encode is the stored form.
func (s Settings) Encode() string {
	b, _ := json.Marshal(s) // strings only: always encodes
	return string(b)
}

// Validate checks and normalises every field.
func (s *Settings) Validate() error {
	v := &apperr.Validation{}
	s.SiteName = strings.TrimSpace(s.SiteName)
	s.Tagline = strings.TrimSpace(s.Tagline)
	if s.SiteName == "" {
		v.Add("site_name", "Enter the site's name.")
	} else if utf8.RuneCountInString(s.SiteName) > 80 {
		v.Add("site_name", "Use at most 80 characters.")
	}
	if utf8.RuneCountInString(s.Tagline) > 160 {
		v.Add("tagline", "Use at most 160 characters.")
	}
	if s.LogoURL != "" {
		if p, ok := richtext.MediaPath(s.LogoURL); ok {
			s.LogoURL = p
		} else {
			v.Add("logo_url", "Use an uploaded image address starting with /media/.")
		}
	}
	s.TimeZone = strings.TrimSpace(s.TimeZone)
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" || s.TimeZone == "Local" {
		v.Add("time_zone", "Use a time zone name such as Africa/Lagos or Europe/London.")
	}
	s.Language = strings.TrimSpace(s.Language)
	if s.Language == "" {
		s.Language = "en"
	} else if !languageTag.MatchString(s.Language) {
		v.Add("language", "Use a language code such as en, fr, yo or en-NG.")
	}
	links := []struct {
		field string
		val   *string
	}{{"social_whatsapp", &s.Social.WhatsApp}, {"social_facebook", &s.Social.Facebook}, {"social_instagram", &s.Social.Instagram},
		{"social_x", &s.Social.X}, {"social_linkedin", &s.Social.LinkedIn}, {"social_google_news", &s.Social.GoogleNews}}
	for _, l := range links {
		checkURL(v, l.field, l.val)
	}
	s.AdSlots.validate(v)
	s.Comments.validate(v)
	for _, e := range []struct {
		field string
		val   *string
	}{{"inbox_contact_email", &s.Inbox.ContactEmail}, {"inbox_advertise_email", &s.Inbox.AdvertiseEmail}} {
		*e.val = strings.ToLower(strings.TrimSpace(*e.val))
		if *e.val == "" {
			continue
		}
		if a, err := mail.ParseAddress(*e.val); err != nil || a.Address != *e.val || len(*e.val) > 254 {
			v.Add(e.field, "Enter one email address such as desk@example.com, or leave it empty.")
		}
	}
	s.RobotsTxt = cleanAdsTxt(s.RobotsTxt)
	if utf8.RuneCountInString(s.RobotsTxt) > MaxAdsTxt {
		v.Add("robots_txt", fmt.Sprintf("Use at most %d characters.", MaxAdsTxt))
	}
	s.AdsTxt = cleanAdsTxt(s.AdsTxt)
	if utf8.RuneCountInString(s.AdsTxt) > MaxAdsTxt {
		v.Add("ads_txt", fmt.Sprintf("Use at most %d characters.", MaxAdsTxt))
	}
	if s.DigestHour < 0 || s.DigestHour > 23 {
		v.Add("digest_hour", "Use an hour from 0 to 23.")
	}
	if s.BreakingHours < 1 || s.BreakingHours > 72 {
		v.Add("breaking_hours", "Use a number of hours from 1 to 72.")
	}
	if s.Tips.Files < 0 || s.Tips.Files > MaxTipFiles {
		v.Add("tips_files", fmt.Sprintf("Use a number of attachments from 0 to %d.", MaxTipFiles))
	}
	if s.Tips.FileMB < 1 || s.Tips.FileMB > MaxTipFileMB {
		v.Add("tips_file_mb", fmt.Sprintf("Use a size from 1 to %d MB.", MaxTipFileMB))
	}
	return v.Err()
}

// Limits on comment settings.
const (
	MaxDepth          = 6
	MaxBlocklistRunes = 20_000
)

func (c *Comments) validate(v *apperr.Validation) {
	switch c.Moderation {
	case HoldAll, HoldFirst, HoldNone:
	default:
		v.Add("comments_moderation", "Choose when comments wait for a moderator.")
	}
	switch c.Order {
	case "oldest", "newest":
	default:
		v.Add("comments_order", "Choose oldest or newest first.")
	}
	if c.CloseAfterDays < 0 || c.CloseAfterDays > 3650 {
		v.Add("comments_close_after_days", "Use a number of days from 0 (never close) to 3650.")
	}
	if c.MaxDepth < 1 || c.MaxDepth > MaxDepth {
		v.Add("comments_max_depth", fmt.Sprintf("Use a depth from 1 (no replies) to %d.", MaxDepth))
	}
	if c.MaxLinks < 0 || c.MaxLinks > 20 {
		v.Add("comments_max_links", "Use a number of links from 0 to 20.")
	}
	if c.MinSeconds < 0 || c.MinSeconds > 60 {
		v.Add("comments_min_seconds", "Use a number of seconds from 0 to 60.")
	}
	c.Blocklist = strings.Join(c.BlockedWords(), "\n")
	if utf8.RuneCountInString(c.Blocklist) > MaxBlocklistRunes {
		v.Add("comments_blocklist", fmt.Sprintf("Use at most %d characters.", MaxBlocklistRunes))
	}
}

// Provider is a sign-in provider (OpenID Connect) configured in the newsroom.
// Its client secret is stored apart from the other settings, which every page
// reads, and is never shown again once saved.
type Provider struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Issuer       string `json:"issuer"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// DecodeProviders reads the stored providers.
func DecodeProviders(raw string) ([]Provider, error) {
	var ps []Provider
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	if err := json.Unmarshal([]byte(raw), &ps); err != nil {
		return nil, fmt.Errorf("setting: stored providers: %w", err)
	}
	return ps, nil
}

// EncodeProviders is the stored form.
func EncodeProviders(ps []Provider) string {
	if ps == nil {
		ps = []Provider{}
	}
	b, _ := json.Marshal(ps) // strings only: always encodes
	return string(b)
}

func checkURL(v *apperr.Validation, field string, val *string) {
	*val = strings.TrimSpace(*val)
	if *val == "" {
		return
	}
	h, ok := richtext.SafeHref(*val)
	if !ok || !(strings.HasPrefix(h, "http") || strings.HasPrefix(h, "/")) {
		v.Add(field, "Use an address starting with https:// or /.")
		return
	}
	*val = h
}

// cleanAdsTxt keeps ads.txt as text lines: line ends become "\n", control
// characters other than tabs go, trailing spaces and blank lines at the end go.
func cleanAdsTxt(s string) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), "")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || (r >= 0x20 && r != 0x7f && !(r >= 0x80 && r < 0xa0)) {
			return r
		}
		return -1
	}, s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// validate checks the ad slots and normalises the hosts.
func (a *AdSlots) validate(v *apperr.Validation) {
	for _, sz := range []struct {
		name string
		size *AdSize
	}{{"header", &a.Header}, {"sidebar", &a.Sidebar}, {"article", &a.Article}, {"list", &a.List}} {
		if sz.size.Width < MinAdSide || sz.size.Width > MaxAdWidth || sz.size.Height < MinAdSide || sz.size.Height > MaxAdHeight {
			v.Add("slot_"+sz.name, fmt.Sprintf("Use a width from %d to %d and a height from %d to %d pixels.", MinAdSide, MaxAdWidth, MinAdSide, MaxAdHeight))
		}
	}
	if a.ArticleAfter < 1 || a.ArticleAfter > 50 {
		v.Add("article_after", "Use a paragraph from 1 to 50.")
	}
	if a.ListEvery < 1 || a.ListEvery > 50 {
		v.Add("list_every", "Use a number of stories from 1 to 50.")
	}
	var hosts []string
	for _, h := range strings.Fields(strings.ToLower(a.Hosts)) {
		h = strings.TrimSuffix(strings.TrimPrefix(h, "https://"), "/")
		if !adHost(h) {
			v.Add("ad_hosts", fmt.Sprintf("%q is not a host name. Write one a line, such as ads.example.com or *.example.com, without https:// or a path.", h))
			continue
		}
		if !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	if len(hosts) > MaxAdHosts {
		v.Add("ad_hosts", fmt.Sprintf("Name at most %d hosts.", MaxAdHosts))
	}
	a.Hosts = strings.Join(hosts, "\n")
}

// adHost accepts a host name with at least one dot, optionally "*." first;
// nothing else may go into the ad frames' Content-Security-Policy.
func adHost(h string) bool {
	h = strings.TrimPrefix(h, "*.")
	if len(h) > 253 || !strings.Contains(h, ".") {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// timeZoneList is the IANA time zones a newsroom chooses from: the zones
// of zone.tab and zone1970.tab (tzdata), and UTC.
//
//go:embed timezones.txt
var timeZoneList string

// TimeZones lists the time zone names the settings offer.
func TimeZones() []string { return strings.Fields(timeZoneList) }
