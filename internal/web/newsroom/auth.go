package newsroom

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"broadsheet/internal/apperr"
	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/throttle"
	"broadsheet/internal/user"
	"broadsheet/internal/web/session"
)

// LoginPage is the sign-in form, and on an empty database the setup form.
type LoginPage struct {
	Page
	Setup bool
	Email string
	Name  string
	Next  string
}

// HomePage is the dashboard.
type HomePage struct {
	Page
	Mine   []*article.Article
	Review []*article.Article
	// Returned are the notes sending the user's stories back for changes.
	Returned  []article.Return
	Scheduled []*article.Article
	Counts    []StatusCount
}

// StatusCount is how many articles have a status.
type StatusCount struct {
	Status article.Status
	N      int
}

func (n *Newsroom) showHome(w http.ResponseWriter, r *http.Request) error {
	count, err := n.Store.CountStaff(r.Context())
	if err != nil {
		return err
	}
	if count == 0 {
		return n.Render.Render(w, http.StatusOK, "newsroom/login", LoginPage{Page: n.page(r, "Set up your newsroom"), Setup: true})
	}
	n.authed(n.wrap(n.dashboard), 0).ServeHTTP(w, r)
	return nil
}

func (n *Newsroom) dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, _ := currentUser(r)
	tree, err := n.Articles.Tree(ctx)
	if err != nil {
		return err
	}
	hp := HomePage{Page: n.page(r, "Newsroom")}
	hp.Nav = "home"
	if hp.Returned, err = n.Store.ReturnsTo(ctx, u.ID); err != nil {
		return err
	}
	if hp.Mine, err = n.Articles.List(ctx, tree, article.Filter{CreatedBy: u.ID, Limit: 10}); err != nil {
		return err
	}
	if u.Can(user.PublishAny) {
		if hp.Review, err = n.Articles.List(ctx, tree, article.Filter{Statuses: []article.Status{article.Submitted}, Limit: 20}); err != nil {
			return err
		}
	}
	mine := int64(0)
	if !u.Can(user.EditAny) {
		mine = u.ID // below editor, the dashboard counts and lists own work only
	}
	if hp.Scheduled, err = n.Articles.List(ctx, tree, article.Filter{Statuses: []article.Status{article.Scheduled}, CreatedBy: mine, Limit: 20}); err != nil {
		return err
	}
	for _, s := range article.Statuses { // in workflow order
		c, err := n.Store.CountArticles(ctx, article.Filter{Statuses: []article.Status{s}, CreatedBy: mine})
		if err != nil {
			return err
		}
		hp.Counts = append(hp.Counts, StatusCount{s, c})
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/home", hp)
}

func (n *Newsroom) showLogin(w http.ResponseWriter, r *http.Request) error {
	count, err := n.Store.CountStaff(r.Context())
	if err != nil {
		return err
	}
	if count == 0 {
		http.Redirect(w, r, "/newsroom", http.StatusSeeOther)
		return nil
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/login", LoginPage{Page: n.page(r, "Sign in"), Next: safeNext(r.URL.Query().Get("next"))})
}

func clientIP(r *http.Request) string { return session.ClientIP(r) }

func (n *Newsroom) login(w http.ResponseWriter, r *http.Request) error {
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	next := safeNext(r.PostFormValue("next"))
	lp := LoginPage{Page: n.page(r, "Sign in"), Email: email, Next: next}
	if email == "" || r.PostFormValue("password") == "" {
		lp.ErrorMsg = "Enter your email address and password."
		return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/login", lp)
	}
	u, err := n.Sessions.CheckPassword(r.Context(), email, r.PostFormValue("password"), session.AddressKey(r))
	var lim *throttle.Limited
	switch {
	case errors.As(err, &lim):
		w.Header().Set("Retry-After", strconv.Itoa(lim.Seconds()))
		lp.ErrorMsg = lim.Error()
		return n.Render.Render(w, http.StatusTooManyRequests, "newsroom/login", lp)
	case errors.Is(err, session.ErrBusy):
		lp.ErrorMsg = session.MsgBusy
		return n.Render.Render(w, http.StatusServiceUnavailable, "newsroom/login", lp)
	case errors.Is(err, session.ErrCredentials):
		n.auditAs(r, 0, "login.failed", email, "")
		lp.ErrorMsg = session.MsgCredentials
		return n.Render.Render(w, http.StatusUnauthorized, "newsroom/login", lp)
	case err != nil:
		return err
	}
	if !u.IsStaff() {
		// The password was right, so saying why reveals nothing new.
		lp.ErrorMsg = "This is a reader's account: the newsroom is for the site's staff. Your account is on the site."
		return n.Render.Render(w, http.StatusForbidden, "newsroom/login", lp)
	}
	if _, err := n.Sessions.Start(r.Context(), w, u); err != nil {
		return err
	}
	n.auditAs(r, u.ID, "login", u.Email, "")
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (n *Newsroom) logout(w http.ResponseWriter, r *http.Request) error {
	if err := n.Sessions.End(r.Context(), w, currentSession(r)); err != nil {
		return err
	}
	n.audit(r, "logout", "", "")
	http.Redirect(w, r, "/newsroom/login", http.StatusSeeOther)
	return nil
}

// setup creates the first admin; it works once, on an empty database.
func (n *Newsroom) setup(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	in := user.Input{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Password: r.PostFormValue("password"), Role: user.Admin}
	lp := LoginPage{Page: n.page(r, "Set up your newsroom"), Setup: true, Email: in.Email, Name: in.Name}
	if count, err := n.Store.CountStaff(ctx); err != nil {
		return err
	} else if count > 0 {
		return apperr.Forbidden
	}
	err := in.Validate(true)
	if err == nil && in.Password != r.PostFormValue("password2") {
		err = apperr.FieldError("password2", "The two passwords differ.")
	}
	if v, ok := apperr.AsValidation(err); ok {
		lp.Errors = v.Fields
		lp.Email, lp.Name = in.Email, in.Name
		return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/login", lp)
	}
	hash, err := n.Sessions.HashPassword(ctx, in.Password)
	if err != nil {
		return err
	}
	u := user.User{Email: in.Email, Name: in.Name, Role: user.Admin, PasswordHash: hash}
	if err := n.Store.CreateFirstAdmin(ctx, &u); err != nil {
		return err
	}
	au := author.Author{Name: u.Name}
	if au.Validate() == nil && n.Store.SaveAuthor(ctx, &au) == nil {
		u.AuthorID = au.ID
		if err := n.Store.UpdateUser(ctx, u); err != nil {
			return err
		}
	}
	n.auditAs(r, u.ID, "setup", u.Email, "")
	if _, err := n.Sessions.Start(ctx, w, u); err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom?done=welcome", http.StatusSeeOther)
	return nil
}
