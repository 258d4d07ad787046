package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"trellis/data"
)

// querier is what reads need: the reader pool, or a write transaction
// reading its own writes.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// selectCols is "id, col1, col2, ..." for a table.
func (t *tableDef) selectCols(alias string) string {
	prefix := ""
	if alias != "" {
		prefix = alias + "."
	}
	out := prefix + "id"
	for _, c := range t.cols {
		out += ", " + prefix + `"` + c.name + `"`
	}
	return out
}

// scanInto reads the current row (as selected by selectCols, possibly
// followed by extra columns) into rec and returns the extra values.
func (s *Store) scanInto(def *tableDef, rows *sql.Rows, rec reflect.Value, extra int) ([]any, error) {
	dest := make([]any, 1+len(def.cols)+extra)
	ptrs := make([]any, len(dest))
	for i := range dest {
		ptrs[i] = &dest[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	rec.Field(0).SetString(asString(dest[0]))
	for i := range def.cols {
		c := &def.cols[i]
		val, err := s.open(c, dest[1+i])
		if err != nil {
			return nil, fmt.Errorf("reading %s.%s: %w", def.Name, c.name, err)
		}
		if err := c.fromSQL(rec.Field(c.field), val); err != nil {
			// A value this build cannot read (one a bad change brought in
			// before changes were checked) reads as empty: one bad field
			// must not make a whole list unreadable.
			f := rec.Field(c.field)
			f.Set(reflect.Zero(f.Type()))
		}
	}
	return dest[1+len(def.cols):], nil
}

// list runs a query selecting a table's columns (from "FROM ..." on) and
// returns the records.
func list[T any](ctx context.Context, s *Store, q querier, from string, args ...any) ([]T, error) {
	def := tableByType[reflect.TypeOf((*T)(nil)).Elem()]
	rows, err := q.QueryContext(ctx, `SELECT `+def.selectCols("t")+` `+from, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var rec T
		if _, err := s.scanInto(def, rows, reflect.ValueOf(&rec).Elem(), 0); err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// get reads one live record by id.
func get[T any](ctx context.Context, s *Store, q querier, id string) (T, error) {
	def := tableByType[reflect.TypeOf((*T)(nil)).Elem()]
	recs, err := list[T](ctx, s, q, `FROM `+def.Name+` t WHERE t.id = ? AND t.deleted = 0`, id)
	var zero T
	if err != nil {
		return zero, err
	}
	if len(recs) == 0 {
		return zero, &data.NotFoundError{Kind: def.Kind, ID: id}
	}
	return recs[0], nil
}

// Get reads one live record of any stored type by id, for example
// store.Get[data.Service](ctx, st, id).
func Get[T any](ctx context.Context, s *Store, id string) (T, error) {
	return get[T](ctx, s, s.r, id)
}

// txQuerier lets reads inside a write transaction see its own writes.
type txQuerier struct{ tx *Tx }

func (q txQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.tx.tx.QueryContext(ctx, query, args...)
}

// GetTx reads one live record inside a write transaction.
func GetTx[T any](tx *Tx, id string) (T, error) {
	return get[T](tx.ctx, tx.s, txQuerier{tx}, id)
}

var errNoRows = sql.ErrNoRows

func isNoRows(err error) bool { return errors.Is(err, errNoRows) }

func isNotFound(err error) bool { return errors.Is(err, data.ErrNotFound) }

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func reflectValue(ptr any) reflect.Value { return reflect.ValueOf(ptr).Elem() }
