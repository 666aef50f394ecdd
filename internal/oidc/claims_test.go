package oidc

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestClaimName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		claims string
		want   string
	}{
		{"name", `{"name":"Ada Lovelace","given_name":"A","preferred_username":"ada"}`, "Ada Lovelace"},
		{"given and family", `{"given_name":" Ada ","family_name":"Lovelace"}`, "Ada Lovelace"},
		{"given only", `{"given_name":"Ada"}`, "Ada"},
		{"family only", `{"family_name":"Lovelace"}`, "Lovelace"},
		{"blank name falls through", `{"name":"  ","given_name":"Ada","family_name":"Lovelace"}`, "Ada Lovelace"},
		{"preferred username", `{"preferred_username":"ada.l"}`, "ada.l"},
		{"none", `{}`, ""},
		{"name not a string", `{"name":42,"preferred_username":"ada"}`, "ada"},
		{"control characters", `{"name":"Ada\u0000\u0007 Love\u001blace\n"}`, "Ada Lovelace"},
		{"newlines become spaces", `{"name":"Ada\nLovelace"}`, "Ada Lovelace"},
		{"bidi override removed", `{"name":"Ada\u202eecalevol"}`, "Adaecalevol"},
		{"spaces collapsed", `{"name":"  Ada    Lovelace  "}`, "Ada Lovelace"},
		{"long name cut at 100 runes", `{"name":"` + strings.Repeat("é", 150) + `"}`, strings.Repeat("é", 100)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var c rawClaims
			if err := json.Unmarshal([]byte(tt.claims), &c); err != nil {
				t.Fatal(err)
			}
			if got := c.name(); got != tt.want {
				t.Errorf("name() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClaimEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		claims       string
		want         string
		wantVerified bool
	}{
		{`{"email":" Reader@Example.COM ","email_verified":true}`, "reader@example.com", true},
		{`{"email":"reader@example.com","email_verified":"true"}`, "reader@example.com", true},
		{`{"email":"reader@example.com","email_verified":"TRUE"}`, "reader@example.com", false},
		{`{"email":"reader@example.com","email_verified":false}`, "reader@example.com", false},
		{`{"email":"reader@example.com"}`, "reader@example.com", false},
		{`{"email":"","email_verified":true}`, "", false},
		{`{"email_verified":true}`, "", false},
		{`{"email":"not-an-address","email_verified":true}`, "", false},
		{`{"email":"@example.com","email_verified":true}`, "", false},
		{`{"email":"reader@","email_verified":true}`, "", false},
		{`{"email":"a b@example.com","email_verified":true}`, "", false},
		{`{"email":"a\nb@example.com","email_verified":true}`, "", false},
		{`{"email":["reader@example.com"],"email_verified":true}`, "", false},
		{`{"email":"` + strings.Repeat("a", 250) + `@example.com","email_verified":true}`, "", false},
	}
	for _, tt := range tests {
		var c rawClaims
		if err := json.Unmarshal([]byte(tt.claims), &c); err != nil {
			t.Fatal(err)
		}
		got, verified := c.email()
		if got != tt.want || verified != tt.wantVerified {
			t.Errorf("%s: email() = %q, %v; want %q, %v", tt.claims, got, verified, tt.want, tt.wantVerified)
		}
	}
}

func TestClaimTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		claims string
		want   time.Time
	}{
		{`{"auth_time":1764000000}`, time.Unix(1764000000, 0).UTC()},
		{`{"auth_time":1764000000.9}`, time.Unix(1764000000, 0).UTC()},
		{`{}`, time.Time{}},
		{`{"auth_time":"1764000000"}`, time.Time{}},
		{`{"auth_time":-5}`, time.Time{}},
		{`{"auth_time":0}`, time.Time{}},
		{`{"auth_time":1e300}`, time.Time{}},
		{`{"auth_time":null}`, time.Time{}},
	}
	for _, tt := range tests {
		var c rawClaims
		if err := json.Unmarshal([]byte(tt.claims), &c); err != nil {
			t.Fatal(err)
		}
		if got := c.time("auth_time"); !got.Equal(tt.want) {
			t.Errorf("%s: time() = %v; want %v", tt.claims, got, tt.want)
		}
	}
}
