package newsroom

import (
	"fmt"
	"net/http"

	"broadsheet/internal/apperr"
	"broadsheet/internal/contact"
	"broadsheet/internal/user"
)

// MessagesPage is the inbox of the Contact and Advertise forms.
type MessagesPage struct {
	Page
	Messages []contact.Message
	Status   string
}

// ContactMessagePage is one message.
type ContactMessagePage struct {
	Page
	M contact.Message
}

func (n *Newsroom) messageRoutes(mux *http.ServeMux, need func(user.Permission, handler) http.Handler) {
	mux.Handle("GET /newsroom/messages", need(user.ModerateComments, n.listMessages))
	mux.Handle("GET /newsroom/messages/{id}", need(user.ModerateComments, n.showMessage))
	mux.Handle("POST /newsroom/messages/{id}", need(user.ModerateComments, n.setMessageStatus))
}

func (n *Newsroom) listMessages(w http.ResponseWriter, r *http.Request) error {
	p := MessagesPage{Page: n.page(r, "Messages"), Status: r.URL.Query().Get("status")}
	p.Nav = "messages"
	switch p.Status {
	case "":
		p.Status = string(contact.New)
	case string(contact.New), string(contact.Done), "all":
	default:
		return apperr.NotFound
	}
	filter := contact.Status(p.Status)
	if p.Status == "all" {
		filter = ""
	}
	var err error
	if p.Messages, err = n.Store.ContactMessages(r.Context(), filter, 200); err != nil {
		return err
	}
	return n.Render.Render(w, http.StatusOK, "newsroom/messages", p)
}

func (n *Newsroom) showMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := n.Store.ContactMessage(r.Context(), id)
	if err != nil {
		return err
	}
	p := ContactMessagePage{Page: n.page(r, m.Kind.Label()+" message"), M: m}
	p.Nav = "messages"
	return n.Render.Render(w, http.StatusOK, "newsroom/contact-message", p)
}

func (n *Newsroom) setMessageStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	status := contact.Status(r.PostFormValue("status"))
	if err := n.Store.SetContactStatus(r.Context(), id, status); err != nil {
		return err
	}
	n.audit(r, "message."+string(status), fmt.Sprintf("message %d", id), "")
	http.Redirect(w, r, "/newsroom/messages?done=saved", http.StatusSeeOther)
	return nil
}
