package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"trellis/data/store"
	"trellis/sync/client"
)

// An administrator sets a user's password, disables and enables the
// user; device list shows a device's chosen name without the terminal
// escapes in it.
func TestUserDisableEnablePasswordAndDeviceNames(t *testing.T) {
	db := filepath.Join(t.TempDir(), "county.db")
	if code, _, errOut := cs(t, "", "org", "add", "--db", db, "Harbor"); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := cs(t, "first password\n", "user", "add", "--db", db, "--org", "Harbor", "ana"); code != 0 {
		t.Fatal(errOut)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serveWith(&cmdEnv{ctx: ctx, stderr: &bytes.Buffer{}}, db, "127.0.0.1:0", "", "", false, "", ready)
	}()
	var url string
	select {
	case addr := <-ready:
		url = "http://" + addr
	case err := <-done:
		t.Fatal(err)
	}
	enrol := func(password, name string) (*client.Client, error) {
		st, err := store.Open(t.TempDir(), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		_, err = client.Enroll(ctx, st, nil, url, "ana", password, name)
		return &client.Client{Store: st}, err
	}

	if code, out, errOut := cs(t, "second password\n", "user", "password", "--db", db, "ana"); code != 0 || !strings.Contains(out, "ana") {
		t.Fatalf("user password: %d %s %s", code, out, errOut)
	}
	if _, err := enrol("first password", "x"); !errors.Is(err, client.ErrBadLogin) {
		t.Fatalf("the old password after a change: %v", err)
	}
	c, err := enrol("second password", "evil\x1b]0;pwned\x07\x1b[2J laptop\u202e")
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := cs(t, "", "device", "list", "--db", db)
	if code != 0 || strings.ContainsAny(out, "\x1b\x07\u202e") || !strings.Contains(out, "evil]0;pwned[2J laptop") {
		t.Fatalf("device list: %d %q", code, out)
	}

	if code, _, errOut := cs(t, "", "user", "disable", "--db", db, "ana"); code != 0 {
		t.Fatalf("user disable: %d %s", code, errOut)
	}
	if code, _, errOut := cs(t, "", "user", "disable", "--db", db, "nobody"); code != 1 || !strings.Contains(errOut, "not found") {
		t.Fatalf("disabling an unknown user: %d %s", code, errOut)
	}
	if code, out, _ := cs(t, "", "user", "list", "--db", db); code != 0 || !strings.Contains(out, "disabled") {
		t.Fatalf("user list after disable: %q", out)
	}
	if _, err := c.Sync(ctx); !errors.Is(err, client.ErrRevoked) {
		t.Fatalf("a disabled user's device syncs: %v", err)
	}
	if _, err := enrol("second password", "y"); !errors.Is(err, client.ErrUserDisabled) {
		t.Fatalf("a disabled user enrols: %v", err)
	}
	if code, _, errOut := cs(t, "", "user", "enable", "--db", db, "ana"); code != 0 {
		t.Fatalf("user enable: %d %s", code, errOut)
	}
	if c, err = enrol("second password", "z"); err != nil {
		t.Fatalf("enabled again: %v", err)
	}
	if _, err := c.Sync(ctx); err != nil {
		t.Fatal(err)
	}
}
