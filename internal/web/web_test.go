package web_test

import (
	"testing"

	"broadsheet/internal/web/webtest"
)

// The handler tests of the core surfaces use the shared harness.
type (
	env  = webtest.Env
	resp = webtest.Resp
)

func engines(t *testing.T, fn func(t *testing.T, e *env)) { webtest.Engines(t, fn) }

func newAppEnv(t *testing.T, bare bool, engine string) *env { return webtest.New(t, bare, engine) }

func decodeJSON(t *testing.T, s string, v any) { webtest.DecodeJSON(t, s, v) }
