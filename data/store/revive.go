package store

import (
	"database/sql"
	"errors"

	"trellis/data"
)

// hasRow reports whether table holds a row with id whose deleted flag is
// deleted (0 for a live row, 1 for a tombstone).
func (tx *Tx) hasRow(table, id string, deleted int) (bool, error) {
	var one int
	err := tx.queryRow(`SELECT 1 FROM `+table+` WHERE id = ? AND deleted = ?`, id, deleted).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// revive writes rec over the tombstone with its id: every field and the
// deleted flag are stamped anew, so sync carries the record back to life
// on every device.
func (tx *Tx) revive(rec any) error {
	def, id, values, err := tx.validated(rec)
	if err != nil {
		return err
	}
	var clockStr string
	if err := tx.queryRow(`SELECT clocks FROM `+def.Name+` WHERE id = ?`, id).Scan(&clockStr); err != nil {
		return err
	}
	cl, err := parseClocks(clockStr)
	if err != nil {
		return err
	}
	stamp := tx.stamp()
	for col := range values {
		cl[col] = stamp
	}
	values[data.DeletedField] = int64(0)
	cl[data.DeletedField] = stamp
	return tx.writeRow(def, id, values, cl, stamp, false)
}

// validated validates rec (a record with an id) and returns its table, id
// and plain values, read after validation may have normalized them.
func (tx *Tx) validated(rec any) (*tableDef, string, map[string]any, error) {
	def, v := defOf(rec)
	values := def.plainValues(v)
	if err := tx.validate(def, rec, values); err != nil {
		return nil, "", nil, err
	}
	return def, v.Field(0).String(), def.plainValues(v), nil
}
