package countydb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"trellis/sync"
)

// A push transaction writes behind. On PostgreSQL every statement is a
// round trip to the database, and a group of pushes (see commit.go) runs
// on one goroutine that every device waits for: one round trip to append
// each change and another to write each row made the group's
// transaction last about a millisecond per mutation under load. So sqlTx
// keeps what a transaction writes to the change log, to the server's
// copy of the rows and to the devices' last mutation ids, answers reads
// of them from memory, and writes them just before the commit: on
// PostgreSQL one array statement per table, on SQLite (no round trips) a
// prepared statement per row. Change-log sequence numbers are taken
// ahead from the database's sequence (PostgreSQL) or counted on from the
// highest one (SQLite, whose writer is alone), after the scopes' locks
// are held, so the change log still follows commit order.

// sqlTx is a storage transaction on DB.
type sqlTx struct {
	ctx   context.Context
	tx    *sql.Tx
	d     dialect
	stmts map[string]*sql.Stmt // SQLite: statements prepared in this transaction

	tail     *tailCache
	appended []tailEntry      // change-log entries to write, in order; then for the tail cache
	lows     map[string]int64 // scopes not yet cached: their last seq before this transaction

	rows map[RowKey]storedRow // rows read ahead, read, or written (to be written at the end)
	mids map[string]deviceMID // devices' last mutation ids read or set
	// prints are the fingerprints of mutations applied in this
	// transaction, by device and mid, written at the end.
	prints map[string]map[int64]int64

	seqs    []int64 // PostgreSQL: sequence numbers taken and not used yet
	nextSeq int64   // SQLite: the next sequence number (0: not read yet)
	taken   int     // PostgreSQL: how many sequence numbers were taken
}

// RowKey names a row of the server's copy.
type RowKey struct{ Table, ID string }

// storedRow is a row as sync_rows holds it (fields as stored JSON, so that
// each Row call decodes its own copy); found is false for a row the
// database does not hold. A dirty row is written at the end of the
// transaction; scopeUnsure marks one written without being read first,
// whose scope is the database's if the database holds it (an existing row
// keeps its scope).
type storedRow struct {
	scope, fields string
	found, dirty  bool
	scopeUnsure   bool
}

// deviceMID is a device's last mutation id; set ones are written at the
// end of the transaction.
type deviceMID struct {
	mid int64
	set bool
}

// GroupPreparer is a storage transaction that can read ahead what a group
// of pushes reads, in a few queries.
type GroupPreparer interface {
	PrefetchRows(keys []RowKey) error
	PrefetchLastMIDs(deviceIDs []string) error
	// ReserveSeqs takes n change-log sequence numbers ahead (more are
	// taken if the transaction needs them).
	ReserveSeqs(n int) error
}

// prefetchChunk is how many rows or devices one read-ahead query asks for
// on SQLite (PostgreSQL takes them all in one array query).
const prefetchChunk = 400

// PrefetchRows reads the given rows in a few queries, so that Row answers
// them without a round trip each.
func (t *sqlTx) PrefetchRows(keys []RowKey) error {
	if t.rows == nil {
		t.rows = map[RowKey]storedRow{}
	}
	var want []RowKey
	for _, k := range keys {
		if _, ok := t.rows[k]; !ok {
			t.rows[k] = storedRow{}
			want = append(want, k)
		}
	}
	scan := func(rows *sql.Rows) error {
		var k RowKey
		var r storedRow
		if err := rows.Scan(&k.Table, &k.ID, &r.scope, &r.fields); err != nil {
			return err
		}
		r.found = true
		t.rows[k] = r
		return nil
	}
	if t.d.name == "postgres" && len(want) > 0 {
		tables, ids := make([]string, len(want)), make([]string, len(want))
		for i, k := range want {
			tables[i], ids[i] = k.Table, k.ID
		}
		return t.query(`SELECT tbl, row_id, scope, fields FROM sync_rows
			WHERE (tbl, row_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, []any{tables, ids}, scan)
	}
	for len(want) > 0 {
		n := min(len(want), prefetchChunk)
		chunk := want[:n]
		want = want[n:]
		args := make([]any, 0, 2*len(chunk))
		for _, k := range chunk {
			args = append(args, k.Table, k.ID)
		}
		q := `SELECT tbl, row_id, scope, fields FROM sync_rows WHERE (tbl, row_id) IN (VALUES ` + placeholders(len(chunk), 2) + `)`
		if err := t.query(q, args, scan); err != nil {
			return err
		}
	}
	return nil
}

// PrefetchLastMIDs reads the devices' last mutation ids in a few queries.
func (t *sqlTx) PrefetchLastMIDs(deviceIDs []string) error {
	if t.mids == nil {
		t.mids = map[string]deviceMID{}
	}
	var want []string
	seen := map[string]bool{}
	for _, id := range deviceIDs {
		if _, ok := t.mids[id]; !ok && !seen[id] {
			seen[id] = true
			want = append(want, id)
		}
	}
	scan := func(rows *sql.Rows) error {
		var id string
		var mid int64
		if err := rows.Scan(&id, &mid); err != nil {
			return err
		}
		t.mids[id] = deviceMID{mid: mid}
		return nil
	}
	if t.d.name == "postgres" && len(want) > 0 {
		return t.query(`SELECT id, last_mid FROM devices WHERE id = ANY($1::text[])`, []any{want}, scan)
	}
	for len(want) > 0 {
		n := min(len(want), prefetchChunk)
		chunk := make([]any, n)
		for i, id := range want[:n] {
			chunk[i] = id
		}
		want = want[n:]
		q := `SELECT id, last_mid FROM devices WHERE id IN (` + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + `)`
		if err := t.query(q, chunk, scan); err != nil {
			return err
		}
	}
	return nil
}

// ReserveSeqs takes n change-log sequence numbers ahead: on PostgreSQL
// from the table's sequence, in one query; on SQLite it reads where the
// log stands (its one writer counts on from there).
func (t *sqlTx) ReserveSeqs(n int) error {
	if t.d.name == "sqlite" {
		if t.nextSeq > 0 {
			return nil
		}
		var high int64
		// AUTOINCREMENT never reuses a number, even one whose entry is
		// gone: sqlite_sequence holds the highest ever given.
		err := t.queryRow(`SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'sync_changes'), 0),
			COALESCE((SELECT MAX(seq) FROM sync_changes), 0))`).Scan(&high)
		if err != nil {
			return err
		}
		t.nextSeq = high + 1
		return nil
	}
	if n <= 0 {
		return nil
	}
	rows, err := t.tx.QueryContext(t.ctx,
		`SELECT nextval(pg_get_serial_sequence('sync_changes', 'seq')) FROM generate_series(1, $1)`, n)
	if err != nil {
		return err
	}
	defer rows.Close()
	start := len(t.seqs)
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			return err
		}
		t.seqs = append(t.seqs, seq)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	added := t.seqs[start:]
	sort.Slice(added, func(a, b int) bool { return added[a] < added[b] })
	t.taken += len(added)
	return nil
}

// seq returns the next change-log sequence number, taking more if none is
// left.
func (t *sqlTx) seq() (int64, error) {
	if t.d.name == "sqlite" {
		if t.nextSeq == 0 {
			if err := t.ReserveSeqs(1); err != nil {
				return 0, err
			}
		}
		t.nextSeq++
		return t.nextSeq - 1, nil
	}
	if len(t.seqs) == 0 {
		if err := t.ReserveSeqs(max(64, t.taken)); err != nil {
			return 0, err
		}
		if len(t.seqs) == 0 {
			return 0, errors.New("the change log's sequence gave no number")
		}
	}
	seq := t.seqs[0]
	t.seqs = t.seqs[1:]
	return seq, nil
}

// placeholders is n groups of per placeholders: "(?, ?), (?, ?)".
func placeholders(n, per int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", per), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
}

// query runs q and calls each for every row.
func (t *sqlTx) query(q string, args []any, each func(*sql.Rows) error) error {
	rows, err := t.tx.QueryContext(t.ctx, t.d.rebind(q), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// stmt returns q prepared in the transaction, once per transaction. The
// SQLite driver compiles every statement it runs; a group of pushes runs the
// same few statements many times. (The PostgreSQL driver keeps prepared
// statements per connection by itself.) The statements close with the
// transaction.
func (t *sqlTx) stmt(q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(t.ctx, t.d.rebind(q))
	if err != nil {
		return nil, err
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[q] = st
	return st, nil
}

func (t *sqlTx) queryRow(q string, args ...any) rowScanner {
	if t.d.name == "sqlite" {
		st, err := t.stmt(q)
		if err != nil {
			return errRow{err}
		}
		return st.QueryRowContext(t.ctx, args...)
	}
	return t.tx.QueryRowContext(t.ctx, t.d.rebind(q), args...)
}

func (t *sqlTx) exec(q string, args ...any) error {
	if t.d.name == "sqlite" {
		st, err := t.stmt(q)
		if err != nil {
			return err
		}
		_, err = st.ExecContext(t.ctx, args...)
		return err
	}
	_, err := t.tx.ExecContext(t.ctx, t.d.rebind(q), args...)
	return err
}

// rowScanner is a row to scan (*sql.Row, or errRow).
type rowScanner interface{ Scan(dest ...any) error }

// errRow is a row that could not be queried.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

func (t *sqlTx) LastMID(deviceID string) (int64, error) {
	if m, ok := t.mids[deviceID]; ok {
		return m.mid, nil
	}
	var mid int64
	if err := t.queryRow(`SELECT last_mid FROM devices WHERE id = ?`, deviceID).Scan(&mid); err != nil {
		return 0, err
	}
	if t.mids == nil {
		t.mids = map[string]deviceMID{}
	}
	t.mids[deviceID] = deviceMID{mid: mid}
	return mid, nil
}

func (t *sqlTx) SetLastMID(deviceID string, mid int64) error {
	if t.mids == nil {
		t.mids = map[string]deviceMID{}
	}
	t.mids[deviceID] = deviceMID{mid: mid, set: true}
	return nil
}

func (t *sqlTx) Row(table, id string) (string, sync.RowState, bool, error) {
	k := RowKey{table, id}
	r, ok := t.rows[k]
	if !ok {
		r = storedRow{found: true}
		err := t.queryRow(`SELECT scope, fields FROM sync_rows WHERE tbl = ? AND row_id = ?`, table, id).Scan(&r.scope, &r.fields)
		if errors.Is(err, sql.ErrNoRows) {
			r = storedRow{}
		} else if err != nil {
			return "", nil, false, err
		}
		if t.rows == nil {
			t.rows = map[RowKey]storedRow{}
		}
		t.rows[k] = r
	}
	if r.scopeUnsure {
		var held string
		err := t.queryRow(`SELECT scope FROM sync_rows WHERE tbl = ? AND row_id = ?`, table, id).Scan(&held)
		if err == nil {
			r.scope = held
		} else if !errors.Is(err, sql.ErrNoRows) {
			return "", nil, false, err
		}
		r.scopeUnsure = false
		t.rows[k] = r
	}
	if !r.found {
		return "", nil, false, nil
	}
	var row sync.RowState
	if err := json.Unmarshal([]byte(r.fields), &row); err != nil {
		return "", nil, false, fmt.Errorf("stored row %s %s is damaged: %w", table, id, err)
	}
	return r.scope, row, true, nil
}

func (t *sqlTx) PutRow(table, id, scope string, row sync.RowState) error {
	b, err := json.Marshal(row)
	if err != nil {
		return err
	}
	if t.rows == nil {
		t.rows = map[RowKey]storedRow{}
	}
	k := RowKey{table, id}
	r, known := t.rows[k]
	if !r.found {
		r.scope = scope // an existing row keeps its scope, as the upsert does
	}
	r.fields, r.found, r.dirty = string(b), true, true
	r.scopeUnsure = r.scopeUnsure || !known
	t.rows[k] = r
	return nil
}

func (t *sqlTx) AppendChange(scope, table, id string, fields map[string]sync.Field, deviceID string) (int64, error) {
	b, err := json.Marshal(fields)
	if err != nil {
		return 0, err
	}
	if _, seen := t.lows[scope]; !seen && !t.tail.known(scope) {
		// The scope's first entry since this storage opened: where its
		// cached tail will begin (the transaction holds the scope's lock,
		// and its own entries are written at the end).
		var low int64
		if err := t.queryRow(`SELECT COALESCE(MAX(seq), 0) FROM sync_changes WHERE scope = ?`, scope).Scan(&low); err != nil {
			return 0, err
		}
		if t.lows == nil {
			t.lows = map[string]int64{}
		}
		t.lows[scope] = low
	}
	seq, err := t.seq()
	if err != nil {
		return 0, err
	}
	t.appended = append(t.appended, tailEntry{scope, StoredChange{Seq: seq, Table: table, Row: id, Fields: string(b), Device: deviceID}})
	return seq, nil
}

// flush writes what the transaction kept: the change-log entries, the
// rows written and the devices' last mutation ids. On PostgreSQL each is
// one statement whose columns are arrays (its text never changes, so the
// driver prepares it once per connection); SQLite, which has no round
// trips, runs a prepared statement per row.
func (t *sqlTx) flush() error {
	var dirty []RowKey
	for k, r := range t.rows {
		if r.dirty {
			dirty = append(dirty, k)
		}
	}
	// In key order, so that two transactions writing the same rows take
	// their locks in the same order.
	sort.Slice(dirty, func(a, b int) bool {
		if dirty[a].Table != dirty[b].Table {
			return dirty[a].Table < dirty[b].Table
		}
		return dirty[a].ID < dirty[b].ID
	})
	var set []string
	for id, m := range t.mids {
		if m.set {
			set = append(set, id)
		}
	}
	sort.Strings(set)
	var err error
	if t.d.name == "postgres" {
		err = t.flushArrays(dirty, set)
	} else {
		err = t.flushRows(dirty, set)
	}
	if err != nil {
		return err
	}
	for _, k := range dirty {
		r := t.rows[k]
		r.dirty = false
		t.rows[k] = r
	}
	for _, id := range set {
		t.mids[id] = deviceMID{mid: t.mids[id].mid}
	}
	t.prints = nil
	return nil
}

// flushArrays is flush on PostgreSQL.
func (t *sqlTx) flushArrays(dirty []RowKey, set []string) error {
	if n := len(t.appended); n > 0 {
		seqs := make([]int64, n)
		scopes, tables, ids, fields, devices := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		for i, e := range t.appended {
			seqs[i], scopes[i], tables[i], ids[i], fields[i], devices[i] = e.Seq, e.scope, e.Table, e.Row, e.Fields, e.Device
		}
		if err := t.exec(`INSERT INTO sync_changes(seq, scope, tbl, row_id, fields, device_id)
			SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
			seqs, scopes, tables, ids, fields, devices); err != nil {
			return err
		}
	}
	if n := len(dirty); n > 0 {
		tables, ids, scopes, fields := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		for i, k := range dirty {
			r := t.rows[k]
			tables[i], ids[i], scopes[i], fields[i] = k.Table, k.ID, r.scope, r.fields
		}
		if err := t.exec(`INSERT INTO sync_rows(tbl, row_id, scope, fields)
			SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
			ON CONFLICT(tbl, row_id) DO UPDATE SET fields = excluded.fields`, tables, ids, scopes, fields); err != nil {
			return err
		}
	}
	if devices, mids, fps := t.pendingPrints(); len(devices) > 0 {
		if err := t.exec(`INSERT INTO device_mids(device_id, mid, fp)
			SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
			ON CONFLICT(device_id, mid) DO NOTHING`, devices, mids, fps); err != nil {
			return err
		}
	}
	if n := len(set); n > 0 {
		mids := make([]int64, n)
		for i, id := range set {
			mids[i] = t.mids[id].mid
		}
		if err := t.exec(`UPDATE devices SET last_mid = v.mid FROM unnest($1::text[], $2::bigint[]) AS v(id, mid)
			WHERE devices.id = v.id`, set, mids); err != nil {
			return err
		}
	}
	return nil
}

// flushRows is flush on SQLite.
func (t *sqlTx) flushRows(dirty []RowKey, set []string) error {
	for _, e := range t.appended {
		if err := t.exec(`INSERT INTO sync_changes(seq, scope, tbl, row_id, fields, device_id) VALUES(?, ?, ?, ?, ?, ?)`,
			e.Seq, e.scope, e.Table, e.Row, e.Fields, e.Device); err != nil {
			return err
		}
	}
	for _, k := range dirty {
		r := t.rows[k]
		if err := t.exec(`INSERT INTO sync_rows(tbl, row_id, scope, fields) VALUES(?, ?, ?, ?)
			ON CONFLICT(tbl, row_id) DO UPDATE SET fields = excluded.fields`, k.Table, k.ID, r.scope, r.fields); err != nil {
			return err
		}
	}
	devices, mids, fps := t.pendingPrints()
	for i := range devices {
		if err := t.exec(`INSERT INTO device_mids(device_id, mid, fp) VALUES(?, ?, ?)
			ON CONFLICT(device_id, mid) DO NOTHING`, devices[i], mids[i], fps[i]); err != nil {
			return err
		}
	}
	for _, id := range set {
		if err := t.exec(`UPDATE devices SET last_mid = ? WHERE id = ?`, t.mids[id].mid, id); err != nil {
			return err
		}
	}
	return nil
}

func (t *sqlTx) MutationPrints(deviceID string, from, to int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	err := t.query(`SELECT mid, fp FROM device_mids WHERE device_id = ? AND mid >= ? AND mid <= ?`, []any{deviceID, from, to},
		func(rows *sql.Rows) error {
			var mid, fp int64
			if err := rows.Scan(&mid, &fp); err != nil {
				return err
			}
			out[mid] = fp
			return nil
		})
	for mid, fp := range t.prints[deviceID] {
		if mid >= from && mid <= to {
			out[mid] = fp
		}
	}
	return out, err
}

func (t *sqlTx) AddMutationPrint(deviceID string, mid, fp int64) error {
	if t.prints == nil {
		t.prints = map[string]map[int64]int64{}
	}
	if t.prints[deviceID] == nil {
		t.prints[deviceID] = map[int64]int64{}
	}
	t.prints[deviceID][mid] = fp
	return nil
}

// pendingPrints lists the fingerprints to write, in key order.
func (t *sqlTx) pendingPrints() (devices []string, mids, fps []int64) {
	for _, id := range slices.Sorted(maps.Keys(t.prints)) {
		byMID := t.prints[id]
		for _, mid := range slices.Sorted(maps.Keys(byMID)) {
			devices, mids, fps = append(devices, id), append(mids, mid), append(fps, byMID[mid])
		}
	}
	return devices, mids, fps
}

func (t *sqlTx) EventsWithPrev(referralID, prevID string) ([]sync.EventLink, error) {
	var out []sync.EventLink
	err := t.query(`SELECT event_id, referral_id, prev_id, status, hlc, device_id, user_name
		FROM event_links WHERE referral_id = ? AND prev_id = ? ORDER BY hlc`, []any{referralID, prevID}, func(rows *sql.Rows) error {
		var l sync.EventLink
		if err := rows.Scan(&l.EventID, &l.ReferralID, &l.PrevID, &l.Status, &l.HLC, &l.Device, &l.User); err != nil {
			return err
		}
		out = append(out, l)
		return nil
	})
	return out, err
}

func (t *sqlTx) AddEventLink(l sync.EventLink) error {
	return t.exec(`INSERT INTO event_links(event_id, referral_id, prev_id, status, hlc, device_id, user_name)
		VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING`,
		l.EventID, l.ReferralID, l.PrevID, l.Status, l.HLC, l.Device, l.User)
}
