-- Trellis local store, schema 2: sync state.
--
-- sync_device holds this profile's enrolment with a county server (at most
-- one row). mid_base maps outbox sequence numbers to the per-device
-- mutation ids the server sees: mid = outbox seq - mid_base, so changes
-- made before enrolment are sent too. acked_mid is the highest mutation id
-- the server has acknowledged. The token is stored sealed by the codec.
CREATE TABLE sync_device (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	server_url  TEXT NOT NULL,
	device_id   TEXT NOT NULL,
	token       TEXT NOT NULL,
	org_id      TEXT NOT NULL,
	org_name    TEXT NOT NULL,
	user_name   TEXT NOT NULL,
	mid_base    INTEGER NOT NULL,
	acked_mid   INTEGER NOT NULL DEFAULT 0,
	enrolled_at TEXT NOT NULL,
	revoked     INTEGER NOT NULL DEFAULT 0
);

-- The pull cursor of each scope ("org", "public"): the server change-log
-- position applied so far. It advances in the same transaction as the page
-- of changes it covers.
CREATE TABLE sync_cursors (
	scope TEXT PRIMARY KEY,
	after INTEGER NOT NULL
) WITHOUT ROWID;

-- Which server position each local change was made on top of: after every
-- applied pull page, the outbox's high-water mark and the scope's cursor.
-- A change with outbox seq s was made having seen the cursor of the last
-- mark with outbox_seq < s; the server uses it to tell concurrent edits of
-- guarded fields from sequential ones.
CREATE TABLE sync_marks (
	outbox_seq INTEGER NOT NULL,
	scope      TEXT NOT NULL,
	after      INTEGER NOT NULL,
	PRIMARY KEY (scope, outbox_seq)
) WITHOUT ROWID;

-- Changes the server refused (for example a record of another
-- organization), kept to show the user.
CREATE TABLE sync_rejections (
	mid    INTEGER PRIMARY KEY,
	tbl    TEXT NOT NULL,
	row_id TEXT NOT NULL,
	reason TEXT NOT NULL,
	at     TEXT NOT NULL
);

-- Conflicts the server found; a synced table like the others (see
-- data.Conflict). Resolving one is an edit that syncs back.
CREATE TABLE conflicts (
	id            TEXT PRIMARY KEY,
	tbl           TEXT NOT NULL DEFAULT '',
	row_id        TEXT NOT NULL DEFAULT '',
	col           TEXT NOT NULL DEFAULT '',
	kind          TEXT NOT NULL DEFAULT '',
	household_id  TEXT NOT NULL DEFAULT '',
	winner_value  TEXT NOT NULL DEFAULT '',
	winner_hlc    TEXT NOT NULL DEFAULT '',
	winner_device TEXT NOT NULL DEFAULT '',
	winner_user   TEXT NOT NULL DEFAULT '',
	loser_value   TEXT NOT NULL DEFAULT '',
	loser_hlc     TEXT NOT NULL DEFAULT '',
	loser_device  TEXT NOT NULL DEFAULT '',
	loser_user    TEXT NOT NULL DEFAULT '',
	created_at    TEXT NOT NULL DEFAULT '',
	resolved      INTEGER NOT NULL DEFAULT 0,
	resolution    TEXT NOT NULL DEFAULT '',
	resolved_by   TEXT NOT NULL DEFAULT '',
	deleted       INTEGER NOT NULL DEFAULT 0,
	clocks        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX conflicts_open ON conflicts(resolved, created_at);
