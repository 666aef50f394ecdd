package oidc

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestProviderError(t *testing.T) {
	t.Parallel()
	hostile := "<script>alert(1)</script>\nINFO forged log line\r\x00" + strings.Repeat("é", 300)
	tests := []struct {
		code, description string
		reason            string // a fragment of the expected reason
	}{
		{"access_denied", "The user cancelled", "cancelled"},
		{"login_required", "", "sign in or to agree"},
		{"consent_required", hostile, "sign in or to agree"},
		{"temporarily_unavailable", hostile, "trouble right now"},
		{"server_error", "", "trouble right now"},
		{"invalid_scope", hostile, "not set up correctly"},
		{"unauthorized_client", "", "not set up correctly"},
		{"<script>", hostile, "did not work"},
		{"", "", "did not work"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			e := ProviderError(tt.code, tt.description)
			if e.Kind != ErrDenied {
				t.Errorf("kind = %q, want %q", e.Kind, ErrDenied)
			}
			if !strings.Contains(e.Reason, tt.reason) {
				t.Errorf("reason = %q, want it to contain %q", e.Reason, tt.reason)
			}
			if strings.ContainsAny(e.Reason, "<>\n") || strings.Contains(e.Reason, "script") ||
				(tt.description != "" && strings.Contains(e.Reason, tt.description)) {
				t.Errorf("reason %q echoes the URL", e.Reason)
			}
			logged := e.Err.Error()
			if strings.ContainsAny(logged, "\n\r\x00") {
				t.Errorf("logged cause %q has control characters", logged)
			}
			if tt.description == hostile && !strings.Contains(logged, "script") {
				t.Errorf("logged cause %q lost the description", logged)
			}
		})
	}
}

func TestLogSafe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"plain", 200, "plain"},
		{"a\nb\rc\x00d\x7fe", 200, "abcde"},
		{"héllo", 2, "h"}, // does not cut é in half
		{"héllo", 3, "hé"},
		{"bad\xffutf8", 200, "bad\uFFFDutf8"},
		{strings.Repeat("x", 500), 200, strings.Repeat("x", 200)},
	}
	for _, tt := range tests {
		got := logSafe(tt.in, tt.max)
		if got != tt.want {
			t.Errorf("logSafe(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
		if len(got) > tt.max || !utf8.ValidString(got) {
			t.Errorf("logSafe(%q, %d) = %q: too long or not UTF-8", tt.in, tt.max, got)
		}
	}
}

func TestErrorWrapsCause(t *testing.T) {
	t.Parallel()
	cause := errors.New("token endpoint said no")
	var err error = refuse(ErrExchange, "Please try again.", cause)
	if !errors.Is(err, cause) {
		t.Error("errors.Is does not reach the cause")
	}
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrExchange {
		t.Fatal("errors.As does not find the *Error")
	}
	if msg := err.Error(); !strings.Contains(msg, "exchange") || !strings.Contains(msg, "token endpoint said no") {
		t.Errorf("Error() = %q, want kind and cause", msg)
	}
	if msg := refuse(ErrState, "Please try again.", nil).Error(); !strings.Contains(msg, "state") {
		t.Errorf("Error() without cause = %q", msg)
	}
}
