package media

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

// withExif puts an EXIF block with an orientation, a GPS position and a
// camera serial number into a JPEG, as a phone does.
func withExif(t *testing.T, jpg []byte, orientation uint16) []byte {
	t.Helper()
	var tiff bytes.Buffer
	le := binary.LittleEndian
	tiff.WriteString("II*\x00")
	binary.Write(&tiff, le, uint32(8))
	binary.Write(&tiff, le, uint16(3)) // three entries
	entry := func(tag, typ uint16, count, value uint32) {
		binary.Write(&tiff, le, tag)
		binary.Write(&tiff, le, typ)
		binary.Write(&tiff, le, count)
		binary.Write(&tiff, le, value)
	}
	entry(0x0112, 3, 1, uint32(orientation))
	entry(0x8825, 4, 1, 50)  // the GPS directory
	entry(0xA431, 2, 12, 60) // the body's serial number
	binary.Write(&tiff, le, uint32(0))
	for tiff.Len() < 50 {
		tiff.WriteByte(0)
	}
	tiff.WriteString("GPS 6.4550N 3.3841E")
	for tiff.Len() < 60 {
		tiff.WriteByte(0)
	}
	tiff.WriteString("SN-A7C-0042\x00")
	app1 := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(app1)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, app1...)
	return append(out, jpg[2:]...)
}

// A phone's picture is turned upright as its EXIF says, and nothing of the
// EXIF (GPS position, serial number) survives in any served file.
func TestExifOrientationAndStripping(t *testing.T) {
	// 40 x 20, left half red, right half blue: as the sensor saw it.
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for y := 0; y < 20; y++ {
		for x := 0; x < 40; x++ {
			c := color.RGBA{220, 0, 0, 255}
			if x >= 20 {
				c = color.RGBA{0, 0, 220, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s := Store{Files: Disk{Dir: dir}}
	for _, c := range []struct {
		o          uint16
		w, h       int
		redAtTop   bool // after turning, where the sensor's left half went
		redAtRight bool
	}{
		{1, 40, 20, false, false},
		{6, 20, 40, true, false},  // a quarter clockwise: the left goes to the top
		{8, 20, 40, false, false}, // a quarter anticlockwise: the left goes to the bottom
		{3, 40, 20, false, true},  // upside down: the left goes right
	} {
		data := withExif(t, buf.Bytes(), c.o)
		if got := orientation(data); got != int(c.o) {
			t.Fatalf("orientation %d read as %d", c.o, got)
		}
		m, err := s.Process(context.Background(), bytes.NewReader(data), "phone.jpg")
		if err != nil {
			t.Fatal(err)
		}
		if m.Width != c.w || m.Height != c.h {
			t.Errorf("orientation %d: stored %dx%d; want %dx%d", c.o, m.Width, m.Height, c.w, c.h)
		}
		if _, err := s.MakeVariants(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		stored, _ := os.ReadFile(filepath.Join(dir, m.Name))
		got, err := jpeg.Decode(bytes.NewReader(stored))
		if err != nil {
			t.Fatal(err)
		}
		red := func(x, y int) bool { r, _, b, _ := got.At(x, y).RGBA(); return r > b }
		switch {
		case c.o == 6 || c.o == 8:
			if red(10, 5) != c.redAtTop {
				t.Errorf("orientation %d: the top is red %v", c.o, red(10, 5))
			}
		default:
			if red(35, 10) != c.redAtRight {
				t.Errorf("orientation %d: the right is red %v", c.o, red(35, 10))
			}
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		originals, _ := filepath.Glob(filepath.Join(dir, "originals", "*"))
		files = append(files, originals...)
		for _, f := range files {
			b, _ := os.ReadFile(f)
			for _, bad := range []string{"Exif", "GPS", "6.4550N", "SN-A7C"} {
				if bytes.Contains(b, []byte(bad)) {
					t.Errorf("%s carries %q", filepath.Base(f), bad)
				}
			}
		}
	}
	if orientation([]byte("not a jpeg")) != 1 || orientation(buf.Bytes()) != 1 {
		t.Error("orientation without EXIF")
	}
}

// Reading EXIF from hostile bytes never panics and always gives 1 to 8.
func FuzzOrientation(f *testing.F) {
	var buf bytes.Buffer
	jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4)), nil)
	f.Add(buf.Bytes())
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0xFF, 0xFF, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := orientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}
