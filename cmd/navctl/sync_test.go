package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"trellis/data"
	"trellis/data/store"
	"trellis/sync/synctest"
)

// inProfile runs fn on a profile's store (navctl must not be running on it).
func inProfile(t *testing.T, dir string, fn func(tx *store.Tx) error) {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Write(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func setNavigator(id, nav string) func(tx *store.Tx) error {
	return func(tx *store.Tx) error {
		h, err := store.GetTx[data.Household](tx, id)
		if err != nil {
			return err
		}
		h.Navigator = nav
		return tx.Update(&h)
	}
}

func TestEnrollSyncAndResolveAConflict(t *testing.T) {
	url := synctest.Server(t, "Harbor", "ana", "ben")
	anaDir, benDir := t.TempDir(), t.TempDir()
	stdin = strings.NewReader("wrong password\n")
	if code, _, errOut := navctl(t, anaDir, "enroll", url, "--user", "ana"); code != 1 || !strings.Contains(errOut, "password is wrong") {
		t.Fatalf("enroll with a wrong password: %d %s", code, errOut)
	}
	for _, p := range []struct{ dir, user string }{{anaDir, "ana"}, {benDir, "ben"}} {
		stdin = strings.NewReader("password-" + p.user + "\n")
		if code, out, errOut := navctl(t, p.dir, "enroll", url, "--user", p.user); code != 0 || !strings.Contains(out, "Harbor") {
			t.Fatalf("enroll %s: %d %s %s", p.user, code, out, errOut)
		}
	}
	h := data.Household{Name: "Nguyen", HomeLanguage: "vi", Navigator: "ana"}
	inProfile(t, anaDir, func(tx *store.Tx) error { return tx.AddHousehold(&h) })
	for _, dir := range []string{anaDir, benDir} {
		if code, _, errOut := navctl(t, dir, "sync"); code != 0 {
			t.Fatalf("sync: %d %s", code, errOut)
		}
	}
	inProfile(t, anaDir, setNavigator(h.ID, "Ana"))
	inProfile(t, benDir, setNavigator(h.ID, "Ben"))
	for _, dir := range []string{anaDir, benDir, anaDir} {
		if code, _, errOut := navctl(t, dir, "sync"); code != 0 {
			t.Fatalf("sync: %d %s", code, errOut)
		}
	}
	code, out, _ := navctl(t, anaDir, "--json", "conflicts")
	var cs []data.Conflict
	if code != 0 || json.Unmarshal([]byte(out), &cs) != nil || len(cs) != 1 {
		t.Fatalf("conflicts: %d %s", code, out)
	}
	if code, _, errOut := navctl(t, anaDir, "conflicts", "resolve", cs[0].ID[:20], "--keep", "maybe"); code != 2 {
		t.Fatalf("bad --keep: %d %s", code, errOut)
	}
	if code, _, errOut := navctl(t, anaDir, "conflicts", "resolve", cs[0].ID[:20], "--keep", "mine"); code != 0 {
		t.Fatalf("resolve: %d %s", code, errOut)
	}
	for _, dir := range []string{anaDir, benDir} {
		navctl(t, dir, "sync")
		if code, out, _ := navctl(t, dir, "conflicts", "list"); code != 0 || !strings.Contains(out, "No conflicts") {
			t.Fatalf("after resolving: %s", out)
		}
		st, err := store.Open(dir, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.Household(context.Background(), h.ID)
		st.Close()
		if err != nil || got.Navigator != "Ana" {
			t.Fatalf("navigator after keeping ana's side: %q %v", got.Navigator, err)
		}
	}
}
