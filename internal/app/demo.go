package app

import (
	"broadsheet/internal/ad"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"math/big"
	"runtime"
	"strings"
	"sync"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/comment"
	"broadsheet/internal/demo"
	"broadsheet/internal/media"
	"broadsheet/internal/page"
	"broadsheet/internal/reads"
	"broadsheet/internal/richtext"
	"broadsheet/internal/section"
	"broadsheet/internal/setting"
	"broadsheet/internal/user"
)

// DemoAdmin is the account the demo creates.
const DemoAdmin = "admin@example.com"

// SeedDemo fills an empty database with the demo newsroom and returns the
// admin's email and generated password. On a database that already has users
// or articles it does nothing and returns "" for both.
func (a *App) SeedDemo(ctx context.Context) (email, password string, err error) {
	if empty, err := a.Empty(ctx); err != nil || !empty {
		return "", "", err
	}
	info := demo.SiteInfo()
	st := setting.Settings{SiteName: info.Name, Tagline: info.Tagline, TimeZone: info.TimeZone,
		Social: setting.Social{WhatsApp: info.Social["whatsapp"], Facebook: info.Social["facebook"], Instagram: info.Social["instagram"],
			X: info.Social["x"], LinkedIn: info.Social["linkedin"], GoogleNews: info.Social["google_news"]},
		AdSlots: setting.DefaultAdSlots(),
		// Guests may comment; a commenter's first comment waits for a moderator.
		Comments: setting.Default().Comments, Tips: setting.Default().Tips,
		Inbox:         setting.Inbox{ContactEmail: "newsroom@example.com", AdvertiseEmail: "ads@example.com"},
		BreakingHours: setting.Default().BreakingHours, DigestHour: setting.Default().DigestHour}
	st.Comments.Guests = true
	if err := st.Validate(); err != nil {
		return "", "", fmt.Errorf("demo settings: %w", err)
	}
	if err := a.Store.SaveSettings(ctx, st); err != nil {
		return "", "", err
	}
	paths := map[string]int64{}
	var addSections func(ss []demo.Section, parent int64, prefix string) error
	addSections = func(ss []demo.Section, parent int64, prefix string) error {
		for i, s := range ss {
			id, err := a.Store.SaveSection(ctx, 0, section.Input{Name: s.Name, Slug: s.Slug, ParentID: parent, Position: i})
			if err != nil {
				return fmt.Errorf("demo section %s: %w", s.Slug, err)
			}
			paths[prefix+s.Slug] = id
			if err := addSections(s.Children, id, prefix+s.Slug+"/"); err != nil {
				return err
			}
		}
		return nil
	}
	if err := addSections(demo.Sections(), 0, ""); err != nil {
		return "", "", err
	}
	if err := a.seedAds(ctx, info.Name, paths["sports"]); err != nil {
		return "", "", err
	}
	authors := map[string]int64{}
	var firstAuthor int64
	for i, d := range demo.Authors() {
		m, err := a.Media.Save(ctx, demo.Portrait(int64(i+1), 256), false, d.Slug+".jpg")
		if err != nil {
			return "", "", err
		}
		m.Alt = "Portrait of " + d.Name
		if err := a.saveDemoMedia(ctx, &m); err != nil {
			return "", "", err
		}
		au := author.Author{Slug: d.Slug, Name: d.Name, Bio: d.Bio, Links: d.Links, PhotoMediaID: m.ID}
		if err := au.Validate(); err != nil {
			return "", "", fmt.Errorf("demo author %s: %w", d.Slug, err)
		}
		if err := a.Store.SaveAuthor(ctx, &au); err != nil {
			return "", "", err
		}
		authors[d.Slug] = au.ID
		if firstAuthor == 0 {
			firstAuthor = au.ID
		}
	}
	password, err = randomPassword(16)
	if err != nil {
		return "", "", err
	}
	hash, err := user.HashPassword(password)
	if err != nil {
		return "", "", err
	}
	admin := user.User{Email: DemoAdmin, Name: "Demo Admin", Role: user.Admin, PasswordHash: hash, AuthorID: firstAuthor}
	if err := a.Store.CreateFirstAdmin(ctx, &admin); err != nil {
		return "", "", err
	}
	for _, d := range demo.Pages() {
		p := page.Page{Slug: d.Slug, Title: d.Title, Body: richtext.FromHTML(d.BodyHTML)}
		if err := a.Store.SavePage(ctx, &p); err != nil {
			return "", "", fmt.Errorf("demo page %s: %w", d.Slug, err)
		}
	}
	now := time.Now().UTC().Truncate(time.Minute)
	pictures, err := a.demoPictures(demo.Articles())
	if err != nil {
		return "", "", err
	}
	siteSettings, err := a.Store.Settings(ctx)
	if err != nil {
		return "", "", err
	}
	readCounts := map[reads.Key]int64{}
	for i, d := range demo.Articles() {
		m := pictures[i]
		m.Alt, m.Caption, m.Credit, m.UploadedBy = d.HeroAlt, d.HeroCaption, d.HeroCredit, admin.ID
		if err := a.saveDemoMedia(ctx, &m); err != nil {
			return "", "", err
		}
		in := article.Input{Headline: d.Headline, Standfirst: d.Standfirst, SectionID: paths[d.Section], Body: richtext.FromHTML(d.BodyHTML),
			Credit: d.Credit, Tags: d.Tags, HeroMediaID: m.ID, HeroCaption: d.HeroCaption, HeroCredit: d.HeroCredit, HeroAlt: d.HeroAlt,
			Correction: d.Correction, Status: article.Published}
		for _, s := range d.Authors {
			in.AuthorIDs = append(in.AuthorIDs, authors[s])
		}
		if in.SectionID == 0 {
			return "", "", fmt.Errorf("demo article %q: unknown section %q", d.Headline, d.Section)
		}
		at := now.Add(-time.Duration(d.AgeHours) * time.Hour)
		slugIn := in
		x := &article.Article{CreatedBy: admin.ID, CreatedAt: at, UpdatedAt: at, PublishedAt: at}
		if err := a.Articles.Import(ctx, x, slugIn); err != nil {
			return "", "", fmt.Errorf("demo article %q: %w", d.Headline, err)
		}
		if err := a.demoComments(ctx, x.ID, at, demo.Comments()[d.Headline], 0, 0); err != nil {
			return "", "", err
		}
		demoReads(readCounts, x.ID, i, at, now)
	}
	if err := a.Store.AddReads(ctx, readCounts, siteSettings.Location()); err != nil {
		return "", "", err
	}
	return DemoAdmin, password, nil
}

// demoReads makes up readership for a demo story published at at: a
// story's readers come in the first hours and fade over days, and some
// stories (by their place in the list) draw many more than others.
func demoReads(into map[reads.Key]int64, id int64, i int, at, now time.Time) {
	appeal := float64(20 + (i*37)%90)
	for t := at.Truncate(time.Hour); !t.After(now) && now.Sub(t) < 7*24*time.Hour; t = t.Add(time.Hour) {
		age := t.Sub(at).Hours()
		views := int64(appeal * math.Exp(-age/18))
		if views > 0 {
			into[reads.KeyAt(id, t)] += views
		}
	}
}

// demoComments stores an article's demo comments and their replies, as
// guests' comments, approved unless held.
func (a *App) demoComments(ctx context.Context, articleID int64, published time.Time, cs []demo.Comment, parent int64, depth int) error {
	for i, d := range cs {
		at := published.Add(time.Duration(d.Minutes) * time.Minute)
		if at.After(time.Now()) {
			at = time.Now().Add(-time.Duration(len(cs)-i) * time.Minute)
		}
		c := comment.Comment{ArticleID: articleID, ParentID: parent, Depth: depth, Name: d.Name, Email: demoEmail(d.Name),
			Body: comment.CleanBody(d.Body), Status: comment.Approved, CreatedAt: at}
		if d.Held {
			c.Status = comment.Pending
		}
		c.BodyHash = comment.Hash(c.Body)
		if err := a.Store.CreateComment(ctx, &c); err != nil {
			return fmt.Errorf("demo comment by %s: %w", d.Name, err)
		}
		if err := a.demoComments(ctx, articleID, published, d.Replies, c.ID, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// demoEmail gives a demo commenter an address on the reserved example.com.
func demoEmail(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String() + "@example.com"
}

// saveDemoMedia records a demo picture and queues its variants, which the
// worker makes in the background once the site is up.
func (a *App) saveDemoMedia(ctx context.Context, m *media.Media) error {
	if err := a.Store.SaveMedia(ctx, m); err != nil {
		return err
	}
	return a.Store.Enqueue(ctx, media.JobVariants, media.VariantsPayload{Name: m.Name}, time.Time{})
}

// demoPictures draws and encodes the articles' pictures on every core (it is
// most of the demo's start-up time), each a scene that fits its description.
func (a *App) demoPictures(articles []demo.Article) ([]media.Media, error) {
	n := len(articles)
	out := make([]media.Media, n)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = a.Media.Save(context.Background(), demo.PictureFor(articles[i].HeroAlt, int64(i*7919+13), 1600, 900), false, "demo.jpg")
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, errors.Join(errs...)
}

func randomPassword(n int) (string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	var b strings.Builder
	for range n {
		i, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			return "", err
		}
		b.WriteByte(alphabet[i.Int64()])
	}
	return b.String(), nil
}

// seedAds makes the demo's house ads: one for each place, and one that only
// the Sports pages show.
func (a *App) seedAds(ctx context.Context, site string, sports int64) error {
	ads := []ad.Ad{
		{Name: "Advertise with us (header)", Placements: []ad.Placement{ad.Header}, Text: "Reach readers every morning: advertise with " + site, Link: "/advertise"},
		{Name: "In-story placements", Placements: []ad.Placement{ad.InArticle}, Text: "Your message here. Ask about our in-story placements.", Link: "/advertise"},
		{Name: "Support independent journalism", Placements: []ad.Placement{ad.Sidebar}, Text: "Support independent journalism: advertise with us", Link: "/advertise"},
		{Name: "News alerts", Placements: []ad.Placement{ad.InList, ad.Sidebar}, Text: "Breaking news in your inbox: get news alerts", Link: "/alerts"},
		{Name: "Sports desk tips", Placements: []ad.Placement{ad.Sidebar, ad.InArticle}, Text: "Seen something at the ground? Send the sports desk a tip", Link: "/tips",
			Sections: []int64{sports}, Weight: 2},
	}
	for _, x := range ads {
		x.Kind, x.UpdatedAt = ad.House, time.Now()
		if x.Weight == 0 {
			x.Weight = 1
		}
		if err := x.Validate(); err != nil {
			return fmt.Errorf("demo ad %q: %w", x.Name, err)
		}
		if err := a.Store.SaveAd(ctx, &x); err != nil {
			return err
		}
	}
	a.Ads.Invalidate()
	return nil
}

// Empty reports whether the database has neither staff nor articles: a new
// site, which the demo may fill.
func (a *App) Empty(ctx context.Context) (bool, error) {
	users, err := a.Store.CountStaff(ctx)
	if err != nil {
		return false, err
	}
	arts, err := a.Store.CountArticles(ctx, article.Filter{})
	return err == nil && users == 0 && arts == 0, err
}
