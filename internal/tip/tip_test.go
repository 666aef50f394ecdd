package tip

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/apperr"
)

// The whole key chain: the newsroom key sealed with a passphrase, a thread
// key opened both by the newsroom and by the receipt code, messages sealed
// to the thread, and the key parked for a session.
func TestKeys(t *testing.T) {
	t.Parallel()
	now := time.Now()
	_, _, err := NewKeyring("short", now)
	if _, ok := apperr.AsValidation(err); !ok {
		t.Fatalf("a short passphrase: %v", err)
	}
	kr, nr, err := NewKeyring("correct horse battery staple", now)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(kr.Sealed, []byte(nr.String())) || strings.Contains(kr.Recipient, nr.String()) {
		t.Fatal("the newsroom key is stored in clear")
	}
	if _, err := kr.Open("wrong horse battery staple"); !errors.Is(err, ErrPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	opened, err := kr.Open("correct horse battery staple")
	if err != nil || opened.String() != nr.String() {
		t.Fatalf("open: %v", err)
	}
	// A stored public half that is not the key's is refused.
	forged := kr
	forged.Recipient = "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"
	if _, err := forged.Open("correct horse battery staple"); !errors.Is(err, ErrKeyMismatch) {
		t.Fatalf("a planted public key: %v", err)
	}

	th, code, key, err := NewThread(kr.Recipient)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(strings.Fields(code)); n != CodeWords {
		t.Fatalf("code %q has %d words", code, n)
	}
	if th.Lookup != LookupHash("  "+strings.ToUpper(strings.ReplaceAll(code, " ", "-"))+"\n") {
		t.Error("the code, typed in capitals with hyphens, does not find its thread")
	}
	rk, err := th.RecipientKey()
	if err != nil {
		t.Fatal(err)
	}
	secret := []byte("the minister's driver keeps the ledger")
	sealed, err := Seal(rk, secret)
	if err != nil || bytes.Contains(sealed, secret) {
		t.Fatalf("seal: %v", err)
	}
	for name, open := range map[string]func() (string, error){
		"newsroom": func() (string, error) { k, err := th.KeyFor(nr); return keyString(k), err },
		"code":     func() (string, error) { k, err := th.KeyForCode(strings.ToUpper(code)); return keyString(k), err },
	} {
		got, err := open()
		if err != nil || got != key.String() {
			t.Errorf("%s: thread key %v", name, err)
		}
	}
	if _, err := th.KeyForCode("abacus abacus abacus abacus abacus abacus"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a wrong code: %v", err)
	}
	if plain, err := Open(key, sealed); err != nil || !bytes.Equal(plain, secret) {
		t.Errorf("open: %q %v", plain, err)
	}
	if _, err := Open(nr, sealed); err == nil {
		t.Error("the newsroom key opens a thread's message directly")
	}

	// A new passphrase comes with a new key; rewrap moves the thread key.
	kr2, nr2, rewrap, err := kr.Rotate(nr, "a brand new newsroom passphrase", now)
	if err != nil {
		t.Fatal(err)
	}
	if kr2.Recipient == kr.Recipient || nr2.String() == nr.String() {
		t.Fatal("rotating kept the key")
	}
	if _, err := kr2.Open("correct horse battery staple"); err == nil {
		t.Fatal("the old passphrase opens the new key")
	}
	moved, err := rewrap(th.KeyNewsroom)
	if err != nil {
		t.Fatal(err)
	}
	th.KeyNewsroom = moved
	if k, err := th.KeyFor(nr2); err != nil || k.String() != key.String() {
		t.Fatalf("the thread key under the new key: %v", err)
	}
	if _, err := th.KeyFor(nr); err == nil {
		t.Error("the old key still opens the thread")
	}

	u, browser, err := UnlockFor(nr, now.Add(time.Hour))
	if err != nil || bytes.Contains(u.Sealed, []byte(nr.String())) {
		t.Fatalf("unlock: %v", err)
	}
	if got, err := u.Open(browser); err != nil || got.String() != nr.String() {
		t.Fatalf("unlocked: %v", err)
	}
	browser[0] ^= 1
	if _, err := u.Open(browser); !errors.Is(err, ErrLocked) {
		t.Errorf("another browser's key: %v", err)
	}
}

func keyString(k interface{ String() string }) string {
	if k == nil {
		return ""
	}
	return k.String()
}

func TestInput(t *testing.T) {
	t.Parallel()
	in := Input{Text: "line one\r\nline two\x00\u202e", Name: " A\nSource ", Contact: "signal: +1 555"}
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	if in.Text != "line one\nline two" || in.Name != "A Source" {
		t.Errorf("cleaned: %q %q", in.Text, in.Name)
	}
	for _, bad := range []Input{{Text: "  \n "}, {Text: strings.Repeat("x", MaxText+1)}, {Text: "ok", Name: strings.Repeat("n", MaxName+1)},
		{Text: "ok", Contact: strings.Repeat("c", MaxContact+1)}} {
		if _, ok := apperr.AsValidation(bad.Validate()); !ok {
			t.Errorf("accepted %.40q", bad.Text+bad.Name+bad.Contact)
		}
	}
}

func TestCodes(t *testing.T) {
	t.Parallel()
	if len(words) != 7772 {
		t.Fatalf("%d words", len(words))
	}
	seen := map[string]bool{}
	for range 200 {
		c, err := NewCode()
		if err != nil {
			t.Fatal(err)
		}
		if seen[c] || NormalizeCode(c) != c {
			t.Fatalf("code %q repeats or is not normal", c)
		}
		seen[c] = true
	}
	if NormalizeCode(strings.Repeat("a ", 150)) != "" {
		t.Error("a very long code is read")
	}
}
