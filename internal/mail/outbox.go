package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// outboxTime is the UTC timestamp that starts an outbox file name; it sorts
// by time and has no characters that file systems refuse (no colons).
const outboxTime = "20060102T150405.000000Z"

// Outbox writes each message as a file in Dir (created 0o700 if missing) named
// "<UTC time yyyymmddThhmmss.nnnnnnZ>-<first 12 hex chars of sha256(key)>.eml",
// file mode 0o600, written atomically (temp file in the same folder + rename).
// It logs one line per message at info level: "mail written to outbox" with
// attributes to, subject, file, and links (the Links of the text part). It is
// safe for concurrent use: it holds no state between sends, and each send
// writes its own temporary file.
//
// The folder and files are private to the server's user because they hold
// live password-reset and verification links.
type Outbox struct {
	Dir  string
	From Identity
	Log  *slog.Logger     // nil means no log line
	Now  func() time.Time // nil means time.Now
}

// Describe says where mail goes.
func (o *Outbox) Describe() string { return "outbox folder " + o.Dir }

// Send writes m to a new .eml file in the outbox folder.
func (o *Outbox) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if o.Dir == "" {
		return errors.New("mail: the outbox has no folder")
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	at := now()
	data, err := Encode(m, o.From, at)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	name := at.UTC().Format(outboxTime) + "-" + keyHash(m.Key)[:12] + ".eml"
	file := filepath.Join(o.Dir, name)
	if err := writeAtomic(file, data); err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	if o.Log != nil {
		o.Log.LogAttrs(ctx, slog.LevelInfo, "mail written to outbox",
			slog.String("to", m.To), slog.String("subject", m.Subject),
			slog.String("file", file), slog.Any("links", Links(m.Text)))
	}
	return nil
}

// writeAtomic writes data to a temporary file beside path and renames it into
// place, so a reader (or a crash) never sees half a message. CreateTemp makes
// the file with mode 0o600.
func writeAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".mail-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
