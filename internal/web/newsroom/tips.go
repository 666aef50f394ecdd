package newsroom

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"filippo.io/age"

	"broadsheet/internal/apperr"
	"broadsheet/internal/throttle"
	"broadsheet/internal/tip"
	"broadsheet/internal/user"
	"broadsheet/internal/web/site"
)

// tipsCookie holds a session's key to its unlocked inbox (see tip.Unlocked).
const tipsCookie = "bs_tips"

// unlockFor is how long an unlocked inbox stays open (and at most until the
// session ends).
const unlockFor = 8 * time.Hour

// unlockRule limits passphrase guesses per account.
var unlockRule = throttle.Rule{Name: "tips-unlock", Max: 5, Window: 15 * time.Minute}

// errNoAccess means the user is not on the tips inbox's list.
var errNoAccess = errors.New("newsroom: no access to tips")

func (n *Newsroom) tipRoutes(mux *http.ServeMux, need func(user.Permission, handler) http.Handler) {
	mux.Handle("GET /newsroom/tips", need(user.ModerateComments, n.showTipsInbox))
	mux.Handle("POST /newsroom/tips/setup", need(user.ModerateComments, n.setupTips))
	mux.Handle("POST /newsroom/tips/unlock", need(user.ModerateComments, n.unlockTips))
	mux.Handle("POST /newsroom/tips/lock", need(user.ModerateComments, n.lockTips))
	mux.Handle("GET /newsroom/tips/access", need(user.ModerateComments, n.showTipAccess))
	mux.Handle("POST /newsroom/tips/access", need(user.ManageUsers, n.saveTipAccess))
	mux.Handle("POST /newsroom/tips/passphrase", need(user.ModerateComments, n.changeTipPassphrase))
	mux.Handle("GET /newsroom/tips/{id}", need(user.ModerateComments, n.showTip))
	mux.Handle("POST /newsroom/tips/{id}", need(user.ModerateComments, n.updateTip))
	mux.Handle("POST /newsroom/tips/{id}/reply", need(user.ModerateComments, n.replyTip))
	mux.Handle("GET /newsroom/tips/{id}/files/{file}", need(user.ModerateComments, n.downloadTipFile))
}

// TipsInboxPage is the inbox in one of its states: "setup" (no newsroom key
// yet), "no-access", "locked", or "open" (with the list).
type TipsInboxPage struct {
	Page
	State    string
	Tips     []tip.Tip
	Status   string
	Statuses []tip.Status
	Unread   int
}

// unlocked returns the newsroom key of this session's open inbox.
func (n *Newsroom) unlocked(r *http.Request) (*age.X25519Identity, error) {
	u, _ := currentUser(r)
	ok, err := n.Store.HasTipAccess(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNoAccess
	}
	c, err := r.Cookie(tipsCookie)
	if err != nil || len(c.Value) > 100 {
		return nil, tip.ErrLocked
	}
	key, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return nil, tip.ErrLocked
	}
	un, err := n.Store.TipUnlock(r.Context(), currentSession(r).Hash, time.Now())
	if err != nil {
		return nil, tip.ErrLocked
	}
	return un.Open(key)
}

func (n *Newsroom) tipsInbox(r *http.Request) (TipsInboxPage, error) {
	p := TipsInboxPage{Page: n.page(r, "News tips"), Statuses: tip.Statuses}
	p.Nav = "tips"
	if _, err := n.Store.TipKeyring(r.Context()); errors.Is(err, apperr.NotFound) {
		p.State = "setup"
		return p, nil
	} else if err != nil {
		return p, err
	}
	switch _, err := n.unlocked(r); {
	case errors.Is(err, errNoAccess):
		p.State = "no-access"
	case errors.Is(err, tip.ErrLocked):
		p.State = "locked"
	case err != nil:
		return p, err
	default:
		p.State = "open"
	}
	return p, nil
}

func (n *Newsroom) showTipsInbox(w http.ResponseWriter, r *http.Request) error {
	p, err := n.tipsInbox(r)
	if err != nil {
		return err
	}
	if p.State == "open" {
		p.Status = r.URL.Query().Get("status")
		if p.Status != "" && !tip.Status(p.Status).Valid() {
			p.Status = ""
		}
		if p.Tips, err = n.Store.Tips(r.Context(), tip.Status(p.Status), 200); err != nil {
			return err
		}
		if p.Unread, err = n.Store.CountUnreadTips(r.Context()); err != nil {
			return err
		}
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/tips", p)
}

// inboxError shows the inbox page again with a form's problem.
func (n *Newsroom) inboxError(w http.ResponseWriter, r *http.Request, err error) error {
	p, perr := n.tipsInbox(r)
	if perr != nil {
		return perr
	}
	status, ok := passphraseRefusal(w, err, "passphrase", "That is not the newsroom's tips passphrase.", &p.Page)
	if !ok {
		return err
	}
	return n.Render.Render(w, status, "newsroom/tips", p)
}

// passphraseRefusal puts a refused passphrase form's problem on its page: a
// limit (with Retry-After), a wrong passphrase (on field), or the fields'
// own problems; ok is false for any other error.
func passphraseRefusal(w http.ResponseWriter, err error, field, wrong string, p *Page) (int, bool) {
	var lim *throttle.Limited
	switch {
	case errors.As(err, &lim):
		p.ErrorMsg = lim.Error()
		w.Header().Set("Retry-After", strconv.Itoa(lim.Seconds()))
		return http.StatusTooManyRequests, true
	case errors.Is(err, tip.ErrPassphrase):
		p.ErrorMsg, p.Errors = wrong, map[string]string{field: wrong}
		return http.StatusUnprocessableEntity, true
	}
	v, ok := apperr.AsValidation(err)
	if !ok {
		return 0, false
	}
	_, p.ErrorMsg = v.First()
	p.Errors = v.Fields
	return http.StatusUnprocessableEntity, true
}

// setupTips makes the newsroom key on first use; whoever sets it up may open
// the inbox, and admins add the others.
func (n *Newsroom) setupTips(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, _ := currentUser(r)
	pass := r.PostFormValue("passphrase")
	if pass != r.PostFormValue("passphrase_again") {
		return n.inboxError(w, r, apperr.FieldError("passphrase_again", "The two passphrases differ."))
	}
	kr, id, err := tip.NewKeyring(pass, time.Now().UTC())
	if err != nil {
		return n.inboxError(w, r, err)
	}
	if err := n.Store.CreateTipKeyring(ctx, kr); errors.Is(err, apperr.Conflict) {
		return n.inboxError(w, r, apperr.FieldError("passphrase", "Someone set up the tips box a moment ago. Ask them for the passphrase."))
	} else if err != nil {
		return err
	}
	if err := n.Store.GrantTipAccess(ctx, u.ID, u.ID, time.Now().UTC()); err != nil {
		return err
	}
	n.audit(r, "tips.setup", "tips", "")
	if err := n.openInbox(w, r, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/tips?done=tips-ready", http.StatusSeeOther)
	return nil
}

// openInbox parks the newsroom key for this session and gives the browser
// its half.
func (n *Newsroom) openInbox(w http.ResponseWriter, r *http.Request, id *age.X25519Identity) error {
	sess := currentSession(r)
	until := time.Now().Add(unlockFor)
	if sess.ExpiresAt.Before(until) && !sess.ExpiresAt.IsZero() {
		until = sess.ExpiresAt
	}
	un, key, err := tip.UnlockFor(id, until)
	if err != nil {
		return err
	}
	if err := n.Store.SaveTipUnlock(r.Context(), sess.Hash, un); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: tipsCookie, Value: base64.RawURLEncoding.EncodeToString(key), Path: "/newsroom/tips",
		HttpOnly: true, Secure: n.Sessions.SecureCookie, SameSite: http.SameSiteStrictMode})
	return nil
}

func (n *Newsroom) unlockTips(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, _ := currentUser(r)
	if ok, err := n.Store.HasTipAccess(ctx, u.ID); err != nil {
		return err
	} else if !ok {
		return fmt.Errorf("%w: tips", apperr.Forbidden)
	}
	// Each try is counted before it runs, so tries sent at once cannot
	// pass the limit together; a right one is taken back.
	pair := throttle.Pair{Rule: unlockRule, Key: strconv.FormatInt(u.ID, 10)}
	if err := n.Sessions.Limiter.Take(ctx, "passphrase tries", pair); err != nil {
		return n.inboxError(w, r, err)
	}
	kr, err := n.Store.TipKeyring(ctx)
	if err != nil {
		return err
	}
	id, err := kr.Open(r.PostFormValue("passphrase"))
	if err != nil {
		if errors.Is(err, tip.ErrKeyMismatch) {
			n.Log.Error("tips: the stored newsroom key does not match its public half")
			n.audit(r, "tips.key-mismatch", "tips", "")
			return err
		}
		n.audit(r, "tips.unlock-failed", "tips", "")
		return n.inboxError(w, r, err)
	}
	if err := n.Sessions.Limiter.ForgetAll(ctx, pair); err != nil {
		return err
	}
	if err := n.openInbox(w, r, id); err != nil {
		return err
	}
	n.audit(r, "tips.unlock", "tips", "")
	http.Redirect(w, r, "/newsroom/tips", http.StatusSeeOther)
	return nil
}

func (n *Newsroom) lockTips(w http.ResponseWriter, r *http.Request) error {
	if err := n.Store.DeleteTipUnlock(r.Context(), currentSession(r).Hash, time.Now()); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: tipsCookie, Value: "", Path: "/newsroom/tips", HttpOnly: true, Secure: n.Sessions.SecureCookie,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, "/newsroom/tips?done=tips-locked", http.StatusSeeOther)
	return nil
}

// requireOpen answers for a page that needs the open inbox; ok is false when
// it has answered already (the inbox page, locked or closed to this user).
func (n *Newsroom) requireOpen(w http.ResponseWriter, r *http.Request) (*age.X25519Identity, bool, error) {
	id, err := n.unlocked(r)
	switch {
	case err == nil:
		return id, true, nil
	case errors.Is(err, errNoAccess):
		return nil, false, fmt.Errorf("%w: tips", apperr.Forbidden)
	case errors.Is(err, tip.ErrLocked):
		if r.Method == http.MethodGet {
			http.Redirect(w, r, "/newsroom/tips", http.StatusSeeOther)
			return nil, false, nil
		}
		n.fail(w, r, http.StatusForbidden, "The tips inbox is locked. Unlock it with the passphrase and try again; what you typed was not saved.")
		return nil, false, nil
	}
	return nil, false, err
}

// openTip is requireOpen and the tip the path names; ok is false when the
// handler has nothing more to do (an answer was sent, or err says why).
func (n *Newsroom) openTip(w http.ResponseWriter, r *http.Request) (*age.X25519Identity, tip.Tip, bool, error) {
	id, ok, err := n.requireOpen(w, r)
	if !ok {
		return nil, tip.Tip{}, false, err
	}
	tid, err := pathID(r, "id")
	if err != nil {
		return nil, tip.Tip{}, false, err
	}
	t, err := n.Store.Tip(r.Context(), tid)
	if err != nil {
		return nil, t, false, err
	}
	return id, t, true, nil
}

// TipPage is one tip, opened.
type TipPage struct {
	Page
	Tip       tip.Tip
	Messages  []site.TipView
	Assignees []user.User
	Reply     string
	Kind      string
	Statuses  []tip.Status
}

func (n *Newsroom) tipPage(r *http.Request, id *age.X25519Identity) (TipPage, error) {
	ctx := r.Context()
	tid, err := pathID(r, "id")
	if err != nil {
		return TipPage{}, err
	}
	t, err := n.Store.Tip(ctx, tid)
	if err != nil {
		return TipPage{}, err
	}
	key, err := t.KeyFor(id)
	if err != nil {
		return TipPage{}, err
	}
	p := TipPage{Page: n.page(r, fmt.Sprintf("Tip %d", t.ID)), Tip: t, Kind: "reply", Statuses: tip.Statuses}
	p.Nav = "tips"
	if p.Messages, err = site.OpenTipThread(ctx, n.Store, t, key, id, p.Loc); err != nil {
		return p, err
	}
	p.Assignees, err = n.Store.TipAccess(ctx)
	return p, err
}

func (n *Newsroom) showTip(w http.ResponseWriter, r *http.Request) error {
	id, ok, err := n.requireOpen(w, r)
	if !ok {
		return err
	}
	p, err := n.tipPage(r, id)
	if err != nil {
		return err
	}
	if p.Tip.Unread {
		if err := n.Store.MarkTipRead(r.Context(), p.Tip.ID); err != nil {
			return err
		}
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/tip", p)
}

// updateTip sets a tip's status and who follows it up.
func (n *Newsroom) updateTip(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, ok, err := n.requireOpen(w, r)
	if !ok {
		return err
	}
	tid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	status := tip.Status(r.PostFormValue("status"))
	var assignee int64
	if a := r.PostFormValue("assignee"); a != "" && a != "0" {
		if assignee, err = strconv.ParseInt(a, 10, 64); err != nil || assignee <= 0 {
			return apperr.FieldError("assignee", "Choose someone who can read tips.")
		}
		if ok, err := n.Store.HasTipAccess(ctx, assignee); err != nil {
			return err
		} else if !ok {
			return apperr.FieldError("assignee", "Choose someone who can read tips.")
		}
	}
	if err := n.Store.UpdateTip(ctx, tid, status, assignee); err != nil {
		if v, ok := apperr.AsValidation(err); ok {
			p, perr := n.tipPage(r, id)
			if perr != nil {
				return perr
			}
			_, p.ErrorMsg = v.First()
			p.Errors = v.Fields
			return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/tip", p)
		}
		return err
	}
	n.audit(r, "tips.status", fmt.Sprintf("tip %d", tid), fmt.Sprintf("%s, assigned to %d", status, assignee))
	http.Redirect(w, r, fmt.Sprintf("/newsroom/tips/%d?done=saved", tid), http.StatusSeeOther)
	return nil
}

// replyTip writes to the tipster (sealed to the thread's key, which their
// receipt code opens) or leaves an internal note (sealed to the newsroom key
// only).
func (n *Newsroom) replyTip(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, t, ok, err := n.openTip(w, r)
	if !ok {
		return err
	}
	u, _ := currentUser(r)
	kind := r.PostFormValue("kind")
	in := tip.Input{Text: r.PostFormValue("text")}
	if kind != "reply" && kind != "note" {
		kind = "reply"
	}
	if err := in.Validate(); err != nil {
		p, perr := n.tipPage(r, id)
		if perr != nil {
			return perr
		}
		v, _ := apperr.AsValidation(err)
		_, p.ErrorMsg = v.First()
		p.Errors, p.Reply, p.Kind = v.Fields, in.Text, kind
		return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/tip", p)
	}
	author := tip.Newsroom
	to, err := t.RecipientKey()
	if kind == "note" {
		author = tip.Note
		to = id.Recipient()
	}
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	m, err := tip.SealMessage(to, author, u.ID, tip.Content{Text: in.Text}, now)
	if err != nil {
		return err
	}
	m.TipID = t.ID
	if err := n.Store.AddTipMessage(ctx, &m, nil, now, id.Recipient().String()); err != nil {
		if errors.Is(err, tip.ErrStaleKey) {
			n.fail(w, r, http.StatusConflict, "The tips passphrase was changed a moment ago. Unlock the inbox with the new one and write your note again.")
			return nil
		}
		return err
	}
	n.audit(r, "tips."+kind, fmt.Sprintf("tip %d", t.ID), "")
	http.Redirect(w, r, fmt.Sprintf("/newsroom/tips/%d?done=%s#message-%d", t.ID, map[string]string{"reply": "tip-replied", "note": "tip-noted"}[kind], m.ID), http.StatusSeeOther)
	return nil
}

// downloadTipFile sends an attachment, decrypted, always as a download: never
// shown by the browser, whatever it claims to be.
func (n *Newsroom) downloadTipFile(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, t, ok, err := n.openTip(w, r)
	if !ok {
		return err
	}
	fid, err := pathID(r, "file")
	if err != nil {
		return err
	}
	f, err := n.Store.TipFile(ctx, t.ID, fid)
	if err != nil {
		return err
	}
	key, err := t.KeyFor(id)
	if err != nil {
		return err
	}
	meta, err := f.Open(key)
	if err != nil {
		return err
	}
	rc, err := n.Site.Tips.Vault.Get(f.Path, key)
	if err != nil {
		return err
	}
	defer rc.Close()
	n.audit(r, "tips.download", fmt.Sprintf("tip %d", t.ID), fmt.Sprintf("file %d", f.ID))
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": tip.CleanFileName(meta.Name)}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "no-store")
	if _, err := io.Copy(w, rc); err != nil {
		// A damaged or altered file must not look complete: cut the
		// connection rather than end the download as if all was well.
		n.Log.Warn("tips: download cut short", "tip", t.ID, "file", f.ID, "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// TipAccessPage lists who may open the inbox; admins change it, and anyone
// on it may change the passphrase.
type TipAccessPage struct {
	Page
	Access    []user.User
	Others    []user.User // editors and admins not on the list
	CanManage bool
	HasAccess bool
	Ready     bool
}

func (n *Newsroom) tipAccessPage(r *http.Request) (TipAccessPage, error) {
	ctx := r.Context()
	u, _ := currentUser(r)
	p := TipAccessPage{Page: n.page(r, "Who can read tips"), CanManage: u.Can(user.ManageUsers)}
	p.Nav = "tips"
	_, err := n.Store.TipKeyring(ctx)
	if err != nil && !errors.Is(err, apperr.NotFound) {
		return p, err
	}
	p.Ready = err == nil
	if p.Access, err = n.Store.TipAccess(ctx); err != nil {
		return p, err
	}
	on := map[int64]bool{}
	for _, a := range p.Access {
		on[a.ID] = true
		p.HasAccess = p.HasAccess || a.ID == u.ID
	}
	all, err := n.Store.Users(ctx)
	if err != nil {
		return p, err
	}
	for _, s := range all {
		if !on[s.ID] && s.Can(user.ModerateComments) {
			p.Others = append(p.Others, s)
		}
	}
	return p, nil
}

func (n *Newsroom) showTipAccess(w http.ResponseWriter, r *http.Request) error {
	p, err := n.tipAccessPage(r)
	if err != nil {
		return err
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/tip-access", p)
}

// saveTipAccess adds or removes someone (admins only). Removing locks their
// open inboxes; the page reminds that only a new passphrase keeps out someone
// who knows the old one.
func (n *Newsroom) saveTipAccess(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, _ := currentUser(r)
	uid, err := strconv.ParseInt(r.PostFormValue("user"), 10, 64)
	if err != nil || uid <= 0 {
		return apperr.FieldError("user", "Choose someone.")
	}
	target, err := n.Store.User(ctx, uid)
	if err != nil {
		return err
	}
	switch r.PostFormValue("action") {
	case "grant":
		if !target.Can(user.ModerateComments) {
			return apperr.FieldError("user", "Only editors and admins can read tips.")
		}
		if err := n.Store.GrantTipAccess(ctx, uid, u.ID, time.Now().UTC()); err != nil {
			return err
		}
		n.audit(r, "tips.access.grant", fmt.Sprintf("user %d", uid), target.Email)
	case "revoke":
		if err := n.Store.RevokeTipAccess(ctx, uid); err != nil {
			return err
		}
		n.audit(r, "tips.access.revoke", fmt.Sprintf("user %d", uid), target.Email)
	default:
		return apperr.FieldError("action", "Choose to add or remove.")
	}
	http.Redirect(w, r, "/newsroom/tips/access?done=saved", http.StatusSeeOther)
	return nil
}

// changeTipPassphrase seals the newsroom key with a new passphrase; every
// open inbox is locked, so everyone unlocks again with the new one.
func (n *Newsroom) changeTipPassphrase(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, _ := currentUser(r)
	fail := func(err error) error {
		p, perr := n.tipAccessPage(r)
		if perr != nil {
			return perr
		}
		status, ok := passphraseRefusal(w, err, "current", "That is not the current passphrase.", &p.Page)
		if !ok {
			return err
		}
		return n.Render.Render(w, status, "newsroom/tip-access", p)
	}
	if ok, err := n.Store.HasTipAccess(ctx, u.ID); err != nil {
		return err
	} else if !ok {
		return fmt.Errorf("%w: tips", apperr.Forbidden)
	}
	next := r.PostFormValue("passphrase")
	if next != r.PostFormValue("passphrase_again") {
		return fail(apperr.FieldError("passphrase_again", "The two new passphrases differ."))
	}
	if msg := tip.CheckPassphrase(next); msg != "" {
		return fail(apperr.FieldError("passphrase", msg))
	}
	pair := throttle.Pair{Rule: unlockRule, Key: strconv.FormatInt(u.ID, 10)}
	if err := n.Sessions.Limiter.Take(ctx, "passphrase tries", pair); err != nil {
		return fail(err)
	}
	kr, err := n.Store.TipKeyring(ctx)
	if err != nil {
		return err
	}
	id, err := kr.Open(r.PostFormValue("current"))
	if err != nil {
		return fail(err)
	}
	if err := n.Sessions.Limiter.ForgetAll(ctx, pair); err != nil {
		return err
	}
	// A new passphrase comes with a new key: whoever knew the old
	// passphrase cannot open what is sealed from now on.
	nextKr, nextID, rewrap, err := kr.Rotate(id, next, time.Now().UTC())
	if err != nil {
		return fail(err)
	}
	if err := n.Store.RotateTipKeys(ctx, kr, nextKr, rewrap); err != nil {
		if errors.Is(err, tip.ErrStaleKey) {
			return fail(apperr.FieldError("current", "Someone changed the passphrase a moment ago. Use the new one."))
		}
		return err
	}
	n.audit(r, "tips.passphrase", "tips", "the newsroom key was replaced")
	if err := n.openInbox(w, r, nextID); err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/tips/access?done=tips-passphrase", http.StatusSeeOther)
	return nil
}
