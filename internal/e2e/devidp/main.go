// Command devidp runs an OpenID Connect provider for trying "Continue with
// ..." on a Broadsheet running on this machine. It signs everyone in as one
// person, without asking anything. It is for development and tests only,
// never for a real site.
//
//	go run ./internal/e2e/devidp -addr 127.0.0.1:9998 -email reader@example.com -name "A Reader"
//
// It prints the flags to start Broadsheet with. When asked to make the person
// sign in again (prompt=login, as "Confirm with ..." does), it says they just
// did (auth_time).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// person is who every sign-in is; AuthTime, when set, is said as auth_time.
type person struct {
	Subject, Email, Name string
	Verified             bool
	AuthTime             time.Time
}

func (p *person) ID() string { return p.Subject }

func (p *person) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]any{"sub": p.Subject, "email": p.Email, "email_verified": p.Verified, "name": p.Name})
}

func (p *person) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	c := jwt.MapClaims{"iss": base.Issuer, "sub": p.Subject, "aud": []string(base.Audience), "exp": base.ExpiresAt.Unix(),
		"iat": base.IssuedAt.Unix(), "nbf": base.NotBefore.Unix(), "jti": base.ID, "nonce": base.Nonce,
		"email": p.Email, "email_verified": p.Verified, "name": p.Name}
	if !p.AuthTime.IsZero() {
		c["auth_time"] = p.AuthTime.Unix()
	}
	return c, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:9998", "address to listen on (loopback)")
	email := flag.String("email", "reader@example.com", "the email address everyone signs in with")
	name := flag.String("name", "A Reader", "their name")
	unverified := flag.Bool("unverified", false, "say that the email address is not verified")
	flag.Parse()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "devidp:", err)
		os.Exit(1)
	}
	// Everyone who asks to sign in is this person.
	m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == mockoidc.AuthorizationEndpoint {
				p := &person{Subject: "devidp-" + *email, Email: *email, Name: *name, Verified: !*unverified}
				if r.URL.Query().Get("prompt") == "login" {
					p.AuthTime = time.Now()
				}
				m.QueueUser(p)
			}
			next.ServeHTTP(w, r)
		})
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "devidp:", err)
		os.Exit(1)
	}
	if err := m.Start(ln, nil); err != nil {
		fmt.Fprintln(os.Stderr, "devidp:", err)
		os.Exit(1)
	}
	fmt.Printf(`A test OpenID Connect provider runs at %s
Every sign-in there is %s <%s>, email %s.
Start Broadsheet with:

  go run ./cmd/broadsheet serve --demo --oidc-name "Test ID" --oidc-issuer %s --oidc-client-id %s --oidc-client-secret %s

then press "Continue with Test ID" on /account/login. Ctrl+C stops this provider.
`, m.Issuer(), *name, *email, map[bool]string{true: "verified", false: "not verified"}[!*unverified], m.Issuer(), m.ClientID, m.ClientSecret)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	<-stop
	m.Shutdown()
}
