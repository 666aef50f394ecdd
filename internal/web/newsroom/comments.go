package newsroom

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/comment"
	"broadsheet/internal/richtext"
	"broadsheet/internal/section"
)

// CommentsPage is the moderation queue.
type CommentsPage struct {
	Page
	Status    comment.Status
	Query     string
	ArticleID int64
	Comments  []ModComment
	Counts    []CommentCount
	Older     string // the next page's address
	Actions   []comment.Action
	Here      string // this page's address, to come back to after an action
}

// CommentCount is how many comments have a status.
type CommentCount struct {
	Status comment.Status
	N      int
}

// ModComment is a comment as a moderator sees it.
type ModComment struct {
	comment.Comment
	ArticleURL string
	Text       template.HTML
}

const moderationPage = 50

func (n *Newsroom) modComment(tree *section.Tree, c comment.Comment) ModComment {
	m := ModComment{Comment: c, Text: richtext.Render(c.Doc(), richtext.Options{UGC: true})}
	if sec := tree.ByID[c.ArticleSectionID]; sec != nil {
		m.ArticleURL = "/" + sec.Path + "/" + c.ArticleSlug
	}
	return m
}

func (n *Newsroom) listComments(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	f := comment.Filter{Status: comment.Pending, Query: strings.TrimSpace(q.Get("q")), Limit: moderationPage + 1}
	if s := q.Get("status"); s != "" {
		if s == "all" {
			f.Status = ""
		} else if f.Status = comment.Status(s); !f.Status.Valid() {
			return apperr.NotFound
		}
	}
	if len([]rune(f.Query)) > 200 {
		f.Query = string([]rune(f.Query)[:200])
	}
	if id, err := strconv.ParseInt(q.Get("article"), 10, 64); err == nil && id > 0 {
		f.ArticleID = id
	}
	if c := q.Get("before"); c != "" {
		t, id, ok := article.ParseCursor(c)
		if !ok {
			return apperr.NotFound
		}
		f.BeforeTime, f.BeforeID = t, id
	}
	cs, err := n.Store.Comments(ctx, f)
	if err != nil {
		return err
	}
	tree, err := n.Articles.Tree(ctx)
	if err != nil {
		return err
	}
	cp := CommentsPage{Page: n.page(r, "Comments"), Status: f.Status, Query: f.Query, ArticleID: f.ArticleID, Actions: comment.Actions,
		Here: r.URL.RequestURI()}
	cp.Nav = "comments"
	more := len(cs) > moderationPage
	if more {
		cs = cs[:moderationPage]
	}
	for _, c := range cs {
		cp.Comments = append(cp.Comments, n.modComment(tree, c))
	}
	if more {
		last := cs[len(cs)-1]
		v := url.Values{}
		v.Set("status", string(f.Status))
		if f.Status == "" {
			v.Set("status", "all")
		}
		if f.Query != "" {
			v.Set("q", f.Query)
		}
		if f.ArticleID != 0 {
			v.Set("article", strconv.FormatInt(f.ArticleID, 10))
		}
		v.Set("before", article.CursorAt(last.CreatedAt, last.ID))
		cp.Older = "/newsroom/comments?" + v.Encode()
	}
	for _, s := range comment.Statuses {
		c, err := n.Store.CountComments(ctx, comment.Filter{Status: s, ArticleID: f.ArticleID})
		if err != nil {
			return err
		}
		cp.Counts = append(cp.Counts, CommentCount{s, c})
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/comments", cp)
}

// moderate applies one action to one comment (a row's button, act=ACTION:ID)
// or to the comments ticked (the bulk form).
func (n *Newsroom) moderate(w http.ResponseWriter, r *http.Request) error {
	u, _ := currentUser(r)
	var ids []int64
	var action comment.Action
	if act := r.PostFormValue("act"); act != "" {
		a, idText, _ := strings.Cut(act, ":")
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil || id <= 0 {
			return apperr.FieldError("ids", "Choose a comment.")
		}
		action, ids = comment.Action(a), []int64{id}
	} else {
		var ok bool
		if ids, ok = formInts(r, "ids"); !ok {
			return apperr.FieldError("ids", "Choose comments from the list.")
		}
		action = comment.Action(r.PostFormValue("action"))
	}
	before, err := n.Comments.Moderate(r.Context(), u, ids, action)
	back := safeNext(r.PostFormValue("back"))
	if !strings.HasPrefix(back, "/newsroom/comments") {
		back = "/newsroom/comments"
	}
	if v, ok := apperr.AsValidation(err); ok {
		_, msg := v.First()
		n.fail(w, r, http.StatusUnprocessableEntity, msg)
		return nil
	}
	if err != nil {
		return err
	}
	for _, c := range before {
		n.audit(r, "comment."+string(action), fmt.Sprintf("comment %d", c.ID), fmt.Sprintf("article %d, %s -> %s, by %s", c.ArticleID, c.Status, mustStatus(action), c.DisplayName()))
	}
	http.Redirect(w, r, withFlash(back, "moderated"), http.StatusSeeOther)
	return nil
}

func mustStatus(a comment.Action) comment.Status {
	s, _ := a.Status()
	return s
}

// withFlash adds done=key to a newsroom address.
func withFlash(u, key string) string {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + "done=" + key
}

// CommentPage shows one comment to a moderator, to edit it or ban its writer.
type CommentPage struct {
	Page
	C       ModComment
	Body    string
	Banned  bool
	Actions []comment.Action
}

func (n *Newsroom) commentPage(r *http.Request, id int64) (CommentPage, error) {
	ctx := r.Context()
	c, err := n.Store.Comment(ctx, id)
	if err != nil {
		return CommentPage{}, err
	}
	tree, err := n.Articles.Tree(ctx)
	if err != nil {
		return CommentPage{}, err
	}
	banned, err := n.Store.Banned(ctx, c.UserID, c.Email)
	cp := CommentPage{Page: n.page(r, "Comment"), C: n.modComment(tree, c), Body: c.Body, Banned: banned, Actions: comment.Actions}
	cp.Nav = "comments"
	return cp, err
}

func (n *Newsroom) showComment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	cp, err := n.commentPage(r, id)
	if err != nil {
		return err
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/comment", cp)
}

func (n *Newsroom) editComment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, _ := currentUser(r)
	before, err := n.Comments.Edit(r.Context(), u, id, r.PostFormValue("body"))
	if v, ok := apperr.AsValidation(err); ok {
		cp, perr := n.commentPage(r, id)
		if perr != nil {
			return perr
		}
		cp.Body, cp.Errors = r.PostFormValue("body"), v.Fields
		_, cp.ErrorMsg = v.First()
		return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/comment", cp)
	}
	if err != nil {
		return err
	}
	n.audit(r, "comment.edit", fmt.Sprintf("comment %d", id), fmt.Sprintf("article %d, by %s", before.ArticleID, before.DisplayName()))
	http.Redirect(w, r, fmt.Sprintf("/newsroom/comments/%d?done=saved", id), http.StatusSeeOther)
	return nil
}

// banWriter bans the writer of a comment and, when asked, marks the comment
// as spam in the same step.
func (n *Newsroom) banWriter(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, _ := currentUser(r)
	c, err := n.Store.Comment(ctx, id)
	if err != nil {
		return err
	}
	b, err := n.Comments.BanWriter(ctx, u, c, r.PostFormValue("reason"))
	if v, ok := apperr.AsValidation(err); ok {
		cp, perr := n.commentPage(r, id)
		if perr != nil {
			return perr
		}
		_, cp.ErrorMsg = v.First()
		return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/comment", cp)
	}
	if err != nil {
		return err
	}
	n.audit(r, "comment.ban", b.Kind+" "+maskEmail(b.Kind, b.Value), fmt.Sprintf("from comment %d: %s", id, b.Reason))
	if r.PostFormValue("spam") == "1" && c.Status != comment.Spam {
		if _, err := n.Comments.Moderate(ctx, u, []int64{id}, comment.MarkSpam); err != nil {
			return err
		}
		n.audit(r, "comment.spam", fmt.Sprintf("comment %d", id), fmt.Sprintf("article %d, %s -> spam, by %s", c.ArticleID, c.Status, c.DisplayName()))
	}
	http.Redirect(w, r, fmt.Sprintf("/newsroom/comments/%d?done=banned", id), http.StatusSeeOther)
	return nil
}

// maskEmail keeps a banned address recognisable in the audit log without
// writing it out whole.
func maskEmail(kind, v string) string {
	if kind != comment.BanEmail {
		return v
	}
	local, domain, ok := strings.Cut(v, "@")
	if !ok || local == "" {
		return v
	}
	return local[:1] + "…@" + domain
}

// BansPage lists the bans.
type BansPage struct {
	Page
	Bans []comment.Ban
}

func (n *Newsroom) listBans(w http.ResponseWriter, r *http.Request) error {
	bs, err := n.Store.Bans(r.Context())
	if err != nil {
		return err
	}
	bp := BansPage{Page: n.page(r, "Banned from commenting"), Bans: bs}
	bp.Nav = "comments"
	return n.Render.Render(w, http.StatusOK, "newsroom/bans", bp)
}

func (n *Newsroom) deleteBan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := n.Store.DeleteBan(r.Context(), id); err != nil {
		return err
	}
	n.audit(r, "comment.unban", fmt.Sprintf("ban %d", id), "")
	http.Redirect(w, r, "/newsroom/comments/bans?done=deleted", http.StatusSeeOther)
	return nil
}

// setBreaking marks an article as breaking news, or ends it.
func (n *Newsroom) setBreaking(w http.ResponseWriter, r *http.Request) error {
	u, _ := currentUser(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st, err := n.Store.Settings(r.Context())
	if err != nil {
		return err
	}
	on := r.PostFormValue("breaking") == "1"
	a, err := n.Articles.SetBreaking(r.Context(), u, id, on, st.BreakingFor())
	if err != nil {
		return err
	}
	action := "article.breaking"
	if !on {
		action = "article.breaking-end"
	}
	n.audit(r, action, fmt.Sprintf("article %d", id), a.Headline)
	http.Redirect(w, r, fmt.Sprintf("/newsroom/articles/%d?done=saved", id), http.StatusSeeOther)
	return nil
}

// closeComments closes or reopens an article's comments.
func (n *Newsroom) closeComments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	closed := r.PostFormValue("closed") == "1"
	if err := n.Store.SetCommentsClosed(r.Context(), id, closed); err != nil {
		if errors.Is(err, apperr.NotFound) {
			return article.ErrNotFound
		}
		return err
	}
	action := "comments.open"
	if closed {
		action = "comments.close"
	}
	n.audit(r, action, fmt.Sprintf("article %d", id), "")
	http.Redirect(w, r, fmt.Sprintf("/newsroom/articles/%d?done=saved", id), http.StatusSeeOther)
	return nil
}
