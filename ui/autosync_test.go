package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"trellis/sync/client"

	"trellis/data"
	"trellis/data/store"
	"trellis/sync/synctest"
)

// enrol signs st in with the server at url as ana (or the user given).
func enrol(t testing.TB, st *store.Store, url string, user ...string) {
	t.Helper()
	name := "ana"
	if len(user) > 0 {
		name = user[0]
	}
	if _, err := client.Enroll(context.Background(), st, nil, url, name, "password-"+name, "laptop-"+name); err != nil {
		t.Fatal(err)
	}
}

func TestAutoSyncUpdatesTheChip(t *testing.T) {
	url := synctest.Server(t, "Harbor Family Services", "ana")
	st := openTestStore(t)
	enrol(t, st, url)
	addFamily(t, st, "Nguyen", "vi", "98118")
	timer := synctest.NewTimer()
	sh := newTestShellWith(t, st, Options{Language: "en", Background: inline, SyncTimer: timer.Start})
	if d := timer.Next(t); d != 0 {
		t.Fatalf("the first sync waits %v; it should start at once", d)
	}
	chip := sh.todayScr.syncChip
	waitFor(t, func() bool {
		return strings.HasPrefix(chip.Text, "Offline | Not synced yet") && strings.Contains(chip.Text, "Changes waiting to be sent:") &&
			!strings.Contains(chip.Text, "Changes waiting to be sent: 0")
	})
	timer.Fire <- time.Now()
	if d := timer.Next(t); d != client.Period {
		t.Fatalf("after a sync the next one waits %v, want %v", d, client.Period)
	}
	waitFor(t, func() bool {
		return strings.HasPrefix(chip.Text, "Online | Last synced:") &&
			strings.Contains(chip.Text, "Changes waiting to be sent: 0 | Conflicts to review: 0")
	})
	// The test store's clock stands months before the server's: the chip
	// asks for the clock to be set.
	if !strings.HasSuffix(chip.Text, "| This computer's clock is wrong. Trellis corrected for it, but please set the clock.") {
		t.Fatalf("no clock warning: %q", chip.Text)
	}
	// An edit brings the next sync forward.
	addFamily(t, st, "Tran", "vi", "98118")
	if d := timer.Next(t); d != client.Debounce {
		t.Fatalf("after an edit the next sync waits %v, want %v", d, client.Debounce)
	}
	// Stopping (as closing the window does) ends the loop: it returns
	// while waiting and starts no other timer.
	sh.StopSync()
	select {
	case d := <-timer.Waits:
		t.Fatalf("the sync loop started a %v timer after it was stopped", d)
	default:
	}
}

func TestChipSaysARevokedLaptopMustBeEnrolledAgain(t *testing.T) {
	url := synctest.Server(t, "Harbor Family Services", "ana")
	st := openTestStore(t)
	enrol(t, st, url)
	write(t, st, func(tx *store.Tx) error { return tx.MarkRevoked() })
	timer := synctest.NewTimer()
	sh := newTestShellWith(t, st, Options{Language: "en", Background: inline, SyncTimer: timer.Start})
	timer.Next(t)
	timer.Fire <- time.Now()
	timer.Next(t)
	waitFor(t, func() bool {
		return strings.HasPrefix(sh.todayScr.syncChip.Text, "The county disconnected this laptop. Enrol it again")
	})
}

// answering enrols st with a server that answers every request with
// status, and returns a shell on st whose sync timer the test fires.
func answering(t *testing.T, st *store.Store, status int) (*Shell, *synctest.Timer) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		w.Write([]byte(`{"message":"test"}`))
	}))
	t.Cleanup(srv.Close)
	write(t, st, func(tx *store.Tx) error {
		return tx.Enroll(store.SyncDevice{ServerURL: srv.URL, DeviceID: data.NewID(), Token: "token", OrgID: data.NewID(), OrgName: "Harbor", User: "ana"})
	})
	timer := synctest.NewTimer()
	sh := newTestShellWith(t, st, Options{Language: "en", Background: inline, SyncTimer: timer.Start})
	if d := timer.Next(t); d != 0 {
		t.Fatalf("first wait %v", d)
	}
	timer.Fire <- time.Now()
	return sh, timer
}

func TestChipSaysToUpdateWhenTheServerNeedsANewerApp(t *testing.T) {
	st := openTestStore(t)
	addFamily(t, st, "Nguyen", "vi", "98118")
	sh, timer := answering(t, st, http.StatusUpgradeRequired)
	if d := timer.Next(t); d != client.Period {
		t.Fatalf("after 426 the next try waits %v; retrying sooner cannot help, want %v", d, client.Period)
	}
	waitFor(t, func() bool {
		return strings.Contains(sh.todayScr.syncChip.Text,
			"The county server needs a newer version of Trellis. Your changes are kept until you update.")
	})
	if n, err := st.PendingChanges(context.Background(), 0); err != nil || n == 0 {
		t.Fatalf("the unsynced edits must be kept: %d %v", n, err)
	}
}

func TestChipSaysADisconnectedLaptopMustBeEnrolledAgain(t *testing.T) {
	st := openTestStore(t)
	sh, timer := answering(t, st, http.StatusUnauthorized)
	timer.Next(t)
	waitFor(t, func() bool {
		return strings.HasPrefix(sh.todayScr.syncChip.Text, "The county disconnected this laptop. Enrol it again in Settings")
	})
	if dev, _, err := st.SyncDevice(context.Background()); err != nil || !dev.Revoked {
		t.Fatalf("a 401 must mark the device revoked: %v %v", dev.Revoked, err)
	}
}
