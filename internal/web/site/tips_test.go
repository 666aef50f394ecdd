package site_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
	"broadsheet/internal/user"
	"broadsheet/internal/web/webtest"
)

var receiptRE = regexp.MustCompile(`class="receipt-code"><strong>([a-z ]+)</strong>`)

// unique returns a marker no page, log or file could hold by chance.
func unique(what string) string {
	b := make([]byte, 8)
	rand.Read(b)
	return what + "-" + hex.EncodeToString(b)
}

// The drop box end to end: the newsroom sets up its key, a tipster sends a
// tip with files, nothing of it is readable in the data folder, the
// database (a pg_dump on PostgreSQL) or the logs; an editor unlocks, reads,
// downloads and replies; the tipster comes back with the receipt code, reads
// the reply and follows up.
func TestTipsRoundTrip(t *testing.T) {
	engines(t, func(t *testing.T, engine string) {
		e := webtest.New(t, false, engine)
		tipster := e.Browser()
		want(t, "tips page before setup", tipster.Get("/tips"), 200, "not open yet")
		want(t, "a tip before setup", tipster.PostMultipart("/tips", []webtest.Part{{Name: "text", Value: "too early"}}), 503, "not open yet")

		// An editor opens the box with a passphrase; a reporter may not.
		editor := signIn(t, e, user.Editor)
		csrf := editor.CSRF("/newsroom/tips")
		want(t, "setup page", editor.Get("/newsroom/tips"), 200, "Open the tips box")
		want(t, "a short passphrase", editor.Post("/newsroom/tips/setup", url.Values{"csrf": {csrf}, "passphrase": {"short"}, "passphrase_again": {"short"}}),
			422, "at least 12 characters")
		const pass = "ledger under the bridge at dawn"
		if r := editor.Post("/newsroom/tips/setup", url.Values{"csrf": {csrf}, "passphrase": {pass}, "passphrase_again": {pass}}); r.Status != 303 {
			t.Fatalf("setup: %d %.300s", r.Status, r.Body)
		}
		want(t, "authors have no tips", e.Get("/newsroom/tips", user.Author), 403)

		// The tipster sends a tip with two files.
		secretText, secretName, secretContact := unique("the-ledger-is-in-the-harbour-office"), unique("Ama"), unique("signal")
		fileA, fileB := []byte(unique("PDF-CONTENT")), bytes.Repeat([]byte(unique("IMAGE")), 5000)
		r := tipster.PostMultipart("/tips", []webtest.Part{
			{Name: "text", Value: secretText}, {Name: "name", Value: secretName}, {Name: "contact", Value: secretContact},
			{Name: "files", FileName: "../../minutes.pdf", Content: fileA}, {Name: "files", FileName: "photo\u202e.jpg", Content: fileB},
		})
		m := receiptRE.FindStringSubmatch(r.Body)
		if r.Status != 200 || m == nil {
			t.Fatalf("sending a tip: %d %.500s", r.Status, r.Body)
		}
		code := m[1]
		if r.Header.Get("Cache-Control") != "no-store, private" {
			t.Errorf("the receipt page may be cached: %q", r.Header.Get("Cache-Control"))
		}

		// Nothing of it lies in clear in the data folder, the database or the logs.
		secrets := map[string][]byte{"text": []byte(secretText), "name": []byte(secretName), "contact": []byte(secretContact),
			"file A": fileA, "file B": fileB[:64], "code": []byte(code)}
		files := 0
		filepath.WalkDir(e.App.Config.Data, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			files++
			for what, s := range secrets {
				if bytes.Contains(b, s) {
					t.Errorf("the tip's %s is in clear in %s", what, path)
				}
			}
			return nil
		})
		vault, _ := filepath.Glob(filepath.Join(e.App.Config.Data, "tips", "*.age"))
		if len(vault) != 2 {
			t.Errorf("%d encrypted attachments in the vault; want 2", len(vault))
		}
		for _, p := range append(vault, filepath.Join(e.App.Config.Data, "tips")) {
			if st, err := os.Stat(p); err != nil || !st.ModTime().UTC().Equal(st.ModTime().UTC().Truncate(24*time.Hour)) {
				t.Errorf("%s says when it was written: %v %v", p, st.ModTime(), err)
			}
		}
		if engine == "postgres" {
			dump := pgDump(t, e.App.Config.DatabaseURL)
			if !bytes.Contains(dump, []byte("tip_messages")) {
				t.Fatalf("the dump has no tips table: %.300s", dump)
			}
			// pg_dump writes bytea as hex: look for that too.
			for what, s := range secrets {
				if bytes.Contains(dump, s) || bytes.Contains(dump, []byte(hex.EncodeToString(s))) {
					t.Errorf("the tip's %s is in clear in pg_dump", what)
				}
			}
		} else if files < 2 {
			t.Fatalf("only %d files in the data folder", files)
		}
		for what, s := range secrets {
			if strings.Contains(e.Logs(), string(s)) {
				t.Errorf("the tip's %s is in the log", what)
			}
		}
		if regexp.MustCompile(`path=/tips\b`).MatchString(e.Logs()) || strings.Contains(e.Logs(), "127.0.0.1") {
			t.Errorf("the log shows a tipster's request: %s", e.Logs())
		}

		// Setting up left the editor's inbox open; locked, it unlocks (after
		// a wrong passphrase), and the editor reads and downloads.
		want(t, "open after setup", editor.Get("/newsroom/tips"), 200, "Tip 1")
		if r := editor.Post("/newsroom/tips/lock", url.Values{"csrf": {csrf}}); r.Status != 303 {
			t.Fatalf("lock: %d", r.Status)
		}
		want(t, "locked inbox", editor.Get("/newsroom/tips"), 200, "Unlock")
		want(t, "wrong passphrase", editor.Post("/newsroom/tips/unlock", url.Values{"csrf": {csrf}, "passphrase": {"not the passphrase at all"}}), 422, "not the newsroom")
		if r := editor.Post("/newsroom/tips/unlock", url.Values{"csrf": {csrf}, "passphrase": {pass}}); r.Status != 303 {
			t.Fatalf("unlock: %d", r.Status)
		}
		list := editor.Get("/newsroom/tips")
		want(t, "inbox", list, 200, "Tip 1", "new")
		page := editor.Get("/newsroom/tips/1")
		want(t, "the tip", page, 200, secretText, secretName, secretContact, "minutes.pdf", "photo.jpg")
		if strings.Contains(page.Body, "\u202e") || strings.Contains(page.Body, "../") {
			t.Error("a file's name keeps a path or a direction override")
		}
		fm := regexp.MustCompile(`href="(/newsroom/tips/1/files/\d+)"`).FindAllStringSubmatch(page.Body, -1)
		if len(fm) != 2 {
			t.Fatalf("%d download links", len(fm))
		}
		dl := editor.Get(fm[0][1])
		if dl.Status != 200 || dl.Body != string(fileA) || dl.Header.Get("Content-Disposition") != "attachment; filename=minutes.pdf" ||
			dl.Header.Get("Content-Type") != "application/octet-stream" || !strings.Contains(dl.Header.Get("Content-Security-Policy"), "sandbox") {
			t.Fatalf("download: %d %q %v", dl.Status, dl.Body[:min(40, len(dl.Body))], dl.Header)
		}
		// Another browser of the same editor, without the unlock cookie, reads nothing.
		other := signIn(t, e, user.Editor)
		want(t, "another browser", other.Get("/newsroom/tips"), 200, "Unlock")
		if r := other.Get("/newsroom/tips/1"); r.Status != 303 {
			t.Errorf("a tip from a locked browser: %d", r.Status)
		}
		// Reply and note; set the status.
		want(t, "an empty reply", editor.Post("/newsroom/tips/1/reply", url.Values{"csrf": {csrf}, "kind": {"reply"}, "text": {"  "}}), 422, "Write")
		reply, note := unique("Can you send the second page?"), unique("Check with the port authority")
		for kind, text := range map[string]string{"reply": reply, "note": note} {
			if r := editor.Post("/newsroom/tips/1/reply", url.Values{"csrf": {csrf}, "kind": {kind}, "text": {text}}); r.Status != 303 {
				t.Fatalf("%s: %d %.300s", kind, r.Status, r.Body)
			}
		}
		if r := editor.Post("/newsroom/tips/1", url.Values{"csrf": {csrf}, "status": {"in-progress"}, "assignee": {itoa(e.Users[user.Editor].ID)}}); r.Status != 303 {
			t.Fatalf("status: %d %.300s", r.Status, r.Body)
		}
		want(t, "assign to someone without access", editor.Post("/newsroom/tips/1", url.Values{"csrf": {csrf}, "status": {"used"},
			"assignee": {itoa(e.Users[user.Author].ID)}}), 400, "can read tips")
		want(t, "after the reply", editor.Get("/newsroom/tips?status=in-progress"), 200, "Tip 1", "A editor")

		// The tipster comes back with the code: the reply, not the note.
		back := e.Browser()
		want(t, "a wrong code", back.Post("/tips/thread", url.Values{"code": {"abacus abacus abacus abacus abacus abacus"}}), 422, "No tip has this code")
		thread := back.Post("/tips/thread", url.Values{"code": {strings.ToUpper(code)}})
		want(t, "the thread", thread, 200, secretText, reply, "The newsroom")
		if strings.Contains(thread.Body, note) || strings.Contains(thread.Body, "A editor") {
			t.Error("the tipster sees an internal note or an editor's name")
		}
		follow := unique("Page two is attached")
		r = back.PostMultipart("/tips/follow-up", []webtest.Part{{Name: "code", Value: code}, {Name: "text", Value: follow},
			{Name: "files", FileName: "page2.pdf", Content: []byte("second page")}})
		want(t, "follow-up", r, 200, "Your message is with the newsroom", follow, "page2.pdf")
		want(t, "a follow-up with a wrong code", back.PostMultipart("/tips/follow-up", []webtest.Part{{Name: "code", Value: "wrong words"},
			{Name: "text", Value: "x"}}), 422, "No tip has this code")
		want(t, "unread again", editor.Get("/newsroom/tips"), 200, "with something new")
		want(t, "the follow-up in the newsroom", editor.Get("/newsroom/tips/1"), 200, follow, "page2.pdf")

		// A new passphrase comes with a new key: the tips still open, and
		// the old passphrase opens nothing.
		want(t, "a wrong current passphrase", editor.Post("/newsroom/tips/passphrase", url.Values{"csrf": {csrf}, "current": {"nope nope nope nope"},
			"passphrase": {"a second newsroom passphrase"}, "passphrase_again": {"a second newsroom passphrase"}}), 422, "not the current passphrase")
		if r := editor.Post("/newsroom/tips/passphrase", url.Values{"csrf": {csrf}, "current": {pass},
			"passphrase": {"a second newsroom passphrase"}, "passphrase_again": {"a second newsroom passphrase"}}); r.Status != 303 {
			t.Fatalf("passphrase change: %d %.300s", r.Status, r.Body)
		}
		want(t, "after the rotation", editor.Get("/newsroom/tips/1"), 200, secretText, note)
		editor.Post("/newsroom/tips/lock", url.Values{"csrf": {csrf}})
		want(t, "the old passphrase", editor.Post("/newsroom/tips/unlock", url.Values{"csrf": {csrf}, "passphrase": {pass}}), 422, "not the newsroom")
		want(t, "the tipster after the rotation", e.Browser().Post("/tips/thread", url.Values{"code": {code}}), 200, reply)

		// Audit: actions, never contents.
		for _, act := range []string{"tips.setup", "tips.unlock", "tips.unlock-failed", "tips.download", "tips.reply", "tips.note", "tips.status"} {
			if !auditHas(t, e, act) {
				t.Errorf("no audit entry %s", act)
			}
		}
		log, _ := e.App.Store.AuditLog(t.Context(), 100)
		for _, l := range log {
			if strings.Contains(l.Detail, reply) || strings.Contains(l.Detail, secretText) {
				t.Errorf("the audit log holds a tip's words: %+v", l)
			}
		}
	})
}

// pgDump dumps the test's schema of a PostgreSQL database.
func pgDump(t *testing.T, dsn string) []byte {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	schema := q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	out, err := exec.Command("pg_dump", "--dbname="+u.String(), "--schema="+schema).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("pg_dump: %v %s", err, stderr)
	}
	return out
}

// The form refuses what it must, says why, and keeps what was typed; the
// limits count without storing anything.
func TestTipsRefusals(t *testing.T) {
	e := webtest.New(t, false, "sqlite")
	editor := signIn(t, e, user.Editor)
	csrf := editor.CSRF("/newsroom/tips")
	if r := editor.Post("/newsroom/tips/setup", url.Values{"csrf": {csrf}, "passphrase": {"a newsroom passphrase"}, "passphrase_again": {"a newsroom passphrase"}}); r.Status != 303 {
		t.Fatalf("setup: %d", r.Status)
	}
	b := e.Browser()
	want(t, "no text", b.PostMultipart("/tips", []webtest.Part{{Name: "text", Value: " "}, {Name: "name", Value: "Kept Name"}}), 422, "Write your tip", `value="Kept Name"`)
	many := []webtest.Part{{Name: "text", Value: "six files"}}
	for i := range 6 {
		many = append(many, webtest.Part{Name: "files", FileName: "f" + itoa(int64(i)) + ".txt", Content: []byte("x")})
	}
	want(t, "six files", b.PostMultipart("/tips", many), 422, "at most 5 files", "six files")
	big := bytes.Repeat([]byte("y"), 21<<20)
	want(t, "a file too large", b.PostMultipart("/tips", []webtest.Part{{Name: "text", Value: "a big one"}, {Name: "files", FileName: "big.bin", Content: big}}),
		422, "at most 20 MB", "a big one")
	if n, _ := filepath.Glob(filepath.Join(e.App.Config.Data, "tips", "*")); len(n) != 0 {
		t.Errorf("refused tips left files behind: %v", n)
	}
	long := strings.Repeat("z", 20001)
	want(t, "too long", b.PostMultipart("/tips", []webtest.Part{{Name: "text", Value: long}}), 422, "under 20000 characters")
	// A field sent after a file would escape the checks: refused, files gone.
	want(t, "a field after the files", b.PostMultipart("/tips", []webtest.Part{{Name: "text", Value: "fine"}, {Name: "files", FileName: "a.txt", Content: []byte("a")},
		{Name: "text", Value: long + "\u202e"}}), 422, "did not arrive in order")
	if n, _ := filepath.Glob(filepath.Join(e.App.Config.Data, "tips", "*.age")); len(n) != 0 {
		t.Errorf("a refused tip left files behind: %v", n)
	}
	// Five tips an hour from one address; the sixth waits.
	var last webtest.Resp
	for range 6 {
		last = b.PostMultipart("/tips", []webtest.Part{{Name: "text", Value: "again"}})
	}
	want(t, "a sixth tip", last, 429, "again")
	var n int
	db := storetest.DB(t, store.Options{SQLitePath: filepath.Join(e.App.Config.Data, "broadsheet.db")})
	if err := db.QueryRow("SELECT COUNT(*) FROM throttle_events").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d throttle rows written for tips (%v); the tips limits must stay in memory", n, err)
	}
}
