package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// navctl runs the command line in a fresh profile folder and returns the
// exit status and what it printed.
func navctl(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append([]string{"--data", dir}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestExitStatuses(t *testing.T) {
	dir := t.TempDir()
	if code, out, _ := navctl(t, dir, "init"); code != 0 || !strings.Contains(out, dir) {
		t.Fatalf("init: %d %q", code, out)
	}
	if code, _, errOut := navctl(t, dir, "no-such-command"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	if code, _, _ := navctl(t, dir, "init", "extra"); code != 2 {
		t.Fatalf("init with an argument exited %d, want 2", code)
	}
}
