package newsroom

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/ad"
	"broadsheet/internal/apperr"
	"broadsheet/internal/section"
	"broadsheet/internal/setting"
	"broadsheet/internal/user"
)

// AdsPage lists the ads and sets the placements.
type AdsPage struct {
	Page
	Ads        []AdRow
	Slots      setting.AdSlots
	Placements []ad.Placement
}

// AdRow is one ad in the list.
type AdRow struct {
	ad.Ad
	Status        string
	Month, Total  ad.Stats
	SectionsNames []string
}

// AdPage edits or creates one ad.
type AdPage struct {
	Page
	Ad         ad.Ad
	New        bool
	Starts     string // as typed (datetime-local, the site's time zone)
	Ends       string
	Placements []ad.Placement
	Sections   []*section.Section // every section, parents first
	Days       []ad.Count         // the last 30 days
	Total      ad.Stats
	ReadOnly   bool // network code an editor may look at but not change
	// Orphan: the ad was limited to sections that were all deleted, so it
	// shows nowhere; saving it with no section needs "on every page" ticked.
	Orphan bool
}

func (n *Newsroom) adRoutes(mux *http.ServeMux, need func(user.Permission, handler) http.Handler) {
	mux.Handle("GET /newsroom/ads", need(user.ManageAds, n.listAds))
	mux.Handle("POST /newsroom/ads/slots", need(user.ManageSettings, n.saveAdSlots))
	mux.Handle("GET /newsroom/ads/new", need(user.ManageAds, n.newAd))
	mux.Handle("POST /newsroom/ads/new", need(user.ManageAds, n.saveAd))
	mux.Handle("GET /newsroom/ads/{id}", need(user.ManageAds, n.editAd))
	mux.Handle("POST /newsroom/ads/{id}", need(user.ManageAds, n.saveAd))
	mux.Handle("POST /newsroom/ads/{id}/delete", need(user.ManageAds, n.deleteAd))
}

func (n *Newsroom) adsPage(r *http.Request, slots setting.AdSlots) (AdsPage, error) {
	ctx := r.Context()
	p := AdsPage{Page: n.page(r, "Ads"), Slots: slots, Placements: ad.Placements}
	p.Nav = "ads"
	ads, err := n.Store.Ads(ctx)
	if err != nil {
		return p, err
	}
	total, err := n.Store.AdStats(ctx, "")
	if err != nil {
		return p, err
	}
	now := time.Now()
	month, err := n.Store.AdStats(ctx, now.In(p.Loc).AddDate(0, 0, -29).Format("2006-01-02"))
	if err != nil {
		return p, err
	}
	tree, err := n.Articles.Tree(ctx)
	if err != nil {
		return p, err
	}
	for _, a := range ads {
		row := AdRow{Ad: a, Status: a.Status(now), Month: month[a.ID], Total: total[a.ID]}
		for _, id := range a.Sections {
			if s := tree.ByID[id]; s != nil {
				row.SectionsNames = append(row.SectionsNames, s.Name)
			}
		}
		p.Ads = append(p.Ads, row)
	}
	return p, nil
}

func (n *Newsroom) listAds(w http.ResponseWriter, r *http.Request) error {
	st, err := n.Store.Settings(r.Context())
	if err != nil {
		return err
	}
	p, err := n.adsPage(r, st.AdSlots)
	if err != nil {
		return err
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/ads", p)
}

// saveAdSlots sets the placements' sizes and places, and the ad networks'
// hosts (administrators only: the hosts open the ad frames' policy).
func (n *Newsroom) saveAdSlots(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	old, err := n.Store.Settings(ctx)
	if err != nil {
		return err
	}
	f := r.PostFormValue
	num := func(name string) int {
		v, err := strconv.Atoi(strings.TrimSpace(f(name)))
		if err != nil {
			return -1 // refused with the field's message
		}
		return v
	}
	slots := setting.AdSlots{ArticleAfter: num("article_after"), ListEvery: num("list_every"), Hosts: f("ad_hosts")}
	for _, pl := range ad.Placements {
		size := setting.AdSize{Off: f("slot_"+string(pl)+"_on") != "1", Width: num("slot_" + string(pl) + "_width"), Height: num("slot_" + string(pl) + "_height")}
		switch pl {
		case ad.Header:
			slots.Header = size
		case ad.Sidebar:
			slots.Sidebar = size
		case ad.InArticle:
			slots.Article = size
		case ad.InList:
			slots.List = size
		}
	}
	st := old
	st.AdSlots = slots
	if err := st.Validate(); err != nil {
		v, ok := apperr.AsValidation(err)
		if !ok {
			return err
		}
		p, perr := n.adsPage(r, slots)
		if perr != nil {
			return perr
		}
		p.Errors, p.ErrorMsg = v.Fields, "The placements were not saved."
		return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/ads", p)
	}
	if st.AdSlots == old.AdSlots { // nothing changed: nothing to save or record
		http.Redirect(w, r, "/newsroom/ads?done=saved", http.StatusSeeOther)
		return nil
	}
	if err := n.Store.SaveSettings(ctx, st); err != nil {
		return err
	}
	n.audit(r, "ads.placements", "site", slotsChange(old.AdSlots, st.AdSlots))
	http.Redirect(w, r, "/newsroom/ads?done=saved", http.StatusSeeOther)
	return nil
}

// slotsChange describes the placements for the audit log, hosts in full.
func slotsChange(old, st setting.AdSlots) string {
	var parts []string
	for _, pl := range ad.Placements {
		o, s := old.Size(string(pl)), st.Size(string(pl))
		if o != s {
			parts = append(parts, fmt.Sprintf("%s: off=%v %dx%d", pl, s.Off, s.Width, s.Height))
		}
	}
	if old.ArticleAfter != st.ArticleAfter {
		parts = append(parts, fmt.Sprintf("article after paragraph %d", st.ArticleAfter))
	}
	if old.ListEvery != st.ListEvery {
		parts = append(parts, fmt.Sprintf("list every %d", st.ListEvery))
	}
	if old.Hosts != st.Hosts {
		parts = append(parts, "hosts: "+strings.Join(st.HostList(), " "))
	}
	return strings.Join(parts, "; ")
}

func (n *Newsroom) adPage(r *http.Request, a ad.Ad, isNew bool) (AdPage, error) {
	p := AdPage{Page: n.page(r, "Ad"), Ad: a, New: isNew, Placements: ad.Placements}
	p.Nav = "ads"
	if isNew {
		p.Title = "New ad"
	}
	if !a.Starts.IsZero() {
		p.Starts = a.Starts.In(p.Loc).Format("2006-01-02T15:04")
	}
	if !a.Ends.IsZero() {
		p.Ends = a.Ends.In(p.Loc).Format("2006-01-02T15:04")
	}
	p.ReadOnly = a.Kind == ad.Network && !p.User.Can(user.ManageSettings)
	p.Orphan = !isNew && a.Targeted && len(a.Sections) == 0
	tree, err := n.Articles.Tree(r.Context())
	if err != nil {
		return p, err
	}
	var walk func([]*section.Section)
	walk = func(ss []*section.Section) {
		for _, s := range ss {
			p.Sections = append(p.Sections, s)
			walk(s.Children)
		}
	}
	walk(tree.Roots)
	if !isNew {
		ctx := r.Context()
		since := time.Now().In(p.Loc).AddDate(0, 0, -29).Format("2006-01-02")
		if p.Days, err = n.Store.AdDays(ctx, a.ID, since); err != nil {
			return p, err
		}
		total, err := n.Store.AdStats(ctx, "")
		if err != nil {
			return p, err
		}
		p.Total = total[a.ID]
	}
	return p, nil
}

func (n *Newsroom) newAd(w http.ResponseWriter, r *http.Request) error {
	a := ad.Ad{Kind: ad.House, Weight: 1, Placements: []ad.Placement{ad.Sidebar}}
	if r.URL.Query().Get("kind") == string(ad.Network) {
		a.Kind = ad.Network
		if u, _ := currentUser(r); !u.Can(user.ManageSettings) {
			return apperr.Forbidden
		}
	}
	p, err := n.adPage(r, a, true)
	if err != nil {
		return err
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/ad", p)
}

func (n *Newsroom) editAd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := n.Store.Ad(r.Context(), id)
	if err != nil {
		return err
	}
	p, err := n.adPage(r, a, false)
	if err != nil {
		return err
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/ad", p)
}

// saveAd creates or changes an ad. Only administrators may make or change
// an ad network's code, or turn a house ad into one.
func (n *Newsroom) saveAd(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, _ := currentUser(r)
	f := r.PostFormValue
	var old ad.Ad
	isNew := r.PathValue("id") == ""
	if !isNew {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if old, err = n.Store.Ad(ctx, id); err != nil {
			return err
		}
	}
	a := ad.Ad{ID: old.ID, Name: f("name"), Kind: ad.Kind(f("kind")), Text: f("text"), ImageURL: f("image_url"), ImageAlt: f("image_alt"),
		Link: f("link"), Code: f("code"), Paused: f("paused") == "1", UpdatedAt: time.Now(), UpdatedBy: u.ID}
	if !isNew {
		a.Kind = old.Kind // an ad keeps its kind
	}
	if (a.Kind == ad.Network || old.Kind == ad.Network) && !u.Can(user.ManageSettings) {
		return apperr.Forbidden
	}
	for _, pl := range r.PostForm["placements"] {
		a.Placements = append(a.Placements, ad.Placement(pl))
	}
	p := AdPage{}
	v := &apperr.Validation{}
	var err error
	if a.Weight, err = strconv.Atoi(strings.TrimSpace(f("weight"))); err != nil {
		a.Weight = 0 // refused below
	}
	for _, s := range r.PostForm["sections"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			v.Add("sections", "Choose sections from the list.")
			break
		}
		a.Sections = append(a.Sections, id)
	}
	orphan := !isNew && old.Targeted && len(old.Sections) == 0
	if orphan && len(a.Sections) == 0 && f("everywhere") != "1" {
		v.Add("sections", "The sections this ad was limited to were deleted. Choose sections, or tick “On every page”.")
	}
	loc := n.page(r, "").Loc
	for _, t := range []struct {
		field string
		to    *time.Time
	}{{"starts", &a.Starts}, {"ends", &a.Ends}} {
		raw := strings.TrimSpace(f(t.field))
		if raw == "" {
			continue
		}
		at, err := time.ParseInLocation("2006-01-02T15:04", raw, loc)
		if err != nil {
			v.Add(t.field, "Give a date and time such as 2026-12-01 09:00.")
			continue
		}
		*t.to = at
	}
	err = a.Validate()
	if verr, ok := apperr.AsValidation(err); ok {
		for field, msg := range verr.Fields {
			v.Add(field, msg)
		}
	} else if err != nil {
		return err
	}
	if err := v.Err(); err == nil {
		err = n.Store.SaveAd(ctx, &a)
		if err == nil {
			if n.Ads != nil {
				n.Ads.Invalidate()
			}
			action := "ad.save"
			if isNew {
				action = "ad.create"
			}
			n.audit(r, action, fmt.Sprintf("ad %d", a.ID), adChange(old, a))
			http.Redirect(w, r, "/newsroom/ads?done=saved", http.StatusSeeOther)
			return nil
		}
		if !errors.Is(err, apperr.Invalid) {
			return err
		}
		if fv, ok := apperr.AsValidation(err); ok {
			for field, msg := range fv.Fields {
				v.Add(field, msg)
			}
		}
	}
	if p, err = n.adPage(r, a, isNew); err != nil {
		return err
	}
	p.Starts, p.Ends = f("starts"), f("ends") // as typed
	p.Orphan = orphan
	p.Errors, p.ErrorMsg = v.Fields, "The ad was not saved."
	return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/ad", p)
}

// adChange says what an ad is after a change, for the audit log: a network
// ad's code is kept in full, so the log shows exactly what ran on the site.
func adChange(old, a ad.Ad) string {
	var places []string
	for _, p := range a.Placements {
		places = append(places, string(p))
	}
	d := fmt.Sprintf("%s %q: %s, weight %d, sections %v, paused=%v", a.Kind, a.Name, strings.Join(places, ","), a.Weight, a.Sections, a.Paused)
	if !a.Starts.IsZero() || !a.Ends.IsZero() {
		d += fmt.Sprintf(", from %s to %s", stamp(a.Starts), stamp(a.Ends))
	}
	switch {
	case a.Kind == ad.House:
		d += fmt.Sprintf(", text %q, picture %q (%q), link %s", a.Text, a.ImageURL, a.ImageAlt, a.Link)
	case a.Code != old.Code:
		d += "; code: " + a.Code
	default:
		d += "; code unchanged"
	}
	return d
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func (n *Newsroom) deleteAd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	a, err := n.Store.Ad(ctx, id)
	if err != nil {
		return err
	}
	if u, _ := currentUser(r); a.Kind == ad.Network && !u.Can(user.ManageSettings) {
		return apperr.Forbidden
	}
	if err := n.Store.DeleteAd(ctx, id); err != nil {
		return err
	}
	if n.Ads != nil {
		n.Ads.Invalidate()
	}
	n.audit(r, "ad.delete", fmt.Sprintf("ad %d", id), adChange(ad.Ad{}, a))
	http.Redirect(w, r, "/newsroom/ads?done=deleted", http.StatusSeeOther)
	return nil
}
