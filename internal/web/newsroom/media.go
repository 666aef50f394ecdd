package newsroom

import (
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/media"
	"broadsheet/internal/throttle"
	"broadsheet/internal/user"
)

// MediaPage is the picture library.
type MediaPage struct {
	Page
	Items []media.Media
	Loc   *time.Location
	Alt   string
	// The search as typed: words in the caption, credit, description or
	// file name; an uploader ("me", an id, or "" for anyone); a kind
	// ("pictures", "documents" or "" for both); the first and last day of
	// upload (YYYY-MM-DD, in the site's zone).
	Query      string
	By         string
	Kind       string
	From, To   string
	Uploaders  []media.Uploader
	PageNum    int
	More       bool
	Filtered   bool
	NextParams string
	PrevParams string
}

// mediaPerPage is how many items a page of the library shows.
const mediaPerPage = 60

// mediaFilter reads the library's search from a query string; bad values
// are dropped (and the page says which), never an error page.
func (n *Newsroom) mediaFilter(r *http.Request, mp *MediaPage) media.Filter {
	u, _ := currentUser(r)
	q := r.URL.Query()
	mp.Loc = n.location(r.Context())
	mp.Query = strings.TrimSpace(media.CleanText(q.Get("q"), 100))
	f := media.Filter{Text: mp.Query}
	if k := q.Get("kind"); k == "pictures" || k == "documents" {
		mp.Kind, f.Kind = k, k
	}
	by := q.Get("by")
	if q.Get("mine") == "1" {
		by = "me"
	}
	switch id, err := strconv.ParseInt(by, 10, 64); {
	case by == "me":
		mp.By, f.UploadedBy = "me", u.ID
	case err == nil && id > 0:
		mp.By, f.UploadedBy = by, id
	}
	day := func(name string) (time.Time, string) {
		v := q.Get(name)
		t, err := time.ParseInLocation("2006-01-02", v, mp.Loc)
		if v == "" {
			return time.Time{}, ""
		}
		if err != nil || t.Year() < 1990 || t.Year() > 2200 {
			mp.ErrorMsg = "A date was not understood and is left out; give dates as YYYY-MM-DD."
			return time.Time{}, ""
		}
		return t, v
	}
	f.From, mp.From = day("from")
	if t, v := day("to"); v != "" {
		f.Before, mp.To = t.AddDate(0, 0, 1), v
	}
	mp.PageNum = 1
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 && p <= 1000 {
		mp.PageNum = p
	}
	mp.Filtered = mp.Query != "" || mp.Kind != "" || mp.By != "" || mp.From != "" || mp.To != ""
	next := url.Values{}
	for k, v := range map[string]string{"q": mp.Query, "kind": mp.Kind, "by": mp.By, "from": mp.From, "to": mp.To} {
		if v != "" {
			next.Set(k, v)
		}
	}
	next.Set("page", strconv.Itoa(mp.PageNum-1))
	mp.PrevParams = next.Encode()
	next.Set("page", strconv.Itoa(mp.PageNum+1))
	mp.NextParams = next.Encode()
	return f
}

func (n *Newsroom) listMedia(w http.ResponseWriter, r *http.Request) error {
	mp := MediaPage{Page: n.page(r, "Pictures")}
	f := n.mediaFilter(r, &mp)
	var err error
	if mp.Items, err = n.Store.SearchMedia(r.Context(), f, mediaPerPage+1, (mp.PageNum-1)*mediaPerPage); err != nil {
		return err
	}
	if len(mp.Items) > mediaPerPage {
		mp.Items, mp.More = mp.Items[:mediaPerPage], true
	}
	if mp.Uploaders, err = n.Store.MediaUploaders(r.Context()); err != nil {
		return err
	}
	mp.Nav = "media"
	return n.Render.Render(w, http.StatusOK, "newsroom/media", mp)
}

// mediaItemJSON is one library item as the pickers (the main picture's and
// the editor's) show it.
type mediaItemJSON struct {
	ID       int64  `json:"id"`
	URL      string `json:"url"`
	Thumb    string `json:"thumb"`
	Width    int    `json:"width"`
	Height   int    `json:"height"`
	Alt      string `json:"alt"`
	Caption  string `json:"caption"`
	Credit   string `json:"credit"`
	Original string `json:"original"`
	Document bool   `json:"document,omitempty"`
}

func itemJSON(m media.Media) mediaItemJSON {
	return mediaItemJSON{ID: m.ID, URL: m.URL(), Thumb: m.Picture().Crop(media.Crops[0], 480, m.Picture().Ext()), Width: m.Width, Height: m.Height,
		Alt: m.Alt, Caption: m.Caption, Credit: m.Credit, Original: m.Original, Document: m.IsDocument()}
}

// searchMediaJSON answers the pickers' searches: the library's filters,
// as JSON, a page at a time.
func (n *Newsroom) searchMediaJSON(w http.ResponseWriter, r *http.Request) error {
	mp := MediaPage{Page: n.page(r, "Pictures")}
	f := n.mediaFilter(r, &mp)
	const per = 24
	items, err := n.Store.SearchMedia(r.Context(), f, per+1, (mp.PageNum-1)*per)
	if err != nil {
		return err
	}
	out := struct {
		Items []mediaItemJSON `json:"items"`
		More  bool            `json:"more"`
	}{Items: []mediaItemJSON{}}
	if len(items) > per {
		items, out.More = items[:per], true
	}
	for _, m := range items {
		out.Items = append(out.Items, itemJSON(m))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// PicturePage is one picture: its details to edit, where it is used, and
// deleting it.
type PicturePage struct {
	Page
	M         media.Media
	Uses      []media.Use
	CanDelete bool
}

// mayChange reports whether u may edit or delete a picture: its uploader,
// and editors and admins.
func mayChange(u user.User, m media.Media) bool { return m.UploadedBy == u.ID || u.Can(user.EditAny) }

func (n *Newsroom) picturePage(r *http.Request, m media.Media) (PicturePage, error) {
	u, _ := currentUser(r)
	uses, err := n.Store.MediaUses(r.Context(), m)
	pp := PicturePage{Page: n.page(r, "Picture"), M: m, Uses: uses, CanDelete: mayChange(u, m)}
	pp.Nav = "media"
	return pp, err
}

// loadPicture loads the library item a path names; change asks that the
// user may change it.
func (n *Newsroom) loadPicture(r *http.Request, change bool) (media.Media, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return media.Media{}, err
	}
	m, err := n.Store.Media(r.Context(), id)
	if err != nil {
		return m, err
	}
	if u, _ := currentUser(r); change && !mayChange(u, m) {
		return m, fmt.Errorf("media %d: %w", id, apperr.Forbidden)
	}
	return m, nil
}

func (n *Newsroom) showPicture(w http.ResponseWriter, r *http.Request) error {
	m, err := n.loadPicture(r, false)
	if err != nil {
		return err
	}
	pp, err := n.picturePage(r, m)
	if err != nil {
		return err
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/picture", pp)
}

// changesWhatReadersSee refuses a new file or focal point for an item
// something published may show, unless u is an editor: the uploader of a
// picture may not change, without review, what a published story, an
// author's page or the logo shows.
func (n *Newsroom) changesWhatReadersSee(r *http.Request, m media.Media) (string, error) {
	if u, _ := currentUser(r); u.Can(user.EditAny) {
		return "", nil
	}
	uses, err := n.Store.MediaUses(r.Context(), m)
	if err != nil || len(uses) == 0 {
		return "", err
	}
	return "It is used (see below): only an editor may change what it shows. Upload a new picture and use that instead, or ask an editor.", nil
}

// editPicture saves a picture's texts, source, rights and focal point; a
// new focal point gives the picture a new version, whose crops the
// variants job makes.
func (n *Newsroom) editPicture(w http.ResponseWriter, r *http.Request) error {
	m, err := n.loadPicture(r, true)
	if err != nil {
		return err
	}
	old := m.Picture()
	refuse := func(status int, field, msg string) error {
		pp, err := n.picturePage(r, m)
		if err != nil {
			return err
		}
		pp.Errors = map[string]string{field: msg}
		pp.ErrorMsg = "The picture's details were not saved."
		return n.Render.Render(w, status, "newsroom/picture", pp)
	}
	m.Alt = media.CleanText(r.PostFormValue("alt"), 500)
	m.Caption = media.CleanText(r.PostFormValue("caption"), 500)
	m.Credit = media.CleanText(r.PostFormValue("credit"), 200)
	m.Source = media.CleanText(r.PostFormValue("source"), 200)
	m.Rights = media.CleanText(r.PostFormValue("rights"), 500)
	if !m.IsDocument() && (r.PostFormValue("focal_x") != "" || r.PostFormValue("focal_y") != "") {
		fx, errX := strconv.Atoi(r.PostFormValue("focal_x"))
		fy, errY := strconv.Atoi(r.PostFormValue("focal_y"))
		if errX != nil || errY != nil || fx < 0 || fx > 100 || fy < 0 || fy > 100 {
			return refuse(http.StatusUnprocessableEntity, "focal", "Give the focal point as two percentages from 0 to 100, or click the picture.")
		}
		if fx*10 != m.FocalX || fy*10 != m.FocalY {
			if msg, err := n.changesWhatReadersSee(r, m); err != nil {
				return err
			} else if msg != "" {
				return refuse(http.StatusForbidden, "focal", msg)
			}
		}
		m.FocalX, m.FocalY = fx*10, fy*10
		if m.Hash != "" {
			m.Version = media.VersionOf(m.Hash, m.FocalX, m.FocalY)
		}
	}
	ok, err := n.Store.UpdateMediaDetails(r.Context(), m, old.Hash)
	if err != nil {
		return err
	}
	if !ok {
		return refuse(http.StatusConflict, "focal", "The picture's file was replaced meanwhile; look at it again, then save.")
	}
	if m.Version != old.Version {
		if err := n.Store.Enqueue(r.Context(), media.JobVariants, media.VariantsPayload{Name: m.Name, Old: []media.Picture{old}}, time.Time{}); err != nil {
			return err
		}
	}
	n.audit(r, "media.edit", fmt.Sprintf("media %d", m.ID), m.Original)
	http.Redirect(w, r, fmt.Sprintf("/newsroom/media/%d?done=saved", m.ID), http.StatusSeeOther)
	return nil
}

// replacePicture puts a new file behind a picture's (or document's)
// lasting address: every story that shows it shows the new one. The new
// original is written beside the old one, the row is changed only if the
// item is as it was read, and only then does the lasting address show the
// new picture; the variants job makes the new version's files and deletes
// the old version's.
func (n *Newsroom) replacePicture(w http.ResponseWriter, r *http.Request) error {
	m, err := n.loadPicture(r, true)
	if err != nil {
		return err
	}
	old := m.Picture()
	refuse := func(status int, fields map[string]string) error {
		pp, perr := n.picturePage(r, m)
		if perr != nil {
			return perr
		}
		pp.Errors = fields
		pp.ErrorMsg = "The file was not replaced; the one before is kept."
		return n.Render.Render(w, status, "newsroom/picture", pp)
	}
	fail := func(err error) error {
		if v, ok := apperr.AsValidation(err); ok {
			return refuse(http.StatusUnprocessableEntity, v.Fields)
		}
		return err
	}
	if msg, err := n.changesWhatReadersSee(r, m); err != nil {
		return err
	} else if msg != "" {
		return refuse(http.StatusForbidden, map[string]string{"file": msg})
	}
	f, hdr, err := n.uploadedFile(r)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	u, _ := currentUser(r)
	if err := n.uploadAllowed(r, u); err != nil {
		return fail(err)
	}
	nm, err := n.Media.Replace(r.Context(), m, f, hdr.Filename)
	if err != nil {
		return fail(err)
	}
	ok, err := n.Store.ReplaceMediaFile(r.Context(), m, nm)
	if err == nil && !ok {
		err = n.Media.DiscardOriginal(r.Context(), nm)
		if err == nil {
			return refuse(http.StatusConflict, map[string]string{"file": "The picture was changed meanwhile (replaced, or its focal point moved); look at it again, then replace it."})
		}
	}
	if err != nil {
		return err
	}
	if err := n.Media.PutLasting(r.Context(), nm); err != nil {
		n.Log.Error("media: lasting rendition after a replacement; the variants job writes it again", "name", nm.Name, "err", err)
	}
	if err := n.Store.Enqueue(r.Context(), media.JobVariants, media.VariantsPayload{Name: m.Name, Old: []media.Picture{old}}, time.Time{}); err != nil {
		return err
	}
	n.audit(r, "media.replace", fmt.Sprintf("media %d", m.ID), m.Original+" → "+nm.Original)
	if r.Header.Get("Accept") == "application/json" {
		writeJSON(w, http.StatusOK, itemJSON(nm))
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/newsroom/media/%d?done=replaced", m.ID), http.StatusSeeOther)
	return nil
}

// deletePicture deletes a picture and its files, unless something uses it.
func (n *Newsroom) deletePicture(w http.ResponseWriter, r *http.Request) error {
	m, err := n.loadPicture(r, true)
	if err != nil {
		return err
	}
	pp, err := n.picturePage(r, m)
	if err != nil {
		return err
	}
	if len(pp.Uses) > 0 {
		pp.ErrorMsg = "The picture was not deleted: it is still used in the places listed below. Replace it there first."
		return n.Render.Render(w, http.StatusConflict, "newsroom/picture", pp)
	}
	if err := n.Store.DeleteMedia(r.Context(), m.ID); err != nil {
		return err
	}
	if err := n.Media.Remove(r.Context(), m.Name); err != nil {
		n.Log.Warn("media: files left after deleting a picture", "name", m.Name, "err", err)
	}
	n.audit(r, "media.delete", fmt.Sprintf("media %d", m.ID), m.Original)
	http.Redirect(w, r, "/newsroom/media?done=deleted", http.StatusSeeOther)
	return nil
}

// upload handles a multipart upload: the picture is decoded and re-encoded by
// media.Store, so only pixels are kept.
func (n *Newsroom) upload(r *http.Request) (media.Media, error) {
	f, hdr, err := n.uploadedFile(r)
	if err != nil {
		return media.Media{}, err
	}
	defer f.Close()
	u, _ := currentUser(r)
	if err := n.uploadAllowed(r, u); err != nil {
		return media.Media{}, err
	}
	m, err := n.Media.Process(r.Context(), f, hdr.Filename)
	if err != nil {
		return m, err
	}
	m.UploadedBy = u.ID
	m.Alt = media.CleanText(r.FormValue("alt"), 500)
	m.Caption = media.CleanText(r.FormValue("caption"), 500)
	m.Credit = media.CleanText(r.FormValue("credit"), 200)
	m.Source = media.CleanText(r.FormValue("source"), 200)
	m.Rights = media.CleanText(r.FormValue("rights"), 500)
	if err := n.saveMedia(r, &m); err != nil {
		return m, err
	}
	n.audit(r, "media.upload", fmt.Sprintf("media %d", m.ID), m.Original)
	return m, nil
}

// uploadedFile reads a form's file field.
func (n *Newsroom) uploadedFile(r *http.Request) (multipart.File, *multipart.FileHeader, error) {
	if err := r.ParseMultipartForm(media.MaxBytes); err != nil {
		return nil, nil, apperr.FieldError("file", fmt.Sprintf("Choose a file of at most %d MB.", media.MaxBytes>>20))
	}
	f, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil, apperr.FieldError("file", "Choose a picture to upload.")
	}
	if err != nil {
		return nil, nil, apperr.FieldError("file", "The upload did not arrive whole; try again.")
	}
	return f, hdr, nil
}

// Upload limits per member of staff: how many pictures an hour (counted in
// the database, so every instance sees the same count) and how many bytes
// in all.
var uploadsPerUser = throttle.Rule{Name: "uploads-user", Max: 100, Window: time.Hour}

// UploadQuota is how much one member of staff may store in the library.
const UploadQuota = 2 << 30

// uploadAllowed refuses an upload over the hourly limit or the quota.
func (n *Newsroom) uploadAllowed(r *http.Request, u user.User) error {
	ctx := r.Context()
	used, err := n.Store.MediaBytesBy(ctx, u.ID)
	if err != nil {
		return err
	}
	if used >= UploadQuota {
		return apperr.FieldError("file", fmt.Sprintf("Your pictures take up %d MB, the most one person may store; remove pictures no longer used, or ask an admin.", used>>20))
	}
	err = n.Sessions.Limiter.Take(ctx, "uploads", throttle.Pair{Rule: uploadsPerUser, Key: "user:" + strconv.FormatInt(u.ID, 10)})
	var lim *throttle.Limited
	if errors.As(err, &lim) {
		return apperr.FieldError("file", lim.Error())
	}
	return err
}

// saveMedia records an upload and queues its narrower variants.
func (n *Newsroom) saveMedia(r *http.Request, m *media.Media) error {
	if err := n.Store.SaveMedia(r.Context(), m); err != nil {
		return err
	}
	return n.Store.Enqueue(r.Context(), media.JobVariants, media.VariantsPayload{Name: m.Name}, time.Time{})
}

func (n *Newsroom) uploadMediaJSON(w http.ResponseWriter, r *http.Request) error {
	m, err := n.upload(r)
	if v, ok := apperr.AsValidation(err); ok {
		f, msg := v.First()
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": msg, "field": f})
		return nil
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, itemJSON(m))
	return nil
}

func (n *Newsroom) uploadMediaForm(w http.ResponseWriter, r *http.Request) error {
	_, err := n.upload(r)
	if v, ok := apperr.AsValidation(err); ok {
		mp := MediaPage{Page: n.page(r, "Pictures"), Alt: r.FormValue("alt")}
		n.mediaFilter(r, &mp)
		var lerr error
		if mp.Items, lerr = n.Store.SearchMedia(r.Context(), media.Filter{}, mediaPerPage, 0); lerr != nil {
			return lerr
		}
		mp.Nav = "media"
		mp.Errors = v.Fields
		mp.ErrorMsg = "The picture was not uploaded."
		return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/media", mp)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/media?done=uploaded", http.StatusSeeOther)
	return nil
}
