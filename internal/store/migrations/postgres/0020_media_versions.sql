-- 0020: the library's files are content-named. A picture's variants and
-- crops are named by a version made from its original's hash and its focal
-- point (thousandths of its width and height), so they can be cached for
-- ever and a replaced file keeps its lasting address; a picture also
-- records where it came from and what may be done with it. The variants
-- job fills hash and version for the pictures stored before.
ALTER TABLE media ADD COLUMN hash TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN version TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN focal_x INTEGER NOT NULL DEFAULT 500;
ALTER TABLE media ADD COLUMN focal_y INTEGER NOT NULL DEFAULT 500;
ALTER TABLE media ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN rights TEXT NOT NULL DEFAULT '';
CREATE INDEX media_created ON media (created_at);
