package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"trellis/sync/client"
	"trellis/ui/dialogs"
)

// Settings' enrolment refuses a plain http:// address of another computer
// and says why in the app's language; nothing is enrolled.
func TestSettingsRefusesPlainHTTPToAnotherComputer(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShell(t, st, "es")
	sh.Show(ScreenSettings)
	s := sh.settings.sync
	s.server.SetText("http://192.0.2.1:8443")
	s.user.SetText("ana")
	s.password.SetText("password-ana")
	err := waitErr(s.enroll)
	if !errors.Is(err, client.ErrPlainHTTP) {
		t.Fatalf("enrolling over plain HTTP with another computer: %v", err)
	}
	if text := dialogs.ErrorText(sh.loc, err); !strings.Contains(text, "https://") || !strings.Contains(text, "esta computadora") {
		t.Fatalf("the error says %q", text)
	}
	if _, ok, _ := st.SyncDevice(context.Background()); ok {
		t.Fatal("the laptop is enrolled")
	}
	if !s.form.Visible() {
		t.Fatal("the enrolment form is gone")
	}
}
