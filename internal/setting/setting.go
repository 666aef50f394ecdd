// Package setting owns the site's settings: name, tagline, logo, time zone,
// social links and advertisement slots. It must not import store or web.
package setting

import (
	"encoding/json"
	"fmt"
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

// Ad is one advertisement slot's content: a text or an image, with a link.
type Ad struct {
	Text     string `json:"text,omitempty"`
	URL      string `json:"url,omitempty"`
	ImageURL string `json:"image_url,omitempty"` // a /media/ path
	ImageAlt string `json:"image_alt,omitempty"`
}

// Empty reports whether the slot shows nothing.
func (a Ad) Empty() bool { return a.Text == "" && a.ImageURL == "" }

// Ads are the slots the reference page has.
type Ads struct {
	Header  Ad `json:"header"`
	Body    Ad `json:"body"`
	Sidebar Ad `json:"sidebar"`
}

// Settings is the whole set.
type Settings struct {
	SiteName string `json:"site_name"`
	Tagline  string `json:"tagline"`
	LogoURL  string `json:"logo_url,omitempty"` // a /media/ path; empty shows the name in type
	TimeZone string `json:"time_zone"`
	Social   Social `json:"social"`
	Ads      Ads    `json:"ads"`
}

// Default is what a new site starts with.
func Default() Settings {
	return Settings{SiteName: "Broadsheet", Tagline: "Independent news", TimeZone: "UTC"}
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
	links := []struct {
		field string
		val   *string
	}{{"social_whatsapp", &s.Social.WhatsApp}, {"social_facebook", &s.Social.Facebook}, {"social_instagram", &s.Social.Instagram},
		{"social_x", &s.Social.X}, {"social_linkedin", &s.Social.LinkedIn}, {"social_google_news", &s.Social.GoogleNews}}
	for _, l := range links {
		checkURL(v, l.field, l.val)
	}
	for _, a := range []struct {
		name string
		ad   *Ad
	}{{"header", &s.Ads.Header}, {"body", &s.Ads.Body}, {"sidebar", &s.Ads.Sidebar}} {
		a.ad.Text = strings.TrimSpace(a.ad.Text)
		a.ad.ImageAlt = strings.TrimSpace(a.ad.ImageAlt)
		if utf8.RuneCountInString(a.ad.Text) > 300 {
			v.Add("ad_"+a.name+"_text", "Use at most 300 characters.")
		}
		checkURL(v, "ad_"+a.name+"_url", &a.ad.URL)
		if a.ad.ImageURL != "" {
			if p, ok := richtext.MediaPath(a.ad.ImageURL); ok {
				a.ad.ImageURL = p
			} else {
				v.Add("ad_"+a.name+"_image_url", "Use an uploaded image address starting with /media/.")
			}
		}
	}
	return v.Err()
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
