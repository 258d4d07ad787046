package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"trellis/sync/client"

	"trellis/data"
	"trellis/data/store"
)

func cs(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestAdminCommandsAndServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "county.db")
	if code, out, errOut := cs(t, "", "org", "add", "--db", db, "Harbor Family Services"); code != 0 {
		t.Fatalf("org add: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := cs(t, "correct horse battery\n", "user", "add", "--db", db, "--org", "Harbor Family Services", "ana"); code != 0 {
		t.Fatalf("user add: %d %s", code, errOut)
	}
	if code, _, errOut := cs(t, "pw\n", "user", "add", "--db", db, "--org", "Harbor Family Services", "short"); code != 1 || !strings.Contains(errOut, "8 characters") {
		t.Fatalf("short password: %d %s", code, errOut)
	}
	if code, _, _ := cs(t, "long enough pw\n", "user", "add", "--db", db, "--org", "Nowhere", "bob"); code != 1 {
		t.Fatalf("unknown organization accepted")
	}
	if code, _, _ := cs(t, "long enough pw\n", "user", "add", "--db", db, "--org", "Harbor Family Services", "--role", "boss", "bob"); code != 2 {
		t.Fatalf("unknown role accepted")
	}
	code, out, _ := cs(t, "", "user", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "ana") || !strings.Contains(out, "navigator") || strings.Contains(out, "bob") {
		t.Fatalf("user list: %d %q", code, out)
	}
	if code, _, errOut := cs(t, "", "serve", "--db", db, "--addr", "0.0.0.0:0"); code != 2 || !strings.Contains(errOut, "loopback") {
		t.Fatalf("plain HTTP on all interfaces: %d %s", code, errOut)
	}

	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- serveWith(&cmdEnv{ctx: ctx, stderr: &logs}, db, "127.0.0.1:0", "", "", false, "", ready)
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dev, err := client.Enroll(ctx, st, nil, "http://"+addr, "ana", "correct horse battery", "test laptop")
	if err != nil {
		t.Fatal(err)
	}
	h := data.Household{Name: "Secret Family Name", HomeLanguage: "es"}
	if err := st.Write(ctx, func(tx *store.Tx) error { return tx.AddHousehold(&h) }); err != nil {
		t.Fatal(err)
	}
	c := &client.Client{Store: st}
	if _, err := c.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	code, out, _ = cs(t, "", "device", "list", "--db", db)
	if code != 0 || !strings.Contains(out, dev.DeviceID) || !strings.Contains(out, "active") {
		t.Fatalf("device list: %d %q", code, out)
	}
	if code, _, errOut := cs(t, "", "device", "revoke", "--db", db, dev.DeviceID); code != 0 {
		t.Fatalf("device revoke: %d %s", code, errOut)
	}
	if _, err := c.Sync(ctx); !errors.Is(err, client.ErrRevoked) {
		t.Fatalf("sync after revoke: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("graceful shutdown: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not shut down")
	}
	if strings.Contains(logs.String(), "Secret Family Name") || !strings.Contains(logs.String(), `"path":"/v1/push"`) {
		t.Fatalf("logs hold family data or miss requests:\n%s", logs.String())
	}
}
