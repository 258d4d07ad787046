-- Changes the server refused, kept until the user has read them: the
-- reason as a code the app translates, a copy of what was typed (sealed
-- as in the outbox), and whether the user dismissed it. Keyed by device
-- and mutation id, since re-enrolling numbers mutations from 1 again.
CREATE TABLE sync_rejections_v3 (
	id        INTEGER PRIMARY KEY,
	device_id TEXT NOT NULL DEFAULT '',
	mid       INTEGER NOT NULL,
	tbl       TEXT NOT NULL,
	row_id    TEXT NOT NULL,
	code      TEXT NOT NULL DEFAULT '',
	reason    TEXT NOT NULL,
	fields    TEXT NOT NULL DEFAULT '{}',
	at        TEXT NOT NULL,
	dismissed INTEGER NOT NULL DEFAULT 0,
	UNIQUE (device_id, mid)
);
INSERT INTO sync_rejections_v3(mid, tbl, row_id, reason, at)
	SELECT mid, tbl, row_id, reason, at FROM sync_rejections ORDER BY mid;
DROP TABLE sync_rejections;
ALTER TABLE sync_rejections_v3 RENAME TO sync_rejections;
