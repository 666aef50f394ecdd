package article

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// SortTime is an article's place in lists (newest first): its publication
// time once published, its scheduled time while scheduled, else its creation.
// It mirrors the store's sort_at column.
func SortTime(a *Article) time.Time {
	switch {
	case a.Status == Published && !a.PublishedAt.IsZero():
		return a.PublishedAt
	case a.Status == Scheduled:
		return a.PublishAt
	}
	return a.CreatedAt
}

// Cursor names a position in a list, so that a page of "older" or "newer"
// stories shows the same stories however many are published meanwhile.
func Cursor(a *Article) string { return CursorAt(SortTime(a), a.ID) }

// CursorAt names the position (t, id) of any list ordered newest first, in
// the same form as Cursor.
func CursorAt(t time.Time, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(t.UnixMicro(), 10) + ":" + strconv.FormatInt(id, 10)))
}

// ParseCursor reads a Cursor.
func ParseCursor(c string) (time.Time, int64, bool) {
	if len(c) > 64 {
		return time.Time{}, 0, false
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return time.Time{}, 0, false
	}
	ts, ids, ok := strings.Cut(string(b), ":")
	t, err1 := strconv.ParseInt(ts, 10, 64)
	id, err2 := strconv.ParseInt(ids, 10, 64)
	if !ok || err1 != nil || err2 != nil || id <= 0 {
		return time.Time{}, 0, false
	}
	return time.UnixMicro(t).UTC(), id, true
}
