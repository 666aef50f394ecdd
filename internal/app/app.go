// Package app is the one place where configuration, the database, the domain
// services, the job worker and the web layer are wired together.
package app

import (
	"broadsheet/internal/ad"
	"broadsheet/internal/push"
	"broadsheet/internal/reads"
	"broadsheet/internal/web/site"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"broadsheet/internal/alert"
	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/bucket"
	"broadsheet/internal/comment"
	"broadsheet/internal/config"
	"broadsheet/internal/jobs"
	"broadsheet/internal/mail"
	"broadsheet/internal/media"
	"broadsheet/internal/oidc"
	"broadsheet/internal/setting"
	"broadsheet/internal/store"
	"broadsheet/internal/tally"
	"broadsheet/internal/throttle"
	"broadsheet/internal/tip"
	"broadsheet/internal/web"
	"broadsheet/internal/web/middleware"
	"broadsheet/internal/web/pagecache"
)

// App is a wired Broadsheet.
type App struct {
	Config   config.Config
	Store    *store.Store
	Articles *article.Service
	Comments *comment.Service
	Media    media.Store
	// Mail makes the sender of messages signed by an identity (the site's
	// current name and the configured address).
	Mail    func(from mail.Identity) mail.Sender
	Worker  *jobs.Worker
	Handler http.Handler
	Log     *slog.Logger
	// Ads are kept in memory for the reader pages; AdCounts adds up their
	// impressions and clicks until they are written (every 10 seconds).
	Ads      *ad.Book
	AdCounts *ad.Counter
	// Reads adds up the readers' reads until they are written (every 10
	// seconds); Board keeps the "Most read" rankings for a minute.
	Reads *tally.Counter[reads.Key]
	Board *reads.Board
	// Push sends breaking news to browsers (Web Push).
	Push *push.Client
	// Cache keeps rendered reader pages (nil when turned off); purges
	// follows the purge log into it.
	Cache  *pagecache.Cache
	purges *purgeFollower

	limiter *throttle.Limiter
}

// OpenStore opens the database named by the config.
func OpenStore(ctx context.Context, cfg config.Config) (*store.Store, error) {
	return store.Open(ctx, store.Options{PostgresURL: cfg.DatabaseURL, SQLitePath: filepath.Join(cfg.Data, "broadsheet.db")})
}

// OpenMediaFiles opens the library's backend the config names: an S3
// bucket, or the data folder's media/.
func OpenMediaFiles(ctx context.Context, cfg config.Config) (media.Backend, error) {
	if cfg.S3.Endpoint == "" {
		return media.Disk{Dir: filepath.Join(cfg.Data, "media")}, nil
	}
	return bucket.New(ctx, bucket.Config{Endpoint: cfg.S3.Endpoint, Region: cfg.S3.Region, Bucket: cfg.S3.Bucket, Prefix: cfg.S3.Prefix,
		AccessKey: cfg.S3.AccessKey, SecretKey: cfg.S3.SecretKey, PathStyle: cfg.S3.PathStyle})
}

// New wires an app from a config.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	st, err := OpenStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	files, err := OpenMediaFiles(ctx, cfg)
	if err != nil {
		st.Close()
		return nil, err
	}
	a := &App{Config: cfg, Store: st, Log: log, Media: media.Store{Files: files, Pool: media.NewPool(media.DecodeBudget)}}
	a.Articles = &article.Service{Store: st, Jobs: st}
	limiter := &throttle.Limiter{Store: st}
	a.limiter = limiter
	a.Comments = &comment.Service{Store: st, Limiter: limiter}
	if a.Mail, err = newMailer(cfg, log); err != nil {
		st.Close()
		return nil, err
	}
	formKey, err := st.Secret(ctx, "forms")
	if err != nil {
		st.Close()
		return nil, err
	}
	a.Worker = &jobs.Worker{Store: st, Log: log, Handlers: map[string]jobs.Handler{
		article.JobPublish: func(ctx context.Context, payload []byte) error {
			var p article.PublishPayload
			if err := json.Unmarshal(payload, &p); err != nil {
				return err
			}
			return a.Articles.PublishDue(ctx, p.ArticleID)
		},
		media.JobVariants: a.makeVariants,
		media.JobCrops:    a.cropAll,
		mail.JobSend:      a.deliver,
	}, Attempts: map[string]int{mail.JobSend: 15}}
	var providers []setting.Provider
	for _, p := range cfg.Providers {
		providers = append(providers, setting.Provider{ID: p.ID, Name: p.Name, Issuer: p.Issuer, ClientID: p.ClientID, ClientSecret: p.ClientSecret})
	}
	if n, err := st.MoveOldAds(ctx, time.Now()); err != nil {
		st.Close()
		return nil, fmt.Errorf("moving the settings' ads: %w", err)
	} else if n > 0 {
		log.Info("ads: the settings' fixed ads are now house ads in the newsroom's Ads page", "ads", n)
	}
	// Pictures stored before crops existed get them in the background, after
	// any other work (a restart after the job is swept looks again, finding
	// little to do).
	if ms, err := st.MediaList(ctx, 1, 0); err != nil {
		st.Close()
		return nil, err
	} else if len(ms) > 0 {
		if _, err := st.EnqueueOncePriority(ctx, media.JobCrops, media.JobCrops+":set"+media.VariantSet, struct{}{}, time.Time{}, -2); err != nil {
			st.Close()
			return nil, err
		}
	}
	if n, err := st.IndexMissing(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("search index: %w", err)
	} else if n > 0 {
		log.Info("search: indexed the articles written before the index", "articles", n)
	}
	a.Ads, a.AdCounts = ad.NewBook(st.Ads, 30*time.Second), &ad.Counter{}
	a.Reads, a.Board = &tally.Counter[reads.Key]{}, &reads.Board{Ranker: st, TTL: time.Minute}
	vapid, err := st.Secret(ctx, "vapid")
	if err != nil {
		st.Close()
		return nil, err
	}
	keys, err := push.KeysFromSecret(vapid)
	if err != nil {
		st.Close()
		return nil, err
	}
	a.Push = &push.Client{Keys: keys, Subject: "mailto:" + cfg.MailFrom, Allowed: cfg.PushServices}
	a.Worker.Handlers[alert.JobPush] = a.pushAlert
	a.Worker.Attempts[alert.JobPush] = 8
	if cfg.PageCacheMB > 0 {
		a.Cache = pagecache.New(pagecache.Options{MaxBytes: int64(cfg.PageCacheMB) << 20, Log: log, SurrogateKeys: middleware.ViaProxy})
		if a.purges, err = newPurgeFollower(ctx, a.Cache, st); err != nil {
			st.Close()
			return nil, err
		}
	}
	a.Handler, err = web.New(web.Deps{Store: st, Cache: a.Cache, Ads: a.Ads, AdCounts: a.AdCounts, Reads: a.Reads, Board: a.Board,
		Push: site.PushConfig{PublicKey: keys.Public(), Allowed: cfg.PushServices}, Articles: a.Articles, Comments: a.Comments, Limiter: limiter, OIDC: &oidc.Client{},
		Providers: providers, FormKey: formKey, Media: a.Media, TipVault: tip.Vault{Dir: filepath.Join(cfg.Data, "tips")}, BaseURL: cfg.BaseURL, SecureCookie: cfg.SecureCookie, Log: log, TrustedProxies: cfg.TrustedProxies,
		Jobs: func(kind string, h func(context.Context, []byte) error) { a.Worker.Handlers[kind] = h }})
	if err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

// newMailer delivers through the configured SMTP server, or writes messages
// to the data folder's outbox (on either engine) when there is none.
func newMailer(cfg config.Config, log *slog.Logger) (func(mail.Identity) mail.Sender, error) {
	if cfg.SMTPURL == "" {
		dir := filepath.Join(cfg.Data, "outbox")
		return func(from mail.Identity) mail.Sender { return &mail.Outbox{Dir: dir, From: from, Log: log} }, nil
	}
	u, err := mail.ParseSMTPURL(cfg.SMTPURL)
	if err != nil {
		return nil, fmt.Errorf("--smtp-url: %w", err)
	}
	return func(from mail.Identity) mail.Sender { return &mail.SMTP{URL: u, From: from} }, nil
}

// deliver is the mail job: it sends a message once. A message already handed
// to the mail server (a retry after a crash between sending and recording)
// is not sent again; the site's current name signs it.
func (a *App) deliver(ctx context.Context, payload []byte) error {
	var m mail.Message
	if err := json.Unmarshal(payload, &m); err != nil {
		return err
	}
	if m.Key == "" { // a done job's emptied payload: nothing to send
		return nil
	}
	sent, err := a.Store.MailSent(ctx, m.Key)
	if err != nil || sent {
		return err
	}
	if m.Subscription != 0 {
		// An alert queued before its reader unsubscribed does not go.
		sub, err := a.Store.AlertSubscription(ctx, m.Subscription)
		if errors.Is(err, apperr.NotFound) || (err == nil && sub.Status != alert.Active) {
			return nil
		}
		if err != nil {
			return err
		}
		// Alerts go at a steady rate, across instances, so that a mail
		// server is not flooded (and does not start refusing the site).
		var lim *throttle.Limited
		if err := a.limiter.Take(ctx, "alerts", throttle.Pair{Rule: AlertRate, Key: "all"}); errors.As(err, &lim) {
			return &jobs.Later{Until: time.Now().Add(lim.Wait)}
		} else if err != nil {
			return err
		}
	}
	st, err := a.Store.Settings(ctx)
	if err != nil {
		return err
	}
	from := mail.Identity{SiteName: st.SiteName, Address: a.Config.MailFrom}
	if err := a.Mail(from).Send(ctx, m); err != nil {
		return err
	}
	return a.Store.RecordMailSent(ctx, m.Key, mail.MessageID(m.Key, from), time.Now())
}

// pushAlert is the push alert job: one breaking-news alert, composed when
// it was queued, to one browser.
// A browser that has left its push service, or whose service refuses the
// message for good, is forgotten, and the job ends with that outcome rather
// than retrying; a busy or unreachable service is tried again with backoff.
func (a *App) pushAlert(ctx context.Context, payload []byte) error {
	var p alert.PushPayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return err
	}
	sub, err := a.Store.PushSubscription(ctx, p.SubscriptionID)
	if errors.Is(err, apperr.NotFound) {
		return nil // the browser unsubscribed meanwhile
	}
	if err != nil {
		return err
	}
	msg := push.Message{Title: p.Title, Body: p.Body, URL: p.URL, Tag: p.Tag}
	err = a.Push.Send(ctx, push.Target{Endpoint: sub.Endpoint, P256dh: sub.P256dh, Auth: sub.Auth}, msg,
		push.Options{TTL: time.Duration(p.TTL) * time.Second, Urgency: "high", Topic: "breaking"})
	var refused *push.RefusedError
	gone := errors.Is(err, push.ErrGone)
	if gone || errors.As(err, &refused) {
		// Of no use again: forget the browser, and do not retry.
		if err := a.Store.DeletePushSubscription(ctx, sub.ID, ""); err != nil && !errors.Is(err, apperr.NotFound) {
			return err
		}
		if gone {
			return &jobs.Final{Reason: alert.PushGone}
		}
		return &jobs.Final{Reason: refused.Error()}
	}
	return err
}

// AlertRate is how many news alerts go out a minute, at most, from all
// instances together; the rest wait their turn (their attempts not counted).
var AlertRate = throttle.Rule{Name: "mail-alerts", Max: 300, Window: time.Minute}

// ScheduleDigest queues the next daily digest, once per day whoever asks
// (every instance asks, every hour).
func (a *App) ScheduleDigest(ctx context.Context, now time.Time) error {
	st, err := a.Store.Settings(ctx)
	if err != nil {
		return err
	}
	day, at := alert.NextDigest(now, st.Location(), st.DigestHour)
	_, err = a.Store.EnqueueOnce(ctx, alert.JobDigest, alert.JobDigest+":"+day, alert.DigestPayload{Day: day, Hour: &st.DigestHour}, at)
	return err
}

// FollowPurges reads the purge log four times a second until ctx ends,
// so that changes made by other instances and by shell commands reach this
// instance's page cache (its own changes reach it at once). Without a
// cache it returns at once.
func (a *App) FollowPurges(ctx context.Context) {
	if a.purges != nil {
		a.purges.run(ctx, 250*time.Millisecond, func(err error) { a.Log.Error("page cache: reading the purge log", "err", err) })
	}
}

// Close releases the database.
func (a *App) Close() error { return a.Store.Close() }

// Serve listens until ctx ends, then shuts down gracefully: it stops taking
// connections, lets requests finish (up to the configured timeout) and stops
// the job worker.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.Config.Addr, err)
	}
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn)}
	workCtx, stopWork := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(5)
	go func() { defer wg.Done(); a.Worker.Run(workCtx) }()
	go func() { defer wg.Done(); a.FollowPurges(workCtx) }()
	go func() { defer wg.Done(); a.AdCounts.Run(workCtx, 10*time.Second, a.Store.AddAdCounts, a.Log) }()
	go func() { defer wg.Done(); a.Reads.Run(workCtx, 10*time.Second, a.SaveReads, a.Log, "reads") }()
	go func() { defer wg.Done(); a.sweep(workCtx) }()
	a.Log.Info("mail", "to", a.Mail(mail.Identity{Address: a.Config.MailFrom}).Describe())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		stopWork()
		wg.Wait()
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), a.Config.ShutdownTimeout)
	defer cancel()
	err = srv.Shutdown(sctx)
	stopWork()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// sweep deletes expired single-use tokens, and jobs finished and the record
// of mail sent more than 30 days ago, every hour until ctx ends.
// SaveReads writes counted reads, dated in the site's time zone (read once
// a flush, not once a read).
func (a *App) SaveReads(ctx context.Context, counts map[reads.Key]int64) error {
	st, err := a.Store.Settings(ctx)
	if err != nil {
		return err
	}
	return a.Store.AddReads(ctx, counts, st.Location())
}

// makeVariants runs a media.JobVariants: the picture's variants for its
// current version, then the row updated if the job found it a hash (a
// picture stored before they were kept) or a new size, only if the row is
// still as it was read (a replacement or a new focal point meanwhile
// queues its own job). A picture deleted before or during the job has
// every file under its name deleted.
func (a *App) makeVariants(ctx context.Context, payload []byte) error {
	var p media.VariantsPayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return err
	}
	m, err := a.Store.MediaByName(ctx, p.Name)
	if errors.Is(err, media.ErrNotFound) {
		return a.Media.Remove(ctx, p.Name)
	}
	if err != nil {
		return err
	}
	n, err := a.Media.MakeVariants(ctx, m, p.Old...)
	if errors.Is(err, media.ErrDamaged) {
		a.Log.Error("media: an original no longer matches its hash; restore it from a backup or replace the picture", "name", m.Name, "id", m.ID)
		return nil // retrying cannot help
	}
	if err != nil {
		return err
	}
	if n.Hash != m.Hash || n.Version != m.Version || n.Width != m.Width || n.Height != m.Height {
		if _, err := a.Store.SetMediaVersion(ctx, m, n); err != nil {
			return err
		}
	}
	if _, err := a.Store.MediaByName(ctx, p.Name); errors.Is(err, media.ErrNotFound) {
		return a.Media.Remove(ctx, p.Name) // deleted while the files were being made
	}
	return nil
}

// cropAll queues the variants job of every stored picture whose variants
// are not content-named yet, or not of the current set of sizes (its
// version is not what VersionOf gives now: the handler of media.JobCrops),
// at a low priority, one job a picture: the worker stays free for what is
// due, and a restart loses nothing. It reads the database only, a page at
// a time.
func (a *App) cropAll(ctx context.Context, _ []byte) error {
	var after int64
	for {
		ms, err := a.Store.MediaAfter(ctx, after, 100)
		if err != nil {
			return err
		}
		for _, m := range ms {
			after = m.ID
			if m.IsDocument() || (m.Hash != "" && m.Version == media.VersionOf(m.Hash, m.FocalX, m.FocalY)) {
				continue // missing files are for broadsheet media verify --repair
			}
			// The old version's files go once the new ones are made.
			if _, err := a.Store.EnqueueOncePriority(ctx, media.JobVariants, "variants:"+m.Name+":"+m.Version, media.VariantsPayload{Name: m.Name, Old: []media.Picture{m.Picture()}}, time.Time{}, -2); err != nil {
				return err
			}
		}
		if len(ms) < 100 {
			return nil
		}
	}
}

func (a *App) sweep(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		now := time.Now()
		if err := errors.Join(a.Store.SweepUserTokens(ctx, now.Add(-24*time.Hour)),
			a.Store.SweepMailSent(ctx, now.AddDate(0, 0, -30)), a.Store.SweepJobs(ctx, now.AddDate(0, 0, -30)),
			a.Store.PruneReads(ctx, reads.HourOf(now)), a.Store.PrunePurges(ctx, now.Add(-24*time.Hour)),
			a.ScheduleDigest(ctx, now)); err != nil && ctx.Err() == nil {
			a.Log.Error("sweep", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
