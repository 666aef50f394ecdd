package cli

import "broadsheet/internal/store"

func auditCLI(userID int64, action, detail string) store.AuditEntry {
	return store.AuditEntry{UserID: userID, Action: action, Target: "cli", Detail: detail, IP: "shell"}
}
