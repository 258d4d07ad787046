package main

import (
	"context"
	"encoding/json"
	"fmt"
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
	var listed struct {
		Conflicts []data.Conflict `json:"conflicts"`
		Refused   []any           `json:"refused"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &listed) != nil || len(listed.Conflicts) != 1 || listed.Refused == nil || len(listed.Refused) != 0 {
		t.Fatalf("conflicts: %d %s", code, out)
	}
	cs := listed.Conflicts
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

// enrolledProfile is a new profile enrolled as ana in Harbor.
func enrolledProfile(t *testing.T) string {
	t.Helper()
	url := synctest.Server(t, "Harbor", "ana")
	dir := t.TempDir()
	stdin = strings.NewReader("password-ana\n")
	if code, _, errOut := navctl(t, dir, "enroll", url, "--user", "ana"); code != 0 {
		t.Fatalf("enroll: %d %s", code, errOut)
	}
	return dir
}

func TestConflictsListsRefusedChangesUntilDismissed(t *testing.T) {
	dir := enrolledProfile(t)
	// A navigator may not change the directory: the server refuses it.
	org := data.Organization{Name: "Family Center of the Sound"}
	inProfile(t, dir, func(tx *store.Tx) error { return tx.Insert(&org) })
	code, out, errOut := navctl(t, dir, "sync")
	if code != 0 || !strings.Contains(out, "The server refused 1 changes; they are kept on this laptop: navctl conflicts") {
		t.Fatalf("sync: %d %s %s", code, out, errOut)
	}
	code, out, _ = navctl(t, dir, "conflicts")
	if code != 0 || !strings.Contains(out, "No conflicts.") || !strings.Contains(out, "The county server refused 1 changes") ||
		!strings.Contains(out, "organizations "+org.ID) ||
		!strings.Contains(out, "only trainers and administrators can change the directory and training materials") {
		t.Fatalf("conflicts: %d %s", code, out)
	}
	code, out, _ = navctl(t, dir, "--json", "conflicts")
	var listed struct {
		Refused []struct {
			ID     int64          `json:"id"`
			Code   string         `json:"code"`
			Row    string         `json:"row"`
			Fields map[string]any `json:"fields"`
		} `json:"refused"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &listed) != nil || len(listed.Refused) != 1 {
		t.Fatalf("conflicts --json: %d %s", code, out)
	}
	r := listed.Refused[0]
	if r.Code != "public_role" || r.Row != org.ID || r.Fields["name"] != org.Name {
		t.Fatalf("refused change = %+v", r)
	}
	if code, _, errOut := navctl(t, dir, "conflicts", "dismiss", "first"); code != 2 || !strings.Contains(errOut, `"first" is not a refused change id`) {
		t.Fatalf("dismiss with a bad id: %d %s", code, errOut)
	}
	if code, _, errOut := navctl(t, dir, "conflicts", "dismiss", "999"); code != 1 || !strings.Contains(errOut, "no refused change 999") {
		t.Fatalf("dismiss an unknown id: %d %s", code, errOut)
	}
	if code, out, errOut := navctl(t, dir, "conflicts", "dismiss", fmt.Sprint(r.ID)); code != 0 || !strings.Contains(out, "stays on this laptop") {
		t.Fatalf("dismiss: %d %s %s", code, out, errOut)
	}
	if code, out, _ := navctl(t, dir, "conflicts"); code != 0 || strings.Contains(out, "refused") {
		t.Fatalf("after dismissing: %d %s", code, out)
	}
	// The navigator's record is still on the laptop.
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got, err := store.Get[data.Organization](context.Background(), st, org.ID); err != nil || got.Name != org.Name {
		t.Fatalf("the refused record after dismissing: %+v %v", got, err)
	}
}

func TestConflictsDismissAll(t *testing.T) {
	dir := enrolledProfile(t)
	inProfile(t, dir, func(tx *store.Tx) error {
		for i := 0; i < 3; i++ {
			if err := tx.Insert(&data.Organization{Name: fmt.Sprintf("Family Center %d", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if code, out, errOut := navctl(t, dir, "sync"); code != 0 || !strings.Contains(out, "The server refused 3 changes") {
		t.Fatalf("sync: %d %s %s", code, out, errOut)
	}
	if code, out, _ := navctl(t, dir, "conflicts"); code != 0 || !strings.Contains(out, "navctl conflicts dismiss --all") {
		t.Fatalf("conflicts does not say how to mark all as read: %d %s", code, out)
	}
	if code, out, errOut := navctl(t, dir, "conflicts", "dismiss", "--all"); code != 0 || !strings.Contains(out, "3 refused changes marked as read") {
		t.Fatalf("dismiss --all: %d %s %s", code, out, errOut)
	}
	if code, out, _ := navctl(t, dir, "conflicts"); code != 0 || strings.Contains(out, "refused") {
		t.Fatalf("after dismissing all: %d %s", code, out)
	}
	if code, out, _ := navctl(t, dir, "conflicts", "dismiss", "--all"); code != 0 || !strings.Contains(out, "0 refused changes marked as read") {
		t.Fatalf("dismiss --all again: %d %s", code, out)
	}
}
