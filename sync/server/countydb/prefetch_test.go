package countydb

import (
	"fmt"
	"reflect"
	"testing"
	"trellis/sync"
	"trellis/sync/server/dbtest"
)

// Rows read ahead answer Row exactly as the database would, before and
// after PutRow in the same transaction, for rows held and rows not held.
func TestPrefetchedRowsMatchTheDatabase(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		st, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		const scope = "org:prefetch"
		held := sync.RowState{"name": {Value: "Familia Ramírez", HLC: "1", Seq: 1, Device: "a"}}
		if err := st.Update(ctx, []string{scope}, func(tx Tx) error {
			return tx.PutRow("households", "held", scope, held)
		}); err != nil {
			t.Fatal(err)
		}
		row := func(tx Tx, id string) (string, sync.RowState, bool) {
			t.Helper()
			sc, r, found, err := tx.Row("households", id)
			if err != nil {
				t.Fatal(err)
			}
			return sc, r, found
		}
		changed := sync.RowState{"name": {Value: "Familia Ramírez López", HLC: "2", Seq: 2, Device: "b"}}
		fresh := sync.RowState{"name": {Value: "Gia đình Đỗ", HLC: "3", Seq: 3, Device: "b"}}
		if err := st.Update(ctx, []string{scope}, func(tx Tx) error {
			keys := []RowKey{{"households", "held"}, {"households", "new"}}
			for i := 0; i < prefetchChunk+5; i++ { // more than one query's worth
				keys = append(keys, RowKey{"households", fmt.Sprintf("absent-%d", i)})
			}
			if err := tx.(GroupPreparer).PrefetchRows(keys); err != nil {
				return err
			}
			if sc, r, found := row(tx, "held"); !found || sc != scope || !reflect.DeepEqual(r, held) {
				t.Errorf("held row read ahead: %q %v %v", sc, r, found)
			}
			if _, _, found := row(tx, "new"); found {
				t.Error("a row the database does not hold was found")
			}
			_, r, _ := row(tx, "held")
			r["name"] = sync.FieldState{Value: "changed by the caller"} // must not reach the next read
			if _, r, _ := row(tx, "held"); !reflect.DeepEqual(r, held) {
				t.Errorf("a caller's change to a read row leaked into the next read: %v", r)
			}
			if err := tx.PutRow("households", "held", "org:other", changed); err != nil {
				return err
			}
			if err := tx.PutRow("households", "new", scope, fresh); err != nil {
				return err
			}
			if sc, r, _ := row(tx, "held"); sc != scope || !reflect.DeepEqual(r, changed) {
				t.Errorf("held row after PutRow: %q %v (the upsert keeps the scope)", sc, r)
			}
			if sc, r, found := row(tx, "new"); !found || sc != scope || !reflect.DeepEqual(r, fresh) {
				t.Errorf("new row after PutRow: %q %v %v", sc, r, found)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := st.Update(ctx, []string{scope}, func(tx Tx) error {
			for id, want := range map[string]sync.RowState{"held": changed, "new": fresh} {
				if sc, r, found := row(tx, id); !found || sc != scope || !reflect.DeepEqual(r, want) {
					t.Errorf("%s in the database: %q %v %v, want %v", id, sc, r, found, want)
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	})
}
