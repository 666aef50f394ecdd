package site

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/comment"
	"broadsheet/internal/richtext"
	"broadsheet/internal/setting"
	"broadsheet/internal/user"
	"broadsheet/internal/web/session"
)

// Comments is an article's comment area: its threads and its form.
type Comments struct {
	Enabled  bool
	Count    int
	Threads  []*CommentView // this page's threads
	Closed   string         // why no comment can be added now; "" when open
	Form     CommentForm
	MaxDepth int
	// Pages of threads, so that a story with thousands of comments stays a
	// page a phone can load.
	Page, Pages int
	Prev, Next  string // addresses of the neighbouring pages of threads
}

// threadsPerPage is how many threads (a comment and its replies) one page of
// an article shows.
const threadsPerPage = 50

// CommentView is a comment as a page shows it.
type CommentView struct {
	ID        int64
	ArticleID int64
	Loc       *time.Location
	Name      string
	Staff     bool
	Body      template.HTML
	At        time.Time
	Edited    bool
	Removed   bool
	CanReply  bool
	Replies   []*CommentView
}

// CommentForm is the "Leave a Reply" form.
type CommentForm struct {
	ArticleID  int64
	ArticleURL string
	ParentID   int64
	Parent     *CommentView // shown above the form on the reply page
	Name       string
	Email      string
	Body       string
	Token      string // when the form was shown, signed
	CSRF       string // on personal pages only
	Guests     bool   // people without an account may comment
	Reader     string // the signed-in account's name, on personal pages only
	Held       bool   // the last comment sent waits for a moderator
	OwnPage    bool   // on a page of its own, which has the heading
	Errors     map[string]string
	ErrorMsg   string
}

// threadsOf loads an article's comment threads in the site's order.
func (s *Site) threadsOf(ctx context.Context, a *article.Article, st setting.Settings) ([]*comment.Node, error) {
	list, err := s.Store.ArticleComments(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	return comment.Thread(list, st.Comments.Order == "newest"), nil
}

// pageOf returns the page of threads that holds a comment (1 if none does).
func pageOf(threads []*comment.Node, id int64) int {
	var holds func(n *comment.Node) bool
	holds = func(n *comment.Node) bool {
		if n.ID == id {
			return true
		}
		for _, r := range n.Replies {
			if holds(r) {
				return true
			}
		}
		return false
	}
	for i, n := range threads {
		if holds(n) {
			return i/threadsPerPage + 1
		}
	}
	return 1
}

// commentsOf builds an article's comment area for page page (1 is first).
func (s *Site) commentsOf(ctx context.Context, a *article.Article, st setting.Settings, page int) (Comments, error) {
	loc := st.Location()
	c := Comments{Enabled: st.Comments.Enabled, Count: a.Comments, MaxDepth: st.Comments.MaxDepth}
	if !c.Enabled {
		return c, nil
	}
	c.Closed = comment.ClosedReason(commentArticle(a), st.Comments, s.now())
	threads, err := s.threadsOf(ctx, a, st)
	if err != nil {
		return c, err
	}
	c.Pages = max(1, (len(threads)+threadsPerPage-1)/threadsPerPage)
	if page < 1 || page > c.Pages {
		return c, article.ErrNotFound
	}
	c.Page = page
	threads = threads[(page-1)*threadsPerPage : min(len(threads), page*threadsPerPage)]
	if page > 1 {
		c.Prev = a.URL() + "?cpage=" + strconv.Itoa(page-1) + "#comments"
		if page == 2 {
			c.Prev = a.URL() + "#comments"
		}
	}
	if page < c.Pages {
		c.Next = a.URL() + "?cpage=" + strconv.Itoa(page+1) + "#comments"
	}
	open := c.Closed == ""
	var view func(ns []*comment.Node) []*CommentView
	view = func(ns []*comment.Node) []*CommentView {
		var out []*CommentView
		for _, n := range ns {
			v := &CommentView{ID: n.ID, ArticleID: a.ID, Loc: loc, Name: n.DisplayName(), Staff: n.Staff, At: n.CreatedAt, Edited: !n.EditedAt.IsZero(),
				Removed: n.Removed, CanReply: open && !n.Removed && n.Depth+1 < c.MaxDepth, Replies: view(n.Replies)}
			if !n.Removed {
				v.Body = richtext.Render(n.Doc(), richtext.Options{UGC: true})
			}
			out = append(out, v)
		}
		return out
	}
	c.Threads = view(threads)
	c.Form = CommentForm{ArticleID: a.ID, ArticleURL: a.URL(), Guests: st.Comments.Guests, Token: comment.FormToken(s.FormKey, a.ID, s.now())}
	return c, nil
}

func commentArticle(a *article.Article) comment.Article {
	return comment.Article{ID: a.ID, Public: a.Status == article.Published && a.Section != nil, PublishedAt: a.PublishedAt, Closed: a.CommentsClosed}
}

// CommentPage is the comment form on a page of its own: for replying without
// the script, for a signed-in reader without it, and for showing a refused
// comment again with what was typed.
type CommentPage struct {
	Page
	Article *article.Article
	Form    CommentForm
	Closed  string
}

// showCommentForm is the reply page (/comments/new?article=ID&reply=ID).
func (s *Site) showCommentForm(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	a, err := s.commentTarget(r.Context(), q.Get("article"))
	if err != nil {
		return err
	}
	f := CommentForm{ArticleID: a.ID}
	if id, err := strconv.ParseInt(q.Get("reply"), 10, 64); err == nil && id > 0 {
		f.ParentID = id
	}
	return s.commentPage(w, r, http.StatusOK, a, f)
}

func (s *Site) commentTarget(ctx context.Context, idText string) (*article.Article, error) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return nil, article.ErrNotFound
	}
	tree, err := s.Articles.Tree(ctx)
	if err != nil {
		return nil, err
	}
	a, err := s.Articles.Get(ctx, tree, id)
	if err != nil {
		return nil, err
	}
	if a.Status != article.Published || a.Section == nil {
		return nil, article.ErrNotFound
	}
	return a, nil
}

// commentPage renders the form page for f, personalised for whoever is signed in.
func (s *Site) commentPage(w http.ResponseWriter, r *http.Request, status int, a *article.Article, f CommentForm) error {
	ctx := r.Context()
	p, err := s.page(ctx, r, "Leave a reply")
	if err != nil {
		return err
	}
	p.NoIndex = true
	cp := CommentPage{Page: p, Article: a}
	f.Guests, f.ArticleURL, f.OwnPage = p.Settings.Comments.Guests, a.URL(), true
	f.Token = comment.FormToken(s.FormKey, a.ID, s.now())
	cp.Closed = comment.ClosedReason(commentArticle(a), p.Settings.Comments, s.now())
	if ss, u, ok, err := s.reader(r); err != nil {
		return err
	} else if ok {
		f.Reader, f.CSRF, cp.Account = u.Name, ss.CSRF, u.Name
	}
	if f.ParentID != 0 {
		list, err := s.Store.ArticleComments(ctx, a.ID)
		if err != nil {
			return err
		}
		for _, c := range list {
			if c.ID == f.ParentID && c.Status == comment.Approved {
				f.Parent = &CommentView{ID: c.ID, ArticleID: a.ID, Loc: p.Loc, Name: c.DisplayName(), Staff: c.Staff, At: c.CreatedAt,
					Body: richtext.Render(c.Doc(), richtext.Options{UGC: true})}
			}
		}
		if f.Parent == nil {
			f.ParentID = 0
			if f.ErrorMsg == "" {
				f.ErrorMsg = "The comment you wanted to reply to is no longer shown. You can still comment on the article."
			}
		}
	}
	cp.Form = f
	return s.Render.Render(w, status, "site/comment", cp)
}

// postComment takes a comment from the form on an article page (or its own
// page). A signed-in reader's post must carry the session's CSRF token, which
// the page's script adds; without it the reader is shown the form once more,
// personalised, to send again.
func (s *Site) postComment(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := s.commentTarget(ctx, r.PostFormValue("article_id"))
	if err != nil {
		return err
	}
	f := CommentForm{ArticleID: a.ID, Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Body: r.PostFormValue("body")}
	if id, err := strconv.ParseInt(r.PostFormValue("parent_id"), 10, 64); err == nil && id > 0 {
		f.ParentID = id
	}
	ss, u, ok, err := s.reader(r)
	if err != nil {
		return err
	}
	if ok && !session.CSRFOK(r, ss) {
		f.ErrorMsg = "Check your comment, then send it."
		return s.commentPage(w, r, http.StatusOK, a, f)
	}
	if !ok {
		u = user.User{}
	}
	shown, valid := comment.ShownAt(s.FormKey, a.ID, r.PostFormValue("form_token"), s.now())
	if !valid {
		f.ErrorMsg = "This form was open for too long. Your comment is below: check it and send it again."
		return s.commentPage(w, r, http.StatusUnprocessableEntity, a, f)
	}
	st, err := s.Store.Settings(ctx)
	if err != nil {
		return err
	}
	c, err := s.Comments.Create(ctx, comment.Post{
		Input:    comment.Input{ArticleID: a.ID, ParentID: f.ParentID, Name: f.Name, Email: f.Email, Body: f.Body},
		Author:   u,
		Article:  commentArticle(a),
		Settings: st.Comments,
		IPHash:   s.addressHash(r),
		Honeypot: r.PostFormValue("website"),
		Shown:    shown,
	})
	if err != nil {
		status, msg, fields, ok := refusal(w, err)
		var ref *comment.Refusal
		if errors.As(err, &ref) {
			status, msg, ok = http.StatusUnprocessableEntity, ref.Reason, true
		}
		if !ok {
			if errors.Is(err, apperr.Unauthorized) {
				return s.notice(w, r, http.StatusForbidden, "This account is closed", "An administrator has closed this account.")
			}
			return err
		}
		f.ErrorMsg, f.Errors = msg, fields
		return s.commentPage(w, r, status, a, f)
	}
	if c.Status == comment.Approved {
		target := a.URL()
		if threads, err := s.threadsOf(ctx, a, st); err == nil {
			if p := pageOf(threads, c.ID); p > 1 {
				target += "?cpage=" + strconv.Itoa(p)
			}
		}
		http.Redirect(w, r, target+"#comment-"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
		return nil
	}
	if err := s.notifyModerators(ctx, a); err != nil {
		s.Log.Error("comment notice", "err", err) // the comment is saved; a missed notice is not the writer's problem
	}
	http.Redirect(w, r, a.URL()+"?comment=held#respond", http.StatusSeeOther)
	return nil
}

// addressHash is a keyed hash of the sender's address: enough to count a
// flood, useless for finding anyone.
func (s *Site) addressHash(r *http.Request) string {
	m := hmac.New(sha256.New, s.FormKey)
	m.Write([]byte("address\x00" + session.AddressKey(r)))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// notifyModerators mails the moderators who asked for it that a comment
// waits, at most once every ten minutes each.
func (s *Site) notifyModerators(ctx context.Context, a *article.Article) error {
	staff, err := s.Store.Users(ctx)
	if err != nil {
		return err
	}
	var count int
	bucket := strconv.FormatInt(s.now().Unix()/600, 10)
	for _, u := range staff {
		if !u.NotifyComments || !u.Can(user.ModerateComments) {
			continue
		}
		if count == 0 {
			if count, err = s.Store.CountComments(ctx, comment.Filter{Status: comment.Pending}); err != nil {
				return err
			}
		}
		err := s.sendMail(ctx, "moderation:"+strconv.FormatInt(u.ID, 10)+":"+bucket, u.Email, "moderation", Mail{Name: u.Name, Count: max(count, 1),
			Headline: a.Headline, Link: s.BaseURL + "/newsroom/comments?status=pending"})
		if err != nil {
			return err
		}
	}
	return nil
}

// heldNotice reports whether the page was asked to say that a comment waits.
func heldNotice(q url.Values) bool { return q.Get("comment") == "held" }
