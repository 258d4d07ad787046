package store

import (
	"encoding/json"
	"fmt"

	"trellis/data/hlc"
)

// adoptNode makes node this profile's clock node from now on and moves to
// it the changes still waiting in the outbox after seq: their timestamps
// keep their time and counter and take the new node, and a row's clock
// that still holds one of them follows. The county server accepts from a
// device only timestamps of the node it gave that device, and gives each
// device its own, so that two laptops can never issue the same timestamp
// (a copied profile would otherwise share its original's). Changes already
// sent keep their timestamps, as the server holds them.
func (tx *Tx) adoptNode(node string, afterSeq int64) error {
	if err := hlc.ValidNode(node); err != nil {
		return fmt.Errorf("the county server gave a bad clock node: %w", err)
	}
	clock := tx.s.clock
	old := clock.Node()
	if node == old {
		return nil
	}
	moved := map[string]string{} // old timestamp → new one
	move := func(stamp string) string {
		if m, ok := moved[stamp]; ok {
			return m
		}
		ts, err := hlc.Parse(stamp)
		if err != nil || ts.Node != old {
			return stamp
		}
		ts.Node = node
		moved[stamp] = ts.String()
		return moved[stamp]
	}
	type entry struct {
		seq        int64
		table, row string
		fields     string
	}
	var entries []entry
	rows, err := tx.tx.QueryContext(tx.ctx, `SELECT seq, tbl, row_id, fields FROM outbox WHERE seq > ? ORDER BY seq`, afterSeq)
	if err != nil {
		return err
	}
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.seq, &e.table, &e.row, &e.fields); err != nil {
			rows.Close()
			return err
		}
		entries = append(entries, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	touched := map[string][]string{} // table → rows whose clocks may hold a moved stamp
	seen := map[string]bool{}
	for _, e := range entries {
		var fields map[string]struct {
			Value json.RawMessage `json:"value"`
			HLC   string          `json:"hlc"`
		}
		if err := json.Unmarshal([]byte(e.fields), &fields); err != nil {
			return fmt.Errorf("outbox entry %d is damaged: %w", e.seq, err)
		}
		for col, f := range fields {
			f.HLC = move(f.HLC)
			fields[col] = f
		}
		b, err := json.Marshal(fields)
		if err != nil {
			return err
		}
		if err := tx.exec(`UPDATE outbox SET fields = ? WHERE seq = ?`, string(b), e.seq); err != nil {
			return err
		}
		if key := e.table + "\x00" + e.row; !seen[key] {
			seen[key] = true
			touched[e.table] = append(touched[e.table], e.row)
		}
	}
	for table, ids := range touched {
		def := tableByName[table]
		if def == nil {
			continue // a table of a newer Trellis: only its outbox entries
		}
		for _, id := range ids {
			var clockStr string
			if err := tx.queryRow(`SELECT clocks FROM `+def.Name+` WHERE id = ?`, id).Scan(&clockStr); err != nil {
				if isNoRows(err) {
					continue
				}
				return err
			}
			cl, err := parseClocks(clockStr)
			if err != nil {
				return err
			}
			changed := false
			for col, stamp := range cl {
				if m, ok := moved[stamp]; ok {
					cl[col], changed = m, true
				}
			}
			if changed {
				if err := tx.exec(`UPDATE `+def.Name+` SET clocks = ? WHERE id = ?`, cl.encode(), id); err != nil {
					return err
				}
			}
		}
	}
	if err := tx.exec(`UPDATE meta SET value = ? WHERE key = ?`, node, metaNode); err != nil {
		return err
	}
	if err := clock.SetNode(node); err != nil {
		return err
	}
	tx.undo = append(tx.undo, func() { clock.SetNode(old) })
	return nil
}
