package newsroom

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

func urlQuery(s string) string { return url.QueryEscape(s) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// safeNext accepts only newsroom paths as a place to return to after sign-in.
func safeNext(s string) string {
	if strings.HasPrefix(s, "/newsroom") && !strings.HasPrefix(s, "//") && !strings.ContainsAny(s, "\\\r\n") {
		return s
	}
	return "/newsroom"
}

func formInt(r *http.Request, name string) (int64, bool) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n >= 0
}

func formInts(r *http.Request, name string) ([]int64, bool) {
	var out []int64
	for _, v := range r.PostForm[name] {
		if strings.TrimSpace(v) == "" {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n <= 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}
