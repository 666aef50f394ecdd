package middleware

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestRealIP(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32")}
	var got string
	h := RealIP(trusted, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.RemoteAddr }))
	for _, c := range []struct {
		peer, xff []string
		want      string
	}{
		{[]string{"10.1.2.3:5000"}, []string{"203.0.113.9"}, "203.0.113.9:0"},                         // through the proxy
		{[]string{"10.1.2.3:5000"}, []string{"198.51.100.1, 203.0.113.9, 10.0.0.7"}, "203.0.113.9:0"}, // the nearest untrusted hop
		{[]string{"10.1.2.3:5000"}, []string{"198.51.100.1", "203.0.113.9"}, "203.0.113.9:0"},         // several headers
		{[]string{"192.0.2.5:5000"}, []string{"203.0.113.9"}, "192.0.2.5:5000"},                       // not from a proxy: believed not
		{[]string{"10.1.2.3:5000"}, []string{"not-an-address, 203.0.113.9"}, "203.0.113.9:0"},         // the nearest is fine
		{[]string{"10.1.2.3:5000"}, []string{"203.0.113.9, junk"}, "10.1.2.3:5000"},                   // junk nearest: nothing believed
		{[]string{"10.1.2.3:5000"}, nil, "10.1.2.3:5000"},                                             // no header
		{[]string{"127.0.0.1:5000"}, []string{"::ffff:203.0.113.9"}, "203.0.113.9:0"},                 // IPv4 in IPv6 form
		{[]string{"[2001:db8::1]:5000"}, []string{"203.0.113.9"}, "[2001:db8::1]:5000"},               // an IPv6 peer not trusted
		{[]string{"10.1.2.3:5000"}, []string{"10.9.9.9, 10.8.8.8"}, "10.1.2.3:5000"},                  // only proxies
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer[0]
		for _, x := range c.xff {
			r.Header.Add("X-Forwarded-For", x)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: %s; want %s", c.peer[0], c.xff, got, c.want)
		}
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr, got = "10.1.2.3:5000", ""
	r.Header.Set("X-Forwarded-For", "203.0.113.9")
	RealIP(nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.RemoteAddr })).ServeHTTP(httptest.NewRecorder(), r)
	if got != "10.1.2.3:5000" {
		t.Errorf("without trusted proxies: %s", got)
	}
}
