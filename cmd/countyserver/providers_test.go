package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"trellis/sync/client"

	"trellis/data"
	"trellis/data/store"
)

// TestOrgLinkMakesAProviderThatLaptopsKnow: `org link` refuses a
// directory organization the county's directory does not hold, and
// otherwise publishes the link, which an enrolled laptop receives and
// offers as the provider of the organization's service; `--unlink` takes
// it back.
func TestOrgLinkMakesAProviderThatLaptopsKnow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "county.db")
	const dirOrg = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610" // in the HSDS examples
	const svc = "ac148810-d857-441c-9679-408f346de14b"
	for _, args := range [][]string{
		{"org", "add", "--db", db, "Harbor Family Services"},
		{"org", "add", "--db", db, "Example Clinic"},
		{"directory", "import", "--db", db, filepath.Join(hsdsExamples, "csv")},
	} {
		if code, _, errOut := cs(t, "", args...); code != 0 {
			t.Fatal(errOut)
		}
	}
	if code, _, errOut := cs(t, "pw-ana-1234\n", "user", "add", "--db", db, "--org", "Harbor Family Services", "ana"); code != 0 {
		t.Fatal(errOut)
	}
	if code, out, _ := cs(t, "pw-pat-1234\n", "user", "add", "--db", db, "--org", "Example Clinic", "--role", "provider", "pat"); code != 0 || !strings.Contains(out, "Added provider pat") {
		t.Fatalf("user add --role provider: %d %q", code, out)
	}
	if code, _, errOut := cs(t, "", "org", "link", "--db", db, "--directory-org", data.NewID(), "Example Clinic"); code != 1 || !strings.Contains(errOut, "has no organization") {
		t.Errorf("linking to an unknown directory organization: %d %q", code, errOut)
	}
	if code, _, errOut := cs(t, "", "org", "link", "--db", db, "--directory-org", dirOrg, "No Such Org"); code != 1 || !strings.Contains(errOut, `no organization named "No Such Org"`) {
		t.Errorf("linking an unknown organization: %d %q", code, errOut)
	}
	if code, out, errOut := cs(t, "", "org", "link", "--db", db, "--directory-org", dirOrg, "Example Clinic"); code != 0 || !strings.Contains(out, "Example Clinic now receives") {
		t.Fatalf("org link: %d %q %q", code, out, errOut)
	}

	ctx := context.Background()
	st, c := syncedLaptop(t, startServer(t, db), "ana", "pw-ana-1234")
	provs, err := st.ProvidersFor(ctx, svc)
	if err != nil || len(provs) != 1 || provs[0].OrgName != "Example Clinic" {
		t.Fatalf("the laptop's providers of the service: %+v, %v", provs, err)
	}
	if code, out, errOut := cs(t, "", "org", "link", "--db", db, "--unlink", "--directory-org", dirOrg, "Example Clinic"); code != 0 || !strings.Contains(out, "no longer receives") {
		t.Fatalf("org link --unlink: %d %q %q", code, out, errOut)
	}
	if _, err := c.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if provs, _ := st.ProvidersFor(ctx, svc); len(provs) != 0 {
		t.Errorf("after --unlink the laptop still offers %+v", provs)
	}
}

// syncedLaptop is a profile enrolled as user with the server at addr,
// synced once.
func syncedLaptop(t *testing.T, addr, user, password string) (*store.Store, *client.Client) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := client.Enroll(ctx, st, nil, "http://"+addr, user, password, "laptop"); err != nil {
		t.Fatal(err)
	}
	c := &client.Client{Store: st}
	if _, err := c.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	return st, c
}
