package oidc

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"broadsheet/internal/apperr"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	good := Provider{
		ID:           "example-idp",
		Name:         "Example ID",
		Issuer:       "https://id.example.com",
		ClientID:     "client-123.apps.example",
		ClientSecret: "s3cr3t-_.~",
	}
	tests := []struct {
		name   string
		change func(p *Provider)
		field  string // "" means valid
	}{
		{"valid", func(*Provider) {}, ""},
		{"issuer with path", func(p *Provider) { p.Issuer = "https://www.linkedin.com/oauth" }, ""},
		{"issuer with trailing slash", func(p *Provider) { p.Issuer = "https://tenant.example.com/" }, ""},
		{"issuer with port", func(p *Provider) { p.Issuer = "https://id.example.com:8443/realms/news" }, ""},
		{"http on 127.0.0.1", func(p *Provider) { p.Issuer = "http://127.0.0.1:5556/oidc" }, ""},
		{"http on ::1", func(p *Provider) { p.Issuer = "http://[::1]:5556" }, ""},
		{"http on localhost", func(p *Provider) { p.Issuer = "http://localhost:5556" }, ""},
		{"scopes", func(p *Provider) { p.Scopes = []string{"openid", "email", "https://example.com/scope:read"} }, ""},
		{"name with accents", func(p *Provider) { p.Name = "Connexion Élysée" }, ""},
		{"name of 40 runes", func(p *Provider) { p.Name = strings.Repeat("é", 40) }, ""},
		{"id of 30", func(p *Provider) { p.ID = strings.Repeat("a", 30) }, ""},

		{"no id", func(p *Provider) { p.ID = "" }, "id"},
		{"id too long", func(p *Provider) { p.ID = strings.Repeat("a", 31) }, "id"},
		{"id upper case", func(p *Provider) { p.ID = "Google" }, "id"},
		{"id with slash", func(p *Provider) { p.ID = "a/b" }, "id"},
		{"id with space", func(p *Provider) { p.ID = "a b" }, "id"},
		{"id with underscore", func(p *Provider) { p.ID = "a_b" }, "id"},
		{"no name", func(p *Provider) { p.Name = "" }, "name"},
		{"blank name", func(p *Provider) { p.Name = "   " }, "name"},
		{"name too long", func(p *Provider) { p.Name = strings.Repeat("é", 41) }, "name"},
		{"name with newline", func(p *Provider) { p.Name = "Google\n" }, "name"},
		{"name not UTF-8", func(p *Provider) { p.Name = "Go\xffgle" }, "name"},
		{"no issuer", func(p *Provider) { p.Issuer = "" }, "issuer"},
		{"relative issuer", func(p *Provider) { p.Issuer = "accounts.google.com" }, "issuer"},
		{"http issuer", func(p *Provider) { p.Issuer = "http://id.example.com" }, "issuer"},
		{"http on a lookalike", func(p *Provider) { p.Issuer = "http://localhost.evil.example" }, "issuer"},
		{"http on another loopback address", func(p *Provider) { p.Issuer = "http://127.0.0.2" }, "issuer"},
		{"ftp issuer", func(p *Provider) { p.Issuer = "ftp://id.example.com" }, "issuer"},
		{"issuer with query", func(p *Provider) { p.Issuer = "https://id.example.com?tenant=1" }, "issuer"},
		{"issuer with empty query", func(p *Provider) { p.Issuer = "https://id.example.com?" }, "issuer"},
		{"issuer with fragment", func(p *Provider) { p.Issuer = "https://id.example.com#x" }, "issuer"},
		{"issuer with user info", func(p *Provider) { p.Issuer = "https://user:pw@id.example.com" }, "issuer"},
		{"issuer with space", func(p *Provider) { p.Issuer = "https://id.example.com/a b" }, "issuer"},
		{"issuer without host", func(p *Provider) { p.Issuer = "https:///path" }, "issuer"},
		{"opaque issuer", func(p *Provider) { p.Issuer = "https:id.example.com" }, "issuer"},
		{"issuer too long", func(p *Provider) { p.Issuer = "https://id.example.com/" + strings.Repeat("a", 500) }, "issuer"},
		{"no client id", func(p *Provider) { p.ClientID = "" }, "client_id"},
		{"client id with space", func(p *Provider) { p.ClientID = "abc def" }, "client_id"},
		{"client id with newline", func(p *Provider) { p.ClientID = "abc\n" }, "client_id"},
		{"client id too long", func(p *Provider) { p.ClientID = strings.Repeat("a", 501) }, "client_id"},
		{"no secret", func(p *Provider) { p.ClientSecret = "" }, "client_secret"},
		{"secret with tab", func(p *Provider) { p.ClientSecret = "abc\tdef" }, "client_secret"},
		{"secret with no-break space", func(p *Provider) { p.ClientSecret = "abc\u00a0def" }, "client_secret"},
		{"secret too long", func(p *Provider) { p.ClientSecret = strings.Repeat("a", 501) }, "client_secret"},
		{"empty scope list", func(p *Provider) { p.Scopes = []string{} }, "scopes"},
		{"scope with space", func(p *Provider) { p.Scopes = []string{"openid email"} }, "scopes"},
		{"empty scope", func(p *Provider) { p.Scopes = []string{"openid", ""} }, "scopes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := good
			tt.change(&p)
			err := p.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			v, ok := apperr.AsValidation(err)
			if !ok || !errors.Is(err, apperr.Invalid) {
				t.Fatalf("Validate() = %v, want an apperr.Validation", err)
			}
			if names := v.FieldNames(); !slices.Equal(names, []string{tt.field}) {
				t.Errorf("fields = %v, want [%s]", names, tt.field)
			}
		})
	}
}

func TestValidateReportsEveryField(t *testing.T) {
	t.Parallel()
	v, ok := apperr.AsValidation(Provider{}.Validate())
	if !ok {
		t.Fatal("want a Validation")
	}
	want := []string{"id", "name", "issuer", "client_id", "client_secret"}
	if got := v.FieldNames(); !slices.Equal(got, want) {
		t.Errorf("fields = %v, want %v", got, want)
	}
}

func TestPresets(t *testing.T) {
	t.Parallel()
	ps := Presets()
	want := []struct{ id, name, issuer, scope string }{
		{"google", "Google", "https://accounts.google.com", "openid email profile"},
		{"linkedin", "LinkedIn", "https://www.linkedin.com/oauth", "openid profile email"},
	}
	if len(ps) != len(want) {
		t.Fatalf("%d presets, want %d", len(ps), len(want))
	}
	for i, w := range want {
		p := ps[i]
		if p.ID != w.id || p.Name != w.name || p.Issuer != w.issuer {
			t.Errorf("preset %d = %+v, want %+v", i, p, w)
		}
		if got := strings.Join(p.scopes(), " "); got != w.scope {
			t.Errorf("%s scopes = %q, want %q", p.ID, got, w.scope)
		}
		p.ClientID, p.ClientSecret = "id", "secret"
		if err := p.Validate(); err != nil {
			t.Errorf("%s with credentials: %v", p.ID, err)
		}
	}
	// Fresh copies: changing one does not change the next call's.
	ps[1].Scopes[0] = "changed"
	ps[0].Name = "changed"
	if again := Presets(); again[1].Scopes[0] != "openid" || again[0].Name != "Google" {
		t.Error("Presets returned shared values")
	}
}

func TestScopesAlwaysIncludeOpenID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		scopes []string
		want   string
	}{
		{nil, "openid email profile"},
		{[]string{"email"}, "openid email"},
		{[]string{"profile", "openid"}, "profile openid"},
	}
	for _, tt := range tests {
		if got := strings.Join(Provider{Scopes: tt.scopes}.scopes(), " "); got != tt.want {
			t.Errorf("scopes(%v) = %q, want %q", tt.scopes, got, tt.want)
		}
	}
}
