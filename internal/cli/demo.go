package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"broadsheet/internal/app"
	"broadsheet/internal/config"
)

// demoArchive is `broadsheet demo --articles N`: the demo newsroom (made
// first if the database is empty) with N generated stories added, for
// measuring the site at the size of a real archive.
func demoArchive(ctx context.Context, e Env, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	n := fs.Int("articles", 10_000, "how many stories to generate")
	cfg, _, err := config.Load(args, e.Getenv, fs)
	if err != nil {
		return err
	}
	if *n < 1 || *n > 10_000_000 {
		return errors.New("--articles: give a number from 1 to 10,000,000")
	}
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer a.Close()
	if _, err := seedDemo(ctx, e, a, cfg.BaseURL); err != nil {
		return err
	}
	start := time.Now()
	last := start
	err = a.GenerateArchive(ctx, *n, func(done int) {
		if now := time.Now(); now.Sub(last) >= time.Second || done == *n {
			last = now
			fmt.Fprintf(e.Stdout, "  %d of %d stories (%.0f a second)\n", done, *n, float64(done)/now.Sub(start).Seconds())
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "Added %d stories in %s.\n", *n, time.Since(start).Round(100*time.Millisecond))
	return nil
}
