package tip

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"
)

// Vault keeps attachments encrypted on disk, under random names. A file is
// encrypted as it arrives: no plaintext byte is ever written, not even to a
// temporary file.
type Vault struct{ Dir string }

// ErrTooLarge is returned by Put when a file is larger than its limit; nothing
// of it is kept.
var ErrTooLarge = errors.New("tip: file too large")

// Put encrypts r to a thread's key into a new file, reading at most limit
// bytes; it returns the file's name, the size of what was read, and the size
// of the encrypted file.
// The file's times say the day only (now's, at midnight UTC), like the rest
// of what a tipster leaves; the system's change time cannot be set, which the
// architecture notes.
func (v Vault) Put(to age.Recipient, r io.Reader, limit int64, now time.Time) (name string, plain, size int64, err error) {
	if err := os.MkdirAll(v.Dir, 0o700); err != nil {
		return "", 0, 0, err
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", 0, 0, err
	}
	name = hex.EncodeToString(b) + ".age"
	tmp, err := os.CreateTemp(v.Dir, ".incoming-*")
	if err != nil {
		return "", 0, 0, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w, err := age.Encrypt(tmp, to)
	if err != nil {
		return "", 0, 0, err
	}
	n, err := io.Copy(w, io.LimitReader(r, limit+1))
	if err != nil {
		return "", 0, 0, err
	}
	if n > limit {
		return "", 0, 0, ErrTooLarge
	}
	if err := w.Close(); err != nil {
		return "", 0, 0, err
	}
	if err := tmp.Sync(); err != nil {
		return "", 0, 0, err
	}
	st, err := tmp.Stat()
	if err != nil {
		return "", 0, 0, err
	}
	if err := tmp.Close(); err != nil {
		return "", 0, 0, err
	}
	dest := filepath.Join(v.Dir, name)
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return "", 0, 0, err
	}
	day := now.UTC().Truncate(24 * time.Hour)
	if err := os.Chtimes(dest, day, day); err != nil {
		os.Remove(dest)
		return "", 0, 0, err
	}
	os.Chtimes(v.Dir, day, day) // the folder's own time moves with each file
	return name, n, st.Size(), nil
}

// Get decrypts a file with a thread's key.
func (v Vault) Get(name string, key age.Identity) (io.ReadCloser, error) {
	if filepath.Base(name) != name || filepath.Ext(name) != ".age" {
		return nil, fmt.Errorf("tip: file %q: %w", name, ErrNotFound)
	}
	f, err := os.Open(filepath.Join(v.Dir, name))
	if err != nil {
		return nil, fmt.Errorf("tip: file: %w", err)
	}
	r, err := age.Decrypt(f, key)
	if err != nil {
		f.Close()
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{r, f}, nil
}

// Remove deletes files (after a failed submission, say); missing ones are
// not an error.
func (v Vault) Remove(names ...string) {
	for _, n := range names {
		if filepath.Base(n) == n && n != "" {
			os.Remove(filepath.Join(v.Dir, n))
		}
	}
	if len(names) > 0 {
		day := time.Now().UTC().Truncate(24 * time.Hour)
		os.Chtimes(v.Dir, day, day)
	}
}
