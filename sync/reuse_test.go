package sync

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"trellis/data/store"
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
	return &device{name: d.name, st: st, client: &Client{Store: st, HTTP: d.client.HTTP}}
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
	forEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", RoleNavigator)
		e.addUser("Harbor", "ben", RoleNavigator)
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
	forEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", RoleNavigator)
		e.addUser("Harbor", "ben", RoleNavigator)
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
	forEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", RoleNavigator)
		e.addUser("Harbor", "ben", RoleNavigator)
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
