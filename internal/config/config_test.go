package config

import (
	"flag"
	"slices"
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
}

// Mail settings come from flags or the environment, flags first; the sender's
// default follows the base URL's host name, never an IP address.
func TestMailSettingsFromFlagsAndEnvironment(t *testing.T) {
	for _, c := range []struct {
		name     string
		args     []string
		env      map[string]string
		smtp     string
		from     string
		badFlags []string // each named in the error; nil for none
	}{
		{name: "defaults", from: "noreply@localhost"},
		{name: "smtp from the environment", env: map[string]string{"BROADSHEET_SMTP_URL": "smtps://u:p@mail.example.com:465"},
			smtp: "smtps://u:p@mail.example.com:465", from: "noreply@localhost"},
		{name: "the flag over the environment", args: []string{"--smtp-url", "smtp://mail.example.com:587"}, env: map[string]string{"BROADSHEET_SMTP_URL": "smtp://old.example.com"},
			smtp: "smtp://mail.example.com:587", from: "noreply@localhost"},
		{name: "sender from the environment", env: map[string]string{"BROADSHEET_MAIL_FROM": " News@Example.com "}, from: "news@example.com"},
		{name: "host name with a port", args: []string{"--base-url", "http://localhost:8080"}, from: "noreply@localhost"},
		{name: "host name from the environment", env: map[string]string{"BROADSHEET_BASE_URL": "https://news.example.com:8443/"}, from: "noreply@news.example.com"},
		{name: "IPv4 base URL", args: []string{"--base-url", "http://192.0.2.7"}, from: "noreply@localhost"},
		{name: "IPv6 base URL", args: []string{"--base-url", "http://[::1]:8080"}, from: "noreply@localhost"},
		{name: "no host", args: []string{"--smtp-url", "smtp://"}, badFlags: []string{"--smtp-url"}},
		{name: "mail without TLS choice", args: []string{"--smtp-url", "mail.example.com:25"}, badFlags: []string{"--smtp-url"}},
		{name: "https", env: map[string]string{"BROADSHEET_SMTP_URL": "https://mail.example.com"}, badFlags: []string{"--smtp-url"}},
		{name: "a display name", args: []string{"--mail-from", "News <news@example.com>"}, badFlags: []string{"--mail-from"}},
		{name: "two addresses", args: []string{"--mail-from", "a@example.com, b@example.com"}, badFlags: []string{"--mail-from"}},
		{name: "both wrong at once", args: []string{"--smtp-url", "ftp://x", "--mail-from", "nobody"}, badFlags: []string{"--smtp-url", "--mail-from"}},
	} {
		got, err := load(t, c.args, c.env)
		if c.badFlags != nil {
			for _, f := range c.badFlags {
				if err == nil || !strings.Contains(err.Error(), f) {
					t.Errorf("%s: error %v; want one naming %s", c.name, err, f)
				}
			}
			continue
		}
		if err != nil || got.SMTPURL != c.smtp || got.MailFrom != c.from {
			t.Errorf("%s: smtp %q from %q (%v); want %q %q", c.name, got.SMTPURL, got.MailFrom, err, c.smtp, c.from)
		}
	}
}

func TestProviderSettings(t *testing.T) {
	generic := []string{"--oidc-issuer", "https://id.example.org", "--oidc-client-id", "x", "--oidc-client-secret", "y"}
	for _, c := range []struct {
		name      string
		args      []string
		env       map[string]string
		providers []Provider
		errNames  []string // each named in the error
	}{
		{name: "none"},
		{name: "Google by flags", args: []string{"--oidc-google-client-id", "gid", "--oidc-google-client-secret", "gs"},
			providers: []Provider{{"google", "Google", GoogleIssuer, "gid", "gs"}}},
		{name: "LinkedIn by environment", env: map[string]string{"BROADSHEET_OIDC_LINKEDIN_CLIENT_ID": "lid", "BROADSHEET_OIDC_LINKEDIN_CLIENT_SECRET": "ls"},
			providers: []Provider{{"linkedin", "LinkedIn", LinkedInIssuer, "lid", "ls"}}},
		{name: "a generic provider by environment", env: map[string]string{"BROADSHEET_OIDC_ISSUER": "https://id.example.org", "BROADSHEET_OIDC_CLIENT_ID": "x",
			"BROADSHEET_OIDC_CLIENT_SECRET": "y", "BROADSHEET_OIDC_NAME": "Example ID"}, providers: []Provider{{"example-id", "Example ID", "https://id.example.org", "x", "y"}}},
		{name: "a flag over the environment", args: []string{"--oidc-client-id", "from-flag"}, env: map[string]string{"BROADSHEET_OIDC_ISSUER": "https://id.example.org",
			"BROADSHEET_OIDC_CLIENT_ID": "from-env", "BROADSHEET_OIDC_CLIENT_SECRET": "y"}, providers: []Provider{{"single-sign-on", "Single sign-on", "https://id.example.org", "from-flag", "y"}}},
		{name: "all three presets in order", args: append([]string{"--oidc-google-client-id", "g", "--oidc-google-client-secret", "gs",
			"--oidc-linkedin-client-id", "l", "--oidc-linkedin-client-secret", "ls", "--oidc-name", "Newsroom"}, generic...),
			providers: []Provider{{"google", "Google", GoogleIssuer, "g", "gs"}, {"linkedin", "LinkedIn", LinkedInIssuer, "l", "ls"}, {"newsroom", "Newsroom", "https://id.example.org", "x", "y"}}},
		{name: "a name alone is nothing", args: []string{"--oidc-name", "Example ID"}},
		{name: "Google id alone", args: []string{"--oidc-google-client-id", "gid"}, errNames: []string{"--oidc-google-client-id", "--oidc-google-client-secret"}},
		{name: "Google secret alone, by environment", env: map[string]string{"BROADSHEET_OIDC_GOOGLE_CLIENT_SECRET": "gs"},
			errNames: []string{"--oidc-google-client-id", "--oidc-google-client-secret"}},
		{name: "LinkedIn id alone", args: []string{"--oidc-linkedin-client-id", "lid"}, errNames: []string{"--oidc-linkedin-client-id", "--oidc-linkedin-client-secret"}},
		{name: "an issuer alone", args: []string{"--oidc-issuer", "https://id.example.org"}, errNames: []string{"--oidc-issuer", "--oidc-client-id", "--oidc-client-secret"}},
		{name: "a secret alone", args: []string{"--oidc-client-secret", "y"}, errNames: []string{"--oidc-issuer", "--oidc-client-id"}},
		{name: "every problem at once", args: []string{"--oidc-google-client-id", "gid", "--oidc-client-id", "x"},
			errNames: []string{"--oidc-google-client-secret", "--oidc-issuer"}},
	} {
		got, err := load(t, c.args, c.env)
		if c.errNames != nil {
			for _, f := range c.errNames {
				if err == nil || !strings.Contains(err.Error(), f) {
					t.Errorf("%s: error %v; want one naming %s", c.name, err, f)
				}
			}
			continue
		}
		if err != nil || !slices.Equal(got.Providers, c.providers) {
			t.Errorf("%s: %+v (%v); want %+v", c.name, got.Providers, err, c.providers)
		}
	}
}

// A generic provider's id comes from its name, for its addresses
// (/account/oidc/ID); it never takes a preset's id.
func TestProviderIDFromName(t *testing.T) {
	for _, c := range []struct{ name, id string }{
		{"Example ID", "example-id"},
		{"  Example   ID  ", "example-id"},
		{"!!!", "sso"},
		{"Google", "sso"},
		{"GOOGLE", "sso"},
		{"LinkedIn", "sso"},
		{"Google Workspace", "google-workspace"},
		{"Zoë's SSO", "zo-s-sso"},
		{"Newsroom SSO (staff)", "newsroom-sso-staff"},
		{"The very long name of our newsroom single sign-on", "the-very-long-name-of-our-news"},
		{"", "single-sign-on"},
	} {
		got, err := load(t, []string{"--oidc-issuer", "https://id.example.org", "--oidc-client-id", "x", "--oidc-client-secret", "y", "--oidc-name", c.name}, nil)
		if err != nil || len(got.Providers) != 1 || got.Providers[0].ID != c.id {
			t.Errorf("name %q: %+v %v; want id %q", c.name, got.Providers, err, c.id)
		}
	}
}

// Cookies are Secure when asked, and always for a site served over HTTPS.
func TestSecureCookies(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"--base-url", "http://news.example.com"}, false},
		{[]string{"--secure-cookies"}, true},
		{[]string{"--base-url", "https://news.example.com"}, true},
		{[]string{"--base-url", "HTTPS://news.example.com", "--secure-cookies=false"}, true},
	} {
		got, err := load(t, c.args, nil)
		if err != nil || got.SecureCookie != c.want {
			t.Errorf("%v: secure cookies %v (%v); want %v", c.args, got.SecureCookie, err, c.want)
		}
	}
}

func TestTrustedProxies(t *testing.T) {
	c, err := load(t, nil, map[string]string{"BROADSHEET_TRUSTED_PROXIES": " 127.0.0.1, 10.1.2.3/8 ,::1,"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.TrustedProxies {
		got = append(got, p.String())
	}
	if strings.Join(got, " ") != "127.0.0.1/32 10.0.0.0/8 ::1/128" {
		t.Errorf("trusted proxies %v", got)
	}
	if _, err := load(t, []string{"--trusted-proxies", "10.0.0.0/8,proxy.example"}, nil); err == nil || !strings.Contains(err.Error(), `"proxy.example"`) {
		t.Errorf("a name is not an address: %v", err)
	}
}
