package store

import (
	"database/sql"
	"encoding/json"
	"fmt"

	"trellis/data"
	"trellis/data/hlc"
)

// ApplyRemoteBatch merges changes received from sync into the local rows,
// in order; it is the store's one way to apply them (one change is a batch
// of one). Each field is written if and only if its timestamp is greater
// than the one stored for that field (last writer wins by (HLC, node)), so
// applying the same changes twice, or in any order, gives the same rows.
// Nothing is added to the outbox. Values arrive plain, as they travel, and
// are sealed here. The timestamps of the rows the changes touch are read
// in one query per table, a row this replica does not hold yet is inserted
// without merging, the clock observes the newest timestamp of the batch,
// and a referral whose status history changed has its derived status
// recomputed once, at the end.
//
// An error names the change at fault; the caller's transaction must then
// be abandoned (Write rolls it back), as some changes may have been written.
func (tx *Tx) ApplyRemoteBatch(chs []data.Change) error {
	if len(chs) == 0 {
		return nil
	}
	defs := make([]*tableDef, len(chs))
	ids := map[*tableDef][]string{}
	newest, checked := "", ""
	for i, ch := range chs {
		def := tableByName[ch.Table]
		if def == nil {
			return fmt.Errorf("unknown table %q", ch.Table)
		}
		if !data.ValidID(ch.ID) {
			return fmt.Errorf("bad id %q in %s", ch.ID, ch.Table)
		}
		for _, fv := range ch.Fields {
			// The fields of one change usually share a timestamp.
			if fv.HLC != checked {
				if _, err := hlc.Parse(fv.HLC); err != nil {
					return fmt.Errorf("%s %s: %w", ch.Table, ch.ID, err)
				}
				checked = fv.HLC
			}
			// Timestamps are fixed-width text: text order is time order.
			if fv.HLC > newest {
				newest = fv.HLC
			}
		}
		defs[i] = def
		ids[def] = append(ids[def], ch.ID)
	}
	if ts, _ := hlc.Parse(newest); !ts.IsZero() {
		if err := tx.s.clock.Observe(ts); err != nil {
			return err
		}
	}
	known := map[string]clocks{} // table + "\x00" + id → clocks of a row held
	for def, list := range ids {
		if err := tx.loadClocks(def, list, known); err != nil {
			return err
		}
	}
	var events []string // referral_events rows written
	for i, ch := range chs {
		def := defs[i]
		key := def.Name + "\x00" + ch.ID
		cl, held := known[key]
		if !held {
			cl = clocks{}
		}
		winners := make(map[string]any, len(ch.Fields))
		for col, fv := range ch.Fields {
			val, err := def.remoteValue(col, fv.Value)
			if err != nil {
				return fmt.Errorf("%s %s: %w", ch.Table, ch.ID, err)
			}
			if !held || fv.HLC > cl.of(col) {
				winners[col] = val
				cl[col] = fv.HLC
			}
		}
		if len(winners) == 0 {
			continue
		}
		if !held && len(ch.Fields) >= len(def.cols) {
			cl = compactClocks(cl)
		}
		sealed, err := tx.s.sealAll(def, winners)
		if err != nil {
			return err
		}
		if err := tx.putRow(def, ch.ID, sealed, cl, !held); err != nil {
			return err
		}
		known[key] = cl
		if def.Name == "referral_events" {
			events = append(events, ch.ID)
		}
	}
	return tx.refreshReferralsOf(events)
}

// loadClocks reads the clocks of those of ids that table holds (deleted
// or not) into known.
func (tx *Tx) loadClocks(def *tableDef, ids []string, known map[string]clocks) error {
	return tx.queryList(`SELECT id, clocks FROM `+def.Name+` WHERE id IN (SELECT value FROM json_each(?))`, ids,
		func(rows *sql.Rows) error {
			var id, clockStr string
			if err := rows.Scan(&id, &clockStr); err != nil {
				return err
			}
			cl, err := parseClocks(clockStr)
			known[def.Name+"\x00"+id] = cl
			return err
		})
}

// refreshReferralsOf recomputes, once each, the derived status of the
// referrals the given status events belong to.
func (tx *Tx) refreshReferralsOf(events []string) error {
	if len(events) == 0 {
		return nil
	}
	var refs []string
	err := tx.queryList(`SELECT DISTINCT referral_id FROM referral_events WHERE id IN (SELECT value FROM json_each(?))`, events,
		func(rows *sql.Rows) error {
			var id string
			err := rows.Scan(&id)
			refs = append(refs, id)
			return err
		})
	if err != nil {
		return err
	}
	return tx.refreshReferrals(refs)
}

// queryList runs query, whose one parameter is a JSON array of ids, and
// calls each for every row.
func (tx *Tx) queryList(query string, ids []string, each func(*sql.Rows) error) error {
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	st, err := tx.stmt(query)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(tx.ctx, string(list))
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

// remoteValue converts a value that arrived from sync for col to what the
// column stores, before sealing.
func (def *tableDef) remoteValue(col string, v any) (any, error) {
	if col == data.DeletedField {
		return asInt(v), nil
	}
	c := def.byCol[col]
	if c == nil {
		return nil, fmt.Errorf("unknown column %s.%s", def.Name, col)
	}
	return c.normalizeValue(v)
}
