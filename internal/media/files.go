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
	"image/draw"
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

// Replace reads a new file for an item's lasting address: a picture
// replaces a picture (re-encoded in the item's format), a document a
// document. For a picture only the new private original is written (under
// its own content-named key, beside the old one): the caller records the
// returned row, then writes the lasting rendition with PutLasting, and the
// variants job makes the new variants and drops the old version's files. A
// document is written over the old one.
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
	return s.save(ctx, img, format == "png" || format == "gif", original, name, name == "")
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
	return s.save(ctx, img, keepLossless, original, "", true)
}

// save encodes the private original under its content-named key and, for a
// new item, the lasting rendition.
func (s Store) save(ctx context.Context, img image.Image, keepLossless bool, original, name string, lasting bool) (Media, error) {
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
	sum := sha256.Sum256(data)
	m := Media{Name: name, Original: cleanOriginal(original, ext), MIME: mime, Width: b.Dx(), Height: b.Dy(), Size: int64(len(data)),
		Hash: hex.EncodeToString(sum[:]), FocalX: DefaultFocus, FocalY: DefaultFocus}
	if err := s.Files.Put(ctx, originalKey(name, m.Hash), bytes.NewReader(data), int64(len(data)), mime); err != nil {
		return Media{}, err
	}
	if lasting {
		if err := s.putLasting(ctx, name, img, data); err != nil {
			return Media{}, err
		}
	}
	m.Version = VersionOf(m.Hash, m.FocalX, m.FocalY)
	return m, nil
}

// PutLasting writes a picture's lasting rendition from its private
// original (after a replacement has been recorded).
func (s Store) PutLasting(ctx context.Context, m Media) error {
	if m.IsDocument() {
		return nil
	}
	data, err := s.read(ctx, originalKey(m.Name, m.Hash))
	if err != nil {
		return fmt.Errorf("media: lasting rendition of %q: %w", m.Name, err)
	}
	cfg, format, err := decodeConfig(data)
	if err != nil {
		return fmt.Errorf("media: lasting rendition of %q: %w", m.Name, err)
	}
	release, err := s.pool().take(ctx, cost(cfg))
	if err != nil {
		return err
	}
	defer release()
	img, err := decode(data, format)
	if err != nil {
		return fmt.Errorf("media: lasting rendition of %q: %w", m.Name, err)
	}
	return s.putLasting(ctx, m.Name, img, data)
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
		// The encoder reads an *image.RGBA's bytes as straight alpha; ours
		// are premultiplied, which would darken semi-transparent edges.
		if rgba, ok := img.(*image.RGBA); ok && !rgba.Opaque() {
			n := image.NewNRGBA(rgba.Rect)
			draw.Draw(n, n.Rect, rgba, rgba.Rect.Min, draw.Src)
			img = n
		}
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

// ErrDamaged says a stored original no longer matches the hash recorded
// when it was stored.
var ErrDamaged = errors.New("media: the original's contents differ from those recorded")

// MakeVariants writes a picture's variants and crops for its version, from
// its private original, rewrites its lasting rendition when that is missing
// or the file changed, and removes the files of the older versions given (variants and
// their originals). A picture stored before originals were content-named
// gets one (from its file at the lasting address), and a picture without a
// hash gets one: the returned row says so. An original that does not match
// its recorded hash is left alone (ErrDamaged). It is safe to run twice and
// skips files already there.
func (s Store) MakeVariants(ctx context.Context, m Media, old ...Picture) (Media, error) {
	if m.IsDocument() {
		return m, nil
	}
	if !isLasting(m.Name) {
		return m, fmt.Errorf("media: variants of %q: %w", m.Name, apperr.Invalid)
	}
	data, key, err := s.locateOriginal(ctx, m)
	if err != nil {
		return m, fmt.Errorf("media: variants of %q: %w", m.Name, err)
	}
	sum := sha256.Sum256(data)
	m.Hash = hex.EncodeToString(sum[:])
	if key != originalKey(m.Name, m.Hash) { // found under an older name: keep it under its own first
		if err := s.Files.Put(ctx, originalKey(m.Name, m.Hash), bytes.NewReader(data), int64(len(data)), contentType(m.Name)); err != nil {
			return m, err
		}
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
	// The lasting rendition is written at upload and by a replacement once
	// recorded; it is written here again only if it is missing, or if the
	// file changed (a replacement's own write may have failed).
	_, lastErr := s.Files.Stat(ctx, m.Name)
	rewrite := lastErr != nil
	for _, p := range old {
		rewrite = rewrite || (p.Hash != "" && p.Hash != m.Hash)
	}
	if len(todo) > 0 || rewrite {
		// The decoded original, a resized copy, and the WebP encoder's
		// copies of the largest variant or crop.
		topW := min(cfg.Width, Widths[len(Widths)-1])
		topH := cfg.Height * topW / max(cfg.Width, 1)
		release, err := s.pool().take(ctx, cost(cfg)+max(int64(topW)*int64(topH), int64(CropWidth)*int64(CropWidth))*12)
		if err != nil {
			return m, fmt.Errorf("media: variants of %q: %w", m.Name, err)
		}
		img, err := decode(data, format)
		if err == nil && rewrite {
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

// legacyNames are the files of a picture named before variants and
// originals were content-named.
func legacyNames(name string) []string {
	stem, ext := strings.TrimSuffix(name, path.Ext(name)), path.Ext(name)
	out := []string{"originals/" + name}
	for _, w := range []int{480, 960, 1600} {
		out = append(out, fmt.Sprintf("%s-w%d%s", stem, w, ext))
	}
	for _, c := range Crops {
		out = append(out, stem+"-c"+c.Name+ext)
	}
	return out
}

// drop deletes the files of older versions of a picture (their variants,
// crops and originals) and those named before they were content-named,
// keeping the current version's.
func (s Store) drop(ctx context.Context, m Media, old []Picture) error {
	keep := map[string]bool{originalKey(m.Name, m.Hash): true}
	if m.Version != "" {
		for _, v := range variantKeys(m.Picture(), m.FocalX, m.FocalY) {
			keep[v.key] = true
		}
	}
	keys := legacyNames(m.Name)
	for _, p := range old {
		if p.Name != m.Name {
			continue
		}
		if p.Hash != "" {
			keys = append(keys, originalKey(p.Name, p.Hash))
		}
		if p.Version == "" || p.Width <= 0 {
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

// locateOriginal finds and reads a picture's private original: under its
// content-named key; or, for a picture stored before originals were
// content-named, under "originals/{name}"; or, last, at its lasting address
// (the same bytes as the original for a picture at most 1920 wide). An
// original whose bytes differ from the recorded hash is ErrDamaged; the
// lasting rendition counts only when its bytes match the recorded hash (or
// there is none), and is otherwise not an original: ErrNotFound.
func (s Store) locateOriginal(ctx context.Context, m Media) ([]byte, string, error) {
	matches := func(data []byte) bool {
		sum := sha256.Sum256(data)
		return m.Hash == "" || hex.EncodeToString(sum[:]) == m.Hash
	}
	for _, k := range []string{originalKey(m.Name, m.Hash), originalKey(m.Name, "")} {
		data, err := s.read(ctx, k)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, k, err
		}
		if !matches(data) {
			return nil, k, ErrDamaged
		}
		return data, k, nil
	}
	data, err := s.read(ctx, m.Name)
	if err != nil {
		return nil, m.Name, err
	}
	if !matches(data) {
		return nil, m.Name, ErrNotFound
	}
	return data, m.Name, nil
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

// DiscardOriginal deletes the private original a replacement wrote, when
// the replacement could not be recorded.
func (s Store) DiscardOriginal(ctx context.Context, m Media) error {
	if m.IsDocument() || m.Hash == "" {
		return nil
	}
	return s.Files.Delete(ctx, originalKey(m.Name, m.Hash))
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

// Remove deletes every file of an item: the lasting rendition, and every
// variant, crop and private original under its name, of any version
// (found by listing, so that files a job wrote meanwhile go too). Files
// already gone are no error.
func (s Store) Remove(ctx context.Context, name string) error {
	if !isLasting(name) {
		return fmt.Errorf("media: remove %q: %w", name, apperr.Invalid)
	}
	stem := strings.TrimSuffix(name, path.Ext(name))
	keys := []string{name}
	for _, prefix := range []string{stem + "-", "originals/" + stem} {
		if err := s.Files.List(ctx, prefix, func(in Info) error {
			keys = append(keys, in.Key)
			return nil
		}); err != nil {
			return err
		}
	}
	var errs []error
	for _, k := range keys {
		if err := s.Files.Delete(ctx, k); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
