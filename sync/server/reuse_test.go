package server

import (
	"net/http"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
	"trellis/data/registry"

	"trellis/data"
	"trellis/data/store"
	"trellis/sync"
	"trellis/sync/client"
	"trellis/sync/server/countydb"
	"trellis/sync/server/dbtest"
)

// reopen closes a device's store and opens its profile folder again (or
// another one), with the same clock.
func (d *device) reopen(t testing.TB, e *env, dir string) *device {
	t.Helper()
	st, err := store.Open(dir, store.Options{Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &device{name: d.name, st: st, client: &client.Client{Store: st, HTTP: d.client.HTTP}}
}

// familyNames returns the names of every live family a store holds.
func familyNames(t testing.TB, st *store.Store) map[string]bool {
	t.Helper()
	page, err := st.SearchFamilies(ctx, "", 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, f := range page.Items {
		out[f.Name] = true
	}
	return out
}

// wantFamilies fails unless every named family is on the device.
func wantFamilies(t testing.TB, d *device, names ...string) {
	t.Helper()
	have := familyNames(t, d.st)
	for _, n := range names {
		if !have[n] {
			t.Errorf("%s does not have the family %q (has %v)", d.name, n, have)
		}
	}
}

// A laptop restored from a backup made before its last syncs sends new
// records under mutation ids the server had already applied. The server
// must not take them for resends: every record made after the restore
// reaches the server and the other laptops.
func TestRestoredBackupLosesNothing(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		e.addUser("Harbor", "ben", registry.RoleNavigator)
		a, b := e.newDevice("ana", 0, nil), e.newDevice("ben", 0, nil)
		a.addFamily(t, "Before")
		a.sync(t)
		backup := filepath.Join(t.TempDir(), "backup.db")
		if err := a.st.Backup(ctx, backup); err != nil {
			t.Fatal(err)
		}
		a.addFamily(t, "After backup")
		a.sync(t)

		dir := a.st.Dir()
		a.st.Close()
		if err := store.Restore(dir, backup); err != nil {
			t.Fatal(err)
		}
		a = a.reopen(t, e, dir)
		for _, n := range []string{"New 1", "New 2", "New 3"} {
			a.addFamily(t, n)
		}
		a.sync(t)
		if n, _ := a.st.PendingChanges(ctx, 0); n != 0 {
			t.Fatalf("the restored laptop still has %d changes waiting", n)
		}
		b.sync(t)
		wantFamilies(t, b, "Before", "After backup", "New 1", "New 2", "New 3")
		a.sync(t)
		wantFamilies(t, a, "Before", "After backup", "New 1", "New 2", "New 3")

		// It goes on working: a later edit arrives too.
		a.addFamily(t, "Later")
		a.sync(t)
		b.sync(t)
		wantFamilies(t, b, "Later")
	})
}

// A backup taken with changes still waiting, restored after the original
// laptop had sent them: those are resends the server recognizes (not
// refused, not applied twice), and what was made after the restore
// arrives.
func TestRestoredBackupWithPendingChangesResendsThem(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		e.addUser("Harbor", "ben", registry.RoleNavigator)
		a, b := e.newDevice("ana", 0, nil), e.newDevice("ben", 0, nil)
		a.addFamily(t, "Synced")
		a.sync(t)
		a.addFamily(t, "Waiting in the backup")
		backup := filepath.Join(t.TempDir(), "backup.db")
		if err := a.st.Backup(ctx, backup); err != nil {
			t.Fatal(err)
		}
		a.sync(t)
		a.addFamily(t, "Sent after the backup")
		a.sync(t)
		dev, _, _ := a.st.SyncDevice(ctx)
		logged := func() int {
			changes, err := e.st.Changes(ctx, orgScope(dev.OrgID), 0, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			return len(changes)
		}
		before := logged()

		dir := a.st.Dir()
		a.st.Close()
		if err := store.Restore(dir, backup); err != nil {
			t.Fatal(err)
		}
		a = a.reopen(t, e, dir)
		a.addFamily(t, "Made after the restore")
		a.sync(t)
		if got := logged(); got != before+3 {
			t.Fatalf("the change log grew by %d entries, want 3 (the new family, caregiver, child; the resent ones not again)", got-before)
		}
		b.sync(t)
		wantFamilies(t, b, "Synced", "Waiting in the backup", "Sent after the backup", "Made after the restore")
	})
}

// copyProfile copies a closed profile folder as cp -a would.
func copyProfile(t testing.TB, from string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), "copy")
	if out, err := exec.Command("cp", "-a", from, to).CombinedOutput(); err != nil {
		t.Fatalf("cp -a: %v %s", err, out)
	}
	return to
}

// A profile folder copied to a second laptop: both send their own new
// records under the same device and mutation ids. Every record of both
// reaches the server, and afterwards the two are different devices with
// different clock nodes.
func TestCopiedProfileLosesNothing(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		e.addUser("Harbor", "ben", registry.RoleNavigator)
		a, b := e.newDevice("ana", 0, nil), e.newDevice("ben", 0, nil)
		a.addFamily(t, "Shared")
		a.sync(t)
		a.addFamily(t, "Waiting when copied")
		dir := a.st.Dir()
		a.st.Close()
		copied := copyProfile(t, dir)
		a = a.reopen(t, e, dir)
		c := a.reopen(t, e, copied)
		c.name = "ana's copy"

		a.addFamily(t, "Original 1")
		c.addFamily(t, "Copy 1")
		c.addFamily(t, "Copy 2")
		e.clock.Advance(time.Second)
		a.sync(t)
		c.sync(t)
		a.sync(t)
		// Both go on working after the first syncs.
		a.addFamily(t, "Original 2")
		c.addFamily(t, "Copy 3")
		c.sync(t)
		a.sync(t)
		c.sync(t)
		b.sync(t)
		all := []string{"Shared", "Waiting when copied", "Original 1", "Original 2", "Copy 1", "Copy 2", "Copy 3"}
		wantFamilies(t, b, all...)
		wantFamilies(t, a, all...)
		wantFamilies(t, c, all...)
		for _, d := range []*device{a, c} {
			if n, _ := d.st.PendingChanges(ctx, 0); n != 0 {
				t.Fatalf("%s still has %d changes waiting", d.name, n)
			}
		}
		da, _, _ := a.st.SyncDevice(ctx)
		dc, _, _ := c.st.SyncDevice(ctx)
		if da.DeviceID == dc.DeviceID || a.st.Clock().Node() == c.st.Clock().Node() {
			t.Fatalf("the original and the copy still share a device (%s, %s) or a clock node (%s, %s)",
				da.DeviceID, dc.DeviceID, a.st.Clock().Node(), c.st.Clock().Node())
		}
	})
}

// family returns a new family's mutation as a laptop would send it.
func family(mid int64, id, name, stamp string) sync.Mutation {
	return sync.Mutation{MID: mid, Table: "households", Row: id, Fields: map[string]sync.Field{
		"name": {Value: name, HLC: stamp}, "home_language": {Value: "es", HLC: stamp}}}
}

// The server tells a resend (same id, same content) from a reused id
// (same id, other content): it takes the first, refuses the second whole
// without applying or acknowledging any of it, and says how far it held
// resends.
func TestServerTellsResendsFromReusedIDs(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		a := e.newDevice("ana", 0, nil)
		dev, _, _ := a.st.SyncDevice(ctx)
		stamp := func() string { return a.st.Clock().Now().String() }
		logged := func() int {
			changes, err := e.st.Changes(ctx, orgScope(dev.OrgID), 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			return len(changes)
		}
		push := func(muts ...sync.Mutation) (int, sync.PushReply, sync.ErrorReply) {
			return rawPush(t, e.url, dev.Token, sync.PushRequest{SchemaVer: store.SchemaVersion(), Mutations: muts})
		}
		m1, m2 := family(1, data.NewID(), "First", stamp()), family(2, data.NewID(), "Second", stamp())
		if status, rep, bad := push(m1, m2); status != http.StatusOK || rep.AckedMID != 2 {
			t.Fatalf("first push: %d %+v %+v", status, rep, bad)
		}
		// A resend of both, and one more: the resends are taken, the new one applied.
		m3 := family(3, data.NewID(), "Third", stamp())
		if status, rep, bad := push(m1, m2, m3); status != http.StatusOK || rep.AckedMID != 3 || logged() != 3 {
			t.Fatalf("resend and one more: %d %+v %+v, %d logged", status, rep, bad, logged())
		}
		// Mid 2 again with other content (a restored laptop's new family), and a new mid 4.
		reused := family(2, data.NewID(), "Made after a restore", stamp())
		m4 := family(3, data.NewID(), "Fourth", stamp())
		m4.MID = 4
		status, _, bad := push(m1, reused, family(3, data.NewID(), "Also new", stamp()), m4)
		if status != http.StatusConflict || bad.Error != sync.CodeMIDReused || bad.AckedMID != 1 {
			t.Fatalf("reused id: status %d, reply %+v", status, bad)
		}
		if n := logged(); n != 3 {
			t.Fatalf("a push with a reused id wrote %d change-log entries", n-3)
		}
		var last int64
		for _, d := range mustDevices(t, e) {
			if d.ID == dev.DeviceID {
				last = d.LastMID
			}
		}
		if last != 3 {
			t.Fatalf("the device's last mutation id is %d after a refused push, want 3", last)
		}
		// The same content under its own id still counts as a resend.
		if status, rep, bad := push(m3); status != http.StatusOK || rep.AckedMID != 3 {
			t.Fatalf("resend after a refusal: %d %+v %+v", status, rep, bad)
		}
	})
}

func mustDevices(t *testing.T, e *env) []countydb.Device {
	t.Helper()
	ds, err := e.st.Devices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// The server gives every device a clock node of its own, whatever node the
// laptop proposes; a rejoined device gets a new one too, and revoking the
// device it replaces revokes it.
func TestServerAssignsClockNodes(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		e.addUser("Harbor", "ben", registry.RoleNavigator)
		a := e.newDevice("ana", 0, nil)
		taken := a.st.Clock().Node()
		enrol := func(user string, schema int) sync.EnrollReply {
			var reply sync.EnrollReply
			req := sync.EnrollRequest{User: user, Password: "password-" + user, DeviceName: "x", Node: taken, SchemaVer: schema}
			if _, _, err := client.Post(ctx, http.DefaultClient, e.url+"/v1/enroll", "", req, &reply); err != nil {
				t.Fatal(err)
			}
			return reply
		}
		for _, schema := range []int{store.SchemaVersion(), store.SchemaVersion() - 1} {
			if r := enrol("ben", schema); r.Node == taken || r.Node == "" {
				t.Fatalf("schema %d: ben's device proposing ana's node %s got %q", schema, taken, r.Node)
			}
		}
		// An older client's own node is kept when no device has it.
		free := "00000000000000ab"
		var reply sync.EnrollReply
		req := sync.EnrollRequest{User: "ben", Password: "password-ben", DeviceName: "x", Node: free, SchemaVer: store.SchemaVersion() - 1}
		if _, _, err := client.Post(ctx, http.DefaultClient, e.url+"/v1/enroll", "", req, &reply); err != nil || reply.Node != free {
			t.Fatalf("an older client's free node: %q, %v", reply.Node, err)
		}

		dev, _, _ := a.st.SyncDevice(ctx)
		var joined sync.EnrollReply
		if _, _, err := client.Post(ctx, http.DefaultClient, e.url+"/v1/rejoin", dev.Token, sync.RejoinRequest{SchemaVer: store.SchemaVersion()}, &joined); err != nil {
			t.Fatal(err)
		}
		if joined.DeviceID == dev.DeviceID || joined.Node == taken || joined.Token == dev.Token || joined.Role != registry.RoleNavigator {
			t.Fatalf("rejoin answered %+v", joined)
		}
		if err := e.st.RevokeDevice(ctx, dev.DeviceID, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		for _, d := range mustDevices(t, e) {
			if (d.ID == dev.DeviceID || d.ID == joined.DeviceID) && d.RevokedAt.IsZero() {
				t.Fatalf("device %s (replaces %q) was not revoked with the device it was made from", d.ID, d.Replaces)
			}
		}
	})
}
