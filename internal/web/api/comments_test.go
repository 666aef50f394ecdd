package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
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
		ID        int64  `json:"id"`
		ArticleID int64  `json:"article_id"`
		ParentID  *int64 `json:"parent_id"`
		Author    string `json:"author"`
		Body      string `json:"body"`
		BodyHTML  string `json:"body_html"`
		Status    string `json:"status"`
		Email     string `json:"email"`
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

// seedAt stores a comment created at a given time, for filters and cursors.
func seedAt(t *testing.T, e *webtest.Env, a *article.Article, status comment.Status, at time.Time) int64 {
	t.Helper()
	c := comment.Comment{ArticleID: a.ID, Name: "Guest", Email: "guest@example.com", Body: fmt.Sprintf("A %s comment at %d", status, at.UnixNano()),
		Status: status, CreatedAt: at}
	c.BodyHash = comment.Hash(c.Body)
	if err := e.App.Store.CreateComment(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func TestCommentListFilters(t *testing.T) {
	webtest.Engines(t, func(t *testing.T, e *webtest.Env) {
		a := e.Article(user.Editor, "Harbour reopens", article.Published)
		b := e.Article(user.Editor, "Ferry timetable changes", article.Published)
		base := time.Now().Add(-time.Hour)
		at := func(i int) time.Time { return base.Add(time.Duration(i) * time.Minute) }
		aPending := []int64{seedAt(t, e, a, comment.Pending, at(0)), seedAt(t, e, a, comment.Pending, at(1)), seedAt(t, e, a, comment.Pending, at(2))}
		aApproved := []int64{seedAt(t, e, a, comment.Approved, at(3)), seedAt(t, e, a, comment.Approved, at(4))}
		bPending := seedAt(t, e, b, comment.Pending, at(5))
		bApproved := seedAt(t, e, b, comment.Approved, at(6))
		bRejected := seedAt(t, e, b, comment.Rejected, at(7))
		all := slices.Concat(aPending, aApproved, []int64{bPending, bApproved, bRejected})

		for _, c := range []struct {
			query string
			ids   []int64 // the page, in any order
			total int
			more  bool // a next_cursor is given
		}{
			{"", append([]int64{bPending}, aPending...), 4, false},
			{"status=pending", append([]int64{bPending}, aPending...), 4, false},
			{"status=approved", append([]int64{bApproved}, aApproved...), 3, false},
			{"status=rejected", []int64{bRejected}, 1, false},
			{"status=spam", nil, 0, false},
			{"status=all", all, 8, false},
			{"article=" + itoa(b.ID), []int64{bPending}, 1, false},
			{"article=" + itoa(b.ID) + "&status=all", []int64{bPending, bApproved, bRejected}, 3, false},
			{"article=" + itoa(a.ID) + "&status=approved", aApproved, 2, false},
			{"article=999999&status=all", nil, 0, false},
			{"status=all&limit=2", []int64{bRejected, bApproved}, 8, true}, // newest first
			{"status=all&limit=8", all, 8, false},
			{"limit=200", append([]int64{bPending}, aPending...), 4, false},
		} {
			r := e.API("GET", "/api/v1/comments?"+c.query, user.Admin, "")
			if r.Status != 200 {
				t.Errorf("?%s: %d %s", c.query, r.Status, r.Body)
				continue
			}
			var l list
			webtest.DecodeJSON(t, r.Body, &l)
			var got []int64
			for _, x := range l.Comments {
				got = append(got, x.ID)
			}
			slices.Sort(got)
			wantIDs := slices.Sorted(slices.Values(c.ids))
			if !slices.Equal(got, wantIDs) || l.Total != c.total || (l.NextCursor != "") != c.more {
				t.Errorf("?%s: ids %v total %d cursor %q; want ids %v total %d more %v", c.query, got, l.Total, l.NextCursor, wantIDs, c.total, c.more)
			}
			if !strings.Contains(r.Body, `"comments": [`) {
				t.Errorf("?%s: comments is not a list: %s", c.query, r.Body)
			}
		}

		for _, bad := range []struct{ query, field string }{
			{"status=published", "status"}, {"status=", ""}, {"status=Pending", "status"},
			{"limit=-1", "limit"}, {"limit=ten", "limit"}, {"limit=201", "limit"},
			{"cursor=" + strings.Repeat("A", 80), "cursor"}, {"cursor=MTIzOjA", "cursor"}, // "123:0": no comment has id 0
			{"article=0", "article"}, {"article=-3", "article"},
		} {
			r := e.API("GET", "/api/v1/comments?"+bad.query, user.Editor, "")
			if bad.field == "" { // an empty status is the default
				if r.Status != 200 {
					t.Errorf("?%s: %d %s", bad.query, r.Status, r.Body)
				}
				continue
			}
			var body struct{ Error, Field string }
			webtest.DecodeJSON(t, r.Body, &body)
			if r.Status != 422 || body.Field != bad.field || body.Error == "" {
				t.Errorf("?%s: %d %+v; want 422 naming %s", bad.query, r.Status, body, bad.field)
			}
		}
	})
}

// Comments written in the same microsecond still page exactly once each: the
// cursor holds the id as well as the time.
func TestCommentCursorWithEqualTimes(t *testing.T) {
	webtest.Engines(t, func(t *testing.T, e *webtest.Env) {
		a := e.Article(user.Editor, "Harbour reopens", article.Published)
		at := time.Now().Truncate(time.Second)
		want := map[int64]bool{}
		for range 7 {
			want[seedAt(t, e, a, comment.Pending, at)] = true
		}
		seen := map[int64]bool{}
		path, pages := "/api/v1/comments?limit=2", 0
		for path != "" && pages < 10 {
			pages++
			r := e.API("GET", path, user.Editor, "")
			if r.Status != 200 {
				t.Fatalf("%s: %d %s", path, r.Status, r.Body)
			}
			var l list
			webtest.DecodeJSON(t, r.Body, &l)
			if l.Total != 7 {
				t.Errorf("%s: total %d", path, l.Total)
			}
			for _, c := range l.Comments {
				if seen[c.ID] || !want[c.ID] {
					t.Fatalf("comment %d seen twice or unexpected", c.ID)
				}
				seen[c.ID] = true
			}
			path = ""
			if l.NextCursor != "" {
				path = "/api/v1/comments?limit=2&cursor=" + l.NextCursor
			}
		}
		if len(seen) != 7 || pages != 4 {
			t.Fatalf("saw %d of 7 comments in %d pages", len(seen), pages)
		}
	})
}

// A PATCH that is refused changes nothing, even the part of it that was fine.
func TestCommentPatchAllOrNothing(t *testing.T) {
	webtest.Engines(t, func(t *testing.T, e *webtest.Env) {
		ctx := context.Background()
		a := e.Article(user.Editor, "Harbour reopens", article.Published)
		id := seed(t, e, a, 1, comment.Pending)[0]
		before, _ := e.App.Store.Comment(ctx, id)
		for _, c := range []struct{ body, field string }{
			{`{"body":"Rewritten by a moderator","status":"published"}`, "status"},
			{`{"body":"Rewritten by a moderator","colour":"red"}`, "colour"},
			{`{"body":"Rewritten by a moderator","status":7}`, "status"},
			{`{"body":"","status":"approved"}`, "body"},
		} {
			r := e.API("PATCH", "/api/v1/comments/"+itoa(id), user.Editor, c.body)
			var body struct{ Error, Field string }
			webtest.DecodeJSON(t, r.Body, &body)
			if r.Status != 422 || body.Field != c.field {
				t.Errorf("PATCH %s: %d %+v; want 422 naming %q", c.body, r.Status, body, c.field)
			}
			after, _ := e.App.Store.Comment(ctx, id)
			if after.Body != before.Body || after.Status != before.Status || !after.EditedAt.IsZero() {
				t.Errorf("PATCH %s was refused but changed the comment: %q %s", c.body, after.Body, after.Status)
			}
		}
		log, _ := e.App.Store.AuditLog(ctx, 20)
		for _, l := range log {
			if strings.HasPrefix(l.Action, "api.comment.") {
				t.Errorf("a refused PATCH left an audit entry %s", l.Action)
			}
		}
		// Status and body together, when both are good, do both.
		r := e.API("PATCH", "/api/v1/comments/"+itoa(id), user.Editor, `{"body":"Rewritten by a moderator","status":"approved"}`)
		if r.Status != 200 || !strings.Contains(r.Body, `"status": "approved"`) || !strings.Contains(r.Body, "Rewritten by a moderator") || !strings.Contains(r.Body, `"edited_at"`) {
			t.Fatalf("status and body: %d %s", r.Status, r.Body)
		}
		// A deleted comment's text is gone for good: it cannot be edited back.
		e.API("PATCH", "/api/v1/comments/"+itoa(id), user.Editor, `{"status":"deleted"}`)
		if r := e.API("PATCH", "/api/v1/comments/"+itoa(id), user.Editor, `{"body":"Back again"}`); r.Status != 422 {
			t.Errorf("editing a deleted comment: %d %s", r.Status, r.Body)
		}
		// Nor can it be shown again as an empty comment.
		for _, st := range []string{"approved", "rejected", "spam"} {
			if r := e.API("PATCH", "/api/v1/comments/"+itoa(id), user.Editor, `{"status":"`+st+`"}`); r.Status != 422 || !strings.Contains(r.Body, "stays deleted") {
				t.Errorf("a deleted comment set to %s: %d %s", st, r.Status, r.Body)
			}
		}
		if c, _ := e.App.Store.Comment(ctx, id); c.Body != "" || c.Email != "" || c.Status != comment.Deleted {
			t.Errorf("a deleted comment keeps %q <%s> (%s)", c.Body, c.Email, c.Status)
		}
	})
}

// The article's JSON carries its count of visible comments and whether they
// are closed; the count follows moderation.
func TestArticleCommentFields(t *testing.T) {
	webtest.Engines(t, func(t *testing.T, e *webtest.Env) {
		ctx := context.Background()
		a := e.Article(user.Editor, "Harbour reopens", article.Published)
		ids := seed(t, e, a, 3, comment.Pending)
		fields := func(path string) map[string]json.RawMessage {
			t.Helper()
			r := e.API("GET", path, "", "")
			if r.Status != 200 {
				t.Fatalf("%s: %d %s", path, r.Status, r.Body)
			}
			var m map[string]json.RawMessage
			webtest.DecodeJSON(t, r.Body, &m)
			if path == "/api/v1/articles" {
				var l struct{ Articles []map[string]json.RawMessage }
				webtest.DecodeJSON(t, r.Body, &l)
				if len(l.Articles) != 1 {
					t.Fatalf("%s: %d articles", path, len(l.Articles))
				}
				m = l.Articles[0]
			}
			return m
		}
		check := func(when, count, closed string) {
			t.Helper()
			for _, path := range []string{"/api/v1/articles/" + itoa(a.ID), "/api/v1/articles"} {
				m := fields(path)
				if string(m["comment_count"]) != count || string(m["comments_closed"]) != closed {
					t.Errorf("%s, %s: comment_count %s comments_closed %s; want %s %s", when, path, m["comment_count"], m["comments_closed"], count, closed)
				}
			}
		}
		check("pending comments only", "0", "false")
		for _, id := range ids {
			e.API("PATCH", "/api/v1/comments/"+itoa(id), user.Editor, `{"status":"approved"}`)
		}
		check("three approved", "3", "false")
		e.API("PATCH", "/api/v1/comments/"+itoa(ids[0]), user.Editor, `{"status":"deleted"}`)
		e.API("PATCH", "/api/v1/comments/"+itoa(ids[1]), user.Admin, `{"status":"spam"}`)
		check("one deleted, one spam", "1", "false")
		if err := e.App.Store.SetCommentsClosed(ctx, a.ID, true); err != nil {
			t.Fatal(err)
		}
		check("closed", "1", "true")
		var pub list
		webtest.DecodeJSON(t, e.API("GET", "/api/v1/articles/"+itoa(a.ID)+"/comments", "", "").Body, &pub)
		if pub.Total != 1 || len(pub.Comments) != 1 || pub.Comments[0].ID != ids[2] {
			t.Errorf("public comments after moderation: %+v", pub)
		}
	})
}

// The public list of an article's comments holds no moderation data at any
// depth of its JSON, and only published articles have one.
func TestPublicCommentsHoldNoModeration(t *testing.T) {
	webtest.Engines(t, func(t *testing.T, e *webtest.Env) {
		ctx := context.Background()
		a := e.Article(user.Editor, "Harbour reopens", article.Published)
		top := seedAt(t, e, a, comment.Approved, time.Now().Add(-time.Minute))
		reply := comment.Comment{ArticleID: a.ID, ParentID: top, Depth: 1, UserID: e.Users[user.Reader].ID, Name: "Reader", Email: e.Users[user.Reader].Email,
			Body: "A reader's reply", Status: comment.Approved, CreatedAt: time.Now()}
		reply.BodyHash = comment.Hash(reply.Body)
		if err := e.App.Store.CreateComment(ctx, &reply); err != nil {
			t.Fatal(err)
		}
		seedAt(t, e, a, comment.Pending, time.Now())
		seedAt(t, e, a, comment.Rejected, time.Now())

		for _, as := range []user.Role{"", user.Admin} { // a moderator's token shows nothing more here
			r := e.API("GET", "/api/v1/articles/"+itoa(a.ID)+"/comments", as, "")
			if r.Status != 200 {
				t.Fatalf("as %q: %d %s", as, r.Status, r.Body)
			}
			var doc any
			webtest.DecodeJSON(t, r.Body, &doc)
			for _, k := range keys(doc) {
				if k == "email" || k == "status" || k == "account_id" || k == "moderated_at" {
					t.Errorf("as %q: the public JSON has the key %q: %s", as, k, r.Body)
				}
			}
			var pub list
			webtest.DecodeJSON(t, r.Body, &pub)
			if pub.Total != 2 || len(pub.Comments) != 2 || pub.Comments[0].ID != top || pub.Comments[0].ParentID != nil ||
				pub.Comments[1].ID != reply.ID || pub.Comments[1].ParentID == nil || *pub.Comments[1].ParentID != top {
				t.Errorf("as %q: %+v", as, pub)
			}
		}
		for _, st := range []article.Status{article.Draft, article.Submitted, article.Scheduled, article.Unpublished} {
			x := e.Article(user.Editor, "Not public: "+string(st), st)
			if r := e.API("GET", "/api/v1/articles/"+itoa(x.ID)+"/comments", user.Admin, ""); r.Status != 404 {
				t.Errorf("a %s article's comments: %d", st, r.Status)
			}
		}
		for _, path := range []string{"/api/v1/articles/999999/comments", "/api/v1/articles/x/comments"} {
			if r := e.API("GET", path, "", ""); r.Status != 404 {
				t.Errorf("%s: %d", path, r.Status)
			}
		}
	})
}

// keys lists every object key anywhere in a decoded JSON document.
func keys(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, v := range x {
			out = append(append(out, k), keys(v)...)
		}
	case []any:
		for _, v := range x {
			out = append(out, keys(v)...)
		}
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// An article's public comments come a page at a time, oldest first, even
// when several share a time; while the site shows no comments, neither does
// the API.
func TestPublicCommentsPaged(t *testing.T) {
	webtest.Engines(t, func(t *testing.T, e *webtest.Env) {
		ctx := context.Background()
		a := e.Article(user.Editor, "Ferry timetable", article.Published)
		at := time.Now().Truncate(time.Second)
		var order []int64
		for i := range 5 {
			order = append(order, seedAt(t, e, a, comment.Approved, at.Add(time.Duration(i/2)*time.Second)))
		}
		seedAt(t, e, a, comment.Pending, at)
		var seen []int64
		path, pages := "/api/v1/articles/"+itoa(a.ID)+"/comments?limit=2", 0
		for path != "" && pages < 10 {
			pages++
			r := e.API("GET", path, "", "")
			if r.Status != 200 {
				t.Fatalf("%s: %d %s", path, r.Status, r.Body)
			}
			var l list
			webtest.DecodeJSON(t, r.Body, &l)
			if l.Total != 5 || len(l.Comments) > 2 {
				t.Fatalf("%s: total %d, %d on the page", path, l.Total, len(l.Comments))
			}
			for _, c := range l.Comments {
				seen = append(seen, c.ID)
			}
			path = ""
			if l.NextCursor != "" {
				path = "/api/v1/articles/" + itoa(a.ID) + "/comments?limit=2&cursor=" + l.NextCursor
			}
		}
		if !slices.Equal(seen, order) || pages != 3 {
			t.Fatalf("pages gave %v in %d pages; want %v in 3", seen, pages, order)
		}
		for _, q := range []string{"limit=0", "limit=201", "cursor=nonsense"} {
			if r := e.API("GET", "/api/v1/articles/"+itoa(a.ID)+"/comments?"+q, "", ""); r.Status != 422 {
				t.Errorf("?%s: %d", q, r.Status)
			}
		}

		st, err := e.App.Store.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st.Comments.Enabled = false
		if err := e.App.Store.SaveSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
		var off list
		webtest.DecodeJSON(t, e.API("GET", "/api/v1/articles/"+itoa(a.ID)+"/comments", "", "").Body, &off)
		if off.Total != 0 || len(off.Comments) != 0 {
			t.Fatalf("comments switched off, yet the API lists %+v", off)
		}
	})
}
