package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"trellis/data"
)

// Tx is one write transaction. Everything written through a Tx commits
// together or not at all. A Tx must not be used after its Write returns.
type Tx struct {
	s       *Store
	tx      *sql.Tx
	ctx     context.Context
	now     time.Time
	groups  map[group]bool
	stamped bool // a timestamp was issued: persist the clock
	stmts   map[string]*sql.Stmt
	// unprepared are the queries the store had not prepared yet.
	unprepared []string
	puts       map[string]string // putRow's statements by table, kind and columns
	// live remembers rows (table + "\x00" + id) known to exist and not be
	// deleted in this transaction, so that references to rows written or
	// checked earlier in it need no query.
	live map[string]bool
	// undo puts back, if the transaction does not commit, what it changed
	// outside the database (the clock's node).
	undo []func()
	// localOnly keeps this transaction's changes out of the outbox (see
	// LocalOnly).
	localOnly bool
}

// LocalOnly makes every change the transaction writes from now on stay on
// this laptop: the rows are stored as usual but not put in the outbox, so
// sync never sends them and they are not counted as changes waiting. It is
// for made-up data (the app's demo county), which must never reach a
// county server. An edit made later to such a row is a change like any
// other.
func (tx *Tx) LocalOnly() { tx.localOnly = true }

// Write runs fn in a write transaction. If fn returns an error, or the
// context is cancelled, nothing fn wrote is kept.
func (s *Store) Write(ctx context.Context, fn func(tx *Tx) error) error {
	s.preparePending(ctx)
	sqlTx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cannot start writing: %w", err)
	}
	tx := &Tx{s: s, tx: sqlTx, ctx: ctx, now: s.now(), groups: map[group]bool{}, stmts: map[string]*sql.Stmt{}, puts: map[string]string{}, live: map[string]bool{}}
	defer func() {
		for _, st := range tx.stmts {
			st.Close()
		}
		if len(tx.unprepared) > 0 {
			s.notePrepare(tx.unprepared)
		}
	}()
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		tx.rollBack()
		return cancelled(ctx, err)
	}
	if err := tx.finish(); err != nil {
		sqlTx.Rollback()
		tx.rollBack()
		return cancelled(ctx, err)
	}
	if err := sqlTx.Commit(); err != nil {
		tx.rollBack()
		return cancelled(ctx, fmt.Errorf("cannot save: %w", err))
	}
	s.afterWrite()
	return nil
}

// cancelled is the error of a write that failed with err: the context's
// error if it was cancelled, since database/sql then rolls the transaction
// back on its own goroutine and the statements after that fail with
// "statement is closed" or "transaction has already been committed or
// rolled back", which say nothing of the cause.
func cancelled(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w (%v)", cerr, err)
	}
	return err
}

// rollBack undoes, newest first, what the transaction changed outside the
// database.
func (tx *Tx) rollBack() {
	for i := len(tx.undo) - 1; i >= 0; i-- {
		tx.undo[i]()
	}
}

// finish persists the clock and bumps the generation of every index the
// transaction touched, in the transaction itself.
func (tx *Tx) finish() error {
	if tx.stamped {
		if err := tx.exec(`INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
			metaClock, tx.s.clock.Last().String()); err != nil {
			return err
		}
	}
	for g := range tx.groups {
		if err := tx.exec(`INSERT INTO meta(key, value) VALUES(?, '1')
			ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`, metaGen+string(g)); err != nil {
			return err
		}
	}
	return nil
}

// Now returns the time the transaction started.
func (tx *Tx) Now() time.Time { return tx.now }

// exec runs a statement, prepared once (see stmt).
func (tx *Tx) exec(query string, args ...any) error {
	st, err := tx.stmt(query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(tx.ctx, args...)
	return err
}

// stmt returns query's statement in this transaction: the store's
// prepared statement bound to the transaction (database/sql then reuses
// the writer connection's compiled statement) or, the first time the
// store sees query, one prepared for this transaction alone, which the
// store prepares for the next writes (see preparePending).
func (tx *Tx) stmt(query string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[query]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if base := tx.s.preparedStmt(query); base != nil {
		st = tx.tx.StmtContext(tx.ctx, base)
	} else {
		var err error
		if st, err = tx.tx.PrepareContext(tx.ctx, query); err != nil {
			return nil, err
		}
		tx.unprepared = append(tx.unprepared, query)
	}
	tx.stmts[query] = st
	return st, nil
}

func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	st, err := tx.stmt(query)
	if err != nil {
		return tx.tx.QueryRowContext(tx.ctx, query, args...)
	}
	return st.QueryRowContext(tx.ctx, args...)
}

// clocks is a row's per-column timestamps; "*" covers unlisted columns.
type clocks map[string]string

func (c clocks) of(col string) string {
	if t, ok := c[col]; ok {
		return t
	}
	return c["*"]
}

func parseClocks(s string) (clocks, error) {
	c := clocks{}
	if s == "" || s == "{}" {
		return c, nil
	}
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		return nil, fmt.Errorf("damaged clocks %q: %w", s, err)
	}
	return c, nil
}

func (c clocks) encode() string {
	if t, ok := c["*"]; ok && len(c) == 1 && jsonPlain(t) {
		return `{"*":"` + t + `"}`
	}
	b, _ := json.Marshal(map[string]string(c))
	return string(b)
}

// defOf returns the table of a record (a pointer to a data.* struct).
func defOf(rec any) (*tableDef, reflect.Value) {
	v := reflect.ValueOf(rec)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		panic(fmt.Sprintf("store: %T is not a pointer to a record", rec))
	}
	def := tableByType[v.Elem().Type()]
	if def == nil {
		panic(fmt.Sprintf("store: %T is not stored", rec))
	}
	return def, v.Elem()
}

type validatorNow interface{ Validate(time.Time) error }
type validator interface{ Validate() error }

// validate runs the record's own checks, then checks its references.
func (tx *Tx) validate(def *tableDef, rec any, values map[string]any) error {
	var err error
	switch v := rec.(type) {
	case validatorNow:
		err = v.Validate(tx.now)
	case validator:
		err = v.Validate()
	}
	if err != nil {
		return err
	}
	c := data.Checker{Kind: def.Kind, Now: tx.now}
	for _, r := range def.Refs {
		id := asString(values[r.Column])
		if id == "" {
			continue
		}
		ok, err := tx.exists(r.Table, id)
		if err != nil {
			return err
		}
		if !ok {
			c.Add(r.Column, data.CodeUnknownID, id)
		}
	}
	return c.Err()
}

// exists reports whether a live (not deleted) row with id is in table.
func (tx *Tx) exists(table, id string) (bool, error) {
	key := table + "\x00" + id
	if tx.live[key] {
		return true, nil
	}
	ok, err := tx.hasRow(table, id, 0)
	if ok {
		tx.live[key] = true
	}
	return ok, err
}

// insert validates rec and writes it as a new row, giving it an id if it
// has none. Every field is stamped with one timestamp.
func (tx *Tx) insert(rec any) error {
	def, v := defOf(rec)
	idField := v.Field(0)
	if idField.String() == "" {
		idField.SetString(data.NewID())
	}
	id := idField.String()
	values := def.plainValues(v)
	if err := tx.validate(def, rec, values); err != nil {
		return err
	}
	// validate may have normalized fields: read them again.
	values = def.plainValues(v)
	stamp := tx.stamp()
	// The primary key refuses an id that is taken (even by a tombstone).
	err := tx.writeRow(def, id, values, clocks{"*": stamp}, stamp, true)
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY {
		return fmt.Errorf("a %s with id %s already exists", def.Kind, id)
	}
	return err
}

// update validates rec and writes the fields that differ from the stored
// row, stamping only those. It is not an error if nothing changed.
func (tx *Tx) update(rec any) error {
	def, id, values, err := tx.validated(rec)
	if err != nil {
		return err
	}
	current, cl, err := tx.currentRow(def, id)
	if err != nil {
		return err
	}
	changed := map[string]any{}
	for col, val := range values {
		if !sameValue(current[col], val) {
			changed[col] = val
		}
	}
	if len(changed) == 0 {
		return nil
	}
	withRoute(def, changed, current)
	stamp := tx.stamp()
	for col := range changed {
		cl[col] = stamp
	}
	return tx.writeRow(def, id, changed, cl, stamp, false)
}

// withRoute adds to the changed columns of a shared row the column naming
// the organization it is shared with (the registry's Scope.AlsoColumn),
// which every change of such a row carries: the county server places a
// change by it before reading the row.
func withRoute(def *tableDef, changed, current map[string]any) {
	if col := def.Scope.AlsoColumn; col != "" {
		changed[col] = current[col]
	}
}

// remove marks a row deleted (a tombstone that sync carries).
func (tx *Tx) remove(table, id string) error {
	def := tableByName[table]
	current, cl, err := tx.currentRow(def, id)
	if err != nil {
		return err
	}
	changed := map[string]any{data.DeletedField: int64(1)}
	withRoute(def, changed, current)
	stamp := tx.stamp()
	for col := range changed {
		cl[col] = stamp
	}
	return tx.writeRow(def, id, changed, cl, stamp, false)
}

// stamp issues a new timestamp for this transaction's changes.
func (tx *Tx) stamp() string {
	tx.stamped = true
	return tx.s.clock.Now().String()
}

// currentRow reads a live row's plain values and clocks.
func (tx *Tx) currentRow(def *tableDef, id string) (map[string]any, clocks, error) {
	cols := make([]string, len(def.cols))
	for i, c := range def.cols {
		cols[i] = c.name
	}
	row := tx.queryRow(`SELECT `+quoteCols(cols)+`, clocks FROM `+def.Name+` WHERE id = ? AND deleted = 0`, id)
	dest := make([]any, len(cols)+1)
	ptrs := make([]any, len(dest))
	for i := range dest {
		ptrs[i] = &dest[i]
	}
	if err := row.Scan(ptrs...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, &data.NotFoundError{Kind: def.Kind, ID: id}
		}
		return nil, nil, err
	}
	values := make(map[string]any, len(cols))
	for i, c := range def.cols {
		val, err := tx.s.open(&c, dest[i])
		if err != nil {
			return nil, nil, err
		}
		values[c.name] = val
	}
	cl, err := parseClocks(asString(dest[len(cols)]))
	return values, cl, err
}

// writeRow seals values, writes them (inserting the row if isNew), stores
// the row's clocks and appends the change to the outbox.
func (tx *Tx) writeRow(def *tableDef, id string, values map[string]any, cl clocks, stamp string, isNew bool) error {
	sealed, err := tx.s.sealAll(def, values)
	if err != nil {
		return err
	}
	if err := tx.putRow(def, id, sealed, cl, isNew); err != nil {
		return err
	}
	if tx.localOnly {
		return nil
	}
	b, err := outboxFields(sealed, stamp)
	if err != nil {
		return err
	}
	return tx.exec(`INSERT INTO outbox(tbl, row_id, fields) VALUES(?, ?, ?)`, def.Name, id, string(b))
}

// putRow writes already-sealed values and clocks to the table.
func (tx *Tx) putRow(def *tableDef, id string, sealed map[string]any, cl clocks, isNew bool) error {
	cols := make([]string, 0, len(sealed))
	for col := range sealed {
		cols = append(cols, col)
	}
	sort.Strings(cols)
	args := make([]any, 0, len(cols)+2)
	if isNew {
		args = append(args, id)
	}
	for _, c := range cols {
		args = append(args, sealed[c])
	}
	args = append(args, cl.encode())
	if !isNew {
		args = append(args, id)
	}
	if err := tx.exec(tx.putQuery(def, cols, isNew), args...); err != nil {
		return fmt.Errorf("saving %s %s: %w", def.Kind, id, err)
	}
	key := def.Name + "\x00" + id
	if d, ok := sealed[data.DeletedField]; ok && asInt(d) != 0 {
		delete(tx.live, key)
	} else if isNew && asInt(sealed[data.DeletedField]) == 0 {
		tx.live[key] = true
	}
	if def.group != groupNone {
		tx.groups[def.group] = true
	}
	return nil
}

// putQuery returns the statement putRow runs for these (sorted) columns,
// built once per transaction.
func (tx *Tx) putQuery(def *tableDef, cols []string, isNew bool) string {
	var key strings.Builder
	key.WriteString(def.Name)
	if isNew {
		key.WriteString("\x00i")
	} else {
		key.WriteString("\x00u")
	}
	for _, c := range cols {
		key.WriteByte(0)
		key.WriteString(c)
	}
	if q, ok := tx.puts[key.String()]; ok {
		return q
	}
	var q string
	if isNew {
		q = `INSERT INTO ` + def.Name + `(id, ` + quoteCols(cols) + `, clocks) VALUES(?` + strings.Repeat(", ?", len(cols)+1) + `)`
	} else {
		set := make([]string, len(cols))
		for i, c := range cols {
			set[i] = `"` + c + `" = ?`
		}
		q = `UPDATE ` + def.Name + ` SET ` + strings.Join(set, ", ") + `, clocks = ? WHERE id = ?`
	}
	tx.puts[key.String()] = q
	return q
}

func quoteCols(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = `"` + c + `"`
	}
	return strings.Join(q, ", ")
}

func sameValue(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case int64:
		y, ok := b.(int64)
		return ok && x == y
	}
	return asString(a) == asString(b) && b != nil
}

// sealAll returns values with every sealed column passed through the codec
// (values itself, for a table without sealed columns).
func (s *Store) sealAll(def *tableDef, values map[string]any) (map[string]any, error) {
	if !def.sealed {
		return values, nil
	}
	out := make(map[string]any, len(values))
	for col, val := range values {
		c := def.byCol[col]
		if c != nil && c.sealed && asString(val) != "" {
			sv, err := s.codec.Seal(asString(val))
			if err != nil {
				return nil, fmt.Errorf("sealing %s.%s: %w", def.Name, col, err)
			}
			val = sv
		}
		out[col] = val
	}
	return out, nil
}

// open returns a stored value with the codec undone for sealed columns.
func (s *Store) open(c *colDef, val any) (any, error) {
	if b, ok := val.([]byte); ok {
		val = string(b)
	}
	if c.sealed {
		if str := asString(val); str != "" {
			return s.codec.Open(str)
		}
	}
	return val, nil
}

// Delete marks the record of the given table and id deleted. Sync carries
// the tombstone; the row stays so that a late edit can be recognized.
func (tx *Tx) Delete(table, id string) error {
	if tableByName[table] == nil {
		return fmt.Errorf("store: no table %q", table)
	}
	return tx.remove(table, id)
}

// compactClocks stores a row whose fields share one timestamp as {"*": t}.
func compactClocks(cl clocks) clocks {
	first := ""
	for _, t := range cl {
		if first == "" {
			first = t
		} else if t != first {
			return cl
		}
	}
	if first == "" {
		return cl
	}
	return clocks{"*": first}
}
