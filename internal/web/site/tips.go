package site

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"time"

	"filippo.io/age"

	"broadsheet/internal/apperr"
	"broadsheet/internal/setting"
	"broadsheet/internal/throttle"
	"broadsheet/internal/tip"
	"broadsheet/internal/web/session"
)

// The tips form's limits. They are counted in this process only
// (throttle.Memory), so that no trace of a tipster's address is ever
// written: behind several instances each one counts its own.
var (
	tipsPerAddress = throttle.Rule{Name: "tips-ip", Max: 5, Window: time.Hour}
	tipsEveryone   = throttle.Rule{Name: "tips-all", Max: 300, Window: time.Hour}
	// A wrong code costs one hash and a lookup, and a right one cannot be
	// guessed (77 bits): this only stops a flood, and must not lock out the
	// tipsters who share an address (Tor's exits, an office).
	tipCodesPerAddress = throttle.Rule{Name: "tip-code-ip", Max: 100, Window: 10 * time.Minute}
	tipReplyPerAddress = throttle.Rule{Name: "tip-follow-up-ip", Max: 20, Window: time.Hour}
)

// TipsWindow is the longest window of the tips limits, for their store.
const TipsWindow = time.Hour

// TipBox is what the tips pages need besides the site's.
type TipBox struct {
	Vault   tip.Vault
	Limiter *throttle.Limiter // in memory: see tipsPerAddress
}

// MaxTipsBody bounds a tips form's request: every attachment at the largest
// size the settings allow, and room for the text.
const MaxTipsBody = int64(setting.MaxTipFiles*setting.MaxTipFileMB)<<20 + 1<<20

// TipsPage is the drop box: the form, and the way back with a receipt code.
type TipsPage struct {
	Page
	Ready               bool // the newsroom has set up its key
	Files, FileMB       int
	Text, Name, Contact string
	Errors              map[string]string
	ErrorMsg            string
	CodeErrors          map[string]string // of the receipt code's form
	Kept                string            // a refused follow-up's text, to copy
}

// TipReceiptPage gives the tipster their receipt code, once.
type TipReceiptPage struct {
	Page
	Code string
}

// TipThreadPage is a tip's conversation as the tipster sees it.
type TipThreadPage struct {
	Page
	Code          string
	Messages      []TipView
	Files, FileMB int
	Text          string
	Sent          bool
	Errors        map[string]string
	ErrorMsg      string
}

// TipView is one message of a thread, opened.
type TipView struct {
	ID       int64
	Author   tip.Author
	Who      string
	Date     string
	Content  tip.Content
	Files    []TipFileView
	Internal bool
}

// TipFileView is an attachment, its name opened.
type TipFileView struct {
	ID   int64
	Name string
	Type string
	Size string
}

// Quiet tells which paths the request log leaves out: the tips box's.
func Quiet(path string) bool { return path == "/tips" || strings.HasPrefix(path, "/tips/") }

func (s *Site) tipRoutes(mux *http.ServeMux) {
	mux.Handle("GET /tips", s.personal(s.showTips))
	mux.Handle("POST /tips", s.personal(s.postTip))
	mux.Handle("POST /tips/thread", s.personal(s.showTipThread))
	mux.Handle("POST /tips/follow-up", s.personal(s.postTipFollowUp))
}

func (s *Site) tipsPage(r *http.Request) (TipsPage, error) {
	p, err := s.page(r.Context(), r, "Submit a news tip")
	if err != nil {
		return TipsPage{}, err
	}
	p.Description = "Send the newsroom a tip, documents or pictures, securely and anonymously if you wish."
	_, err = s.Store.TipKeyring(r.Context())
	if err != nil && !errors.Is(err, apperr.NotFound) {
		return TipsPage{}, err
	}
	return TipsPage{Page: p, Ready: err == nil, Files: p.Settings.Tips.Files, FileMB: p.Settings.Tips.FileMB}, nil
}

func (s *Site) showTips(w http.ResponseWriter, r *http.Request) error {
	tp, err := s.tipsPage(r)
	if err != nil {
		return err
	}
	return s.Render.Render(w, http.StatusOK, "site/tips", tp)
}

// tipRefused shows the form again with what was typed and why it was refused.
func (s *Site) tipRefused(w http.ResponseWriter, tp TipsPage, in tip.Input, err error) error {
	status, msg, fields, ok := refusal(w, err)
	if !ok {
		return err
	}
	tp.Text, tp.Name, tp.Contact = in.Text, in.Name, in.Contact
	tp.ErrorMsg, tp.Errors = msg, fields
	if fields["files"] != "" || tp.ErrorMsg == "" {
		tp.ErrorMsg = "Your tip was not sent. " + msg
	}
	return s.Render.Render(w, status, "site/tips", tp)
}

// postTip takes a new tip. The form is read as it arrives: the text first,
// then each attachment, encrypted to the new thread's key on its way to disk.
func (s *Site) postTip(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	tp, err := s.tipsPage(r)
	if err != nil {
		return err
	}
	if !tp.Ready {
		return s.notice(w, r, http.StatusServiceUnavailable, "The tips box is not open yet",
			"The newsroom has not set up its secure tips box. Please try again later, or use our contact page.")
	}
	kr, err := s.Store.TipKeyring(ctx)
	if err != nil {
		return err
	}
	var th tip.Tip
	var code string
	var key *age.X25519Identity
	in, _, files, err := s.readTip(r, tp.Page.Settings.Tips, func(in *tip.Input, _ string) (age.Recipient, error) {
		if err := in.Validate(); err != nil {
			return nil, err
		}
		if err := s.Tips.Limiter.Take(ctx, "tips", throttle.Pair{Rule: tipsPerAddress, Key: session.AddressKey(r)},
			throttle.Pair{Rule: tipsEveryone, Key: "everyone"}); err != nil {
			return nil, err
		}
		// The keys are made only for a tip that passed: they cost a little.
		var err error
		if th, code, key, err = tip.NewThread(kr.Recipient); err != nil {
			return nil, err
		}
		return key.Recipient(), nil
	})
	if err != nil {
		return s.tipRefused(w, tp, in, err)
	}
	day := s.now().UTC().Truncate(24 * time.Hour)
	th.ReceivedOn, th.UpdatedAt = day.Format("2006-01-02"), day
	m, err := tip.SealMessage(key.Recipient(), tip.Tipster, 0, tip.Content(in), day)
	if err == nil {
		err = s.Store.CreateTip(ctx, kr.Recipient, &th, &m, files)
	}
	if errors.Is(err, tip.ErrStaleKey) {
		// The newsroom replaced its key while the tip arrived: seal the
		// thread's key to the new one.
		if kr, err = s.Store.TipKeyring(ctx); err == nil {
			if err = th.Reseal(key, kr.Recipient); err == nil {
				err = s.Store.CreateTip(ctx, kr.Recipient, &th, &m, files)
			}
		}
	}
	if err != nil {
		s.Tips.Vault.Remove(filePaths(files)...)
		return err
	}
	p, err := s.page(ctx, r, "Your tip is with the newsroom")
	if err != nil {
		return err
	}
	p.NoIndex = true
	return s.Render.Render(w, http.StatusOK, "site/tip-receipt", TipReceiptPage{Page: p, Code: code})
}

func filePaths(fs []tip.File) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Path
	}
	return out
}

// readTip reads a tips form as it arrives. gate runs once the text fields are
// read and before the first attachment is stored: it checks them and returns
// the key to encrypt attachments to. On any refusal the attachments stored
// so far are removed.
func (s *Site) readTip(r *http.Request, limits setting.Tips, gate func(in *tip.Input, code string) (age.Recipient, error)) (in tip.Input, code string, files []tip.File, err error) {
	defer func() {
		if err != nil {
			s.Tips.Vault.Remove(filePaths(files)...)
			files = nil
		}
	}()
	mr, err := r.MultipartReader()
	if err != nil {
		return in, "", nil, apperr.FieldError("text", "The form did not arrive whole. Please send it again.")
	}
	var to age.Recipient
	open := func() error {
		if to != nil {
			return nil
		}
		var err error
		to, err = gate(&in, code)
		return err
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return in, code, files, apperr.FieldError("files", "The attachments are too large together.")
			}
			return in, code, files, apperr.FieldError("text", "The form did not arrive whole. Please send it again.")
		}
		switch name := part.FormName(); {
		case name == "files":
			if part.FileName() == "" {
				continue // an empty file field
			}
			if err := open(); err != nil {
				return in, code, files, err
			}
			if len(files) >= limits.Files {
				if limits.Files == 0 {
					return in, code, files, apperr.FieldError("files", "This form takes no attachments.")
				}
				return in, code, files, apperr.FieldError("files", fmt.Sprintf("Attach at most %d files. Choose your files again.", limits.Files))
			}
			f, err := s.storeTipFile(part, to, int64(limits.FileMB)<<20)
			var cut *uploadError
			if errors.As(err, &cut) {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					return in, code, files, apperr.FieldError("files", "The attachments are too large together.")
				}
				return in, code, files, apperr.FieldError("files", "The upload was cut short. Choose your files again and send once more.")
			}
			if errors.Is(err, tip.ErrTooLarge) {
				return in, code, files, apperr.FieldError("files", fmt.Sprintf("Each file may be at most %d MB, and %q is larger. Choose your files again.",
					limits.FileMB, tip.CleanFileName(part.FileName())))
			}
			if err != nil {
				return in, code, files, err
			}
			files = append(files, f)
		default:
			if to != nil {
				// Every field comes before the files in our form; one
				// after them would escape the checks the files passed.
				return in, code, files, apperr.FieldError("text", "The form did not arrive in order. Please send it again from this page.")
			}
			v, err := readField(part, int64(tip.MaxText)*4+1)
			if err != nil {
				return in, code, files, err
			}
			switch name {
			case "text":
				in.Text = v
			case "name":
				in.Name = v
			case "contact":
				in.Contact = v
			case "code":
				code = v // a follow-up's receipt code
			}
		}
	}
	return in, code, files, open()
}

// readField reads a text field, at most limit bytes.
func readField(p *multipart.Part, limit int64) (string, error) {
	b, err := io.ReadAll(io.LimitReader(p, limit))
	if err != nil {
		return "", apperr.FieldError("text", "The form did not arrive whole. Please send it again.")
	}
	if int64(len(b)) >= limit {
		return "", apperr.FieldError("text", fmt.Sprintf("Keep your message under %d characters; attach a document for more.", tip.MaxText))
	}
	return string(b), nil
}

// uploadError is a failure to read the request (the tipster's connection),
// told apart from a failure to write (ours).
type uploadError struct{ err error }

func (e *uploadError) Error() string { return "upload: " + e.err.Error() }
func (e *uploadError) Unwrap() error { return e.err }

type uploadReader struct{ r io.Reader }

func (u uploadReader) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	if err != nil && err != io.EOF {
		err = &uploadError{err}
	}
	return n, err
}

// storeTipFile encrypts one attachment into the vault.
func (s *Site) storeTipFile(part *multipart.Part, to age.Recipient, limit int64) (tip.File, error) {
	name, plain, size, err := s.Tips.Vault.Put(to, uploadReader{part}, limit, s.now())
	if err != nil {
		return tip.File{}, err
	}
	ctype := strings.TrimSpace(part.Header.Get("Content-Type"))
	if len(ctype) > 100 || strings.ContainsAny(ctype, "\r\n") {
		ctype = ""
	}
	meta, err := json.Marshal(tip.FileMeta{Name: tip.CleanFileName(part.FileName()), Type: ctype, Size: plain})
	if err == nil {
		var sealed []byte
		if sealed, err = tip.Seal(to, meta); err == nil {
			return tip.File{Path: name, Size: size, Meta: sealed}, nil
		}
	}
	s.Tips.Vault.Remove(name)
	return tip.File{}, err
}

// tipThread finds a thread by its receipt code and opens its key.
func (s *Site) tipThread(ctx context.Context, r *http.Request, code string) (tip.Tip, *age.X25519Identity, error) {
	if err := s.Tips.Limiter.Take(ctx, "tries", throttle.Pair{Rule: tipCodesPerAddress, Key: session.AddressKey(r)}); err != nil {
		return tip.Tip{}, nil, err
	}
	t, err := s.Store.TipByLookup(ctx, tip.LookupHash(code))
	if err != nil {
		if errors.Is(err, apperr.NotFound) {
			return t, nil, apperr.FieldError("code", "No tip has this code. Check the words and their order.")
		}
		return t, nil, err
	}
	key, err := t.KeyForCode(code)
	if err != nil {
		return t, nil, apperr.FieldError("code", "No tip has this code. Check the words and their order.")
	}
	return t, key, nil
}

// OpenTipThread opens a thread's messages and attachments with its key; notes
// (sealed to the newsroom key) are opened with newsroom, or left out when it
// is nil (the tipster's view).
func OpenTipThread(ctx context.Context, st interface {
	TipMessages(ctx context.Context, tipID int64) ([]tip.Message, error)
	TipFiles(ctx context.Context, tipID int64) ([]tip.File, error)
}, t tip.Tip, key, newsroom *age.X25519Identity, loc *time.Location) ([]TipView, error) {
	ms, err := st.TipMessages(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	fs, err := st.TipFiles(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	byMessage := map[int64][]TipFileView{}
	for _, f := range fs {
		m, err := f.Open(key)
		if err != nil {
			return nil, err
		}
		byMessage[f.MessageID] = append(byMessage[f.MessageID], TipFileView{ID: f.ID, Name: m.Name, Type: m.Type, Size: humanSize(m.Size)})
	}
	for _, fs := range byMessage {
		slices.SortFunc(fs, func(a, b TipFileView) int { return strings.Compare(a.Name, b.Name) })
	}
	var out []TipView
	for _, m := range ms {
		v := TipView{ID: m.ID, Author: m.Author, Files: byMessage[m.ID]}
		opener := key
		switch m.Author {
		case tip.Note:
			if newsroom == nil {
				continue
			}
			opener, v.Internal, v.Who = newsroom, true, "Note by "+m.UserName
		case tip.Newsroom:
			v.Who = "The newsroom"
			if newsroom != nil && m.UserName != "" {
				v.Who = m.UserName + " (reply)"
			}
		default:
			v.Who = "The tipster"
			if newsroom == nil {
				v.Who = "You"
			}
		}
		raw, err := tip.Open(opener, m.Body)
		if err != nil {
			return nil, fmt.Errorf("tip %d message %d: %w", t.ID, m.ID, err)
		}
		if err := json.Unmarshal(raw, &v.Content); err != nil {
			return nil, err
		}
		if m.Author == tip.Tipster || newsroom == nil {
			v.Date = m.CreatedAt.UTC().Format("January 2, 2006")
		} else {
			v.Date = m.CreatedAt.In(loc).Format("January 2, 2006, 15:04")
		}
		out = append(out, v)
	}
	return out, nil
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func (s *Site) tipThreadPage(r *http.Request, code string, t tip.Tip, key *age.X25519Identity) (TipThreadPage, error) {
	p, err := s.page(r.Context(), r, "Your tip")
	if err != nil {
		return TipThreadPage{}, err
	}
	p.NoIndex = true
	views, err := OpenTipThread(r.Context(), s.Store, t, key, nil, p.Loc)
	return TipThreadPage{Page: p, Code: tip.NormalizeCode(code), Messages: views, Files: p.Settings.Tips.Files, FileMB: p.Settings.Tips.FileMB}, err
}

// showTipThread is the way back: the receipt code opens the conversation.
func (s *Site) showTipThread(w http.ResponseWriter, r *http.Request) error {
	code := r.PostFormValue("code")
	t, key, err := s.tipThread(r.Context(), r, code)
	if err != nil {
		tp, perr := s.tipsPage(r)
		if perr != nil {
			return perr
		}
		status, msg, _, ok := refusal(w, err)
		if !ok {
			return err
		}
		tp.CodeErrors = map[string]string{"code": msg}
		return s.Render.Render(w, status, "site/tips", tp)
	}
	tt, err := s.tipThreadPage(r, code, t, key)
	if err != nil {
		return err
	}
	return s.Render.Render(w, http.StatusOK, "site/tip-thread", tt)
}

// postTipFollowUp adds the tipster's follow-up (and attachments) to a thread.
func (s *Site) postTipFollowUp(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st, err := s.Store.Settings(ctx)
	if err != nil {
		return err
	}
	var t tip.Tip
	var key *age.X25519Identity
	in, code, files, err := s.readTip(r, st.Tips, func(in *tip.Input, code string) (age.Recipient, error) {
		in.Contact, in.Name = "", "" // a follow-up is text and files only
		var err error
		if t, key, err = s.tipThread(ctx, r, code); err != nil {
			return nil, err
		}
		if err := in.Validate(); err != nil {
			return nil, err
		}
		if err := s.Tips.Limiter.Take(ctx, "follow-ups", throttle.Pair{Rule: tipReplyPerAddress, Key: session.AddressKey(r)},
			throttle.Pair{Rule: tipsEveryone, Key: "everyone"}); err != nil {
			return nil, err
		}
		return key.Recipient(), nil
	})
	if err != nil {
		if key == nil {
			// Without a thread there is nothing to show but the form.
			tp, perr := s.tipsPage(r)
			if perr != nil {
				return perr
			}
			status, msg, _, ok := refusal(w, err)
			if !ok {
				return err
			}
			tp.CodeErrors, tp.Kept = map[string]string{"code": msg}, in.Text
			return s.Render.Render(w, status, "site/tips", tp)
		}
		tt, perr := s.tipThreadPage(r, code, t, key)
		if perr != nil {
			return perr
		}
		status, msg, fields, ok := refusal(w, err)
		if !ok {
			return err
		}
		tt.Text, tt.ErrorMsg, tt.Errors = in.Text, "Your message was not sent. "+msg, fields
		return s.Render.Render(w, status, "site/tip-thread", tt)
	}
	day := s.now().UTC().Truncate(24 * time.Hour)
	m, err := tip.SealMessage(key.Recipient(), tip.Tipster, 0, tip.Content{Text: in.Text}, day)
	if err == nil {
		m.TipID = t.ID
		err = s.Store.AddTipMessage(ctx, &m, files, day, "")
	}
	if err != nil {
		s.Tips.Vault.Remove(filePaths(files)...)
		return err
	}
	tt, err := s.tipThreadPage(r, code, t, key)
	if err != nil {
		return err
	}
	tt.Sent = true
	return s.Render.Render(w, http.StatusOK, "site/tip-thread", tt)
}
