package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// A first sync inserts a whole county's records into an empty store, under
// random (UUID) keys. Keeping two dozen secondary indexes up to date row by
// row costs more than building them once at the end from sorted keys, so
// the sync client drops them for a first sync (DeferIndexes) and builds them
// again when it stops, finished or not (RestoreIndexes). Their definitions
// are kept in meta in the same transaction that drops them, and Open builds
// any still missing, so a laptop switched off mid-sync gets them back.

// metaDeferredIndexes holds the definitions of the indexes DeferIndexes
// dropped, as a JSON list.
const metaDeferredIndexes = "deferred_indexes"

// keptIndexes are the indexes applying pulled changes reads (a referral's
// status is recomputed from its events): they stay.
var keptIndexes = map[string]bool{"referral_events_referral": true}

// deferredIndex is an index dropped for a bulk load.
type deferredIndex struct {
	Name string `json:"name"`
	SQL  string `json:"sql"`
}

// DeferIndexes drops the store's secondary indexes (not unique ones)
// until RestoreIndexes (or the next Open) builds them again. Reads still
// work meanwhile, only slower. It does nothing if they are already
// deferred.
func (s *Store) DeferIndexes(ctx context.Context) error {
	return s.Write(ctx, func(tx *Tx) error {
		if v, err := tx.Meta(metaDeferredIndexes); err != nil || v != "" {
			return err
		}
		// A unique index is a rule, not only a shortcut: it stays.
		rows, err := tx.tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master
			WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name`)
		if err != nil {
			return err
		}
		var drop []deferredIndex
		for rows.Next() {
			var ix deferredIndex
			if err := rows.Scan(&ix.Name, &ix.SQL); err != nil {
				rows.Close()
				return err
			}
			if !keptIndexes[ix.Name] {
				drop = append(drop, ix)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(drop) == 0 {
			return nil
		}
		b, err := json.Marshal(drop)
		if err != nil {
			return err
		}
		if err := tx.SetMeta(metaDeferredIndexes, string(b)); err != nil {
			return err
		}
		for _, ix := range drop {
			if _, err := tx.tx.ExecContext(ctx, `DROP INDEX "`+ix.Name+`"`); err != nil {
				return fmt.Errorf("dropping index %s: %w", ix.Name, err)
			}
		}
		return nil
	})
}

// RestoreIndexes builds the indexes DeferIndexes dropped, in one
// transaction; it does nothing if none are deferred.
func (s *Store) RestoreIndexes(ctx context.Context) error {
	return restoreIndexes(ctx, s.w)
}

// restoreIndexes is RestoreIndexes on the writer's database, usable
// before the store is fully open.
func restoreIndexes(ctx context.Context, w *sql.DB) error {
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var tables int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'`).Scan(&tables); err != nil || tables == 0 {
		return err // a new store has nothing deferred
	}
	var v string
	err = tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, metaDeferredIndexes).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) || err == nil && v == "" {
		return nil
	}
	if err != nil {
		return err
	}
	var ixs []deferredIndex
	if err := json.Unmarshal([]byte(v), &ixs); err != nil {
		return fmt.Errorf("the list of indexes to rebuild is damaged: %w", err)
	}
	for _, ix := range ixs {
		if _, err := tx.ExecContext(ctx, ix.SQL); err != nil {
			return fmt.Errorf("rebuilding index %s: %w", ix.Name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM meta WHERE key = ?`, metaDeferredIndexes); err != nil {
		return err
	}
	return tx.Commit()
}
