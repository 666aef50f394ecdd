// Package media owns uploaded pictures: it accepts only real images, decodes and
// re-encodes them (so nothing but pixels survives an upload: no scripts, no
// polyglot files, no metadata), and makes resized variants. Files are named by
// random ids, never by what the uploader called them. It must not import store
// or web.
package media

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif" // decoders for accepted uploads
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"broadsheet/internal/apperr"

	_ "golang.org/x/image/webp"
)

// ErrNotFound is returned when no media item matches.
var ErrNotFound = fmt.Errorf("media: %w", apperr.NotFound)

// Limits on uploads.
const (
	MaxBytes  = 15 << 20
	MaxPixels = 40_000_000
	MaxSide   = 2400 // the stored original is scaled down to this
)

// Widths of the variants made for srcset.
var Widths = []int{480, 960, 1600}

// Crop is an aspect ratio cut from every picture, for search engines'
// and social networks' cards (which ask for 16x9, 4x3 and 1x1 versions).
type Crop struct {
	Name string // "16x9"
	W, H int
}

// Crops are the ratios cut, largest first; CropWidth is the widest a crop
// is made (narrower pictures give narrower crops).
var (
	Crops     = []Crop{{"16x9", 16, 9}, {"4x3", 4, 3}, {"1x1", 1, 1}}
	CropWidth = 1200
)

// CropURL is the address of a picture's crop; until the variants job has
// made it, it serves the original.
func CropURL(name string, c Crop) string { return "/media/" + cropName(name, c.Name) }

func cropName(name, crop string) string {
	ext := filepath.Ext(name)
	return strings.TrimSuffix(name, ext) + "-c" + crop + ext
}

// HasCrops reports whether a stored picture's crops have been made.
func (s Store) HasCrops(name string) bool {
	if !ValidName(name) {
		return false
	}
	for _, c := range Crops {
		if _, err := os.Stat(filepath.Join(s.Dir, cropName(name, c.Name))); err != nil {
			return false
		}
	}
	return true
}

// CropSize is the size of a crop of a width x height picture.
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

// cut takes the largest centred rectangle of c's ratio from img, scaled to
// CropSize.
func cut(img image.Image, c Crop) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dx()*c.H/c.W
	if h > b.Dy() {
		w, h = b.Dy()*c.W/c.H, b.Dy()
	}
	x0, y0 := b.Min.X+(b.Dx()-w)/2, b.Min.Y+(b.Dy()-h)/2
	dw, dh := CropSize(b.Dx(), b.Dy(), c)
	return resize(img, image.Rect(x0, y0, x0+w, y0+h), dw, dh)
}

// Media is one stored picture.
type Media struct {
	ID         int64
	Name       string // stored file name, e.g. "3f9c1a2b.jpg"
	Original   string // the uploader's file name, for the library only
	MIME       string
	Width      int
	Height     int
	Size       int64
	Alt        string
	Caption    string
	Credit     string
	UploadedBy int64
	CreatedAt  time.Time
}

// URL is where the original is served.
func (m Media) URL() string { return "/media/" + m.Name }

// VariantURL is the address of a variant of width w.
func VariantURL(name string, w int) string { return "/media/" + variantName(name, w) }

// Srcset lists the variants narrower than the original, then the original.
func Srcset(name string, width int) string {
	var parts []string
	for _, w := range Widths {
		if w < width {
			parts = append(parts, fmt.Sprintf("%s %dw", VariantURL(name, w), w))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(append(parts, fmt.Sprintf("/media/%s %dw", name, width)), ", ")
}

// Store writes and reads files; the folder lives under the data directory.
// Pool bounds the memory of decoding (nil: a pool shared by the process).
type Store struct {
	Dir  string
	Pool *Pool
}

// Process reads an upload, checks it is an image within limits, re-encodes
// it and writes the stored original. It returns the row to save. The
// picture's type comes from its content alone (never its name or the
// browser's claim), and its size, shape and depth are checked from its
// header before a pixel is decoded; decoding waits for room in the pool.
func (s Store) Process(ctx context.Context, r io.Reader, original string) (Media, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return Media{}, err
	}
	if len(data) > MaxBytes {
		return Media{}, apperr.FieldError("file", fmt.Sprintf("The file is larger than %d MB.", MaxBytes>>20))
	}
	if len(data) == 0 {
		return Media{}, apperr.FieldError("file", "Choose a picture to upload.")
	}
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		return s.saveDocument(data, original)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Media{}, apperr.FieldError("file", "This file is not a JPEG, PNG, GIF or WebP picture, nor a PDF document.")
	}
	pool := s.pool()
	if err := checkHeader(cfg, pool.budget); err != nil {
		return Media{}, err
	}
	turn := 1
	if format == "jpeg" {
		turn = orientation(data)
	}
	need := cost(cfg)
	if turn > 1 {
		need += int64(cfg.Width) * int64(cfg.Height) * 4 // the upright copy
	}
	release, err := pool.take(ctx, need)
	if err != nil {
		return Media{}, err
	}
	defer release()
	img, _, err := image.Decode(bytes.NewReader(data)) // a GIF gives its first frame only
	if err != nil {
		return Media{}, apperr.FieldError("file", "The picture could not be read; it may be damaged or cut short.")
	}
	if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return Media{}, apperr.FieldError("file", "The picture could not be read; its header and its pixels disagree.")
	}
	img = orient(img, turn) // upright, before the metadata goes
	return s.Save(img, format == "png" || format == "gif", original)
}

// PDF is a stored document's type. Documents are kept as uploaded and only
// ever served as downloads, never shown in a page.
const PDF = "application/pdf"

// IsDocument reports whether a stored item is a document rather than a
// picture.
func (m Media) IsDocument() bool { return m.MIME == PDF }

// saveDocument stores a PDF under a random name.
func (s Store) saveDocument(data []byte, original string) (Media, error) {
	if err := os.MkdirAll(s.Dir, 0o750); err != nil {
		return Media{}, err
	}
	id := make([]byte, 12)
	if _, err := rand.Read(id); err != nil {
		return Media{}, err
	}
	name := hex.EncodeToString(id) + ".pdf"
	tmp, err := os.CreateTemp(s.Dir, ".upload-*")
	if err != nil {
		return Media{}, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return Media{}, err
	}
	if err := tmp.Close(); err != nil {
		return Media{}, err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(s.Dir, name)); err != nil {
		return Media{}, err
	}
	return Media{Name: name, Original: cleanOriginal(original, ".pdf"), MIME: PDF, Size: int64(len(data))}, nil
}

// cleanOriginal keeps the base of an uploader's file name, for the library.
func cleanOriginal(original, ext string) string {
	original = filepath.Base(strings.ReplaceAll(original, "\\", "/"))
	if utf8.RuneCountInString(original) > 200 || !utf8.ValidString(original) {
		return "upload" + ext
	}
	return original
}

// JobVariants is the job kind that makes a picture's narrower variants; until
// it has run, a variant's address serves the original (see Open).
const JobVariants = "media.variants"

// JobCrops is the job kind that finds the pictures stored before crops
// existed and queues a JobVariants for each; it is queued at start while
// there are pictures, and costs a look at each picture's files.
const JobCrops = "media.crops"

// VariantsPayload is the job's payload.
type VariantsPayload struct {
	Name string `json:"name"`
}

// MakeVariants writes the narrower copies of a stored picture for srcset
// and its crops. It is safe to run twice.
func (s Store) MakeVariants(name string) error {
	if strings.HasSuffix(name, ".pdf") {
		return nil // documents have no variants
	}
	if !ValidName(name) || strings.Contains(name, "-") {
		return fmt.Errorf("media: variants of %q: %w", name, apperr.Invalid)
	}
	data, err := os.ReadFile(filepath.Join(s.Dir, name))
	if err != nil {
		return fmt.Errorf("media: variants of %q: %w", name, err)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("media: variants of %q: %w", name, err)
	}
	release, err := s.pool().take(context.Background(), cost(cfg))
	if err != nil {
		return fmt.Errorf("media: variants of %q: %w", name, err)
	}
	defer release()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("media: variants of %q: %w", name, err)
	}
	for _, w := range Widths {
		if w < img.Bounds().Dx() {
			if _, err := s.write(variantName(name, w), fit(img, w)); err != nil {
				return err
			}
		}
	}
	for _, c := range Crops {
		if _, err := s.write(cropName(name, c.Name), cut(img, c)); err != nil {
			return err
		}
	}
	return nil
}

func variantName(name string, w int) string {
	ext := filepath.Ext(name)
	return strings.TrimSuffix(name, ext) + fmt.Sprintf("-w%d", w) + ext
}

// Save encodes an image (PNG if keepLossless, else JPEG); its variants are made
// later by MakeVariants, through the job queue.
func (s Store) Save(img image.Image, keepLossless bool, original string) (Media, error) {
	if err := os.MkdirAll(s.Dir, 0o750); err != nil {
		return Media{}, err
	}
	img = fit(img, MaxSide)
	b := img.Bounds()
	id := make([]byte, 12)
	if _, err := rand.Read(id); err != nil {
		return Media{}, err
	}
	ext, mime := ".jpg", "image/jpeg"
	if keepLossless {
		ext, mime = ".png", "image/png"
	}
	name := hex.EncodeToString(id) + ext
	size, err := s.write(name, img)
	if err != nil {
		return Media{}, err
	}
	return Media{Name: name, Original: cleanOriginal(original, ext), MIME: mime, Width: b.Dx(), Height: b.Dy(), Size: size}, nil
}

func (s Store) write(name string, img image.Image) (int64, error) {
	tmp, err := os.CreateTemp(s.Dir, ".upload-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	if strings.HasSuffix(name, ".png") {
		err = png.Encode(tmp, img)
	} else {
		err = jpeg.Encode(tmp, flatten(img), &jpeg.Options{Quality: 82})
	}
	if err != nil {
		tmp.Close()
		return 0, err
	}
	st, err := tmp.Stat()
	if err != nil {
		tmp.Close()
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	return st.Size(), os.Rename(tmp.Name(), filepath.Join(s.Dir, name))
}

// Open opens a stored file by its public name; names are checked so that no path
// outside the folder can be reached. A variant not made yet opens the original,
// so pages can list variants as soon as a picture is uploaded.
func (s Store) Open(name string) (*os.File, error) {
	if !ValidName(name) {
		return nil, ErrNotFound
	}
	f, err := os.Open(filepath.Join(s.Dir, name))
	if errors.Is(err, os.ErrNotExist) {
		if base, ok := variantOf(name); ok {
			return s.Open(base)
		}
		return nil, ErrNotFound
	}
	return f, err
}

// variantOf returns the original's name for a variant or crop name
// ("x-w480.jpg", "x-c16x9.jpg").
func variantOf(name string) (string, bool) {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	i := strings.LastIndex(stem, "-")
	if i < 0 {
		return "", false
	}
	for _, w := range Widths {
		if stem[i+1:] == "w"+fmt.Sprint(w) {
			return stem[:i] + ext, true
		}
	}
	for _, c := range Crops {
		if stem[i+1:] == "c"+c.Name {
			return stem[:i] + ext, true
		}
	}
	return "", false
}

// ValidName accepts the names Save makes: hex id, optional -wNNN or -cWxH,
// .jpg or .png; and documents' hex id .pdf.
func ValidName(name string) bool {
	if len(name) < 5 || len(name) > 80 || strings.HasPrefix(name, ".") {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return false
		}
	}
	ext := filepath.Ext(name)
	return (ext == ".jpg" || ext == ".png" || (ext == ".pdf" && !strings.Contains(name, "-"))) && strings.Count(name, ".") == 1
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
	return resize(img, b, nw, nh)
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

// Remove deletes a stored picture's files: the original, its variants and
// its crops. Files already gone are no error.
func (s Store) Remove(name string) error {
	if !ValidName(name) || strings.Contains(name, "-") {
		return fmt.Errorf("media: remove %q: %w", name, apperr.Invalid)
	}
	names := []string{name}
	for _, w := range Widths {
		names = append(names, variantName(name, w))
	}
	for _, c := range Crops {
		names = append(names, cropName(name, c.Name))
	}
	var errs []error
	for _, n := range names {
		if err := os.Remove(filepath.Join(s.Dir, n)); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
