package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"broadsheet/internal/app"
	"broadsheet/internal/config"
	"broadsheet/internal/media"
	"broadsheet/internal/store"
)

// mediaVerify checks every library item's files (and with --repair makes
// missing variants again), printing what is wrong; it fails while anything
// stays wrong.
func mediaVerify(ctx context.Context, e Env, args []string) error {
	fs := flag.NewFlagSet("media verify", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	repair := fs.Bool("repair", false, "make missing variants and crops again from the originals")
	cfg, _, err := config.Load(args, e.Getenv, fs)
	if err != nil {
		return err
	}
	st, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	files, err := app.OpenMediaFiles(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "Checking the library in %s\n", files)
	checked, bad, repaired, err := verifyAll(ctx, st, media.Store{Files: files}, *repair, func(c media.Check) {
		fmt.Fprintf(e.Stdout, "  %s: %s%s\n", c.Name, strings.Join(c.Problems, "; "), map[bool]string{true: " (repaired)"}[c.Repaired])
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "%d items checked: %d with problems, %d repaired.\n", checked, bad, repaired)
	if bad > repaired {
		if !*repair {
			return errors.New("some files are missing or damaged; run again with --repair to make missing variants again")
		}
		return errors.New("some files could not be repaired: restore their originals from a backup, or replace them in the newsroom")
	}
	return nil
}

func verifyAll(ctx context.Context, st *store.Store, ms media.Store, repair bool, report func(media.Check)) (checked, bad, repaired int, err error) {
	var after int64
	for {
		items, err := st.MediaAfter(ctx, after, 200)
		if err != nil {
			return checked, bad, repaired, err
		}
		for _, m := range items {
			after = m.ID
			checked++
			c, n, err := ms.Verify(ctx, m, repair)
			if err != nil {
				return checked, bad, repaired, err
			}
			if n.Hash != m.Hash || n.Version != m.Version || n.Width != m.Width || n.Height != m.Height {
				if _, err := st.SetMediaVersion(ctx, m, n); err != nil {
					return checked, bad, repaired, err
				}
			}
			if len(c.Problems) > 0 {
				bad++
				if c.Repaired {
					repaired++
				}
				report(c)
			}
		}
		if len(items) < 200 {
			return checked, bad, repaired, nil
		}
	}
}

// mediaMigrate copies the library between the data folder and an S3
// bucket, then checks the copy; the server keeps using the old place until
// it is started with (or without) the --s3-* flags.
func mediaMigrate(ctx context.Context, e Env, args []string) error {
	fs := flag.NewFlagSet("media migrate", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	to := fs.String("to", "", "s3 (from DATA/media to the bucket the --s3-* flags name) or disk (back from the bucket)")
	cfg, _, err := config.Load(args, e.Getenv, fs)
	if err != nil {
		return err
	}
	if cfg.S3.Endpoint == "" {
		return errors.New("name the bucket with --s3-endpoint, --s3-bucket, --s3-access-key and --s3-secret-key (or their BROADSHEET_S3_* variables)")
	}
	bucket, err := app.OpenMediaFiles(ctx, cfg)
	if err != nil {
		return err
	}
	disk := media.Disk{Dir: filepath.Join(cfg.Data, "media")}
	var from, dest media.Backend
	switch *to {
	case "s3":
		from, dest = disk, bucket
	case "disk":
		from, dest = bucket, disk
	default:
		return errors.New("--to must be s3 or disk")
	}
	st, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(e.Stdout, "Copying the library from %s to %s\n", from, dest)
	var n int
	var bytes int64
	if err := media.Copy(ctx, from, dest, func(key string, size int64) {
		n++
		bytes += size
		if n%100 == 0 {
			fmt.Fprintf(e.Stdout, "  %d files, %d MB\n", n, bytes>>20)
		}
	}); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "%d files copied (%d MB); files already there were skipped.\n", n, bytes>>20)
	checked, bad, _, err := verifyAll(ctx, st, media.Store{Files: dest}, false, func(c media.Check) {
		fmt.Fprintf(e.Stdout, "  %s: %s\n", c.Name, strings.Join(c.Problems, "; "))
	})
	if err != nil {
		return err
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d items are incomplete in %s (listed above); they were so before the copy: run broadsheet media verify --repair", bad, checked, dest)
	}
	next := "start the server with the same --s3-* flags"
	if *to == "disk" {
		next = "start the server without the --s3-* flags"
	}
	fmt.Fprintf(e.Stdout, "All %d items are whole in %s. To use it, %s; the old copy is left as it was.\n", checked, dest, next)
	return nil
}
