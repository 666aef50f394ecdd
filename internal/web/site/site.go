// Package site serves the reader-facing website: home, sections, articles, tags,
// authors, static pages, search and uploaded media, and what readers do there:
// accounts, sign-in (with a password or another provider) and comments.
// Public pages are a function of content and settings only (no per-reader
// state), so they can be cached; the personal parts (the account pages, the
// comment form's signed-in state) are separate, small and never cached. It
// reads through the small Store interface below and must not import store.
package site

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"broadsheet/internal/ad"

	"broadsheet/internal/alert"
	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/audit"
	"broadsheet/internal/author"
	"broadsheet/internal/comment"
	"broadsheet/internal/contact"
	"broadsheet/internal/media"
	"broadsheet/internal/oidc"
	"broadsheet/internal/page"
	"broadsheet/internal/reads"
	"broadsheet/internal/section"
	"broadsheet/internal/setting"
	"broadsheet/internal/tag"
	"broadsheet/internal/tally"
	"broadsheet/internal/throttle"
	"broadsheet/internal/tip"
	"broadsheet/internal/user"
	"broadsheet/internal/web/middleware"
	"broadsheet/internal/web/pagecache"
	"broadsheet/internal/web/render"
	"broadsheet/internal/web/session"
)

// Store is what the reader site reads.
type Store interface {
	// PicturesNamed gives the current variants of a story's pictures.
	PicturesNamed(ctx context.Context, names []string) (map[string]media.Picture, error)
	// ArticlePublished reports whether a story number is a published story.
	ArticlePublished(ctx context.Context, id int64) (bool, error)
	Settings(ctx context.Context) (setting.Settings, error)
	// RecentTags are the tags used most among the newest stories.
	RecentTags(ctx context.Context, stories, limit int) ([]tag.Tag, error)
	TagBySlug(ctx context.Context, slug string) (tag.Tag, error)
	AuthorBySlug(ctx context.Context, slug string) (author.Author, error)
	Authors(ctx context.Context) ([]author.Author, error)
	PageBySlug(ctx context.Context, slug string) (page.Page, error)
	Pages(ctx context.Context) ([]page.Page, error)
	SitemapArticles(ctx context.Context, from, to int64) ([]*article.Article, error)
	MaxArticleID(ctx context.Context) (int64, error)
	PublishedTaxonomy(ctx context.Context) (tags, authors []string, err error)
	ArticleBySlug(ctx context.Context, sectionID int64, slug string) (*article.Article, error)
	Redirect(ctx context.Context, path string) (articleID, sectionID int64, err error)

	// Accounts.
	session.Store
	User(ctx context.Context, id int64) (user.User, error)
	Users(ctx context.Context) ([]user.User, error)
	SetUserName(ctx context.Context, id int64, name string) error
	SetUserPassword(ctx context.Context, id int64, hash string) error
	SetUserEmail(ctx context.Context, id int64, email string) error
	CreateReader(ctx context.Context, u *user.User, provider, subject string) error
	DeleteUser(ctx context.Context, id int64, keepComments bool) error
	DeleteUserSessions(ctx context.Context, userID int64, keep string) error
	CreateUserToken(ctx context.Context, t user.Token) error
	UserToken(ctx context.Context, hash string, kind user.TokenKind, now time.Time) (user.Token, error)
	UseUserToken(ctx context.Context, hash string, kind user.TokenKind, now time.Time) (user.Token, error)
	UserByIdentity(ctx context.Context, provider, subject string) (user.User, error)
	LinkIdentity(ctx context.Context, provider, subject, email string, userID int64) error
	Identities(ctx context.Context, userID int64) ([]user.Identity, error)
	SetSessionAuth(ctx context.Context, hash string, at time.Time) error
	UnlinkIdentity(ctx context.Context, userID int64, provider string) error
	Providers(ctx context.Context) ([]setting.Provider, error)

	// Comments.
	ArticleComments(ctx context.Context, articleID int64) ([]comment.Comment, error)
	CountComments(ctx context.Context, f comment.Filter) (int, error)

	// News alerts.
	ConfirmAlerts(ctx context.Context, email string, c alert.Choices, at time.Time) (alert.Subscription, error)
	AlertSubscription(ctx context.Context, id int64) (alert.Subscription, error)
	AlertSubscriptionByEmail(ctx context.Context, email string) (alert.Subscription, error)
	SetAlertChoices(ctx context.Context, id int64, c alert.Choices) error
	UnsubscribeAlerts(ctx context.Context, id int64, at time.Time) error
	AlertRecipients(ctx context.Context, afterID int64, limit int) ([]alert.Subscription, error)
	SavePushSubscription(ctx context.Context, p *alert.PushSubscription) error
	DeletePushSubscription(ctx context.Context, id int64, endpoint string) error
	PushRecipients(ctx context.Context, afterID int64, limit int) ([]alert.PushSubscription, error)
	DigestRecipients(ctx context.Context, afterID int64, limit int) ([]alert.Subscription, error)
	BreakingNow(ctx context.Context, now time.Time, limit int) ([]*article.Article, error)
	ReleaseBreakingAlert(ctx context.Context, id int64) error

	// Messages from the Contact and Advertise forms.
	CreateContactMessage(ctx context.Context, m *contact.Message) error

	// News tips (the public half of the drop box).
	TipKeyring(ctx context.Context) (tip.Keyring, error)
	CreateTip(ctx context.Context, newsroom string, t *tip.Tip, m *tip.Message, files []tip.File) error
	TipByLookup(ctx context.Context, lookup string) (tip.Tip, error)
	TipMessages(ctx context.Context, tipID int64) ([]tip.Message, error)
	TipFiles(ctx context.Context, tipID int64) ([]tip.File, error)
	AddTipMessage(ctx context.Context, m *tip.Message, files []tip.File, at time.Time, newsroom string) error

	// EnqueueOnce puts work on the durable job queue once per key (mail).
	EnqueueOnce(ctx context.Context, kind, key string, payload any, runAt time.Time) (bool, error)
	EnqueueOncePriority(ctx context.Context, kind, key string, payload any, runAt time.Time, priority int) (bool, error)
	Audit(ctx context.Context, e audit.Entry) error
}

// Site holds what the reader handlers need.
type Site struct {
	Store    Store
	Articles *article.Service
	Comments *comment.Service
	Sessions *session.Manager
	Limiter  *throttle.Limiter
	OIDC     *oidc.Client
	// Providers are the sign-in providers the server's configuration sets;
	// the newsroom's settings may add more.
	Providers []setting.Provider
	// FormKey signs comment forms' timestamps and hashes readers' addresses.
	FormKey []byte
	Render  *render.Renderer
	Media   media.Store
	Tips    TipBox
	// Ads are the advertisements the slots choose from; AdCounts adds up
	// their impressions and clicks (both may be nil: no ads).
	Ads      *ad.Book
	AdCounts *ad.Counter
	// Reads adds up the readers' reads until they are saved; Board keeps
	// the "Most read" rankings (both may be nil: nothing counted or shown).
	Reads *tally.Counter[reads.Key]
	Board *reads.Board
	// readLimit bounds the reads one address adds, in memory; readable
	// remembers which story numbers are published.
	readLimit throttle.Limiter
	readable  *publishedIDs
	// Cache keeps rendered reader pages (nil: every page is rendered).
	Cache *pagecache.Cache
	// Push is the browser alerts' setup (no key: browser alerts are off).
	Push    PushConfig
	BaseURL string
	Log     *slog.Logger
	Now     func() time.Time
}

// Page is what every reader page shows around its content.
type Page struct {
	Title       string
	Description string
	Canonical   string // absolute URL
	Settings    setting.Settings
	Loc         *time.Location
	Today       string
	Menu        []*section.Section
	Active      string // slug of the current top-level section
	IsHome      bool   // the home page: the menu lights "Home"
	OGImage     string
	OGType      string
	NoIndex     bool
	Year        int
	SearchQuery string
	Pages       []page.Page // static pages, linked from the footer
	// Breaking is the breaking-news bar's story, while there is one.
	Breaking *BreakingItem
	// Ads are the advertisement slots, on pages of content only.
	Ads Ads
	// Feeds are the feeds the page names in its head.
	Feeds []FeedLink
	// Meta is what the page tells search engines and social networks.
	Meta Meta
	// Account is the signed-in reader's name, on personal pages only (which
	// are never cached); public pages leave it empty and let the script ask.
	Account string

	tree *section.Tree // loaded once per request with the frame
}

// BreakingItem is the story the breaking-news bar shows.
type BreakingItem struct{ Headline, URL string }

// Routes adds the reader routes to mux.
func (s *Site) Routes(mux *http.ServeMux) {
	mux.Handle("GET /{$}", s.cached(s.showHome))
	s.searchRoutes(mux)
	s.feedRoutes(mux)
	s.sitemapRoutes(mux)
	mux.Handle("GET /tag/{slug}", s.cached(s.showTag))
	mux.Handle("GET /author/{slug}", s.cached(s.showAuthor))
	s.accountRoutes(mux)
	s.tipRoutes(mux)
	s.alertRoutes(mux)
	s.adRoutes(mux)
	s.pushRoutes(mux)
	s.readRoutes(mux)
	mux.Handle("POST /contact", s.personal(s.postContact(contact.Contact)))
	mux.Handle("POST /advertise", s.personal(s.postContact(contact.Advertise)))
	mux.Handle("POST /comments", s.personal(s.postComment))
	mux.Handle("GET /comments/new", s.personal(s.showCommentForm))
	mux.HandleFunc("GET /media/{name}", s.serveMedia)
	mux.Handle("GET /{path...}", s.cached(s.resolve))
}

// handler is a reader handler that returns its error.
type handler func(w http.ResponseWriter, r *http.Request) error

// wrap turns a handler's error into the right page, logging real failures once.
func (s *Site) wrap(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		if errors.Is(err, apperr.NotFound) {
			s.NotFound(w, r)
			return
		}
		if Quiet(r.URL.Path) {
			// The tips box: a failure is worth knowing of, not when it was.
			slog.New(middleware.DayOnly(s.Log.Handler())).Error("tips page failed", "err", err)
		} else {
			s.Log.Error("reader page", "id", middleware.RequestID(r), "path", r.URL.Path, "err", err)
		}
		s.Fail(w, r)
	})
}

// ErrorPage is the 404 and 500 page.
type ErrorPage struct {
	Page
	Status  int
	Heading string
	Text    string
	Latest  []*article.Article
}

// NotFound renders the 404 page in the site's design.
func (s *Site) NotFound(w http.ResponseWriter, r *http.Request) {
	p, err := s.page(r.Context(), r, "Page not found")
	if err != nil {
		http.Error(w, "Page not found", http.StatusNotFound)
		return
	}
	p.NoIndex = true
	latest, _ := s.Articles.List(r.Context(), p.tree, article.Filter{Statuses: []article.Status{article.Published}, Limit: 5}) // the page is useful without them
	if err := s.Render.Render(w, http.StatusNotFound, "site/error", ErrorPage{Page: p, Status: 404, Heading: "We couldn't find that page",
		Text: "The page may have moved or never existed. Try the search, or read the latest news below.", Latest: latest}); err != nil {
		s.Log.Error("render 404", "err", err)
	}
}

// Fail renders the 500 page; if even that fails, a plain message.
func (s *Site) Fail(w http.ResponseWriter, r *http.Request) {
	p, err := s.page(r.Context(), r, "Something went wrong")
	if err == nil {
		p.NoIndex = true
		err = s.Render.Render(w, http.StatusInternalServerError, "site/error", ErrorPage{Page: p, Status: 500,
			Heading: "Something went wrong", Text: "We could not show this page just now. Please try again in a moment."})
	}
	if err != nil {
		http.Error(w, "Something went wrong. Please try again in a moment.", http.StatusInternalServerError)
	}
}

func (s *Site) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// page builds the frame of a page.
func (s *Site) page(ctx context.Context, r *http.Request, title string) (Page, error) {
	st, err := s.Store.Settings(ctx)
	if err != nil {
		return Page{}, err
	}
	tree, err := s.Articles.Tree(ctx)
	if err != nil {
		return Page{}, err
	}
	loc := st.Location()
	now := s.now().In(loc)
	pages, err := s.Store.Pages(ctx)
	if err != nil {
		return Page{}, err
	}
	pagecache.Until(ctx, nextMidnight(now, loc)) // the masthead's date
	p := Page{Title: title, Settings: st, Loc: loc, Today: now.Format("Monday, January 2, 2006"), Menu: tree.Roots,
		Canonical: s.BaseURL + r.URL.Path, Year: now.Year(), OGType: "website",
		Description: st.Tagline, Pages: pages, tree: tree, Feeds: feedLinks("", "", st.SiteName)}
	breaking, err := s.Store.BreakingNow(ctx, now, 1)
	if err != nil {
		return Page{}, err
	}
	for _, a := range breaking {
		if a.Section = tree.ByID[a.SectionID]; a.URL() != "" {
			p.Breaking = &BreakingItem{Headline: a.Headline, URL: a.URL()}
			pagecache.Until(ctx, a.BreakingUntil) // the bar goes
			showing(ctx, a)
		}
	}
	return p, nil
}

// Pagination links the neighbouring pages of a list. Pages are named by a
// cursor (the last or first story shown), not by a number, so a page's address
// keeps showing the same stories when new ones are published.
type Pagination struct {
	Newer, Older string
}

const perPage = 20

var published = []article.Status{article.Published}
