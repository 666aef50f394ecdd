package newsroom

import (
	"fmt"
	"net/http"

	"broadsheet/internal/user"
)

// AccountPage is a member of staff's own newsroom preferences; name, email
// and password live on the site's account page, shared with readers.
type AccountPage struct {
	Page
	Moderator bool
}

func (n *Newsroom) showAccount(w http.ResponseWriter, r *http.Request) error {
	u, _ := currentUser(r)
	ap := AccountPage{Page: n.page(r, "Your account"), Moderator: u.Can(user.ModerateComments)}
	ap.Nav = "account"
	return n.Render.Render(w, http.StatusOK, "newsroom/account", ap)
}

func (n *Newsroom) saveAccount(w http.ResponseWriter, r *http.Request) error {
	u, _ := currentUser(r)
	u.NotifyComments = r.PostFormValue("notify_comments") == "1" && u.Can(user.ModerateComments)
	if err := n.Store.SetUserNotify(r.Context(), u.ID, u.NotifyComments); err != nil {
		return err
	}
	n.audit(r, "account.notices", fmt.Sprintf("user %d", u.ID), fmt.Sprintf("comment notices=%v", u.NotifyComments))
	http.Redirect(w, r, "/newsroom/account?done=saved", http.StatusSeeOther)
	return nil
}
