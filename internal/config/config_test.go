package config

import (
	"flag"
	"strings"
	"testing"
)

func TestLoadPrecedence(t *testing.T) {
	env := map[string]string{"BROADSHEET_ADDR": "127.0.0.1:9000", "BROADSHEET_DATA": "/srv/news", "BROADSHEET_DEMO": "yes"}
	c, _, err := Load([]string{"--addr", "127.0.0.1:9100"}, func(k string) string { return env[k] }, flag.NewFlagSet("t", flag.ContinueOnError))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9100" || c.Data != "/srv/news" || !c.Demo || c.BaseURL != "http://127.0.0.1:9100" {
		t.Fatalf("%+v", c)
	}
	c, _, err = Load([]string{"--demo", "--data", "x"}, func(string) string { return "" }, flag.NewFlagSet("t", flag.ContinueOnError))
	if err != nil || !c.Demo || c.Data != "x" {
		t.Fatalf("bare --demo: %v %+v", err, c)
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	_, _, err := Load([]string{"--addr", "nowhere", "--database", "mysql://x", "--log-level", "loud", "--shutdown-timeout", "soon", "--demo=maybe"},
		func(string) string { return "" }, flag.NewFlagSet("t", flag.ContinueOnError))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, f := range []string{"--addr", "--database", "--log-level", "--shutdown-timeout", "--demo"} {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("no message for %s in %v", f, err)
		}
	}
}
