package media_test

import (
	"testing"

	"broadsheet/internal/media"
	"broadsheet/internal/media/mediatest"
)

// The library's promises on local disk (package bucket runs them on S3).
func TestDiskBackend(t *testing.T) {
	mediatest.Suite(t, media.Disk{Dir: t.TempDir()})
}
