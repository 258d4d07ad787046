package store

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"trellis/data"
	"trellis/data/registry"
)

// stampAt is a remote timestamp at wall time ms from node n (two hex digits).
func stampAt(ms int64, n string) string {
	return fmt.Sprintf("%012x0000%s", ms, strings.Repeat(n, 8))
}

// dumpStore returns every row of every synced table and of referral_state,
// as text, with its clocks.
func dumpStore(t *testing.T, st *Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range append(registry.Names(), "referral_state") {
		rows, err := st.r.Query(`SELECT * FROM ` + table + ` ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], fmt.Sprint(vals...))
		}
		rows.Close()
	}
	return out
}

func fields(stamp string, kv ...any) map[string]data.FieldValue {
	f := map[string]data.FieldValue{}
	for i := 0; i < len(kv); i += 2 {
		f[kv[i].(string)] = data.FieldValue{Value: kv[i+1], HLC: stamp}
	}
	return f
}

// A batch gives the store that its changes applied one by one (each a
// batch of one) give: what one change writes is seen by the next ones of
// the same batch.
func TestApplyRemoteBatchGivesTheStoreThatOneAtATimeGives(t *testing.T) {
	fam, gone, ref, ev1, ev2, ev3, fresh := data.NewID(), data.NewID(), data.NewID(), data.NewID(), data.NewID(), data.NewID(), data.NewID()
	// What both replicas hold before the batch: a family whose phone was
	// edited later than the rest, a deleted family, a referral with one
	// status event.
	before := []data.Change{
		{Table: "households", ID: fam, Fields: fields(stampAt(100, "aa"), "name", "Nguyen", "home_language", "vi", "phone", "206-555-0100", "notes", "first")},
		{Table: "households", ID: fam, Fields: fields(stampAt(300, "aa"), "phone", "206-555-0199")},
		{Table: "households", ID: gone, Fields: fields(stampAt(100, "aa"), "name", "Okafor", "home_language", "en")},
		{Table: "households", ID: gone, Fields: fields(stampAt(200, "aa"), data.DeletedField, float64(1))},
		{Table: "referrals", ID: ref, Fields: fields(stampAt(100, "aa"), "household_id", fam, "reason", "speech")},
		{Table: "referral_events", ID: ev1, Fields: fields(stampAt(100, "aa"), "referral_id", ref, "status", data.StatusInProgress, "at", "2026-01-01T10:00:00.000Z")},
	}
	batch := []data.Change{
		// Newer name, older phone and notes at the same stamp as held (not newer): only the name wins.
		{Table: "households", ID: fam, Fields: fields(stampAt(200, "bb"), "name", "Nguyen-Tran", "phone", "206-555-0000")},
		{Table: "households", ID: fam, Fields: fields(stampAt(100, "aa"), "notes", "same stamp")},
		// An edit of the deleted family: the newer name wins, the older undelete loses; a later note wins.
		{Table: "households", ID: gone, Fields: fields(stampAt(150, "bb"), "name", "Okafor-Ade", data.DeletedField, float64(0))},
		{Table: "households", ID: gone, Fields: fields(stampAt(250, "bb"), "notes", "moved")},
		// A family this replica has never seen, then a later edit and a delete of it in the same batch.
		{Table: "households", ID: fresh, Fields: fields(stampAt(400, "cc"), "name", "Said", "home_language", "ar")},
		{Table: "households", ID: fresh, Fields: fields(stampAt(500, "cc"), "notes", "called back")},
		{Table: "households", ID: fresh, Fields: fields(stampAt(450, "cc"), "notes", "older note", data.DeletedField, float64(1))},
		// Status history: a later event, then one deleted; a new event arriving with its delete.
		{Table: "referral_events", ID: ev2, Fields: fields(stampAt(300, "bb"), "referral_id", ref, "status", data.StatusCompleted, "at", "2026-02-01T10:00:00.000Z")},
		{Table: "referral_events", ID: ev3, Fields: fields(stampAt(310, "bb"), "referral_id", ref, "status", data.StatusInProgress, "at", "2025-12-01T10:00:00.000Z")},
		{Table: "referral_events", ID: ev2, Fields: fields(stampAt(320, "bb"), data.DeletedField, float64(1))},
	}
	// Every field of a service: the new row's clocks are compacted.
	svc := data.Change{Table: "dir_services", ID: data.NewID(), Fields: map[string]data.FieldValue{}}
	for _, c := range registry.Lookup("dir_services").ColumnNames() {
		svc.Fields[c] = data.FieldValue{Value: nil, HLC: stampAt(600, "dd")}
	}
	svc.Fields["name"] = data.FieldValue{Value: "Parent line", HLC: stampAt(600, "dd")}
	batch = append(batch, svc)

	apply := func(batched bool) map[string][]string {
		st, _ := openTest(t)
		mustWrite(t, st, func(tx *Tx) error {
			return tx.ApplyRemoteBatch(before)
		})
		mustWrite(t, st, func(tx *Tx) error {
			if batched {
				return tx.ApplyRemoteBatch(batch)
			}
			for _, ch := range batch {
				if err := tx.ApplyRemoteBatch([]data.Change{ch}); err != nil {
					return err
				}
			}
			return nil
		})
		if n, _ := st.PendingChanges(ctx, 0); n != 0 {
			t.Fatalf("applying remote changes added %d to the outbox", n)
		}
		return dumpStore(t, st)
	}
	one, bulk := apply(false), apply(true)
	if !reflect.DeepEqual(one, bulk) {
		for table := range one {
			if !reflect.DeepEqual(one[table], bulk[table]) {
				t.Errorf("%s one at a time:\n%s\nin a batch:\n%s", table, strings.Join(one[table], "\n"), strings.Join(bulk[table], "\n"))
			}
		}
		t.FailNow()
	}
	// The comparison is not vacuous: the merge did what LWW says.
	has := func(table string, parts ...string) {
		t.Helper()
		for _, row := range bulk[table] {
			ok := true
			for _, p := range parts {
				ok = ok && strings.Contains(row, p)
			}
			if ok {
				return
			}
		}
		t.Errorf("no %s row with %q in\n%s", table, parts, strings.Join(bulk[table], "\n"))
	}
	has("households", fam, "Nguyen-Tran", "206-555-0199", "first")
	has("households", gone, "Okafor-Ade", "moved", `"deleted":"`+stampAt(200, "aa"))
	has("households", fresh, "Said", "called back")
	has("dir_services", "Parent line", `{"*":"`+stampAt(600, "dd")+`"}`)
	has("referral_state", ref, data.StatusInProgress, "2026-01-01T10:00:00.000Z", ev1)
	if len(bulk["referral_state"]) != 1 {
		t.Errorf("referral_state = %q", bulk["referral_state"])
	}
}

func TestApplyRemoteBatchWithABadChangeKeepsNothing(t *testing.T) {
	st, _ := openTest(t)
	good := data.Change{Table: "households", ID: data.NewID(), Fields: fields(stampAt(100, "aa"), "name", "Lee")}
	for _, c := range []struct {
		bad  data.Change
		want string
	}{
		{data.Change{Table: "nope", ID: data.NewID(), Fields: fields(stampAt(1, "aa"), "x", "y")}, `unknown table "nope"`},
		{data.Change{Table: "households", ID: "42", Fields: fields(stampAt(1, "aa"), "name", "y")}, `bad id "42"`},
		{data.Change{Table: "households", ID: data.NewID(), Fields: fields("soon", "name", "y")}, `timestamp "soon"`},
		{data.Change{Table: "households", ID: data.NewID(), Fields: fields(stampAt(1, "aa"), "shoe_size", "y")}, `unknown column households.shoe_size`},
		{data.Change{Table: "households", ID: data.NewID(), Fields: fields(stampAt(1, "aa"), "name", 7.0)}, `column name wants text`},
	} {
		err := st.Write(ctx, func(tx *Tx) error { return tx.ApplyRemoteBatch([]data.Change{good, c.bad}) })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("batch with %v: error %v, want %q", c.bad, err, c.want)
		}
		if _, err := st.Household(ctx, good.ID); err == nil {
			t.Fatalf("the good change of a refused batch was kept")
		}
	}
}
