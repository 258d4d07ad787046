package server

import (
	"strings"
	"testing"

	"trellis/data"
	"trellis/data/hlc"
	"trellis/data/registry"
	"trellis/sync"
	"trellis/sync/server/countydb"
	"trellis/sync/server/dbtest"
)

// A mutation with a field stamped by another device's clock is refused,
// naming the field, and nothing of it is written, its own fields neither.
func TestAFieldStampedByAnotherDeviceIsRefused(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	e.addUser("Harbor", "ana", registry.RoleNavigator)
	d := e.roleDevice(t, "ana", registry.RoleNavigator, "Harbor")
	other, err := hlc.NewClock(hlc.NewNode(), e.clock.Now, hlc.Timestamp{})
	if err != nil {
		t.Fatal(err)
	}
	got := d.pushFields(t, e, "households", data.NewID(), map[string]sync.Field{
		"name":  {Value: "Okafor", HLC: d.clock.Now().String()},
		"notes": {Value: "written elsewhere", HLC: other.Now().String()},
	})
	if got.Code != sync.RejectForeignStamp || !strings.Contains(got.Reason, "notes") {
		t.Fatalf("a field stamped by another device: refused %+v, want %q naming notes", got, sync.RejectForeignStamp)
	}
	if rows := d.pullEverything(t, e); len(rows) != 0 {
		t.Fatalf("the refused mutation wrote %v", rows)
	}
}

// A device may resolve a conflict the server recorded, and change nothing
// else of it.
func TestADeviceChangesOnlyAConflictsResolution(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	e.addUser("Harbor", "ana", registry.RoleNavigator)
	d := e.roleDevice(t, "ana", registry.RoleNavigator, "Harbor")
	harbor, err := e.st.OrgByName(ctx, "Harbor")
	if err != nil {
		t.Fatal(err)
	}
	id := data.NewID()
	placed := countydb.Device{ID: "server", OrgID: harbor.ID}
	scope := tableScope(registry.Lookup("conflicts"), placed)
	serverClock, err := hlc.NewClock(hlc.NewNode(), e.clock.Now, hlc.Timestamp{})
	if err != nil {
		t.Fatal(err)
	}
	stamp := serverClock.Now().String()
	f := map[string]sync.Field{"kind": {Value: data.ConflictField, HLC: stamp}, "winner_value": {Value: `"Okafor"`, HLC: stamp}}
	err = e.st.Update(ctx, []string{scope}, func(tx countydb.Tx) error {
		return recordWinners(tx, scope, sync.Mutation{Table: "conflicts", Row: id, Fields: f}, nil, f, sync.Author{Device: "server"})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ col, want string }{
		{"winner_value", sync.RejectConflictColumn},
		{"kind", sync.RejectConflictColumn},
		{"resolution", ""},
		{"resolved_by", ""},
	} {
		if got := d.push(t, e, "conflicts", id, tc.col, "changed by ana"); got != tc.want {
			t.Errorf("changing a conflict's %s: refused %q, want %q", tc.col, got, tc.want)
		}
	}
	var row sync.RowState
	err = e.st.Update(ctx, nil, func(tx countydb.Tx) (err error) {
		_, row, _, err = tx.Row("conflicts", id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if row["winner_value"].Value != `"Okafor"` || row["kind"].Value != data.ConflictField || row["resolution"].Value != "changed by ana" {
		t.Fatalf("the conflict is now %v", row)
	}
}
