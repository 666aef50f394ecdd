package cli

import (
	"broadsheet/internal/audit"
)

func auditCLI(userID int64, action, detail string) audit.Entry {
	return audit.Entry{UserID: userID, Action: action, Target: "cli", Detail: detail, IP: "shell"}
}
