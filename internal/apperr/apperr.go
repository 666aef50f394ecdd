// Package apperr defines the kinds of error that every layer shares, so that the
// domain and the store can say what went wrong without knowing about HTTP. Only
// the web packages map kinds to status codes. It imports nothing of ours.
package apperr

import (
	"errors"
	"sort"
	"strings"
)

// Kinds. Wrap them with fmt.Errorf("...: %w", apperr.NotFound) and test with errors.Is.
var (
	NotFound     = errors.New("not found")
	Invalid      = errors.New("invalid input")
	Forbidden    = errors.New("forbidden")
	Unauthorized = errors.New("unauthorized")
	Conflict     = errors.New("conflict")
)

// Validation collects problems with named fields of an input, so a form or an API
// response can show every one at once, each next to its field.
type Validation struct {
	Fields map[string]string // field -> message
	order  []string
}

// Add records a message for a field; the first message per field wins.
func (v *Validation) Add(field, msg string) {
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	if _, ok := v.Fields[field]; ok {
		return
	}
	v.Fields[field] = msg
	v.order = append(v.order, field)
}

// Err returns nil when nothing was added, or the Validation itself.
func (v *Validation) Err() error {
	if v == nil || len(v.Fields) == 0 {
		return nil
	}
	return v
}

func (v *Validation) Error() string {
	var b strings.Builder
	for i, f := range v.FieldNames() {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f + ": " + v.Fields[f])
	}
	return b.String()
}

// Unwrap makes errors.Is(err, Invalid) true for every Validation.
func (v *Validation) Unwrap() error { return Invalid }

// FieldNames lists the fields in the order they were added (sorted if unknown).
func (v *Validation) FieldNames() []string {
	if len(v.order) == len(v.Fields) {
		return v.order
	}
	names := make([]string, 0, len(v.Fields))
	for f := range v.Fields {
		names = append(names, f)
	}
	sort.Strings(names)
	return names
}

// First returns the first field and its message.
func (v *Validation) First() (string, string) {
	names := v.FieldNames()
	if len(names) == 0 {
		return "", ""
	}
	return names[0], v.Fields[names[0]]
}

// FieldError is a shorthand for a single-field validation error.
func FieldError(field, msg string) error {
	v := &Validation{}
	v.Add(field, msg)
	return v
}

// AsValidation returns the Validation inside err, if any.
func AsValidation(err error) (*Validation, bool) {
	var v *Validation
	ok := errors.As(err, &v)
	return v, ok
}
