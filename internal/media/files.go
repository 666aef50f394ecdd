package media

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders for accepted uploads
	"image/jpeg"
	"image/png"
	"io"
	"path"
	"strings"

	"broadsheet/internal/apperr"

	"github.com/gen2brain/webp"
	xwebp "golang.org/x/image/webp"
)

// Store processes uploads and keeps their files in a Backend. Pool bounds
// the memory of decoding (nil: a pool shared by the process).
type Store struct {
	Files Backend
	Pool  *Pool
}

// Process reads an upload, checks it is an image (or a PDF) within limits,
// re-encodes it and writes the private original and the lasting rendition.
// It returns the row to save. The picture's type comes from its content
// alone (never its name or the browser's claim), and its size, shape and
// depth are checked from its header before a pixel is decoded; decoding
// waits for room in the pool.
func (s Store) Process(ctx context.Context, r io.Reader, original string) (Media, error) {
	return s.process(ctx, r, original, "")
}

// Replace puts a new file behind an item's lasting address: a picture
// replaces a picture (re-encoded in the item's format), a document a
// document. The returned row has the new size, hash and version; the
// variants job makes the new variants and drops the old.
func (s Store) Replace(ctx context.Context, m Media, r io.Reader, original string) (Media, error) {
	if !isLasting(m.Name) {
		return Media{}, fmt.Errorf("media: replace %q: %w", m.Name, apperr.Invalid)
	}
	n, err := s.process(ctx, r, original, m.Name)
	if err != nil {
		return Media{}, err
	}
	m.Original, m.MIME, m.Width, m.Height, m.Size, m.Hash = n.Original, n.MIME, n.Width, n.Height, n.Size, n.Hash
	m.Version = n.Version
	if !m.IsDocument() {
		m.Version = VersionOf(m.Hash, m.FocalX, m.FocalY)
	}
	return m, nil
}

func (s Store) process(ctx context.Context, r io.Reader, original, name string) (Media, error) {
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
	isPDF := bytes.HasPrefix(data, []byte("%PDF-"))
	if name != "" && isPDF != strings.HasSuffix(name, ".pdf") {
		if isPDF {
			return Media{}, apperr.FieldError("file", "A picture can only be replaced by a picture.")
		}
		return Media{}, apperr.FieldError("file", "A document can only be replaced by a PDF document.")
	}
	if isPDF {
		return s.saveDocument(ctx, data, original, name)
	}
	cfg, format, err := decodeConfig(data)
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
	img, err := decode(data, format) // a GIF gives its first frame only
	if err != nil {
		return Media{}, apperr.FieldError("file", "The picture could not be read; it may be damaged or cut short.")
	}
	if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return Media{}, apperr.FieldError("file", "The picture could not be read; its header and its pixels disagree.")
	}
	img = orient(img, turn) // upright, before the metadata goes
	return s.save(ctx, img, format == "png" || format == "gif", original, name)
}

// decodeConfig reads a picture's header. WebP is read by x/image's decoder
// (pure Go), whichever WebP decoder registered first.
func decodeConfig(data []byte) (image.Config, string, error) {
	if isWebP(data) {
		cfg, err := xwebp.DecodeConfig(bytes.NewReader(data))
		return cfg, "webp", err
	}
	return image.DecodeConfig(bytes.NewReader(data))
}

func decode(data []byte, format string) (image.Image, error) {
	if format == "webp" {
		return xwebp.Decode(bytes.NewReader(data))
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	return img, err
}

func isWebP(data []byte) bool {
	return len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP"
}

func newName(ext string) (string, error) {
	id := make([]byte, 12)
	if _, err := rand.Read(id); err != nil {
		return "", err
	}
	return hex.EncodeToString(id) + ext, nil
}

// saveDocument stores a PDF under a random name (or the one it replaces).
func (s Store) saveDocument(ctx context.Context, data []byte, original, name string) (Media, error) {
	if name == "" {
		var err error
		if name, err = newName(".pdf"); err != nil {
			return Media{}, err
		}
	}
	if err := s.Files.Put(ctx, name, bytes.NewReader(data), int64(len(data)), PDF); err != nil {
		return Media{}, err
	}
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:])
	return Media{Name: name, Original: cleanOriginal(original, ".pdf"), MIME: PDF, Size: int64(len(data)), Hash: h, Version: h[:12]}, nil
}

// Save stores a picture drawn or decoded here (PNG if keepLossless, else
// JPEG) under a new name; its variants are made later by MakeVariants,
// through the job queue.
func (s Store) Save(ctx context.Context, img image.Image, keepLossless bool, original string) (Media, error) {
	return s.save(ctx, img, keepLossless, original, "")
}

func (s Store) save(ctx context.Context, img image.Image, keepLossless bool, original, name string) (Media, error) {
	if name != "" {
		keepLossless = strings.HasSuffix(name, ".png") // a replacement keeps the address's format
	}
	ext, mime := ".jpg", "image/jpeg"
	if keepLossless {
		ext, mime = ".png", "image/png"
	}
	if name == "" {
		var err error
		if name, err = newName(ext); err != nil {
			return Media{}, err
		}
	}
	img = fit(img, MaxSide)
	b := img.Bounds()
	data, err := encode(img, strings.TrimPrefix(ext, "."))
	if err != nil {
		return Media{}, err
	}
	if err := s.Files.Put(ctx, originalKey(name), bytes.NewReader(data), int64(len(data)), mime); err != nil {
		return Media{}, err
	}
	if err := s.putLasting(ctx, name, img, data); err != nil {
		return Media{}, err
	}
	sum := sha256.Sum256(data)
	m := Media{Name: name, Original: cleanOriginal(original, ext), MIME: mime, Width: b.Dx(), Height: b.Dy(), Size: int64(len(data)),
		Hash: hex.EncodeToString(sum[:]), FocalX: DefaultFocus, FocalY: DefaultFocus}
	m.Version = VersionOf(m.Hash, m.FocalX, m.FocalY)
	return m, nil
}

// putLasting writes the rendition served at the lasting address: the
// original itself when it is at most the widest variant, else that variant.
func (s Store) putLasting(ctx context.Context, name string, img image.Image, original []byte) error {
	top := Widths[len(Widths)-1]
	data := original
	if img.Bounds().Dx() > top {
		var err error
		if data, err = encode(width(img, top), path.Ext(name)[1:]); err != nil {
			return err
		}
	}
	return s.Files.Put(ctx, name, bytes.NewReader(data), int64(len(data)), contentType(name))
}

// encode writes a picture as jpg, png or webp.
func encode(img image.Image, format string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, img)
	case "webp":
		err = webp.Encode(&buf, img, webp.Options{Quality: 78, Method: 2})
	default:
		err = jpeg.Encode(&buf, flatten(img), &jpeg.Options{Quality: 82})
	}
	return buf.Bytes(), err
}

// contentType is the exact type a served name is sent with.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".png":
		return "image/png"
	case ".webp":
		return "image/webp"
	case ".pdf":
		return PDF
	}
	return "image/jpeg"
}

// JobVariants is the job kind that makes a picture's variants and crops;
// until it has run, their addresses serve the lasting rendition (see Open).
const JobVariants = "media.variants"

// JobCrops is the job kind that finds the pictures whose variants are
// missing or older than their version (stored before variants were
// content-named, or moved between backends) and queues a JobVariants for
// each; it is queued at start while there are pictures.
const JobCrops = "media.crops"

// VariantsPayload is the job's payload.
type VariantsPayload struct {
	Name string    `json:"name"`
	Old  []Picture `json:"old,omitempty"` // versions whose files go once the new ones are made
}

// variantKeys lists every file a picture of a version should have, with
// its format.
func variantKeys(p Picture, fx, fy int) []variantSpec {
	var out []variantSpec
	for _, w := range widthsFor(p.Width) {
		for _, f := range []string{p.Ext(), "webp"} {
			out = append(out, variantSpec{key: strings.TrimPrefix(p.Variant(w, f), "/media/"), w: w, format: f})
		}
	}
	for _, c := range Crops {
		formats := []string{p.Ext()}
		if c.WebP {
			formats = append(formats, "webp")
		}
		for _, w := range cropWidths(p.Width, p.Height, c) {
			for _, f := range formats {
				out = append(out, variantSpec{key: strings.TrimPrefix(p.Crop(c, w, f), "/media/"), w: w, format: f, crop: c, fx: fx, fy: fy})
			}
		}
	}
	return out
}

type variantSpec struct {
	key    string
	w      int
	format string
	crop   Crop
	fx, fy int
}

// MakeVariants writes a picture's variants and crops for its version, from
// its private original, and removes those of the older versions given. A picture
// stored before originals were kept apart gets one first (its file at the
// lasting address), and a picture without a hash gets one: the returned row
// says so. It is safe to run twice and skips files already there.
func (s Store) MakeVariants(ctx context.Context, m Media, old ...Picture) (Media, error) {
	if m.IsDocument() {
		return m, nil
	}
	if !isLasting(m.Name) {
		return m, fmt.Errorf("media: variants of %q: %w", m.Name, apperr.Invalid)
	}
	data, err := s.readOriginal(ctx, m.Name)
	if err != nil {
		return m, fmt.Errorf("media: variants of %q: %w", m.Name, err)
	}
	sum := sha256.Sum256(data)
	m.Hash = hex.EncodeToString(sum[:])
	if m.FocalX == 0 && m.FocalY == 0 {
		m.FocalX, m.FocalY = DefaultFocus, DefaultFocus
	}
	m.Version = VersionOf(m.Hash, m.FocalX, m.FocalY)
	cfg, format, err := decodeConfig(data)
	if err != nil {
		return m, fmt.Errorf("media: variants of %q: %w", m.Name, err)
	}
	m.Width, m.Height = cfg.Width, cfg.Height
	specs := variantKeys(m.Picture(), m.FocalX, m.FocalY)
	var todo []variantSpec
	for _, v := range specs {
		if _, err := s.Files.Stat(ctx, v.key); errors.Is(err, ErrNotFound) {
			todo = append(todo, v)
		} else if err != nil {
			return m, err
		}
	}
	_, lastErr := s.Files.Stat(ctx, m.Name)
	if len(todo) > 0 || lastErr != nil {
		// the decoded original, a resized copy and the WebP encoder's buffers
		release, err := s.pool().take(ctx, cost(cfg)+int64(CropWidth)*int64(CropWidth)*8)
		if err != nil {
			return m, fmt.Errorf("media: variants of %q: %w", m.Name, err)
		}
		img, err := decode(data, format)
		if err == nil && lastErr != nil {
			err = s.putLasting(ctx, m.Name, img, data)
		}
		for _, v := range todo {
			if err != nil {
				break
			}
			var out image.Image
			if v.crop.Name != "" {
				out = cut(img, v.crop, v.fx, v.fy, v.w)
			} else {
				out = width(img, v.w)
			}
			var b []byte
			if b, err = encode(out, v.format); err == nil {
				err = s.Files.Put(ctx, v.key, bytes.NewReader(b), int64(len(b)), contentType(v.key))
			}
		}
		release()
		if err != nil {
			return m, fmt.Errorf("media: variants of %q: %w", m.Name, err)
		}
	}
	if err := s.drop(ctx, m, old); err != nil {
		return m, err
	}
	return m, nil
}

// legacyNames are the variants' names before they were content-named.
func legacyNames(name string) []string {
	stem, ext := strings.TrimSuffix(name, path.Ext(name)), path.Ext(name)
	var out []string
	for _, w := range []int{480, 960, 1600} {
		out = append(out, fmt.Sprintf("%s-w%d%s", stem, w, ext))
	}
	for _, c := range Crops {
		out = append(out, stem+"-c"+c.Name+ext)
	}
	return out
}

// drop deletes the variants of older versions of a picture (and those named
// before variants were content-named), keeping the current version's.
func (s Store) drop(ctx context.Context, m Media, old []Picture) error {
	keep := map[string]bool{}
	if m.Version != "" {
		for _, v := range variantKeys(m.Picture(), m.FocalX, m.FocalY) {
			keep[v.key] = true
		}
	}
	keys := legacyNames(m.Name)
	for _, p := range old {
		if p.Name != m.Name || p.Version == "" || p.Width <= 0 {
			continue
		}
		for _, v := range variantKeys(p, 0, 0) {
			keys = append(keys, v.key)
		}
	}
	for _, k := range keys {
		if keep[k] {
			continue
		}
		if err := s.Files.Delete(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

// readOriginal reads a picture's private original; one stored before
// originals were kept apart is copied there from its lasting address first.
func (s Store) readOriginal(ctx context.Context, name string) ([]byte, error) {
	data, err := s.read(ctx, originalKey(name))
	if !errors.Is(err, ErrNotFound) {
		return data, err
	}
	if data, err = s.read(ctx, name); err != nil {
		return nil, err
	}
	return data, s.Files.Put(ctx, originalKey(name), bytes.NewReader(data), int64(len(data)), contentType(name))
}

func (s Store) read(ctx context.Context, key string) ([]byte, error) {
	f, err := s.Files.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if f.Info().Size > MaxBytes*4 {
		return nil, fmt.Errorf("media: %s is %d bytes: %w", key, f.Info().Size, apperr.Invalid)
	}
	return io.ReadAll(io.LimitReader(f, MaxBytes*4))
}

// Missing reports whether any of a picture's variants for its version is
// not stored (or the picture has no version yet).
func (s Store) Missing(ctx context.Context, m Media) (bool, error) {
	if m.IsDocument() {
		return false, nil
	}
	if m.Version == "" || m.Hash == "" {
		return true, nil
	}
	for _, v := range variantKeys(m.Picture(), m.FocalX, m.FocalY) {
		if _, err := s.Files.Stat(ctx, v.key); errors.Is(err, ErrNotFound) {
			return true, nil
		} else if err != nil {
			return false, err
		}
	}
	return false, nil
}

// Open opens a served file by its public name; names are checked, so that
// nothing but the library's served files can be reached (never the private
// originals). A variant or crop not made yet, or of a version since replaced,
// opens the lasting rendition, and fallback says so (it must not be cached
// for long).
func (s Store) Open(ctx context.Context, name string) (f File, fallback bool, err error) {
	if !ValidName(name) {
		return nil, false, ErrNotFound
	}
	f, err = s.Files.Open(ctx, name)
	if !errors.Is(err, ErrNotFound) || isLasting(name) {
		return f, false, err
	}
	stem := stemOf(name)
	for _, ext := range []string{".jpg", ".png"} {
		if f, err = s.Files.Open(ctx, stem+ext); err == nil {
			return f, true, nil
		} else if !errors.Is(err, ErrNotFound) {
			return nil, false, err
		}
	}
	return nil, false, ErrNotFound
}

// ContentType is the type a served name is sent with (a fallback is sent
// with its own file's type).
func ContentType(f File) string { return contentType(f.Info().Key) }

// Remove deletes an item's files: the lasting rendition, the private
// original, its variants and crops. Files already gone are no error.
func (s Store) Remove(ctx context.Context, m Media) error {
	if !isLasting(m.Name) {
		return fmt.Errorf("media: remove %q: %w", m.Name, apperr.Invalid)
	}
	var errs []error
	if !m.IsDocument() {
		errs = append(errs, s.drop(ctx, Media{Name: m.Name}, []Picture{m.Picture()}), s.Files.Delete(ctx, originalKey(m.Name)))
	}
	errs = append(errs, s.Files.Delete(ctx, m.Name))
	return errors.Join(errs...)
}
