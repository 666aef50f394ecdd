package media

import (
	"image"
	"image/color"
	"testing"
)

// A crop keeps the focal point in view: a red mark at the far left of a
// wide picture is in the square crop when the focus is on it, not when
// the crop is centred.
func TestCropsFollowTheFocalPoint(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 1600, 400))
	for y := 0; y < 400; y++ {
		for x := 0; x < 1600; x++ {
			c := color.RGBA{30, 30, 200, 255}
			if x < 200 {
				c = color.RGBA{230, 20, 20, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	redShare := func(p image.Image) float64 {
		b, n := p.Bounds(), 0
		for y := b.Min.Y; y < b.Max.Y; y += 4 {
			for x := b.Min.X; x < b.Max.X; x += 4 {
				if r, _, bl, _ := p.At(x, y).RGBA(); r > bl {
					n++
				}
			}
		}
		return float64(n) / float64((b.Dx()/4)*(b.Dy()/4))
	}
	if got := redShare(cut(img, Crops[2], 500, 500, 300)); got > 0.01 {
		t.Errorf("a centred square crop shows %.0f%% red", got*100)
	}
	if got := redShare(cut(img, Crops[2], 50, 500, 300)); got < 0.4 {
		t.Errorf("a square crop focused on the left shows only %.0f%% red", got*100)
	}
	if VersionOf("h", 500, 500) == VersionOf("h", 50, 500) || VersionOf("h", 500, 500) == VersionOf("g", 500, 500) {
		t.Error("a new focal point or file keeps the variants' names")
	}
}

func TestValidName(t *testing.T) {
	id := "0123456789abcdef01234567"
	for name, ok := range map[string]bool{
		id + ".jpg": true, id + "-w480.png": true, id + "-c16x9.jpg": true, id + ".pdf": true,
		id + "-0123456789ab-w640.webp": true, id + "-0123456789ab-c4x3-w1200.jpg": true,
		id + "-0123456789ab-w640.pdf": false, id + ".webp": false, "originals/" + id + ".jpg": false, id + "-c5x3.jpg": false,
		"../x.jpg": false, ".upload-1.jpg": false, "a.php": false, "a.jpg.php": false, "a.b.jpg": false, "A.JPG": false, "x": false,
	} {
		if ValidName(name) != ok {
			t.Errorf("ValidName(%q) = %v", name, !ok)
		}
	}
}
