package media

import (
	"bytes"
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
	m, err := s.Process(bytes.NewReader(buf.Bytes()), "../../etc/passwd.jpg")
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
		"0123456789abcdef01234567.jpg": true, "0123456789abcdef01234567-w480.png": true,
		"../x.jpg": false, ".upload-1.jpg": false, "a.php": false, "a.jpg.php": false, "a.b.jpg": false, "A.JPG": false, "x": false,
	} {
		if ValidName(name) != ok {
			t.Errorf("ValidName(%q) = %v", name, !ok)
		}
	}
}
