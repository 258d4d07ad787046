package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trellis/data"
	"trellis/data/store"
)

// startServer serves db on a loopback port until the test ends.
func startServer(t *testing.T, db string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serveWith(&cmdEnv{ctx: ctx, stderr: os.Stderr}, db, "127.0.0.1:0", "", "", false, "", ready)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Error("the server did not stop")
		}
	})
	select {
	case addr := <-ready:
		return addr
	case err := <-done:
		t.Fatal(err)
	}
	return ""
}

// hsdsExamples is the HSDS 3.0 examples folder kept with the HSDS tests.
const hsdsExamples = "../../data/hsds/testdata/examples"

func TestDirectoryImportReachesEnrolledLaptops(t *testing.T) {
	ex := hsdsExamples
	db := filepath.Join(t.TempDir(), "county.db")
	if code, _, errOut := cs(t, "", "org", "add", "--db", db, "Harbor Family Services"); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := cs(t, "correct horse battery\n", "user", "add", "--db", db, "--org", "Harbor Family Services", "ana"); code != 0 {
		t.Fatal(errOut)
	}
	code, out, errOut := cs(t, "", "directory", "import", "--db", db, "--source", "King County 2026-11", filepath.Join(ex, "csv"))
	if code != 0 || !strings.Contains(out, "Published 1 services from King County 2026-11 (1 new, 0 updated, 0 now inactive)") {
		t.Fatalf("directory import: %d %q %q", code, out, errOut)
	}

	ctx := context.Background()
	st, c := syncedLaptop(t, startServer(t, db), "ana", "correct horse battery")
	const svc = "ac148810-d857-441c-9679-408f346de14b"
	d, err := st.Service(ctx, svc)
	if err != nil {
		t.Fatalf("the published service did not reach the laptop: %v", err)
	}
	if d.Service.Name != "Community Counselling" || d.Service.Source != "King County 2026-11" || len(d.Phones) != 1 || len(d.Locations) != 1 {
		t.Fatalf("on the laptop: %+v", d)
	}

	// A newer directory: the service renamed, a second one added. Only
	// what changed is published, and the laptop updates in place.
	next := filepath.Join(t.TempDir(), "next.json")
	raw, _ := os.ReadFile(filepath.Join(ex, "service_full.json"))
	body := strings.Replace(string(raw), `"name": "Community Counselling"`, `"name": "Community Counselling Centre"`, 1)
	os.WriteFile(next, []byte("["+body+`,{"id": "00000004-0000-4000-8000-000000000001", "name": "Play group", "status": "active"}]`), 0o644)
	code, out, errOut = cs(t, "", "directory", "import", "--db", db, "--source", "King County 2026-12", next)
	if code != 0 || !strings.Contains(out, "(1 new, 1 updated, 0 now inactive)") {
		t.Fatalf("second import: %d %q %q", code, out, errOut)
	}
	rep, err := c.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pulled == 0 || rep.Pulled > 10 {
		t.Errorf("the laptop received %d changes for a rename, a new service and a new source", rep.Pulled)
	}
	all, _ := store.All[data.Service](ctx, st)
	if len(all) != 2 {
		t.Fatalf("%d services on the laptop, want 2", len(all))
	}
	d, _ = st.Service(ctx, svc)
	if d.Service.Name != "Community Counselling Centre" || d.Service.Source != "King County 2026-12" || len(d.Phones) != 1 {
		t.Errorf("updated service on the laptop: %+v", d.Service)
	}

	// A broken file publishes nothing.
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`[{"id": "00000004-0000-4000-8000-000000000002", "name": "x", "status": "closed"}]`), 0o644)
	report := filepath.Join(t.TempDir(), "rejects.csv")
	code, _, errOut = cs(t, "", "directory", "import", "--db", db, "--report", report, bad)
	if code != 1 || !strings.Contains(errOut, "bad.json $[0]: service 00000004-0000-4000-8000-000000000002: status") {
		t.Fatalf("bad import: %d %q", code, errOut)
	}
	if b, err := os.ReadFile(report); err != nil || !strings.Contains(string(b), "bad.json,$[0],service") {
		t.Errorf("report: %v %q", err, b)
	}
	if rep, err := c.Sync(ctx); err != nil || rep.Pulled != 0 {
		t.Errorf("after a rejected import the laptop received %d changes (%v)", rep.Pulled, err)
	}
}
