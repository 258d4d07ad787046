package countydb

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"
	"trellis/sync"
	"trellis/sync/server/dbtest"

	"trellis/data"
)

// openWriteBehind opens a storage with one organization, user and device.
func openWriteBehind(t *testing.T, dsn string) (*DB, Device) {
	t.Helper()
	st, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Now()
	o := Org{ID: data.NewID(), Name: "Harbor", CreatedAt: now}
	u := User{ID: data.NewID(), OrgID: o.ID, Name: "ana", Role: "navigator", PasswordHash: "-", CreatedAt: now}
	d := Device{ID: data.NewID(), UserID: u.ID, OrgID: o.ID, Name: "laptop", Node: "n1", TokenHash: "h-" + data.NewID(), CreatedAt: now}
	for _, err := range []error{st.CreateOrg(ctx, o), st.CreateUser(ctx, u), st.CreateDevice(ctx, d)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return st, d
}

// What a transaction writes behind (change-log entries, rows, a device's
// last mutation id) reads back the same inside the transaction and is in
// the database after the commit; the change log keeps its order across
// transactions, on both backends.
func TestWriteBehindReachesTheDatabase(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		st, dev := openWriteBehind(t, dsn)
		const scope = "org:wb"
		by := sync.Author{Device: dev.ID}
		var seqs []int64
		for round := 0; round < 3; round++ {
			err := st.Update(ctx, []string{scope}, func(tx Tx) error {
				if p, ok := tx.(GroupPreparer); ok {
					if err := p.PrefetchLastMIDs([]string{dev.ID}); err != nil {
						return err
					}
					if err := p.ReserveSeqs(2); err != nil {
						return err
					}
				}
				mid, err := tx.LastMID(dev.ID)
				if err != nil {
					return err
				}
				if mid != int64(round*70) {
					t.Errorf("round %d: last mid %d, want %d", round, mid, round*70)
				}
				// More entries than were reserved: the transaction takes more.
				for i := 0; i < 70; i++ {
					id := fmt.Sprintf("row-%d-%d", round, i)
					f := map[string]sync.Field{"name": {Value: id, HLC: fmt.Sprintf("%03d", i)}}
					seq, err := tx.AppendChange(scope, "households", id, f, dev.ID)
					if err != nil {
						return err
					}
					seqs = append(seqs, seq)
					if err := tx.PutRow("households", id, scope, sync.RowState(nil).Apply(f, seq, by)); err != nil {
						return err
					}
					if _, row, found, err := tx.Row("households", id); err != nil || !found || row["name"].Seq != seq {
						t.Errorf("%s read back in its transaction: %v %v %v", id, row, found, err)
					}
				}
				if err := tx.SetLastMID(dev.ID, mid+70); err != nil {
					return err
				}
				if got, err := tx.LastMID(dev.ID); err != nil || got != mid+70 {
					t.Errorf("last mid read back in its transaction: %d %v", got, err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		for i := 1; i < len(seqs); i++ {
			if seqs[i] <= seqs[i-1] {
				t.Fatalf("sequence numbers do not increase: %d after %d", seqs[i], seqs[i-1])
			}
		}
		log, err := st.Changes(ctx, scope, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != len(seqs) {
			t.Fatalf("the change log holds %d entries, %d were appended", len(log), len(seqs))
		}
		for i, c := range log {
			if want := fmt.Sprintf("row-%d-%d", i/70, i%70); c.Seq != seqs[i] || c.Row != want || c.Device != dev.ID {
				t.Fatalf("entry %d: seq %d row %s device %s, want seq %d row %s", i, c.Seq, c.Row, c.Device, seqs[i], want)
			}
		}
		if err := st.Update(ctx, []string{scope}, func(tx Tx) error {
			if mid, err := tx.LastMID(dev.ID); err != nil || mid != 210 {
				t.Errorf("last mid in the database: %d %v, want 210", mid, err)
			}
			sc, row, found, err := tx.Row("households", "row-2-69")
			if err != nil || !found || sc != scope || row["name"].Value != "row-2-69" || row["name"].Seq != seqs[len(seqs)-1] {
				t.Errorf("row in the database: %q %v %v %v", sc, row, found, err)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		devs, err := st.Devices(ctx)
		if err != nil || len(devs) != 1 || devs[0].LastMID != 210 {
			t.Errorf("devices after the commits: %+v %v", devs, err)
		}
	})
}

// A transaction that fails writes nothing of what it kept.
func TestWriteBehindFailedTransactionWritesNothing(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		st, dev := openWriteBehind(t, dsn)
		const scope = "org:wb"
		boom := errors.New("boom")
		err := st.Update(ctx, []string{scope}, func(tx Tx) error {
			f := map[string]sync.Field{"name": {Value: "Familia Ruiz", HLC: "1"}}
			seq, err := tx.AppendChange(scope, "households", "lost", f, dev.ID)
			if err != nil {
				return err
			}
			if err := tx.PutRow("households", "lost", scope, sync.RowState(nil).Apply(f, seq, sync.Author{Device: dev.ID})); err != nil {
				return err
			}
			if err := tx.SetLastMID(dev.ID, 9); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Update returned %v, want the transaction's own error", err)
		}
		if log, err := st.Changes(ctx, scope, 0, 10); err != nil || len(log) != 0 {
			t.Errorf("change log after a failed transaction: %v %v", log, err)
		}
		if err := st.Update(ctx, []string{scope}, func(tx Tx) error {
			if _, _, found, err := tx.Row("households", "lost"); err != nil || found {
				t.Errorf("row after a failed transaction: found %v, %v", found, err)
			}
			if mid, err := tx.LastMID(dev.ID); err != nil || mid != 0 {
				t.Errorf("last mid after a failed transaction: %d %v", mid, err)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	})
}

// A row written without being read first keeps the scope the database
// holds for it (as the upsert does), and a read in the same transaction
// says so.
func TestWriteBehindUnreadRowKeepsItsScope(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		st, _ := openWriteBehind(t, dsn)
		first := sync.RowState{"name": {Value: "Gia đình Trần", HLC: "1", Seq: 1, Device: "a"}}
		if err := st.Update(ctx, []string{"org:one"}, func(tx Tx) error {
			return tx.PutRow("households", "held", "org:one", first)
		}); err != nil {
			t.Fatal(err)
		}
		second := sync.RowState{"name": {Value: "Gia đình Trần Lê", HLC: "2", Seq: 2, Device: "b"}}
		// Both rows hold second; "held" keeps the scope it was stored with.
		checkScopes := func(tx Tx, where string) {
			for id, want := range map[string]string{"held": "org:one", "fresh": "org:two"} {
				if sc, row, found, err := tx.Row("households", id); err != nil || !found || sc != want || !reflect.DeepEqual(row, second) {
					t.Errorf("%s %s: %q %v %v %v, want scope %q", id, where, sc, row, found, err, want)
				}
			}
		}
		if err := st.Update(ctx, []string{"org:two"}, func(tx Tx) error {
			if err := tx.PutRow("households", "held", "org:two", second); err != nil {
				return err
			}
			if err := tx.PutRow("households", "fresh", "org:two", second); err != nil {
				return err
			}
			checkScopes(tx, "in its transaction")
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := st.Update(ctx, nil, func(tx Tx) error {
			checkScopes(tx, "in the database")
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	})
}
