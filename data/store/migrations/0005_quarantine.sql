-- Changes received from the county server that this laptop could not
-- apply (a value of the wrong type for its column, a date that is not a
-- date: sent before the server checked every change), kept instead of
-- stopping the sync: the change as received (JSON, sealed by the codec as
-- a whole, since it may hold family data), what is wrong with it as
-- column=code pairs, whether it was reported to the server, and whether an
-- administrator has dismissed it.
CREATE TABLE sync_quarantine (
	id        INTEGER PRIMARY KEY,
	scope     TEXT NOT NULL,
	seq       INTEGER NOT NULL,
	tbl       TEXT NOT NULL,
	row_id    TEXT NOT NULL,
	change    TEXT NOT NULL,
	problems  TEXT NOT NULL,
	at        TEXT NOT NULL,
	reported  INTEGER NOT NULL DEFAULT 0,
	dismissed INTEGER NOT NULL DEFAULT 0,
	UNIQUE (scope, seq)
);
