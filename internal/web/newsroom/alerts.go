package newsroom

import (
	"net/http"

	"broadsheet/internal/alert"
	"broadsheet/internal/user"
)

// AlertsPage is the news alerts' sending report.
type AlertsPage struct {
	Page
	Counts alert.Counts
	Sends  []alert.Send
}

func (n *Newsroom) alertRoutes(mux *http.ServeMux, need func(user.Permission, handler) http.Handler) {
	mux.Handle("GET /newsroom/alerts", need(user.PublishAny, n.showAlerts))
}

func (n *Newsroom) showAlerts(w http.ResponseWriter, r *http.Request) error {
	p := AlertsPage{Page: n.page(r, "News alerts")}
	p.Nav = "alerts"
	var err error
	if p.Counts, err = n.Store.CountAlertSubscriptions(r.Context()); err != nil {
		return err
	}
	if p.Sends, err = n.Store.AlertSends(r.Context(), 50); err != nil {
		return err
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/alerts", p)
}
