// Package audit owns the record of newsroom actions: who did what to which
// item, when and from where. It must not import store or web.
package audit

import "time"

// Entry is one recorded action.
type Entry struct {
	ID       int64
	UserID   int64
	UserName string // filled when reading the log
	Action   string // e.g. "article.publish", "login.failed"
	Target   string // e.g. "article 42"
	Detail   string
	IP       string
	At       time.Time
}
