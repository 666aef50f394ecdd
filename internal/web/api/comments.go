package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/audit"
	"broadsheet/internal/comment"
	"broadsheet/internal/richtext"
	"broadsheet/internal/user"
)

// Comment is a comment's JSON. Moderation fields (status, email, moderated
// ones) appear only for moderators; an email is never public.
type Comment struct {
	ID          int64   `json:"id"`
	ArticleID   int64   `json:"article_id"`
	ParentID    *int64  `json:"parent_id"`
	Author      string  `json:"author"`
	Staff       bool    `json:"staff"`
	Body        string  `json:"body"`
	BodyHTML    string  `json:"body_html"`
	CreatedAt   string  `json:"created_at"`
	EditedAt    *string `json:"edited_at,omitempty"`
	Status      string  `json:"status,omitempty"`
	Email       string  `json:"email,omitempty"`
	Account     *int64  `json:"account_id,omitempty"`
	ModeratedAt *string `json:"moderated_at,omitempty"`
	Removed     bool    `json:"removed,omitempty"`
}

func commentJSON(c comment.Comment, moderator bool) Comment {
	out := Comment{ID: c.ID, ArticleID: c.ArticleID, Author: c.DisplayName(), Staff: c.Staff, Body: c.Body,
		BodyHTML: string(richtext.Render(c.Doc(), richtext.Options{UGC: true})), CreatedAt: c.CreatedAt.UTC().Format(time.RFC3339),
		EditedAt: rfc(c.EditedAt)}
	if c.ParentID != 0 {
		out.ParentID = &c.ParentID
	}
	if moderator {
		out.Status, out.Email, out.ModeratedAt = string(c.Status), c.Email, rfc(c.ModeratedAt)
		if c.UserID != 0 {
			out.Account = &c.UserID
		}
	}
	return out
}

// CommentList is a list response.
type CommentList struct {
	Comments   []Comment `json:"comments"`
	Total      int       `json:"total"`
	NextCursor string    `json:"next_cursor,omitempty"`
}

// moderator returns the token's user if it may moderate comments.
func (a *API) moderator(r *http.Request) (user.User, error) {
	u, err := a.caller(r, true)
	if err != nil {
		return u, err
	}
	if !u.Can(user.ModerateComments) {
		return u, apperr.Forbidden
	}
	return u, nil
}

// listComments is GET /api/v1/comments: the moderation queue, for editors
// and admins. Filters: status (default pending; "all" for every one),
// article, limit and cursor.
func (a *API) listComments(w http.ResponseWriter, r *http.Request) error {
	if _, err := a.moderator(r); err != nil {
		return err
	}
	q := r.URL.Query()
	f := comment.Filter{Status: comment.Pending, Limit: 50}
	if s := q.Get("status"); s == "all" {
		f.Status = ""
	} else if s != "" {
		if f.Status = comment.Status(s); !f.Status.Valid() {
			return apperr.FieldError("status", "status must be one of pending, approved, rejected, spam, deleted or all")
		}
	}
	if s := q.Get("article"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return apperr.FieldError("article", "article must be an article's id")
		}
		f.ArticleID = id
	}
	var err error
	if f.Limit, f.BeforeTime, f.BeforeID, err = paging(q, f.Limit, 200); err != nil {
		return err
	}
	want := f.Limit
	f.Limit++
	cs, err := a.Store.Comments(r.Context(), f)
	if err != nil {
		return err
	}
	total, err := a.Store.CountComments(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, commentPage(cs, want, total, true))
	return nil
}

// commentPage is a list's first limit comments of cs, with the cursor of the
// next page when cs has more.
func commentPage(cs []comment.Comment, limit, total int, moderation bool) CommentList {
	out := CommentList{Comments: []Comment{}, Total: total}
	if len(cs) > limit {
		cs = cs[:limit]
		last := cs[len(cs)-1]
		out.NextCursor = article.CursorAt(last.CreatedAt, last.ID)
	}
	for _, c := range cs {
		out.Comments = append(out.Comments, commentJSON(c, moderation))
	}
	return out
}

// CommentPatch is the body of PATCH /api/v1/comments/{id}.
type CommentPatch struct {
	Status *string `json:"status"`
	Body   *string `json:"body"`
}

// updateComment moderates one comment: a new status (approved, rejected,
// spam or deleted) and/or a corrected text.
func (a *API) updateComment(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, err := a.moderator(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return comment.ErrNotFound
	}
	var in CommentPatch
	if err := decodeInto(r, &in); err != nil {
		return err
	}
	if in.Status == nil && in.Body == nil {
		return apperr.FieldError("", "give a status or a body")
	}
	// The status is checked before anything is changed: a refused request
	// must not leave its body edit behind.
	var action comment.Action
	if in.Status != nil {
		var ok bool
		if action, ok = map[string]comment.Action{"approved": comment.Approve, "rejected": comment.Reject, "spam": comment.MarkSpam, "deleted": comment.Delete}[*in.Status]; !ok {
			return apperr.FieldError("status", `status must be "approved", "rejected", "spam" or "deleted"`)
		}
	}
	c, err := a.Store.Comment(ctx, id)
	if err != nil {
		return err
	}
	if c.Status == comment.Deleted && in.Status != nil && action != comment.Delete {
		return apperr.FieldError("status", "this comment was deleted and its text is gone: a deleted comment stays deleted")
	}
	if in.Body != nil {
		before, err := a.Comments.Edit(ctx, u, id, *in.Body)
		if err != nil {
			return err
		}
		a.auditComment(r, u, "api.comment.edit", before, "")
	}
	if in.Status != nil {
		if _, err := a.Comments.Moderate(ctx, u, []int64{id}, action); err != nil {
			return err
		}
		a.auditComment(r, u, "api.comment."+string(action), c, string(c.Status)+" -> "+*in.Status)
	}
	if c, err = a.Store.Comment(ctx, id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, commentJSON(c, true))
	return nil
}

// articleComments is GET /api/v1/articles/{id}/comments: a published
// article's approved comments, oldest first, for anyone, a page at a time
// (limit, default 100, and cursor). While the site shows no comments, it
// lists none either.
func (a *API) articleComments(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return article.ErrNotFound
	}
	limit, after, afterID, err := paging(r.URL.Query(), 100, 200)
	if err != nil {
		return err
	}
	x, err := a.Store.Article(ctx, id)
	if err != nil {
		return err
	}
	if x.Status != article.Published {
		return article.ErrNotFound
	}
	st, err := a.Store.Settings(ctx)
	if err != nil {
		return err
	}
	if !st.Comments.Enabled {
		writeJSON(w, http.StatusOK, CommentList{Comments: []Comment{}})
		return nil
	}
	// One more than a page tells whether another follows; the article's
	// count is its approved comments, kept exact with every change.
	shown, err := a.Store.Comments(ctx, comment.Filter{Status: comment.Approved, ArticleID: id, Limit: limit + 1,
		OldestFirst: true, AfterTime: after, AfterID: afterID})
	if err != nil {
		return err
	}
	total := x.Comments
	writeJSON(w, http.StatusOK, commentPage(shown, limit, total, false))
	return nil
}

func (a *API) auditComment(r *http.Request, u user.User, action string, c comment.Comment, detail string) {
	if err := a.Store.Audit(r.Context(), audit.Entry{UserID: u.ID, Action: action, Target: fmt.Sprintf("comment %d", c.ID),
		Detail: strings.TrimSpace(fmt.Sprintf("article %d %s", c.ArticleID, detail)), IP: r.RemoteAddr}); err != nil {
		a.Log.Error("audit", "err", err)
	}
}
