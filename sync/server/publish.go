package server

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"
	"trellis/data"
	"trellis/sync"
	"trellis/sync/server/countydb"

	"trellis/data/store"
)

// PublisherDevice is the device id the county server's own changes (a
// directory an administrator imports on the server) carry in the change
// log.
const PublisherDevice = "county-server"

// PublishOptions configure Publish.
type PublishOptions struct {
	User string           // who publishes, recorded with each change
	Now  func() time.Time // the server's clock (nil means time.Now)
}

// PublishReport says what Publish did.
type PublishReport struct {
	Pulled    int // public changes replayed into the scratch store
	Published int // changes added to the public change log
	Ignored   int // changes that lost to newer ones devices had made, or met a deletion
}

// Publish changes the public records (the service directory, training
// materials) from the server itself, as if a trainer had synced them: the
// public change log is replayed into a scratch local store, change edits
// that store (for example an HSDS import, which compares the new directory
// with the one devices already have and stamps only what differs), and
// what change wrote is merged into the public change log, field by field,
// under PublisherDevice and opts.User. Devices receive it on their next
// sync. If change fails, nothing is published.
func Publish(ctx context.Context, srv countydb.Storage, opts PublishOptions, change func(ctx context.Context, st *store.Store) error) (PublishReport, error) {
	var rep PublishReport
	dir, err := os.MkdirTemp("", "trellis-publish-")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(dir, store.Options{Now: opts.Now})
	if err != nil {
		return rep, err
	}
	defer st.Close()
	if rep.Pulled, err = replayPublic(ctx, srv, st); err != nil {
		return rep, fmt.Errorf("reading the published records: %w", err)
	}
	if err := change(ctx, st); err != nil {
		return rep, err
	}
	by := sync.Author{Device: PublisherDevice, User: opts.User}
	for {
		entries, err := st.Outbox(ctx, 0, publishBatch)
		if err != nil {
			return rep, err
		}
		if len(entries) == 0 {
			return rep, nil
		}
		published, ignored := 0, 0
		err = srv.Update(ctx, []string{sync.ScopePublic}, func(tx countydb.Tx) error {
			published, ignored = 0, 0
			if p, ok := tx.(countydb.GroupPreparer); ok {
				// Read the batch's rows in a few queries, not one each.
				keys := make([]countydb.RowKey, len(entries))
				for i, e := range entries {
					keys[i] = countydb.RowKey{Table: e.Change.Table, ID: e.Change.ID}
				}
				if err := p.PrefetchRows(keys); err != nil {
					return err
				}
				if err := p.ReserveSeqs(len(entries)); err != nil {
					return err
				}
			}
			for _, e := range entries {
				if sc, _ := sync.TableScope(e.Change.Table); sc != sync.ScopePublic {
					return fmt.Errorf("only public records can be published, not %s", e.Change.Table)
				}
				m := sync.Mutation{Table: e.Change.Table, Row: e.Change.ID, Fields: make(map[string]sync.Field, len(e.Change.Fields))}
				for col, fv := range e.Change.Fields {
					m.Fields[col] = sync.Field{Value: fv.Value, HLC: fv.HLC}
				}
				_, row, _, err := tx.Row(m.Table, m.Row)
				if err != nil {
					return err
				}
				res := sync.Merge(row, m, by)
				if len(res.Winners) == 0 {
					ignored++
					continue
				}
				if err := recordWinners(tx, sync.ScopePublic, m, row, res.Winners, by); err != nil {
					return err
				}
				published++
			}
			return nil
		})
		if err != nil {
			return rep, err
		}
		rep.Published += published
		rep.Ignored += ignored
		last := entries[len(entries)-1].Seq
		if err := st.Write(ctx, func(tx *store.Tx) error { return tx.TrimOutbox(last) }); err != nil {
			return rep, err
		}
	}
}

// publishBatch is how many changes Publish merges into the change log in
// one storage transaction: a county directory is tens of thousands.
const publishBatch = 5000

// replayPublic applies the whole public change log to st, in one
// transaction.
func replayPublic(ctx context.Context, srv countydb.Storage, st *store.Store) (int, error) {
	n := 0
	err := st.Write(ctx, func(tx *store.Tx) error {
		var after int64
		for {
			changes, err := srv.Changes(ctx, sync.ScopePublic, after, sync.MaxPullLimit)
			if err != nil {
				return err
			}
			if len(changes) == 0 {
				return nil
			}
			batch := make([]data.Change, len(changes))
			for i, c := range changes {
				var fields map[string]sync.Field
				if err := json.Unmarshal([]byte(c.Fields), &fields); err != nil {
					return fmt.Errorf("change %d (%s): %w", c.Seq, c.Table, err)
				}
				batch[i] = data.Change{Table: c.Table, ID: c.Row, Fields: make(map[string]data.FieldValue, len(fields))}
				for col, f := range fields {
					batch[i].Fields[col] = data.FieldValue{Value: f.Value, HLC: f.HLC}
				}
			}
			// No change of the public log can carry a restamp of this
			// scratch store's own edits (it has made none yet): the page
			// merges as it is.
			if err := tx.ApplyRemoteBatch(batch); err != nil {
				return fmt.Errorf("changes %d to %d: %w", changes[0].Seq, changes[len(changes)-1].Seq, err)
			}
			n += len(changes)
			after = changes[len(changes)-1].Seq
		}
	})
	return n, err
}
