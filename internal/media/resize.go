package media

import (
	"image"
	"image/color"
	"math"
)

// Resizing streams: the source is read a row at a time, each row is
// resampled across into the output's width, and only the few resampled rows
// the current output row needs are kept. Memory beyond the source and the
// output is a handful of rows, however large the picture (a general-purpose
// resampler keeps the output's width times the source's height in floats:
// half a gigabyte for a 40-megapixel photograph).

// tap is one source pixel's share in an output pixel.
type tap struct {
	at     int
	weight float32
}

// catmullRom is the Catmull-Rom cubic (a = -0.5), support 2.
func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return 1.5*x*x*x - 2.5*x*x + 1
	case x < 2:
		return -0.5*x*x*x + 2.5*x*x - 4*x + 2
	}
	return 0
}

// weights maps each of n output positions onto the source span [from,
// from+size): the filter widens with the reduction so that every source
// pixel counts, and each position's weights add up to one.
func weights(from, size, n int) [][]tap {
	scale := float64(size) / float64(n)
	stretch := math.Max(1, scale)
	support := 2 * stretch
	out := make([][]tap, n)
	for i := range out {
		center := (float64(i)+0.5)*scale - 0.5
		lo := int(math.Floor(center - support + 1))
		hi := int(math.Ceil(center + support - 1))
		var taps []tap
		var sum float64
		for j := lo; j <= hi; j++ {
			w := catmullRom((float64(j) - center) / stretch)
			if w == 0 {
				continue
			}
			at := min(max(j, 0), size-1) + from
			taps = append(taps, tap{at, float32(w)})
			sum += w
		}
		if sum != 0 {
			for k := range taps {
				taps[k].weight = float32(float64(taps[k].weight) / sum)
			}
		}
		out[i] = taps
	}
	return out
}

// resize returns the part sr of img scaled to w x h.
func resize(img image.Image, sr image.Rectangle, w, h int) *image.RGBA {
	w, h = max(w, 1), max(h, 1)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	across := weights(sr.Min.X, sr.Dx(), w)
	down := weights(sr.Min.Y, sr.Dy(), h)
	src := make([]float32, 4*sr.Dx())
	rows := map[int][]float32{} // source row -> that row resampled across
	row := func(y int) []float32 {
		if r, ok := rows[y]; ok {
			return r
		}
		readRow(img, y, sr.Min.X, sr.Max.X, src)
		r := make([]float32, 4*w)
		for x, taps := range across {
			var c0, c1, c2, c3 float32
			for _, t := range taps {
				i := 4 * (t.at - sr.Min.X)
				c0 += t.weight * src[i]
				c1 += t.weight * src[i+1]
				c2 += t.weight * src[i+2]
				c3 += t.weight * src[i+3]
			}
			r[4*x], r[4*x+1], r[4*x+2], r[4*x+3] = c0, c1, c2, c3
		}
		rows[y] = r
		return r
	}
	for y, taps := range down {
		for k := range rows { // rows above this window are done with
			if k < taps[0].at {
				delete(rows, k)
			}
		}
		out := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
		acc := make([]float32, 4*w)
		for _, t := range taps {
			r := row(t.at)
			for i := range acc {
				acc[i] += t.weight * r[i]
			}
		}
		for x := 0; x < w; x++ {
			a := clamp8(acc[4*x+3])
			out[4*x+3] = a
			for c := 0; c < 3; c++ { // premultiplied: no colour above its alpha
				out[4*x+c] = min(clamp8(acc[4*x+c]), a)
			}
		}
	}
	return dst
}

func clamp8(v float32) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v + 0.5)
}

// readRow reads the pixels x0..x1 of row y as premultiplied RGBA in 0..255.
func readRow(img image.Image, y, x0, x1 int, out []float32) {
	switch m := img.(type) {
	case *image.YCbCr:
		for x := x0; x < x1; x++ {
			yi, ci := m.YOffset(x, y), m.COffset(x, y)
			r, g, b := color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
			i := 4 * (x - x0)
			out[i], out[i+1], out[i+2], out[i+3] = float32(r), float32(g), float32(b), 255
		}
	case *image.RGBA:
		p := m.Pix[m.PixOffset(x0, y):]
		for i := 0; i < 4*(x1-x0); i++ {
			out[i] = float32(p[i])
		}
	case *image.NRGBA:
		p := m.Pix[m.PixOffset(x0, y):]
		for i := 0; i < 4*(x1-x0); i += 4 {
			a := float32(p[i+3]) / 255
			out[i], out[i+1], out[i+2], out[i+3] = float32(p[i])*a, float32(p[i+1])*a, float32(p[i+2])*a, float32(p[i+3])
		}
	case *image.Gray:
		p := m.Pix[m.PixOffset(x0, y):]
		for x := 0; x < x1-x0; x++ {
			v := float32(p[x])
			out[4*x], out[4*x+1], out[4*x+2], out[4*x+3] = v, v, v, 255
		}
	default:
		for x := x0; x < x1; x++ {
			r, g, b, a := img.At(x, y).RGBA() // premultiplied, 16 bits
			i := 4 * (x - x0)
			out[i], out[i+1], out[i+2], out[i+3] = float32(r)/257, float32(g)/257, float32(b)/257, float32(a)/257
		}
	}
}
