package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Check is what Verify found wrong with one item.
type Check struct {
	Name     string
	Problems []string // empty when all is well
	Repaired bool     // missing variants (or the lasting rendition) were made again
}

// Verify checks that an item's files are present and intact: its private
// original (or a document) matches its recorded hash, and its lasting
// rendition and every variant and crop of its version are stored. With
// repair, what can be made again from an intact original is (the lasting
// rendition, variants, crops, and an original still under a name from
// before originals were content-named is moved); a damaged or missing
// original cannot be, and stays reported. The returned row carries the
// hash and version found for an item that had none.
func (s Store) Verify(ctx context.Context, m Media, repair bool) (Check, Media, error) {
	c := Check{Name: m.Name}
	if m.IsDocument() {
		sum, err := s.hashOf(ctx, m.Name)
		switch {
		case errors.Is(err, ErrNotFound):
			c.Problems = append(c.Problems, "the file is missing")
		case err != nil:
			return c, m, err
		case m.Hash != "" && sum != m.Hash:
			c.Problems = append(c.Problems, "the file is damaged: its contents differ from those recorded")
		}
		return c, m, nil
	}
	_, key, err := s.locateOriginal(ctx, m)
	switch {
	case errors.Is(err, ErrNotFound):
		c.Problems = append(c.Problems, "the original is missing: restore it from a backup, or replace the picture")
		return c, m, nil
	case errors.Is(err, ErrDamaged):
		c.Problems = append(c.Problems, "the original is damaged: its contents differ from those recorded; restore it from a backup, or replace the picture")
		return c, m, nil
	case err != nil:
		return c, m, err
	case m.Hash == "" || key != originalKey(m.Name, m.Hash):
		c.Problems = append(c.Problems, "the original is kept under an older name")
	}
	if _, err := s.Files.Stat(ctx, m.Name); errors.Is(err, ErrNotFound) {
		c.Problems = append(c.Problems, "the rendition at its address is missing")
	} else if err != nil {
		return c, m, err
	}
	missing, err := s.Missing(ctx, m)
	if err != nil {
		return c, m, err
	}
	if missing {
		c.Problems = append(c.Problems, "variants or crops are missing")
	}
	if repair && len(c.Problems) > 0 {
		n, err := s.MakeVariants(ctx, m)
		if err != nil {
			c.Problems = append(c.Problems, "repair failed: "+err.Error())
			return c, m, nil
		}
		c.Repaired, m = true, n
	}
	return c, m, nil
}

func (s Store) hashOf(ctx context.Context, key string) (string, error) {
	f, err := s.Files.Open(ctx, key)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Copy copies every file of the library from one backend to another (for
// moving a library between disk and S3), skipping content-named files
// already there with the same size (a lasting rendition, which a
// replacement rewrites, is always copied); it reports each key copied to fn.
func Copy(ctx context.Context, from, to Backend, fn func(key string, size int64)) error {
	return from.List(ctx, "", func(in Info) error {
		if strings.Contains(path.Base(in.Key), "-") {
			if st, err := to.Stat(ctx, in.Key); err == nil && st.Size == in.Size {
				return nil
			} else if err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
		}
		f, err := from.Open(ctx, in.Key)
		if err != nil {
			return err
		}
		defer f.Close()
		size := f.Info().Size
		if err := to.Put(ctx, in.Key, f, size, contentType(in.Key)); err != nil {
			return fmt.Errorf("copying %s: %w", in.Key, err)
		}
		if fn != nil {
			fn(in.Key, size)
		}
		return nil
	})
}
