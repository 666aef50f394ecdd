package demo

import (
	"image"
	"math"
	"math/rand/v2"
	"strings"
)

// This file holds the picture generator used for demo hero images and
// author portraits. Everything is drawn procedurally into a float32 RGB
// buffer and converted to 8-bit with a little ordered dithering so that
// smooth skies do not band. Nothing here is random at run time: the same
// seed always gives the same picture.

type rgb struct{ r, g, b float32 }

func hex(v uint32) rgb {
	return rgb{float32(v >> 16 & 255), float32(v >> 8 & 255), float32(v & 255)}
}

func mix(a, b rgb, t float32) rgb {
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

func (c rgb) scale(f float32) rgb { return rgb{c.r * f, c.g * f, c.b * f} }

func clamp01(v float32) float32 {
	if v < 0 {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}

func smooth(t float32) float32 {
	t = clamp01(t)
	return t * t * (3 - 2*t)
}

type canvas struct {
	w, h int
	px   []float32
}

func newCanvas(w, h int) *canvas {
	return &canvas{w: w, h: h, px: make([]float32, w*h*3)}
}

func (c *canvas) blend(i int, k rgb, a float32) {
	p := c.px[i : i+3 : i+3]
	p[0] += (k.r - p[0]) * a
	p[1] += (k.g - p[1]) * a
	p[2] += (k.b - p[2]) * a
}

func (c *canvas) set(i int, k rgb) {
	p := c.px[i : i+3 : i+3]
	p[0], p[1], p[2] = k.r, k.g, k.b
}

func (c *canvas) get(i int) rgb {
	return rgb{c.px[i], c.px[i+1], c.px[i+2]}
}

// box clips a float rectangle to the canvas and returns integer bounds.
func (c *canvas) box(x0, y0, x1, y1 float64) (int, int, int, int) {
	ix0, iy0 := int(math.Floor(x0)), int(math.Floor(y0))
	ix1, iy1 := int(math.Ceil(x1)), int(math.Ceil(y1))
	if ix0 < 0 {
		ix0 = 0
	}
	if iy0 < 0 {
		iy0 = 0
	}
	if ix1 > c.w {
		ix1 = c.w
	}
	if iy1 > c.h {
		iy1 = c.h
	}
	return ix0, iy0, ix1, iy1
}

// rect fills an axis-aligned rectangle (with fractional-edge coverage on the
// left and right so thin shapes such as antennas stay smooth).
func (c *canvas) rect(x0, y0, x1, y1 float64, k rgb, a float32) {
	ix0, iy0, ix1, iy1 := c.box(x0, y0, x1, y1)
	for y := iy0; y < iy1; y++ {
		cy := float32(math.Min(float64(y+1), y1) - math.Max(float64(y), y0))
		if cy <= 0 {
			continue
		}
		row := y * c.w * 3
		for x := ix0; x < ix1; x++ {
			cx := float32(math.Min(float64(x+1), x1) - math.Max(float64(x), x0))
			if cx <= 0 {
				continue
			}
			c.blend(row+x*3, k, a*clamp01(cx)*clamp01(cy))
		}
	}
}

// skyGradient paints three-stop vertical gradient from the top of the
// picture to the horizon; rows below the horizon get the horizon colour.
func (c *canvas) skyGradient(top, mid, hor rgb, horizon, midAt float64) {
	for y := 0; y < c.h; y++ {
		t := float32(float64(y) / horizon)
		var k rgb
		m := float32(midAt)
		switch {
		case t >= 1:
			k = hor
		case t < m:
			k = mix(top, mid, smooth(t/m*0.9+0.05))
		default:
			u := (t - m) / (1 - m)
			k = mix(mid, hor, u*u*(2-u))
		}
		row := y * c.w * 3
		for x := 0; x < c.w; x++ {
			c.set(row+x*3, k)
		}
	}
}

// glow lightens the area around (cx, cy) towards k with a smooth polynomial
// falloff that reaches zero at radius.
func (c *canvas) glow(cx, cy, radius float64, k rgb, strength float32, maxY float64) {
	ix0, iy0, ix1, iy1 := c.box(cx-radius, cy-radius, cx+radius, math.Min(cy+radius, maxY))
	inv := 1 / (radius * radius)
	for y := iy0; y < iy1; y++ {
		dy := float64(y) + 0.5 - cy
		dy2 := dy * dy * inv
		if dy2 >= 1 {
			continue
		}
		row := y * c.w * 3
		for x := ix0; x < ix1; x++ {
			dx := float64(x) + 0.5 - cx
			d2 := dx*dx*inv + dy2
			if d2 >= 1 {
				continue
			}
			f := float32(1 - d2)
			c.blend(row+x*3, k, strength*f*f*f)
		}
	}
}

// ellipse draws a filled ellipse. soft is the fraction of the radius over
// which the edge fades (0 gives a crisp anti-aliased edge).
func (c *canvas) ellipse(cx, cy, rx, ry float64, k rgb, a float32, soft float64, maxY float64) {
	ix0, iy0, ix1, iy1 := c.box(cx-rx-1, cy-ry-1, cx+rx+1, math.Min(cy+ry+1, maxY))
	mr := math.Min(rx, ry)
	for y := iy0; y < iy1; y++ {
		dy := (float64(y) + 0.5 - cy) / ry
		row := y * c.w * 3
		for x := ix0; x < ix1; x++ {
			dx := (float64(x) + 0.5 - cx) / rx
			q := dx*dx + dy*dy
			if q >= 1.3 {
				continue
			}
			var cov float32
			if soft > 0 {
				cov = smooth(float32((1 - q) / soft))
			} else {
				d := (math.Sqrt(q) - 1) * mr
				cov = clamp01(float32(0.5 - d))
			}
			if cov > 0 {
				c.blend(row+x*3, k, a*cov)
			}
		}
	}
}

// noise1 is a small deterministic 1-D value noise with cosine-like
// interpolation; fbm sums octaves of it.
type noise1 struct{ v [256]float32 }

func newNoise(r *rand.Rand) *noise1 {
	n := &noise1{}
	for i := range n.v {
		n.v[i] = r.Float32()*2 - 1
	}
	return n
}

func (n *noise1) at(x float64) float32 {
	fl := math.Floor(x)
	i := int(fl) & 255
	t := float32(x - fl)
	t = t * t * (3 - 2*t)
	return n.v[i] + (n.v[(i+1)&255]-n.v[i])*t
}

func (n *noise1) fbm(x float64, oct int, ridged bool) float32 {
	var sum, amp, norm float32 = 0, 1, 0
	f := 1.0
	for o := 0; o < oct; o++ {
		v := n.at(x*f + float64(o)*17.31)
		if ridged {
			v = 1 - 2*abs32(v)
		}
		sum += v * amp
		norm += amp
		amp *= 0.5
		f *= 2.03
	}
	return sum / norm
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// layer is one silhouette band (a range of hills, mountains, dunes...).
type layer struct {
	top   []float32 // y of the ridge for every column
	base  rgb       // main colour
	haze  rgb       // colour the layer fades to (mist) lower down
	mist  float32   // how much it fades towards haze at mistDepth below the ridge
	depth float32   // distance over which mist builds up, in pixels
	shade float32   // strength of slope lighting
	light float32   // +1 light from the right, -1 from the left
	kind  int       // 0 plain, 1 field patches, 2 dune
	alt   rgb       // second colour for fields
}

func (c *canvas) drawLayers(ls []layer, bottom int) {
	// Precompute, for each layer, the lowest row that is still visible
	// (the minimum ridge of every nearer layer), so hidden pixels are
	// never painted.
	occl := make([]int, c.w)
	for x := range occl {
		occl[x] = bottom
	}
	stops := make([][]int, len(ls))
	for i := len(ls) - 1; i >= 0; i-- {
		s := make([]int, c.w)
		copy(s, occl)
		stops[i] = s
		for x := 0; x < c.w; x++ {
			t := int(ls[i].top[x]) + 1
			if t < 0 {
				t = 0
			}
			if t < occl[x] {
				occl[x] = t
			}
		}
	}
	win := c.h / 70
	if win < 2 {
		win = 2
	}
	for li := range ls {
		l := &ls[li]
		stop := stops[li]
		invDepth := 1 / l.depth
		fallRate := float32(4)
		if l.kind == 2 {
			fallRate = 1.5
		}
		for x := 0; x < c.w; x++ {
			top := l.top[x]
			y0 := int(math.Floor(float64(top)))
			if y0 < 0 {
				y0 = 0
			}
			y1 := stop[x] + 1
			if y1 > bottom {
				y1 = bottom
			}
			// slope lighting
			xl, xr := x-win, x+win
			if xl < 0 {
				xl = 0
			}
			if xr >= c.w {
				xr = c.w - 1
			}
			slope := (l.top[xr] - l.top[xl]) / float32(xr-xl)
			lit := l.shade * clampf(-slope*l.light*2.5, -1, 1)
			if l.kind == 2 {
				// dunes: sharp contrast between the sunlit and shaded side
				lit = l.shade * clampf(-slope*l.light*6, -1, 1)
			}
			for y := y0; y < y1; y++ {
				cov := clamp01(float32(y+1) - top)
				if cov <= 0 {
					continue
				}
				d := (float32(y) - top) * invDepth
				k := l.base
				if l.kind == 1 {
					band := int((float32(y)-top)*invDepth*3.2+1.7*float32(math.Sin(float64(x)*0.004+float64(li)))) & 3
					if band == 1 || band == 3 {
						k = mix(l.base, l.alt, 0.35+0.15*float32(band>>1))
					}
				}
				fall := 1 - clamp01(d*fallRate)
				if lit != 0 {
					if lit > 0 {
						k = mix(k, rgb{255, 246, 225}, lit*0.35*fall)
					} else {
						k = k.scale(1 + lit*0.35*fall)
					}
				}
				if l.mist > 0 {
					k = mix(k, l.haze, l.mist*smooth(d))
				}
				c.blend((y*c.w+x)*3, k, cov)
			}
		}
	}
}

func clampf(v, lo, hi float32) float32 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// reflect mirrors everything above horizon into the water below it, tinted
// and gently rippled, then adds a glittering path under the sun.
func (c *canvas) reflect(horizon int, tint rgb, sunX float64, sunCol rgb, sunR float64, r *rand.Rand) {
	if horizon <= 1 || horizon >= c.h {
		return
	}
	ph := r.Float64() * 10
	for y := horizon; y < c.h; y++ {
		dy := y - horizon
		t := float32(dy) / float32(c.h-horizon)
		src := horizon - 1 - int(float64(dy)*0.9)
		if src < 0 {
			src = 0
		}
		wob := int(math.Sin(float64(y)*0.45+ph) * (1 + 6*float64(t)) * float64(c.h) / 900)
		ripple := float32(0.94 + 0.06*math.Sin(float64(y)*0.9+ph*2))
		a := 0.35 + 0.4*t
		row := y * c.w * 3
		srow := src * c.w * 3
		for x := 0; x < c.w; x++ {
			sx := x + wob
			if sx < 0 {
				sx = 0
			} else if sx >= c.w {
				sx = c.w - 1
			}
			k := mix(c.get(srow+sx*3), tint, a).scale(ripple)
			c.set(row+x*3, k)
		}
	}
	// sun path
	if sunR <= 0 {
		return
	}
	for y := horizon; y < c.h; y++ {
		t := float64(y-horizon) / float64(c.h-horizon)
		half := sunR * (1.2 + 4*t)
		freq := 0.02 + 0.05*math.Abs(math.Sin(float64(y)*1.7+ph))
		off := math.Sin(float64(y)*3.1) * 50
		ix0, _, ix1, _ := c.box(sunX-half, 0, sunX+half, 1)
		row := y * c.w * 3
		for x := ix0; x < ix1; x++ {
			dx := (float64(x) - sunX) / half
			fall := 1 - dx*dx
			if fall <= 0 {
				continue
			}
			s := math.Sin(float64(x)*freq + off)
			if s < 0.3 {
				continue
			}
			a := float32(fall * (s - 0.3) / 0.7 * (0.85 - 0.5*t))
			c.blend(row+x*3, sunCol, clamp01(a))
		}
	}
}

var bayer4 = [16]float32{0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5}

func (c *canvas) image() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, c.w, c.h))
	p := img.Pix
	for y := 0; y < c.h; y++ {
		src := c.px[y*c.w*3 : (y+1)*c.w*3]
		dst := p[y*img.Stride : y*img.Stride+c.w*4]
		by := (y & 3) * 4
		for x := 0; x < c.w; x++ {
			d := bayer4[by+x&3]/16 - 0.47
			s := src[x*3 : x*3+3 : x*3+3]
			o := dst[x*4 : x*4+4 : x*4+4]
			o[0] = to8(s[0] + d)
			o[1] = to8(s[1] + d)
			o[2] = to8(s[2] + d)
			o[3] = 255
		}
	}
	return img
}

func to8(v float32) uint8 {
	if v <= 0 {
		return 0
	}
	if v >= 255 {
		return 255
	}
	return uint8(v + 0.5)
}

// scenePalette holds the colours of one mood.
type scenePalette struct {
	top, mid, hor rgb // sky, top to horizon
	sun, glow     rgb
	far, near     rgb // first and last silhouette layer
	cloud         rgb
	water         rgb
}

func pal(top, mid, hor, sun, glow, far, near, cloud, water uint32) scenePalette {
	return scenePalette{hex(top), hex(mid), hex(hor), hex(sun), hex(glow), hex(far), hex(near), hex(cloud), hex(water)}
}

var (
	// warm evenings and cool dawns for mountains and lakes
	duskPalettes = []scenePalette{
		pal(0x28305e, 0xc0607e, 0xf7b577, 0xfff3d6, 0xffc98a, 0x8a6a94, 0x24193d, 0xf2a39a, 0x2f2c52),
		pal(0x1c3c5e, 0x6ea5bd, 0xf3d8a6, 0xfffbea, 0xffe9b8, 0x7594a8, 0x15293c, 0xf6e0c8, 0x1d3a52),
		pal(0x36204f, 0xdb6446, 0xffc462, 0xfff4b8, 0xffb35c, 0xa0525b, 0x2a1024, 0xf7a46b, 0x3a1d38),
		pal(0x6ea3d3, 0xb7d6e8, 0xf8e2c7, 0xfffdf4, 0xfff0d8, 0x9aabc2, 0x3b4e66, 0xffffff, 0x5a7892),
		pal(0x173a4a, 0x4f8f8c, 0xe6d5a3, 0xfffbe6, 0xf7e4a8, 0x6f9487, 0x12302f, 0xe9e4c6, 0x1d4346),
		pal(0x2d2350, 0x8a5a9c, 0xf0a1a8, 0xfff1e6, 0xffc7c0, 0x8a6d9e, 0x231a3a, 0xfbd0d0, 0x2e2a50),
	}
	// daytime countryside
	dayPalettes = []scenePalette{
		pal(0x3f86cc, 0x8cc0e6, 0xe4f1f2, 0xfffdf0, 0xfff6d8, 0x8fb3b5, 0x2f6b33, 0xffffff, 0x3f7fa8),
		pal(0x4a7fc0, 0x9dc3dd, 0xf1ead2, 0xfffbe8, 0xfff2cf, 0xa4b7a5, 0x47702d, 0xfffaf0, 0x4a7d96),
		pal(0x5b93c9, 0xa9cfe3, 0xf6e9cf, 0xfffef5, 0xfff1d2, 0xb4b9a0, 0x6d7a2c, 0xffffff, 0x4f8098),
	}
	// desert and savannah
	dunePalettes = []scenePalette{
		pal(0x4d86b8, 0xa3c4d6, 0xf4dcb4, 0xfffbee, 0xfff0cf, 0xe2b27a, 0xb8672f, 0xfff8ee, 0x000000),
		pal(0x3a3a6e, 0xc66f6a, 0xf8c58c, 0xfff3d2, 0xffcf8f, 0xd89a6a, 0x8e4a2e, 0xf7b39a, 0x000000),
		pal(0x2f6e94, 0x8cbccc, 0xf1e1c0, 0xfffdf2, 0xfbecc6, 0xd6b48c, 0xa26b3f, 0xffffff, 0x000000),
	}
	// city skylines, dusk and night
	cityPalettes = []scenePalette{
		pal(0x1b2447, 0x5d4f86, 0xf09a6e, 0xffe6c2, 0xffaa70, 0x6c6290, 0x141529, 0xd98a8a, 0x1a2140),
		pal(0x0f1b33, 0x244a74, 0x7fb2c9, 0xf4f6ff, 0xb8d8f0, 0x3a5a7a, 0x0b1424, 0x8aa8c4, 0x0e1c32),
		pal(0x2a1f47, 0xa2557a, 0xffb37a, 0xfff0cc, 0xffbe82, 0x84597e, 0x1d1230, 0xf5a98f, 0x2a1d3f),
		pal(0x2f5d8a, 0x8cb7d6, 0xf2dcc0, 0xfffaf0, 0xffefd6, 0x8f9fb6, 0x2c3546, 0xffffff, 0x35506a),
	}
)

// Picture returns a generated, photo-like abstract picture: a landscape,
// lake, skyline or desert composition whose scene and palette are chosen by
// seed. The same seed always gives the same picture. The subject sits in the
// middle of the frame so it crops well to 16:9, 4:3 or a square thumbnail.
func Picture(seed int64, w, h int) image.Image {
	if w < 1 {
		w = 1
	}
	if h < 1 {
		h = 1
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	return draw(r, r.IntN(5), w, h)
}

// Scenes a picture can show.
const (
	sceneMountains = iota
	sceneLake
	sceneCity
	sceneCountryside
	sceneDunes
)

// sceneWords pick a scene from a picture's description, checked in order:
// a skyline by the water is a city, a harbour without one is water.
var sceneWords = []struct {
	scene int
	words []string
}{
	{sceneCity, []string{"city", "skyline", "building", "tower", "rooftop", "district", "window", "apartment", "waterfront"}},
	{sceneLake, []string{"lake", "sea", "lagoon", "harbour", "river", "coast", "water", "shore"}},
	{sceneDunes, []string{"dune", "desert", "sand", "dusty", "rust"}},
	{sceneMountains, []string{"mountain", "misty"}},
	{sceneCountryside, []string{"hill", "field", "farm", "country", "tree", "green", "road", "landscape"}},
}

// PictureFor draws a picture whose scene fits its description (alt text):
// water for a lagoon, a skyline for a city, dunes for a desert. Descriptions
// that name no scene fall back to Picture(seed).
func PictureFor(alt string, seed int64, w, h int) image.Image {
	alt = strings.ToLower(alt)
	for _, sw := range sceneWords {
		for _, word := range sw.words {
			if strings.Contains(alt, word) {
				r := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
				return draw(r, sw.scene, max(w, 1), max(h, 1))
			}
		}
	}
	return Picture(seed, w, h)
}

func draw(r *rand.Rand, scene, w, h int) image.Image {
	c := newCanvas(w, h)
	switch scene {
	case 0:
		drawMountains(c, r)
	case 1:
		drawLake(c, r)
	case 2:
		drawCity(c, r)
	case 3:
		drawCountryside(c, r)
	default:
		drawDunes(c, r)
	}
	return c.image()
}

func pick(r *rand.Rand, ps []scenePalette) scenePalette {
	return ps[r.IntN(len(ps))]
}

func rng(r *rand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// sunAndSky paints the sky, glow and sun disc and returns the sun's centre
// and radius.
func sunAndSky(c *canvas, r *rand.Rand, p scenePalette, horizon float64, sunLow bool) (float64, float64, float64) {
	W, H := float64(c.w), float64(c.h)
	c.skyGradient(p.top, p.mid, p.hor, horizon, rng(r, 0.35, 0.6))
	sx := W * rng(r, 0.32, 0.68)
	var sy float64
	if sunLow {
		sy = horizon - H*rng(r, 0.06, 0.2)
	} else {
		sy = H * rng(r, 0.14, 0.3)
	}
	sr := H * rng(r, 0.045, 0.07)
	c.glow(sx, sy, H*0.95, p.glow, 0.45, horizon+2)
	c.glow(sx, sy, H*0.3, p.glow, 0.55, horizon+2)
	c.ellipse(sx, sy, sr*1.25, sr*1.25, p.sun, 0.35, 0.9, horizon+1)
	c.ellipse(sx, sy, sr, sr, p.sun, 1, 0, horizon+1)
	return sx, sy, sr
}

// streakClouds draws long, thin evening clouds lit by a low sun.
func streakClouds(c *canvas, r *rand.Rand, p scenePalette, maxY float64) {
	W, H := float64(c.w), float64(c.h)
	n := 3 + r.IntN(4)
	for i := 0; i < n; i++ {
		cy := H * rng(r, 0.08, maxY/H-0.1)
		cx := W * rng(r, 0.0, 1.0)
		base := H * rng(r, 0.12, 0.3)
		a := float32(rng(r, 0.25, 0.55))
		for j := 0; j < 4; j++ {
			rx := base * rng(r, 0.6, 1.4)
			ry := H * rng(r, 0.008, 0.022)
			c.ellipse(cx+rng(r, -1, 1)*base*0.8, cy+rng(r, -1, 1)*ry*1.5, rx, ry, p.cloud, a, 1.0, maxY)
		}
	}
}

// puffyClouds draws a few cumulus clouds, shaded underneath.
func puffyClouds(c *canvas, r *rand.Rand, p scenePalette, maxY float64) {
	W, H := float64(c.w), float64(c.h)
	shadow := mix(p.cloud, p.mid, 0.45)
	n := 2 + r.IntN(3)
	for i := 0; i < n; i++ {
		cx := W * (0.1 + 0.8*(float64(i)+r.Float64())/float64(n))
		cy := H * rng(r, 0.12, 0.32)
		size := H * rng(r, 0.05, 0.09)
		puffs := 4 + r.IntN(4)
		type puff struct{ x, y, r float64 }
		ps := make([]puff, puffs)
		for j := range ps {
			t := (float64(j)+0.5)/float64(puffs)*2 - 1
			pr := size * (1 - 0.45*math.Abs(t)) * rng(r, 0.8, 1.15)
			ps[j] = puff{cx + t*size*2.2, cy - pr*0.35, pr}
		}
		for _, q := range ps {
			c.ellipse(q.x, q.y+q.r*0.25, q.r*1.05, q.r*0.9, shadow, 0.85, 0.25, maxY)
		}
		for _, q := range ps {
			c.ellipse(q.x-q.r*0.08, q.y-q.r*0.1, q.r*0.95, q.r*0.85, p.cloud, 0.95, 0.25, maxY)
		}
		c.ellipse(cx, cy+size*0.35, size*2.6, size*0.28, shadow, 0.6, 0.6, maxY)
	}
}

// ridgeLine builds a ridge profile: base and amp are in pixels.
func ridgeLine(c *canvas, n *noise1, base, amp, scale float64, ridged bool, shift float64) []float32 {
	top := make([]float32, c.w)
	H := float64(c.h)
	for x := range top {
		u := float64(x)/H*scale + shift
		oct := 3
		if ridged {
			oct = 5
		}
		v := n.fbm(u, oct, ridged)
		top[x] = float32(base - amp*float64(v))
	}
	return top
}

func drawMountains(c *canvas, r *rand.Rand) {
	p := pick(r, duskPalettes)
	H := float64(c.h)
	horizon := H * rng(r, 0.58, 0.66)
	sx, _, _ := sunAndSky(c, r, p, horizon+H*0.1, true)
	streakClouds(c, r, p, horizon-H*0.05)
	n := newNoise(r)
	count := 4 + r.IntN(2)
	ls := make([]layer, count)
	light := float32(1)
	if sx < float64(c.w)/2 {
		light = -1
	}
	for i := range ls {
		t := float32(i) / float32(count-1)
		base := horizon + H*0.08*float64(i)
		amp := H * (0.2 - 0.03*float64(i))
		ridged := i < 2
		scale := 1.4 + 0.9*float64(i)
		ls[i] = layer{
			top:   ridgeLine(c, n, base, amp, scale, ridged, float64(i)*31.7),
			base:  mix(mix(p.far, p.hor, 0.25), p.near, t*t),
			haze:  mix(p.hor, p.far, 0.3),
			mist:  0.55 * (1 - t),
			depth: float32(H * 0.16),
			shade: 0.25 * (1 - t*0.6),
			light: light,
		}
	}
	c.drawLayers(ls, c.h)
}

func drawLake(c *canvas, r *rand.Rand) {
	p := pick(r, duskPalettes)
	H := float64(c.h)
	horizon := H * rng(r, 0.56, 0.64)
	sx, _, sr := sunAndSky(c, r, p, horizon, true)
	streakClouds(c, r, p, horizon-H*0.05)
	n := newNoise(r)
	ls := make([]layer, 2)
	light := float32(1)
	if sx < float64(c.w)/2 {
		light = -1
	}
	for i := range ls {
		t := float32(i)
		ls[i] = layer{
			top:   ridgeLine(c, n, horizon+1, H*(0.1-0.03*float64(i)), 1.6+float64(i), i == 0, float64(i)*13.3),
			base:  mix(mix(p.far, p.hor, 0.35), p.near, 0.35+0.4*t),
			haze:  p.hor,
			mist:  0.3,
			depth: float32(H * 0.1),
			shade: 0.2,
			light: light,
		}
		// keep the hills low near the sun so it sits over open water
		for x := range ls[i].top {
			dx := (float64(x) - sx) / (H * 0.45)
			lift := float32(math.Max(0, 1-dx*dx))
			ls[i].top[x] += (float32(horizon) - ls[i].top[x]) * lift * 0.85
		}
	}
	c.drawLayers(ls, int(horizon)+1)
	hz := int(horizon) + 1
	c.reflect(hz, p.water, sx, p.sun, sr, r)
	// a dark shore in one bottom corner for depth
	shore := layer{top: make([]float32, c.w), base: p.near, haze: p.near, depth: 1}
	left := r.IntN(2) == 0
	for x := range shore.top {
		u := float64(x) / float64(c.w)
		if !left {
			u = 1 - u
		}
		y := H * (0.86 + 0.5*u*u + 0.01*float64(n.fbm(float64(x)/H*8, 3, false)))
		shore.top[x] = float32(y)
	}
	c.drawLayers([]layer{shore}, c.h)
}

func drawCity(c *canvas, r *rand.Rand) {
	p := pick(r, cityPalettes)
	W, H := float64(c.w), float64(c.h)
	water := r.IntN(2) == 0
	ground := H * rng(r, 0.7, 0.78)
	if water {
		ground = H * rng(r, 0.62, 0.68)
	}
	sx, _, sr := sunAndSky(c, r, p, ground, false)
	streakClouds(c, r, p, ground-H*0.3)
	warm := rgb{255, 214, 140}
	unit := H / 100
	for li := 0; li < 3; li++ {
		t := float32(li) / 2
		k := mix(mix(p.far, p.hor, 0.3), p.near, t)
		maxH := H * (0.44 - 0.11*float64(li))
		minH := H * (0.1 - 0.03*float64(li))
		x := -rng(r, 0, 5*unit)
		for x < W {
			bw := unit * rng(r, 4, 10) * (1 + 0.25*float64(li))
			// tall towers cluster towards the middle of the frame
			centre := 1 - math.Abs((x+bw/2)/W-0.5)*1.4
			bh := minH + (maxH-minH)*math.Pow(r.Float64(), 1.6)*math.Max(0.25, centre)
			top := ground - bh
			c.rect(x, top, x+bw, ground+1, k, 1)
			switch r.IntN(5) {
			case 0: // stepped crown
				c.rect(x+bw*0.2, top-bh*0.08, x+bw*0.8, top, k, 1)
			case 1: // antenna
				c.rect(x+bw*0.5-unit*0.12, top-bh*0.18, x+bw*0.5+unit*0.12, top, k, 1)
			}
			if li > 0 {
				ww, gap := unit*0.9, unit*2.1
				on := 0.18 + 0.2*float64(li)
				for wy := top + unit*1.5; wy < ground-unit*2; wy += gap {
					for wx := x + unit*1.2; wx < x+bw-unit*1.6; wx += gap * 0.8 {
						if r.Float64() < on {
							wc := mix(k, warm, float32(rng(r, 0.45, 0.95)))
							c.rect(wx, wy, wx+ww, wy+ww*1.3, wc, 1)
						}
					}
				}
			}
			x += bw + unit*rng(r, 0, 2.5+3*float64(li))
		}
	}
	if water {
		c.reflect(int(ground)+1, p.water, sx, p.sun, sr, r)
	} else {
		n := newNoise(r)
		fg := layer{
			top:   ridgeLine(c, n, ground+H*0.08, H*0.05, 2, false, 3),
			base:  p.near.scale(0.8),
			haze:  p.near,
			depth: float32(H * 0.2),
		}
		c.rect(0, ground, W, H, p.near, 1)
		c.drawLayers([]layer{fg}, c.h)
	}
}

func drawCountryside(c *canvas, r *rand.Rand) {
	p := pick(r, dayPalettes)
	W, H := float64(c.w), float64(c.h)
	horizon := H * rng(r, 0.55, 0.62)
	sx, _, _ := sunAndSky(c, r, p, horizon+H*0.1, false)
	puffyClouds(c, r, p, horizon)
	n := newNoise(r)
	count := 4
	ls := make([]layer, count)
	light := float32(1)
	if sx < W/2 {
		light = -1
	}
	greens := []rgb{hex(0x7fae4f), hex(0xa9b84a), hex(0x5f9a45), hex(0xc9b35a)}
	for i := range ls {
		t := float32(i) / float32(count-1)
		base := horizon + H*0.09*float64(i)
		amp := H * (0.09 + 0.015*float64(i))
		col := mix(mix(p.far, p.hor, 0.2), p.near, t)
		if i > 0 {
			col = mix(col, greens[r.IntN(len(greens))], 0.35*(1-t)+0.1)
		}
		ls[i] = layer{
			top:   ridgeLine(c, n, base, amp, 0.9+0.4*float64(i), false, float64(i)*21.1),
			base:  col,
			haze:  mix(p.hor, p.far, 0.5),
			mist:  0.35 * (1 - t),
			depth: float32(H * 0.2),
			shade: 0.18,
			light: light,
			kind:  1,
			alt:   greens[r.IntN(len(greens))],
		}
		if i == 0 {
			ls[i].kind = 0
		}
	}
	c.drawLayers(ls, c.h)
	// trees along the two nearest ridges
	for li := count - 2; li < count; li++ {
		l := ls[li]
		tc := l.base.scale(0.62)
		trees := 3 + r.IntN(5)
		size := H * (0.022 + 0.012*float64(li-count+2))
		x := W * rng(r, 0.02, 0.15)
		for k := 0; k < trees && x < W; k++ {
			ix := int(x)
			if ix >= c.w {
				break
			}
			by := float64(l.top[ix]) + size*0.4
			c.rect(x-size*0.09, by-size*1.2, x+size*0.09, by, tc.scale(0.8), 1)
			if r.IntN(3) == 0 {
				c.ellipse(x, by-size*2.0, size*0.45, size*1.3, tc, 1, 0, H)
			} else {
				c.ellipse(x, by-size*1.6, size*0.85, size*0.75, tc, 1, 0, H)
				c.ellipse(x-size*0.2, by-size*1.8, size*0.45, size*0.35, mix(tc, l.base, 0.5), 0.6, 0.6, H)
			}
			x += W * rng(r, 0.03, 0.25)
		}
	}
}

func drawDunes(c *canvas, r *rand.Rand) {
	p := pick(r, dunePalettes)
	W, H := float64(c.w), float64(c.h)
	horizon := H * rng(r, 0.55, 0.62)
	sx, _, _ := sunAndSky(c, r, p, horizon+H*0.1, r.IntN(2) == 0)
	streakClouds(c, r, p, horizon-H*0.1)
	n := newNoise(r)
	count := 4
	ls := make([]layer, count)
	light := float32(1)
	if sx < W/2 {
		light = -1
	}
	for i := range ls {
		t := float32(i) / float32(count-1)
		base := horizon + H*0.1*float64(i)
		amp := H * (0.07 + 0.03*float64(i))
		top := make([]float32, c.w)
		sc := 0.8 + 0.3*float64(i)
		for x := range top {
			u := float64(x)/H*sc + float64(i)*9.7
			v := n.fbm(u, 3, false)
			// skew the profile so each dune has a long gentle side and a
			// steep slip face
			v = v + 0.35*float32(math.Sin(u*2.2+float64(v)))
			top[x] = float32(base - amp*float64(v))
		}
		ls[i] = layer{
			top:   top,
			base:  mix(mix(p.far, p.hor, 0.3), p.near, t*0.9),
			haze:  mix(p.hor, p.far, 0.4),
			mist:  0.4 * (1 - t),
			depth: float32(H * 0.18),
			shade: 0.35,
			light: light,
			kind:  2,
		}
	}
	c.drawLayers(ls, c.h)
}

// Portrait returns a square avatar-like picture for an author: a coloured
// background with a simple head-and-shoulders figure. Deterministic by seed.
func Portrait(seed int64, size int) image.Image {
	if size < 1 {
		size = 1
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x51f15e6b3c1d2a97))
	c := newCanvas(size, size)
	S := float64(size)
	bgs := []uint32{0x2f5d8a, 0x8a4f6e, 0x3f7a5c, 0xc27a3a, 0x5a4f8f, 0x2f7f86, 0xa8553f, 0x6b7a3a}
	skins := []uint32{0x5a3825, 0x7a4b2e, 0x8d5a3b, 0xa86f48, 0xc58c62, 0xe0b08a, 0xf0c9a6, 0x4a2d1e}
	hairs := []uint32{0x1c1410, 0x2e1f17, 0x3d2a1e, 0x5a3a22, 0x8a6a3a, 0x161616, 0x6e6e70}
	clothes := []uint32{0xf2efe8, 0x233247, 0xd8b24a, 0x9e3b3b, 0x2f6b5a, 0xe6d2c0, 0x44406a}
	bg := hex(bgs[r.IntN(len(bgs))])
	skin := hex(skins[r.IntN(len(skins))])
	hair := hex(hairs[r.IntN(len(hairs))])
	ci := r.IntN(len(clothes))
	cloth := hex(clothes[ci])
	for k := 0; k < len(clothes); k++ {
		cand := hex(clothes[(ci+k)%len(clothes)])
		dr, dg, db := cand.r-bg.r, cand.g-bg.g, cand.b-bg.b
		if dr*dr+dg*dg+db*db > 110*110 {
			cloth = cand
			break
		}
	}
	if lum := func(k rgb) float32 { return k.r*0.3 + k.g*0.59 + k.b*0.11 }; lum(hair) > lum(skin)*0.6 {
		hair = hair.scale(lum(skin) * 0.45 / lum(hair))
	}
	c.skyGradient(mix(bg, rgb{255, 255, 255}, 0.18), bg, mix(bg, rgb{0, 0, 0}, 0.25), S, 0.5)
	c.glow(S*0.5, S*0.42, S*0.6, mix(bg, rgb{255, 255, 255}, 0.5), 0.35, S)
	hx := S * 0.5
	hy := S * 0.4
	hrx, hry := S*0.165, S*0.2
	style := r.IntN(4)
	// hair behind the head (long styles)
	if style == 2 {
		c.ellipse(hx, hy+S*0.08, hrx*1.42, hry*1.2, hair, 1, 0, S*0.78)
	}
	// shoulders and neck
	neck := skin.scale(0.85)
	c.rect(hx-hrx*0.55, hy+hry*0.4, hx+hrx*0.55, S*0.75, neck, 1)
	c.ellipse(hx, S*1.0, S*0.41, S*0.32, cloth, 1, 0, S)
	c.ellipse(hx, S*0.685, hrx*0.66, S*0.04, neck, 1, 0, S)
	// hair cap, then the face over it so the hairline is curved
	switch style {
	case 0: // short crop
		c.ellipse(hx, hy-hry*0.1, hrx*1.04, hry*0.98, hair, 1, 0, S)
	case 1: // bun on top
		c.ellipse(hx, hy-hry*1.02, hrx*0.52, hrx*0.48, hair, 1, 0, S)
		c.ellipse(hx, hy-hry*0.1, hrx*1.05, hry*0.98, hair, 1, 0, S)
	case 2: // long
		c.ellipse(hx, hy-hry*0.12, hrx*1.1, hry*1.02, hair, 1, 0, S)
	default: // tall natural hair
		c.ellipse(hx, hy-hry*0.3, hrx*1.25, hry*0.95, hair, 1, 0, S)
	}
	c.ellipse(hx, hy+hry*0.1, hrx*0.93, hry*0.9, skin, 1, 0, S)
	// soft light on the face
	c.ellipse(hx-hrx*0.25, hy, hrx*0.55, hry*0.55, mix(skin, rgb{255, 255, 255}, 0.2), 0.35, 1, S)
	return c.image()
}
