package media

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"testing"
)

// Resizing keeps a flat colour flat (with its alpha), keeps a gradient in
// order, and keeps the sides of a picture where they were.
func TestResize(t *testing.T) {
	flat := image.NewNRGBA(image.Rect(0, 0, 997, 613))
	for i := 0; i < len(flat.Pix); i += 4 {
		flat.Pix[i], flat.Pix[i+1], flat.Pix[i+2], flat.Pix[i+3] = 200, 100, 50, 128
	}
	want := color.RGBAModel.Convert(color.NRGBA{200, 100, 50, 128}).(color.RGBA)
	for _, size := range [][2]int{{480, 295}, {100, 61}, {1600, 984}, {1, 1}} {
		got := resize(flat, flat.Bounds(), size[0], size[1])
		for y := 0; y < size[1]; y++ {
			for x := 0; x < size[0]; x++ {
				c := got.RGBAAt(x, y)
				if d := int(c.R) - int(want.R) + int(c.A) - int(want.A); d < -2 || d > 2 {
					t.Fatalf("%dx%d at %d,%d: %v; want %v", size[0], size[1], x, y, c, want)
				}
			}
		}
	}
	ramp := image.NewGray(image.Rect(0, 0, 1000, 10))
	for x := 0; x < 1000; x++ {
		for y := 0; y < 10; y++ {
			ramp.SetGray(x, y, color.Gray{uint8(x / 4)})
		}
	}
	got := resize(ramp, ramp.Bounds(), 100, 1)
	for x := 1; x < 100; x++ {
		if got.RGBAAt(x, 0).R < got.RGBAAt(x-1, 0).R {
			t.Fatalf("the ramp goes back at %d", x)
		}
	}
	if l, r := got.RGBAAt(0, 0).R, got.RGBAAt(99, 0).R; l > 6 || r < 243 {
		t.Errorf("the ramp's ends moved: %d .. %d", l, r)
	}
}

func BenchmarkProcessPhotograph(b *testing.B) {
	data := photo(b, 6000, 4000)
	s := Store{Files: Disk{Dir: b.TempDir()}}
	b.ResetTimer()
	for b.Loop() {
		m, err := s.Process(context.Background(), bytes.NewReader(data), "p.jpg")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.MakeVariants(context.Background(), m); err != nil {
			b.Fatal(err)
		}
	}
}
