package countydb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
	"trellis/sync"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver (pgx)
	_ "modernc.org/sqlite"             // the SQLite driver
)

// dialect is what differs between SQLite and PostgreSQL.
type dialect struct {
	name   string
	serial string // the change log's sequence column
	blob   string // binary column type
	// lock serializes change-log appends to the given scopes until the
	// transaction ends.
	lock func(ctx context.Context, tx *sql.Tx, scopes []string) error
	// rebind turns ? placeholders into the dialect's.
	rebind func(q string) string
}

var sqliteDialect = dialect{
	name:   "sqlite",
	serial: "INTEGER PRIMARY KEY AUTOINCREMENT",
	blob:   "BLOB",
	// SQLite has one writer at a time (BEGIN IMMEDIATE), so appends are
	// already in commit order.
	lock:   func(context.Context, *sql.Tx, []string) error { return nil },
	rebind: func(q string) string { return q },
}

var postgresDialect = dialect{
	name:   "postgres",
	serial: "BIGSERIAL PRIMARY KEY",
	blob:   "BYTEA",
	// A sequence value is taken at insert, not at commit: holding a
	// per-scope advisory lock until commit keeps each scope's change log
	// in commit order, so a reader never skips a late-committing entry.
	lock: func(ctx context.Context, tx *sql.Tx, scopes []string) error {
		for _, sc := range scopes {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, sc); err != nil {
				return err
			}
		}
		return nil
	},
	rebind: func(q string) string {
		var b strings.Builder
		n := 0
		for _, r := range q {
			if r == '?' {
				n++
				b.WriteString("$" + strconv.Itoa(n))
				continue
			}
			b.WriteRune(r)
		}
		return b.String()
	},
}

// DB is server storage in SQLite or PostgreSQL.
type DB struct {
	w, r *sql.DB // writers and readers
	d    dialect
	tail tailCache // the newest change-log entries this storage wrote
}

// Open opens the server database: PostgreSQL for a postgres:// or
// postgresql:// URL, otherwise an SQLite file at that path (created if
// needed). It creates the tables on first use.
func Open(ctx context.Context, dsn string) (*DB, error) {
	var s *DB
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		// Pushes are committed in groups by one goroutine (see Server), so
		// few writer connections are needed; pulls and token checks read
		// on a pool of their own, so they never wait for a writer's
		// connection.
		w, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		w.SetMaxOpenConns(writerConns())
		w.SetMaxIdleConns(writerConns())
		rdsn, err := pgReaderDSN(dsn)
		if err != nil {
			w.Close()
			return nil, err
		}
		r, err := sql.Open("pgx", rdsn)
		if err != nil {
			w.Close()
			return nil, err
		}
		r.SetMaxOpenConns(readerConns())
		r.SetMaxIdleConns(readerConns())
		s = &DB{w: w, r: r, d: postgresDialect}
	} else {
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
		w, err := sql.Open("sqlite", "file:"+dsn+"?"+q.Encode())
		if err != nil {
			return nil, err
		}
		w.SetMaxOpenConns(1)
		rq := url.Values{}
		rq.Add("_pragma", "busy_timeout(10000)")
		rq.Add("_pragma", "query_only(1)")
		r, err := sql.Open("sqlite", "file:"+dsn+"?"+rq.Encode())
		if err != nil {
			w.Close()
			return nil, err
		}
		r.SetMaxOpenConns(readerConns())
		s = &DB{w: w, r: r, d: sqliteDialect}
	}
	if err := s.createTables(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("cannot prepare the server database: %w", err)
	}
	return s, nil
}

// readerConns is how many connections read at once: twice the cores the
// server may use. More do not read faster, they wait for the same cores;
// on PostgreSQL each is a process, and 16 of them on two cores spent as
// much CPU contending as reading (Devices200Light on PostgreSQL, two
// cores: PostgreSQL's CPU 510-700 ms with 16 readers, 230-270 ms with 4,
// and p99 0.9-1.1 s against 0.6-0.8 s).
func readerConns() int { return max(2, 2*runtime.GOMAXPROCS(0)) }

// writerConns is how many PostgreSQL connections write at once: the
// group committer's, and a few for the rest (enrolments, attachments,
// publishing).
func writerConns() int { return max(4, runtime.GOMAXPROCS(0)) }

// pgReaderDSN is the URL for the readers' connections. Right after a large
// import the table statistics are stale and the planner reads every later
// change-log entry of a scope with a bitmap scan and sorts them, once per
// page; walking the (scope, seq) index in order is always right for the
// change-log query, so the readers' sessions have bitmap scans turned off.
func pgReaderDSN(dsn string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("the PostgreSQL URL is not valid: %w", err)
	}
	q := u.Query()
	q.Set("enable_bitmapscan", "off")
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// Dialect returns "sqlite" or "postgres".
func (s *DB) Dialect() string { return s.d.name }

func (s *DB) createTables(ctx context.Context) error {
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS orgs (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id),
			name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, pw_hash TEXT NOT NULL, created_at TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
			org_id TEXT NOT NULL REFERENCES orgs(id), name TEXT NOT NULL, node TEXT NOT NULL,
			token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT NOT NULL DEFAULT '',
			last_mid BIGINT NOT NULL DEFAULT 0, last_seen TEXT NOT NULL DEFAULT '')`,
		`CREATE TABLE IF NOT EXISTS sync_rows (tbl TEXT NOT NULL, row_id TEXT NOT NULL, scope TEXT NOT NULL,
			fields TEXT NOT NULL, PRIMARY KEY (tbl, row_id))`,
		`CREATE TABLE IF NOT EXISTS sync_changes (seq ` + s.d.serial + `, scope TEXT NOT NULL, tbl TEXT NOT NULL,
			row_id TEXT NOT NULL, fields TEXT NOT NULL, device_id TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS sync_changes_scope ON sync_changes(scope, seq)`,
		`CREATE TABLE IF NOT EXISTS event_links (event_id TEXT PRIMARY KEY, referral_id TEXT NOT NULL,
			prev_id TEXT NOT NULL, status TEXT NOT NULL, hlc TEXT NOT NULL, device_id TEXT NOT NULL, user_name TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS event_links_prev ON event_links(referral_id, prev_id)`,
		`CREATE TABLE IF NOT EXISTS blobs (sha TEXT PRIMARY KEY, size BIGINT NOT NULL, complete INTEGER NOT NULL DEFAULT 0)`,
		`CREATE TABLE IF NOT EXISTS blob_chunks (sha TEXT NOT NULL, off BIGINT NOT NULL, data ` + s.d.blob + ` NOT NULL,
			PRIMARY KEY (sha, off))`,
	}
	for _, q := range stmts {
		if _, err := s.w.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return s.upgrade(ctx)
}

// schemaSteps are the changes of the server's schema since the tables
// createTables makes, oldest first. Each runs once, in a transaction of
// its own, and schema_version counts those run. A released step is never
// edited: add another.
var schemaSteps = []func(d dialect) []string{
	// 1: what each device's mutation ids carried (a fingerprint), so a
	// resend is told from an id used again by a restored or copied
	// profile; the device a rejoined device replaces.
	func(d dialect) []string {
		return []string{
			`CREATE TABLE device_mids (device_id TEXT NOT NULL, mid BIGINT NOT NULL, fp BIGINT NOT NULL,
				PRIMARY KEY (device_id, mid))`,
			`ALTER TABLE devices ADD COLUMN replaces TEXT NOT NULL DEFAULT ''`,
		}
	},
	// 2: users the county disabled; when each device's token expires
	// unless it syncs.
	func(d dialect) []string {
		return []string{
			`ALTER TABLE users ADD COLUMN disabled_at TEXT NOT NULL DEFAULT ''`,
			`ALTER TABLE devices ADD COLUMN token_expires TEXT NOT NULL DEFAULT ''`,
		}
	},
}

// upgrade runs the schema steps the database has not had yet.
func (s *DB) upgrade(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return err
	}
	for {
		done, err := s.upgradeOne(ctx)
		if err != nil || done {
			return err
		}
	}
}

// upgradeOne runs the next schema step, if there is one, and reports
// whether there was none.
func (s *DB) upgradeOne(ctx context.Context) (done bool, err error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if s.d.name == "postgres" {
		// Servers starting together on one database upgrade it once.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('trellis schema', 0))`); err != nil {
			return false, err
		}
	}
	var v int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&v); err != nil {
		return false, err
	}
	if v >= len(schemaSteps) {
		return true, nil
	}
	for _, q := range schemaSteps[v](s.d) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return false, fmt.Errorf("upgrading the server database to version %d: %w", v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`DELETE FROM schema_version`)); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO schema_version(version) VALUES(?)`), v+1); err != nil {
		return false, err
	}
	return false, tx.Commit()
}

// Close closes the database.
func (s *DB) Close() error {
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

func (s *DB) exec(ctx context.Context, q string, args ...any) error {
	_, err := s.w.ExecContext(ctx, s.d.rebind(q), args...)
	return err
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTimeOrZero(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// CreateOrg adds an organization.
func (s *DB) CreateOrg(ctx context.Context, o Org) error {
	return s.exec(ctx, `INSERT INTO orgs(id, name, created_at) VALUES(?, ?, ?)`, o.ID, o.Name, fmtTime(o.CreatedAt))
}

// Orgs lists the organizations by name.
func (s *DB) Orgs(ctx context.Context) ([]Org, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, name, created_at FROM orgs ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Org
	for rows.Next() {
		var o Org
		var at string
		if err := rows.Scan(&o.ID, &o.Name, &at); err != nil {
			return nil, err
		}
		o.CreatedAt = parseTimeOrZero(at)
		out = append(out, o)
	}
	return out, rows.Err()
}

// OrgByName finds an organization.
func (s *DB) OrgByName(ctx context.Context, name string) (Org, error) {
	var o Org
	var at string
	err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT id, name, created_at FROM orgs WHERE name = ?`), name).Scan(&o.ID, &o.Name, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return o, fmt.Errorf("organization %q: %w", name, ErrNotFound)
	}
	o.CreatedAt = parseTimeOrZero(at)
	return o, err
}

// CreateUser adds a user.
func (s *DB) CreateUser(ctx context.Context, u User) error {
	return s.exec(ctx, `INSERT INTO users(id, org_id, name, role, pw_hash, created_at) VALUES(?, ?, ?, ?, ?, ?)`,
		u.ID, u.OrgID, u.Name, u.Role, u.PasswordHash, fmtTime(u.CreatedAt))
}

const userCols = `id, org_id, name, role, pw_hash, created_at, disabled_at`

func scanUser(sc interface{ Scan(...any) error }) (User, error) {
	var u User
	var at, disabled string
	err := sc.Scan(&u.ID, &u.OrgID, &u.Name, &u.Role, &u.PasswordHash, &at, &disabled)
	u.CreatedAt, u.DisabledAt = parseTimeOrZero(at), parseTimeOrZero(disabled)
	return u, err
}

// Users lists the users by name.
func (s *DB) Users(ctx context.Context) ([]User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UserByName finds a user.
func (s *DB) UserByName(ctx context.Context, name string) (User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, s.d.rebind(`SELECT `+userCols+` FROM users WHERE name = ?`), name))
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("user %q: %w", name, ErrNotFound)
	}
	return u, err
}

// CreateDevice adds an enrolled device.
func (s *DB) CreateDevice(ctx context.Context, d Device) error {
	return s.exec(ctx, `INSERT INTO devices(id, user_id, org_id, name, node, token_hash, created_at, replaces, token_expires) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.UserID, d.OrgID, d.Name, d.Node, d.TokenHash, fmtTime(d.CreatedAt), d.Replaces, fmtTime(d.TokenExpires))
}

const deviceSelect = `SELECT d.id, d.user_id, d.org_id, d.name, d.node, d.token_hash, d.created_at, d.revoked_at,
	d.last_mid, d.last_seen, d.replaces, d.token_expires, u.name, u.role, u.disabled_at, o.name
	FROM devices d JOIN users u ON u.id = d.user_id JOIN orgs o ON o.id = d.org_id`

func scanDevice(sc interface{ Scan(...any) error }) (Device, error) {
	var d Device
	var created, revoked, seen, expires, disabled string
	err := sc.Scan(&d.ID, &d.UserID, &d.OrgID, &d.Name, &d.Node, &d.TokenHash, &created, &revoked,
		&d.LastMID, &seen, &d.Replaces, &expires, &d.UserName, &d.Role, &disabled, &d.OrgName)
	d.CreatedAt, d.RevokedAt, d.LastSeen = parseTimeOrZero(created), parseTimeOrZero(revoked), parseTimeOrZero(seen)
	d.TokenExpires, d.UserDisabledAt = parseTimeOrZero(expires), parseTimeOrZero(disabled)
	return d, err
}

// Devices lists every enrolled device.
func (s *DB) Devices(ctx context.Context) ([]Device, error) {
	rows, err := s.r.QueryContext(ctx, deviceSelect+` ORDER BY o.name, u.name, d.created_at`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Device
	for rows.Next() {
		d, err := scanDevice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DeviceByTokenHash finds the device a token belongs to.
func (s *DB) DeviceByTokenHash(ctx context.Context, hash string) (Device, error) {
	d, err := scanDevice(s.r.QueryRowContext(ctx, s.d.rebind(deviceSelect+` WHERE d.token_hash = ?`), hash))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("device: %w", ErrNotFound)
	}
	return d, err
}

// RevokeDevice stops a device from syncing, and every device made from it
// by a rejoin (a copy of a stolen laptop's profile is stopped with it).
func (s *DB) RevokeDevice(ctx context.Context, id string, at time.Time) error {
	var one int
	if err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT 1 FROM devices WHERE id = ?`), id).Scan(&one); errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("device %s: %w", id, ErrNotFound)
	} else if err != nil {
		return err
	}
	return s.exec(ctx, `UPDATE devices SET revoked_at = ? WHERE revoked_at = '' AND id IN (
		WITH RECURSIVE line(id) AS (SELECT CAST(? AS TEXT) UNION SELECT d.id FROM devices d JOIN line ON d.replaces = line.id)
		SELECT id FROM line)`, fmtTime(at), id)
}

// NodeInUse reports whether a device already stamps with node.
func (s *DB) NodeInUse(ctx context.Context, node string) (bool, error) {
	var one int
	err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT 1 FROM devices WHERE node = ? LIMIT 1`), node).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// TouchDevice records when a device last synced.
func (s *DB) TouchDevice(ctx context.Context, id string, at time.Time) error {
	return s.exec(ctx, `UPDATE devices SET last_seen = ? WHERE id = ?`, fmtTime(at), id)
}

// Update runs fn in one transaction holding the scopes' change-log locks.
func (s *DB) Update(ctx context.Context, scopes []string, fn func(Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	sorted := append([]string(nil), scopes...)
	sort.Strings(sorted)
	if err := s.d.lock(ctx, tx, sorted); err != nil {
		tx.Rollback()
		return err
	}
	t := &sqlTx{ctx: ctx, tx: tx, d: s.d, tail: &s.tail}
	if err := fn(t); err != nil {
		tx.Rollback()
		return err
	}
	if err := t.flush(); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.tail.add(t.appended, t.lows)
	return nil
}

// Changes returns up to limit entries of scope's change log after seq.
func (s *DB) Changes(ctx context.Context, scope string, after int64, limit int) ([]StoredChange, error) {
	pages, err := s.ChangesAfter(ctx, []sync.ScopeCursor{{Scope: scope, After: after}}, limit)
	if err != nil {
		return nil, err
	}
	return pages[0], nil
}

// ChangesAfter returns, for each cursor, up to limit entries of its
// scope's change log after its position, read in one query (one snapshot).
func (s *DB) ChangesAfter(ctx context.Context, cursors []sync.ScopeCursor, limit int) ([][]StoredChange, error) {
	out, cached, err := s.cachedChanges(ctx, cursors, limit)
	if err != nil {
		return nil, err
	}
	var q strings.Builder
	args := make([]any, 0, 3*len(cursors))
	for i, c := range cursors {
		if cached[i] {
			continue
		}
		if len(args) > 0 {
			q.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&q, `SELECT * FROM (SELECT %d AS i, seq, tbl, row_id, fields, device_id FROM sync_changes
			WHERE scope = ? AND seq > ? ORDER BY seq LIMIT ?) AS c%d`, i, i)
		args = append(args, c.Scope, c.After, limit)
	}
	if len(args) == 0 {
		return out, nil
	}
	rows, err := s.r.QueryContext(ctx, s.d.rebind(q.String()), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var i int
		var c StoredChange
		if err := rows.Scan(&i, &c.Seq, &c.Table, &c.Row, &c.Fields, &c.Device); err != nil {
			return nil, err
		}
		if i < 0 || i >= len(out) || cached[i] {
			return nil, fmt.Errorf("the change-log query returned an entry for cursor %d of %d", i, len(out))
		}
		out[i] = append(out[i], c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, page := range out {
		if !cached[i] {
			sort.Slice(page, func(a, b int) bool { return page[a].Seq < page[b].Seq })
		}
	}
	return out, nil
}

// BlobInfo reports how much of an attachment has arrived.
func (s *DB) BlobInfo(ctx context.Context, sha string) (BlobInfo, error) {
	var b BlobInfo
	var complete int
	err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT size, complete FROM blobs WHERE sha = ?`), sha).Scan(&b.Size, &complete)
	if errors.Is(err, sql.ErrNoRows) {
		return b, fmt.Errorf("attachment %s: %w", sha, ErrNotFound)
	}
	b.Complete = complete != 0
	return b, err
}

// errBlobOffset is returned by AppendBlob when offset is not where the
// upload stands.
var errBlobOffset = errors.New("the upload does not continue where the attachment stands")

// AppendBlob adds a chunk at offset, which must be the size received so far.
func (s *DB) AppendBlob(ctx context.Context, sha string, offset int64, chunk []byte) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.d.name == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "blob:"+sha); err != nil {
			return err
		}
	}
	var size int64
	var complete int
	err = tx.QueryRowContext(ctx, s.d.rebind(`SELECT size, complete FROM blobs WHERE sha = ?`), sha).Scan(&size, &complete)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO blobs(sha, size) VALUES(?, 0)`), sha); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	if complete != 0 || size != offset {
		return errBlobOffset
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO blob_chunks(sha, off, data) VALUES(?, ?, ?)`), sha, offset, chunk); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE blobs SET size = ? WHERE sha = ?`), offset+int64(len(chunk)), sha); err != nil {
		return err
	}
	return tx.Commit()
}

// SetBlobComplete verifies that the chunks received hash to sha and marks
// the attachment complete; on a mismatch the upload is discarded.
func (s *DB) SetBlobComplete(ctx context.Context, sha string) error {
	h := sha256.New()
	if err := s.WriteBlob(ctx, sha, 0, h); err != nil {
		return err
	}
	if hex.EncodeToString(h.Sum(nil)) != sha {
		if err := s.DeleteBlob(ctx, sha); err != nil {
			return err
		}
		return ErrBlobMismatch
	}
	return s.exec(ctx, `UPDATE blobs SET complete = 1 WHERE sha = ?`, sha)
}

var ErrBlobMismatch = errors.New("the attachment's content does not match its SHA-256")

// DeleteBlob discards an attachment.
func (s *DB) DeleteBlob(ctx context.Context, sha string) error {
	if err := s.exec(ctx, `DELETE FROM blob_chunks WHERE sha = ?`, sha); err != nil {
		return err
	}
	return s.exec(ctx, `DELETE FROM blobs WHERE sha = ?`, sha)
}

// WriteBlob writes an attachment's bytes from offset from to w.
func (s *DB) WriteBlob(ctx context.Context, sha string, from int64, w io.Writer) error {
	rows, err := s.r.QueryContext(ctx, s.d.rebind(`SELECT off, data FROM blob_chunks WHERE sha = ? ORDER BY off`), sha)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var off int64
		var chunk []byte
		if err := rows.Scan(&off, &chunk); err != nil {
			return err
		}
		end := off + int64(len(chunk))
		if end <= from {
			continue
		}
		if off < from {
			chunk = chunk[from-off:]
		}
		if _, err := w.Write(chunk); err != nil {
			return err
		}
	}
	return rows.Err()
}
