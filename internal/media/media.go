// Package media owns uploaded pictures and documents: it accepts only real
// images (and PDFs, kept as downloads), decodes and re-encodes pictures (so
// nothing but pixels survives an upload: no scripts, no polyglot files, no
// metadata), and makes their variants and crops. Files are named by random
// ids and content hashes, never by what the uploader called them, and kept
// in a Backend (local disk or S3-compatible storage). It must not import
// store or web.
package media

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/draw"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"broadsheet/internal/apperr"
)

// ErrNotFound is returned when no media item or file matches.
var ErrNotFound = fmt.Errorf("media: %w", apperr.NotFound)

// Limits on uploads.
const (
	MaxBytes  = 15 << 20
	MaxPixels = 40_000_000
	MaxSide   = 2400 // the private original is scaled down to this
)

// Widths of the variants made for srcset; a picture gets those narrower
// than itself and one at its own width (at most the last).
var Widths = []int{320, 640, 960, 1280, 1920}

// Crop is an aspect ratio cut from every picture around its focal point,
// for cards on the site and for search engines' and social networks' cards
// (which ask for 16x9, 4x3 and 1x1 versions).
type Crop struct {
	Name   string // "16x9"
	W, H   int
	Widths []int // the widths it is made at
	WebP   bool  // also made as WebP (the crops pages show; the others are for other sites)
}

// Crops are the ratios cut; CropWidth is the widest a crop is made
// (narrower pictures give narrower crops).
var (
	Crops = []Crop{
		{Name: "16x9", W: 16, H: 9, Widths: []int{480, 800, 1200}, WebP: true},
		{Name: "4x3", W: 4, H: 3, Widths: []int{1200}},
		{Name: "1x1", W: 1, H: 1, Widths: []int{240, 1200}}, // 240: authors' photos
	}
	CropWidth = 1200
)

// Media is one stored picture or document.
type Media struct {
	ID         int64
	Name       string // its lasting address under /media/, e.g. "3f9c1a2b....jpg"
	Original   string // the uploader's file name, for the library only
	MIME       string
	Width      int
	Height     int
	Size       int64
	Alt        string
	Caption    string
	Credit     string
	Source     string // where it came from (an agency, a reader, a handout)
	Rights     string // what the newsroom may do with it
	FocalX     int    // the point crops keep in view, in thousandths of the width
	FocalY     int    // ... and of the height
	Hash       string // SHA-256 of the stored original's bytes
	Version    string // names the current variants; changes with the file and the focal point
	UploadedBy int64
	CreatedAt  time.Time
}

// URL is the item's lasting address: it keeps working when the file is
// replaced, so it is served with a short cache.
func (m Media) URL() string { return "/media/" + m.Name }

// Picture is what a page needs to show a picture: its lasting name, the
// version of its variants, and its size.
func (m Media) Picture() Picture {
	return Picture{Name: m.Name, Version: m.Version, Width: m.Width, Height: m.Height, Hash: m.Hash}
}

// PDF is a stored document's type. Documents are kept as uploaded and only
// ever served as downloads, never shown in a page.
const PDF = "application/pdf"

// IsDocument reports whether a stored item is a document rather than a
// picture.
func (m Media) IsDocument() bool { return m.MIME == PDF }

// DefaultFocus is the focal point of a picture nobody has set one for: the
// middle.
const DefaultFocus = 500

// VariantSet names the set of sizes and crops made for every picture; it
// changes when they do, so that every picture gets a new version and the
// variants job makes the new set (see JobCrops).
const VariantSet = "2"

// VersionOf names a picture's variants from its original's hash and focal
// point (and the set of sizes made): a new file or a new focal point gives
// new names, so every variant can be cached for ever.
func VersionOf(hash string, fx, fy int) string {
	sum := sha256.Sum256([]byte(hash + ":" + strconv.Itoa(fx) + ":" + strconv.Itoa(fy) + ":" + VariantSet))
	return hex.EncodeToString(sum[:6])
}

// Picture names a stored picture's files for a page.
type Picture struct {
	Name          string
	Version       string // empty until the variants job has seen the picture
	Width, Height int
	Hash          string `json:",omitempty"` // its original's, when known (to delete an older version's)
}

// PictureAt is the picture at a lasting address ("/media/x.jpg") of the given
// size and variants' version.
func PictureAt(url, version string, width, height int) Picture {
	return Picture{Name: strings.TrimPrefix(url, "/media/"), Version: version, Width: width, Height: height}
}

// URL is the lasting address.
func (p Picture) URL() string { return "/media/" + p.Name }

func (p Picture) stem() string { return strings.TrimSuffix(p.Name, path.Ext(p.Name)) }

// Ext is the extension of the picture's own format ("jpg" or "png").
func (p Picture) Ext() string { return strings.TrimPrefix(path.Ext(p.Name), ".") }

// widths are the variant widths made for a picture this wide.
func widthsFor(width int) []int {
	var out []int
	top := Widths[len(Widths)-1]
	for _, w := range Widths {
		if w < width && w < top {
			out = append(out, w)
		}
	}
	return append(out, max(1, min(width, top)))
}

// Variant is the address of the variant of width w (one of the picture's
// widths) in a format ("webp", or the picture's own extension).
func (p Picture) Variant(w int, format string) string {
	return fmt.Sprintf("/media/%s-%s-w%d.%s", p.stem(), p.Version, w, format)
}

// Srcset lists the picture's variants in a format, narrowest first; empty
// for a picture whose variants are not named yet.
func (p Picture) Srcset(format string) string {
	if p.Version == "" || p.Width <= 0 {
		return ""
	}
	ws := widthsFor(p.Width)
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = p.Variant(w, format) + " " + strconv.Itoa(w) + "w"
	}
	return strings.Join(parts, ", ")
}

// Src is the address an <img> falls back to: the variant nearest 960 wide
// (or the lasting address before variants are named).
func (p Picture) Src() string {
	if p.Version == "" || p.Width <= 0 {
		return p.URL()
	}
	ws := widthsFor(p.Width)
	best := ws[len(ws)-1]
	for _, w := range ws {
		if w >= 960 {
			best = w
			break
		}
	}
	return p.Variant(best, p.Ext())
}

// CropSize is the size of a crop of a width x height picture at its widest.
func CropSize(width, height int, c Crop) (int, int) {
	w, h := width, width*c.H/c.W
	if h > height {
		w, h = height*c.W/c.H, height
	}
	if w > CropWidth {
		w, h = CropWidth, CropWidth*c.H/c.W
	}
	return max(w, 1), max(h, 1)
}

// cropHeight is the height of a crop of a width x height picture made w
// wide: at its widest, CropSize's (which may be limited by the picture's
// height); narrower, in the crop's ratio.
func cropHeight(width, height int, c Crop, w int) int {
	if most, h := CropSize(width, height, c); w == most {
		return h
	}
	return max(1, w*c.H/c.W)
}

// cropWidths are the widths a crop of a width x height picture is made at.
func cropWidths(width, height int, c Crop) []int {
	most, _ := CropSize(width, height, c)
	var out []int
	for _, w := range c.Widths {
		if w < most {
			out = append(out, w)
		}
	}
	return append(out, most)
}

// Crop is the address of a crop at (about) width w in a format; w is
// rounded to a width the crop is made at.
func (p Picture) Crop(c Crop, w int, format string) string {
	if p.Version == "" || p.Width <= 0 {
		return p.URL()
	}
	ws := cropWidths(p.Width, p.Height, c)
	best := ws[len(ws)-1]
	for _, cw := range ws {
		if cw >= w {
			best = cw
			break
		}
	}
	return fmt.Sprintf("/media/%s-%s-c%s-w%d.%s", p.stem(), p.Version, c.Name, best, format)
}

// CropSrcset lists a crop's widths in a format, up to most wide (0: all;
// the narrowest is always listed).
func (p Picture) CropSrcset(c Crop, format string, most int) string {
	if p.Version == "" || p.Width <= 0 {
		return ""
	}
	var parts []string
	for i, w := range cropWidths(p.Width, p.Height, c) {
		if most > 0 && w > most && i > 0 {
			break
		}
		parts = append(parts, p.Crop(c, w, format)+" "+strconv.Itoa(w)+"w")
	}
	return strings.Join(parts, ", ")
}

// CropSized is a crop's address and size at its widest, for structured data.
func (p Picture) CropSized(c Crop) (string, int, int) {
	w, h := CropSize(p.Width, p.Height, c)
	return p.Crop(c, w, p.Ext()), w, h
}

// The names files are kept and served under:
//
//	3f9c...(24 hex).jpg                  the lasting address (a rendition at most 1920 wide; a PDF as uploaded)
//	originals/3f9c....jpg                the private original (at most 2400 px), never served
//	3f9c...-{version}-w640.webp          a variant: width, format
//	3f9c...-{version}-c16x9-w480.jpg     a crop: ratio, width, format
//	3f9c...-w480.jpg, 3f9c...-c16x9.jpg  older variants' names, still answered
var (
	nameRE = regexp.MustCompile(`^([0-9a-f]{8,48})(\.(?:jpg|png|pdf)|-[0-9a-f]{12}-(?:w[0-9]{1,4}|c(?:16x9|4x3|1x1)-w[0-9]{1,4})\.(?:jpg|png|webp)|-(?:w[0-9]{2,4}|c(?:16x9|4x3|1x1))\.(?:jpg|png))$`)
)

// ValidName accepts the names this package serves: lasting addresses,
// variants, crops and older variants' names. Nothing else can be asked of a
// backend through a request.
func ValidName(name string) bool { return len(name) <= 100 && nameRE.MatchString(name) }

// base returns the lasting name a served name belongs to ("x-…-w640.webp" →
// "x.jpg" needs the lasting name's extension, which is found by trying).
func stemOf(name string) string {
	m := nameRE.FindStringSubmatch(name)
	if m == nil {
		return ""
	}
	return m[1]
}

// isLasting reports whether a name is a lasting address.
func isLasting(name string) bool {
	return ValidName(name) && !strings.Contains(name, "-")
}

// originalKey is where a picture's private original is kept: named by its
// content, so a replacement never overwrites the file it replaces
// ("originals/{name}" for one stored before, without a hash).
func originalKey(name, hash string) string {
	if len(hash) < 12 {
		return "originals/" + name
	}
	return "originals/" + strings.TrimSuffix(name, path.Ext(name)) + "-" + hash[:12] + path.Ext(name)
}

// cleanOriginal keeps the base of an uploader's file name, for the library.
func cleanOriginal(original, ext string) string {
	original = path.Base(strings.ReplaceAll(original, "\\", "/"))
	if utf8.RuneCountInString(original) > 200 || !utf8.ValidString(original) || original == "." || original == "/" {
		return "upload" + ext
	}
	return original
}

// fit scales img down so its width is at most w and its height at most
// twice that (never up).
func fit(img image.Image, w int) image.Image {
	b := img.Bounds()
	if b.Dx() <= w && b.Dy() <= w*2 {
		return img
	}
	nw := min(w, b.Dx())
	nh := b.Dy() * nw / b.Dx()
	if nh > w*2 {
		nh = w * 2
		nw = b.Dx() * nh / b.Dy()
	}
	return resize(img, b, max(nw, 1), max(nh, 1))
}

// width scales img to exactly w wide (never up).
func width(img image.Image, w int) image.Image {
	b := img.Bounds()
	if b.Dx() <= w {
		return img
	}
	return resize(img, b, w, max(1, b.Dy()*w/b.Dx()))
}

// cut takes the largest rectangle of c's ratio from img that keeps the focal
// point (thousandths) as near its middle as the edges allow, scaled to w wide.
func cut(img image.Image, c Crop, fx, fy, w int) image.Image {
	b := img.Bounds()
	cw, ch := b.Dx(), b.Dx()*c.H/c.W
	if ch > b.Dy() {
		cw, ch = b.Dy()*c.W/c.H, b.Dy()
	}
	cw, ch = max(cw, 1), max(ch, 1)
	cx, cy := b.Dx()*fx/1000, b.Dy()*fy/1000
	x0 := min(max(cx-cw/2, 0), b.Dx()-cw) + b.Min.X
	y0 := min(max(cy-ch/2, 0), b.Dy()-ch) + b.Min.Y
	return resize(img, image.Rect(x0, y0, x0+cw, y0+ch), w, cropHeight(b.Dx(), b.Dy(), c, w))
}

// flatten puts transparent pixels on white before JPEG encoding.
func flatten(img image.Image) image.Image {
	if _, ok := img.(*image.YCbCr); ok {
		return img
	}
	dst := image.NewRGBA(img.Bounds())
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(dst, dst.Bounds(), img, img.Bounds().Min, draw.Over)
	return dst
}

// CleanText trims and limits a caption, credit or alt text.
func CleanText(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune { // control and direction-changing characters go
		if unicode.IsControl(r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n])
	}
	return s
}

// Use is one place a picture shows.
type Use struct {
	What  string // "main picture of", "in the story", "photo of the author", "the site's"
	Title string
	Link  string // the newsroom page of what uses it
}

// Filter is a search of the library.
type Filter struct {
	Text       string // in the caption, credit, description or file name
	UploadedBy int64  // 0: anyone
	Kind       string // "pictures", "documents" or "" for both
	From       time.Time
	Before     time.Time // uploaded before (the day after the last day asked for)
}

// Uploader is someone who has uploaded to the library.
type Uploader struct {
	ID   int64
	Name string
}
