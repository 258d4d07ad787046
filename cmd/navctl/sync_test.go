package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"trellis/data"
	"trellis/data/store"
	"trellis/sync"
)

// countyServer starts a sync server with one organization and the given
// navigators (password "password-NAME").
func countyServer(t *testing.T, users ...string) string {
	t.Helper()
	ctx := context.Background()
	st, err := sync.OpenStorage(ctx, filepath.Join(t.TempDir(), "county.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	org := sync.Org{ID: data.NewID(), Name: "Harbor"}
	if err := st.CreateOrg(ctx, org); err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		hash, _ := sync.HashPassword("password-" + u)
		if err := st.CreateUser(ctx, sync.User{ID: data.NewID(), OrgID: org.ID, Name: u, Role: sync.RoleNavigator, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := sync.NewServer(st, sync.ServerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return hs.URL
}

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
	url := countyServer(t, "ana", "ben")
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
