// Package cli implements the broadsheet command and its subcommands: serve,
// user add, token create, version and help. Every subcommand that touches data
// takes the same --data and --database flags as serve.
package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"broadsheet/internal/app"
	"broadsheet/internal/apperr"
	"broadsheet/internal/author"
	"broadsheet/internal/config"
	"broadsheet/internal/store"
	"broadsheet/internal/throttle"
	"broadsheet/internal/user"
)

// Version is set at build time with -ldflags "-X broadsheet/internal/cli.Version=...".
var Version = "dev"

// Env is what a command sees of the outside world.
type Env struct {
	Args   []string
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// Run runs a command line and returns the process exit code.
func Run(ctx context.Context, e Env) int {
	args := e.Args
	if len(args) == 0 {
		usage(e.Stderr)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, e, args[1:])
	case "user":
		switch {
		case len(args) >= 2 && args[1] == "add":
			err = userAdd(ctx, e, args[2:])
		case len(args) >= 2 && args[1] == "passwd":
			err = userPasswd(ctx, e, args[2:])
		default:
			fmt.Fprintln(e.Stderr, "usage: broadsheet user add --email E --name N --role R (password from stdin)\n       broadsheet user passwd --email E (password from stdin)")
			return 2
		}
	case "token":
		if len(args) < 2 || args[1] != "create" {
			fmt.Fprintln(e.Stderr, "usage: broadsheet token create --email E [--name NAME]")
			return 2
		}
		err = tokenCreate(ctx, e, args[2:])
	case "media":
		switch {
		case len(args) >= 2 && args[1] == "verify":
			err = mediaVerify(ctx, e, args[2:])
		case len(args) >= 2 && args[1] == "migrate":
			err = mediaMigrate(ctx, e, args[2:])
		default:
			fmt.Fprintln(e.Stderr, "usage: broadsheet media verify [--repair]\n       broadsheet media migrate --to s3|disk")
			return 2
		}
	case "demo":
		err = demoArchive(ctx, e, args[1:])
	case "version", "--version", "-v":
		fmt.Fprintln(e.Stdout, "broadsheet", Version)
	case "help", "--help", "-h":
		if len(args) > 1 {
			return help(e, args[1])
		}
		usage(e.Stdout)
	default:
		fmt.Fprintf(e.Stderr, "broadsheet: unknown command %q\n\n", args[0])
		usage(e.Stderr)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(e.Stderr, "broadsheet:", err)
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Broadsheet: a news publishing platform.

Usage:
  broadsheet serve [flags]                         run the website and the newsroom
  broadsheet user add --email E --name N --role R  add a newsroom user (password on stdin)
  broadsheet user passwd --email E                 set a user's password (on stdin); ends their sessions
  broadsheet token create --email E                print an API token for a user
  broadsheet media verify [--repair]               check the library's files; make missing variants again
  broadsheet media migrate --to s3|disk            copy the library to an S3 bucket (--s3-* flags) or back
  broadsheet demo --articles N                     add N generated stories to the demo newsroom (to measure a large archive)
  broadsheet version                               print the version
  broadsheet help [command]                        show help, e.g. "broadsheet help serve"
`)
}

func help(e Env, cmd string) int {
	switch cmd {
	case "serve":
		fmt.Fprintln(e.Stdout, "Usage: broadsheet serve [flags]\n\nFlags (each also read from its environment variable):")
		for _, v := range config.Vars {
			def := v.Default
			if def == "" {
				def = `""`
			}
			fmt.Fprintf(e.Stdout, "  --%-18s %-30s %s (default %s)\n", v.Flag, v.Env, v.Usage, def)
		}
	case "user":
		fmt.Fprintln(e.Stdout, "Usage: broadsheet user add --email E --name N --role contributor|author|editor|admin [--data DIR | --database URL]\n"+
			"       broadsheet user passwd --email E [--data DIR | --database URL]\n"+
			"The password is read from standard input (one line). passwd signs the user out everywhere and lifts any sign-in throttle on the account.")
	case "media":
		fmt.Fprintln(e.Stdout, "Usage: broadsheet media verify [--repair] [--data DIR | --database URL] [--s3-* flags]\n"+
			"       broadsheet media migrate --to s3|disk [--data DIR | --database URL] --s3-endpoint URL --s3-bucket B --s3-access-key K --s3-secret-key S\n"+
			"verify checks that every picture's original, variants and crops and every document are present and intact; --repair makes missing\n"+
			"variants again. migrate copies every file between DATA/media and the bucket (files already there are skipped), then checks the copy.")
	case "token":
		fmt.Fprintln(e.Stdout, "Usage: broadsheet token create --email E [--name NAME] [--data DIR | --database URL]\nPrints a new API token; only its hash is stored, so keep it safe.")
	default:
		usage(e.Stdout)
	}
	return 0
}

func logger(cfg config.Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	lvl.UnmarshalText([]byte(cfg.LogLevel)) // validated by config
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lvl}))
}

func load(e Env, name string, args []string) (config.Config, *flag.FlagSet, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	extra := map[string]*string{}
	if name != "serve" {
		for _, f := range []string{"email", "name", "role"} {
			extra[f] = fs.String(f, "", f)
		}
	}
	cfg, rest, err := config.Load(args, e.Getenv, fs)
	if err != nil {
		return cfg, fs, rest, err
	}
	return cfg, fs, []string{*orEmpty(extra["email"]), *orEmpty(extra["name"]), *orEmpty(extra["role"])}, nil
}

func orEmpty(p *string) *string {
	if p == nil {
		s := ""
		return &s
	}
	return p
}

func serve(ctx context.Context, e Env, args []string) error {
	cfg, _, _, err := load(e, "serve", args)
	if err != nil {
		return err
	}
	buf := newBufferedLog(e.Stderr, 200*time.Millisecond)
	defer buf.Close()
	base := logger(cfg, buf)
	log := slog.New(flushing{base.Handler(), buf})
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if cfg.Demo {
		seeded, err := seedDemo(ctx, e, a, cfg.BaseURL)
		if err != nil {
			return err
		}
		if !seeded {
			fmt.Fprintln(e.Stdout, "The database already has content; the demo was not loaded again.")
		}
	}
	return a.Serve(ctx, func(addr string) {
		fmt.Fprintf(e.Stdout, "Broadsheet is running on http://%s (newsroom at /newsroom); press Ctrl+C to stop.\n", addr)
	})
}

func userAdd(ctx context.Context, e Env, args []string) error {
	cfg, _, vals, err := load(e, "user add", args)
	if err != nil {
		return err
	}
	pw, err := bufio.NewReader(e.Stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return fmt.Errorf("reading the password from standard input: %w", err)
	}
	in := user.Input{Email: vals[0], Name: vals[1], Role: user.Role(vals[2]), Password: strings.TrimRight(pw, "\r\n")}
	if err := in.Validate(true); err != nil {
		return explain(err)
	}
	st, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	hash, err := user.HashPassword(in.Password)
	if err != nil {
		return err
	}
	u := user.User{Email: in.Email, Name: in.Name, Role: in.Role, PasswordHash: hash}
	if err := st.CreateUser(ctx, &u); err != nil {
		return explain(err)
	}
	// A journalist needs a byline: give the user an author profile of their
	// own. Readers write comments, not articles.
	if u.Role.Staff() {
		au, err := author.Create(ctx, st.SaveAuthor, u.Name)
		if err != nil {
			return err
		}
		if au != 0 {
			u.AuthorID = au
			if err := st.UpdateUser(ctx, u); err != nil {
				return err
			}
		}
	}
	st.Audit(ctx, auditCLI(u.ID, "user.add", u.Email+" role="+string(u.Role)))
	fmt.Fprintf(e.Stdout, "Added %s <%s> as %s (user %d).\n", u.Name, u.Email, u.Role, u.ID)
	if u.AuthorID != 0 {
		if au, err := st.Author(ctx, u.AuthorID); err == nil {
			fmt.Fprintf(e.Stdout, "Their articles are signed with the author profile %s.\n", au.URL())
		}
	}
	return nil
}

// userPasswd sets a user's password from the shell: for a locked-out admin,
// or a reader who cannot receive mail.
func userPasswd(ctx context.Context, e Env, args []string) error {
	cfg, _, vals, err := load(e, "user passwd", args)
	if err != nil {
		return err
	}
	email, ok := user.CheckEmail(vals[0])
	if !ok {
		return errors.New("--email: give the user's email address")
	}
	pw, err := bufio.NewReader(e.Stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return fmt.Errorf("reading the password from standard input: %w", err)
	}
	pw = strings.TrimRight(pw, "\r\n")
	if msg := user.CheckNewPassword(pw); msg != "" {
		return errors.New("password: " + msg)
	}
	st, u, err := openUser(ctx, cfg, email)
	if err != nil {
		return err
	}
	defer st.Close()
	hash, err := user.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := st.SetUserPassword(ctx, u.ID, hash); err != nil { // ends their sessions and voids reset links
		return err
	}
	limiter := &throttle.Limiter{Store: st}
	if err := limiter.Clear(ctx, user.SignInPerAccount, email); err != nil {
		return err
	}
	st.Audit(ctx, auditCLI(u.ID, "user.passwd", u.Email))
	fmt.Fprintf(e.Stdout, "Set a new password for %s <%s>; their sessions have ended.\n", u.Name, u.Email)
	return nil
}

// openUser opens the store and finds a user by email; the caller closes the
// store.
func openUser(ctx context.Context, cfg config.Config, email string) (*store.Store, user.User, error) {
	st, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return nil, user.User{}, err
	}
	u, err := st.UserByEmail(ctx, email)
	if errors.Is(err, apperr.NotFound) {
		err = fmt.Errorf("no user has the email address %s", email)
	}
	if err != nil {
		st.Close()
		return nil, user.User{}, err
	}
	return st, u, nil
}

func tokenCreate(ctx context.Context, e Env, args []string) error {
	cfg, _, vals, err := load(e, "token create", args)
	if err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(vals[0]))
	if email == "" {
		return errors.New("--email is required")
	}
	name := vals[1]
	if name == "" {
		name = "cli"
	}
	st, u, err := openUser(ctx, cfg, email)
	if err != nil {
		return err
	}
	defer st.Close()
	if u.Disabled {
		return fmt.Errorf("the user %s is disabled", email)
	}
	if !u.Role.Staff() {
		return fmt.Errorf("%s is a reader's account; API tokens are for newsroom staff", email)
	}
	tok, hash, err := user.NewSecret("bs_")
	if err != nil {
		return err
	}
	if err := st.CreateToken(ctx, u.ID, hash, name); err != nil {
		return err
	}
	st.Audit(ctx, auditCLI(u.ID, "token.create", name))
	fmt.Fprintln(e.Stdout, tok)
	return nil
}

func explain(err error) error {
	if v, ok := apperr.AsValidation(err); ok {
		var parts []string
		for _, f := range v.FieldNames() {
			parts = append(parts, "--"+f+": "+v.Fields[f])
		}
		return errors.New(strings.Join(parts, "; "))
	}
	return err
}

// seedDemo fills an empty database with the demo newsroom and prints how to
// sign in; it reports false, doing nothing, when the database has content.
func seedDemo(ctx context.Context, e Env, a *app.App, baseURL string) (bool, error) {
	empty, err := a.Empty(ctx)
	if err != nil || !empty {
		return false, err
	}
	fmt.Fprintln(e.Stdout, "Filling the database with the demo newsroom...")
	email, pw, err := a.SeedDemo(ctx)
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(e.Stdout, "Demo newsroom ready. Sign in at %s/newsroom\n  email:    %s\n  password: %s\n", baseURL, email, pw)
	return true, nil
}
