package media

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"time"

	"broadsheet/internal/apperr"

	"golang.org/x/sync/semaphore"
)

// Limits checked from a picture's header, before any pixel is decoded.
const (
	// MaxAspect is how many times its short side a picture's long side may
	// be: a panorama passes, a 1 x 40,000,000 strip made to exhaust memory
	// does not.
	MaxAspect = 12
	// DecodeBudget is the memory that decoding and resizing pictures may
	// take at once, shared by uploads, author photos and the variants job;
	// a picture that alone would need more is refused, and the others wait
	// their turn.
	DecodeBudget = 320 << 20
	// waitTurn is how long an upload waits for room before giving up.
	waitTurn = 30 * time.Second
)

// Pool bounds the memory that pictures being decoded and resized take
// together. Store values that share a Pool share its budget.
type Pool struct {
	sem    *semaphore.Weighted
	budget int64
}

// NewPool returns a pool of budget bytes.
func NewPool(budget int64) *Pool {
	return &Pool{sem: semaphore.NewWeighted(budget), budget: budget}
}

// defaultPool serves Stores made without a pool of their own.
var defaultPool = NewPool(DecodeBudget)

func (s Store) pool() *Pool {
	if s.Pool != nil {
		return s.Pool
	}
	return defaultPool
}

// bytesPerPixel is what a decoded pixel of a colour model takes.
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.YCbCrModel, color.NYCbCrAModel, color.Gray16Model, color.Alpha16Model:
		return 2 // YCbCr is 1.5 at 4:2:0 and 3 at 4:4:4; counted generously below
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4
}

// cost is the most memory a picture of cfg takes to decode and resize: the
// decoded pixels and, at most, a copy at the stored size.
func cost(cfg image.Config) int64 {
	px := int64(cfg.Width) * int64(cfg.Height)
	bpp := bytesPerPixel(cfg.ColorModel)
	if cfg.ColorModel == color.YCbCrModel {
		bpp = 3
	}
	stored := int64(MaxSide) * int64(min(cfg.Height, MaxSide*2)) * 4
	return px*bpp + min(px*4, stored) + 4<<20
}

// checkHeader refuses what a picture's header says is too big to handle.
func checkHeader(cfg image.Config, budget int64) error {
	w, h := int64(cfg.Width), int64(cfg.Height)
	switch {
	case w <= 0 || h <= 0:
		return apperr.FieldError("file", "The picture has no size; it may be damaged.")
	case w*h > MaxPixels:
		return apperr.FieldError("file", "The picture is too large (at most 40 megapixels).")
	case max(w, h) > MaxAspect*min(w, h):
		return apperr.FieldError("file", fmt.Sprintf("The picture is too long and thin (its long side may be at most %d times its short side).", MaxAspect))
	case cost(cfg) > budget:
		return apperr.FieldError("file", "The picture has too many colours per pixel at this size (16 bits a channel); save it as an 8-bit JPEG or PNG, or smaller.")
	}
	return nil
}

// take waits for room for n bytes; the release gives it back.
func (p *Pool) take(ctx context.Context, n int64) (func(), error) {
	n = min(n, p.budget)
	ctx, cancel := context.WithTimeout(ctx, waitTurn)
	defer cancel()
	if err := p.sem.Acquire(ctx, n); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, apperr.FieldError("file", "The server is busy with other pictures; try again in a minute.")
		}
		return nil, err
	}
	return func() { p.sem.Release(n) }, nil
}
