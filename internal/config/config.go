// Package config loads and checks the server's configuration once, from flags and
// BROADSHEET_* environment variables. It holds no package state and imports nothing
// of ours.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
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
	{"secure-cookies", "BROADSHEET_SECURE_COOKIES", "false", "mark cookies Secure (set when the site is served over HTTPS)"},
	{"shutdown-timeout", "BROADSHEET_SHUTDOWN_TIMEOUT", "15s", "how long to wait for requests to finish on shutdown"},
	{"log-level", "BROADSHEET_LOG_LEVEL", "info", "debug, info, warn or error"},
}

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
	c.Demo = boolOf("demo")
	c.SecureCookie = boolOf("secure-cookies")
	d, err := time.ParseDuration(*vals["shutdown-timeout"])
	if err != nil || d < 0 {
		errs = append(errs, fmt.Errorf("--shutdown-timeout: %q is not a duration such as 15s", *vals["shutdown-timeout"]))
	}
	c.ShutdownTimeout = d
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
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
