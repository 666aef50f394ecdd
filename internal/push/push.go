// Package push sends Web Push messages (RFC 8030) to browsers' push
// services: the message encrypted for the browser (RFC 8291, aes128gcm of
// RFC 8188) and the request signed with the site's VAPID key (RFC 8292). Like
// mail and oidc it talks to other servers and knows nothing of the rest.
//
// Push endpoints come from browsers, so from anyone: they are accepted only
// at the known push services over https (or at origins the server's
// configuration names), and connections to private addresses are refused,
// so a subscription cannot make the server call into its own network.
package push

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Keys are the site's VAPID key pair (P-256).
type Keys struct{ priv *ecdsa.PrivateKey }

// KeysFromSecret derives the key pair from a stored random secret, so that
// every instance signs with the same key and subscriptions survive restarts.
func KeysFromSecret(secret []byte) (Keys, error) {
	seed := sha256.Sum256(append([]byte("broadsheet vapid "), secret...))
	for i := 0; i < 100; i++ { // a seed outside the curve's order is vanishingly rare
		if k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), seed[:]); err == nil {
			return Keys{priv: k}, nil
		}
		seed = sha256.Sum256(seed[:])
	}
	return Keys{}, errors.New("push: no key from the secret")
}

// Public is the public key as browsers take it (applicationServerKey): the
// uncompressed point, base64url without padding.
func (k Keys) Public() string {
	b, _ := k.priv.PublicKey.Bytes()
	return base64.RawURLEncoding.EncodeToString(b)
}

// Target is where one browser receives messages.
type Target struct {
	Endpoint string
	P256dh   string // the browser's ECDH public key, base64url
	Auth     string // its 16-byte authentication secret, base64url
}

// Limits on what a browser may send.
const (
	MaxEndpoint = 1000
	MaxPayload  = 3000 // plaintext; push services take at least 4096 bytes of record
)

// decodeKey reads base64url with or without padding.
func decodeKey(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// Check validates a target as a browser sent it: its keys, and that its
// endpoint is an https address at a known push service (or an origin in
// allowed, such as a test's).
func Check(t Target, allowed []string) error {
	if len(t.Endpoint) > MaxEndpoint {
		return errors.New("the push endpoint is too long")
	}
	if !endpointAllowed(t.Endpoint, allowed) {
		return errors.New("the push endpoint is not at a known push service")
	}
	pub, err := decodeKey(t.P256dh)
	if err != nil || len(pub) != 65 {
		return errors.New("the browser's key is not a P-256 key")
	}
	if _, err := ecdh.P256().NewPublicKey(pub); err != nil {
		return errors.New("the browser's key is not a P-256 key")
	}
	if auth, err := decodeKey(t.Auth); err != nil || len(auth) != 16 {
		return errors.New("the browser's secret is not 16 bytes")
	}
	return nil
}

// Services are the hosts (and their subdomains) of the push services that
// browsers use: Chrome and Edge's, Firefox's, Safari's, Windows'.
var Services = []string{"fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com", "notify.windows.com"}

func endpointAllowed(raw string, allowed []string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Host == "" {
		return false
	}
	origin := u.Scheme + "://" + u.Host
	for _, a := range allowed {
		if strings.EqualFold(strings.TrimSuffix(a, "/"), origin) {
			return true
		}
	}
	if u.Scheme != "https" || u.Port() != "" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, s := range Services {
		if host == s || strings.HasSuffix(host, "."+s) {
			return true
		}
	}
	return false
}

// Encrypt encrypts plaintext for a browser as RFC 8291 says: an ephemeral
// ECDH key, the browser's key and secret give the content key; the result
// is one aes128gcm record with its header (salt, record size, our key).
func Encrypt(t Target, plaintext []byte) ([]byte, error) {
	uaPub, err := decodeKey(t.P256dh)
	if err != nil {
		return nil, err
	}
	auth, err := decodeKey(t.Auth)
	if err != nil {
		return nil, err
	}
	ua, err := ecdh.P256().NewPublicKey(uaPub)
	if err != nil {
		return nil, err
	}
	as, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	salt := make([]byte, 16)
	rand.Read(salt)
	return encrypt(as, ua, auth, salt, plaintext)
}

func encrypt(as *ecdh.PrivateKey, ua *ecdh.PublicKey, auth, salt, plaintext []byte) ([]byte, error) {
	if len(plaintext) > MaxPayload {
		return nil, fmt.Errorf("push: a message of %d bytes is too long", len(plaintext))
	}
	shared, err := as.ECDH(ua)
	if err != nil {
		return nil, err
	}
	asPub := as.PublicKey().Bytes()
	keyInfo := "WebPush: info\x00" + string(ua.Bytes()) + string(asPub)
	ikm, err := hkdf.Key(sha256.New, shared, auth, keyInfo, 32)
	if err != nil {
		return nil, err
	}
	cek, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: aes128gcm\x00", 16)
	if err != nil {
		return nil, err
	}
	nonce, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: nonce\x00", 12)
	if err != nil {
		return nil, err
	}
	gcm, err := newGCM(cek)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Write(salt)
	binary.Write(&out, binary.BigEndian, uint32(4096))
	out.WriteByte(byte(len(asPub)))
	out.Write(asPub)
	record := append(append([]byte{}, plaintext...), 0x02) // the last (only) record's delimiter
	return gcm.Seal(out.Bytes(), nonce, record, nil), nil
}

// newGCM is AES-128-GCM with a content key.
func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Message is what the site's service worker shows.
type Message struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	URL   string `json:"url"`
	Tag   string `json:"tag,omitempty"`
}

// Options are the push service's delivery options.
type Options struct {
	TTL     time.Duration // how long the service keeps a message for an offline browser
	Urgency string        // very-low, low, normal, high
	Topic   string        // a newer message of the same topic replaces an undelivered one
}

// Client sends messages.
type Client struct {
	Keys    Keys
	Subject string   // a contact for the push services: mailto: or https: address
	Allowed []string // origins allowed besides the known services (tests, a private push service)
	Timeout time.Duration

	guarded, open *http.Client
}

// ErrGone says the browser's subscription no longer exists: forget it.
var ErrGone = errors.New("push: the subscription is gone")

// RetryError says the message may go if tried again later: the push service
// was busy or failing (Status), or could not be reached (Err).
type RetryError struct {
	Status int
	Err    error
}

func (e *RetryError) Error() string {
	if e.Err != nil {
		return "push: the push service could not be reached: " + e.Err.Error()
	}
	return fmt.Sprintf("push: the push service answered %d; try again", e.Status)
}

func (e *RetryError) Unwrap() error { return e.Err }

// RefusedError says the push service refused the message for good (a
// subscription made with another site's key answers 403, say), or the
// endpoint is not on the public internet: trying again cannot help, and the
// subscription is of no use.
type RefusedError struct{ Status int }

func (e *RefusedError) Error() string {
	return fmt.Sprintf("push: the push service refused the message (%d)", e.Status)
}

// Send delivers one message to one browser.
func (c *Client) Send(ctx context.Context, t Target, m Message, o Options) error {
	if !endpointAllowed(t.Endpoint, c.Allowed) {
		return fmt.Errorf("push: endpoint not allowed")
	}
	plain, err := json.Marshal(m)
	if err != nil {
		return err
	}
	body, err := Encrypt(t, plain)
	if err != nil {
		return err
	}
	u, _ := url.Parse(t.Endpoint)
	jwt, err := c.vapid(u.Scheme+"://"+u.Host, time.Now().Add(12*time.Hour))
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, "POST", t.Endpoint, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Content-Encoding", "aes128gcm")
	req.Header.Set("TTL", strconv.Itoa(int(o.TTL/time.Second)))
	if o.Urgency != "" {
		req.Header.Set("Urgency", o.Urgency)
	}
	if o.Topic != "" {
		req.Header.Set("Topic", o.Topic)
	}
	req.Header.Set("Authorization", "vapid t="+jwt+", k="+c.Keys.Public())
	res, err := c.client(t.Endpoint).Do(req)
	if err != nil {
		if errors.Is(err, errNotPublic) {
			return &RefusedError{}
		}
		return &RetryError{Err: err}
	}
	defer res.Body.Close()
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
		return nil
	case res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusGone:
		return ErrGone
	case res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500:
		return &RetryError{Status: res.StatusCode}
	}
	return &RefusedError{Status: res.StatusCode}
}

// vapid signs the claim that this site sends to the push service at aud
// (RFC 8292): an ES256 JWT.
func (c *Client) vapid(aud string, exp time.Time) (string, error) {
	enc := base64.RawURLEncoding
	claims, _ := json.Marshal(map[string]any{"aud": aud, "exp": exp.Unix(), "sub": c.Subject})
	input := enc.EncodeToString([]byte(`{"typ":"JWT","alg":"ES256"}`)) + "." + enc.EncodeToString(claims)
	sum := sha256.Sum256([]byte(input))
	r, s, err := ecdsa.Sign(rand.Reader, c.Keys.priv, sum[:])
	if err != nil {
		return "", err
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return input + "." + enc.EncodeToString(sig), nil
}

// client returns the HTTP client for an endpoint: one that refuses private
// addresses, unless the endpoint's origin was named in Allowed.
func (c *Client) client(endpoint string) *http.Client {
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 15 * time.Second
	}
	if c.guarded == nil {
		guard := &net.Dialer{Timeout: 10 * time.Second, Control: publicOnly}
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.Proxy, tr.DialContext = nil, guard.DialContext
		c.guarded = &http.Client{Transport: tr, Timeout: timeout, CheckRedirect: noRedirect}
		c.open = &http.Client{Timeout: timeout, CheckRedirect: noRedirect}
	}
	u, _ := url.Parse(endpoint)
	for _, a := range c.Allowed {
		if strings.EqualFold(strings.TrimSuffix(a, "/"), u.Scheme+"://"+u.Host) {
			return c.open
		}
	}
	return c.guarded
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// errNotPublic is what the guarded dialer answers for an address that is
// not on the public internet.
var errNotPublic = errors.New("push: not a public address")

// notPublic are the special-purpose ranges (IANA's registries) a push
// service is never at: private and shared networks, documentation and
// benchmarking ranges, reserved space, and the IPv6 prefixes that embed an
// IPv4 address (NAT64, 6to4, Teredo), which could reach a private one.
var notPublic = func() []netip.Prefix {
	var out []netip.Prefix
	for _, p := range []string{"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
		"192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
		"224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/32", "2001:db8::/32",
		"2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8"} {
		out = append(out, netip.MustParsePrefix(p))
	}
	return out
}()

// publicOnly refuses connections to addresses that are not on the public
// internet; it runs on the address actually dialled, after name lookup, so
// a name that resolves to a private address is refused too.
func publicOnly(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", errNotPublic, address)
	}
	ip := ap.Addr().Unmap()
	for _, p := range notPublic {
		if p.Contains(ip) {
			return fmt.Errorf("%w: %s", errNotPublic, ip)
		}
	}
	return nil
}
