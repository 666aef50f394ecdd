package newsroom

import (
	"errors"
	"fmt"
	"net/http"
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
	// Query and Mine are the search as typed: words in the caption,
	// credit, description or file name; only the user's own uploads.
	Query string
	Mine  bool
	Kind  string // "pictures", "documents" or "" for both
}

func (n *Newsroom) listMedia(w http.ResponseWriter, r *http.Request) error {
	u, _ := currentUser(r)
	q := r.URL.Query()
	mp := MediaPage{Page: n.page(r, "Pictures"), Query: strings.TrimSpace(q.Get("q")), Mine: q.Get("mine") == "1"}
	if k := q.Get("kind"); k == "pictures" || k == "documents" {
		mp.Kind = k
	}
	if len([]rune(mp.Query)) > 100 {
		mp.Query = string([]rune(mp.Query)[:100])
	}
	var by int64
	if mp.Mine {
		by = u.ID
	}
	var err error
	if mp.Items, err = n.Store.SearchMedia(r.Context(), mp.Query, by, mp.Kind, 60, 0); err != nil {
		return err
	}
	mp.Loc = n.location(r.Context())
	mp.Nav = "media"
	return n.Render.Render(w, http.StatusOK, "newsroom/media", mp)
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

// editPicture saves a picture's description, caption and credit.
func (n *Newsroom) editPicture(w http.ResponseWriter, r *http.Request) error {
	m, err := n.loadPicture(r, true)
	if err != nil {
		return err
	}
	m.Alt = media.CleanText(r.PostFormValue("alt"), 500)
	m.Caption = media.CleanText(r.PostFormValue("caption"), 500)
	m.Credit = media.CleanText(r.PostFormValue("credit"), 200)
	if err := n.Store.UpdateMediaText(r.Context(), m.ID, m.Alt, m.Caption, m.Credit); err != nil {
		return err
	}
	n.audit(r, "media.edit", fmt.Sprintf("media %d", m.ID), m.Original)
	http.Redirect(w, r, fmt.Sprintf("/newsroom/media/%d?done=saved", m.ID), http.StatusSeeOther)
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
	if err := n.Media.Remove(m.Name); err != nil {
		n.Log.Warn("media: files left after deleting a picture", "name", m.Name, "err", err)
	}
	n.audit(r, "media.delete", fmt.Sprintf("media %d", m.ID), m.Original)
	http.Redirect(w, r, "/newsroom/media?done=deleted", http.StatusSeeOther)
	return nil
}

// upload handles a multipart upload: the picture is decoded and re-encoded by
// media.Store, so only pixels are kept.
func (n *Newsroom) upload(r *http.Request) (media.Media, error) {
	if err := r.ParseMultipartForm(media.MaxBytes); err != nil {
		return media.Media{}, apperr.FieldError("file", fmt.Sprintf("Choose a picture of at most %d MB.", media.MaxBytes>>20))
	}
	f, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return media.Media{}, apperr.FieldError("file", "Choose a picture to upload.")
	}
	if err != nil {
		return media.Media{}, apperr.FieldError("file", "The upload did not arrive whole; try again.")
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
	if err := n.saveMedia(r, &m); err != nil {
		return m, err
	}
	n.audit(r, "media.upload", fmt.Sprintf("media %d", m.ID), m.Original)
	return m, nil
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
	writeJSON(w, http.StatusCreated, map[string]any{"id": m.ID, "url": m.URL(), "width": m.Width, "height": m.Height})
	return nil
}

func (n *Newsroom) uploadMediaForm(w http.ResponseWriter, r *http.Request) error {
	_, err := n.upload(r)
	if v, ok := apperr.AsValidation(err); ok {
		items, lerr := n.Store.MediaList(r.Context(), 60, 0)
		if lerr != nil {
			return lerr
		}
		mp := MediaPage{Page: n.page(r, "Pictures"), Items: items, Loc: time.UTC, Alt: r.FormValue("alt")}
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
