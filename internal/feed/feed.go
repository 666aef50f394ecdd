// Package feed writes syndication feeds: RSS 2.0, Atom 1.0 and JSON Feed
// 1.1, from one description of a feed. Its functions are pure: the same feed
// gives the same bytes (so answers can carry an ETag). It must not import
// store or web.
package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Feed is one feed: the whole site's, or a section's, a tag's, an author's.
type Feed struct {
	Title       string
	Description string
	Language    string // "en"
	Link        string // the page the feed follows (absolute)
	Self        string // the feed's own address in the format written (absolute)
	ID          string // a stable id for Atom (a tag: URI)
	Icon        string // absolute; optional
	Updated     time.Time
	Items       []Item
}

// Item is one story.
type Item struct {
	ID         string // stable whatever the story's address becomes (a tag: URI)
	Title      string
	Link       string // absolute
	Summary    string // plain text
	Content    string // HTML, sanitised; empty when the feed gives summaries only
	Published  time.Time
	Updated    time.Time
	Authors    []Person
	Categories []string
	Image      *Image
}

// Person is an author.
type Person struct{ Name, URL string }

// Image is an item's picture.
type Image struct {
	URL           string // absolute
	Type          string // image/jpeg, ...
	Length        int64  // bytes, for the RSS enclosure
	Width, Height int
	Alt           string
}

// clean drops what XML 1.0 cannot carry (control characters other than tab
// and newlines, invalid UTF-8), so a hostile title cannot break a feed.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
			return -1
		}
		return r
	}, s)
}

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Media   string     `xml:"xmlns:media,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Content string     `xml:"xmlns:content,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Description string    `xml:"description"`
	Language    string    `xml:"language,omitempty"`
	LastBuild   string    `xml:"lastBuildDate,omitempty"`
	Self        atomLink  `xml:"atom:link"`
	Items       []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate,omitempty"`
	Creators    []string      `xml:"dc:creator"`
	Categories  []string      `xml:"category"`
	Description string        `xml:"description,omitempty"`
	Content     *cdata        `xml:"content:encoded,omitempty"`
	Enclosure   *rssEnclosure `xml:"enclosure"`
	Media       *mediaContent `xml:"media:content"`
}

type rssGUID struct {
	Value       string `xml:",chardata"`
	IsPermaLink string `xml:"isPermaLink,attr"`
}

type cdata struct {
	Value string `xml:",cdata"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

type mediaContent struct {
	URL    string `xml:"url,attr"`
	Type   string `xml:"type,attr,omitempty"`
	Medium string `xml:"medium,attr"`
	Width  int    `xml:"width,attr,omitempty"`
	Height int    `xml:"height,attr,omitempty"`
	Title  *struct {
		Value string `xml:",chardata"`
	} `xml:"media:description,omitempty"`
}

func media(im *Image) *mediaContent {
	m := &mediaContent{URL: im.URL, Type: im.Type, Medium: "image", Width: im.Width, Height: im.Height}
	if im.Alt != "" {
		m.Title = &struct {
			Value string `xml:",chardata"`
		}{clean(im.Alt)}
	}
	return m
}

// RSS writes the feed as RSS 2.0 (with Atom's self link, Media RSS for
// pictures, Dublin Core for authors and content:encoded for full text).
func RSS(f Feed) ([]byte, error) {
	ch := rssChannel{Title: clean(f.Title), Link: f.Link, Description: clean(f.Description), Language: f.Language,
		Self: atomLink{Href: f.Self, Rel: "self", Type: "application/rss+xml"}}
	if ch.Description == "" {
		ch.Description = ch.Title
	}
	if !f.Updated.IsZero() {
		ch.LastBuild = f.Updated.UTC().Format(time.RFC1123Z)
	}
	for _, it := range f.Items {
		ri := rssItem{Title: clean(it.Title), Link: it.Link, GUID: rssGUID{Value: it.ID, IsPermaLink: "false"}, Description: clean(it.Summary)}
		if !it.Published.IsZero() {
			ri.PubDate = it.Published.UTC().Format(time.RFC1123Z)
		}
		for _, a := range it.Authors {
			ri.Creators = append(ri.Creators, clean(a.Name))
		}
		for _, c := range it.Categories {
			ri.Categories = append(ri.Categories, clean(c))
		}
		if it.Content != "" {
			// The HTML goes in a CDATA section; "]]>" inside it is split.
			ri.Content = &cdata{Value: clean(it.Content)}
		}
		if it.Image != nil {
			ri.Enclosure = &rssEnclosure{URL: it.Image.URL, Length: it.Image.Length, Type: it.Image.Type}
			ri.Media = media(it.Image)
		}
		ch.Items = append(ch.Items, ri)
	}
	return encodeXML(rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Media: "http://search.yahoo.com/mrss/",
		DC: "http://purl.org/dc/elements/1.1/", Content: "http://purl.org/rss/1.0/modules/content/", Channel: ch})
}

type atomFeed struct {
	XMLName  xml.Name    `xml:"feed"`
	NS       string      `xml:"xmlns,attr"`
	Media    string      `xml:"xmlns:media,attr"`
	Lang     string      `xml:"xml:lang,attr,omitempty"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Icon     string      `xml:"icon,omitempty"`
	Entries  []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published,omitempty"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    *atomText      `xml:"content,omitempty"`
	Media      *mediaContent  `xml:"media:content"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

// Atom writes the feed as Atom 1.0.
func Atom(f Feed) ([]byte, error) {
	updated := f.Updated
	if updated.IsZero() {
		updated = time.Unix(0, 0)
	}
	af := atomFeed{NS: "http://www.w3.org/2005/Atom", Media: "http://search.yahoo.com/mrss/", Lang: f.Language, ID: f.ID,
		Title: clean(f.Title), Subtitle: clean(f.Description), Updated: updated.UTC().Format(time.RFC3339), Icon: f.Icon,
		Links: []atomLink{{Href: f.Self, Rel: "self", Type: "application/atom+xml"}, {Href: f.Link, Rel: "alternate", Type: "text/html"}}}
	for _, it := range f.Items {
		up := it.Updated
		if up.IsZero() {
			up = it.Published
		}
		e := atomEntry{ID: it.ID, Title: clean(it.Title), Links: []atomLink{{Href: it.Link, Rel: "alternate", Type: "text/html"}},
			Updated: up.UTC().Format(time.RFC3339)}
		if !it.Published.IsZero() {
			e.Published = it.Published.UTC().Format(time.RFC3339)
		}
		for _, a := range it.Authors {
			e.Authors = append(e.Authors, atomPerson{Name: clean(a.Name), URI: a.URL})
		}
		if len(e.Authors) == 0 { // Atom wants an author on every entry without a feed author
			e.Authors = []atomPerson{{Name: clean(f.Title)}}
		}
		for _, c := range it.Categories {
			e.Categories = append(e.Categories, atomCategory{Term: clean(c)})
		}
		if it.Summary != "" {
			e.Summary = &atomText{Type: "text", Value: clean(it.Summary)}
		}
		if it.Content != "" {
			e.Content = &atomText{Type: "html", Value: clean(it.Content)}
		}
		if it.Image != nil {
			e.Media = media(it.Image)
			e.Links = append(e.Links, atomLink{Href: it.Image.URL, Rel: "enclosure", Type: it.Image.Type})
		}
		af.Entries = append(af.Entries, e)
	}
	return encodeXML(af)
}

func encodeXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

type jsonFeed struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url"`
	FeedURL     string     `json:"feed_url"`
	Description string     `json:"description,omitempty"`
	Icon        string     `json:"icon,omitempty"`
	Language    string     `json:"language,omitempty"`
	Items       []jsonItem `json:"items"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html,omitempty"`
	ContentText   string       `json:"content_text,omitempty"`
	Summary       string       `json:"summary,omitempty"`
	Image         string       `json:"image,omitempty"`
	DatePublished string       `json:"date_published,omitempty"`
	DateModified  string       `json:"date_modified,omitempty"`
	Authors       []jsonPerson `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
}

type jsonPerson struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// JSON writes the feed as JSON Feed 1.1.
func JSON(f Feed) ([]byte, error) {
	jf := jsonFeed{Version: "https://jsonfeed.org/version/1.1", Title: clean(f.Title), HomePageURL: f.Link, FeedURL: f.Self,
		Description: clean(f.Description), Icon: f.Icon, Language: f.Language, Items: []jsonItem{}}
	for _, it := range f.Items {
		ji := jsonItem{ID: it.ID, URL: it.Link, Title: clean(it.Title), Summary: clean(it.Summary), ContentHTML: clean(it.Content)}
		if ji.ContentHTML == "" { // an item needs content of some kind
			ji.ContentText = ji.Summary
			if ji.ContentText == "" {
				ji.ContentText = ji.Title
			}
		}
		if it.Image != nil {
			ji.Image = it.Image.URL
		}
		if !it.Published.IsZero() {
			ji.DatePublished = it.Published.UTC().Format(time.RFC3339)
		}
		if !it.Updated.IsZero() {
			ji.DateModified = it.Updated.UTC().Format(time.RFC3339)
		}
		for _, a := range it.Authors {
			ji.Authors = append(ji.Authors, jsonPerson{Name: clean(a.Name), URL: a.URL})
		}
		for _, c := range it.Categories {
			ji.Tags = append(ji.Tags, clean(c))
		}
		jf.Items = append(jf.Items, ji)
	}
	b, err := json.MarshalIndent(jf, "", " ")
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	return append(b, '\n'), nil
}
