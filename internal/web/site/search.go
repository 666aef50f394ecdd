package site

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/cachekey"
	"broadsheet/internal/search"
)

// SearchPage is the search form and its results.
type SearchPage struct {
	Page
	Query    string
	Results  []SearchResult
	Total    int
	Count    string // "12 results", "More than 1,000 results"
	Searched bool   // a query with words to look for was given
	// Filters, as chosen, and what they offer.
	Section, Author, From, To string
	Sections                  []SectionOption
	Authors                   []author.Author
	Filtered                  bool
	Number                    int // the page of results
	Prev, Next                string
	Errors                    map[string]string
}

// SectionOption is a section in the filter's list (subsections indented).
type SectionOption struct {
	Path, Name string
	Sub        bool
}

// SearchResult is one story found, with the words that matched marked.
type SearchResult struct {
	A       *article.Article
	Snippet []search.Piece
}

// Search limits: results a page, and pages in all (further on, a reader
// narrows the search rather than paging).
const (
	searchPerPage  = 20
	searchMaxPages = 50
)

func (s *Site) searchRoutes(mux *http.ServeMux) {
	mux.Handle("GET /search", s.cached(s.showSearch))
	mux.Handle("GET /search/suggest", s.wrap(s.suggest))
}

// clip keeps a query to the length the search reads.
func clip(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if len([]rune(q)) > search.MaxQuery {
		q = string([]rune(q)[:search.MaxQuery])
	}
	return q
}

func (s *Site) showSearch(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := r.URL.Query()
	q := clip(v.Get("q"))
	title := "Search"
	if q != "" {
		title = "Search results for " + q
	}
	p, err := s.page(ctx, r, title)
	if err != nil {
		return err
	}
	p.NoIndex, p.SearchQuery = true, q
	sp := SearchPage{Page: p, Query: q, Section: v.Get("section"), Author: v.Get("author"), From: v.Get("from"), To: v.Get("to"),
		Number: 1, Errors: map[string]string{}}
	for _, root := range p.tree.Roots {
		sp.Sections = append(sp.Sections, SectionOption{Path: root.Path, Name: root.Name})
		for _, c := range root.Children {
			sp.Sections = append(sp.Sections, SectionOption{Path: c.Path, Name: c.Name, Sub: true})
		}
	}
	if sp.Authors, err = s.Store.Authors(ctx); err != nil {
		return err
	}
	keep(ctx, cachekey.Latest) // what a search finds changes with any story
	for _, a := range sp.Authors {
		keep(ctx, cachekey.Author(a.ID))
	}
	f := article.Filter{Statuses: published, Limit: searchPerPage, WithBody: true}
	if sp.Section != "" {
		sec := p.tree.ByPath[sp.Section]
		if sec == nil {
			sp.Errors["section"] = "There is no such section."
		} else {
			f.SectionIDs, sp.Filtered = sec.Subtree(), true
		}
	}
	if sp.Author != "" {
		a, err := s.Store.AuthorBySlug(ctx, sp.Author)
		if err != nil {
			sp.Errors["author"] = "There is no such author."
		} else {
			f.AuthorID, sp.Filtered = a.ID, true
		}
	}
	loc := p.Loc
	for _, d := range []struct {
		field, val string
		to         *time.Time
		next       bool
	}{{"from", sp.From, &f.From, false}, {"to", sp.To, &f.To, true}} {
		if d.val == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", d.val, loc)
		if err != nil {
			sp.Errors[d.field] = "Give a date such as 2026-11-29."
			continue
		}
		if d.next { // up to the end of that day
			t = t.AddDate(0, 0, 1)
		}
		*d.to, sp.Filtered = t, true
	}
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 1 {
		sp.Number = min(n, searchMaxPages)
	}
	f.Offset = (sp.Number - 1) * searchPerPage
	query := search.Parse(q, false)
	status := http.StatusOK
	if len(sp.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	} else if !query.Empty() {
		sp.Searched = true
		as, total, err := s.Articles.Search(ctx, p.tree, query, f)
		if err != nil {
			return err
		}
		sp.Total, sp.Count = total, resultCount(total)
		showing(ctx, as...)
		for _, a := range as {
			res := SearchResult{A: a, Snippet: search.Snippet(a.Body.Text(), query, 32)}
			if !hasHit(res.Snippet) && a.Standfirst != "" {
				res.Snippet = search.Snippet(a.Standfirst, query, 32)
			}
			sp.Results = append(sp.Results, res)
		}
		link := func(n int) string {
			lv := url.Values{}
			for _, k := range []string{"q", "section", "author", "from", "to"} {
				if x := v.Get(k); x != "" {
					lv.Set(k, x)
				}
			}
			if n > 1 {
				lv.Set("page", strconv.Itoa(n))
			}
			return "/search?" + lv.Encode()
		}
		if sp.Number > 1 {
			sp.Prev = link(sp.Number - 1)
		}
		if sp.Number*searchPerPage < total && sp.Number < searchMaxPages {
			sp.Next = link(sp.Number + 1)
		}
	}
	if len(sp.Errors) == 0 {
		sp.Errors = nil
	}
	return s.Render.Render(w, status, "site/search", sp)
}

func hasHit(ps []search.Piece) bool {
	for _, p := range ps {
		if p.Hit {
			return true
		}
	}
	return false
}

// Suggestion is one story in search as you type.
type Suggestion struct {
	Headline string `json:"headline"`
	URL      string `json:"url"`
	Section  string `json:"section,omitempty"`
	Date     string `json:"date"`
}

// suggest answers search as you type: the best few stories for what has
// been typed so far (the last word may be unfinished), and how many there
// are in all. The answer is the same for everyone and may be cached briefly.
func (s *Site) suggest(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	raw := r.URL.Query().Get("q")
	q := clip(raw)
	typed := q
	if strings.HasSuffix(raw, " ") { // a finished last word is a whole word
		typed += " "
	}
	out := struct {
		Query   string       `json:"query"`
		Total   int          `json:"total"`
		Count   string       `json:"count"` // the total in words: "More than 1,000 results"
		Results []Suggestion `json:"results"`
		All     string       `json:"all"`
	}{Query: q, Results: []Suggestion{}, All: "/search?" + url.Values{"q": {q}}.Encode()}
	query := search.Parse(typed, true)
	if len([]rune(query.Prefix)) < 2 {
		query.Prefix = "" // one letter starts too many words to be worth asking
	}
	if !query.Empty() {
		st, err := s.Store.Settings(ctx)
		if err != nil {
			return err
		}
		tree, err := s.Articles.Tree(ctx)
		if err != nil {
			return err
		}
		as, total, err := s.Articles.Search(ctx, tree, query, article.Filter{Statuses: published, Limit: 6})
		if err != nil {
			return err
		}
		out.Total, out.Count = total, resultCount(total)
		for _, a := range as {
			sg := Suggestion{Headline: a.Headline, URL: a.URL(), Date: a.PublishedAt.In(st.Location()).Format("January 2, 2006")}
			if a.Section != nil {
				sg.Section = a.Section.Name
			}
			out.Results = append(out.Results, sg)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=60")
	w.Header().Set("X-Robots-Tag", "noindex")
	return json.NewEncoder(w).Encode(out)
}

// resultCount says how many results a search found; counting stops at the
// cap.
func resultCount(n int) string {
	switch {
	case n > article.SearchCountCap:
		return "More than " + humanize(article.SearchCountCap) + " results"
	case n == 1:
		return "1 result"
	}
	return humanize(n) + " results"
}

// humanize writes n with thousands separated by commas.
func humanize(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
