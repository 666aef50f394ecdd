// Package newsroom serves the back office under /newsroom: sign-in, the article
// editor and workflow, media, sections, tags, authors, pages, settings, users and
// the audit log. Every action checks the signed-in user's role on the server and
// is recorded in the audit log. Handlers stay thin: rules live in the domain.
package newsroom

import (
	"broadsheet/internal/ad"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"broadsheet/internal/alert"
	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/audit"
	"broadsheet/internal/author"
	"broadsheet/internal/comment"
	"broadsheet/internal/contact"
	"broadsheet/internal/media"
	"broadsheet/internal/page"
	"broadsheet/internal/reads"
	"broadsheet/internal/section"
	"broadsheet/internal/setting"
	"broadsheet/internal/tag"
	"broadsheet/internal/tip"
	"broadsheet/internal/user"
	"broadsheet/internal/web/middleware"
	"broadsheet/internal/web/render"
	"broadsheet/internal/web/session"
	"broadsheet/internal/web/site"
)

// Store is what the newsroom reads and writes beyond the article service.
type Store interface {
	Settings(ctx context.Context) (setting.Settings, error)
	// ReadStats are a story's reads from two hours and a day on, in all,
	// and by day from a day on.
	ReadStats(ctx context.Context, id, h24, h7d int64, d30, since string) (reads.Stats, []reads.Day, error)
	// SearchMedia, MediaUploaders, MediaUses, UpdateMediaDetails,
	// UpdateMediaFile and DeleteMedia serve the library.
	SearchMedia(ctx context.Context, f media.Filter, limit, offset int) ([]media.Media, error)
	MediaUploaders(ctx context.Context) ([]media.Uploader, error)
	UpdateMediaDetails(ctx context.Context, m media.Media, beforeHash string) (bool, error)
	ReplaceMediaFile(ctx context.Context, before, after media.Media) (bool, error)
	MediaUses(ctx context.Context, m media.Media) ([]media.Use, error)
	DeleteMedia(ctx context.Context, id int64) error
	// MediaBytesBy is how many bytes of pictures a user has uploaded.
	MediaBytesBy(ctx context.Context, userID int64) (int64, error)
	// ArticleByDraftKey finds the article a new-article page stored under
	// its key; SetDraftKey records it.
	ArticleByDraftKey(ctx context.Context, userID int64, key string) (int64, error)
	SetDraftKey(ctx context.Context, id int64, key string) error
	// OpenReturns are the notes still open on a story; ReturnsTo those on a
	// user's stories.
	OpenReturns(ctx context.Context, id int64) ([]article.Return, error)
	ReturnsTo(ctx context.Context, userID int64) ([]article.Return, error)
	// ReadTotals are stories' reads from a day on, by story.
	ReadTotals(ctx context.Context, ids []int64, since string) (map[int64]int64, error)
	SaveSettings(ctx context.Context, st setting.Settings) error

	CountStaff(ctx context.Context) (int, error)
	User(ctx context.Context, id int64) (user.User, error)
	UserByEmail(ctx context.Context, email string) (user.User, error)
	Users(ctx context.Context) ([]user.User, error)
	CreateUser(ctx context.Context, u *user.User) error
	CreateFirstAdmin(ctx context.Context, u *user.User) error
	UpdateUser(ctx context.Context, u user.User) error
	SetUserNotify(ctx context.Context, id int64, notify bool) error
	Readers(ctx context.Context, q string, limit, offset int) ([]user.User, error)
	Providers(ctx context.Context) ([]setting.Provider, error)
	SaveProviders(ctx context.Context, ps []setting.Provider) error

	Comments(ctx context.Context, f comment.Filter) ([]comment.Comment, error)
	CountComments(ctx context.Context, f comment.Filter) (int, error)
	Comment(ctx context.Context, id int64) (comment.Comment, error)
	Banned(ctx context.Context, userID int64, email string) (bool, error)
	Bans(ctx context.Context) ([]comment.Ban, error)
	DeleteBan(ctx context.Context, id int64) error
	SetCommentsClosed(ctx context.Context, articleID int64, closed bool) error

	CountArticles(ctx context.Context, f article.Filter) (int, error)
	ArticleBySlug(ctx context.Context, sectionID int64, slug string) (*article.Article, error)
	Revisions(ctx context.Context, articleID int64) ([]article.Revision, error)
	Revision(ctx context.Context, id int64) (article.Revision, error)
	DeleteArticle(ctx context.Context, id int64) error

	SaveSection(ctx context.Context, id int64, in section.Input) (int64, error)
	DeleteSection(ctx context.Context, id int64) error
	AddSectionRedirects(ctx context.Context, sectionPaths, articlePaths map[int64]string) error
	Tags(ctx context.Context) ([]tag.Tag, error)
	RenameTag(ctx context.Context, id int64, name string) (int64, error)
	DeleteTag(ctx context.Context, id int64) error
	Authors(ctx context.Context) ([]author.Author, error)
	Author(ctx context.Context, id int64) (author.Author, error)
	SaveAuthor(ctx context.Context, a *author.Author) error
	Pages(ctx context.Context) ([]page.Page, error)
	Page(ctx context.Context, id int64) (page.Page, error)
	PageBySlug(ctx context.Context, slug string) (page.Page, error)
	SavePage(ctx context.Context, p *page.Page) error
	DeletePage(ctx context.Context, id int64) error
	Media(ctx context.Context, id int64) (media.Media, error)
	MediaList(ctx context.Context, limit, offset int) ([]media.Media, error)
	SaveMedia(ctx context.Context, m *media.Media) error

	// News alerts.
	CountAlertSubscriptions(ctx context.Context) (alert.Counts, error)
	AlertSends(ctx context.Context, limit int) ([]alert.Send, error)

	// Advertising.
	Ads(ctx context.Context) ([]ad.Ad, error)
	Ad(ctx context.Context, id int64) (ad.Ad, error)
	SaveAd(ctx context.Context, a *ad.Ad) error
	DeleteAd(ctx context.Context, id int64) error
	AdStats(ctx context.Context, since string) (map[int64]ad.Stats, error)
	AdDays(ctx context.Context, id int64, since string) ([]ad.Count, error)

	// Messages from the Contact and Advertise forms.
	ContactMessages(ctx context.Context, status contact.Status, limit int) ([]contact.Message, error)
	ContactMessage(ctx context.Context, id int64) (contact.Message, error)
	SetContactStatus(ctx context.Context, id int64, status contact.Status) error
	CountNewContactMessages(ctx context.Context) (int, error)

	// News tips.
	TipKeyring(ctx context.Context) (tip.Keyring, error)
	CreateTipKeyring(ctx context.Context, k tip.Keyring) error
	RotateTipKeys(ctx context.Context, old, next tip.Keyring, rewrap func([]byte) ([]byte, error)) error
	TipAccess(ctx context.Context) ([]user.User, error)
	HasTipAccess(ctx context.Context, userID int64) (bool, error)
	GrantTipAccess(ctx context.Context, userID, by int64, at time.Time) error
	RevokeTipAccess(ctx context.Context, userID int64) error
	SaveTipUnlock(ctx context.Context, sessionHash string, u tip.Unlocked) error
	TipUnlock(ctx context.Context, sessionHash string, now time.Time) (tip.Unlocked, error)
	DeleteTipUnlock(ctx context.Context, sessionHash string, now time.Time) error
	Tip(ctx context.Context, id int64) (tip.Tip, error)
	Tips(ctx context.Context, status tip.Status, limit int) ([]tip.Tip, error)
	CountUnreadTips(ctx context.Context) (int, error)
	TipMessages(ctx context.Context, tipID int64) ([]tip.Message, error)
	TipFiles(ctx context.Context, tipID int64) ([]tip.File, error)
	TipFile(ctx context.Context, tipID, fileID int64) (tip.File, error)
	AddTipMessage(ctx context.Context, m *tip.Message, files []tip.File, at time.Time, newsroom string) error
	UpdateTip(ctx context.Context, id int64, status tip.Status, assignee int64) error
	MarkTipRead(ctx context.Context, id int64) error

	Audit(ctx context.Context, e audit.Entry) error
	AuditLog(ctx context.Context, limit int) ([]audit.Entry, error)

	// Enqueue puts work on the durable job queue (picture variants).
	Enqueue(ctx context.Context, kind string, payload any, runAt time.Time) error
}

// Newsroom holds what the back-office handlers need.
type Newsroom struct {
	Store    Store
	Articles *article.Service
	Render   *render.Renderer
	Media    media.Store
	Site     *site.Site
	Sessions *session.Manager
	Comments *comment.Service
	Log      *slog.Logger
	Ads      *ad.Book // told when ads change, so the pages show the change at once

	draftMu sync.Mutex // new articles' first saves, one at a time
}

// Page is what every newsroom page shows around its content.
type Page struct {
	Title    string
	Nonce    string
	CSRF     string
	User     user.User
	SiteName string
	Nav      string
	Flash    string
	Errors   map[string]string
	ErrorMsg string
	Loc      *time.Location // the site's time zone
	// Waiting is how many comments wait for moderation (for moderators),
	// and NewMessages how many Contact and Advertise messages are new.
	Waiting     int
	NewMessages int
}

// Can is a shortcut for templates.
func (p Page) Can(perm string) bool {
	switch perm {
	case "taxonomy":
		return p.User.Can(user.ManageTaxonomy)
	case "users":
		return p.User.Can(user.ManageUsers)
	case "settings":
		return p.User.Can(user.ManageSettings)
	case "comments":
		return p.User.Can(user.ModerateComments)
	case "ads":
		return p.User.Can(user.ManageAds)
	}
	return false
}

type ctxKey int

const (
	userKey ctxKey = iota
	sessionKey
)

func currentUser(r *http.Request) (user.User, bool) {
	u, ok := r.Context().Value(userKey).(user.User)
	return u, ok
}

func currentSession(r *http.Request) user.Session {
	s, _ := r.Context().Value(sessionKey).(user.Session)
	return s
}

// Routes adds the newsroom routes to mux.
func (n *Newsroom) Routes(mux *http.ServeMux) {
	open := func(h handler) http.Handler { return n.wrap(h) }
	staff := func(h handler) http.Handler { return n.authed(n.wrap(h), 0) }
	need := func(p user.Permission, h handler) http.Handler { return n.authed(n.wrap(h), p+1) }

	mux.Handle("GET /newsroom/login", open(n.showLogin))
	mux.Handle("POST /newsroom/login", open(n.login))
	mux.Handle("POST /newsroom/setup", open(n.setup))
	mux.Handle("POST /newsroom/logout", staff(n.logout))
	mux.Handle("GET /newsroom", n.wrap(n.showHome))
	mux.Handle("GET /newsroom/{$}", n.wrap(n.showHome))

	mux.Handle("GET /newsroom/articles", staff(n.listArticles))
	mux.Handle("POST /newsroom/articles", staff(n.createArticle))
	mux.Handle("GET /newsroom/articles/new", staff(n.newArticle))
	mux.Handle("POST /newsroom/articles/new", staff(n.saveArticle))
	mux.Handle("POST /newsroom/articles/new/autosave", staff(n.autosaveArticle))
	mux.Handle("GET /newsroom/articles/{id}", staff(n.editArticle))
	mux.Handle("POST /newsroom/articles/{id}", staff(n.saveArticle))
	mux.Handle("POST /newsroom/articles/{id}/autosave", staff(n.autosaveArticle))
	mux.Handle("POST /newsroom/articles/{id}/delete", staff(n.deleteArticle))
	mux.Handle("GET /newsroom/articles/{id}/preview", staff(n.previewArticle))
	mux.Handle("GET /newsroom/articles/{id}/revisions", staff(n.listRevisions))
	mux.Handle("GET /newsroom/articles/{id}/revisions/{rev}", staff(n.showRevision))
	mux.Handle("POST /newsroom/articles/{id}/revisions/{rev}/restore", staff(n.restoreRevision))

	mux.Handle("GET /newsroom/media", staff(n.listMedia))
	mux.Handle("POST /newsroom/media", staff(n.uploadMediaForm))
	mux.Handle("POST /newsroom/media/upload", staff(n.uploadMediaJSON))
	mux.Handle("GET /newsroom/media/{id}", staff(n.showPicture))
	mux.Handle("POST /newsroom/media/{id}", staff(n.editPicture))
	mux.Handle("POST /newsroom/media/{id}/delete", staff(n.deletePicture))
	mux.Handle("POST /newsroom/media/{id}/replace", staff(n.replacePicture))
	mux.Handle("GET /newsroom/media/search.json", staff(n.searchMediaJSON))

	mux.Handle("GET /newsroom/sections", need(user.ManageTaxonomy, n.listSections))
	mux.Handle("POST /newsroom/sections", need(user.ManageTaxonomy, n.saveSection))
	mux.Handle("GET /newsroom/sections/{id}", need(user.ManageTaxonomy, n.editSection))
	mux.Handle("POST /newsroom/sections/{id}", need(user.ManageTaxonomy, n.saveSection))
	mux.Handle("POST /newsroom/sections/{id}/delete", need(user.ManageTaxonomy, n.deleteSection))
	mux.Handle("GET /newsroom/tags", need(user.ManageTaxonomy, n.listTags))
	mux.Handle("POST /newsroom/tags/{id}", need(user.ManageTaxonomy, n.renameTag))
	mux.Handle("POST /newsroom/tags/{id}/delete", need(user.ManageTaxonomy, n.deleteTag))
	mux.Handle("GET /newsroom/authors", need(user.ManageTaxonomy, n.listAuthors))
	mux.Handle("GET /newsroom/authors/{id}", need(user.ManageTaxonomy, n.editAuthor))
	mux.Handle("POST /newsroom/authors/{id}", need(user.ManageTaxonomy, n.saveAuthor))
	mux.Handle("GET /newsroom/pages", need(user.ManageTaxonomy, n.listPages))
	mux.Handle("GET /newsroom/pages/{id}", need(user.ManageTaxonomy, n.editPage))
	mux.Handle("POST /newsroom/pages/{id}", need(user.ManageTaxonomy, n.savePage))
	mux.Handle("POST /newsroom/pages/{id}/delete", need(user.ManageTaxonomy, n.deletePage))

	mux.Handle("GET /newsroom/comments", need(user.ModerateComments, n.listComments))
	mux.Handle("POST /newsroom/comments", need(user.ModerateComments, n.moderate))
	mux.Handle("GET /newsroom/comments/bans", need(user.ModerateComments, n.listBans))
	mux.Handle("POST /newsroom/comments/bans/{id}/delete", need(user.ModerateComments, n.deleteBan))
	mux.Handle("GET /newsroom/comments/{id}", need(user.ModerateComments, n.showComment))
	mux.Handle("POST /newsroom/comments/{id}", need(user.ModerateComments, n.editComment))
	mux.Handle("POST /newsroom/comments/{id}/ban", need(user.ModerateComments, n.banWriter))
	mux.Handle("POST /newsroom/articles/{id}/comments", need(user.ModerateComments, n.closeComments))
	mux.Handle("POST /newsroom/articles/{id}/breaking", need(user.PublishAny, n.setBreaking))
	mux.Handle("POST /newsroom/articles/{id}/return", need(user.EditAny, n.sendBack))
	n.tipRoutes(mux, need)
	n.messageRoutes(mux, need)
	n.adRoutes(mux, need)
	n.alertRoutes(mux, need)
	mux.Handle("GET /newsroom/account", staff(n.showAccount))
	mux.Handle("POST /newsroom/account", staff(n.saveAccount))

	mux.Handle("GET /newsroom/settings", need(user.ManageSettings, n.editSettings))
	mux.Handle("POST /newsroom/settings", need(user.ManageSettings, n.saveSettings))
	mux.Handle("GET /newsroom/settings/signin", need(user.ManageSettings, n.showProviders))
	mux.Handle("POST /newsroom/settings/signin", need(user.ManageSettings, n.addProvider))
	mux.Handle("POST /newsroom/settings/signin/{id}/delete", need(user.ManageSettings, n.deleteProvider))
	mux.Handle("GET /newsroom/readers", need(user.ManageUsers, n.listReaders))
	mux.Handle("GET /newsroom/users", need(user.ManageUsers, n.listUsers))
	mux.Handle("GET /newsroom/users/{id}", need(user.ManageUsers, n.editUser))
	mux.Handle("POST /newsroom/users/{id}", need(user.ManageUsers, n.saveUser))
	mux.Handle("GET /newsroom/audit", need(user.ManageUsers, n.showAudit))
	mux.Handle("GET /newsroom/{rest...}", staff(func(w http.ResponseWriter, r *http.Request) error {
		return fmt.Errorf("newsroom: no page %s: %w", r.URL.Path, apperr.NotFound)
	}))
}

type handler func(w http.ResponseWriter, r *http.Request) error

// authed loads the session; without one, pages redirect to sign-in and scripts
// get 401. perm is 0 for any staff, else the permission plus one.
func (n *Newsroom) authed(next http.Handler, perm user.Permission) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, u, err := n.Sessions.Load(r)
		if err == nil && !u.IsStaff() {
			// A reader's session is real but opens nothing here.
			n.fail(w, r, http.StatusForbidden, "The newsroom is for the site's staff. Your reader account is on the site, under “Your account”.")
			return
		}
		if err != nil {
			if !errors.Is(err, apperr.NotFound) {
				n.Log.Error("session", "err", err)
			}
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/newsroom/login?next="+urlQuery(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			n.fail(w, r, http.StatusUnauthorized, "Your session has ended. Sign in again; what you typed was not saved.")
			return
		}
		// Every state-changing request carries the session's CSRF token, in the
		// form or (from scripts) in a header.
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if !session.CSRFOK(r, sess) {
				n.fail(w, r, http.StatusForbidden, "This form has expired or did not come from the newsroom. Reload the page and try again.")
				return
			}
		}
		if perm > 0 && !u.Can(perm-1) {
			who := "an editor or an admin"
			if perm-1 == user.ManageUsers || perm-1 == user.ManageSettings {
				who = "an admin"
			}
			n.fail(w, r, http.StatusForbidden, "Your role does not allow this. Ask "+who+".")
			return
		}
		// Newsroom pages carry CSRF tokens and unpublished work: never cache them.
		w.Header().Set("Cache-Control", "no-store, private")
		ctx := context.WithValue(context.WithValue(r.Context(), userKey, u), sessionKey, sess)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// wrap turns errors into pages: validation is handled by each handler; kinds
// map to status codes here, and anything else is logged once and shown as 500.
func (n *Newsroom) wrap(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		switch {
		case err == nil:
		case errors.Is(err, apperr.NotFound):
			n.fail(w, r, http.StatusNotFound, "That item does not exist (or no longer exists).")
		case errors.Is(err, apperr.Forbidden):
			n.fail(w, r, http.StatusForbidden, "Your role does not allow this. Ask an editor or an admin.")
		case errors.Is(err, apperr.Unauthorized):
			n.fail(w, r, http.StatusUnauthorized, "Sign in to continue.")
		case errors.Is(err, apperr.Conflict):
			n.fail(w, r, http.StatusConflict, "This cannot be done while other items depend on it.")
		case errors.Is(err, apperr.Invalid):
			v, _ := apperr.AsValidation(err)
			msg := "The request was not valid."
			if v != nil {
				_, msg = v.First()
			}
			n.fail(w, r, http.StatusBadRequest, msg)
		default:
			n.Log.Error("newsroom", "id", middleware.RequestID(r), "path", r.URL.Path, "err", err)
			n.fail(w, r, http.StatusInternalServerError, "Something went wrong on our side. Nothing was lost that was saved before; try again.")
		}
	})
}

// MessagePage shows an error or notice.
type MessagePage struct {
	Page
	Status int
	Text   string
}

func (n *Newsroom) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if wantsJSON(r) {
		writeJSON(w, status, map[string]string{"error": msg})
		return
	}
	p := n.page(r, "Error")
	if err := n.Render.Render(w, status, "newsroom/message", MessagePage{Page: p, Status: status, Text: msg}); err != nil {
		http.Error(w, msg, status)
	}
}

func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json") || r.Header.Get("X-CSRF-Token") != ""
}

func (n *Newsroom) page(r *http.Request, title string) Page {
	u, _ := currentUser(r)
	p := Page{Title: title, Nonce: middleware.Nonce(r), User: u, CSRF: currentSession(r).CSRF, SiteName: "Broadsheet", Loc: time.UTC}
	if st, err := n.Store.Settings(r.Context()); err == nil {
		p.SiteName, p.Loc = st.SiteName, st.Location()
	}
	if f := r.URL.Query().Get("done"); f != "" {
		p.Flash = flashes[f]
	}
	if u.Can(user.ModerateComments) {
		c, err := n.Store.CountComments(r.Context(), comment.Filter{Status: comment.Pending})
		if err != nil {
			n.Log.Error("newsroom: waiting comments", "err", err) // the page is useful without the badge
		}
		p.Waiting = c
		if p.NewMessages, err = n.Store.CountNewContactMessages(r.Context()); err != nil {
			n.Log.Error("newsroom: new messages", "err", err)
		}
	}
	return p
}

// flashes are the notices a redirect may ask for (by key, so no text is
// reflected from the URL).
var flashes = map[string]string{
	"saved": "Saved.", "published": "Published.", "submitted": "Submitted for review.", "scheduled": "Scheduled.",
	"unpublished": "Unpublished.", "restored": "Revision restored.", "returned": "Sent back to the writer with your note.", "deleted": "Deleted.", "uploaded": "Uploaded.",
	"replaced": "Replaced: pages show the new file, and its sizes are being made.",
	"created":  "Created.", "welcome": "Welcome to your newsroom.", "moderated": "Done.", "banned": "Banned from commenting.",
	"password":        "Your new password is set, and other browsers were signed out.",
	"tips-ready":      "The tips box is open. Share the passphrase with the editors who will read tips, in person, and have an admin add them here.",
	"tips-locked":     "The tips inbox is locked.",
	"tips-replied":    "Your reply is waiting for the tipster: they read it when they come back with their receipt code.",
	"tips-noted":      "Note added. Tipsters never see notes.",
	"tips-passphrase": "The new passphrase is set. Every open inbox was locked; the others unlock with the new one.",
}

func (n *Newsroom) audit(r *http.Request, action, target, detail string) {
	u, _ := currentUser(r)
	n.auditAs(r, u.ID, action, target, detail)
}

// auditAs records an action by a user who may not be signed in yet.
func (n *Newsroom) auditAs(r *http.Request, userID int64, action, target, detail string) {
	if err := n.Store.Audit(r.Context(), audit.Entry{UserID: userID, Action: action, Target: target, Detail: detail, IP: clientIP(r)}); err != nil {
		n.Log.Error("audit", "err", err, "action", action)
	}
}

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFound
	}
	return id, nil
}
