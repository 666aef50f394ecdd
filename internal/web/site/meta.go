package site

import (
	"encoding/json"
	"html/template"
	"strings"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/media"
	"broadsheet/internal/section"
	"broadsheet/internal/setting"
	"broadsheet/internal/web/render"
)

// Meta is what a page tells search engines and social networks beyond its
// title and description: Open Graph's article facts, and JSON-LD.
type Meta struct {
	ImageWidth, ImageHeight int
	Published, Modified     time.Time
	Section                 string
	Tags                    []string
	JSONLD                  template.JS // a JSON document, HTML-escaped by encoding/json
}

func ldJSON(docs ...any) template.JS {
	var v any = docs
	if len(docs) == 1 {
		v = docs[0]
	}
	b, err := json.Marshal(v) // escapes <, > and &: nothing can close the script
	if err != nil {
		return ""
	}
	return template.JS(b)
}

// publisher is the site as schema.org's Organization.
func (s *Site) publisher(st setting.Settings) map[string]any {
	org := map[string]any{"@type": "Organization", "name": st.SiteName, "url": s.BaseURL + "/"}
	if st.LogoURL != "" {
		org["logo"] = map[string]any{"@type": "ImageObject", "url": s.BaseURL + st.LogoURL}
	}
	return org
}

// homeMeta describes the site, with its search.
func (s *Site) homeMeta(st setting.Settings) Meta {
	return Meta{JSONLD: ldJSON(map[string]any{
		"@context": "https://schema.org", "@type": "WebSite", "name": st.SiteName, "url": s.BaseURL + "/",
		"publisher": s.publisher(st),
		"potentialAction": map[string]any{"@type": "SearchAction",
			"target":      map[string]any{"@type": "EntryPoint", "urlTemplate": s.BaseURL + "/search?q={search_term_string}"},
			"query-input": "required name=search_term_string"},
	})}
}

// articleMeta describes a story: NewsArticle and its breadcrumb trail.
func (s *Site) articleMeta(st setting.Settings, a *article.Article, trail []*section.Section, url string) Meta {
	m := Meta{ImageWidth: a.HeroWidth, ImageHeight: a.HeroHeight, Published: a.PublishedAt, Modified: a.UpdatedAt}
	if m.Modified.Before(m.Published) {
		m.Modified = m.Published
	}
	if a.Section != nil {
		m.Section = a.Section.Name
	}
	for _, t := range a.Tags {
		m.Tags = append(m.Tags, t.Name)
	}
	headline := []rune(a.Headline)
	if len(headline) > 110 {
		headline = append(headline[:109], '…')
	}
	news := map[string]any{"@context": "https://schema.org", "@type": "NewsArticle", "headline": string(headline),
		"mainEntityOfPage": url, "url": url, "publisher": s.publisher(st), "inLanguage": st.Lang()}
	if !a.PublishedAt.IsZero() {
		news["datePublished"] = a.PublishedAt.UTC().Format(time.RFC3339)
		news["dateModified"] = m.Modified.UTC().Format(time.RFC3339)
	}
	if a.Standfirst != "" {
		news["description"] = a.Standfirst
	}
	if p := render.HeroOf(a); strings.HasPrefix(a.HeroURL, "/media/") && p.Version != "" {
		// The 16x9, 4x3 and 1x1 crops search engines ask for.
		var images []map[string]any
		for _, c := range media.Crops {
			u, w, h := p.CropSized(c)
			images = append(images, map[string]any{"@type": "ImageObject", "url": s.BaseURL + u, "width": w, "height": h})
		}
		news["image"] = images
	} else if a.HeroURL != "" {
		news["image"] = []string{s.BaseURL + a.HeroURL}
	}
	var authors []map[string]any
	for _, au := range a.Authors {
		authors = append(authors, map[string]any{"@type": "Person", "name": au.Name, "url": s.BaseURL + au.URL()})
	}
	if len(authors) == 0 {
		authors = append(authors, map[string]any{"@type": "Organization", "name": st.SiteName, "url": s.BaseURL + "/"})
	}
	news["author"] = authors
	if m.Section != "" {
		news["articleSection"] = m.Section
	}
	if len(m.Tags) > 0 {
		news["keywords"] = m.Tags
	}
	crumbs := []map[string]any{{"@type": "ListItem", "position": 1, "name": "Home", "item": s.BaseURL + "/"}}
	for _, sec := range trail {
		crumbs = append(crumbs, map[string]any{"@type": "ListItem", "position": len(crumbs) + 1, "name": sec.Name, "item": s.BaseURL + sec.URL()})
	}
	crumbs = append(crumbs, map[string]any{"@type": "ListItem", "position": len(crumbs) + 1, "name": string(headline), "item": url})
	m.JSONLD = ldJSON(news, map[string]any{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": crumbs})
	return m
}
