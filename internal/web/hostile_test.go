package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"broadsheet/internal/article"
	"broadsheet/internal/media"
	"broadsheet/internal/user"
)

// payloads are typed into every field; none may ever reach a page as markup.
var payloads = []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(2)>`, `javascript:alert(3)`, `'><svg onload=alert(4)>`}

var activeMarkup = regexp.MustCompile(`(?i)<script>alert|<img src=x onerror|<svg onload|href="javascript:`)

func TestHostileInputNeverExecutes(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		p := strings.Join(payloads, " ")
		// Site settings and a static page, through the newsroom forms.
		r := e.Post("/newsroom/settings", user.Admin, url.Values{"site_name": {"Daily " + p[:60]}, "tagline": {p}, "time_zone": {"UTC"},
			"social_x": {"javascript:alert(5)"}}, "")
		if r.Status != 422 || !strings.Contains(r.Body, "Use an address starting with") {
			t.Fatalf("settings with a javascript: link: %d", r.Status)
		}
		r = e.Post("/newsroom/settings", user.Admin, url.Values{"site_name": {"Daily " + p[:60]}, "tagline": {p}, "time_zone": {"UTC"}}, "")
		if r.Status != 303 {
			t.Fatalf("settings: %d %.300s", r.Status, r.Body)
		}
		// House ads in every place, their texts the payloads; a javascript: link is refused.
		ad := url.Values{"kind": {"house"}, "name": {"Ad " + p[:60]}, "text": {p}, "placements": {"header", "sidebar", "article", "list"},
			"weight": {"1"}, "link": {"javascript:alert(5)"}}
		if r := e.Post("/newsroom/ads/new", user.Editor, ad, ""); r.Status != 422 || !strings.Contains(r.Body, "Use an address starting with") {
			t.Fatalf("ad with a javascript: link: %d", r.Status)
		}
		ad.Set("link", "/about")
		if r := e.Post("/newsroom/ads/new", user.Editor, ad, ""); r.Status != 303 {
			t.Fatalf("ad: %d %.300s", r.Status, r.Body)
		}
		if r := e.Post("/newsroom/pages/new", user.Editor, url.Values{"title": {"About " + p}, "slug": {"about"}, "body_html": {"<p>" + p + "</p>" + p}}, ""); r.Status != 303 {
			t.Fatalf("page: %d %.300s", r.Status, r.Body)
		}
		if r := e.Post("/newsroom/authors/new", user.Editor, url.Values{"name": {"Reporter " + payloads[1]}, "slug": {"reporter"}, "bio": {p}}, ""); r.Status != 303 {
			t.Fatalf("author: %d %.300s", r.Status, r.Body)
		}
		if r := e.Post("/newsroom/authors/new", user.Editor, url.Values{"name": {"Linker"}, "links": {"javascript:alert(6)"}}, ""); r.Status != 422 {
			t.Fatalf("author with a javascript: link: %d", r.Status)
		}
		body := map[string]any{"headline": "Storm " + p, "standfirst": p, "section": "news/world", "credit": p[:90],
			"body_html": "<p>" + p + `<a href="javascript:alert(7)">x</a><img src="/media/x.jpg" alt="A storm" onerror="alert(8)"></p><iframe src="javascript:alert(9)"></iframe>`,
			"tags":      payloads, "authors": []string{"reporter"}, "correction": p, "status": "published"}
		b, _ := json.Marshal(body)
		r = e.API("POST", "/api/v1/articles", user.Editor, string(b))
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		var a struct {
			URL string `json:"url"`
		}
		decodeJSON(t, r.Body, &a)
		tags, _ := e.App.Store.Tags(context.Background())
		pages := []string{"/", "/news", "/news/world", a.URL, "/about", "/author/reporter", "/search?q=" + url.QueryEscape(p), "/nope",
			"/ads/slot/header", "/ads/slot/list?s=1"}
		for _, tg := range tags {
			pages = append(pages, tg.URL())
		}
		for _, path := range pages {
			r := e.Get(path, "")
			if r.Status != 200 && path != "/nope" {
				t.Fatalf("%s: %d", path, r.Status)
			}
			if m := activeMarkup.FindString(r.Body); m != "" {
				t.Fatalf("%s shows active markup %q", path, m)
			}
		}
		for _, path := range []string{"/newsroom", "/newsroom/articles", "/newsroom/tags", "/newsroom/authors", "/newsroom/pages", "/newsroom/settings", "/newsroom/audit", "/newsroom/ads", "/newsroom/ads/1"} {
			r := e.Get(path, user.Admin)
			if r.Status != 200 {
				t.Fatalf("%s: %d", path, r.Status)
			}
			if m := activeMarkup.FindString(r.Body); m != "" {
				t.Fatalf("%s shows active markup %q", path, m)
			}
		}
	})
}

func multipartBody(t *testing.T, field, name string, data []byte, extra map[string]string) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range extra {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func TestUploadsKeepOnlyPixels(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		img := image.NewRGBA(image.Rect(0, 0, 1200, 700))
		for y := 0; y < 700; y++ {
			for x := 0; x < 1200; x++ {
				img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
			}
		}
		var pngData bytes.Buffer
		png.Encode(&pngData, img)
		// A picture with a script appended after its data, as web shells do.
		polyglot := append(pngData.Bytes(), []byte("<?php system($_GET['c']); ?><script>alert(1)</script>")...)
		upload := func(data []byte, name string) resp {
			body, ct := multipartBody(t, "file", name, data, map[string]string{"alt": "A gradient"})
			req, _ := http.NewRequest("POST", e.Srv.URL+"/newsroom/media/upload", body)
			req.Header.Set("Content-Type", ct)
			req.Header.Set("X-CSRF-Token", e.CSRF[user.Contributor])
			req.Header.Set("Accept", "application/json")
			req.AddCookie(&http.Cookie{Name: "bs_session", Value: e.Cookies[user.Contributor]})
			return e.Do(req)
		}
		for _, bad := range []struct{ name, data string }{
			{"shell.php", "<?php system($_GET['c']); ?>"},
			{"page.html", "<html><script>alert(1)</script></html>"},
			{"empty.png", ""},
			{"fake.jpg", "\xff\xd8\xff\xe0 not really a jpeg"},
		} {
			r := upload([]byte(bad.data), bad.name)
			if r.Status != 422 || !strings.Contains(r.Body, `"field":"file"`) {
				t.Fatalf("%s: %d %s", bad.name, r.Status, r.Body)
			}
		}
		r := upload(polyglot, "photo.png.php")
		if r.Status != 201 {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		var m struct {
			ID    int64  `json:"id"`
			URL   string `json:"url"`
			Width int    `json:"width"`
		}
		decodeJSON(t, r.Body, &m)
		if !regexp.MustCompile(`^/media/[0-9a-f]{24}\.png$`).MatchString(m.URL) || m.Width != 1200 {
			t.Fatalf("stored as %q, width %d", m.URL, m.Width)
		}
		got := e.Get(m.URL, "")
		if got.Status != 200 || got.Header.Get("Content-Type") != "image/png" || got.Header.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(got.Header.Get("Content-Security-Policy"), "sandbox") {
			t.Fatalf("serving: %d %v", got.Status, got.Header)
		}
		if strings.Contains(got.Body, "<?php") || strings.Contains(got.Body, "<script") {
			t.Fatal("the appended script survived the upload")
		}
		row, err := e.App.Store.Media(context.Background(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		variant := row.Picture().Variant(640, "webp")
		early := e.Get(variant, "")
		if early.Status != 200 || strings.Contains(early.Header.Get("Cache-Control"), "immutable") || early.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("variant before the job: %d %q %q", early.Status, early.Header.Get("Cache-Control"), early.Header.Get("Content-Type"))
		}
		if !e.App.Worker.RunOnce(context.Background()) {
			t.Fatal("no variants job was queued")
		}
		late := e.Get(variant, "")
		if late.Status != 200 || len(late.Body) >= len(early.Body) || late.Header.Get("Content-Type") != "image/webp" ||
			late.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.HasPrefix(late.Body, "RIFF") {
			t.Fatalf("variant after the job: %d, %d bytes (original %d), %v", late.Status, len(late.Body), len(early.Body), late.Header)
		}
		if strings.Contains(late.Body, "<?php") || strings.Contains(late.Body, "<script") {
			t.Fatal("the appended script survived into a variant")
		}
		for _, path := range []string{"/media/originals/" + strings.TrimPrefix(m.URL, "/media/"), "/media/originals%2f" + strings.TrimPrefix(m.URL, "/media/")} {
			if r := e.Get(path, ""); r.Status != 404 {
				t.Fatalf("the private original answers at %s: %d", path, r.Status)
			}
		}
		for _, path := range []string{"/media/..%2fbroadsheet.db", "/media/.upload-x", "/media/" + strings.Repeat("a", 100) + ".png"} {
			if r := e.Get(path, ""); r.Status != 404 {
				t.Fatalf("%s: %d", path, r.Status)
			}
		}
		// A reader cannot upload; a cross-site form post is refused before any handler.
		req, _ := http.NewRequest("POST", e.Srv.URL+"/newsroom/media/upload", strings.NewReader(""))
		if r := e.Do(req); r.Status != 401 {
			t.Fatalf("anonymous upload: %d", r.Status)
		}
		req, _ = http.NewRequest("POST", e.Srv.URL+"/newsroom/articles", strings.NewReader("csrf="+e.CSRF[user.Admin]))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.AddCookie(&http.Cookie{Name: "bs_session", Value: e.Cookies[user.Admin]})
		if r := e.Do(req); r.Status != 403 {
			t.Fatalf("cross-site post: %d", r.Status)
		}
		// A picture in the body needs its description before publishing (a
		// draft may wait for it).
		noAlt := fmt.Sprintf(`{"headline":"Pictured later","section":"news/world","status":"%%s","body_html":"<figure><img src=\"%s\" alt=\"\"></figure>"}`, m.URL)
		if r := e.API("POST", "/api/v1/articles", user.Editor, fmt.Sprintf(noAlt, "published")); r.Status != 422 || !strings.Contains(r.Body, "no description") {
			t.Fatalf("published a body picture without a description: %d %s", r.Status, r.Body)
		}
		if r := e.API("POST", "/api/v1/articles", user.Editor, fmt.Sprintf(noAlt, "draft")); r.Status != 201 {
			t.Fatalf("a draft with a picture to describe later: %d %s", r.Status, r.Body)
		}
		// A picture placed in a body gets its size and variants on the reader page.
		body := fmt.Sprintf(`{"headline":"Pictured","section":"news/world","status":"published","body_html":"<figure><img src=\"%s\" alt=\"Gradient\" data-media-id=\"%d\"><figcaption>Cap</figcaption></figure>"}`, m.URL, m.ID)
		r = e.API("POST", "/api/v1/articles", user.Editor, body)
		if r.Status != 201 {
			t.Fatalf("article with a picture: %d %s", r.Status, r.Body)
		}
		page := e.Get("/news/world/pictured", "")
		stem := strings.TrimSuffix(row.Name, ".png") + "-" + row.Version
		for _, want := range []string{`width="1200" height="700"`, `<source type="image/webp" srcset="/media/` + stem + `-w320.webp 320w`,
			stem + "-w1200.png 1200w", `loading="lazy"`, `sizes="(min-width: 48rem) 42rem, 100vw"`} {
			if !strings.Contains(page.Body, want) {
				t.Fatalf("body picture lacks %s", want)
			}
		}
	})
}

func TestLoginIsRateLimited(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		var last resp
		for range 9 {
			last = e.Post("/newsroom/login", "", url.Values{"email": {"admin@example.com"}, "password": {"guess"}}, "-")
		}
		if last.Status != 429 {
			t.Fatalf("after 9 failures: %d", last.Status)
		}
		// Even the right password waits now.
		r := e.Post("/newsroom/login", "", url.Values{"email": {"admin@example.com"}, "password": {"correct horse battery"}}, "-")
		if r.Status != 429 {
			t.Fatalf("right password during the lock: %d", r.Status)
		}
	})
}

// One member of staff uploads at most 100 pictures an hour and stores at
// most the quota; what is refused says why, beside the file field.
func TestUploadLimits(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		var tiny bytes.Buffer
		png.Encode(&tiny, image.NewGray(image.Rect(0, 0, 2, 2)))
		upload := func(as user.Role) resp {
			body, ct := multipartBody(t, "file", "dot.png", tiny.Bytes(), nil)
			req, _ := http.NewRequest("POST", e.Srv.URL+"/newsroom/media/upload", body)
			req.Header.Set("Content-Type", ct)
			req.Header.Set("X-CSRF-Token", e.CSRF[as])
			req.AddCookie(&http.Cookie{Name: "bs_session", Value: e.Cookies[as]})
			return e.Do(req)
		}
		if r := upload(user.Reader); r.Status != 403 {
			t.Fatalf("a reader's upload: %d", r.Status)
		}
		for i := 0; i < 100; i++ {
			if r := upload(user.Author); r.Status != 201 {
				t.Fatalf("upload %d: %d %s", i+1, r.Status, r.Body)
			}
		}
		if r := upload(user.Author); r.Status != 422 || !strings.Contains(r.Body, "Too many uploads") || !strings.Contains(r.Body, `"field":"file"`) {
			t.Fatalf("upload 101: %d %s", r.Status, r.Body)
		}
		if r := upload(user.Editor); r.Status != 201 { // another person's count is their own
			t.Fatalf("another's upload: %d %s", r.Status, r.Body)
		}
		big := media.Media{Name: "0123456789abcdef01234567.jpg", Original: "archive.jpg", MIME: "image/jpeg", Width: 1, Height: 1,
			Size: 2 << 30, UploadedBy: e.Users[user.Contributor].ID}
		if err := e.App.Store.SaveMedia(context.Background(), &big); err != nil {
			t.Fatal(err)
		}
		if r := upload(user.Contributor); r.Status != 422 || !strings.Contains(r.Body, "the most one person may store") {
			t.Fatalf("over the quota: %d %s", r.Status, r.Body)
		}
	})
}

// The picture library: search by caption, credit, description or file
// name; each picture's page lists where it is used; its uploader or an
// editor edits its details; deleting is refused while it is used, and
// removes every file once it is not.
func TestPictureLibrary(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		var pngData bytes.Buffer
		png.Encode(&pngData, image.NewRGBA(image.Rect(0, 0, 900, 500)))
		upload := func(as user.Role, name string, extra map[string]string) int64 {
			body, ct := multipartBody(t, "file", name, pngData.Bytes(), extra)
			req, _ := http.NewRequest("POST", e.Srv.URL+"/newsroom/media/upload", body)
			req.Header.Set("Content-Type", ct)
			req.Header.Set("X-CSRF-Token", e.CSRF[as])
			req.AddCookie(&http.Cookie{Name: "bs_session", Value: e.Cookies[as]})
			r := e.Do(req)
			var m struct{ ID int64 }
			decodeJSON(t, r.Body, &m)
			return m.ID
		}
		ferry := upload(user.Author, "ferry.png", map[string]string{"alt": "A ferry", "caption": "The new ferry", "credit": "Ada Photo / AFP"})
		market := upload(user.Contributor, "market_50%.png", map[string]string{"alt": "Stalls"})
		e.RunJobs()
		search := func(q string) string { return e.Get("/newsroom/media?"+q, user.Editor).Body }
		if b := search("q=AFP"); !strings.Contains(b, fmt.Sprintf(`/newsroom/media/%d"`, ferry)) || strings.Contains(b, fmt.Sprintf(`/newsroom/media/%d"`, market)) {
			t.Error("search by credit")
		}
		if b := search("q=50%25"); !strings.Contains(b, fmt.Sprintf(`/newsroom/media/%d"`, market)) || strings.Contains(b, fmt.Sprintf(`/newsroom/media/%d"`, ferry)) {
			t.Error("search by file name with a % in it")
		}
		if b := e.Get("/newsroom/media?mine=1", user.Contributor).Body; strings.Contains(b, fmt.Sprintf(`/newsroom/media/%d"`, ferry)) {
			t.Error("only mine shows another's picture")
		}
		// Used as a story's main picture: listed, and not deletable.
		m, _ := e.App.Store.Media(ctx, ferry)
		a := e.Article(user.Editor, "Ferry returns", article.Draft)
		in := article.FromArticle(a)
		in.HeroMediaID, in.HeroAlt = ferry, "A ferry"
		if _, err := e.App.Articles.Update(ctx, e.Users[user.Admin], a.ID, in, false); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/newsroom/media/%d", ferry)
		if b := e.Get(page, user.Author).Body; !strings.Contains(b, "main picture of") || !strings.Contains(b, "Ferry returns") {
			t.Error("the page does not list the story using it")
		}
		if r := e.Post(page+"/delete", user.Author, nil, ""); r.Status != 409 || !strings.Contains(r.Body, "still used") {
			t.Errorf("deleting a picture in use: %d", r.Status)
		}
		// Its uploader edits its details; another writer may not.
		if r := e.Post(page, user.Contributor, url.Values{"alt": {"Not mine"}}, ""); r.Status != 403 {
			t.Errorf("another writer edited it: %d", r.Status)
		}
		if r := e.Post(page, user.Author, url.Values{"alt": {"  The ferry at dawn \x00"}, "caption": {"Back in service"}, "credit": {"Ada Photo"}}, ""); r.Status != 303 {
			t.Fatalf("edit: %d", r.Status)
		}
		if got, _ := e.App.Store.Media(ctx, ferry); got.Alt != "The ferry at dawn" || got.Caption != "Back in service" {
			t.Errorf("edited to %+v", got)
		}
		// While a story shows it, only an editor changes what it shows: its
		// file or its focal point.
		replace := func(as user.Role, data []byte) resp {
			body, ct := multipartBody(t, "file", "ferry-2.png", data, map[string]string{"csrf": e.CSRF[as]})
			req, _ := http.NewRequest("POST", e.Srv.URL+page+"/replace", body)
			req.Header.Set("Content-Type", ct)
			req.AddCookie(&http.Cookie{Name: "bs_session", Value: e.Cookies[as]})
			return e.Do(req)
		}
		var wide bytes.Buffer
		png.Encode(&wide, image.NewGray(image.Rect(0, 0, 700, 300)))
		if r := replace(user.Author, wide.Bytes()); r.Status != 403 || !strings.Contains(r.Body, "only an editor") {
			t.Errorf("the uploader replaced a picture a story shows: %d", r.Status)
		}
		if r := e.Post(page, user.Author, url.Values{"alt": {"The ferry at dawn"}, "focal_x": {"10"}, "focal_y": {"10"}}, ""); r.Status != 403 {
			t.Errorf("the uploader moved the focal point of a picture a story shows: %d", r.Status)
		}
		before, _ := e.App.Store.Media(ctx, ferry)
		if r := replace(user.Editor, []byte("<?php system($_GET['c']); ?>")); r.Status != 422 || !strings.Contains(r.Body, "the one before is kept") {
			t.Errorf("a replacement that is not a picture: %d", r.Status)
		}
		if r := replace(user.Editor, wide.Bytes()); r.Status != 303 {
			t.Fatalf("an editor's replacement: %d %.300s", r.Status, r.Body)
		}
		after, _ := e.App.Store.Media(ctx, ferry)
		if after.Name != before.Name || after.Width != 700 || after.Version == before.Version || after.Hash == before.Hash {
			t.Fatalf("after the replacement: %+v", after)
		}
		if cfg, _, err := image.DecodeConfig(strings.NewReader(e.Get(after.URL(), "").Body)); err != nil || cfg.Width != 700 {
			t.Errorf("the lasting address serves %d wide (%v)", cfg.Width, err)
		}
		e.RunJobs()
		if r := e.Get(before.Picture().Variant(320, "webp"), ""); r.Status != 200 || strings.Contains(r.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("an old page's variant: %d %q", r.Status, r.Header.Get("Cache-Control")) // the lasting rendition stands in
		}
		if r := e.Get(after.Picture().Variant(320, "webp"), ""); r.Status != 200 || !strings.Contains(r.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("the new variant: %d %q", r.Status, r.Header.Get("Cache-Control"))
		}
		// Not used any more: deleted with every file.
		in.HeroMediaID = 0
		if _, err := e.App.Articles.Update(ctx, e.Users[user.Admin], a.ID, in, false); err != nil {
			t.Fatal(err)
		}
		if r := e.Post(page+"/delete", user.Author, nil, ""); r.Status != 303 {
			t.Fatalf("delete: %d", r.Status)
		}
		if _, err := e.App.Store.Media(ctx, ferry); err == nil {
			t.Error("the row stayed")
		}
		stem := strings.TrimSuffix(m.Name, ".png")
		var left []string
		if err := e.App.Media.Files.List(ctx, "", func(in media.Info) error {
			if strings.Contains(in.Key, stem) {
				left = append(left, in.Key)
			}
			return nil
		}); err != nil || len(left) != 0 {
			t.Errorf("files left: %v %v", left, err)
		}
		if r := e.Get(m.URL(), ""); r.Status != 404 {
			t.Errorf("the deleted picture still answers %d", r.Status)
		}
	})
}

// A PDF is kept as uploaded under a random name and only ever served as a
// download with its exact type; it is never offered as a story's picture;
// a page posing as a PDF stays a download; HTML named .pdf is refused.
func TestDocumentsAreDownloads(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		upload := func(name, data string) resp {
			body, ct := multipartBody(t, "file", name, []byte(data), nil)
			req, _ := http.NewRequest("POST", e.Srv.URL+"/newsroom/media/upload", body)
			req.Header.Set("Content-Type", ct)
			req.Header.Set("X-CSRF-Token", e.CSRF[user.Editor])
			req.AddCookie(&http.Cookie{Name: "bs_session", Value: e.Cookies[user.Editor]})
			return e.Do(req)
		}
		if r := upload("report.pdf", "<html><script>alert(1)</script></html>"); r.Status != 422 || !strings.Contains(r.Body, "nor a PDF document") {
			t.Fatalf("HTML named .pdf: %d %s", r.Status, r.Body)
		}
		r := upload("budget report.pdf", "%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF")
		if r.Status != 201 {
			t.Fatalf("a PDF: %d %s", r.Status, r.Body)
		}
		var m struct {
			ID  int64  `json:"id"`
			URL string `json:"url"`
		}
		decodeJSON(t, r.Body, &m)
		if !regexp.MustCompile(`^/media/[0-9a-f]{24}\.pdf$`).MatchString(m.URL) {
			t.Fatalf("stored as %q", m.URL)
		}
		got := e.Get(m.URL, "")
		if got.Status != 200 || got.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(got.Header.Get("Content-Disposition"), "attachment") ||
			got.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(got.Header.Get("Content-Security-Policy"), "sandbox") {
			t.Fatalf("served as %d %v", got.Status, got.Header)
		}
		e.RunJobs() // no variants for a document, and no failure
		if list, _ := e.App.Store.MediaList(ctx, 60, 0); len(list) != 0 {
			t.Errorf("a document is offered as a picture: %v", list)
		}
		if b := e.Get("/newsroom/media", user.Editor).Body; !strings.Contains(b, "budget report.pdf") {
			t.Error("the library does not list the document")
		}
		if b := e.Get("/newsroom/media?kind=pictures", user.Editor).Body; strings.Contains(b, "budget report.pdf") {
			t.Error("the pictures filter lists the document")
		}
		if b := e.Get("/newsroom/media?kind=documents&q=budget", user.Editor).Body; !strings.Contains(b, "budget report.pdf") {
			t.Error("the documents filter misses the document")
		}
		a := e.Article(user.Editor, "Budget", article.Draft)
		in := article.FromArticle(a)
		in.HeroMediaID, in.HeroAlt = m.ID, "x"
		if _, err := e.App.Articles.Update(ctx, e.Users[user.Admin], a.ID, in, false); err == nil {
			t.Error("a document became a story's main picture")
		}
	})
}
