-- 0012: advertising. Ads fill the placements on reader pages (the
-- placements' sizes are in the settings); impressions and clicks are
-- counted per ad and day, with nothing about the reader.
CREATE TABLE ads (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	placements TEXT NOT NULL,
	body_text TEXT NOT NULL DEFAULT '',
	image_url TEXT NOT NULL DEFAULT '',
	image_alt TEXT NOT NULL DEFAULT '',
	link TEXT NOT NULL DEFAULT '',
	code TEXT NOT NULL DEFAULT '',
	starts_at BIGINT,
	ends_at BIGINT,
	weight INTEGER NOT NULL DEFAULT 1,
	targeted INTEGER NOT NULL DEFAULT 0,
	paused INTEGER NOT NULL DEFAULT 0,
	updated_at BIGINT NOT NULL,
	updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL
);

-- The sections an ad is limited to. An ad whose sections are all deleted
-- keeps targeted = 1 and shows nowhere rather than everywhere.
CREATE TABLE ad_sections (
	ad_id BIGINT NOT NULL REFERENCES ads(id) ON DELETE CASCADE,
	section_id BIGINT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
	PRIMARY KEY (ad_id, section_id)
);
CREATE INDEX ad_sections_section ON ad_sections (section_id);

CREATE TABLE ad_stats (
	ad_id BIGINT NOT NULL REFERENCES ads(id) ON DELETE CASCADE,
	day TEXT NOT NULL,
	impressions BIGINT NOT NULL DEFAULT 0,
	clicks BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (ad_id, day)
);
