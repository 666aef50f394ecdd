package cli

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"broadsheet/internal/app"
	"broadsheet/internal/config"
	"broadsheet/internal/media"
	"broadsheet/internal/media/mediatest"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// media verify finds a missing variant and, with --repair, makes it again;
// media migrate moves the library to S3, where it verifies whole.
func TestMediaVerifyAndMigrate(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	cfg := config.Config{Data: dir, LogLevel: "error"}
	a, err := app.New(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	m, err := a.Media.Process(ctx, bytes.NewReader(mediatest.Photo(t, 900, 600)), "harbour.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Store.SaveMedia(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if m, err = a.Media.MakeVariants(ctx, m); err != nil {
		t.Fatal(err)
	}
	a.Close()
	if code, out, errs := run(t, ctx, "", "media", "verify", "--data", dir); code != 0 || !strings.Contains(out, "1 items checked: 0 with problems") {
		t.Fatalf("verify a whole library: %d %q %q", code, out, errs)
	}
	victim := strings.TrimPrefix(m.Picture().Variant(320, "webp"), "/media/")
	if err := (media.Disk{Dir: filepath.Join(dir, "media")}).Delete(ctx, victim); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, ctx, "", "media", "verify", "--data", dir); code != 1 || !strings.Contains(out, "variants or crops are missing") || !strings.Contains(errs, "--repair") {
		t.Fatalf("verify with a variant gone: %d %q %q", code, out, errs)
	}
	if code, out, errs := run(t, ctx, "", "media", "verify", "--repair", "--data", dir); code != 0 || !strings.Contains(out, "1 repaired") {
		t.Fatalf("repair: %d %q %q", code, out, errs)
	}
	mem := s3mem.New()
	if err := mem.CreateBucket("news"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(mem).Server())
	defer srv.Close()
	s3 := []string{"--data", dir, "--s3-endpoint", srv.URL, "--s3-bucket", "news", "--s3-access-key", "k", "--s3-secret-key", "s", "--s3-path-style"}
	if code, out, errs := run(t, ctx, "", append([]string{"media", "migrate", "--to", "s3"}, s3...)...); code != 0 || !strings.Contains(out, "All 1 items are whole") {
		t.Fatalf("migrate: %d %q %q", code, out, errs)
	}
	if code, out, errs := run(t, ctx, "", append([]string{"media", "verify"}, s3...)...); code != 0 || !strings.Contains(out, "0 with problems") {
		t.Fatalf("verify on S3: %d %q %q", code, out, errs)
	}
	if code, _, errs := run(t, ctx, "", "media", "migrate", "--to", "mars", "--data", dir); code != 1 || !strings.Contains(errs, "--s3-endpoint") {
		t.Fatalf("migrate without a bucket: %d %q", code, errs)
	}
}
