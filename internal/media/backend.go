package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Backend keeps the library's files under keys ("3f9c.jpg",
// "originals/3f9c.jpg"). Local disk is the default; S3-compatible storage
// lets several instances share one library. Keys are made by this package
// only, never taken from a request without ValidName.
type Backend interface {
	// Put stores a file, replacing any under the same key; readers never
	// see half a file.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// Open reads a file; a missing one is ErrNotFound.
	Open(ctx context.Context, key string) (File, error)
	// Stat describes a file; a missing one is ErrNotFound.
	Stat(ctx context.Context, key string) (Info, error)
	// Delete removes a file; a missing one is no error.
	Delete(ctx context.Context, key string) error
	// List calls fn for each file whose key starts with prefix.
	List(ctx context.Context, prefix string, fn func(Info) error) error
	// String names the backend for logs and the command line.
	String() string
}

// File is an open stored file.
type File interface {
	io.ReadSeekCloser
	Info() Info
}

// Info describes a stored file.
type Info struct {
	Key     string
	Size    int64
	ModTime time.Time
}

// Disk keeps files in a folder (the data folder's media/).
type Disk struct{ Dir string }

func (d Disk) path(key string) (string, error) {
	if key == "" || strings.Contains(key, "..") || strings.HasPrefix(key, "/") || strings.Contains(key, "\\") {
		return "", fmt.Errorf("media: key %q: %w", key, ErrNotFound)
	}
	return filepath.Join(d.Dir, filepath.FromSlash(key)), nil
}

// Put writes through a temporary file renamed into place.
func (d Disk) Put(_ context.Context, key string, r io.Reader, _ int64, _ string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, r); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}

type diskFile struct {
	*os.File
	info Info
}

func (f diskFile) Info() Info { return f.info }

// Open opens a file.
func (d Disk) Open(_ context.Context, key string) (File, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, ErrNotFound
	}
	return diskFile{f, Info{Key: key, Size: st.Size(), ModTime: st.ModTime()}}, nil
}

// Stat describes a file.
func (d Disk) Stat(_ context.Context, key string) (Info, error) {
	p, err := d.path(key)
	if err != nil {
		return Info{}, err
	}
	st, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && !st.Mode().IsRegular()) {
		return Info{}, ErrNotFound
	}
	if err != nil {
		return Info{}, err
	}
	return Info{Key: key, Size: st.Size(), ModTime: st.ModTime()}, nil
}

// Delete removes a file.
func (d Disk) Delete(_ context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// List reads the folder of the prefix ("originals/x" reads originals/) for
// the files whose keys start with it; an empty prefix walks everything.
func (d Disk) List(_ context.Context, prefix string, fn func(Info) error) error {
	if prefix == "" {
		return d.walk(fn)
	}
	dir, base := path.Split(prefix)
	if strings.Contains(dir, "..") || strings.HasPrefix(dir, "/") {
		return nil
	}
	entries, err := os.ReadDir(filepath.Join(d.Dir, filepath.FromSlash(dir)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), base) || e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		st, err := e.Info()
		if err != nil {
			continue // gone meanwhile
		}
		if err := fn(Info{Key: dir + e.Name(), Size: st.Size(), ModTime: st.ModTime()}); err != nil {
			return err
		}
	}
	return nil
}

func (d Disk) walk(fn func(Info) error) error {
	return filepath.WalkDir(d.Dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			return nil
		}
		rel, err := filepath.Rel(d.Dir, p)
		if err != nil {
			return err
		}
		st, err := e.Info()
		if err != nil {
			return nil // gone meanwhile
		}
		return fn(Info{Key: filepath.ToSlash(rel), Size: st.Size(), ModTime: st.ModTime()})
	})
}

func (d Disk) String() string { return "disk " + d.Dir }
