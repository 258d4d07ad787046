package server

import (
	"testing"
	"trellis/data/registry"

	"trellis/data"
	"trellis/data/hlc"
	"trellis/sync"
	"trellis/sync/server/countydb"
	"trellis/sync/server/dbtest"
)

// poison appends to an organization's change log, as a server that did
// not check changes would have, a change no laptop can apply.
func (e *env) poison(t testing.TB, orgID, table, row string, fields map[string]any) {
	t.Helper()
	stamp := hlc.Timestamp{WallMS: e.clock.Now().UnixMilli(), Node: "00000000000000ff"}.String()
	wire := map[string]sync.Field{}
	for col, v := range fields {
		wire[col] = sync.Field{Value: v, HLC: stamp}
	}
	err := e.st.Update(ctx, []string{orgScope(orgID)}, func(tx countydb.Tx) error {
		_, err := tx.AppendChange(orgScope(orgID), table, row, wire, "a-device-of-an-older-server")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A change log that already holds changes no laptop can apply (a family
// named 12345, a date of birth "not-a-date") stops no laptop's sync: each
// such change is kept in quarantine, reported, and everything else
// arrives; the families list still opens.
func TestBadChangeInTheLogIsQuarantined(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		e.addUser("Harbor", "ben", registry.RoleNavigator)
		a := e.newDevice("ana", 0, nil)
		h := a.addFamily(t, "Before")
		a.sync(t)
		dev, _, _ := a.st.SyncDevice(ctx)
		members, _ := a.st.Members(ctx, h.ID)
		e.poison(t, dev.OrgID, "households", data.NewID(), map[string]any{"name": 12345.0, "home_language": "es"})
		e.poison(t, dev.OrgID, "members", members[0].ID, map[string]any{"birth_date": "not-a-date"})
		a.addFamily(t, "After")
		a.sync(t)

		b := e.newDevice("ben", 0, nil)
		for _, d := range []*device{a, b} {
			d.sync(t)
			wantFamilies(t, d, "Before", "After")
			q, err := d.st.QuarantinedChanges(ctx, true, false)
			if err != nil || len(q) != 2 {
				t.Fatalf("%s keeps %d changes in quarantine (%v), want 2", d.name, len(q), err)
			}
			got := map[string]string{}
			for _, c := range q {
				for col, code := range c.Problems {
					got[c.Table+"."+col] = code
				}
			}
			if got["households.name"] != data.CodeInvalidType || got["members.birth_date"] != data.CodeInvalidDate {
				t.Fatalf("%s: quarantined problems %v", d.name, got)
			}
			ms, err := d.st.Members(ctx, h.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.ID == members[0].ID && m.BirthDate != members[0].BirthDate {
					t.Fatalf("%s: the quarantined change was applied: %+v", d.name, m)
				}
			}
			if _, err := d.st.SearchFamilies(ctx, "", 0, 100); err != nil {
				t.Fatal(err)
			}
			// A second sync goes on from there.
			d.sync(t)
		}
	})
}
