// Package config loads and checks the server's configuration once, from flags and
// BROADSHEET_* environment variables. It holds no package state and imports nothing
// of ours.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is everything a Broadsheet process needs to start.
type Config struct {
	Addr            string // listen address
	Data            string // folder for the SQLite database and uploaded files
	DatabaseURL     string // postgres://... ; empty means embedded SQLite in Data
	BaseURL         string // public origin, e.g. https://news.example.com; used for absolute links
	Demo            bool   // fill an empty database with the demo newsroom
	SecureCookie    bool   // mark cookies Secure (behind HTTPS)
	ShutdownTimeout time.Duration
	LogLevel        string
	// PageCacheMB bounds the memory of the cache of rendered reader pages,
	// in megabytes (0 turns the cache off).
	PageCacheMB int

	SMTPURL  string // smtp://user:pass@host:587 (STARTTLS) or smtps://...:465; empty writes mail to Data/outbox
	MailFrom string // the address mail comes from; default noreply@ the base URL's host
	// PushServices are origins (scheme://host:port) of push services accepted
	// besides the browsers' known ones, where connecting to a private address
	// is allowed.
	PushServices []string
	// TrustedProxies are the addresses of proxies in front of the server
	// (a load balancer, a CDN, nginx) whose X-Forwarded-For is believed, so
	// that limits count readers rather than the proxy.
	TrustedProxies []netip.Prefix

	// Providers are sign-in providers (OpenID Connect) set by the server's
	// configuration; more can be added in the newsroom.
	Providers []Provider

	// S3 keeps the library in an S3-compatible bucket instead of Data/media
	// (empty Endpoint: local disk).
	S3 S3
}

// S3 names an S3-compatible bucket for the library.
type S3 struct {
	Endpoint, Region, Bucket, Prefix, AccessKey, SecretKey string
	PathStyle                                              bool
}

// Provider is a sign-in provider given by flags or environment.
type Provider struct {
	ID, Name, Issuer, ClientID, ClientSecret string
}

// Var describes one setting for `broadsheet help serve`.
type Var struct{ Flag, Env, Default, Usage string }

// Vars lists the settings in the order the help prints them.
var Vars = []Var{
	{"addr", "BROADSHEET_ADDR", "127.0.0.1:8080", "address to listen on"},
	{"data", "BROADSHEET_DATA", "./data", "folder for the embedded database and uploaded files"},
	{"database", "BROADSHEET_DATABASE_URL", "", "PostgreSQL URL (postgres://...); empty uses embedded SQLite in the data folder"},
	{"base-url", "BROADSHEET_BASE_URL", "", "public address of the site, e.g. https://news.example.com (default: http://ADDR)"},
	{"demo", "BROADSHEET_DEMO", "false", "fill an empty database with a demo newsroom"},
	{"secure-cookies", "BROADSHEET_SECURE_COOKIES", "false", "mark cookies Secure; always on when --base-url is https://"},
	{"shutdown-timeout", "BROADSHEET_SHUTDOWN_TIMEOUT", "15s", "how long to wait for requests to finish on shutdown"},
	{"log-level", "BROADSHEET_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"page-cache-mb", "BROADSHEET_PAGE_CACHE_MB", "64", "memory for rendered reader pages, in megabytes (the least recently read go first); 0 renders every page"},
	{"smtp-url", "BROADSHEET_SMTP_URL", "", "mail server: smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465; empty writes each message to DATA/outbox as an .eml file"},
	{"mail-from", "BROADSHEET_MAIL_FROM", "", "address mail is sent from (default noreply@ the base URL's host)"},
	{"oidc-google-client-id", "BROADSHEET_OIDC_GOOGLE_CLIENT_ID", "", "turn on \"Sign in with Google\" with this OAuth client id"},
	{"oidc-google-client-secret", "BROADSHEET_OIDC_GOOGLE_CLIENT_SECRET", "", "the Google OAuth client's secret"},
	{"oidc-linkedin-client-id", "BROADSHEET_OIDC_LINKEDIN_CLIENT_ID", "", "turn on \"Sign in with LinkedIn\" with this client id"},
	{"oidc-linkedin-client-secret", "BROADSHEET_OIDC_LINKEDIN_CLIENT_SECRET", "", "the LinkedIn client's secret"},
	{"push-service", "BROADSHEET_PUSH_SERVICE", "", "origins of push services to accept besides the browsers' own, comma-separated (a private push service, or tests)"},
	{"trusted-proxies", "BROADSHEET_TRUSTED_PROXIES", "", "addresses or networks of the proxies in front of the server whose X-Forwarded-For is believed, comma-separated (e.g. 127.0.0.1,10.0.0.0/8)"},
	{"s3-endpoint", "BROADSHEET_S3_ENDPOINT", "", "keep pictures and documents in an S3-compatible bucket at this address (https://s3.eu-west-1.amazonaws.com, http://127.0.0.1:9000); empty keeps them in DATA/media"},
	{"s3-region", "BROADSHEET_S3_REGION", "us-east-1", "the bucket's region"},
	{"s3-bucket", "BROADSHEET_S3_BUCKET", "", "the bucket (it must exist; keep it private: the site serves the files)"},
	{"s3-prefix", "BROADSHEET_S3_PREFIX", "", "a folder in the bucket for this site's files, e.g. news/"},
	{"s3-access-key", "BROADSHEET_S3_ACCESS_KEY", "", "the access key id"},
	{"s3-secret-key", "BROADSHEET_S3_SECRET_KEY", "", "the secret key (better given in the environment than as a flag)"},
	{"s3-path-style", "BROADSHEET_S3_PATH_STYLE", "false", "put the bucket in the path (MinIO, Garage and most self-hosted servers) rather than the host name"},
	{"oidc-issuer", "BROADSHEET_OIDC_ISSUER", "", "another OpenID Connect provider's issuer URL (https://...)"},
	{"oidc-name", "BROADSHEET_OIDC_NAME", "", "that provider's name on its button (default \"Single sign-on\")"},
	{"oidc-client-id", "BROADSHEET_OIDC_CLIENT_ID", "", "that provider's client id"},
	{"oidc-client-secret", "BROADSHEET_OIDC_CLIENT_SECRET", "", "that provider's client secret"},
}

// Sign-in providers known by their issuer.
const (
	GoogleIssuer   = "https://accounts.google.com"
	LinkedInIssuer = "https://www.linkedin.com/oauth"
)

// Load reads flags (args) over environment variables (getenv) over defaults,
// registering every setting on fs; shell subcommands use the same set, so they
// find the data exactly where serve does. It returns the remaining arguments
// and every problem at once.
func Load(args []string, getenv func(string) string, fs *flag.FlagSet) (Config, []string, error) {
	vals := map[string]*string{}
	for _, v := range Vars {
		def := v.Default
		if e := getenv(v.Env); e != "" {
			def = e
		}
		s := def
		vals[v.Flag] = &s
		if v.Default == "false" {
			fs.Var((*boolString)(&s), v.Flag, v.Usage+" ($"+v.Env+")")
			continue
		}
		fs.StringVar(vals[v.Flag], v.Flag, def, v.Usage+" ($"+v.Env+")")
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, nil, err
	}
	var errs []error
	boolOf := func(name string) bool {
		s := strings.ToLower(strings.TrimSpace(*vals[name]))
		switch s {
		case "", "0", "false", "no", "off":
			return false
		case "1", "true", "yes", "on":
			return true
		}
		errs = append(errs, fmt.Errorf("--%s: %q is not true or false", name, s))
		return false
	}
	c := Config{
		Addr:        strings.TrimSpace(*vals["addr"]),
		Data:        strings.TrimSpace(*vals["data"]),
		DatabaseURL: strings.TrimSpace(*vals["database"]),
		BaseURL:     strings.TrimRight(strings.TrimSpace(*vals["base-url"]), "/"),
		LogLevel:    strings.TrimSpace(*vals["log-level"]),
	}
	c.SMTPURL = strings.TrimSpace(*vals["smtp-url"])
	c.MailFrom = strings.ToLower(strings.TrimSpace(*vals["mail-from"]))
	v := func(name string) string { return strings.TrimSpace(*vals[name]) }
	for _, p := range []struct{ id, name, issuer, prefix string }{
		{"google", "Google", GoogleIssuer, "oidc-google-"}, {"linkedin", "LinkedIn", LinkedInIssuer, "oidc-linkedin-"}, {"", v("oidc-name"), v("oidc-issuer"), "oidc-"},
	} {
		id, secret := v(p.prefix+"client-id"), v(p.prefix+"client-secret")
		if id == "" && secret == "" && (p.id != "" || p.issuer == "") {
			continue
		}
		if id == "" || secret == "" || p.issuer == "" {
			if p.id != "" {
				errs = append(errs, fmt.Errorf("--%sclient-id and --%sclient-secret: give both or neither", p.prefix, p.prefix))
			} else {
				errs = append(errs, errors.New("--oidc-issuer, --oidc-client-id and --oidc-client-secret: give all three or none"))
			}
			continue
		}
		pr := Provider{ID: p.id, Name: p.name, Issuer: p.issuer, ClientID: id, ClientSecret: secret}
		if pr.ID == "" {
			if pr.Name == "" {
				pr.Name = "Single sign-on"
			}
			pr.ID = providerID(pr.Name)
		}
		c.Providers = append(c.Providers, pr)
	}
	for _, o := range strings.Split(v("push-service"), ",") {
		if o = strings.TrimRight(strings.TrimSpace(o), "/"); o == "" {
			continue
		}
		if u, err := url.Parse(o); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" || u.RawQuery != "" {
			errs = append(errs, fmt.Errorf("--push-service: %q is not an origin such as https://push.example.com", o))
			continue
		}
		c.PushServices = append(c.PushServices, o)
	}
	for _, p := range strings.Split(v("trusted-proxies"), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !strings.Contains(p, "/") {
			if a, err := netip.ParseAddr(p); err == nil {
				p = netip.PrefixFrom(a, a.BitLen()).String()
			}
		}
		pr, err := netip.ParsePrefix(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("--trusted-proxies: %q is not an address or a network such as 10.0.0.0/8", p))
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, pr.Masked())
	}
	c.S3 = S3{Endpoint: v("s3-endpoint"), Region: v("s3-region"), Bucket: v("s3-bucket"), Prefix: v("s3-prefix"),
		AccessKey: v("s3-access-key"), SecretKey: v("s3-secret-key"), PathStyle: boolOf("s3-path-style")}
	if c.S3.Endpoint != "" && (c.S3.Bucket == "" || c.S3.AccessKey == "" || c.S3.SecretKey == "") {
		errs = append(errs, errors.New("--s3-endpoint needs --s3-bucket, --s3-access-key and --s3-secret-key"))
	}
	c.Demo = boolOf("demo")
	c.SecureCookie = boolOf("secure-cookies")
	d, err := time.ParseDuration(*vals["shutdown-timeout"])
	if err != nil || d < 0 {
		errs = append(errs, fmt.Errorf("--shutdown-timeout: %q is not a duration such as 15s", *vals["shutdown-timeout"]))
	}
	c.ShutdownTimeout = d
	if n, err := strconv.Atoi(v("page-cache-mb")); err != nil || n < 0 || n > 1<<20 {
		errs = append(errs, fmt.Errorf("--page-cache-mb: %q is not a number of megabytes such as 64", v("page-cache-mb")))
	} else {
		c.PageCacheMB = n
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	// A site served over HTTPS never sends its cookies over plain HTTP.
	c.SecureCookie = c.SecureCookie || strings.HasPrefix(strings.ToLower(c.BaseURL), "https://")
	if c.MailFrom == "" {
		host := "localhost"
		if u, err := url.Parse(c.BaseURL); err == nil && u.Hostname() != "" && net.ParseIP(u.Hostname()) == nil {
			host = u.Hostname()
		}
		c.MailFrom = "noreply@" + host
	}
	if err := c.validate(); err != nil {
		errs = append(errs, err)
	}
	return c, fs.Args(), errors.Join(errs...)
}

func (c Config) validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("--addr: %q is not host:port", c.Addr))
	}
	if c.DatabaseURL == "" && c.Data == "" {
		errs = append(errs, errors.New("--data: a folder is needed for the embedded database"))
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		errs = append(errs, errors.New("--database: only postgres:// URLs are supported"))
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("--base-url: %q is not an http(s) address", c.BaseURL))
	}
	if c.SMTPURL != "" {
		if u, err := url.Parse(c.SMTPURL); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			errs = append(errs, errors.New("--smtp-url: use smtp://user:password@host:587 or smtps://user:password@host:465"))
		}
	}
	if a, err := mail.ParseAddress(c.MailFrom); err != nil || a.Address != c.MailFrom {
		errs = append(errs, fmt.Errorf("--mail-from: %q is not an email address such as news@example.com", c.MailFrom))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("--log-level: %q is not debug, info, warn or error", c.LogLevel))
	}
	return errors.Join(errs...)
}

// boolString is a string flag that may be given without a value (--demo).
type boolString string

func (b *boolString) String() string     { return string(*b) }
func (b *boolString) Set(v string) error { *b = boolString(v); return nil }
func (b *boolString) IsBoolFlag() bool   { return true }

// providerID makes a provider's id for its addresses from its name: lower-case
// letters and digits joined by hyphens.
func providerID(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 30 {
			break
		}
	}
	if b.Len() == 0 || b.String() == "google" || b.String() == "linkedin" {
		return "sso"
	}
	return b.String()
}
