package countydb

import (
	"fmt"
	"reflect"
	"testing"
	"trellis/sync"
	"trellis/sync/server/dbtest"
)

// TestTailCacheSeesOtherWriters checks that pulls answered from the
// change-log tail cache equal what the database holds, also when another
// process wrote to the same scope in between, and once the cache dropped
// old entries.
func TestTailCacheSeesOtherWriters(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		open := func() *DB {
			st, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}
		server, other, fresh := open(), open(), open()
		const scope = "org:tail"
		write := func(st *DB, n int, tag string) {
			t.Helper()
			if err := st.Update(ctx, []string{scope}, func(tx Tx) error {
				for i := 0; i < n; i++ {
					f := map[string]sync.Field{"name": {Value: fmt.Sprintf("%s %d", tag, i), HLC: "x"}}
					if _, err := tx.AppendChange(scope, "households", fmt.Sprintf("%s-%d", tag, i), f, tag); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		same := func(when string) {
			t.Helper()
			all, err := fresh.Changes(ctx, scope, 0, sync.MaxPullLimit)
			if err != nil {
				t.Fatal(err)
			}
			cursors := []int64{0}
			for _, c := range all {
				cursors = append(cursors, c.Seq)
			}
			for _, after := range cursors {
				for _, limit := range []int{1, 3, sync.MaxPullLimit} {
					got, err := server.ChangesAfter(ctx, []sync.ScopeCursor{{Scope: scope, After: after}, {Scope: sync.ScopePublic}}, limit)
					if err != nil {
						t.Fatal(err)
					}
					want, err := fresh.Changes(ctx, scope, after, limit)
					if err != nil {
						t.Fatal(err)
					}
					if len(got[0])+len(want) > 0 && !reflect.DeepEqual(got[0], want) {
						t.Fatalf("%s, after %d, limit %d: got %d entries %v, the database has %d %v", when, after, limit, len(got[0]), seqs(got[0]), len(want), seqs(want))
					}
				}
			}
		}
		write(server, 3, "mine")
		same("own writes")
		write(other, 2, "other")
		same("another process wrote")
		write(server, 2, "mine again")
		same("own writes after the other's")
		write(server, tailSize+5, "many")
		same("the cache dropped old entries")
	})
}

func seqs(cs []StoredChange) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.Seq)
	}
	return out
}
