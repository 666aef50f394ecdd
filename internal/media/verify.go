package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
)

// Check is what Verify found wrong with one item.
type Check struct {
	Name     string
	Problems []string // empty when all is well
	Repaired bool     // missing variants (or the lasting rendition) were made again
}

// Verify checks that an item's files are present and intact: the private
// original (or a document) matches its recorded hash, and every variant and
// crop of its version is stored. With repair, missing variants are made
// again from the original; a damaged or missing original cannot be, and is
// reported. The returned row carries a hash and version found for an item
// that had none.
func (s Store) Verify(ctx context.Context, m Media, repair bool) (Check, Media, error) {
	c := Check{Name: m.Name}
	key := originalKey(m.Name)
	if m.IsDocument() {
		key = m.Name
	}
	sum, err := s.hashOf(ctx, key)
	if errors.Is(err, ErrNotFound) && !m.IsDocument() {
		// stored before originals were kept apart: MakeVariants moves it
		if sum, err = s.hashOf(ctx, m.Name); err == nil && m.Hash != "" && sum != m.Hash {
			c.Problems = append(c.Problems, "the picture at its address differs from the one recorded")
		}
		if err == nil && !repair {
			c.Problems = append(c.Problems, "no private original (it is made from the picture at its address when repaired)")
		}
	} else if err == nil && m.Hash != "" && sum != m.Hash {
		c.Problems = append(c.Problems, "the original is damaged: its contents differ from those recorded")
	}
	if errors.Is(err, ErrNotFound) {
		c.Problems = append(c.Problems, "the file is missing")
		return c, m, nil
	}
	if err != nil {
		return c, m, err
	}
	if m.IsDocument() {
		return c, m, nil
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
// moving a library between disk and S3), skipping files already there with
// the same size; it reports each key copied to fn.
func Copy(ctx context.Context, from, to Backend, fn func(key string, size int64)) error {
	return from.List(ctx, "", func(in Info) error {
		if st, err := to.Stat(ctx, in.Key); err == nil && st.Size == in.Size {
			return nil
		} else if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		f, err := from.Open(ctx, in.Key)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := to.Put(ctx, in.Key, f, in.Size, contentType(in.Key)); err != nil {
			return fmt.Errorf("copying %s: %w", in.Key, err)
		}
		if fn != nil {
			fn(in.Key, in.Size)
		}
		return nil
	})
}
