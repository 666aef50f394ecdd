package newsroom

import (
	"broadsheet/internal/search"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/media"
	"broadsheet/internal/reads"
	"broadsheet/internal/richtext"
	"broadsheet/internal/section"
	"broadsheet/internal/tag"
	"broadsheet/internal/user"
)

// ListPage lists articles with filters.
type ListPage struct {
	Page
	Articles []*article.Article
	Status   string
	Query    string
	Mine     bool
	Statuses []article.Status
	Offset   int
	Next     string
	// Reads are the listed stories' reads over the last seven days.
	Reads map[int64]int64
}

func (n *Newsroom) listArticles(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, _ := currentUser(r)
	q := r.URL.Query()
	f := article.Filter{Limit: 50}
	lp := ListPage{Page: n.page(r, "Articles"), Status: q.Get("status"), Query: q.Get("q"), Statuses: article.Statuses}
	lp.Nav = "articles"
	if st := article.Status(lp.Status); st.Valid() {
		f.Statuses = []article.Status{st}
	}
	if q.Get("mine") == "1" || !u.Can(user.EditAny) {
		// Below editor, staff see their own work only.
		f.CreatedBy, lp.Mine = u.ID, true
	}
	if off, err := strconv.Atoi(q.Get("offset")); err == nil && off > 0 && off < 1_000_000 {
		f.Offset, lp.Offset = off, off
	}
	tree, err := n.Articles.Tree(ctx)
	if err != nil {
		return err
	}
	if text := strings.TrimSpace(q.Get("q")); text != "" {
		// Every status (drafts too), best matches first.
		if lp.Articles, _, err = n.Articles.Search(ctx, tree, search.Parse(text, false), f); err != nil {
			return err
		}
	} else if lp.Articles, err = n.Articles.List(ctx, tree, f); err != nil {
		return err
	}
	ids := make([]int64, len(lp.Articles))
	for i, a := range lp.Articles {
		ids[i] = a.ID
	}
	loc := n.location(ctx)
	if lp.Reads, err = n.Store.ReadTotals(ctx, ids, time.Now().In(loc).AddDate(0, 0, -6).Format(time.DateOnly)); err != nil {
		return err
	}
	if len(lp.Articles) == f.Limit {
		nq := r.URL.Query()
		nq.Set("offset", strconv.Itoa(f.Offset+f.Limit))
		lp.Next = "/newsroom/articles?" + nq.Encode()
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/articles", lp)
}

// createArticle answers the old "New article" form: the new article's page,
// where nothing is stored until something is typed.
func (n *Newsroom) createArticle(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, "/newsroom/articles/new", http.StatusSeeOther)
	return nil
}

// newArticle shows the editor for a story not stored yet, under a fresh
// draft key.
func (n *Newsroom) newArticle(w http.ResponseWriter, r *http.Request) error {
	u, _ := currentUser(r)
	tree, err := n.Articles.Tree(r.Context())
	if err != nil {
		return err
	}
	key := make([]byte, 16)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	a := &article.Article{Status: article.Draft, CreatedBy: u.ID}
	f := ArticleForm{DraftKey: hex.EncodeToString(key)}
	if u.AuthorID != 0 {
		f.AuthorIDs = []int64{u.AuthorID}
	}
	ep, err := n.articleEditPage(r, a, tree, f)
	if err != nil {
		return err
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/article", ep)
}

// draftKeyOK accepts the keys newArticle makes.
var draftKeyOK = regexp.MustCompile(`^[0-9a-f]{32}$`)

// newDraft finds the draft a new article's page stored under its key, or
// stores it now if something has been typed (errNothingTyped if not).
func (n *Newsroom) newDraft(r *http.Request) (*article.Article, *section.Tree, error) {
	ctx := r.Context()
	u, _ := currentUser(r)
	key := r.PostFormValue("draft_key")
	if !draftKeyOK.MatchString(key) {
		return nil, nil, apperr.FieldError("headline", "This page has expired; open a new article again.")
	}
	tree, err := n.Articles.Tree(ctx)
	if err != nil {
		return nil, nil, err
	}
	n.draftMu.Lock() // one page's first saves arrive close together
	defer n.draftMu.Unlock()
	id, err := n.Store.ArticleByDraftKey(ctx, u.ID, key)
	if err != nil {
		return nil, nil, err
	}
	if id == 0 {
		typed := false
		for _, f := range []string{"headline", "standfirst", "body_html", "tags", "credit"} {
			if v := strings.TrimSpace(r.PostFormValue(f)); v != "" && v != "<p></p>" {
				typed = true
			}
		}
		if !typed {
			return nil, tree, errNothingTyped
		}
		a, err := n.Articles.Create(ctx, u, article.Input{Status: article.Draft})
		if err != nil {
			return nil, nil, err
		}
		if err := n.Store.SetDraftKey(ctx, a.ID, key); err != nil {
			return nil, nil, err
		}
		n.audit(r, "article.create", fmt.Sprintf("article %d", a.ID), "")
		id = a.ID
	}
	a, err := n.Articles.Get(ctx, tree, id)
	return a, tree, err
}

// ArticleForm holds the editor's fields as typed.
type ArticleForm struct {
	Headline, Standfirst, Slug, Credit, Tags string
	SectionID                                int64
	AuthorIDs                                []int64
	HeroMediaID                              int64
	HeroCaption, HeroCredit, HeroAlt         string
	Correction                               string
	// Related are the pinned related stories as typed: one address or
	// number per line.
	Related   string
	BodyHTML  string
	PublishAt string
	Version   string // the article's UpdatedAt when the form was opened
	DraftKey  string // a new article's page's key, until the article is stored
}

// EditPage is the article editor.
type EditPage struct {
	Page
	Article   *article.Article
	Form      ArticleForm
	Sections  []*section.Section
	Authors   []author.Author
	Media     []media.Media
	Loc       *time.Location
	CanEdit   bool
	CanDelete bool
	Actions   []Action
	URL       string
	Revisions int
	// BreakingNow: the article is marked as breaking news (published or not).
	BreakingNow bool
	// Reads is the story's readership, once it has been published.
	Reads *reads.Stats
	// Returns are the editors' open notes sending the story back; CanReturn
	// offers an editor the form to send it back, with the note as typed.
	Returns    []article.Return
	CanReturn  bool
	ReturnNote string
}

// Action is a workflow button; Confirm, if set, is asked before it acts.
type Action struct{ Value, Label, Class, Confirm string }

func formOf(a *article.Article, loc *time.Location) ArticleForm {
	f := ArticleForm{Headline: a.Headline, Standfirst: a.Standfirst, Slug: a.Slug, Credit: a.Credit, Tags: strings.Join(a.TagNames(), ", "),
		SectionID: a.SectionID, HeroMediaID: a.HeroMediaID, HeroCaption: a.HeroCaption, HeroCredit: a.HeroCredit, HeroAlt: a.HeroAlt,
		Correction: a.Correction, BodyHTML: string(richtext.Render(a.Body, richtext.Options{Editor: true})), Version: version(a)}
	for _, au := range a.Authors {
		f.AuthorIDs = append(f.AuthorIDs, au.ID)
	}
	if !a.PublishAt.IsZero() {
		f.PublishAt = a.PublishAt.In(loc).Format("2006-01-02T15:04")
	}
	return f
}

// relatedIDs reads the pinned related stories as typed: one reader-site
// address or article number per line (or several, separated by commas);
// msg names the first line that is not a story the user may see (a draft
// is only found by those who may edit it; stories already pinned, kept).
func (n *Newsroom) relatedIDs(ctx context.Context, u user.User, tree *section.Tree, text string, pinned []int64) (ids []int64, msg string) {
	for i, line := range strings.Split(text, "\n") {
		for _, addr := range strings.Split(line, ",") {
			addr = strings.TrimSpace(addr)
			if addr == "" {
				continue
			}
			if len(ids) == article.MaxRelated || len(addr) > 500 {
				return ids, fmt.Sprintf("Pin at most %d related stories, one address per line.", article.MaxRelated)
			}
			a, err := n.Articles.ByAddress(ctx, tree, addr)
			if err != nil || (!visible(u, a) && !slices.Contains(pinned, a.ID)) {
				return ids, fmt.Sprintf("Line %d: no story at %q. Paste the story's address from the site, or its number.", i+1, addr)
			}
			ids = append(ids, a.ID)
		}
	}
	return ids, ""
}

// visible reports whether u may see a story in the newsroom: any published
// one, and those u may edit.
func visible(u user.User, a *article.Article) bool {
	return a.Status == article.Published || article.CanEdit(u, a)
}

// relatedText shows pinned stories as the form lists them: one address per
// line (a number for a story u may not see).
func (n *Newsroom) relatedText(ctx context.Context, u user.User, tree *section.Tree, ids []int64) string {
	if len(ids) == 0 {
		return ""
	}
	as, err := n.Articles.List(ctx, tree, article.Filter{IDs: ids, Limit: len(ids)})
	if err != nil {
		return ""
	}
	lines := make([]string, 0, len(ids))
	for _, id := range ids {
		line := strconv.FormatInt(id, 10)
		for _, a := range as {
			if a.ID == id && a.Section != nil && a.Slug != "" && visible(u, a) {
				line = a.URL()
			}
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// location is the site's time zone (UTC if the settings cannot be read).
func (n *Newsroom) location(ctx context.Context) *time.Location {
	if st, err := n.Store.Settings(ctx); err == nil {
		return st.Location()
	}
	return time.UTC
}

// version names the saved state of an article; a form carries the version it
// was opened on, so a save from a stale tab cannot silently overwrite.
func version(a *article.Article) string { return strconv.FormatInt(a.UpdatedAt.UnixMicro(), 10) }

// conflict says who saved the article after the form's version, or "".
func (n *Newsroom) conflict(r *http.Request, a *article.Article, formVersion string) string {
	if formVersion == "" || formVersion == version(a) {
		return ""
	}
	who := "Someone"
	if revs, err := n.Store.Revisions(r.Context(), a.ID); err == nil && len(revs) > 0 && revs[0].UserName != "" {
		who = revs[0].UserName
	}
	st, _ := n.Store.Settings(r.Context())
	return fmt.Sprintf("%s saved this article at %s, after you opened it. Your version is below and was not saved: compare with theirs under Revisions, then save again to keep yours.",
		who, a.UpdatedAt.In(st.Location()).Format("15:04 on January 2"))
}

// errNothingTyped: a new article's page was saved before anything was typed
// in it, so no draft was stored.
var errNothingTyped = errors.New("newsroom: nothing typed yet")

func (n *Newsroom) loadArticle(r *http.Request) (*article.Article, *section.Tree, error) {
	if r.PathValue("id") == "" {
		return n.newDraft(r)
	}
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	tree, err := n.Articles.Tree(r.Context())
	if err != nil {
		return nil, nil, err
	}
	a, err := n.Articles.Get(r.Context(), tree, id)
	if err != nil {
		return nil, nil, err
	}
	u, _ := currentUser(r)
	// Staff below editor see only their own articles.
	if !u.Can(user.EditAny) && a.CreatedBy != u.ID {
		return nil, nil, fmt.Errorf("article %d: %w", id, apperr.Forbidden)
	}
	return a, tree, nil
}

func (n *Newsroom) articleEditPage(r *http.Request, a *article.Article, tree *section.Tree, form ArticleForm) (EditPage, error) {
	ctx := r.Context()
	u, _ := currentUser(r)
	st, err := n.Store.Settings(ctx)
	if err != nil {
		return EditPage{}, err
	}
	title := "Edit: " + a.Headline
	if a.Headline == "" {
		title = "New article"
	}
	ep := EditPage{Page: n.page(r, title), Article: a, Form: form, Sections: tree.All(), Loc: st.Location(), CanEdit: article.CanEdit(u, a),
		BreakingNow: a.BreakingUntil.After(time.Now())}
	ep.CanDelete = a.ID != 0 && ep.CanEdit && a.PublishedAt.IsZero() && a.Status != article.Published && a.Status != article.Scheduled
	ep.Nav = "articles"
	if ep.Authors, err = n.Store.Authors(ctx); err != nil {
		return ep, err
	}
	if ep.Media, err = n.Store.MediaList(ctx, 60, 0); err != nil {
		return ep, err
	}
	if form.HeroMediaID != 0 && !hasMedia(ep.Media, form.HeroMediaID) {
		if m, err := n.Store.Media(ctx, form.HeroMediaID); err == nil {
			ep.Media = append([]media.Media{m}, ep.Media...)
		}
	}
	ep.URL = a.URL()
	ep.Actions = actionsFor(u, a)
	if form.Related == "" && len(a.Related) > 0 && r.Method == http.MethodGet {
		ep.Form.Related = n.relatedText(ctx, u, tree, a.Related)
	}
	if ep.Returns, err = n.Store.OpenReturns(ctx, a.ID); err != nil {
		return ep, err
	}
	ep.CanReturn = a.Status == article.Submitted && u.Can(user.EditAny)
	if !a.PublishedAt.IsZero() {
		stats, err := n.readStats(ctx, a.ID, st.Location())
		if err != nil {
			return ep, err
		}
		ep.Reads = &stats
	}
	return ep, nil
}

// readStats are a story's reads: the last day, week and month, in all, and
// by day over the last two weeks.
func (n *Newsroom) readStats(ctx context.Context, id int64, loc *time.Location) (reads.Stats, error) {
	now := time.Now()
	day := func(d int) string { return now.In(loc).AddDate(0, 0, -d).Format(time.DateOnly) }
	st, days, err := n.Store.ReadStats(ctx, id, reads.HourOf(now.Add(-24*time.Hour))+1, reads.HourOf(now.Add(-7*24*time.Hour))+1, day(29), day(13))
	if err != nil {
		return st, err
	}
	st.Days = reads.FillDays(days, now, loc, 14)
	return st, nil
}

func hasMedia(ms []media.Media, id int64) bool {
	for _, m := range ms {
		if m.ID == id {
			return true
		}
	}
	return false
}

// actionsFor lists the workflow buttons this user may press for a.
func actionsFor(u user.User, a *article.Article) []Action {
	var out []Action
	if !article.CanEdit(u, a) {
		return nil
	}
	save := "Save draft"
	if a.Status == article.Published {
		save = "Update"
	}
	if a.Status == article.Scheduled || a.Status == article.Submitted || a.Status == article.Unpublished {
		save = "Save"
	}
	out = append(out, Action{Value: "save", Label: save, Class: "btn-primary"})
	if a.Status == article.Draft || a.Status == article.Unpublished {
		out = append(out, Action{Value: "submit", Label: "Submit for review"})
	}
	if a.Status != article.Published && article.CanSetStatus(u, a, article.Published) {
		out = append(out, Action{Value: "publish", Label: "Publish now", Class: "btn-accent"})
	}
	if a.Status != article.Published && article.CanSetStatus(u, a, article.Scheduled) {
		out = append(out, Action{Value: "schedule", Label: "Schedule"})
	}
	if a.Status == article.Scheduled && article.CanSetStatus(u, a, article.Unpublished) {
		out = append(out, Action{Value: "unpublish", Label: "Cancel schedule", Class: "btn-danger", Confirm: "Cancel the scheduled publication? The article will not go out."})
	}
	if a.Status == article.Published && article.CanSetStatus(u, a, article.Unpublished) {
		out = append(out, Action{Value: "unpublish", Label: "Unpublish", Class: "btn-danger", Confirm: "Take this article off the site? Its address will answer “not found”."})
	}
	return out
}

func (n *Newsroom) editArticle(w http.ResponseWriter, r *http.Request) error {
	a, tree, err := n.loadArticle(r)
	if err != nil {
		return err
	}
	st, err := n.Store.Settings(r.Context())
	if err != nil {
		return err
	}
	ep, err := n.articleEditPage(r, a, tree, formOf(a, st.Location()))
	if err != nil {
		return err
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/article", ep)
}

// parseForm reads the editor's fields; problems with the form's shape become
// field errors so the page can show them beside the field.
func (n *Newsroom) parseArticleForm(r *http.Request, a *article.Article, tree *section.Tree) (ArticleForm, article.Input, *apperr.Validation) {
	v := &apperr.Validation{}
	loc := n.location(r.Context())
	f := ArticleForm{Headline: r.PostFormValue("headline"), Standfirst: r.PostFormValue("standfirst"), Slug: r.PostFormValue("slug"),
		Credit: r.PostFormValue("credit"), Tags: r.PostFormValue("tags"), HeroCaption: r.PostFormValue("hero_caption"),
		HeroCredit: r.PostFormValue("hero_credit"), HeroAlt: r.PostFormValue("hero_alt"), Correction: r.PostFormValue("correction"),
		BodyHTML: r.PostFormValue("body_html"), PublishAt: r.PostFormValue("publish_at"), Version: r.PostFormValue("version")}
	var ok bool
	if f.SectionID, ok = formInt(r, "section"); !ok {
		v.Add("section", "Choose a section from the list.")
	}
	if f.AuthorIDs, ok = formInts(r, "authors"); !ok {
		v.Add("authors", "Choose authors from the list.")
	}
	if f.HeroMediaID, ok = formInt(r, "hero_media_id"); !ok {
		v.Add("hero_media_id", "Choose a picture from the list.")
	}
	if len(f.BodyHTML) > richtext.MaxInputBytes {
		v.Add("body", "The body is too long.")
	}
	in := article.Input{Headline: f.Headline, Standfirst: f.Standfirst, Slug: f.Slug, SectionID: f.SectionID, Credit: f.Credit,
		AuthorIDs: f.AuthorIDs, HeroMediaID: f.HeroMediaID, HeroCaption: f.HeroCaption, HeroCredit: f.HeroCredit, HeroAlt: f.HeroAlt,
		Correction: f.Correction, Body: richtext.FromHTML(f.BodyHTML)}
	tags, err := tag.ParseNames(f.Tags)
	if fv, isV := apperr.AsValidation(err); isV {
		fld, msg := fv.First()
		v.Add(fld, msg)
	}
	in.Tags = tags
	in.Related = a.Related
	if _, sent := r.PostForm["related"]; sent { // a form from before the field keeps the pins
		f.Related = r.PostFormValue("related")
		u, _ := currentUser(r)
		ids, msg := n.relatedIDs(r.Context(), u, tree, f.Related, a.Related)
		if msg != "" {
			v.Add("related", msg)
		}
		in.Related = ids
	} else {
		u, _ := currentUser(r)
		f.Related = n.relatedText(r.Context(), u, tree, a.Related)
	}
	if strings.TrimSpace(f.PublishAt) != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(f.PublishAt), loc)
		if err != nil {
			v.Add("publish_at", "Use a date and time such as 2026-12-01T09:30.")
		}
		in.PublishAt = t.UTC()
	}
	return f, in, v
}

var actionStatus = map[string]article.Status{
	"submit": article.Submitted, "publish": article.Published, "schedule": article.Scheduled, "unpublish": article.Unpublished,
}

var actionDone = map[string]string{"save": "saved", "submit": "submitted", "publish": "published", "schedule": "scheduled", "unpublish": "unpublished"}

func (n *Newsroom) saveArticle(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, tree, err := n.loadArticle(r)
	if errors.Is(err, errNothingTyped) {
		u, _ := currentUser(r)
		ep, perr := n.articleEditPage(r, &article.Article{Status: article.Draft, CreatedBy: u.ID}, tree,
			ArticleForm{DraftKey: r.PostFormValue("draft_key"), AuthorIDs: []int64{u.AuthorID}})
		if perr != nil {
			return perr
		}
		ep.ErrorMsg = "Nothing was saved: type a headline or some text first."
		return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/article", ep)
	}
	if err != nil {
		return err
	}
	u, _ := currentUser(r)
	form, in, v := n.parseArticleForm(r, a, tree)
	action := r.PostFormValue("action")
	if _, known := actionDone[action]; !known {
		action = "save"
	}
	in.Status = a.Status
	if s, ok := actionStatus[action]; ok {
		in.Status = s
	}
	if action == "save" && a.Status == article.Scheduled {
		in.PublishAt = orTime(in.PublishAt, a.PublishAt)
	}
	if msg := n.conflict(r, a, form.Version); msg != "" {
		ep, err := n.articleEditPage(r, a, tree, form)
		if err != nil {
			return err
		}
		ep.Form.Version = version(a) // saving again now keeps this version, knowingly
		ep.ErrorMsg = msg
		return n.Render.Render(w, http.StatusConflict, "newsroom/article", ep)
	}
	var saved *article.Article
	if len(v.Fields) == 0 {
		saved, err = n.Articles.Update(ctx, u, a.ID, in, false)
		if errors.As(err, &v) {
			err = nil
		}
		if err != nil {
			return err
		}
	}
	if len(v.Fields) > 0 {
		ep, err := n.articleEditPage(r, a, tree, form)
		if err != nil {
			return err
		}
		ep.Errors = v.Fields
		ep.ErrorMsg = "The article was not saved. Correct the fields marked below; nothing you typed was lost."
		return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/article", ep)
	}
	n.audit(r, "article."+action, fmt.Sprintf("article %d", saved.ID), string(saved.Status)+": "+saved.Headline)
	http.Redirect(w, r, fmt.Sprintf("/newsroom/articles/%d?done=%s", saved.ID, actionDone[action]), http.StatusSeeOther)
	return nil
}

// sendBack returns a submitted story to its writer with the editor's note.
func (n *Newsroom) sendBack(w http.ResponseWriter, r *http.Request) error {
	a, tree, err := n.loadArticle(r)
	if err != nil {
		return err
	}
	u, _ := currentUser(r)
	note := r.PostFormValue("note")
	err = n.Articles.SendBack(r.Context(), u, a.ID, note)
	v, invalid := apperr.AsValidation(err)
	if invalid || errors.Is(err, article.ErrNotSubmitted) {
		ep, perr := n.articleEditPage(r, a, tree, formOf(a, n.location(r.Context())))
		if perr != nil {
			return perr
		}
		ep.CanReturn, ep.ReturnNote = true, note
		status := http.StatusUnprocessableEntity
		if invalid {
			ep.Errors = v.Fields
			ep.ErrorMsg = "The story was not sent back."
		} else {
			ep.CanReturn, status = false, http.StatusConflict
			ep.ErrorMsg = "The story is no longer waiting for review; it was not sent back."
		}
		return n.Render.Render(w, status, "newsroom/article", ep)
	}
	if err != nil {
		return err
	}
	n.audit(r, "article.return", fmt.Sprintf("article %d", a.ID), a.Headline+": "+strings.TrimSpace(note))
	http.Redirect(w, r, fmt.Sprintf("/newsroom/articles/%d?done=returned", a.ID), http.StatusSeeOther)
	return nil
}

func orTime(a, b time.Time) time.Time {
	if a.IsZero() {
		return b
	}
	return a
}

// autosaveArticle stores the draft as typed, keeping the status, and answers JSON.
func (n *Newsroom) autosaveArticle(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, tree, err := n.loadArticle(r)
	if errors.Is(err, errNothingTyped) { // nothing to keep yet: nothing stored
		writeJSON(w, http.StatusOK, map[string]any{"saved_at": time.Now().Format(time.RFC3339)})
		return nil
	}
	if err != nil {
		return err
	}
	u, _ := currentUser(r)
	form, in, v := n.parseArticleForm(r, a, tree)
	if msg := n.conflict(r, a, form.Version); msg != "" {
		writeJSON(w, http.StatusConflict, map[string]any{"error": msg, "conflict": true})
		return nil
	}
	if len(v.Fields) > 0 {
		f, m := v.First()
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": m, "field": f})
		return nil
	}
	if a.Status == article.Published || a.Status == article.Scheduled {
		// Live articles change only when someone presses Update.
		writeJSON(w, http.StatusConflict, map[string]string{"error": "Published and scheduled articles are not autosaved; press Update to save.", "field": ""})
		return nil
	}
	in.Status = a.Status
	saved, err := n.Articles.Update(ctx, u, a.ID, in, true)
	if fv, ok := apperr.AsValidation(err); ok {
		f, m := fv.First()
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": m, "field": f})
		return nil
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"saved_at": saved.UpdatedAt.Format(time.RFC3339), "id": saved.ID, "version": version(saved)})
	return nil
}

// deleteArticle removes a draft that never went out; published work is
// unpublished instead, so its history and address stay.
func (n *Newsroom) deleteArticle(w http.ResponseWriter, r *http.Request) error {
	a, _, err := n.loadArticle(r)
	if err != nil {
		return err
	}
	u, _ := currentUser(r)
	if !article.CanEdit(u, a) || !a.PublishedAt.IsZero() || a.Status == article.Published || a.Status == article.Scheduled {
		return fmt.Errorf("article %d: only drafts that never went out can be deleted: %w", a.ID, apperr.Forbidden)
	}
	if err := n.Store.DeleteArticle(r.Context(), a.ID); err != nil {
		return err
	}
	n.audit(r, "article.delete", fmt.Sprintf("article %d", a.ID), a.Headline)
	http.Redirect(w, r, "/newsroom/articles?done=deleted", http.StatusSeeOther)
	return nil
}

func (n *Newsroom) previewArticle(w http.ResponseWriter, r *http.Request) error {
	a, _, err := n.loadArticle(r)
	if err != nil {
		return err
	}
	ap, err := n.Site.ArticleView(r, a, true)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return n.Render.Render(w, http.StatusOK, "site/article", ap)
}

// RevisionsPage lists an article's revisions.
type RevisionsPage struct {
	Page
	Article   *article.Article
	Revisions []article.Revision
	Loc       *time.Location
}

func (n *Newsroom) listRevisions(w http.ResponseWriter, r *http.Request) error {
	a, _, err := n.loadArticle(r)
	if err != nil {
		return err
	}
	revs, err := n.Store.Revisions(r.Context(), a.ID)
	if err != nil {
		return err
	}
	st, _ := n.Store.Settings(r.Context())
	rp := RevisionsPage{Page: n.page(r, "Revisions: "+a.Headline), Article: a, Revisions: revs, Loc: st.Location()}
	rp.Nav = "articles"
	return n.Render.Render(w, http.StatusOK, "newsroom/revisions", rp)
}

// RevisionPage compares a revision with the current article.
type RevisionPage struct {
	Page
	Article  *article.Article
	Revision article.Revision
	Diff     []DiffLine
	Loc      *time.Location
	CanEdit  bool
}

func (n *Newsroom) showRevision(w http.ResponseWriter, r *http.Request) error {
	a, _, err := n.loadArticle(r)
	if err != nil {
		return err
	}
	rid, err := pathID(r, "rev")
	if err != nil {
		return err
	}
	rev, err := n.Store.Revision(r.Context(), rid)
	if err != nil {
		return err
	}
	if rev.ArticleID != a.ID {
		return apperr.NotFound
	}
	u, _ := currentUser(r)
	st, _ := n.Store.Settings(r.Context())
	tree, err := n.Articles.Tree(r.Context())
	if err != nil {
		return err
	}
	authors, err := n.Store.Authors(r.Context())
	if err != nil {
		return err
	}
	names := func(s article.Snapshot) []string { return snapshotLines(s, tree, authors) }
	rp := RevisionPage{Page: n.page(r, "Compare revision"), Article: a, Revision: rev, Loc: st.Location(), CanEdit: article.CanEdit(u, a),
		Diff: Diff(names(rev.Snapshot), names(snapshotFromArticle(a)))}
	rp.Nav = "articles"
	return n.Render.Render(w, http.StatusOK, "newsroom/revision", rp)
}

func snapshotFromArticle(a *article.Article) article.Snapshot {
	in := article.FromArticle(a)
	return article.Snapshot{Headline: in.Headline, Standfirst: in.Standfirst, Slug: in.Slug, SectionID: in.SectionID, Body: in.Body,
		Credit: in.Credit, Tags: in.Tags, AuthorIDs: in.AuthorIDs, HeroMediaID: in.HeroMediaID, HeroCaption: in.HeroCaption,
		HeroCredit: in.HeroCredit, HeroAlt: in.HeroAlt, Correction: in.Correction}
}

// snapshotLines writes every field a restore would bring back, one per line,
// then the body with its marks and link addresses.
func snapshotLines(s article.Snapshot, tree *section.Tree, authors []author.Author) []string {
	sec := "none"
	if x := tree.ByID[s.SectionID]; x != nil {
		sec = x.Path
	}
	var byline []string
	for _, id := range s.AuthorIDs {
		for _, a := range authors {
			if a.ID == id {
				byline = append(byline, a.Name)
			}
		}
	}
	picture := "none"
	if s.HeroMediaID != 0 {
		picture = fmt.Sprintf("picture #%d", s.HeroMediaID)
	}
	lines := []string{"Headline: " + s.Headline, "Standfirst: " + s.Standfirst, "Section: " + sec, "Address: " + s.Slug,
		"Authors: " + strings.Join(byline, ", "), "Credit: " + s.Credit, "Tags: " + strings.Join(s.Tags, ", "),
		"Main picture: " + picture, "Picture caption: " + s.HeroCaption, "Picture credit: " + s.HeroCredit,
		"Picture description: " + s.HeroAlt, "Correction: " + s.Correction, ""}
	return append(lines, richtext.Outline(s.Body)...)
}

func (n *Newsroom) restoreRevision(w http.ResponseWriter, r *http.Request) error {
	a, _, err := n.loadArticle(r)
	if err != nil {
		return err
	}
	rid, err := pathID(r, "rev")
	if err != nil {
		return err
	}
	u, _ := currentUser(r)
	if _, err := n.Articles.Restore(r.Context(), u, a.ID, rid); err != nil {
		if v, ok := apperr.AsValidation(err); ok {
			f, m := v.First()
			return apperr.FieldError(f, "This revision cannot be restored as it is ("+f+": "+m+") Open the article, change what it says, and save instead.")
		}
		return err
	}
	n.audit(r, "article.restore", fmt.Sprintf("article %d", a.ID), fmt.Sprintf("revision %d", rid))
	http.Redirect(w, r, fmt.Sprintf("/newsroom/articles/%d?done=restored", a.ID), http.StatusSeeOther)
	return nil
}

// DiffLine is one line of a comparison.
type DiffLine struct {
	Op   string // "same", "del" (only in the old), "add" (only in the new)
	Text string
}

// Diff compares two line lists by longest common subsequence.
func Diff(a, b []string) []DiffLine {
	if len(a) > 2000 || len(b) > 2000 {
		a, b = a[:min(len(a), 2000)], b[:min(len(b), 2000)]
	}
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []DiffLine
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, DiffLine{"same", a[i]})
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, DiffLine{"del", a[i]})
			i++
		default:
			out = append(out, DiffLine{"add", b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		out = append(out, DiffLine{"del", a[i]})
	}
	for ; j < len(b); j++ {
		out = append(out, DiffLine{"add", b[j]})
	}
	return out
}
