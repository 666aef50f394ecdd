package newsroom

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/apperr"
	"broadsheet/internal/audit"
	"broadsheet/internal/author"
	"broadsheet/internal/media"
	"broadsheet/internal/setting"
	"broadsheet/internal/user"
)

// SettingsPage edits the site settings.
type SettingsPage struct {
	// TimeZones are offered in a searchable list; Pictures are the recent
	// uploads a logo can be picked from.
	TimeZones []string
	Pictures  []media.Media
	Page
	S setting.Settings
}

// settingsPage is the settings form with st as shown or typed.
func (n *Newsroom) settingsPage(r *http.Request, st setting.Settings) (SettingsPage, error) {
	pics, err := n.Store.MediaList(r.Context(), 24, 0)
	return SettingsPage{Page: n.page(r, "Settings"), S: st, TimeZones: setting.TimeZones(), Pictures: pics}, err
}

func (n *Newsroom) editSettings(w http.ResponseWriter, r *http.Request) error {
	st, err := n.Store.Settings(r.Context())
	if err != nil {
		return err
	}
	sp, err := n.settingsPage(r, st)
	if err != nil {
		return err
	}
	sp.Nav = "settings"
	return n.Render.Render(w, http.StatusOK, "newsroom/settings", sp)
}

func (n *Newsroom) saveSettings(w http.ResponseWriter, r *http.Request) error {
	f := r.PostFormValue
	logo := f("logo_url")
	if pick := f("logo_pick"); pick != "" && pick != "keep" {
		logo = pick // a picture chosen from the library ("none" clears it)
		if pick == "none" {
			logo = ""
		}
	}
	st := setting.Settings{SiteName: f("site_name"), Tagline: f("tagline"), LogoURL: logo, TimeZone: f("time_zone"),
		Language: f("language"),
		Social: setting.Social{WhatsApp: f("social_whatsapp"), Facebook: f("social_facebook"), Instagram: f("social_instagram"),
			X: f("social_x"), LinkedIn: f("social_linkedin"), GoogleNews: f("social_google_news")}}
	old, err := n.Store.Settings(r.Context())
	if err != nil {
		return err
	}
	st.Comments = old.Comments // a form without the comment settings (an older page) keeps them
	if _, ok := r.PostForm["comments_moderation"]; ok {
		st.Comments = setting.Comments{Enabled: f("comments_enabled") == "1", Guests: f("comments_guests") == "1",
			Moderation: f("comments_moderation"), Order: f("comments_order"), Blocklist: f("comments_blocklist")}
		for _, num := range []struct {
			name string
			to   *int
		}{{"comments_close_after_days", &st.Comments.CloseAfterDays}, {"comments_max_depth", &st.Comments.MaxDepth},
			{"comments_max_links", &st.Comments.MaxLinks}, {"comments_min_seconds", &st.Comments.MinSeconds}} {
			v, err := strconv.Atoi(strings.TrimSpace(f(num.name)))
			if err != nil {
				v = -1 // refused with the field's message below
			}
			*num.to = v
		}
	}
	st.Tips, st.Inbox, st.BreakingHours, st.DigestHour = old.Tips, old.Inbox, old.BreakingHours, old.DigestHour
	st.AdsTxt, st.AdSlots, st.OldAds = old.AdsTxt, old.AdSlots, old.OldAds // the Ads page sets the slots
	if _, ok := r.PostForm["language"]; !ok {                              // a form from before the field
		st.Language = old.Language
	}
	st.RobotsTxt = old.RobotsTxt
	if _, ok := r.PostForm["robots_txt"]; ok {
		st.RobotsTxt = f("robots_txt")
	}
	st.FeedSummaries = old.FeedSummaries
	if _, ok := r.PostForm["feeds"]; ok {
		st.FeedSummaries = f("feed_summaries") == "1"
	}
	if _, ok := r.PostForm["ads_txt"]; ok {
		st.AdsTxt = f("ads_txt")
	}
	if _, ok := r.PostForm["breaking_hours"]; ok {
		if st.BreakingHours, err = strconv.Atoi(strings.TrimSpace(f("breaking_hours"))); err != nil {
			st.BreakingHours = -1
		}
		if st.DigestHour, err = strconv.Atoi(strings.TrimSpace(f("digest_hour"))); err != nil {
			st.DigestHour = -1
		}
	}
	if _, ok := r.PostForm["inbox_contact_email"]; ok {
		st.Inbox = setting.Inbox{ContactEmail: f("inbox_contact_email"), AdvertiseEmail: f("inbox_advertise_email")}
	}
	if _, ok := r.PostForm["tips_files"]; ok {
		for _, num := range []struct {
			name string
			to   *int
		}{{"tips_files", &st.Tips.Files}, {"tips_file_mb", &st.Tips.FileMB}} {
			v, err := strconv.Atoi(strings.TrimSpace(f(num.name)))
			if err != nil {
				v = -1
			}
			*num.to = v
		}
	}
	if err := st.Validate(); err != nil {
		v, ok := apperr.AsValidation(err)
		if !ok {
			return err
		}
		sp, perr := n.settingsPage(r, st)
		if perr != nil {
			return perr
		}
		sp.Nav, sp.Errors, sp.ErrorMsg = "settings", v.Fields, "The settings were not saved."
		return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/settings", sp)
	}
	if err := n.Store.SaveSettings(r.Context(), st); err != nil {
		return err
	}
	n.audit(r, "settings.save", "site", settingsChange(old, st))
	http.Redirect(w, r, "/newsroom/settings?done=saved", http.StatusSeeOther)
	return nil
}

// settingsChange says which parts of the settings changed, for the audit log.
func settingsChange(old, st setting.Settings) string {
	var parts []string
	if old.Comments != st.Comments {
		parts = append(parts, fmt.Sprintf("comments: enabled=%v guests=%v moderation=%s close_after_days=%d max_links=%d blocklist=%d words",
			st.Comments.Enabled, st.Comments.Guests, st.Comments.Moderation, st.Comments.CloseAfterDays, st.Comments.MaxLinks, len(st.Comments.BlockedWords())))
	}
	old.Comments, st.Comments = setting.Comments{}, setting.Comments{}
	if old != st {
		parts = append(parts, "site")
	}
	return strings.Join(parts, "; ")
}

// UsersPage lists users; UserPage edits one.
type UsersPage struct {
	Page
	Users   []user.User
	Readers bool   // the readers' list, not the staff's
	Query   string // readers' search
	Older   string // next page of readers
}

// UserPage edits or creates a user.
type UserPage struct {
	Page
	Item    user.User
	Roles   []user.Role
	Authors []author.Author
	New     bool
}

func (n *Newsroom) listUsers(w http.ResponseWriter, r *http.Request) error {
	us, err := n.Store.Users(r.Context())
	if err != nil {
		return err
	}
	up := UsersPage{Page: n.page(r, "Users"), Users: us}
	up.Nav = "users"
	return n.Render.Render(w, http.StatusOK, "newsroom/users", up)
}

const readersPage = 50

// listReaders lists readers' accounts, newest first, with a search.
func (n *Newsroom) listReaders(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len([]rune(q)) > 200 {
		q = string([]rune(q)[:200])
	}
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	if offset < 0 || offset > 1_000_000 {
		offset = 0
	}
	us, err := n.Store.Readers(r.Context(), q, readersPage+1, offset)
	if err != nil {
		return err
	}
	up := UsersPage{Page: n.page(r, "Readers"), Readers: true, Query: q}
	up.Nav = "users"
	if len(us) > readersPage {
		us = us[:readersPage]
		up.Older = fmt.Sprintf("/newsroom/readers?q=%s&offset=%d", urlQuery(q), offset+readersPage)
	}
	up.Users = us
	return n.Render.Render(w, http.StatusOK, "newsroom/users", up)
}

func (n *Newsroom) userPage(r *http.Request, u user.User, isNew bool) (UserPage, error) {
	as, err := n.Store.Authors(r.Context())
	up := UserPage{Page: n.page(r, "User"), Item: u, Roles: user.AllRoles, Authors: as, New: isNew}
	up.Nav = "users"
	return up, err
}

func (n *Newsroom) editUser(w http.ResponseWriter, r *http.Request) error {
	var u user.User
	isNew := r.PathValue("id") == "new"
	if !isNew {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if u, err = n.Store.User(r.Context(), id); err != nil {
			return err
		}
	} else {
		u.Role = user.Contributor
	}
	up, err := n.userPage(r, u, isNew)
	if err != nil {
		return err
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/user", up)
}

func (n *Newsroom) saveUser(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me, _ := currentUser(r)
	isNew := r.PathValue("id") == "new"
	var u user.User
	if !isNew {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if u, err = n.Store.User(ctx, id); err != nil {
			return err
		}
	}
	before := u
	in := user.Input{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Password: r.PostFormValue("password"), Role: user.Role(r.PostFormValue("role"))}
	err := in.Validate(isNew)
	newProfile := r.PostFormValue("author") == "new"
	authorID, ok := formInt(r, "author")
	if err == nil && !ok && !newProfile {
		err = apperr.FieldError("author", "Choose an author profile from the list.")
	}
	disabled := r.PostFormValue("disabled") == "1"
	if err == nil && u.ID == me.ID && (disabled || in.Role != user.Admin) {
		err = apperr.FieldError("role", "You cannot demote or disable your own account; ask another admin.")
	}
	if err == nil && authorID != 0 {
		if _, aerr := n.Store.Author(ctx, authorID); aerr != nil {
			err = apperr.FieldError("author", "Choose an author profile from the list.")
		}
	}
	if err == nil && newProfile {
		if authorID, err = author.Create(ctx, n.Store.SaveAuthor, in.Name); err == nil && authorID == 0 {
			err = apperr.FieldError("author", "This name makes no profile address; choose a profile from the list.")
		}
	}
	u.Email, u.Name, u.Role, u.AuthorID, u.Disabled = in.Email, in.Name, in.Role, authorID, disabled
	if err == nil && in.Password != "" {
		u.PasswordHash, err = n.Sessions.HashPassword(ctx, in.Password)
	}
	if err == nil {
		if isNew {
			err = n.Store.CreateUser(ctx, &u)
		} else {
			err = n.Store.UpdateUser(ctx, u)
		}
	}
	if v, ok := apperr.AsValidation(err); ok {
		up, lerr := n.userPage(r, u, isNew)
		if lerr != nil {
			return lerr
		}
		up.Errors, up.ErrorMsg = v.Fields, "The user was not saved."
		return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/user", up)
	}
	if err != nil {
		return err
	}
	n.audit(r, "user.save", fmt.Sprintf("user %d", u.ID), fmt.Sprintf("%s role=%s->%s disabled=%v->%v", u.Email, before.Role, u.Role, before.Disabled, u.Disabled))
	http.Redirect(w, r, "/newsroom/users?done=saved", http.StatusSeeOther)
	return nil
}

// AuditPage shows the latest recorded actions.
type AuditPage struct {
	Page
	Entries []audit.Entry
	Loc     *time.Location
}

func (n *Newsroom) showAudit(w http.ResponseWriter, r *http.Request) error {
	es, err := n.Store.AuditLog(r.Context(), 300)
	if err != nil {
		return err
	}
	st, _ := n.Store.Settings(r.Context())
	ap := AuditPage{Page: n.page(r, "Audit log"), Entries: es, Loc: st.Location()}
	ap.Nav = "audit"
	return n.Render.Render(w, http.StatusOK, "newsroom/audit", ap)
}
