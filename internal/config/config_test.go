package config

import (
	"flag"
	"strings"
	"testing"
)

func TestLoadPrecedence(t *testing.T) {
	env := map[string]string{"BROADSHEET_ADDR": "127.0.0.1:9000", "BROADSHEET_DATA": "/srv/news", "BROADSHEET_DEMO": "yes"}
	c, _, err := Load([]string{"--addr", "127.0.0.1:9100"}, func(k string) string { return env[k] }, flag.NewFlagSet("t", flag.ContinueOnError))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9100" || c.Data != "/srv/news" || !c.Demo || c.BaseURL != "http://127.0.0.1:9100" {
		t.Fatalf("%+v", c)
	}
	c, _, err = Load([]string{"--demo", "--data", "x"}, func(string) string { return "" }, flag.NewFlagSet("t", flag.ContinueOnError))
	if err != nil || !c.Demo || c.Data != "x" {
		t.Fatalf("bare --demo: %v %+v", err, c)
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	_, _, err := Load([]string{"--addr", "nowhere", "--database", "mysql://x", "--log-level", "loud", "--shutdown-timeout", "soon", "--demo=maybe"},
		func(string) string { return "" }, flag.NewFlagSet("t", flag.ContinueOnError))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, f := range []string{"--addr", "--database", "--log-level", "--shutdown-timeout", "--demo"} {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("no message for %s in %v", f, err)
		}
	}
}

func load(t *testing.T, args []string, env map[string]string) (Config, error) {
	t.Helper()
	c, _, err := Load(args, func(k string) string { return env[k] }, flag.NewFlagSet("t", flag.ContinueOnError))
	return c, err
}

func TestMailSettings(t *testing.T) {
	for _, c := range []struct {
		args []string
		from string
		bad  string
	}{
		{[]string{"--smtp-url", "smtp://u:p@mail.example.com:587"}, "noreply@localhost", ""},
		{[]string{"--smtp-url", "smtps://mail.example.com"}, "noreply@localhost", ""},
		{[]string{"--smtp-url", "http://mail.example.com"}, "", "--smtp-url"},
		{[]string{"--base-url", "https://news.example.com"}, "noreply@news.example.com", ""},
		{[]string{"--mail-from", "Desk@Example.com"}, "desk@example.com", ""},
		{[]string{"--mail-from", "not an address"}, "", "--mail-from"},
	} {
		got, err := load(t, c.args, nil)
		switch {
		case c.bad != "" && (err == nil || !strings.Contains(err.Error(), c.bad)):
			t.Errorf("%v: error %v; want one about %s", c.args, err, c.bad)
		case c.bad == "" && err != nil:
			t.Errorf("%v: %v", c.args, err)
		case c.bad == "" && got.MailFrom != c.from:
			t.Errorf("%v: mail from %q; want %q", c.args, got.MailFrom, c.from)
		}
	}
}

func TestProviders(t *testing.T) {
	c, err := load(t, []string{"--oidc-google-client-id", "gid", "--oidc-issuer", "https://id.example.org", "--oidc-client-id", "x",
		"--oidc-client-secret", "y", "--oidc-name", "Example ID"}, map[string]string{"BROADSHEET_OIDC_GOOGLE_CLIENT_SECRET": "gsecret"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Providers) != 2 || c.Providers[0] != (Provider{"google", "Google", GoogleIssuer, "gid", "gsecret"}) ||
		c.Providers[1] != (Provider{"example-id", "Example ID", "https://id.example.org", "x", "y"}) {
		t.Fatalf("providers: %+v", c.Providers)
	}
	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"--oidc-google-client-id", "only-the-id"}, "--oidc-google-client-secret"},
		{[]string{"--oidc-linkedin-client-secret", "only-the-secret"}, "--oidc-linkedin-client-id"},
		{[]string{"--oidc-issuer", "https://id.example.org", "--oidc-client-id", "x"}, "--oidc-client-secret"},
		{[]string{"--oidc-client-id", "x", "--oidc-client-secret", "y"}, "--oidc-issuer"},
	} {
		if _, err := load(t, bad.args, nil); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%v: %v; want an error naming %s", bad.args, err, bad.want)
		}
	}
	for name, id := range map[string]string{"Example ID": "example-id", "!!!": "sso", "Google": "sso", "": "single-sign-on", "Newsroom SSO (staff)": "newsroom-sso-staff"} {
		c, err := load(t, []string{"--oidc-issuer", "https://id.example.org", "--oidc-client-id", "x", "--oidc-client-secret", "y", "--oidc-name", name}, nil)
		if err != nil || len(c.Providers) != 1 || c.Providers[0].ID != id {
			t.Errorf("name %q: %+v %v; want id %q", name, c.Providers, err, id)
		}
	}
}
