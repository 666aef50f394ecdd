-- 0015: what a search needs of an article (its status, time, section), in
-- an index, so that matching many stories never reads their bodies.
CREATE INDEX articles_listing ON articles (id, status, sort_at, section_id, created_by);
