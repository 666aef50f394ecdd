package article

import (
	"broadsheet/internal/search"
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"broadsheet/internal/apperr"
	"broadsheet/internal/media"
	"broadsheet/internal/richtext"
	"broadsheet/internal/section"
	"broadsheet/internal/slug"
	"broadsheet/internal/user"
)

// Store is what the service needs from storage.
type Store interface {
	Sections(ctx context.Context) ([]section.Section, error)
	Article(ctx context.Context, id int64) (*Article, error)
	ArticleBySlug(ctx context.Context, sectionID int64, slug string) (*Article, error)
	Articles(ctx context.Context, f Filter) ([]*Article, error)
	SearchArticles(ctx context.Context, q search.Query, f Filter) ([]*Article, int, error)
	CountArticles(ctx context.Context, f Filter) (int, error)
	// SaveArticle writes the article (insert when a.ID == 0, setting it), its tags
	// and authors, the revision and any redirect, in one transaction.
	SaveArticle(ctx context.Context, a *Article, in Input, rev Revision, redirectFrom string) error
	Revisions(ctx context.Context, articleID int64) ([]Revision, error)
	Revision(ctx context.Context, id int64) (Revision, error)
	AuthorsExist(ctx context.Context, ids []int64) (bool, error)
	Media(ctx context.Context, id int64) (media.Media, error)
	SetBreaking(ctx context.Context, id int64, until time.Time) error
	ClaimBreakingAlert(ctx context.Context, id int64, at time.Time) (bool, error)
	// RelatedCandidates lists published stories sharing a tag with a (with
	// only what ranking needs: status, section, times, tag ids), and how
	// many stories use each of a's tags.
	RelatedCandidates(ctx context.Context, a *Article) ([]*Article, map[int64]int, error)
	// SendBack returns a submitted story to draft with a note, at once.
	SendBack(ctx context.Context, id, userID int64, note string, at time.Time) error
}

// Jobs schedules work for later.
type Jobs interface {
	Enqueue(ctx context.Context, kind string, payload any, runAt time.Time) error
	// EnqueueOnce adds a job once per key, ever (while the job is kept).
	EnqueueOnce(ctx context.Context, kind, key string, payload any, runAt time.Time) (bool, error)
}

// JobBreaking is the job kind that sends an article's breaking-news alert;
// it is queued once per article, when the article is both published and
// breaking news, whatever happens to it afterwards.
const JobBreaking = "alert.breaking"

// BreakingPayload is the job's payload.
type BreakingPayload struct {
	ArticleID int64 `json:"article_id"`
}

// DefaultBreakingFor is how long an article stays breaking news when the
// settings do not say.
const DefaultBreakingFor = 6 * time.Hour

// JobPublish is the job kind that publishes a scheduled article.
const JobPublish = "article.publish"

// PublishPayload is the job's payload.
type PublishPayload struct {
	ArticleID int64 `json:"article_id"`
}

// Service applies the workflow and role rules around the store.
type Service struct {
	Store Store
	Jobs  Jobs
	Now   func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Tree loads the section tree.
func (s *Service) Tree(ctx context.Context) (*section.Tree, error) {
	rows, err := s.Store.Sections(ctx)
	if err != nil {
		return nil, err
	}
	return section.NewTree(rows), nil
}

// Get loads one article with its section filled in.
func (s *Service) Get(ctx context.Context, tree *section.Tree, id int64) (*Article, error) {
	a, err := s.Store.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	a.Section = tree.ByID[a.SectionID]
	return a, nil
}

// List loads articles with their sections filled in.
func (s *Service) List(ctx context.Context, tree *section.Tree, f Filter) ([]*Article, error) {
	as, err := s.Store.Articles(ctx, f)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		a.Section = tree.ByID[a.SectionID]
	}
	return as, nil
}

// Search finds the articles matching q and f's other conditions, best first,
// with their sections filled in, and how many there are in all.
func (s *Service) Search(ctx context.Context, tree *section.Tree, q search.Query, f Filter) ([]*Article, int, error) {
	as, total, err := s.Store.SearchArticles(ctx, q, f)
	if err != nil {
		return nil, 0, err
	}
	for _, a := range as {
		a.Section = tree.ByID[a.SectionID]
	}
	return as, total, nil
}

// ByAddress finds the article a reader-site address names: a full URL,
// a path such as /news/world/flood-warning, or the article's number.
func (s *Service) ByAddress(ctx context.Context, tree *section.Tree, addr string) (*Article, error) {
	addr = strings.TrimSpace(addr)
	if id, err := strconv.ParseInt(addr, 10, 64); err == nil && id > 0 {
		return s.Get(ctx, tree, id)
	}
	if u, err := url.Parse(addr); err == nil {
		addr = u.Path
	}
	p := strings.Trim(addr, "/")
	i := strings.LastIndexByte(p, '/')
	if i <= 0 || tree.ByPath[p[:i]] == nil {
		return nil, ErrNotFound
	}
	a, err := s.Store.ArticleBySlug(ctx, tree.ByPath[p[:i]].ID, p[i+1:])
	if err != nil {
		return nil, err
	}
	a.Section = tree.ByID[a.SectionID]
	return a, nil
}

// Related are up to n published stories to read after a: first those an
// editor pinned, in their order; then the stories sharing the most (and
// rarest) tags with it, nearest in time; then the newest of its section and
// of its top-level section. Never a itself, never one unpublished.
func (s *Service) Related(ctx context.Context, tree *section.Tree, a *Article, n int) ([]*Article, error) {
	published := []Status{Published}
	exclude := []int64{a.ID}
	var out []*Article
	add := func(as []*Article) {
		for _, x := range as {
			if len(out) < n && !slices.Contains(exclude, x.ID) && x.Status == Published {
				x.Section = tree.ByID[x.SectionID]
				out = append(out, x)
				exclude = append(exclude, x.ID)
			}
		}
	}
	if len(a.Related) > 0 {
		pinned, err := s.Store.Articles(ctx, Filter{IDs: a.Related, Statuses: published, Limit: len(a.Related)})
		if err != nil {
			return nil, err
		}
		for _, id := range a.Related {
			add(slices.DeleteFunc(slices.Clone(pinned), func(x *Article) bool { return x.ID != id }))
		}
	}
	if len(out) < n && len(a.Tags) > 0 {
		cands, uses, err := s.Store.RelatedCandidates(ctx, a)
		if err != nil {
			return nil, err
		}
		for _, c := range cands {
			c.Section = tree.ByID[c.SectionID]
		}
		var ids []int64
		for _, c := range RankRelated(a, cands, uses, n+len(exclude)) {
			ids = append(ids, c.ID)
		}
		if len(ids) > 0 { // the winners, whole, in their rank's order
			best, err := s.Store.Articles(ctx, Filter{IDs: ids, Statuses: published, Limit: len(ids)})
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				add(slices.DeleteFunc(slices.Clone(best), func(x *Article) bool { return x.ID != id }))
			}
		}
	}
	if a.Section == nil {
		return out, nil
	}
	for _, sec := range []*section.Section{a.Section, a.Section.Root()} {
		if len(out) >= n {
			break
		}
		more, err := s.Store.Articles(ctx, Filter{Statuses: published, SectionIDs: sec.Subtree(), ExcludeIDs: exclude, Limit: n - len(out)})
		if err != nil {
			return nil, err
		}
		add(more)
	}
	return out, nil
}

// SendBack returns a submitted story to its writer as a draft, with a note
// saying what to change (editors and admins); the note shows to the writer
// until they submit the story again.
func (s *Service) SendBack(ctx context.Context, actor user.User, id int64, note string) error {
	if !actor.Can(user.EditAny) {
		return fmt.Errorf("article %d: only editors send stories back: %w", id, apperr.Forbidden)
	}
	note = strings.TrimSpace(note)
	switch {
	case note == "":
		return apperr.FieldError("note", "Say what the writer should change.")
	case utf8.RuneCountInString(note) > MaxReturnNote:
		return apperr.FieldError("note", fmt.Sprintf("Use at most %d characters.", MaxReturnNote))
	case strings.ContainsRune(note, 0):
		return apperr.FieldError("note", "The note holds a character that cannot be kept; type it again.")
	}
	return s.Store.SendBack(ctx, id, actor.ID, note, s.now())
}

// Create makes a new article as actor.
func (s *Service) Create(ctx context.Context, actor user.User, in Input) (*Article, error) {
	if actor.ID == 0 || actor.Disabled {
		return nil, fmt.Errorf("article: create: %w", apperr.Unauthorized)
	}
	a := &Article{CreatedBy: actor.ID, Status: Draft}
	if len(in.AuthorIDs) == 0 && actor.AuthorID != 0 {
		in.AuthorIDs = []int64{actor.AuthorID}
	}
	return s.save(ctx, actor, a, in, false)
}

// Update changes an existing article as actor.
func (s *Service) Update(ctx context.Context, actor user.User, id int64, in Input, autosave bool) (*Article, error) {
	a, err := s.Store.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.save(ctx, actor, a, in, autosave)
}

func (s *Service) save(ctx context.Context, actor user.User, a *Article, in Input, autosave bool) (*Article, error) {
	if a.ID != 0 && !CanEdit(actor, a) {
		return nil, fmt.Errorf("article %d: you may not edit this article: %w", a.ID, apperr.Forbidden)
	}
	if in.Status == "" {
		in.Status = a.Status
	}
	if !in.Status.Valid() {
		return nil, apperr.FieldError("status", "Choose a valid status.")
	}
	if in.Status != a.Status || a.ID == 0 {
		probe := *a
		if a.ID == 0 {
			probe.Status = Draft
		}
		if in.Status != probe.Status && !CanSetStatus(actor, &probe, in.Status) {
			return nil, fmt.Errorf("article: you may not make this article %s: %w", in.Status, apperr.Forbidden)
		}
	}
	tree, err := s.Tree(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	// Until an article is first published its address follows its headline,
	// unless someone typed a slug of their own.
	autoSlug := strings.TrimSpace(in.Slug) == "" ||
		(a.ID != 0 && a.PublishedAt.IsZero() && in.Slug == a.Slug && a.Slug == slug.Make(a.Headline))
	if autoSlug && a.PublishedAt.IsZero() {
		in.Slug = ""
	}
	if err := s.checkMedia(ctx, &in); err != nil {
		return nil, err
	}
	if err := in.validate(tree, now); err != nil {
		return nil, err
	}
	if autoSlug && in.SectionID != 0 && in.Slug != "" {
		if err := s.freeSlug(ctx, a.ID, &in); err != nil {
			return nil, err
		}
	}
	if ok, err := s.Store.AuthorsExist(ctx, in.AuthorIDs); err != nil {
		return nil, err
	} else if !ok {
		return nil, apperr.FieldError("authors", "Choose existing authors.")
	}
	if in.Related = slices.DeleteFunc(in.Related, func(id int64) bool { return id == a.ID }); len(in.Related) > 0 {
		if n, err := s.Store.CountArticles(ctx, Filter{IDs: in.Related}); err != nil {
			return nil, err
		} else if n != len(in.Related) {
			return nil, apperr.FieldError("related", "A pinned related story no longer exists; remove it.")
		}
	}
	oldURL := ""
	if a.ID != 0 && !a.PublishedAt.IsZero() {
		a.Section = tree.ByID[a.SectionID]
		oldURL = a.URL()
	}
	// Publication time: first publication sticks; updates show as UpdatedAt.
	switch in.Status {
	case Published:
		if a.PublishedAt.IsZero() {
			a.PublishedAt = now
		}
		in.PublishAt = time.Time{}
	case Scheduled:
		a.PublishedAt = time.Time{}
	default:
		in.PublishAt = time.Time{}
	}
	apply(a, in)
	a.UpdatedAt = now
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	a.Section = tree.ByID[a.SectionID]
	redirect := ""
	if oldURL != "" && a.URL() != oldURL {
		redirect = oldURL
	}
	rev := Revision{UserID: actor.ID, Autosave: autosave, CreatedAt: now, Snapshot: snapshotOf(in)}
	if err := s.Store.SaveArticle(ctx, a, in, rev, redirect); err != nil {
		if errors.Is(err, ErrSlugTaken) {
			return nil, apperr.FieldError("slug", "Another article in this section already uses this slug.")
		}
		return nil, err
	}
	if a.Status == Scheduled && s.Jobs != nil {
		if err := s.Jobs.Enqueue(ctx, JobPublish, PublishPayload{ArticleID: a.ID}, a.PublishAt); err != nil {
			return nil, err
		}
	}
	if err := s.alertIfBreaking(ctx, a); err != nil {
		return nil, err
	}
	return s.Store.Article(ctx, a.ID)
}

// SetBreaking marks a published or coming article as breaking news for d (or
// ends it): editors and admins only, as it mails every breaking-news
// subscriber. Marking it again keeps the time it has; the alert goes once.
func (s *Service) SetBreaking(ctx context.Context, actor user.User, id int64, on bool, d time.Duration) (*Article, error) {
	if !actor.Can(user.PublishAny) {
		return nil, fmt.Errorf("article %d: breaking news: %w", id, apperr.Forbidden)
	}
	a, err := s.Store.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	if d <= 0 {
		d = DefaultBreakingFor
	}
	now := s.now()
	var until time.Time
	if on {
		until = now.Add(d)
		if a.BreakingUntil.After(now) {
			until = a.BreakingUntil
		}
	}
	if err := s.Store.SetBreaking(ctx, id, until); err != nil {
		return nil, err
	}
	a.BreakingUntil = until
	return a, s.alertIfBreaking(ctx, a)
}

// BreakingDelay is how long a breaking-news alert waits before it goes: an
// editor who marked a story by mistake can end it in time, and nothing is
// sent (the job checks again when it runs).
const BreakingDelay = 2 * time.Minute

// alertIfBreaking queues the breaking-news alert of an article that is
// published and breaking news now: once per article, for good (the article
// keeps that it was alerted; the job's key guards the moment between).
func (s *Service) alertIfBreaking(ctx context.Context, a *Article) error {
	if s.Jobs == nil || !a.Breaking(s.now()) {
		return nil
	}
	now := s.now()
	if first, err := s.Store.ClaimBreakingAlert(ctx, a.ID, now); err != nil || !first {
		return err
	}
	_, err := s.Jobs.EnqueueOnce(ctx, JobBreaking, fmt.Sprintf("%s:%d:%d", JobBreaking, a.ID, now.UnixMicro()), BreakingPayload{ArticleID: a.ID}, now.Add(BreakingDelay))
	return err
}

// checkMedia refuses an unknown main picture and gives body pictures their
// sizes, so pages reserve their space and can offer smaller variants.
func (s *Service) checkMedia(ctx context.Context, in *Input) error {
	if in.HeroMediaID != 0 {
		m, err := s.Store.Media(ctx, in.HeroMediaID)
		if errors.Is(err, apperr.NotFound) || (err == nil && m.IsDocument()) {
			return apperr.FieldError("hero_media_id", "Choose a picture from the list.")
		} else if err != nil {
			return err
		}
		// A picture from the library brings its description, caption and
		// credit unless the article gives its own.
		in.HeroAlt = cmp.Or(in.HeroAlt, m.Alt)
		in.HeroCaption = cmp.Or(in.HeroCaption, m.Caption)
		in.HeroCredit = cmp.Or(in.HeroCredit, m.Credit)
	}
	blocks := make([]richtext.Block, len(in.Body.Blocks))
	copy(blocks, in.Body.Blocks)
	for i, b := range blocks {
		if b.Type != richtext.Image || b.MediaID == 0 {
			continue
		}
		m, err := s.Store.Media(ctx, b.MediaID)
		if errors.Is(err, apperr.NotFound) || (err == nil && m.URL() != b.Src) {
			blocks[i].MediaID, blocks[i].Width, blocks[i].Height = 0, 0, 0
			continue
		}
		if err != nil {
			return err
		}
		blocks[i].Width, blocks[i].Height = m.Width, m.Height
	}
	in.Body.Blocks = blocks
	return nil
}

// freeSlug appends -2, -3, ... to a slug made from the headline until no other
// article in the section has it.
func (s *Service) freeSlug(ctx context.Context, id int64, in *Input) error {
	base := in.Slug
	for i := 2; i <= 100; i++ {
		other, err := s.Store.ArticleBySlug(ctx, in.SectionID, in.Slug)
		if errors.Is(err, apperr.NotFound) || (err == nil && other.ID == id) {
			return nil
		}
		if err != nil {
			return err
		}
		in.Slug = fmt.Sprintf("%s-%d", base, i)
	}
	return apperr.FieldError("slug", "Many articles here share this headline; type an address of your own.")
}

func apply(a *Article, in Input) {
	a.Headline, a.Standfirst, a.Slug, a.SectionID = in.Headline, in.Standfirst, in.Slug, in.SectionID
	a.Body, a.Credit, a.Correction = in.Body, in.Credit, in.Correction
	a.HeroMediaID, a.HeroCaption, a.HeroCredit, a.HeroAlt = in.HeroMediaID, in.HeroCaption, in.HeroCredit, in.HeroAlt
	a.Status, a.PublishAt, a.Related = in.Status, in.PublishAt, in.Related
}

// PublishDue publishes a scheduled article whose time has come. It is the
// handler of JobPublish and does nothing if the article was rescheduled,
// unscheduled or already published.
func (s *Service) PublishDue(ctx context.Context, id int64) error {
	a, err := s.Store.Article(ctx, id)
	if errors.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	now := s.now()
	if a.Status != Scheduled || a.PublishAt.After(now) {
		return nil
	}
	in := FromArticle(a)
	in.Status = Published
	a.Status = Published
	a.PublishedAt = a.PublishAt
	a.PublishAt = time.Time{}
	a.UpdatedAt = now
	rev := Revision{UserID: 0, CreatedAt: now, Snapshot: snapshotOf(in)}
	in.PublishAt = time.Time{}
	if err := s.Store.SaveArticle(ctx, a, in, rev, ""); err != nil {
		return err
	}
	return s.alertIfBreaking(ctx, a)
}

// Restore makes a revision's content current again, as a new revision.
func (s *Service) Restore(ctx context.Context, actor user.User, articleID, revisionID int64) (*Article, error) {
	rev, err := s.Store.Revision(ctx, revisionID)
	if err != nil {
		return nil, err
	}
	if rev.ArticleID != articleID {
		return nil, fmt.Errorf("revision %d of article %d: %w", revisionID, articleID, apperr.NotFound)
	}
	a, err := s.Store.Article(ctx, articleID)
	if err != nil {
		return nil, err
	}
	in := rev.Snapshot.Input(a.Status)
	if a.Status == Scheduled {
		in.PublishAt = a.PublishAt
	}
	return s.save(ctx, actor, a, in, false)
}

// Import saves an article with its own times (for imports and the demo): the
// input is validated like any other, but no role check applies and the
// creation, publication and update times of a are kept.
func (s *Service) Import(ctx context.Context, a *Article, in Input) error {
	tree, err := s.Tree(ctx)
	if err != nil {
		return err
	}
	if err := s.checkMedia(ctx, &in); err != nil {
		return err
	}
	if err := in.validate(tree, s.now()); err != nil {
		return err
	}
	if ok, err := s.Store.AuthorsExist(ctx, in.AuthorIDs); err != nil {
		return err
	} else if !ok {
		return apperr.FieldError("authors", "Choose existing authors.")
	}
	apply(a, in)
	a.Section = tree.ByID[a.SectionID]
	rev := Revision{UserID: a.CreatedBy, CreatedAt: a.UpdatedAt, Snapshot: snapshotOf(in)}
	if err := s.Store.SaveArticle(ctx, a, in, rev, ""); err != nil {
		if errors.Is(err, ErrSlugTaken) {
			return apperr.FieldError("slug", "Another article in this section already uses this slug.")
		}
		return err
	}
	return nil
}
