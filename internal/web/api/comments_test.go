package api_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/comment"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

type list struct {
	Comments []struct {
		ID       int64  `json:"id"`
		ParentID *int64 `json:"parent_id"`
		Author   string `json:"author"`
		Body     string `json:"body"`
		BodyHTML string `json:"body_html"`
		Status   string `json:"status"`
		Email    string `json:"email"`
	} `json:"comments"`
	Total      int    `json:"total"`
	NextCursor string `json:"next_cursor"`
}

func seed(t *testing.T, e *webtest.Env, a *article.Article, n int, status comment.Status) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		c := comment.Comment{ArticleID: a.ID, Name: "Guest " + strconv.Itoa(i), Email: fmt.Sprintf("g%d@example.com", i),
			Body: fmt.Sprintf("Comment %d, see https://example.org/%d", i, i), Status: status, CreatedAt: time.Now().Add(time.Duration(i) * time.Second)}
		c.BodyHash = comment.Hash(c.Body)
		if err := e.App.Store.CreateComment(context.Background(), &c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	return ids
}

func TestCommentsAPI(t *testing.T) {
	webtest.Engines(t, func(t *testing.T, e *webtest.Env) {
		ctx := context.Background()
		a := e.Article(user.Editor, "Harbour reopens", article.Published)
		pending := seed(t, e, a, 7, comment.Pending)

		// Who may see the queue.
		for role, status := range map[user.Role]int{"": 401, user.Contributor: 403, user.Author: 403, user.Editor: 200, user.Admin: 200} {
			if r := e.API("GET", "/api/v1/comments", role, ""); r.Status != status {
				t.Errorf("GET /api/v1/comments as %q: %d, want %d", role, r.Status, status)
			}
		}
		var l list
		webtest.DecodeJSON(t, e.API("GET", "/api/v1/comments", user.Editor, "").Body, &l)
		if l.Total != 7 || len(l.Comments) != 7 || l.Comments[0].Status != "pending" || l.Comments[0].Email == "" {
			t.Fatalf("the queue: %+v", l)
		}
		// Paging returns every comment exactly once.
		seen := map[int64]bool{}
		path := "/api/v1/comments?status=all&limit=3"
		for path != "" {
			var page list
			r := e.API("GET", path, user.Editor, "")
			if r.Status != 200 {
				t.Fatalf("%s: %d %s", path, r.Status, r.Body)
			}
			webtest.DecodeJSON(t, r.Body, &page)
			for _, c := range page.Comments {
				if seen[c.ID] {
					t.Fatalf("comment %d on two pages", c.ID)
				}
				seen[c.ID] = true
			}
			path = ""
			if page.NextCursor != "" {
				path = "/api/v1/comments?status=all&limit=3&cursor=" + page.NextCursor
			}
		}
		if len(seen) != 7 {
			t.Fatalf("paging saw %d of 7 comments", len(seen))
		}
		for _, bad := range []struct{ query, field string }{{"status=published", "status"}, {"limit=0", "limit"}, {"limit=201", "limit"},
			{"cursor=nonsense", "cursor"}, {"article=x", "article"}} {
			r := e.API("GET", "/api/v1/comments?"+bad.query, user.Editor, "")
			if r.Status != 422 || !strings.Contains(r.Body, `"field": "`+bad.field+`"`) {
				t.Errorf("?%s: %d %s", bad.query, r.Status, r.Body)
			}
		}

		// Moderation through PATCH.
		patch := func(as user.Role, id int64, body string) webtest.Resp {
			return e.API("PATCH", "/api/v1/comments/"+strconv.FormatInt(id, 10), as, body)
		}
		if r := patch(user.Contributor, pending[0], `{"status":"approved"}`); r.Status != 403 {
			t.Errorf("a contributor moderated: %d", r.Status)
		}
		if r := patch("", pending[0], `{"status":"approved"}`); r.Status != 401 {
			t.Errorf("no token moderated: %d", r.Status)
		}
		r := patch(user.Editor, pending[0], `{"status":"approved"}`)
		if r.Status != 200 || !strings.Contains(r.Body, `"status": "approved"`) {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		var art struct {
			CommentCount   int  `json:"comment_count"`
			CommentsClosed bool `json:"comments_closed"`
		}
		webtest.DecodeJSON(t, e.API("GET", "/api/v1/articles/"+strconv.FormatInt(a.ID, 10), "", "").Body, &art)
		if art.CommentCount != 1 || art.CommentsClosed {
			t.Errorf("the article after approving: %+v", art)
		}
		for i, s := range []string{"rejected", "spam", "deleted"} {
			if r := patch(user.Admin, pending[i+1], `{"status":"`+s+`"}`); r.Status != 200 {
				t.Errorf("%s: %d %s", s, r.Status, r.Body)
			}
			if c, _ := e.App.Store.Comment(ctx, pending[i+1]); string(c.Status) != s {
				t.Errorf("status after %s: %s", s, c.Status)
			}
		}
		for _, c := range []struct {
			body   string
			status int
		}{{`{"status":"published"}`, 422}, {`{"colour":"red"}`, 422}, {`{}`, 422}, {`not json`, 422}, {`{"body":""}`, 422}} {
			if r := patch(user.Editor, pending[4], c.body); r.Status != c.status {
				t.Errorf("PATCH %s: %d %s", c.body, r.Status, r.Body)
			}
		}
		if r := patch(user.Editor, 999999, `{"status":"approved"}`); r.Status != 404 {
			t.Errorf("missing comment: %d", r.Status)
		}
		r = patch(user.Editor, pending[0], `{"body":"Edited: no phone numbers here."}`)
		if r.Status != 200 || !strings.Contains(r.Body, "Edited: no phone numbers") {
			t.Fatalf("edit: %d %s", r.Status, r.Body)
		}
		log, _ := e.App.Store.AuditLog(ctx, 20)
		found := map[string]bool{}
		for _, l := range log {
			found[l.Action] = true
		}
		for _, act := range []string{"api.comment.approve", "api.comment.reject", "api.comment.spam", "api.comment.delete", "api.comment.edit"} {
			if !found[act] {
				t.Errorf("no audit entry %s", act)
			}
		}

		// The public list: approved comments only, never an email or a status.
		reply := comment.Comment{ArticleID: a.ID, ParentID: pending[0], Depth: 1, Name: "Replier", Email: "rep@example.com", Body: "A reply",
			Status: comment.Approved, CreatedAt: time.Now().Add(time.Hour)}
		reply.BodyHash = comment.Hash(reply.Body)
		if err := e.App.Store.CreateComment(ctx, &reply); err != nil {
			t.Fatal(err)
		}
		r = e.API("GET", "/api/v1/articles/"+strconv.FormatInt(a.ID, 10)+"/comments", "", "")
		if r.Status != 200 || strings.Contains(r.Body, "@example.com") || strings.Contains(r.Body, `"status"`) || strings.Contains(r.Body, `"email"`) {
			t.Fatalf("public comments: %d %s", r.Status, r.Body)
		}
		var pub list
		webtest.DecodeJSON(t, r.Body, &pub)
		if pub.Total != 2 || len(pub.Comments) != 2 || pub.Comments[1].ParentID == nil || *pub.Comments[1].ParentID != pending[0] {
			t.Fatalf("public comments: %+v", pub)
		}
		draft := e.Article(user.Editor, "Not out yet", article.Draft)
		if r := e.API("GET", "/api/v1/articles/"+strconv.FormatInt(draft.ID, 10)+"/comments", "", ""); r.Status != 404 {
			t.Errorf("an unpublished article's comments: %d", r.Status)
		}
	})
}
