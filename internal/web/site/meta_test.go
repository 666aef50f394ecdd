package site_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	imgpng "image/png"
	"regexp"
	"strings"
	"testing"

	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/media"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

var ldBlock = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// JSON-LD and Open Graph: a story is a NewsArticle (headline, dates, authors
// as people with pages, the publisher) with its breadcrumb trail; the home
// page is a WebSite with a SearchAction; a hostile headline stays inside the
// JSON.
func TestStructuredData(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine)
		ctx := context.Background()
		au := author.Author{Slug: "amaka", Name: "Amaka Obi"}
		if err := e.App.Store.SaveAuthor(ctx, &au); err != nil {
			t.Fatal(err)
		}
		a := e.Article(user.Editor, `Dam opens </script><script>alert(1)</script>`, article.Published)
		url := a.URL()
		pic := storedPicture(t, e, 1600, 1000, "dam.png")
		in := article.FromArticle(a)
		in.AuthorIDs, in.Standfirst, in.Correction = []int64{au.ID}, "Water levels rise.", "An earlier version gave the wrong river."
		in.HeroMediaID, in.HeroAlt = pic.ID, "The dam at dawn"
		if a, _ = e.App.Articles.Update(ctx, e.Users[user.Admin], a.ID, in, false); a == nil {
			t.Fatal("update")
		}
		page := e.Get(url, "").Body
		if strings.Contains(page, "<script>alert(1)") {
			t.Fatal("the headline broke out of the JSON-LD")
		}
		m := ldBlock.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no JSON-LD block:\n%.1500s", page)
		}
		var docs []map[string]any
		if err := json.Unmarshal([]byte(m[1]), &docs); err != nil || len(docs) != 2 {
			t.Fatalf("JSON-LD: %v %s", err, m[1])
		}
		news, crumbs := docs[0], docs[1]
		authors, _ := news["author"].([]any)
		first, _ := authors[0].(map[string]any)
		pub, _ := news["publisher"].(map[string]any)
		if news["@type"] != "NewsArticle" || news["headline"] != `Dam opens </script><script>alert(1)</script>` || news["datePublished"] == nil ||
			news["dateModified"] == nil || first["@type"] != "Person" || first["name"] != "Amaka Obi" || !strings.HasSuffix(first["url"].(string), "/author/amaka") ||
			pub["@type"] != "Organization" || news["mainEntityOfPage"] != e.Srv.URL+url || news["articleSection"] != "World" {
			t.Errorf("NewsArticle: %v", news)
		}
		images, _ := news["image"].([]any)
		if len(images) != 3 {
			t.Fatalf("images: %v", news["image"])
		}
		for i, ratio := range [][2]int{{16, 9}, {4, 3}, {1, 1}} {
			im, _ := images[i].(map[string]any)
			u, _ := im["url"].(string)
			w, _ := im["width"].(float64)
			h, _ := im["height"].(float64)
			if im["@type"] != "ImageObject" || int(w)*ratio[1] != int(h)*ratio[0] || w < 696 {
				t.Errorf("image %d: %v", i, im)
			}
			r := e.Get(strings.TrimPrefix(u, e.Srv.URL), "")
			cfg, _, err := image.DecodeConfig(strings.NewReader(r.Body))
			if r.Status != 200 || err != nil || cfg.Width != int(w) || cfg.Height != int(h) {
				t.Errorf("image %d at %s: %d %v %dx%d", i, u, r.Status, err, cfg.Width, cfg.Height)
			}
		}
		items, _ := crumbs["itemListElement"].([]any)
		if crumbs["@type"] != "BreadcrumbList" || len(items) != 4 { // Home, News, World, the story
			t.Errorf("breadcrumbs: %v", crumbs)
		}
		for _, tag := range []string{`<meta property="og:type" content="article">`, `<meta property="article:section" content="World">`,
			`<meta property="article:tag" content="Test topic">`, `<meta property="article:published_time"`, `<meta property="og:description" content="Water levels rise.">`,
			`<meta name="twitter:card" content="summary_large_image">`, `<meta property="og:image:width" content="1600">`, "An earlier version gave the wrong river."} {
			if !strings.Contains(page, tag) {
				t.Errorf("the story lacks %s", tag)
			}
		}
		home := ldBlock.FindStringSubmatch(e.Get("/", "").Body)
		var site map[string]any
		if home == nil || json.Unmarshal([]byte(home[1]), &site) != nil || site["@type"] != "WebSite" {
			t.Fatalf("home JSON-LD: %v", home)
		}
		action, _ := site["potentialAction"].(map[string]any)
		target, _ := action["target"].(map[string]any)
		if action["@type"] != "SearchAction" || target["urlTemplate"] != e.Srv.URL+"/search?q={search_term_string}" {
			t.Errorf("SearchAction: %v", site)
		}
	})
}

// An author's photo is shown as its square crop, 240 wide, around its focal
// point, not as the full picture.
func TestAuthorPhotoIsASquareCrop(t *testing.T) {
	e := webtest.New(t, false, "sqlite")
	ctx := context.Background()
	pic := storedPicture(t, e, 1800, 1200, "portrait.png")
	au := author.Author{Slug: "kemi", Name: "Kemi Ade", PhotoMediaID: pic.ID}
	if err := e.App.Store.SaveAuthor(ctx, &au); err != nil {
		t.Fatal(err)
	}
	page := e.Get("/author/kemi", "").Body
	m := regexp.MustCompile(`<img class="avatar" src="(/media/[0-9a-f]+-[0-9a-f]{12}-c1x1-w240\.png)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the author's page shows no square photo:\n%.2000s", page)
	}
	r := e.Get(m[1], "")
	cfg, _, err := image.DecodeConfig(strings.NewReader(r.Body))
	if r.Status != 200 || err != nil || cfg.Width != 240 || cfg.Height != 240 || !strings.Contains(r.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("the photo at %s: %d %v %dx%d %q", m[1], r.Status, err, cfg.Width, cfg.Height, r.Header.Get("Cache-Control"))
	}
}

// storedPicture uploads a blank PNG of w x h to the library, as the
// newsroom does, and makes its variants.
func storedPicture(t *testing.T, e *webtest.Env, w, h int, name string) media.Media {
	t.Helper()
	ctx := context.Background()
	var png bytes.Buffer
	if err := imgpng.Encode(&png, image.NewRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	pic, err := e.App.Media.Process(ctx, &png, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.App.Store.SaveMedia(ctx, &pic); err != nil {
		t.Fatal(err)
	}
	if pic, err = e.App.Media.MakeVariants(ctx, pic); err != nil {
		t.Fatal(err)
	}
	return pic
}
