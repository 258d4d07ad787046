package store

import (
	"context"
	"encoding/json"
	"fmt"

	"trellis/data"
)

// OutboxEntry is one recorded local change waiting for sync.
type OutboxEntry struct {
	Seq    int64 // increases by one with every change, in commit order
	Change data.Change
}

// Outbox returns up to limit changes after seq, oldest first, with sealed
// values opened (they travel plain, inside TLS).
func (s *Store) Outbox(ctx context.Context, afterSeq int64, limit int) ([]OutboxEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT seq, tbl, row_id, fields FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`, afterSeq, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OutboxEntry
	for rows.Next() {
		var e OutboxEntry
		var fields string
		if err := rows.Scan(&e.Seq, &e.Change.Table, &e.Change.ID, &fields); err != nil {
			return nil, err
		}
		if e.Change.Fields, err = s.openFields(e.Change.Table, fields); err != nil {
			return nil, fmt.Errorf("outbox entry %d: %w", e.Seq, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// openFields decodes the fields of a change to table as the outbox keeps
// them (JSON, sensitive values sealed) into plain values.
func (s *Store) openFields(table, fields string) (map[string]data.FieldValue, error) {
	var out map[string]data.FieldValue
	if err := json.Unmarshal([]byte(fields), &out); err != nil {
		return nil, fmt.Errorf("the change is damaged: %w", err)
	}
	def := tableByName[table]
	if def == nil {
		return out, nil
	}
	for col, fv := range out {
		if c := def.byCol[col]; c != nil {
			v, err := c.normalizeValue(fv.Value)
			if err != nil {
				return nil, err
			}
			if v, err = s.open(c, v); err != nil {
				return nil, err
			}
			fv.Value = v
		} else if col == data.DeletedField {
			fv.Value = asInt(fv.Value)
		}
		out[col] = fv
	}
	return out, nil
}

// PendingChanges counts the changes in the outbox after seq.
func (s *Store) PendingChanges(ctx context.Context, afterSeq int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE seq > ?`, afterSeq).Scan(&n)
	return n, err
}

// TrimOutbox deletes the changes up to and including seq, once the server
// has acknowledged them.
func (tx *Tx) TrimOutbox(throughSeq int64) error {
	return tx.exec(`DELETE FROM outbox WHERE seq <= ?`, throughSeq)
}

// SetMeta sets a meta value inside the transaction (sync keeps its cursors
// here, so they commit with the changes they describe).
func (tx *Tx) SetMeta(key, value string) error {
	return tx.exec(`INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
}

// Meta reads a meta value inside the transaction ("" if unset).
func (tx *Tx) Meta(key string) (string, error) {
	var v string
	err := tx.queryRow(`SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if isNoRows(err) {
		return "", nil
	}
	return v, err
}
