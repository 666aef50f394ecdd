// Package mediatest is the library's behaviour as a test suite, run against
// every media.Backend (local disk in package media, S3-compatible storage in
// package bucket), so both keep the same promises.
package mediatest

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
	"testing"

	"broadsheet/internal/media"

	_ "golang.org/x/image/webp" // reads back the WebP variants
)

// Photo is a JPEG of w x h with detail in it, as a camera would give.
func Photo(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Y[y*img.YStride+x] = uint8((x*x/7 + y*3) % 251)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// WithGPS puts an EXIF block carrying a GPS position and a camera serial
// number into a JPEG, right after its start, as a phone does.
func WithGPS(jpg []byte) []byte {
	tiff := []byte("II*\x00\x08\x00\x00\x00\x00\x00GPS 51.5072N 0.1276W SN-CAM-123456")
	seg := append([]byte("Exif\x00\x00"), tiff...)
	n := len(seg) + 2
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xE1, byte(n>>8), byte(n))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// Secrets are what WithGPS hides, which no stored file may carry.
var Secrets = []string{"Exif", "GPS", "51.5072N", "SN-CAM"}

func served(t *testing.T, s media.Store, name string) ([]byte, string, bool) {
	t.Helper()
	f, fallback, err := s.Open(context.Background(), name)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b, media.ContentType(f), fallback
}

func size(b []byte) (int, int, string) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return 0, 0, ""
	}
	return cfg.Width, cfg.Height, format
}

// Suite runs the library's promises against a backend, which must start
// empty.
func Suite(t *testing.T, files media.Backend) {
	ctx := context.Background()
	s := media.Store{Files: files}
	var all []media.Media

	t.Run("variants, crops and no metadata", func(t *testing.T) {
		m, err := s.Process(ctx, bytes.NewReader(WithGPS(Photo(t, 3000, 1500))), "../../etc/passwd.jpg")
		if err != nil {
			t.Fatal(err)
		}
		if m.Width != media.MaxSide || m.Height != 1200 || m.MIME != "image/jpeg" || m.Original != "passwd.jpg" || m.Version == "" || len(m.Hash) != 64 {
			t.Fatalf("%+v", m)
		}
		// The lasting address serves a rendition at most 1920 wide; the
		// private original is never served.
		last, ct, _ := served(t, s, m.Name)
		if w, _, _ := size(last); w != 1920 || ct != "image/jpeg" {
			t.Fatalf("lasting rendition %d wide, %s", w, ct)
		}
		if _, _, err := s.Open(ctx, "originals/"+m.Name); err == nil {
			t.Fatal("the private original is served")
		}
		p := m.Picture()
		// Before the variants job, a variant's address serves the lasting
		// rendition, marked as a stand-in.
		if b, _, fallback := served(t, s, strings.TrimPrefix(p.Variant(640, "webp"), "/media/")); !fallback || !bytes.Equal(b, last) {
			t.Fatal("a variant not made yet does not stand in with the lasting rendition")
		}
		n, err := s.MakeVariants(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		if n.Version != m.Version || n.Hash != m.Hash {
			t.Fatalf("the job found another version: %s / %s", n.Version, m.Version)
		}
		if miss, err := s.Missing(ctx, n); err != nil || miss {
			t.Fatalf("missing after the job: %v %v", miss, err)
		}
		for _, w := range media.Widths {
			for f, want := range map[string]string{"jpg": "jpeg", "webp": "webp"} {
				b, ct, fallback := served(t, s, strings.TrimPrefix(p.Variant(w, f), "/media/"))
				gw, gh, format := size(b)
				if fallback || gw != w || gh != w/2 || format != want || ct != "image/"+want {
					t.Errorf("variant %d %s: %dx%d %s %s fallback %v", w, f, gw, gh, format, ct, fallback)
				}
			}
		}
		if got := p.Srcset("webp"); strings.Count(got, "w, ") != 4 || !strings.HasSuffix(got, ".webp 1920w") {
			t.Errorf("srcset %q", got)
		}
		for _, c := range media.Crops {
			u, w, h := p.CropSized(c)
			b, _, fallback := served(t, s, strings.TrimPrefix(u, "/media/"))
			if gw, gh, _ := size(b); fallback || gw != w || gh != h || gw > media.CropWidth {
				t.Errorf("crop %s is %dx%d; want %dx%d", c.Name, gw, gh, w, h)
			}
		}
		// No stored file, served or private, keeps the EXIF block.
		if err := files.List(ctx, "", func(in media.Info) error {
			f, err := files.Open(ctx, in.Key)
			if err != nil {
				return err
			}
			defer f.Close()
			b, err := io.ReadAll(f)
			for _, bad := range Secrets {
				if bytes.Contains(b, []byte(bad)) {
					t.Errorf("%s carries %q", in.Key, bad)
				}
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MakeVariants(ctx, media.Media{Name: "../../etc/passwd"}); err == nil {
			t.Fatal("variants of a bad name")
		}
		all = append(all, n)
	})

	t.Run("replacing keeps the address", func(t *testing.T) {
		m, err := s.Process(ctx, bytes.NewReader(Photo(t, 1200, 800)), "first.jpg")
		if err != nil {
			t.Fatal(err)
		}
		if m, err = s.MakeVariants(ctx, m); err != nil {
			t.Fatal(err)
		}
		old := m.Picture()
		var gray bytes.Buffer
		if err := jpeg.Encode(&gray, image.NewGray(image.Rect(0, 0, 700, 700)), nil); err != nil {
			t.Fatal(err)
		}
		n, err := s.Replace(ctx, m, bytes.NewReader(gray.Bytes()), "second.jpg")
		if err != nil {
			t.Fatal(err)
		}
		if n.Name != m.Name || n.Version == m.Version || n.Width != 700 || n.Original != "second.jpg" {
			t.Fatalf("replaced: %+v", n)
		}
		// Until the replacement is recorded, nothing readers see changes.
		if b, _, _ := served(t, s, n.Name); func() bool { w, _, _ := size(b); return w != 1200 }() {
			t.Fatal("the lasting address changed before the replacement was recorded")
		}
		if err := s.PutLasting(ctx, n); err != nil {
			t.Fatal(err)
		}
		if b, _, _ := served(t, s, n.Name); func() bool { w, _, _ := size(b); return w != 700 }() {
			t.Fatal("the lasting address still serves the old picture")
		}
		if _, err := s.MakeVariants(ctx, n, old); err != nil {
			t.Fatal(err)
		}
		oldKey := strings.TrimPrefix(old.Variant(640, "webp"), "/media/")
		if _, fallback, err := s.Open(ctx, oldKey); err != nil || !fallback {
			t.Fatalf("an old page's variant: fallback %v, %v", fallback, err) // it still answers, with the lasting rendition
		}
		if _, err := files.Stat(ctx, oldKey); err == nil {
			t.Error("the old version's variants are kept")
		}
		if _, err := s.Replace(ctx, n, strings.NewReader("%PDF-1.4 x"), "x.pdf"); err == nil {
			t.Error("a picture replaced by a document")
		}
		originals := 0
		if err := files.List(ctx, "originals/"+strings.TrimSuffix(n.Name, ".jpg"), func(media.Info) error { originals++; return nil }); err != nil || originals != 1 {
			t.Errorf("%d originals kept after the job (%v); want the new one only", originals, err)
		}
		if err := s.Remove(ctx, n.Name); err != nil {
			t.Fatal(err)
		}
		if err := files.List(ctx, "", func(in media.Info) error {
			if strings.Contains(in.Key, strings.TrimSuffix(n.Name, ".jpg")) {
				t.Errorf("%s left after removing its picture", in.Key)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("crops' sizes and transparency", func(t *testing.T) {
		// A wide, low picture: its 16x9 crop is limited by its height, and
		// the file is the size the pages say.
		img := image.NewNRGBA(image.Rect(0, 0, 1000, 500))
		for i := 0; i < len(img.Pix); i += 4 {
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = 255, 255, 255, 128 // white, half transparent
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		m, err := s.Process(ctx, &buf, "glass.png")
		if err != nil {
			t.Fatal(err)
		}
		if m, err = s.MakeVariants(ctx, m); err != nil {
			t.Fatal(err)
		}
		p := m.Picture()
		for _, c := range media.Crops {
			u, w, h := p.CropSized(c)
			b, _, _ := served(t, s, strings.TrimPrefix(u, "/media/"))
			if gw, gh, _ := size(b); gw != w || gh != h {
				t.Errorf("crop %s is %dx%d; the page says %dx%d", c.Name, gw, gh, w, h)
			}
		}
		b, _, _ := served(t, s, strings.TrimPrefix(p.Variant(320, "webp"), "/media/"))
		got, _, err := image.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if c := color.NRGBAModel.Convert(got.At(160, 80)).(color.NRGBA); c.R < 200 || c.A < 100 || c.A > 156 {
			t.Errorf("a half-transparent white pixel came out as %v in WebP", c)
		}
		if err := s.Remove(ctx, m.Name); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("originals under older names are moved, never lost", func(t *testing.T) {
		m, err := s.Process(ctx, bytes.NewReader(Photo(t, 1200, 800)), "older.jpg")
		if err != nil {
			t.Fatal(err)
		}
		stem := strings.TrimSuffix(m.Name, ".jpg")
		own := ""
		if err := files.List(ctx, "originals/"+stem, func(in media.Info) error { own = in.Key; return nil }); err != nil || own == "" {
			t.Fatalf("no original: %v", err)
		}
		f, err := files.Open(ctx, own)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(f)
		f.Close()
		// As an earlier version kept it: originals/{name}, the hash recorded.
		if err := files.Put(ctx, "originals/"+m.Name, bytes.NewReader(data), int64(len(data)), "image/jpeg"); err != nil {
			t.Fatal(err)
		}
		if err := files.Delete(ctx, own); err != nil {
			t.Fatal(err)
		}
		if c, _, _ := s.Verify(ctx, m, false); len(c.Problems) == 0 || !strings.Contains(c.Problems[0], "older name") {
			t.Fatalf("an original under an older name: %+v", c)
		}
		if _, err := s.MakeVariants(ctx, m); err != nil {
			t.Fatal(err)
		}
		if _, err := files.Stat(ctx, own); err != nil {
			t.Fatalf("the original was not moved to its own name: %v", err)
		}
		if _, err := files.Stat(ctx, "originals/"+m.Name); err == nil {
			t.Error("the older name is kept too")
		}
		// Lost altogether, but the lasting rendition has the same bytes (a
		// picture at most 1920 wide): it is the original, checked by its hash.
		if err := files.Delete(ctx, own); err != nil {
			t.Fatal(err)
		}
		if c, _, _ := s.Verify(ctx, m, true); !c.Repaired {
			t.Fatalf("not recovered from the lasting rendition: %+v", c)
		}
		if _, err := files.Stat(ctx, own); err != nil {
			t.Fatalf("the original was not recovered: %v", err)
		}
		if err := s.Remove(ctx, m.Name); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("documents are kept as uploaded", func(t *testing.T) {
		pdf := "%PDF-1.4\n1 0 obj\n<< /JS (app.alert(1)) >>\n"
		d, err := s.Process(ctx, strings.NewReader(pdf), "report.pdf")
		if err != nil {
			t.Fatal(err)
		}
		b, ct, _ := served(t, s, d.Name)
		if ct != media.PDF || string(b) != pdf || !d.IsDocument() {
			t.Fatalf("document served as %s", ct)
		}
		all = append(all, d)
	})

	t.Run("verify finds and repairs", func(t *testing.T) {
		if len(all) != 2 {
			t.Skip("needs the pictures above")
		}
		m, d := all[0], all[1]
		if c, _, err := s.Verify(ctx, m, false); err != nil || len(c.Problems) != 0 {
			t.Fatalf("a whole picture: %v %v", c.Problems, err)
		}
		victim := strings.TrimPrefix(m.Picture().Variant(320, "webp"), "/media/")
		if err := files.Delete(ctx, victim); err != nil {
			t.Fatal(err)
		}
		if c, _, _ := s.Verify(ctx, m, false); len(c.Problems) != 1 || c.Repaired {
			t.Fatalf("a missing variant: %+v", c)
		}
		if c, _, _ := s.Verify(ctx, m, true); !c.Repaired {
			t.Fatalf("not repaired: %+v", c)
		}
		if _, err := files.Stat(ctx, victim); err != nil {
			t.Fatal("the variant was not made again")
		}
		changed := "%PDF-1.4 changed"
		if err := files.Put(ctx, d.Name, strings.NewReader(changed), int64(len(changed)), media.PDF); err != nil {
			t.Fatal(err)
		}
		if c, _, _ := s.Verify(ctx, d, true); len(c.Problems) != 1 || !strings.Contains(c.Problems[0], "damaged") {
			t.Fatalf("a damaged document: %+v", c)
		}
		// A damaged original is reported and never "repaired" into the
		// recorded one.
		var originalKey string
		if err := files.List(ctx, "originals/"+strings.TrimSuffix(m.Name, ".jpg"), func(in media.Info) error { originalKey = in.Key; return nil }); err != nil || originalKey == "" {
			t.Fatalf("no original listed: %v", err)
		}
		other := Photo(t, 300, 200)
		if err := files.Put(ctx, originalKey, bytes.NewReader(other), int64(len(other)), "image/jpeg"); err != nil {
			t.Fatal(err)
		}
		if c, _, _ := s.Verify(ctx, m, true); len(c.Problems) != 1 || !strings.Contains(c.Problems[0], "damaged") || c.Repaired {
			t.Fatalf("a damaged original: %+v", c)
		}
		if _, err := s.MakeVariants(ctx, m); !errors.Is(err, media.ErrDamaged) {
			t.Fatalf("variants of a damaged original: %v", err)
		}
		if err := files.Delete(ctx, originalKey); err != nil {
			t.Fatal(err)
		}
		if c, _, _ := s.Verify(ctx, m, true); len(c.Problems) != 1 || !strings.Contains(c.Problems[0], "missing") || c.Repaired {
			t.Fatalf("a picture whose original is gone: %+v", c)
		}
	})
}

// Gray is a picture of one colour, for tests that need any picture.
func Gray(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	img.Set(0, 0, color.White)
	return img
}
