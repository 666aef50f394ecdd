package store

import (
	"context"
	"database/sql"
	"fmt"

	"broadsheet/internal/apperr"
	"broadsheet/internal/contact"
)

// CreateContactMessage keeps a message from the Contact or Advertise form.
func (s *Store) CreateContactMessage(ctx context.Context, m *contact.Message) error {
	id, err := insertID(ctx, s.w.QueryRowContext, s.d.rebind(`INSERT INTO contact_messages (kind, name, email, company, subject, body, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), string(m.Kind), m.Name, m.Email, m.Company, m.Subject, m.Body, string(contact.New), micro(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: contact message: %w", err)
	}
	m.ID, m.Status = id, contact.New
	return nil
}

const contactCols = "id, kind, name, email, company, subject, body, status, created_at"

func scanContact(sc interface{ Scan(...any) error }) (contact.Message, error) {
	var m contact.Message
	var kind, status string
	var at sql.NullInt64
	err := sc.Scan(&m.ID, &kind, &m.Name, &m.Email, &m.Company, &m.Subject, &m.Body, &status, &at)
	m.Kind, m.Status, m.CreatedAt = contact.Kind(kind), contact.Status(status), fromMicro(at)
	return m, err
}

// ContactMessages lists messages, newest first: of one status, or all ("").
func (s *Store) ContactMessages(ctx context.Context, status contact.Status, limit int) ([]contact.Message, error) {
	where, args := "", []any{}
	if status != "" {
		where, args = " WHERE status = ?", append(args, string(status))
	}
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	rows, err := s.query(ctx, "SELECT "+contactCols+" FROM contact_messages"+where+" ORDER BY id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []contact.Message
	for rows.Next() {
		m, err := scanContact(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ContactMessage returns one message.
func (s *Store) ContactMessage(ctx context.Context, id int64) (contact.Message, error) {
	m, err := scanContact(s.row(ctx, "SELECT "+contactCols+" FROM contact_messages WHERE id = ?", id))
	if err != nil {
		return m, fmt.Errorf("store: contact message %d: %w", id, notFound(err, contact.ErrNotFound))
	}
	return m, nil
}

// SetContactStatus marks a message dealt with, or new again.
func (s *Store) SetContactStatus(ctx context.Context, id int64, status contact.Status) error {
	if status != contact.New && status != contact.Done {
		return apperr.FieldError("status", "Choose new or done.")
	}
	return deleted(s.exec(ctx, "UPDATE contact_messages SET status = ? WHERE id = ?", string(status), id))(contact.ErrNotFound)
}

// CountNewContactMessages counts the messages nobody has dealt with.
func (s *Store) CountNewContactMessages(ctx context.Context) (int, error) {
	var n int
	err := s.row(ctx, "SELECT COUNT(*) FROM contact_messages WHERE status = 'new'").Scan(&n)
	return n, err
}
