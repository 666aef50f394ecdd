// Package tip is the newsroom's secure drop box: news tips, the tipster's
// follow-ups, the newsroom's replies and internal notes, and attachments,
// all stored encrypted.
//
// Keys. The newsroom has one age X25519 key. Its public half (the recipient)
// is kept in clear; its private half is sealed with a passphrase that only
// the editors know (age's scrypt recipient), so the database alone opens
// nothing. Each tip has a key of its own (a "thread" key): everything said in
// the thread is encrypted to it, and its private half is kept twice, sealed
// to the newsroom key and sealed with the tipster's receipt code. The
// newsroom reads a thread with its key; the tipster with the code, which is
// never stored (only a hash of it, to find the thread). Internal notes are
// sealed to the newsroom key alone.
//
// Nothing about the tipster is kept but what they typed (encrypted): no
// address, no browser, and no time finer than the day a tip arrived.
package tip

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"time"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"

	"broadsheet/internal/apperr"
	"broadsheet/internal/richtext"
)

// Status is where a tip stands in the newsroom.
type Status string

const (
	New        Status = "new"
	InProgress Status = "in-progress"
	Used       Status = "used"
	Declined   Status = "declined"
)

// Statuses lists the statuses in the order the inbox shows them.
var Statuses = []Status{New, InProgress, Used, Declined}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Label is the status as the newsroom reads it.
func (s Status) Label() string {
	switch s {
	case InProgress:
		return "In progress"
	case Used:
		return "Used"
	case Declined:
		return "Declined"
	}
	return "New"
}

// Author says who wrote a message of a thread.
type Author string

const (
	Tipster  Author = "tipster"
	Newsroom Author = "newsroom"
	Note     Author = "note" // internal, never shown to the tipster
)

// Tip is a thread as stored: its keys sealed, its words encrypted elsewhere.
type Tip struct {
	ID          int64
	Lookup      string // hash of the receipt code
	Recipient   string // the thread key's public half
	KeyNewsroom []byte // the thread key, sealed to the newsroom key
	KeyTipster  []byte // the thread key, sealed with the receipt code
	Status      Status
	AssignedTo  int64
	Assignee    string // the assignee's name, when listed
	ReceivedOn  string // YYYY-MM-DD, the day only
	UpdatedAt   time.Time
	Messages    int // when listed
	Unread      bool
}

// Message is one message of a thread, encrypted (Body).
type Message struct {
	ID        int64
	TipID     int64
	Author    Author
	UserID    int64  // who in the newsroom wrote it
	UserName  string // when listed
	Body      []byte // sealed Content
	CreatedAt time.Time
}

// File is an attachment, encrypted on disk under Path; its name and type are
// sealed in Meta.
type File struct {
	ID        int64
	TipID     int64
	MessageID int64
	Path      string
	Size      int64 // of the encrypted file
	Meta      []byte
}

// Content is what a message says, once opened.
type Content struct {
	Text    string `json:"text"`
	Name    string `json:"name,omitempty"`    // the tipster's, if given
	Contact string `json:"contact,omitempty"` // the tipster's, if given
}

// FileMeta is what an attachment's sealed metadata says.
type FileMeta struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Size int64  `json:"size"`
}

// Limits on what a tipster may send.
const (
	MaxText    = 20000 // characters of a message
	MaxName    = 200
	MaxContact = 500
	MaxFiles   = 5 // attachments per message, at most
)

// Errors.
var (
	ErrNotFound = fmt.Errorf("tip: %w", apperr.NotFound)
	// ErrLocked means the newsroom key is needed and this session has not
	// unlocked it.
	ErrLocked = errors.New("tip: the tips inbox is locked")
	// ErrPassphrase means a passphrase did not open the newsroom key.
	ErrPassphrase = errors.New("tip: wrong passphrase")
)

// Input is a message from a tipster, before it is sealed.
type Input struct {
	Text, Name, Contact string
}

// Validate cleans and checks a tipster's message.
func (in *Input) Validate() error {
	in.Text = richtext.CleanText(in.Text)
	in.Name = cleanLine(in.Name)
	in.Contact = cleanLine(in.Contact)
	v := &apperr.Validation{}
	switch n := len([]rune(in.Text)); {
	case strings.TrimSpace(in.Text) == "":
		v.Add("text", "Write your tip: what happened, and how we can check it.")
	case n > MaxText:
		v.Add("text", fmt.Sprintf("Keep your message under %d characters (it has %d); attach a document for more.", MaxText, n))
	}
	if len([]rune(in.Name)) > MaxName {
		v.Add("name", fmt.Sprintf("Keep the name under %d characters.", MaxName))
	}
	if len([]rune(in.Contact)) > MaxContact {
		v.Add("contact", fmt.Sprintf("Keep the contact details under %d characters.", MaxContact))
	}
	return v.Err()
}

// cleanLine is cleanText for one line: line breaks become spaces.
func cleanLine(s string) string {
	return strings.TrimSpace(strings.Join(strings.Fields(richtext.CleanText(s)), " "))
}

//go:embed words.txt
var wordList string

// words is EFF's long list for passphrases (CC BY 3.0 US), without its four
// hyphenated words: 7,772 words, about 12.9 bits each.
var words = strings.Fields(wordList)

// CodeWords is how many words a receipt code has: about 77 bits.
const CodeWords = 6

// NewCode makes a receipt code: CodeWords random words.
func NewCode() (string, error) {
	out := make([]string, CodeWords)
	max := big.NewInt(int64(len(words)))
	for i := range out {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		out[i] = words[n.Int64()]
	}
	return strings.Join(out, " "), nil
}

// NormalizeCode reads a code as typed: any case, any separators.
func NormalizeCode(code string) string {
	if len(code) > 200 {
		return ""
	}
	f := strings.FieldsFunc(strings.ToLower(code), func(r rune) bool { return r < 'a' || r > 'z' })
	return strings.Join(f, " ")
}

// LookupHash is what finds a thread from its receipt code. The code has
// about 77 bits, so a fast hash is enough; the hash opens nothing.
func LookupHash(code string) string {
	sum := sha256.Sum256([]byte("broadsheet tip lookup\x00" + NormalizeCode(code)))
	return hex.EncodeToString(sum[:])
}

// Work factors (log2 of scrypt's N). A passphrase is chosen by people, so
// guessing it must be slow (64 MiB and a fraction of a second each try); a
// receipt code has about 77 random bits, so it needs little (4 MiB), which
// keeps a flood of wrong codes cheap for the server.
const (
	passphraseWork = 16
	codeWork       = 12
)

// Keyring is the newsroom key as stored.
type Keyring struct {
	Recipient string // public, in clear
	Sealed    []byte // the private half, sealed with the passphrase
	CreatedAt time.Time
	ChangedAt time.Time
}

// MinPassphrase is the shortest passphrase the newsroom key takes.
const MinPassphrase = 12

// CheckPassphrase explains what is wrong with a new passphrase, or says "".
func CheckPassphrase(p string) string {
	switch n := len([]rune(p)); {
	case n < MinPassphrase:
		return fmt.Sprintf("Use at least %d characters: several words are easy to remember and hard to guess.", MinPassphrase)
	case len(p) > 1000:
		return "Use at most 1,000 characters."
	}
	return ""
}

// NewKeyring makes the newsroom key, sealed with passphrase.
func NewKeyring(passphrase string, now time.Time) (Keyring, *age.X25519Identity, error) {
	if msg := CheckPassphrase(passphrase); msg != "" {
		return Keyring{}, nil, apperr.FieldError("passphrase", msg)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return Keyring{}, nil, err
	}
	sealed, err := sealWithSecret(passphrase, passphraseWork, []byte(id.String()))
	if err != nil {
		return Keyring{}, nil, err
	}
	return Keyring{Recipient: id.Recipient().String(), Sealed: sealed, CreatedAt: now, ChangedAt: now}, id, nil
}

// ErrKeyMismatch means the stored key's private half does not match its
// public half: someone changed the database, perhaps to have new tips
// encrypted to a key of theirs.
var ErrKeyMismatch = errors.New("tip: the newsroom key does not match its public half")

// passphraseSlots bounds the scrypt runs on passphrases at once (64 MiB
// each), whoever asks.
var passphraseSlots = make(chan struct{}, 2)

// Open unseals the newsroom key with the passphrase.
func (k Keyring) Open(passphrase string) (*age.X25519Identity, error) {
	if passphrase == "" || len(passphrase) > 1000 {
		return nil, ErrPassphrase
	}
	raw, err := openWithSecret(passphrase, passphraseWork, k.Sealed)
	if err != nil {
		return nil, ErrPassphrase
	}
	id, err := age.ParseX25519Identity(string(raw))
	if err != nil {
		return nil, err
	}
	if id.Recipient().String() != k.Recipient {
		return nil, ErrKeyMismatch
	}
	return id, nil
}

// Rotate makes a new newsroom key sealed with passphrase, to replace the
// one opened as old: whoever knew the old passphrase (an editor who left)
// cannot open what is sealed to the new key, even with a later copy of the
// database. rewrap moves what was sealed to the old key (each tip's key, the
// notes) to the new one.
func (k Keyring) Rotate(old *age.X25519Identity, passphrase string, now time.Time) (Keyring, *age.X25519Identity, func([]byte) ([]byte, error), error) {
	next, id, err := NewKeyring(passphrase, now)
	if err != nil {
		return k, nil, nil, err
	}
	next.CreatedAt = k.CreatedAt
	to := id.Recipient()
	rewrap := func(sealed []byte) ([]byte, error) {
		plain, err := Open(old, sealed)
		if err != nil {
			return nil, err
		}
		return Seal(to, plain)
	}
	return next, id, rewrap, nil
}

// ErrStaleKey means a tip was sealed to a newsroom key that was replaced in
// the meantime; seal it again to the current one.
var ErrStaleKey = errors.New("tip: the newsroom key changed")

// Reseal seals the thread key to another newsroom key (after a rotation).
func (t *Tip) Reseal(key *age.X25519Identity, newsroom string) error {
	nr, err := age.ParseX25519Recipient(newsroom)
	if err != nil {
		return err
	}
	t.KeyNewsroom, err = Seal(nr, []byte(key.String()))
	return err
}

// NewThread makes a new tip's keys and receipt code.
func NewThread(newsroom string) (t Tip, code string, key *age.X25519Identity, err error) {
	nr, err := age.ParseX25519Recipient(newsroom)
	if err != nil {
		return t, "", nil, fmt.Errorf("tip: newsroom recipient: %w", err)
	}
	if code, err = NewCode(); err != nil {
		return t, "", nil, err
	}
	if key, err = age.GenerateX25519Identity(); err != nil {
		return t, "", nil, err
	}
	t = Tip{Lookup: LookupHash(code), Recipient: key.Recipient().String(), Status: New}
	if t.KeyNewsroom, err = Seal(nr, []byte(key.String())); err != nil {
		return t, "", nil, err
	}
	if t.KeyTipster, err = sealWithSecret(NormalizeCode(code), codeWork, []byte(key.String())); err != nil {
		return t, "", nil, err
	}
	return t, code, key, nil
}

// KeyFor opens a thread's key with the newsroom key.
func (t Tip) KeyFor(newsroom *age.X25519Identity) (*age.X25519Identity, error) {
	raw, err := Open(newsroom, t.KeyNewsroom)
	if err != nil {
		return nil, fmt.Errorf("tip %d: thread key: %w", t.ID, err)
	}
	return age.ParseX25519Identity(string(raw))
}

// KeyForCode opens a thread's key with its receipt code.
func (t Tip) KeyForCode(code string) (*age.X25519Identity, error) {
	raw, err := openWithSecret(NormalizeCode(code), codeWork, t.KeyTipster)
	if err != nil {
		return nil, ErrNotFound
	}
	return age.ParseX25519Identity(string(raw))
}

// RecipientKey is the thread key's public half, to seal new messages.
func (t Tip) RecipientKey() (age.Recipient, error) {
	return age.ParseX25519Recipient(t.Recipient)
}

// Seal encrypts plaintext to a recipient.
func Seal(to age.Recipient, plaintext []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, to)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(plaintext); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Open decrypts what Seal made for one of ids.
func Open(id age.Identity, sealed []byte) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(sealed), id)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func sealWithSecret(secret string, work int, plaintext []byte) ([]byte, error) {
	if work == passphraseWork {
		passphraseSlots <- struct{}{}
		defer func() { <-passphraseSlots }()
	}
	r, err := age.NewScryptRecipient(secret)
	if err != nil {
		return nil, err
	}
	r.SetWorkFactor(work)
	return Seal(r, plaintext)
}

// openWithSecret refuses a sealed key whose work factor is above work: one
// planted in the database could otherwise make each try cost gigabytes.
func openWithSecret(secret string, work int, sealed []byte) ([]byte, error) {
	if work == passphraseWork {
		passphraseSlots <- struct{}{}
		defer func() { <-passphraseSlots }()
	}
	id, err := age.NewScryptIdentity(secret)
	if err != nil {
		return nil, err
	}
	id.SetMaxWorkFactor(work)
	return Open(id, sealed)
}

// Unlocked is the newsroom key for one session, sealed with a key that only
// the session's browser holds (in a cookie): the database keeps the sealed
// half, the browser the other, and neither opens anything alone.
type Unlocked struct {
	Sealed    []byte
	ExpiresAt time.Time
}

// UnlockFor seals the newsroom key for a session; it returns the browser's key.
func UnlockFor(id *age.X25519Identity, until time.Time) (Unlocked, []byte, error) {
	key := make([]byte, chacha20poly1305.KeySize)
	if _, err := rand.Read(key); err != nil {
		return Unlocked{}, nil, err
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return Unlocked{}, nil, err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(id.String())+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return Unlocked{}, nil, err
	}
	return Unlocked{Sealed: aead.Seal(nonce, nonce, []byte(id.String()), []byte("broadsheet tips unlock")), ExpiresAt: until}, key, nil
}

// Open returns the newsroom key with the browser's key.
func (u Unlocked) Open(key []byte) (*age.X25519Identity, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, ErrLocked
	}
	if len(u.Sealed) < aead.NonceSize() {
		return nil, ErrLocked
	}
	raw, err := aead.Open(nil, u.Sealed[:aead.NonceSize()], u.Sealed[aead.NonceSize():], []byte("broadsheet tips unlock"))
	if err != nil {
		return nil, ErrLocked
	}
	return age.ParseX25519Identity(string(raw))
}

// SealMessage seals what a message says to a key: a thread's, or, for an
// internal note, the newsroom's.
func SealMessage(to age.Recipient, author Author, userID int64, c Content, at time.Time) (Message, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return Message{}, err
	}
	body, err := Seal(to, b)
	return Message{Author: author, UserID: userID, Body: body, CreatedAt: at}, err
}

// CleanFileName keeps a file's name as something safe to show and to offer
// as a download's name: no path, no control characters, 150 characters.
func CleanFileName(n string) string {
	if i := strings.LastIndexAny(n, `/\`); i >= 0 {
		n = n[i+1:]
	}
	n = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(n, ""))
	if rs := []rune(strings.TrimSpace(n)); len(rs) > 150 {
		n = string(rs[:150])
	}
	if n = strings.TrimSpace(n); n == "" || n == "." || n == ".." {
		n = "attachment"
	}
	return n
}

// Open reads an attachment's sealed name and type with its thread's key.
func (f File) Open(key age.Identity) (FileMeta, error) {
	var m FileMeta
	raw, err := Open(key, f.Meta)
	if err != nil {
		return m, fmt.Errorf("tip %d file %d: %w", f.TipID, f.ID, err)
	}
	return m, json.Unmarshal(raw, &m)
}
