package bucket_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"broadsheet/internal/bucket"
	"broadsheet/internal/media"
	"broadsheet/internal/media/mediatest"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// FakeS3 serves an S3-compatible bucket in-process and connects to it.
func fakeS3(t testing.TB, name, prefix string) *bucket.S3 {
	t.Helper()
	mem := s3mem.New()
	if err := mem.CreateBucket(name); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(mem).Server())
	t.Cleanup(srv.Close)
	b, err := bucket.New(context.Background(), bucket.Config{Endpoint: srv.URL, Region: "us-east-1", Bucket: name, Prefix: prefix,
		AccessKey: "key", SecretKey: "secret", PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The library keeps the same promises on S3-compatible storage as on disk.
func TestS3Backend(t *testing.T) {
	mediatest.Suite(t, fakeS3(t, "media", "site/"))
}

// A library moves from disk to S3 whole, and a second run copies nothing.
func TestCopyToS3(t *testing.T) {
	ctx := context.Background()
	disk := media.Disk{Dir: t.TempDir()}
	s := media.Store{Files: disk}
	m, err := s.Process(ctx, bytes.NewReader(mediatest.Photo(t, 800, 600)), "a.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if m, err = s.MakeVariants(ctx, m); err != nil {
		t.Fatal(err)
	}
	s3 := fakeS3(t, "library", "")
	var copied int
	if err := media.Copy(ctx, disk, s3, func(string, int64) { copied++ }); err != nil {
		t.Fatal(err)
	}
	if err := media.Copy(ctx, disk, s3, func(k string, _ int64) {
		if strings.Contains(k, "-") { // content-named files are skipped; lasting renditions, which a replacement rewrites, are not
			t.Errorf("copied %s twice", k)
		}
	}); err != nil {
		t.Fatal(err)
	}
	moved := media.Store{Files: s3}
	if c, _, err := moved.Verify(ctx, m, false); err != nil || len(c.Problems) != 0 {
		t.Fatalf("after moving to S3: %v %v", c.Problems, err)
	}
	if copied < 10 {
		t.Errorf("copied %d files", copied)
	}
}

// A bucket that does not exist, or an endpoint that is not an address, is
// refused at start with a clear message.
func TestS3Refusals(t *testing.T) {
	ctx := context.Background()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	defer srv.Close()
	for _, c := range []struct {
		cfg  bucket.Config
		want string
	}{
		{bucket.Config{Endpoint: srv.URL, Bucket: "missing", AccessKey: "k", SecretKey: "s", PathStyle: true}, "does not exist"},
		{bucket.Config{Endpoint: "ftp://example.com", Bucket: "b"}, "http:// or https://"},
		{bucket.Config{Endpoint: srv.URL}, "needs a bucket"},
	} {
		if _, err := bucket.New(ctx, c.cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v; want %q", c.cfg, err, c.want)
		}
	}
}
