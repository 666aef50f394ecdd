package internal_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportDirection keeps the layering: domain packages never import the
// store or the web layer, and the store never imports the web layer.
func TestImportDirection(t *testing.T) {
	domain := []string{"apperr", "article", "author", "config", "media", "page", "richtext", "section", "setting", "slug", "tag", "user", "demo"}
	forbidden := map[string][]string{}
	for _, d := range domain {
		forbidden["broadsheet/internal/"+d] = []string{"broadsheet/internal/store", "broadsheet/internal/web", "broadsheet/internal/app", "broadsheet/internal/jobs", "net/http"}
	}
	forbidden["broadsheet/internal/store"] = []string{"broadsheet/internal/web", "broadsheet/internal/app", "net/http"}
	forbidden["broadsheet/internal/jobs"] = []string{"broadsheet/internal/web", "broadsheet/internal/app"}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		deps := strings.Fields(string(out))
		for _, d := range deps {
			for _, b := range bad {
				if d == b || strings.HasPrefix(d, b+"/") {
					t.Errorf("%s imports %s", pkg, d)
				}
			}
		}
	}
}
