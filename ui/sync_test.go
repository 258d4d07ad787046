package ui

import (
	"errors"
	"strings"
	"testing"
	"time"
	"trellis/sync/client"

	"fyne.io/fyne/v2"

	"trellis/sync/synctest"
	"trellis/ui/dialogs"
)

func waitErr(fn func(done func(error))) error {
	ch := make(chan error, 1)
	fn(func(err error) { ch <- err })
	return <-ch
}

func TestSettingsEnrolsAndSyncs(t *testing.T) {
	url := synctest.Server(t, "Harbor Family Services", "ana")
	st := openTestStore(t)
	sh := newTestShell(t, st, "en")
	sh.Show(ScreenSettings)
	s := sh.settings.sync
	if !s.form.Visible() || s.syncBtn.Visible() {
		t.Fatal("a laptop that is not enrolled must show the enrolment form and no Sync now")
	}
	s.server.SetText(url)
	s.user.SetText("ana")
	s.password.SetText("wrong password")
	err := waitErr(s.enroll)
	if !errors.Is(err, client.ErrBadLogin) || dialogs.ErrorText(sh.loc, err) != "The user name or password is wrong." {
		t.Fatalf("wrong password: %v", err)
	}
	s.password.SetText("password-ana")
	if err := waitErr(s.enroll); err != nil {
		t.Fatal(err)
	}
	if s.password.Text != "" {
		t.Error("the password stays on screen after enrolling")
	}
	addFamily(t, st, "Nguyen", "vi", "98118")
	if err := waitErr(s.syncNow); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		return strings.Contains(s.status.Text, "Last synced:") && strings.Contains(s.status.Text, "Changes waiting to be sent: 0")
	})
	if !strings.Contains(s.enrolled.Text, "Harbor Family Services") || s.form.Visible() || !s.syncBtn.Visible() {
		t.Fatalf("after enrolling: %q, form visible %v", s.enrolled.Text, s.form.Visible())
	}
	if !strings.Contains(s.status.Text, "Conflicts to review: 0") {
		t.Fatalf("status %q", s.status.Text)
	}
}

// waitFor waits until cond holds, which background refreshes make true.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 200; i++ {
		ok := false
		fyne.DoAndWait(func() { ok = cond() })
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("timed out waiting for the screen to update")
}
