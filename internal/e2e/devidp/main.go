// Command devidp runs an OpenID Connect provider for trying "Continue with
// ..." on a Broadsheet running on this machine. It signs everyone in as one
// person, without asking anything. It is for development and tests only,
// never for a real site.
//
//	go run ./internal/e2e/devidp -addr 127.0.0.1:9998 -email reader@example.com -name "A Reader"
//
// It prints the flags to start Broadsheet with.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"

	"github.com/oauth2-proxy/mockoidc"
)

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
	person := &mockoidc.MockUser{Subject: "devidp-" + *email, Email: *email, PreferredUsername: *name, EmailVerified: !*unverified}
	// Everyone who asks to sign in is this person.
	m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == mockoidc.AuthorizationEndpoint {
				m.QueueUser(person)
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
