package newsroom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"broadsheet/internal/apperr"
	"broadsheet/internal/author"
	"broadsheet/internal/page"
	"broadsheet/internal/richtext"
	"broadsheet/internal/section"
	"broadsheet/internal/tag"
)

// SectionsPage lists the tree with a form to add a section.
type SectionsPage struct {
	Page
	Sections []*section.Section
	Section  *section.Section // being edited; nil on the list
	Form     section.Input
}

func (n *Newsroom) listSections(w http.ResponseWriter, r *http.Request) error {
	tree, err := n.Articles.Tree(r.Context())
	if err != nil {
		return err
	}
	sp := SectionsPage{Page: n.page(r, "Sections"), Sections: tree.All()}
	sp.Nav = "sections"
	return n.Render.Render(w, http.StatusOK, "newsroom/sections", sp)
}

func (n *Newsroom) editSection(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	tree, err := n.Articles.Tree(r.Context())
	if err != nil {
		return err
	}
	s := tree.ByID[id]
	if s == nil {
		return section.ErrNotFound
	}
	sp := SectionsPage{Page: n.page(r, "Edit section: "+s.Name), Sections: tree.All(), Section: s,
		Form: section.Input{Name: s.Name, Slug: s.Slug, Description: s.Description, ParentID: s.ParentID, Position: s.Position}}
	sp.Nav = "sections"
	return n.Render.Render(w, http.StatusOK, "newsroom/section", sp)
}

func (n *Newsroom) saveSection(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r, "id"); err != nil {
			return err
		}
	}
	tree, err := n.Articles.Tree(ctx)
	if err != nil {
		return err
	}
	old := tree.ByID[id]
	if id != 0 && old == nil {
		return section.ErrNotFound
	}
	in := section.Input{Name: r.PostFormValue("name"), Slug: r.PostFormValue("slug"), Description: r.PostFormValue("description")}
	v := &apperr.Validation{}
	var ok bool
	if in.ParentID, ok = formInt(r, "parent"); !ok {
		v.Add("parent", "Choose a parent from the list.")
	}
	pos, perr := strconv.Atoi(strings.TrimSpace(r.PostFormValue("position")))
	if r.PostFormValue("position") != "" && (perr != nil || pos < 0 || pos > 10000) {
		v.Add("position", "Use a whole number from 0 to 10000.")
	}
	in.Position = pos
	if len(v.Fields) == 0 {
		if err := in.Validate(tree, id); err != nil {
			if !errors.As(err, &v) {
				return err
			}
		}
	}
	if len(v.Fields) == 0 {
		if msg, err := n.addressTaken(ctx, in); err != nil {
			return err
		} else if msg != "" {
			v.Add("slug", msg)
		}
	}
	var newID int64
	if len(v.Fields) == 0 {
		newID, err = n.Store.SaveSection(ctx, id, in)
		if fv, isV := apperr.AsValidation(err); isV {
			v = fv
		} else if err != nil {
			return err
		}
	}
	if len(v.Fields) > 0 {
		sp := SectionsPage{Page: n.page(r, "Sections"), Sections: tree.All(), Section: old, Form: in}
		sp.Nav, sp.Errors = "sections", v.Fields
		sp.ErrorMsg = "The section was not saved."
		tpl := "newsroom/sections"
		if old != nil {
			tpl = "newsroom/section"
		}
		return n.Render.Render(w, http.StatusUnprocessableEntity, tpl, sp)
	}
	if old != nil {
		if err := n.redirectMovedSection(ctx, tree, old); err != nil {
			return err
		}
	}
	n.audit(r, "section.save", fmt.Sprintf("section %d", newID), in.Name)
	http.Redirect(w, r, "/newsroom/sections?done=saved", http.StatusSeeOther)
	return nil
}

// addressTaken reports whether a section's new address would hide a static
// page (top level) or an article of the parent section.
func (n *Newsroom) addressTaken(ctx context.Context, in section.Input) (string, error) {
	var err error
	if in.ParentID == 0 {
		if _, err = n.Store.PageBySlug(ctx, in.Slug); err == nil {
			return "A static page already uses this address; choose another slug.", nil
		}
	} else if _, err = n.Store.ArticleBySlug(ctx, in.ParentID, in.Slug); err == nil {
		return "An article in the parent section already uses this address; choose another slug.", nil
	}
	if errors.Is(err, apperr.NotFound) {
		return "", nil
	}
	return "", err
}

// redirectMovedSection leaves 301s behind when a section's path changes: for the
// section, its subsections and every published article below it.
func (n *Newsroom) redirectMovedSection(ctx context.Context, before *section.Tree, old *section.Section) error {
	after, err := n.Articles.Tree(ctx)
	if err != nil {
		return err
	}
	moved := after.ByID[old.ID]
	if moved == nil || moved.Path == old.Path {
		return nil
	}
	// Old section paths are enough: the reader site finds an old article
	// address through its section's redirect, however many articles there are.
	secPaths := map[int64]string{}
	for _, id := range old.Subtree() {
		secPaths[id] = "/" + before.ByID[id].Path
	}
	return n.Store.AddSectionRedirects(ctx, secPaths, nil)
}

func (n *Newsroom) deleteSection(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := n.Store.DeleteSection(r.Context(), id); errors.Is(err, apperr.Conflict) {
		tree, terr := n.Articles.Tree(r.Context())
		if terr != nil {
			return terr
		}
		s := tree.ByID[id]
		sp := SectionsPage{Page: n.page(r, "Edit section: "+s.Name), Sections: tree.All(), Section: s,
			Form: section.Input{Name: s.Name, Slug: s.Slug, Description: s.Description, ParentID: s.ParentID, Position: s.Position}}
		sp.Nav, sp.ErrorMsg = "sections", "This section still holds articles or subsections: move or delete them first, then delete the section."
		return n.Render.Render(w, http.StatusConflict, "newsroom/section", sp)
	} else if err != nil {
		return err
	}
	n.audit(r, "section.delete", fmt.Sprintf("section %d", id), "")
	http.Redirect(w, r, "/newsroom/sections?done=deleted", http.StatusSeeOther)
	return nil
}

// TagsPage lists tags.
type TagsPage struct {
	Page
	Tags []tag.Tag
}

func (n *Newsroom) listTags(w http.ResponseWriter, r *http.Request) error {
	tags, err := n.Store.Tags(r.Context())
	if err != nil {
		return err
	}
	tp := TagsPage{Page: n.page(r, "Tags"), Tags: tags}
	tp.Nav = "tags"
	return n.Render.Render(w, http.StatusOK, "newsroom/tags", tp)
}

func (n *Newsroom) renameTag(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	names, err := tag.CleanNames([]string{r.PostFormValue("name")})
	if err == nil && len(names) != 1 {
		err = apperr.FieldError("name", "Enter a name.")
	}
	if err != nil {
		return err
	}
	keep, err := n.Store.RenameTag(r.Context(), id, names[0])
	if err != nil {
		return err
	}
	detail := names[0]
	if keep != id {
		detail = fmt.Sprintf("%s (merged into tag %d)", names[0], keep)
	}
	n.audit(r, "tag.rename", fmt.Sprintf("tag %d", id), detail)
	http.Redirect(w, r, "/newsroom/tags?done=saved", http.StatusSeeOther)
	return nil
}

func (n *Newsroom) deleteTag(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := n.Store.DeleteTag(r.Context(), id); err != nil {
		return err
	}
	n.audit(r, "tag.delete", fmt.Sprintf("tag %d", id), "")
	http.Redirect(w, r, "/newsroom/tags?done=deleted", http.StatusSeeOther)
	return nil
}

// AuthorsPage lists authors; AuthorPage edits one.
type AuthorsPage struct {
	Page
	Authors []author.Author
}

// AuthorPage edits an author profile.
type AuthorPage struct {
	Page
	Author author.Author
	Links  string
}

func (n *Newsroom) listAuthors(w http.ResponseWriter, r *http.Request) error {
	as, err := n.Store.Authors(r.Context())
	if err != nil {
		return err
	}
	ap := AuthorsPage{Page: n.page(r, "Authors"), Authors: as}
	ap.Nav = "authors"
	return n.Render.Render(w, http.StatusOK, "newsroom/authors", ap)
}

func (n *Newsroom) editAuthor(w http.ResponseWriter, r *http.Request) error {
	var a author.Author
	if r.PathValue("id") != "new" {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if a, err = n.Store.Author(r.Context(), id); err != nil {
			return err
		}
	}
	ap := AuthorPage{Page: n.page(r, "Author"), Author: a, Links: strings.Join(a.Links, "\n")}
	ap.Nav = "authors"
	return n.Render.Render(w, http.StatusOK, "newsroom/author", ap)
}

func (n *Newsroom) saveAuthor(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var a author.Author
	if r.PathValue("id") != "new" {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if a, err = n.Store.Author(ctx, id); err != nil {
			return err
		}
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(16 << 20); err != nil {
			return apperr.FieldError("photo", "The upload was too large.")
		}
	}
	a.Name, a.Slug, a.Bio = r.FormValue("name"), r.FormValue("slug"), r.FormValue("bio")
	links := r.FormValue("links")
	a.Links = strings.Split(strings.ReplaceAll(links, "\r", ""), "\n")
	err := a.Validate()
	if err == nil {
		if f, hdr, ferr := r.FormFile("photo"); ferr == nil {
			m, perr := n.Media.Process(r.Context(), f, hdr.Filename)
			f.Close()
			if perr != nil {
				err = perr
			} else {
				m.Alt = "Portrait of " + a.Name
				if err = n.saveMedia(r, &m); err == nil {
					a.PhotoMediaID = m.ID
				}
			}
		}
	}
	if err == nil {
		err = n.Store.SaveAuthor(ctx, &a)
	}
	if v, ok := apperr.AsValidation(err); ok {
		ap := AuthorPage{Page: n.page(r, "Author"), Author: a, Links: links}
		ap.Nav, ap.Errors, ap.ErrorMsg = "authors", v.Fields, "The author was not saved."
		return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/author", ap)
	}
	if err != nil {
		return err
	}
	n.audit(r, "author.save", fmt.Sprintf("author %d", a.ID), a.Name)
	http.Redirect(w, r, "/newsroom/authors?done=saved", http.StatusSeeOther)
	return nil
}

// PagesPage lists static pages; PagePage edits one.
type PagesPage struct {
	Page
	Pages []page.Page
}

// PagePage edits a static page.
type PagePage struct {
	Page
	Item     page.Page
	BodyHTML string
}

func (n *Newsroom) listPages(w http.ResponseWriter, r *http.Request) error {
	ps, err := n.Store.Pages(r.Context())
	if err != nil {
		return err
	}
	pp := PagesPage{Page: n.page(r, "Pages"), Pages: ps}
	pp.Nav = "pages"
	return n.Render.Render(w, http.StatusOK, "newsroom/pages", pp)
}

func (n *Newsroom) editPage(w http.ResponseWriter, r *http.Request) error {
	var p page.Page
	if r.PathValue("id") != "new" {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if p, err = n.Store.Page(r.Context(), id); err != nil {
			return err
		}
	}
	pp := PagePage{Page: n.page(r, "Page"), Item: p, BodyHTML: string(richtext.Render(p.Body, richtext.Options{Editor: true}))}
	pp.Nav = "pages"
	return n.Render.Render(w, http.StatusOK, "newsroom/page", pp)
}

func (n *Newsroom) savePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var p page.Page
	if r.PathValue("id") != "new" {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if p, err = n.Store.Page(ctx, id); err != nil {
			return err
		}
	}
	body := r.PostFormValue("body_html")
	p.Title, p.Slug, p.Body = r.PostFormValue("title"), r.PostFormValue("slug"), richtext.FromHTML(body)
	tree, err := n.Articles.Tree(ctx)
	if err != nil {
		return err
	}
	err = p.Validate(tree)
	if err == nil {
		err = n.Store.SavePage(ctx, &p)
	}
	if v, ok := apperr.AsValidation(err); ok {
		pp := PagePage{Page: n.page(r, "Page"), Item: p, BodyHTML: body}
		pp.Nav, pp.Errors, pp.ErrorMsg = "pages", v.Fields, "The page was not saved."
		return n.Render.Render(w, http.StatusUnprocessableEntity, "newsroom/page", pp)
	}
	if err != nil {
		return err
	}
	n.audit(r, "page.save", fmt.Sprintf("page %d", p.ID), p.Title)
	http.Redirect(w, r, "/newsroom/pages?done=saved", http.StatusSeeOther)
	return nil
}

func (n *Newsroom) deletePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := n.Store.DeletePage(r.Context(), id); err != nil {
		return err
	}
	n.audit(r, "page.delete", fmt.Sprintf("page %d", id), "")
	http.Redirect(w, r, "/newsroom/pages?done=deleted", http.StatusSeeOther)
	return nil
}
