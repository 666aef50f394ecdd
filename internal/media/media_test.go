package media

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

func TestProcessReencodesAndMakesVariants(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	img := image.NewRGBA(image.Rect(0, 0, 3000, 1500))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(0, 0, color.White)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	m, err := s.Process(context.Background(), bytes.NewReader(buf.Bytes()), "../../etc/passwd.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if m.Width != MaxSide || m.Height != 1200 || m.MIME != "image/jpeg" || m.Original != "passwd.jpg" {
		t.Fatalf("%+v", m)
	}
	// Before the variants job runs, a variant's address opens the original.
	f, err := s.Open(filepath.Base(VariantURL(m.Name, 480)))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	f.Close()
	if st.Size() != m.Size {
		t.Fatalf("fallback served %d bytes, want the original's %d", st.Size(), m.Size)
	}
	if err := s.MakeVariants(m.Name); err != nil {
		t.Fatal(err)
	}
	for _, w := range Widths {
		f, err := os.Open(filepath.Join(s.Dir, filepath.Base(VariantURL(m.Name, w))))
		if err != nil {
			t.Fatalf("variant %d: %v", w, err)
		}
		cfg, _, err := image.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != w {
			t.Errorf("variant %d is %d wide (%v)", w, cfg.Width, err)
		}
	}
	for _, c := range Crops {
		f, err := os.Open(filepath.Join(s.Dir, filepath.Base(CropURL(m.Name, c))))
		if err != nil {
			t.Fatalf("crop %s: %v", c.Name, err)
		}
		cfg, _, err := image.DecodeConfig(f)
		f.Close()
		w, h := CropSize(m.Width, m.Height, c)
		if err != nil || cfg.Width != w || cfg.Height != h || cfg.Width*c.H != cfg.Height*c.W || cfg.Width > CropWidth {
			t.Errorf("crop %s is %dx%d; want %dx%d (%v)", c.Name, cfg.Width, cfg.Height, w, h, err)
		}
	}
	if w, h := CropSize(300, 1000, Crops[0]); w != 300 || h != 168 {
		t.Errorf("a tall narrow picture's 16x9 crop: %dx%d", w, h)
	}
	if w, h := CropSize(2400, 300, Crops[2]); w != 300 || h != 300 {
		t.Errorf("a wide low picture's square crop: %dx%d", w, h)
	}
	if base, ok := variantOf("0123456789abcdef01234567-c4x3.jpg"); !ok || base != "0123456789abcdef01234567.jpg" {
		t.Errorf("variantOf a crop: %q %v", base, ok)
	}
	if _, ok := variantOf("0123456789abcdef01234567-c5x3.jpg"); ok {
		t.Error("variantOf an unknown crop")
	}
	if err := s.MakeVariants("../../etc/passwd"); err == nil {
		t.Fatal("variants of a bad name")
	}
	if f, err := s.Open(m.Name); err != nil {
		t.Fatal(err)
	} else {
		f.Close()
	}
}

func TestValidName(t *testing.T) {
	for name, ok := range map[string]bool{
		"0123456789abcdef01234567.jpg": true, "0123456789abcdef01234567-w480.png": true, "0123456789abcdef01234567-c16x9.jpg": true,
		"../x.jpg": false, ".upload-1.jpg": false, "a.php": false, "a.jpg.php": false, "a.b.jpg": false, "A.JPG": false, "x": false,
	} {
		if ValidName(name) != ok {
			t.Errorf("ValidName(%q) = %v", name, !ok)
		}
	}
}

func TestHasCrops(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	m, err := s.Save(image.NewRGBA(image.Rect(0, 0, 800, 600)), false, "a.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if s.HasCrops(m.Name) || s.HasCrops("../x.jpg") {
		t.Fatal("crops before they are made")
	}
	if err := s.MakeVariants(m.Name); err != nil {
		t.Fatal(err)
	}
	if !s.HasCrops(m.Name) {
		t.Error("no crops after the variants job")
	}
}
