package main

import (
	"strings"
	"testing"
)

// navctl enroll sends a password over plain HTTP only to this computer:
// another computer's http:// address is a usage error, before any
// password is read.
func TestEnrollRefusesPlainHTTPToAnotherComputer(t *testing.T) {
	stdin = strings.NewReader("password-ana\n")
	code, _, errOut := navctl(t, t.TempDir(), "enroll", "http://192.0.2.1:8443", "--user", "ana")
	if code != 2 || !strings.Contains(errOut, "https://") {
		t.Fatalf("enroll over plain HTTP with another computer: %d %s", code, errOut)
	}
	if got := stdin.(*strings.Reader).Len(); got == 0 {
		t.Fatal("the password was read")
	}
}
