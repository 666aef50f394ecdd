// Package app is the one place where configuration, the database, the domain
// services, the job worker and the web layer are wired together.
package app

import (
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

	"broadsheet/internal/article"
	"broadsheet/internal/config"
	"broadsheet/internal/jobs"
	"broadsheet/internal/media"
	"broadsheet/internal/store"
	"broadsheet/internal/web"
)

// App is a wired Broadsheet.
type App struct {
	Config   config.Config
	Store    *store.Store
	Articles *article.Service
	Media    media.Store
	Worker   *jobs.Worker
	Handler  http.Handler
	Log      *slog.Logger
}

// OpenStore opens the database named by the config.
func OpenStore(ctx context.Context, cfg config.Config) (*store.Store, error) {
	return store.Open(ctx, store.Options{PostgresURL: cfg.DatabaseURL, SQLitePath: filepath.Join(cfg.Data, "broadsheet.db")})
}

// New wires an app from a config.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	st, err := OpenStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Store: st, Log: log, Media: media.Store{Dir: filepath.Join(cfg.Data, "media")}}
	a.Articles = &article.Service{Store: st, Jobs: st}
	a.Worker = &jobs.Worker{Store: st, Log: log, Handlers: map[string]jobs.Handler{
		article.JobPublish: func(ctx context.Context, payload []byte) error {
			var p article.PublishPayload
			if err := json.Unmarshal(payload, &p); err != nil {
				return err
			}
			return a.Articles.PublishDue(ctx, p.ArticleID)
		},
		media.JobVariants: func(ctx context.Context, payload []byte) error {
			var p media.VariantsPayload
			if err := json.Unmarshal(payload, &p); err != nil {
				return err
			}
			return a.Media.MakeVariants(p.Name)
		},
	}}
	a.Handler, err = web.New(web.Deps{Store: st, Articles: a.Articles, Media: a.Media, BaseURL: cfg.BaseURL, SecureCookie: cfg.SecureCookie, Log: log})
	if err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
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
	wg.Add(1)
	go func() { defer wg.Done(); a.Worker.Run(workCtx) }()
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
