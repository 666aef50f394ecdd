-- 0001: the core content model, newsroom accounts, the job queue and the audit log.
-- Times are stored as integer microseconds since the Unix epoch (UTC) in both
-- engines, so comparisons and ordering behave the same everywhere.
CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	role TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	author_id BIGINT,
	disabled INTEGER NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL
);
CREATE TABLE sessions (
	hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	hash TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	last_used_at BIGINT
);
CREATE TABLE media (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	original TEXT NOT NULL,
	mime TEXT NOT NULL,
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	size BIGINT NOT NULL,
	alt TEXT NOT NULL DEFAULT '',
	caption TEXT NOT NULL DEFAULT '',
	credit TEXT NOT NULL DEFAULT '',
	uploaded_by BIGINT,
	created_at BIGINT NOT NULL
);
CREATE TABLE sections (
	id INTEGER PRIMARY KEY,
	parent_id BIGINT REFERENCES sections(id) ON DELETE RESTRICT,
	slug TEXT NOT NULL,
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	position INTEGER NOT NULL DEFAULT 0
);
-- Sibling slugs are unique; COALESCE makes top-level sections (NULL parent) collide too.
CREATE UNIQUE INDEX sections_parent_slug ON sections (COALESCE(parent_id, 0), slug);
CREATE TABLE tags (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL
);
CREATE TABLE authors (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	bio TEXT NOT NULL DEFAULT '',
	photo_media_id BIGINT REFERENCES media(id) ON DELETE SET NULL,
	links TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE articles (
	id INTEGER PRIMARY KEY,
	headline TEXT NOT NULL,
	standfirst TEXT NOT NULL DEFAULT '',
	slug TEXT NOT NULL,
	section_id BIGINT REFERENCES sections(id) ON DELETE RESTRICT,
	body TEXT NOT NULL DEFAULT '{"blocks":[]}',
	body_text TEXT NOT NULL DEFAULT '',
	credit TEXT NOT NULL DEFAULT '',
	hero_media_id BIGINT REFERENCES media(id) ON DELETE SET NULL,
	hero_caption TEXT NOT NULL DEFAULT '',
	hero_credit TEXT NOT NULL DEFAULT '',
	hero_alt TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	publish_at BIGINT,
	published_at BIGINT,
	sort_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	created_at BIGINT NOT NULL,
	correction TEXT NOT NULL DEFAULT '',
	created_by BIGINT REFERENCES users(id) ON DELETE SET NULL
);
-- An article's address is its section path plus its slug: unique per section.
-- Within a section a slug is unique; drafts without a section or a headline
-- yet (so without a slug) do not count.
CREATE UNIQUE INDEX articles_section_slug ON articles (section_id, slug) WHERE section_id IS NOT NULL AND slug <> '';
CREATE INDEX articles_status_sort ON articles (status, sort_at DESC, id DESC);
CREATE INDEX articles_section_sort ON articles (section_id, status, sort_at DESC);
CREATE TABLE article_authors (
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	author_id BIGINT NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_author ON article_authors (author_id);
CREATE TABLE article_tags (
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	tag_id BIGINT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags (tag_id);
CREATE TABLE revisions (
	id INTEGER PRIMARY KEY,
	article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	user_id BIGINT,
	autosave INTEGER NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	snapshot TEXT NOT NULL
);
CREATE INDEX revisions_article ON revisions (article_id, id DESC);
-- Old addresses of moved articles and sections answer 301 to the new one.
CREATE TABLE redirects (
	path TEXT PRIMARY KEY,
	article_id BIGINT REFERENCES articles(id) ON DELETE CASCADE,
	section_id BIGINT REFERENCES sections(id) ON DELETE CASCADE,
	created_at BIGINT NOT NULL
);
CREATE TABLE pages (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	title TEXT NOT NULL,
	body TEXT NOT NULL DEFAULT '{"blocks":[]}',
	updated_at BIGINT NOT NULL
);
CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
-- The one durable queue for work that runs later or elsewhere.
CREATE TABLE jobs (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	payload TEXT NOT NULL,
	run_at BIGINT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	locked_until BIGINT NOT NULL DEFAULT 0,
	done_at BIGINT,
	last_error TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (done_at, run_at);
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	user_id BIGINT,
	action TEXT NOT NULL,
	target TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	ip TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);
CREATE INDEX audit_log_created ON audit_log (created_at DESC);
