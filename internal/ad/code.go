package ad

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"golang.org/x/net/html"
)

// ScriptHashes returns the CSP hash sources ("sha256-...") of the inline
// scripts in an ad network's markup, so that its frame's policy allows
// exactly those and no other inline script.
func ScriptHashes(code string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(code))
	inScript := false
	var body strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			inScript = string(name) == "script"
			body.Reset()
			if inScript && hasAttr {
				for {
					k, _, more := z.TagAttr()
					if string(k) == "src" {
						inScript = false // loaded from a host, allowed by name
					}
					if !more {
						break
					}
				}
			}
		case html.TextToken:
			if inScript {
				body.Write(z.Raw())
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "script" && inScript {
				sum := sha256.Sum256([]byte(body.String()))
				out = append(out, "sha256-"+base64.StdEncoding.EncodeToString(sum[:]))
				inScript = false
			}
		}
	}
}
