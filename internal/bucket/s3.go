// Package bucket keeps the library's files in an S3-compatible bucket (AWS
// S3, MinIO, Garage, Ceph, R2...), as a media.Backend, so several instances
// share one library. Like mail and oidc it talks to another server and
// knows nothing of the rest of the application.
package bucket

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"broadsheet/internal/media"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Config names an S3-compatible bucket (AWS, MinIO, Garage, Ceph, R2...).
type Config struct {
	Endpoint  string // "https://s3.eu-west-1.amazonaws.com" or "http://127.0.0.1:9000"
	Region    string
	Bucket    string
	Prefix    string // keys are stored under it, e.g. "broadsheet/"
	AccessKey string
	SecretKey string
	PathStyle bool // bucket in the path rather than the host name (MinIO and most self-hosted servers)
}

// S3 keeps files in an S3-compatible bucket, so several instances share one
// library. Files are private in the bucket: readers get them through the
// site, which checks names and sets the safe headers.
type S3 struct {
	client *minio.Client
	bucket string
	prefix string
	desc   string
}

// New connects to a bucket (it must exist) and checks it can be reached.
func New(ctx context.Context, c Config) (*S3, error) {
	u, err := url.Parse(c.Endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("bucket: S3 endpoint %q: give an http:// or https:// address", c.Endpoint)
	}
	if c.Bucket == "" {
		return nil, errors.New("bucket: S3 needs a bucket")
	}
	lookup := minio.BucketLookupAuto
	if c.PathStyle {
		lookup = minio.BucketLookupPath
	}
	client, err := minio.New(u.Host, &minio.Options{
		Creds:        credentials.NewStaticV4(c.AccessKey, c.SecretKey, ""),
		Secure:       u.Scheme == "https",
		Region:       c.Region,
		BucketLookup: lookup,
	})
	if err != nil {
		return nil, fmt.Errorf("bucket: S3: %w", err)
	}
	prefix := strings.Trim(c.Prefix, "/")
	if prefix != "" {
		prefix += "/"
	}
	s := &S3{client: client, bucket: c.Bucket, prefix: prefix, desc: "s3 " + u.Host + "/" + c.Bucket + "/" + prefix}
	ok, err := client.BucketExists(ctx, c.Bucket)
	if err != nil {
		return nil, fmt.Errorf("bucket: S3 bucket %q: %w", c.Bucket, err)
	}
	if !ok {
		return nil, fmt.Errorf("bucket: S3 bucket %q does not exist", c.Bucket)
	}
	return s, nil
}

func (s *S3) String() string { return s.desc }

func missing(err error) bool {
	var e minio.ErrorResponse
	return errors.As(err, &e) && (e.Code == "NoSuchKey" || e.StatusCode == 404)
}

// Put uploads a file; S3 makes it visible only once complete.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	_, err := s.client.PutObject(ctx, s.bucket, s.prefix+key, r, size, minio.PutObjectOptions{ContentType: contentType})
	if err != nil {
		return fmt.Errorf("bucket: S3 put %s: %w", key, err)
	}
	return nil
}

type s3File struct {
	*minio.Object
	info media.Info
}

func (f s3File) Info() media.Info { return f.info }

// Open starts reading a file (ranges are fetched as the reader seeks).
func (s *S3) Open(ctx context.Context, key string) (media.File, error) {
	obj, err := s.client.GetObject(ctx, s.bucket, s.prefix+key, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("bucket: S3 get %s: %w", key, err)
	}
	st, err := obj.Stat()
	if err != nil {
		obj.Close()
		if missing(err) {
			return nil, media.ErrNotFound
		}
		return nil, fmt.Errorf("bucket: S3 get %s: %w", key, err)
	}
	return s3File{obj, media.Info{Key: key, Size: st.Size, ModTime: st.LastModified}}, nil
}

// Stat describes a file.
func (s *S3) Stat(ctx context.Context, key string) (media.Info, error) {
	st, err := s.client.StatObject(ctx, s.bucket, s.prefix+key, minio.StatObjectOptions{})
	if err != nil {
		if missing(err) {
			return media.Info{}, media.ErrNotFound
		}
		return media.Info{}, fmt.Errorf("bucket: S3 stat %s: %w", key, err)
	}
	return media.Info{Key: key, Size: st.Size, ModTime: st.LastModified}, nil
}

// Delete removes a file.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := s.client.RemoveObject(ctx, s.bucket, s.prefix+key, minio.RemoveObjectOptions{}); err != nil && !missing(err) {
		return fmt.Errorf("bucket: S3 delete %s: %w", key, err)
	}
	return nil
}

// List lists the keys under prefix.
func (s *S3) List(ctx context.Context, prefix string, fn func(media.Info) error) error {
	ctx, cancel := context.WithCancel(ctx) // stops the listing if fn gives up early
	defer cancel()
	for o := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix + prefix, Recursive: true}) {
		if o.Err != nil {
			return fmt.Errorf("bucket: S3 list: %w", o.Err)
		}
		if err := fn(media.Info{Key: strings.TrimPrefix(o.Key, s.prefix), Size: o.Size, ModTime: o.LastModified}); err != nil {
			return err
		}
	}
	return nil
}
