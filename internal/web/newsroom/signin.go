package newsroom

import (
	"net/http"
	"strings"

	"broadsheet/internal/apperr"
	"broadsheet/internal/oidc"
	"broadsheet/internal/setting"
)

// ProvidersPage manages "Sign in with ..." for readers.
type ProvidersPage struct {
	Page
	Configured  []setting.Provider // set by the server's configuration; read-only here
	Stored      []setting.Provider
	New         setting.Provider // the add form, as typed
	Preset      string
	CallbackURL string
}

func (n *Newsroom) providersPage(r *http.Request) (ProvidersPage, error) {
	stored, err := n.Store.Providers(r.Context())
	pp := ProvidersPage{Page: n.page(r, "Sign-in providers"), Configured: n.Site.Providers, Stored: stored,
		CallbackURL: n.Site.BaseURL + "/account/oidc/ID/callback"}
	pp.Nav = "settings"
	return pp, err
}

func (n *Newsroom) showProviders(w http.ResponseWriter, r *http.Request) error {
	pp, err := n.providersPage(r)
	if err != nil {
		return err
	}
	pp.Preset = "google"
	return n.Render.Render(w, http.StatusOK, "newsroom/providers", pp)
}

// addProvider adds or replaces a provider: a preset (Google, LinkedIn) needs
// only a client id and secret; any other issuer needs its name and address.
func (n *Newsroom) addProvider(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pp, err := n.providersPage(r)
	if err != nil {
		return err
	}
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	pp.Preset = f("preset")
	p := setting.Provider{ID: f("id"), Name: f("name"), Issuer: f("issuer"), ClientID: f("client_id"), ClientSecret: f("client_secret")}
	for _, pre := range oidc.Presets() {
		if pre.ID == pp.Preset {
			p.ID, p.Name, p.Issuer = pre.ID, pre.Name, pre.Issuer
		}
	}
	pp.New = p
	pp.New.ClientSecret = ""
	v := &apperr.Validation{}
	if p.ClientSecret == "" {
		// Keep the saved secret when a provider is saved again without one.
		for _, s := range pp.Stored {
			if s.ID == p.ID {
				p.ClientSecret = s.ClientSecret
			}
		}
	}
	op := oidc.Provider{ID: p.ID, Name: p.Name, Issuer: p.Issuer, ClientID: p.ClientID, ClientSecret: p.ClientSecret}
	if err := op.Validate(); err != nil {
		if fv, ok := apperr.AsValidation(err); ok {
			for _, k := range fv.FieldNames() {
				v.Add(k, fv.Fields[k])
			}
		} else {
			return err
		}
	}
	for _, c := range pp.Configured {
		if c.ID == p.ID {
			v.Add("id", "The server's configuration sets this provider; change it there.")
		}
	}
	if err := v.Err(); err != nil {
		pp.Errors, pp.ErrorMsg = v.Fields, "The provider was not saved."
		return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/providers", pp)
	}
	out := []setting.Provider{}
	for _, s := range pp.Stored {
		if s.ID != p.ID {
			out = append(out, s)
		}
	}
	if err := n.Store.SaveProviders(ctx, append(out, p)); err != nil {
		return err
	}
	n.audit(r, "settings.provider.save", p.ID, p.Name+" "+p.Issuer)
	http.Redirect(w, r, "/newsroom/settings/signin?done=saved", http.StatusSeeOther)
	return nil
}

func (n *Newsroom) deleteProvider(w http.ResponseWriter, r *http.Request) error {
	ps, err := n.Store.Providers(r.Context())
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	out := []setting.Provider{}
	for _, p := range ps {
		if p.ID != id {
			out = append(out, p)
		}
	}
	if len(out) == len(ps) {
		return apperr.NotFound
	}
	if err := n.Store.SaveProviders(r.Context(), out); err != nil {
		return err
	}
	n.audit(r, "settings.provider.delete", id, "")
	http.Redirect(w, r, "/newsroom/settings/signin?done=deleted", http.StatusSeeOther)
	return nil
}
