package media

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"broadsheet/internal/apperr"
)

// craftPNG writes a real PNG of w x h pixels, every one zero, at a bit
// depth and colour type, streaming its rows into zlib so that the test
// never holds the pixels.
func craftPNG(t *testing.T, w, h int, depth, colourType byte, bytesPerPixel int) []byte {
	t.Helper()
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		out.WriteString(typ)
		out.Write(data)
		binary.Write(&out, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = depth, colourType
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	zeros := make([]byte, 1<<20)
	for left := int64(h) * int64(1+w*bytesPerPixel); left > 0; left -= int64(len(zeros)) {
		zw.Write(zeros[:min(left, int64(len(zeros)))])
	}
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}

func photo(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = uint8(i * 7)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// peakHeap runs fn while sampling the heap, and returns how far it grew.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak.Load() {
					peak.Store(m.HeapAlloc)
				}
			}
		}
	}()
	fn()
	close(done)
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// Hostile uploads are refused with a clear message, or neutralised by
// re-encoding; nothing but a re-encoded picture is ever stored; and a
// burst of the worst of them keeps the server's memory within the pool's
// budget.
func TestHostileUploads(t *testing.T) {
	if testing.Short() {
		t.Skip("builds pictures of hundreds of megapixels' worth of rows")
	}
	dir := t.TempDir()
	s := Store{Files: Disk{Dir: dir}, Pool: NewPool(DecodeBudget)}
	ctx := context.Background()
	jpegWithHTML := append(photo(t, 64, 48), []byte("<html><script>alert(document.cookie)</script></html><?php system($_GET['c']); ?>")...)
	var g bytes.Buffer
	if err := gif.Encode(&g, image.NewPaletted(image.Rect(0, 0, 8, 8), color.Palette{color.Black, color.White}), nil); err != nil {
		t.Fatal(err)
	}
	gifWithScript := append(g.Bytes(), "<script>alert(1)</script>"...)
	thinStrip := craftPNG(t, 1, 39_999_999, 8, 6, 4)
	deep := craftPNG(t, 6320, 6320, 16, 6, 8)
	bomb := craftPNG(t, 60000, 60000, 8, 6, 0)[:100] // the header of a 3.6-gigapixel picture
	truncated := photo(t, 640, 480)
	truncated = truncated[:len(truncated)/2]
	t.Logf("the 1 x 39,999,999 PNG is %d KB; the 16-bit 6320 x 6320 PNG %d KB", len(thinStrip)>>10, len(deep)>>10)
	for _, c := range []struct {
		name, file string
		data       []byte
		refused    string // "" when the picture is accepted and re-encoded
	}{
		{"a JPEG carrying HTML and PHP", "holiday.jpg", jpegWithHTML, ""},
		{"HTML named .jpg", "photo.jpg", []byte("<!doctype html><script>alert(1)</script>"), "not a JPEG, PNG, GIF or WebP"},
		{"an SVG with a script", "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "not a JPEG, PNG, GIF or WebP"},
		{"PHP renamed to .png", "shell.png", []byte("<?php system($_GET['c']); ?>"), "not a JPEG, PNG, GIF or WebP"},
		{"ASPX renamed to .jpg", "shell.aspx.jpg", []byte(`<%@ Page Language="C#" %><% Response.Write("x"); %>`), "not a JPEG, PNG, GIF or WebP"},
		{"a GIF with a script after it", "pixel.gif", gifWithScript, ""},
		{"a decompression bomb", "bomb.png", bomb, "at most 40 megapixels"},
		{"a truncated JPEG", "cut.jpg", truncated, "could not be read"},
		{"a 1 x 39,999,999 PNG", "strip.png", thinStrip, "too long and thin"},
		{"a 16-bit 6320 x 6320 PNG", "deep.png", deep, "8-bit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			m, err := s.Process(ctx, bytes.NewReader(c.data), c.file)
			if c.refused != "" {
				v, ok := apperr.AsValidation(err)
				if !ok {
					t.Fatalf("not refused with a message: %v", err)
				}
				if _, msg := v.First(); !strings.Contains(msg, c.refused) {
					t.Fatalf("refused with %q; want %q", msg, c.refused)
				}
				if d := time.Since(start); d > 5*time.Second {
					t.Logf("slow refusal: %v", d) // a figure, not a gate
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			stored, err := os.ReadFile(filepath.Join(dir, m.Name))
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range []string{"<script", "<html", "<?php", "<%"} {
				if bytes.Contains(bytes.ToLower(stored), []byte(bad)) {
					t.Errorf("the stored file carries %q", bad)
				}
			}
			if _, _, err := image.Decode(bytes.NewReader(stored)); err != nil || !(strings.HasSuffix(m.Name, ".jpg") || strings.HasSuffix(m.Name, ".png")) {
				t.Errorf("stored %s is not a picture: %v", m.Name, err)
			}
		})
	}
	// Six of the worst at once, and six large photographs at once: the
	// heap grows by no more than the pool's budget and a margin.
	big := photo(t, 6000, 4000)
	grew := peakHeap(func() {
		var wg sync.WaitGroup
		for i := 0; i < 6; i++ {
			for _, data := range [][]byte{thinStrip, deep, big} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := s.Process(ctx, bytes.NewReader(data), "x.png")
					if err != nil && !errors.Is(err, apperr.Invalid) {
						if _, ok := apperr.AsValidation(err); !ok {
							t.Error(err)
						}
					}
				}()
			}
		}
		wg.Wait()
	})
	t.Logf("18 uploads at once (6 strips, 6 16-bit, 6 of 24 megapixels): the heap grew by %d MB at most", grew>>20)
	if grew > DecodeBudget+160<<20 {
		t.Errorf("the heap grew by %d MB; the pool allows %d MB", grew>>20, DecodeBudget>>20)
	}
}
