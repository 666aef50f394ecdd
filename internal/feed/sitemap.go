package feed

import (
	"encoding/xml"
	"time"
)

// Sitemap limits (sitemaps.org; Google News).
const (
	MaxSitemapURLs = 50_000
	MaxNewsURLs    = 1_000
)

// URL is one address in a sitemap.
type URL struct {
	Loc     string
	LastMod time.Time
	Images  []string // absolute addresses of the page's pictures
	News    *News    // for a news sitemap
}

// News is what a Google News sitemap says of a story.
type News struct {
	Publication, Language, Title string
	Published                    time.Time
}

type urlset struct {
	XMLName xml.Name   `xml:"urlset"`
	NS      string     `xml:"xmlns,attr"`
	Image   string     `xml:"xmlns:image,attr,omitempty"`
	NewsNS  string     `xml:"xmlns:news,attr,omitempty"`
	URLs    []sitemapU `xml:"url"`
}

type sitemapU struct {
	Loc     string     `xml:"loc"`
	LastMod string     `xml:"lastmod,omitempty"`
	Images  []imageLoc `xml:"image:image"`
	News    *newsEntry `xml:"news:news"`
}

type imageLoc struct {
	Loc string `xml:"image:loc"`
}

type newsEntry struct {
	Publication struct {
		Name     string `xml:"news:name"`
		Language string `xml:"news:language"`
	} `xml:"news:publication"`
	Date  string `xml:"news:publication_date"`
	Title string `xml:"news:title"`
}

// Sitemap writes a sitemap of at most MaxSitemapURLs addresses (the rest
// are left out: split them over several sitemaps).
func Sitemap(urls []URL) ([]byte, error) {
	us := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for i, u := range urls {
		if i == MaxSitemapURLs {
			break
		}
		su := sitemapU{Loc: u.Loc}
		if !u.LastMod.IsZero() {
			su.LastMod = u.LastMod.UTC().Format(time.RFC3339)
		}
		for _, im := range u.Images {
			us.Image = "http://www.google.com/schemas/sitemap-image/1.1"
			su.Images = append(su.Images, imageLoc{Loc: im})
		}
		if u.News != nil {
			if i == MaxNewsURLs {
				break
			}
			us.NewsNS = "http://www.google.com/schemas/sitemap-news/0.9"
			n := &newsEntry{Date: u.News.Published.UTC().Format(time.RFC3339), Title: clean(u.News.Title)}
			n.Publication.Name, n.Publication.Language = clean(u.News.Publication), u.News.Language
			su.News = n
		}
		us.URLs = append(us.URLs, su)
	}
	return encodeXML(us)
}

type sitemapIndex struct {
	XMLName  xml.Name  `xml:"sitemapindex"`
	NS       string    `xml:"xmlns,attr"`
	Sitemaps []indexed `xml:"sitemap"`
}

type indexed struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// Index writes a sitemap index naming sitemaps (their URL.Loc and LastMod).
func Index(maps []URL) ([]byte, error) {
	si := sitemapIndex{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, m := range maps {
		e := indexed{Loc: m.Loc}
		if !m.LastMod.IsZero() {
			e.LastMod = m.LastMod.UTC().Format(time.RFC3339)
		}
		si.Sitemaps = append(si.Sitemaps, e)
	}
	return encodeXML(si)
}
