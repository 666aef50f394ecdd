package cli

import (
	"context"
	"fmt"

	"broadsheet/internal/apperr"
	"broadsheet/internal/audit"
	"broadsheet/internal/author"
	"broadsheet/internal/slug"
	"broadsheet/internal/store"
)

func auditCLI(userID int64, action, detail string) audit.Entry {
	return audit.Entry{UserID: userID, Action: action, Target: "cli", Detail: detail, IP: "shell"}
}

// newAuthor creates an author profile named name, with a free slug; it returns
// 0 when the name makes no slug.
func newAuthor(ctx context.Context, st *store.Store, name string) (int64, error) {
	base := slug.Make(name)
	if base == "" {
		return 0, nil
	}
	for i := 1; i <= 50; i++ {
		a := author.Author{Name: name, Slug: base}
		if i > 1 {
			a.Slug = fmt.Sprintf("%s-%d", base, i)
		}
		if err := a.Validate(); err != nil {
			return 0, nil
		}
		err := st.SaveAuthor(ctx, &a)
		if err == nil {
			return a.ID, nil
		}
		if _, taken := apperr.AsValidation(err); !taken {
			return 0, err
		}
	}
	return 0, nil
}
