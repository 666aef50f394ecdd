// Package contact is what readers send through the Contact and Advertise
// pages: kept in the newsroom's inbox and mailed to an address from the
// settings. It must not import store or web.
package contact

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"broadsheet/internal/apperr"
	"broadsheet/internal/richtext"
	"broadsheet/internal/user"
)

// Kind says which form a message came through.
type Kind string

const (
	Contact   Kind = "contact"
	Advertise Kind = "advertise"
)

// Valid reports whether k is a known form.
func (k Kind) Valid() bool { return k == Contact || k == Advertise }

// Label is the form's name as the newsroom reads it.
func (k Kind) Label() string {
	if k == Advertise {
		return "Advertising"
	}
	return "Contact"
}

// Status is where a message stands.
type Status string

const (
	New  Status = "new"
	Done Status = "done"
)

// Message is one message, as stored.
type Message struct {
	ID        int64
	Kind      Kind
	Name      string
	Email     string
	Company   string // advertising only
	Subject   string
	Body      string
	Status    Status
	CreatedAt time.Time
}

// Limits.
const (
	MaxName    = 100
	MaxCompany = 200
	MaxSubject = 200
	MaxBody    = 10000
)

// ErrNotFound is a message that does not exist.
var ErrNotFound = fmt.Errorf("contact: %w", apperr.NotFound)

// Validate cleans and checks a message from a form.
func (m *Message) Validate() error {
	v := &apperr.Validation{}
	m.Name = user.CleanName(m.Name)
	m.Company = user.CleanName(m.Company)
	m.Subject = user.CleanName(m.Subject)
	m.Body = richtext.CleanText(m.Body)
	if !m.Kind.Valid() {
		v.Add("kind", "Choose a form.")
	}
	switch n := utf8.RuneCountInString(m.Name); {
	case n == 0:
		v.Add("name", "Enter your name.")
	case n > MaxName:
		v.Add("name", fmt.Sprintf("Use at most %d characters.", MaxName))
	}
	if email, ok := user.CheckEmail(m.Email); ok {
		m.Email = email
	} else {
		v.Add("email", "Enter an email address such as name@example.com, so that we can answer.")
	}
	if utf8.RuneCountInString(m.Company) > MaxCompany {
		v.Add("company", fmt.Sprintf("Use at most %d characters.", MaxCompany))
	}
	if utf8.RuneCountInString(m.Subject) > MaxSubject {
		v.Add("subject", fmt.Sprintf("Use at most %d characters.", MaxSubject))
	}
	switch n := utf8.RuneCountInString(m.Body); {
	case strings.TrimSpace(m.Body) == "":
		v.Add("body", "Write your message.")
	case n > MaxBody:
		v.Add("body", fmt.Sprintf("Keep your message under %d characters (it has %d).", MaxBody, n))
	}
	return v.Err()
}
