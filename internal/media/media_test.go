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
	for _, w := range Widths {
		if _, err := os.Stat(filepath.Join(s.Dir, filepath.Base(VariantURL(m.Name, w)))); err != nil {
			t.Errorf("variant %d: %v", w, err)
		}
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
