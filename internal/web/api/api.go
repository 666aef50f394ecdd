// Package api serves the JSON API under /api/v1. Requests that change data
// carry a bearer token made by `broadsheet token create`; the same role rules as
// the newsroom apply, through the article service. Errors are JSON with a
// message and the field at fault.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/audit"
	"broadsheet/internal/author"
	"broadsheet/internal/comment"
	"broadsheet/internal/richtext"
	"broadsheet/internal/section"
	"broadsheet/internal/setting"
	"broadsheet/internal/tag"
	"broadsheet/internal/user"
	"broadsheet/internal/web/middleware"
)

// Store is what the API reads and records beyond the article service.
type Store interface {
	UserByToken(ctx context.Context, hash string) (user.User, error)
	TagBySlug(ctx context.Context, slug string) (tag.Tag, error)
	AuthorBySlug(ctx context.Context, slug string) (author.Author, error)
	Authors(ctx context.Context) ([]author.Author, error)
	Audit(ctx context.Context, e audit.Entry) error

	Article(ctx context.Context, id int64) (*article.Article, error)
	Comment(ctx context.Context, id int64) (comment.Comment, error)
	Comments(ctx context.Context, f comment.Filter) ([]comment.Comment, error)
	CountComments(ctx context.Context, f comment.Filter) (int, error)
	Settings(ctx context.Context) (setting.Settings, error)
}

// API holds what the handlers need.
type API struct {
	Store    Store
	Articles *article.Service
	Comments *comment.Service
	Log      *slog.Logger
}

// Routes adds the API routes to mux.
func (a *API) Routes(mux *http.ServeMux) {
	mux.Handle("GET /api/v1/articles", a.wrap(a.listArticles))
	mux.Handle("POST /api/v1/articles", a.wrap(a.createArticle))
	mux.Handle("GET /api/v1/articles/{id}", a.wrap(a.showArticle))
	mux.Handle("PATCH /api/v1/articles/{id}", a.wrap(a.updateArticle))
	mux.Handle("GET /api/v1/articles/{id}/comments", a.wrap(a.articleComments))
	mux.Handle("GET /api/v1/comments", a.wrap(a.listComments))
	mux.Handle("PATCH /api/v1/comments/{id}", a.wrap(a.updateComment))
	unknown := a.wrap(func(w http.ResponseWriter, r *http.Request) error {
		return fmt.Errorf("no such endpoint: %w", apperr.NotFound)
	})
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		mux.Handle(m+" /api/{rest...}", unknown)
	}
}

type handler func(w http.ResponseWriter, r *http.Request) error

// Error is the JSON error body.
type Error struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

func (a *API) wrap(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		status, body := http.StatusInternalServerError, Error{Error: "internal error; the request id is " + middleware.RequestID(r)}
		var v *apperr.Validation
		switch {
		case errors.As(err, &v):
			f, m := v.First()
			status, body = http.StatusUnprocessableEntity, Error{Error: m, Field: f}
		case errors.Is(err, apperr.Invalid):
			status, body = http.StatusBadRequest, Error{Error: strings.TrimSuffix(err.Error(), ": "+apperr.Invalid.Error())}
		case errors.Is(err, apperr.Unauthorized):
			status, body = http.StatusUnauthorized, Error{Error: "a valid bearer token is required"}
			w.Header().Set("WWW-Authenticate", `Bearer realm="broadsheet"`)
		case errors.Is(err, apperr.Forbidden):
			status, body = http.StatusForbidden, Error{Error: "your role does not allow this"}
		case errors.Is(err, apperr.NotFound):
			status, body = http.StatusNotFound, Error{Error: "not found"}
		case errors.Is(err, apperr.Conflict):
			status, body = http.StatusConflict, Error{Error: "conflict"}
		default:
			a.Log.Error("api", "id", middleware.RequestID(r), "path", r.URL.Path, "err", err)
		}
		writeJSON(w, status, body)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// caller returns the token's user; required says whether a missing token is an error.
func (a *API) caller(r *http.Request, required bool) (user.User, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		if required {
			return user.User{}, apperr.Unauthorized
		}
		return user.User{}, nil
	}
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || strings.TrimSpace(tok) == "" || len(tok) > 200 {
		return user.User{}, apperr.Unauthorized
	}
	u, err := a.Store.UserByToken(r.Context(), user.HashSecret(strings.TrimSpace(tok)))
	if errors.Is(err, apperr.NotFound) {
		return user.User{}, apperr.Unauthorized
	}
	return u, err
}

// Article is an article's JSON.
type Article struct {
	ID          int64    `json:"id"`
	URL         string   `json:"url"`
	Headline    string   `json:"headline"`
	Standfirst  string   `json:"standfirst"`
	BodyHTML    string   `json:"body_html"`
	Section     string   `json:"section"`
	Tags        []string `json:"tags"`
	Authors     []string `json:"authors"`
	Credit      string   `json:"credit"`
	Status      string   `json:"status"`
	PublishedAt *string  `json:"published_at"`
	PublishAt   *string  `json:"publish_at,omitempty"`
	UpdatedAt   string   `json:"updated_at"`
	HeroImage   *Image   `json:"hero_image,omitempty"`
	Correction  string   `json:"correction,omitempty"`
	// Related are the ids of the stories pinned as related, in order.
	Related []int64 `json:"related,omitempty"`
	Slug    string  `json:"slug"`
	// CommentCount is how many comments readers see on the article.
	CommentCount int `json:"comment_count"`
	// CommentsClosed: an editor closed the article's comments.
	CommentsClosed bool `json:"comments_closed"`
	// Breaking: the article is marked as breaking news, until BreakingUntil
	// (a story not published yet shows in the bar once it is).
	Breaking      bool    `json:"breaking"`
	BreakingUntil *string `json:"breaking_until,omitempty"`
}

// Image is a picture's JSON.
type Image struct {
	URL     string `json:"url"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
	Alt     string `json:"alt"`
	Caption string `json:"caption"`
	Credit  string `json:"credit"`
}

func rfc(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func toJSON(x *article.Article) Article {
	out := Article{ID: x.ID, URL: x.URL(), Headline: x.Headline, Standfirst: x.Standfirst, Slug: x.Slug,
		BodyHTML: string(richtext.Render(x.Body, richtext.Options{})), Tags: x.TagNames(), Authors: x.AuthorNames(),
		Credit: x.Credit, Status: string(x.Status), PublishedAt: rfc(x.PublishedAt), PublishAt: rfc(x.PublishAt),
		UpdatedAt: x.UpdatedAt.UTC().Format(time.RFC3339), Correction: x.Correction, CommentCount: x.Comments, CommentsClosed: x.CommentsClosed,
		Breaking: x.BreakingUntil.After(time.Now()), BreakingUntil: rfc(x.BreakingUntil), Related: x.Related}
	if x.Section != nil {
		out.Section = x.Section.Path
	}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	if out.Authors == nil {
		out.Authors = []string{}
	}
	if x.HeroURL != "" {
		out.HeroImage = &Image{URL: x.HeroURL, Width: x.HeroWidth, Height: x.HeroHeight, Alt: x.HeroAlt, Caption: x.HeroCaption, Credit: x.HeroCredit}
	}
	return out
}

// List is the list response.
type List struct {
	Articles   []Article `json:"articles"`
	NextCursor string    `json:"next_cursor,omitempty"`
}

func (a *API) listArticles(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, err := a.caller(r, false)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	tree, err := a.Articles.Tree(ctx)
	if err != nil {
		return err
	}
	f := article.Filter{Statuses: []article.Status{article.Published}, Limit: 20, WithBody: true}
	if s := q.Get("status"); s != "" {
		st := article.Status(s)
		if !st.Valid() {
			return apperr.FieldError("status", "status must be one of draft, submitted, scheduled, published, unpublished")
		}
		if st != article.Published {
			if u.ID == 0 {
				return apperr.Unauthorized
			}
			if !u.Can(user.EditAny) {
				f.CreatedBy = u.ID // others' unpublished work stays private
			}
		}
		f.Statuses = []article.Status{st}
	}
	if s := q.Get("section"); s != "" {
		sec := tree.ByPath[strings.Trim(s, "/")]
		if sec == nil {
			return apperr.FieldError("section", "no section has the path "+strconv.Quote(s))
		}
		f.SectionIDs = sec.Subtree()
	}
	if s := q.Get("tag"); s != "" {
		t, err := a.Store.TagBySlug(ctx, s)
		if err != nil {
			if errors.Is(err, apperr.NotFound) {
				return apperr.FieldError("tag", "no tag has the slug "+strconv.Quote(s))
			}
			return err
		}
		f.TagID = t.ID
	}
	if s := q.Get("author"); s != "" {
		au, err := a.Store.AuthorBySlug(ctx, s)
		if err != nil {
			if errors.Is(err, apperr.NotFound) {
				return apperr.FieldError("author", "no author has the slug "+strconv.Quote(s))
			}
			return err
		}
		f.AuthorID = au.ID
	}
	if f.Limit, f.AfterTime, f.AfterID, err = paging(q, f.Limit, 100); err != nil {
		return err
	}
	f.Limit++ // one more tells whether there is a next page
	as, err := a.Articles.List(ctx, tree, f)
	if err != nil {
		return err
	}
	out := List{Articles: []Article{}}
	more := len(as) == f.Limit
	if more {
		as = as[:len(as)-1]
	}
	for _, x := range as {
		out.Articles = append(out.Articles, toJSON(x))
	}
	if more && len(as) > 0 {
		out.NextCursor = article.Cursor(as[len(as)-1])
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// paging reads a list's limit (1 to most; def when absent) and cursor.
func paging(q url.Values, def, most int) (limit int, after time.Time, afterID int64, err error) {
	limit = def
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > most {
			return 0, after, 0, apperr.FieldError("limit", fmt.Sprintf("limit must be a whole number from 1 to %d", most))
		}
		limit = n
	}
	if c := q.Get("cursor"); c != "" {
		t, id, ok := article.ParseCursor(c)
		if !ok {
			return 0, after, 0, apperr.FieldError("cursor", "the cursor is not one this API gave out")
		}
		after, afterID = t, id
	}
	return limit, after, afterID, nil
}

func (a *API) showArticle(w http.ResponseWriter, r *http.Request) error {
	u, err := a.caller(r, false)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return article.ErrNotFound
	}
	tree, err := a.Articles.Tree(r.Context())
	if err != nil {
		return err
	}
	x, err := a.Articles.Get(r.Context(), tree, id)
	if err != nil {
		return err
	}
	if x.Status != article.Published && !(u.ID != 0 && (u.Can(user.EditAny) || x.CreatedBy == u.ID)) {
		return article.ErrNotFound // unpublished work is invisible, not forbidden
	}
	writeJSON(w, http.StatusOK, toJSON(x))
	return nil
}

// Input is the body of POST and PATCH; absent fields are left as they are.
type Input struct {
	Headline    *string   `json:"headline"`
	Standfirst  *string   `json:"standfirst"`
	Slug        *string   `json:"slug"`
	Section     *string   `json:"section"`
	BodyHTML    *string   `json:"body_html"`
	Tags        *[]string `json:"tags"`
	Authors     *[]string `json:"authors"`
	Credit      *string   `json:"credit"`
	Correction  *string   `json:"correction"`
	Related     *[]int64  `json:"related"`
	Status      *string   `json:"status"`
	PublishAt   *string   `json:"publish_at"`
	HeroCaption *string   `json:"hero_caption"`
	HeroCredit  *string   `json:"hero_credit"`
	HeroAlt     *string   `json:"hero_alt"`
	// Breaking marks the article as breaking news (editors and admins):
	// the bar on every page for the hours the settings say, and one alert
	// to breaking-news subscribers once it is published.
	Breaking *bool `json:"breaking"`
}

const maxBody = 4 << 20

func decode(r *http.Request) (Input, error) {
	var in Input
	return in, decodeInto(r, &in)
}

// decodeInto reads a JSON object into v, refusing unknown fields, trailing
// data and bodies over the limit, with an error that names the field.
func decodeInto(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return apperr.FieldError("", "send the body as application/json")
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody+1))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case err == nil:
		if dec.More() {
			return apperr.FieldError("", "the body must be a single JSON object")
		}
		return nil
	case errors.As(err, &te) && te.Field == "":
		return apperr.FieldError("", "the body must be a JSON object")
	case errors.As(err, &te):
		return apperr.FieldError(te.Field, fmt.Sprintf("%s must be a %s", te.Field, jsonType(te.Type.String())))
	case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF):
		return apperr.FieldError("", "the body is not valid JSON")
	case errors.Is(err, io.EOF):
		return apperr.FieldError("", "the body is empty")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return apperr.FieldError(f, "unknown field "+strconv.Quote(f))
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return apperr.FieldError("", "the body is too large")
	}
	return apperr.FieldError("", "the body could not be read")
}

func jsonType(goType string) string {
	switch {
	case strings.Contains(goType, "[]string"):
		return "list of strings"
	case strings.Contains(goType, "string"):
		return "string"
	}
	return goType
}

// apply merges a request into an article input.
func (a *API) apply(r *http.Request, tree *section.Tree, in Input, to *article.Input) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&to.Headline, in.Headline)
	set(&to.Standfirst, in.Standfirst)
	set(&to.Slug, in.Slug)
	set(&to.Credit, in.Credit)
	set(&to.Correction, in.Correction)
	set(&to.HeroCaption, in.HeroCaption)
	set(&to.HeroCredit, in.HeroCredit)
	set(&to.HeroAlt, in.HeroAlt)
	if in.Related != nil {
		to.Related = *in.Related
	}
	if in.Section != nil {
		if *in.Section == "" {
			to.SectionID = 0
		} else if sec := tree.ByPath[strings.Trim(*in.Section, "/")]; sec != nil {
			to.SectionID = sec.ID
		} else {
			return apperr.FieldError("section", "no section has the path "+strconv.Quote(*in.Section))
		}
	}
	if in.BodyHTML != nil {
		if len(*in.BodyHTML) > richtext.MaxInputBytes {
			return apperr.FieldError("body_html", "body_html is too long")
		}
		to.Body = richtext.FromHTML(*in.BodyHTML)
	}
	if in.Tags != nil {
		to.Tags = *in.Tags
	}
	if in.Authors != nil {
		all, err := a.Store.Authors(r.Context())
		if err != nil {
			return err
		}
		to.AuthorIDs = nil
		for _, name := range *in.Authors {
			id := findAuthor(all, name)
			if id == 0 {
				return apperr.FieldError("authors", "no author is named "+strconv.Quote(name))
			}
			to.AuthorIDs = append(to.AuthorIDs, id)
		}
	}
	if in.Status != nil {
		to.Status = article.Status(*in.Status)
		if !to.Status.Valid() {
			return apperr.FieldError("status", "status must be one of draft, submitted, scheduled, published, unpublished")
		}
	}
	if in.PublishAt != nil {
		if *in.PublishAt == "" {
			to.PublishAt = time.Time{}
		} else {
			t, err := time.Parse(time.RFC3339, *in.PublishAt)
			if err != nil {
				return apperr.FieldError("publish_at", "publish_at must be an RFC 3339 time such as 2026-12-01T09:30:00Z")
			}
			to.PublishAt = t.UTC()
		}
	}
	return nil
}

func findAuthor(all []author.Author, name string) int64 {
	for _, au := range all {
		if strings.EqualFold(au.Name, strings.TrimSpace(name)) || au.Slug == strings.TrimSpace(name) {
			return au.ID
		}
	}
	return 0
}

func (a *API) createArticle(w http.ResponseWriter, r *http.Request) error {
	u, err := a.caller(r, true)
	if err != nil {
		return err
	}
	in, err := decode(r)
	if err != nil {
		return err
	}
	tree, err := a.Articles.Tree(r.Context())
	if err != nil {
		return err
	}
	to := article.Input{Status: article.Draft}
	if err := a.apply(r, tree, in, &to); err != nil {
		return err
	}
	if strings.TrimSpace(to.Headline) == "" {
		return apperr.FieldError("headline", "headline is required")
	}
	if to.Status != article.Draft && !article.CanSetStatus(u, &article.Article{CreatedBy: u.ID, Status: article.Draft}, to.Status) {
		return apperr.Forbidden
	}
	if in.Breaking != nil && *in.Breaking && !u.Can(user.PublishAny) {
		return apperr.Forbidden
	}
	x, err := a.Articles.Create(r.Context(), u, to)
	if err != nil {
		return err
	}
	if x, err = a.breaking(r, u, x, in.Breaking); err != nil {
		return err
	}
	a.audit(r, u, "api.article.create", x)
	x.Section = tree.ByID[x.SectionID]
	w.Header().Set("Location", fmt.Sprintf("/api/v1/articles/%d", x.ID))
	writeJSON(w, http.StatusCreated, toJSON(x))
	return nil
}

func (a *API) updateArticle(w http.ResponseWriter, r *http.Request) error {
	u, err := a.caller(r, true)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return article.ErrNotFound
	}
	in, err := decode(r)
	if err != nil {
		return err
	}
	tree, err := a.Articles.Tree(r.Context())
	if err != nil {
		return err
	}
	cur, err := a.Articles.Get(r.Context(), tree, id)
	if err != nil {
		return err
	}
	if cur.Status != article.Published && !u.Can(user.EditAny) && cur.CreatedBy != u.ID {
		return article.ErrNotFound
	}
	to := article.FromArticle(cur)
	if err := a.apply(r, tree, in, &to); err != nil {
		return err
	}
	// An author's client may send back the article as it read it: only a
	// change of the breaking mark needs an editor.
	if in.Breaking != nil && *in.Breaking != marked(cur) && !u.Can(user.PublishAny) {
		return apperr.Forbidden
	}
	x, err := a.Articles.Update(r.Context(), u, id, to, false)
	if err != nil {
		return err
	}
	if x, err = a.breaking(r, u, x, in.Breaking); err != nil {
		return err
	}
	a.audit(r, u, "api.article.update", x)
	x.Section = tree.ByID[x.SectionID]
	writeJSON(w, http.StatusOK, toJSON(x))
	return nil
}

// marked tells whether an article is marked as breaking news now (published
// or not yet).
func marked(x *article.Article) bool { return x.BreakingUntil.After(time.Now()) }

// breaking marks or unmarks an article as breaking news when the body says.
func (a *API) breaking(r *http.Request, u user.User, x *article.Article, on *bool) (*article.Article, error) {
	if on == nil || *on == marked(x) {
		return x, nil
	}
	st, err := a.Store.Settings(r.Context())
	if err != nil {
		return x, err
	}
	y, err := a.Articles.SetBreaking(r.Context(), u, x.ID, *on, st.BreakingFor())
	if err != nil {
		return x, err
	}
	a.audit(r, u, map[bool]string{true: "api.article.breaking", false: "api.article.breaking-end"}[*on], y)
	x.BreakingUntil = y.BreakingUntil
	return x, nil
}

func (a *API) audit(r *http.Request, u user.User, action string, x *article.Article) {
	if err := a.Store.Audit(r.Context(), audit.Entry{UserID: u.ID, Action: action, Target: fmt.Sprintf("article %d", x.ID),
		Detail: string(x.Status) + ": " + x.Headline, IP: r.RemoteAddr}); err != nil {
		a.Log.Error("audit", "err", err)
	}
}
