package webtest

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"broadsheet/internal/push"
)

// PushService is a Web Push service for tests: it hands out browsers'
// subscriptions, and for every message checks the VAPID signature and
// decrypts the payload with the browser's private key, as a real browser
// would. A browser can leave (the service then answers 410 Gone).
type PushService struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	browsers map[string]*testBrowser // by endpoint path
	problems []string
}

type testBrowser struct {
	key      *ecdh.PrivateKey
	auth     []byte
	gone     bool
	refuse   bool // answer 403, as for a subscription made with another key
	messages []PushMessage
}

// PushMessage is one message a browser received.
type PushMessage struct {
	Message push.Message
	Header  http.Header
	Raw     []byte // the encrypted body, as the service received it
}

// NewPushService starts the service for the test's life.
func NewPushService(t *testing.T) *PushService {
	p := &PushService{t: t, browsers: map[string]*testBrowser{}}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

// Origin is the service's origin, for --push-service.
func (p *PushService) Origin() string { return p.srv.URL }

// Subscribe makes a new browser and returns its subscription, as the Push
// API's PushSubscription.toJSON() gives it.
func (p *PushService) Subscribe() (endpoint, p256dh, auth string) {
	key, _ := ecdh.P256().GenerateKey(rand.Reader)
	secret := make([]byte, 16)
	rand.Read(secret)
	path := fmt.Sprintf("/push/%x", secret[:8])
	p.mu.Lock()
	p.browsers[path] = &testBrowser{key: key, auth: secret}
	p.mu.Unlock()
	enc := base64.RawURLEncoding
	return p.srv.URL + path, enc.EncodeToString(key.PublicKey().Bytes()), enc.EncodeToString(secret)
}

// Leave makes a browser unsubscribe at the service: later messages get 410.
func (p *PushService) Leave(endpoint string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.browsers[strings.TrimPrefix(endpoint, p.srv.URL)].gone = true
}

// Refuse makes the service answer 403 for a browser from now on.
func (p *PushService) Refuse(endpoint string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.browsers[strings.TrimPrefix(endpoint, p.srv.URL)].refuse = true
}

// Messages returns what a browser received.
func (p *PushService) Messages(endpoint string) []PushMessage {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]PushMessage(nil), p.browsers[strings.TrimPrefix(endpoint, p.srv.URL)].messages...)
}

// Problems lists the requests the service refused, and why.
func (p *PushService) Problems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.problems...)
}

func (p *PushService) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	refuse := func(status int, why string) {
		p.problems = append(p.problems, r.URL.Path+": "+why)
		http.Error(w, why, status)
	}
	b := p.browsers[r.URL.Path]
	switch {
	case r.Method != "POST":
		refuse(405, "not a POST")
		return
	case b == nil:
		refuse(404, "no such subscription")
		return
	case b.gone:
		w.WriteHeader(http.StatusGone)
		return
	case b.refuse:
		w.WriteHeader(http.StatusForbidden)
		return
	case r.Header.Get("Content-Encoding") != "aes128gcm":
		refuse(400, "Content-Encoding is "+r.Header.Get("Content-Encoding"))
		return
	case r.Header.Get("TTL") == "":
		refuse(400, "no TTL")
		return
	}
	if why := p.checkVAPID(r.Header.Get("Authorization")); why != "" {
		refuse(403, why)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 4097))
	if err != nil || len(body) > 4096 {
		refuse(413, "payload over 4096 bytes")
		return
	}
	plain, err := push.Decrypt(b.key, b.auth, body)
	if err != nil {
		refuse(400, "cannot decrypt: "+err.Error())
		return
	}
	var m push.Message
	if err := json.Unmarshal(plain, &m); err != nil {
		refuse(400, "not JSON: "+string(plain))
		return
	}
	b.messages = append(b.messages, PushMessage{Message: m, Header: r.Header.Clone(), Raw: body})
	w.WriteHeader(http.StatusCreated)
}

// checkVAPID verifies "vapid t=JWT, k=KEY" (RFC 8292) as a push service does.
func (p *PushService) checkVAPID(h string) string {
	rest, ok := strings.CutPrefix(h, "vapid ")
	if !ok {
		return "no vapid authorization"
	}
	var tok, key string
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			tok = v
		case "k":
			key = v
		}
	}
	enc := base64.RawURLEncoding
	kb, err := enc.DecodeString(key)
	if err != nil {
		return "bad k"
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), kb)
	if err != nil {
		return "k is not a P-256 key"
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return "t is not a JWT"
	}
	sig, err := enc.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		return "bad signature encoding"
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if !ecdsa.Verify(pub, sum[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		return "the signature does not verify"
	}
	var claims struct {
		Aud string `json:"aud"`
		Exp int64  `json:"exp"`
		Sub string `json:"sub"`
	}
	cb, _ := enc.DecodeString(parts[1])
	if json.Unmarshal(cb, &claims) != nil || claims.Aud != p.srv.URL || claims.Exp < time.Now().Unix() ||
		claims.Exp > time.Now().Add(24*time.Hour).Unix() || !strings.HasPrefix(claims.Sub, "mailto:") {
		return fmt.Sprintf("bad claims %+v", claims)
	}
	return ""
}
