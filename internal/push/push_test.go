package push

import (
	"context"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

var b64 = base64.RawURLEncoding

func mustDecode(t *testing.T, s string) []byte {
	t.Helper()
	b, err := b64.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The example of RFC 8291, Appendix A, byte for byte.
func TestEncryptMatchesRFC8291(t *testing.T) {
	as, err := ecdh.P256().NewPrivateKey(mustDecode(t, "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"))
	if err != nil {
		t.Fatal(err)
	}
	ua, err := ecdh.P256().NewPublicKey(mustDecode(t, "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := encrypt(as, ua, mustDecode(t, "BTBZMqHH6r4Tts7J_aSIgg"), mustDecode(t, "DGv6ra1nlYgDCS1FRnbzlw"), []byte("When I grow up, I want to be a watermelon"))
	if err != nil {
		t.Fatal(err)
	}
	want := "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
	if b64.EncodeToString(got) != want {
		t.Errorf("encrypted\n%s\nwant\n%s", b64.EncodeToString(got), want)
	}
}

func TestKeysAreStable(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	k1, err := KeysFromSecret(secret)
	if err != nil {
		t.Fatal(err)
	}
	k2, _ := KeysFromSecret(secret)
	k3, _ := KeysFromSecret([]byte("another secret of thirty-two by"))
	if k1.Public() != k2.Public() || k1.Public() == k3.Public() || len(mustDecode(t, k1.Public())) != 65 {
		t.Errorf("keys: %s %s %s", k1.Public(), k2.Public(), k3.Public())
	}
}

func browserKeys(t *testing.T) (*ecdh.PrivateKey, Target) {
	ua, _ := ecdh.P256().GenerateKey(rand.Reader)
	auth := make([]byte, 16)
	rand.Read(auth)
	return ua, Target{P256dh: b64.EncodeToString(ua.PublicKey().Bytes()), Auth: b64.EncodeToString(auth)}
}

func TestCheck(t *testing.T) {
	_, good := browserKeys(t)
	for _, ep := range []string{"https://fcm.googleapis.com/fcm/send/abc", "https://updates.push.services.mozilla.com/wpush/v2/x",
		"https://web.push.apple.com/Q", "https://wns2-by3p.notify.windows.com/w/?token=x"} {
		good.Endpoint = ep
		if err := Check(good, nil); err != nil {
			t.Errorf("%s: %v", ep, err)
		}
	}
	for _, ep := range []string{"http://fcm.googleapis.com/x", "https://fcm.googleapis.com:8443/x", "https://evil.example/x", "https://fcm.googleapis.com.evil.example/x",
		"https://user@fcm.googleapis.com/x", "http://127.0.0.1:5432/", "https://169.254.169.254/latest", "file:///etc/passwd", "https://" + strings.Repeat("a", 1000) + ".fcm.googleapis.com/"} {
		good.Endpoint = ep
		if err := Check(good, nil); err == nil {
			t.Errorf("%s accepted", ep)
		}
	}
	good.Endpoint = "http://127.0.0.1:4000/push/1"
	if err := Check(good, []string{"http://127.0.0.1:4000"}); err != nil {
		t.Errorf("allowed origin: %v", err)
	}
	good.Endpoint = "https://fcm.googleapis.com/x"
	bad := good
	bad.P256dh = b64.EncodeToString(make([]byte, 65))
	if Check(bad, nil) == nil {
		t.Error("a key off the curve accepted")
	}
	bad = good
	bad.Auth = b64.EncodeToString(make([]byte, 8))
	if Check(bad, nil) == nil {
		t.Error("a short secret accepted")
	}
}

// Send: the service gets the headers, a VAPID token its key verifies, and a
// body the browser decrypts; a gone subscription and a busy service are told apart.
func TestSend(t *testing.T) {
	keys, _ := KeysFromSecret([]byte("send test secret"))
	type got struct {
		r    *http.Request
		body []byte
	}
	reqs := make(chan got, 10)
	status := http.StatusCreated
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8192)
		n, _ := r.Body.Read(b)
		reqs <- got{r, b[:n]}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	ua, tgt := browserKeys(t)
	tgt.Endpoint = srv.URL + "/push/abc"
	c := &Client{Keys: keys, Subject: "mailto:desk@example.com", Allowed: []string{srv.URL}}
	msg := Message{Title: "Breaking", Body: "A storm", URL: "https://news.example/a", Tag: "breaking-1"}
	if err := c.Send(context.Background(), tgt, msg, Options{TTL: time.Hour, Urgency: "high", Topic: "breaking"}); err != nil {
		t.Fatal(err)
	}
	g := <-reqs
	h := g.r.Header
	if h.Get("Content-Encoding") != "aes128gcm" || h.Get("TTL") != "3600" || h.Get("Urgency") != "high" || h.Get("Topic") != "breaking" {
		t.Errorf("headers: %v", h)
	}
	auth := h.Get("Authorization")
	tok, k, ok := strings.Cut(strings.TrimPrefix(auth, "vapid t="), ", k=")
	if !ok || k != keys.Public() {
		t.Fatalf("authorization %q", auth)
	}
	parts := strings.Split(tok, ".")
	var claims struct {
		Aud string `json:"aud"`
		Exp int64  `json:"exp"`
		Sub string `json:"sub"`
	}
	json.Unmarshal(mustDecode(t, parts[1]), &claims)
	if claims.Aud != srv.URL || claims.Sub != "mailto:desk@example.com" || claims.Exp < time.Now().Unix() || claims.Exp > time.Now().Add(24*time.Hour).Unix() {
		t.Errorf("claims %+v", claims)
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), mustDecode(t, k))
	if err != nil {
		t.Fatal(err)
	}
	sig := mustDecode(t, parts[2])
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if !ecdsa.Verify(pub, sum[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		t.Error("the VAPID signature does not verify")
	}
	plain, err := Decrypt(ua, mustDecode(t, tgt.Auth), g.body)
	if err != nil {
		t.Fatal(err)
	}
	var back Message
	if json.Unmarshal(plain, &back); back != msg {
		t.Errorf("decrypted %q", plain)
	}
	status = http.StatusGone
	if err := c.Send(context.Background(), tgt, msg, Options{}); !errors.Is(err, ErrGone) {
		t.Errorf("410: %v", err)
	}
	<-reqs
	status = http.StatusTooManyRequests
	var re *RetryError
	if err := c.Send(context.Background(), tgt, msg, Options{}); !errors.As(err, &re) || re.Status != 429 {
		t.Errorf("429: %v", err)
	}
	<-reqs
	status = http.StatusForbidden // a subscription made with another key
	var refused *RefusedError
	if err := c.Send(context.Background(), tgt, msg, Options{}); !errors.As(err, &refused) || refused.Status != 403 {
		t.Errorf("403: %v", err)
	}
	<-reqs
	// Without the origin allowed, a loopback endpoint is refused before any request.
	c2 := &Client{Keys: keys}
	if err := c2.Send(context.Background(), tgt, msg, Options{}); err == nil {
		t.Error("sent to a loopback endpoint")
	}
	for _, a := range []string{"10.1.2.3:443", "[::1]:443", "127.0.0.1:443", "0.1.2.3:443", "169.254.169.254:80", "100.64.0.1:443",
		"198.18.0.1:443", "240.0.0.1:443", "[::ffff:10.0.0.1]:443", "[64:ff9b::a00:1]:443", "[2002:a00:1::]:443", "[fd00::1]:443",
		"[fe80::1]:443", "[fec0::1]:443", "[2001::1]:443", "[::]:443", "nonsense"} {
		if err := publicOnly("tcp", a, nil); !errors.Is(err, errNotPublic) {
			t.Errorf("%s passes the guard", a)
		}
	}
	for _, a := range []string{"142.250.1.1:443", "[2a00:1450:4001:82b::200a]:443"} {
		if err := publicOnly("tcp", a, nil); err != nil {
			t.Errorf("%s: %v", a, err)
		}
	}
}

// BenchmarkEncrypt is the cost of one browser's message (an ECDH key pair,
// the derivation and the seal), the bulk of sending a breaking alert.
func BenchmarkEncrypt(b *testing.B) {
	_, tgt := browserKeys(nil)
	msg := []byte(`{"title":"The Daily: breaking news","body":"A headline of a usual length for a story","url":"https://news.example/a/b","tag":"breaking-1"}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encrypt(tgt, msg); err != nil {
			b.Fatal(err)
		}
	}
}
