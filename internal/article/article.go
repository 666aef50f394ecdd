// Package article owns articles: their fields and limits, the editorial
// workflow (draft, submitted, scheduled, published, unpublished), who may do
// what to which article, revisions and the redirects left behind when an
// article moves. It must not import store or web.
package article

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"broadsheet/internal/apperr"
	"broadsheet/internal/author"
	"broadsheet/internal/richtext"
	"broadsheet/internal/section"
	"broadsheet/internal/slug"
	"broadsheet/internal/tag"
	"broadsheet/internal/user"
)

// ErrNotFound is returned when no article matches.
var ErrNotFound = fmt.Errorf("article: %w", apperr.NotFound)

// ErrSlugTaken is returned by a store when the section already has the slug.
var ErrSlugTaken = fmt.Errorf("article: slug taken: %w", apperr.Conflict)

// Status is a step of the workflow.
type Status string

const (
	Draft       Status = "draft"
	Submitted   Status = "submitted" // waiting for an editor's review
	Scheduled   Status = "scheduled" // publishes itself at PublishAt
	Published   Status = "published"
	Unpublished Status = "unpublished"
)

// Statuses in workflow order.
var Statuses = []Status{Draft, Submitted, Scheduled, Published, Unpublished}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Label is the status for people.
func (s Status) Label() string {
	switch s {
	case Submitted:
		return "Submitted for review"
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// Article is a story.
type Article struct {
	ID          int64
	Headline    string
	Standfirst  string
	Slug        string
	SectionID   int64
	Section     *section.Section // filled from the tree; nil if none
	Body        richtext.Doc
	Credit      string
	Tags        []tag.Tag
	Authors     []author.Author
	HeroMediaID int64
	HeroURL     string // filled from the media row
	HeroVersion string // ... as is the version of its variants
	HeroWidth   int
	HeroHeight  int
	HeroCaption string
	HeroCredit  string
	HeroAlt     string
	Status      Status
	PublishAt   time.Time // when a scheduled article goes out
	PublishedAt time.Time // first publication
	UpdatedAt   time.Time
	CreatedAt   time.Time
	Correction  string
	CreatedBy   int64
	Comments    int // approved comments
	// CommentsClosed: an editor closed the comments.
	CommentsClosed bool
	// BreakingUntil is when the article stops being breaking news (zero if
	// it never was); while it is ahead and the article is published, the
	// reader site shows it in a bar.
	BreakingUntil time.Time
	// Related are the stories an editor pinned as related, in order (loaded
	// with a single article, not with lists).
	Related []int64
}

// Breaking reports whether the article is breaking news at now.
func (a *Article) Breaking(now time.Time) bool {
	return a.Status == Published && now.Before(a.BreakingUntil)
}

// URL is the article's canonical path, or "" while it has no section.
func (a *Article) URL() string {
	if a.Section == nil {
		return ""
	}
	return "/" + a.Section.Path + "/" + a.Slug
}

// IsPublic reports whether readers may see it.
func (a *Article) IsPublic() bool { return a.Status == Published }

// AuthorNames lists the byline names.
func (a *Article) AuthorNames() []string {
	names := make([]string, len(a.Authors))
	for i, au := range a.Authors {
		names[i] = au.Name
	}
	return names
}

// TagNames lists the tag names.
func (a *Article) TagNames() []string {
	names := make([]string, len(a.Tags))
	for i, t := range a.Tags {
		names[i] = t.Name
	}
	return names
}

// Input is what the newsroom form or the API gives to create or change an article.
type Input struct {
	Headline    string
	Standfirst  string
	Slug        string
	SectionID   int64
	Body        richtext.Doc
	Credit      string
	Tags        []string
	AuthorIDs   []int64
	HeroMediaID int64
	HeroCaption string
	HeroCredit  string
	HeroAlt     string
	Correction  string
	Status      Status
	PublishAt   time.Time
	// Related are the stories pinned as related, in order.
	Related []int64
}

// FromArticle fills an Input with an article's current values.
func FromArticle(a *Article) Input {
	in := Input{Headline: a.Headline, Standfirst: a.Standfirst, Slug: a.Slug, SectionID: a.SectionID,
		Body: a.Body, Credit: a.Credit, Tags: a.TagNames(), HeroMediaID: a.HeroMediaID, HeroCaption: a.HeroCaption,
		HeroCredit: a.HeroCredit, HeroAlt: a.HeroAlt, Correction: a.Correction, Status: a.Status, PublishAt: a.PublishAt,
		Related: a.Related}
	for _, au := range a.Authors {
		in.AuthorIDs = append(in.AuthorIDs, au.ID)
	}
	return in
}

// Field limits.
const (
	MaxHeadline   = 200
	MaxStandfirst = 600
	MaxCredit     = 100
	MaxCaption    = 500
	MaxCorrection = 1000
	MaxAuthors    = 10
	MaxRelated    = 6
)

// validate checks the fields; draft relaxes what is needed before review.
func (in *Input) validate(tree *section.Tree, now time.Time) error {
	v := &apperr.Validation{}
	in.Headline = oneLine(in.Headline)
	in.Standfirst = oneLine(in.Standfirst)
	in.Credit = oneLine(in.Credit)
	in.HeroCaption = oneLine(in.HeroCaption)
	in.HeroCredit = oneLine(in.HeroCredit)
	in.HeroAlt = oneLine(in.HeroAlt)
	in.Correction = strings.TrimSpace(in.Correction)
	in.Slug = strings.TrimSpace(in.Slug)
	if !in.Status.Valid() {
		v.Add("status", "Choose a valid status.")
	}
	switch {
	case in.Headline == "" && in.Status != Draft:
		v.Add("headline", "Enter a headline.")
	case utf8.RuneCountInString(in.Headline) > MaxHeadline:
		v.Add("headline", fmt.Sprintf("Use at most %d characters.", MaxHeadline))
	}
	if utf8.RuneCountInString(in.Standfirst) > MaxStandfirst {
		v.Add("standfirst", fmt.Sprintf("Use at most %d characters.", MaxStandfirst))
	}
	if in.Slug == "" {
		in.Slug = slug.Make(in.Headline)
		if in.Slug == "" && in.Headline != "" {
			in.Slug = "story"
		}
	}
	if in.Slug == "" && in.Status != Draft {
		v.Add("slug", "Enter an address for the article.")
	}
	if in.Slug != "" && !slug.Valid(in.Slug) {
		v.Add("slug", "Use lower-case letters, digits and hyphens, such as flood-warning-issued.")
	}
	if in.SectionID == 0 {
		if in.Status != Draft {
			v.Add("section", "Choose a section.")
		}
	} else if tree.ByID[in.SectionID] == nil {
		v.Add("section", "Choose an existing section.")
	} else if s := tree.ByID[in.SectionID]; in.Slug != "" && tree.ByPath[s.Path+"/"+in.Slug] != nil {
		v.Add("slug", "A subsection already uses this address; choose another slug.")
	}
	if utf8.RuneCountInString(in.Credit) > MaxCredit {
		v.Add("credit", fmt.Sprintf("Use at most %d characters.", MaxCredit))
	}
	for _, f := range []struct{ name, val string }{{"hero_caption", in.HeroCaption}, {"hero_credit", in.HeroCredit}, {"hero_alt", in.HeroAlt}} {
		if utf8.RuneCountInString(f.val) > MaxCaption {
			v.Add(f.name, fmt.Sprintf("Use at most %d characters.", MaxCaption))
		}
	}
	if in.HeroMediaID != 0 && in.HeroAlt == "" && in.Status != Draft {
		v.Add("hero_alt", "Describe the picture for readers who cannot see it.")
	}
	if in.Status != Draft {
		missing := 0
		for _, b := range in.Body.Blocks {
			if b.Type == richtext.Image && strings.TrimSpace(b.Alt) == "" {
				missing++
			}
		}
		switch {
		case missing == 1:
			v.Add("body", "A picture in the body has no description for readers who cannot see it: double-click it to add one.")
		case missing > 1:
			v.Add("body", fmt.Sprintf("%d pictures in the body have no description for readers who cannot see them: double-click each to add one.", missing))
		}
	}
	if utf8.RuneCountInString(in.Correction) > MaxCorrection {
		v.Add("correction", fmt.Sprintf("Use at most %d characters.", MaxCorrection))
	}
	tags, err := tag.CleanNames(in.Tags)
	if err != nil {
		if fv, ok := apperr.AsValidation(err); ok {
			f, m := fv.First()
			v.Add(f, m)
		}
	} else {
		in.Tags = tags
	}
	switch in.AuthorIDs = positiveOnce(in.AuthorIDs); {
	case len(in.AuthorIDs) > MaxAuthors:
		v.Add("authors", fmt.Sprintf("Use at most %d authors.", MaxAuthors))
	case len(in.AuthorIDs) == 0 && (in.Status == Published || in.Status == Scheduled):
		v.Add("authors", "Choose who wrote the story: a published story needs a byline.")
	}
	if in.Related = positiveOnce(in.Related); len(in.Related) > MaxRelated {
		v.Add("related", fmt.Sprintf("Pin at most %d related stories.", MaxRelated))
	}
	if in.Status == Scheduled {
		if in.PublishAt.IsZero() {
			v.Add("publish_at", "Choose when the article should be published.")
		} else if !in.PublishAt.After(now) {
			v.Add("publish_at", "Choose a time in the future, or publish now.")
		}
	}
	if in.Status != Draft && in.Body.Empty() {
		v.Add("body", "Write the article before submitting or publishing it.")
	}
	return v.Err()
}

// positiveOnce keeps the positive ids, each once, in their order.
func positiveOnce(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// CanEdit reports whether u may change a.
func CanEdit(u user.User, a *Article) bool {
	if u.Can(user.EditAny) {
		return true
	}
	if u.Disabled || a.CreatedBy != u.ID || u.ID == 0 {
		return false
	}
	if u.Role == user.Contributor {
		// Once an editor takes a contributor's piece live, only editors change it.
		return a.Status == Draft || a.Status == Submitted || a.Status == Unpublished
	}
	return u.Role.AtLeast(user.Author)
}

// CanSetStatus reports whether u may move a (as it is now) to status to.
func CanSetStatus(u user.User, a *Article, to Status) bool {
	if !CanEdit(u, a) {
		return false
	}
	switch to {
	case Draft, Submitted:
		// Taking a live article down is unpublishing.
		if a.Status == Published || a.Status == Scheduled {
			return canPublish(u, a)
		}
		return true
	case Scheduled, Published, Unpublished:
		return canPublish(u, a)
	}
	return false
}

func canPublish(u user.User, a *Article) bool {
	return u.Can(user.PublishAny) || (u.Can(user.PublishOwn) && a.CreatedBy == u.ID)
}

// Revision is a saved state of an article.
type Revision struct {
	ID        int64
	ArticleID int64
	UserID    int64
	UserName  string
	Autosave  bool
	CreatedAt time.Time
	Snapshot  Snapshot
}

// Snapshot is what a revision keeps: the editable fields.
type Snapshot struct {
	Headline    string       `json:"headline"`
	Standfirst  string       `json:"standfirst"`
	Slug        string       `json:"slug"`
	SectionID   int64        `json:"section_id"`
	Body        richtext.Doc `json:"body"`
	Credit      string       `json:"credit"`
	Tags        []string     `json:"tags"`
	AuthorIDs   []int64      `json:"author_ids"`
	HeroMediaID int64        `json:"hero_media_id"`
	HeroCaption string       `json:"hero_caption"`
	HeroCredit  string       `json:"hero_credit"`
	HeroAlt     string       `json:"hero_alt"`
	Correction  string       `json:"correction"`
	Status      Status       `json:"status"`
	Related     []int64      `json:"related,omitempty"`
}

func snapshotOf(in Input) Snapshot {
	return Snapshot{Headline: in.Headline, Standfirst: in.Standfirst, Slug: in.Slug, SectionID: in.SectionID,
		Body: in.Body, Credit: in.Credit, Tags: in.Tags, AuthorIDs: in.AuthorIDs, HeroMediaID: in.HeroMediaID,
		HeroCaption: in.HeroCaption, HeroCredit: in.HeroCredit, HeroAlt: in.HeroAlt, Correction: in.Correction, Status: in.Status, Related: in.Related}
}

// Input turns a snapshot back into an input (keeping status as given).
func (s Snapshot) Input(status Status) Input {
	return Input{Headline: s.Headline, Standfirst: s.Standfirst, Slug: s.Slug, SectionID: s.SectionID, Body: s.Body,
		Credit: s.Credit, Tags: s.Tags, AuthorIDs: s.AuthorIDs, HeroMediaID: s.HeroMediaID, HeroCaption: s.HeroCaption,
		HeroCredit: s.HeroCredit, HeroAlt: s.HeroAlt, Correction: s.Correction, Status: status, Related: s.Related}
}

// SearchCountCap is where counting a search's matches stops: a count above
// it means "more than SearchCountCap" (a reader pages through at most that
// many anyway).
const SearchCountCap = 1000

// Filter selects articles for a list.
type Filter struct {
	// IDs limits the list to these articles.
	IDs        []int64
	Statuses   []Status
	SectionIDs []int64
	TagID      int64
	AuthorID   int64
	CreatedBy  int64
	// From and To bound the publication (or creation) time: From <= t < To.
	From, To   time.Time
	ExcludeIDs []int64
	Limit      int
	Offset     int
	// Cursor: only articles strictly after this position in (sort time desc, id desc).
	AfterTime time.Time
	AfterID   int64
	// Newer reverses the cursor: articles strictly before the position, oldest first.
	Newer bool
	// WithBody loads the bodies too; lists of teasers leave them out.
	WithBody bool
}

// Return is an editor's note sending a submitted story back to its writer;
// it stays open until the story is submitted again.
type Return struct {
	ArticleID int64
	Headline  string // the story's, for lists
	Note      string
	By        string // the editor's name
	At        time.Time
}

// MaxReturnNote is the longest note an editor may send.
const MaxReturnNote = 2000

// ErrNotSubmitted is returned when a story to send back is not waiting for
// review.
var ErrNotSubmitted = fmt.Errorf("article: not submitted for review: %w", apperr.Conflict)
