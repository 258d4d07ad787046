package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"trellis/data"
	"trellis/data/store"
	"trellis/sync"
	"trellis/sync/synctest"
)

// fakeSyncTimer is a SyncTimer the test fires: each wait the sync loop
// starts is sent on waits, and the loop wakes when the test sends on fire.
type fakeSyncTimer struct {
	waits chan time.Duration
	fire  chan time.Time
}

func newFakeSyncTimer() *fakeSyncTimer {
	return &fakeSyncTimer{waits: make(chan time.Duration, 64), fire: make(chan time.Time)}
}

func (f *fakeSyncTimer) start(d time.Duration) (<-chan time.Time, func()) {
	f.waits <- d
	return f.fire, func() {}
}

// next returns the next wait the loop starts.
func (f *fakeSyncTimer) next(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-f.waits:
		return d
	case <-time.After(30 * time.Second):
		t.Fatal("the sync loop started no timer")
		return 0
	}
}

// enrol signs st in with the server at url as ana (or the user given).
func enrol(t testing.TB, st *store.Store, url string, user ...string) {
	t.Helper()
	name := "ana"
	if len(user) > 0 {
		name = user[0]
	}
	if _, err := sync.Enroll(context.Background(), st, nil, url, name, "password-"+name, "laptop-"+name); err != nil {
		t.Fatal(err)
	}
}

func TestAutoSyncUpdatesTheChip(t *testing.T) {
	url := synctest.Server(t, "Harbor Family Services", "ana")
	st := openTestStore(t)
	enrol(t, st, url)
	addFamily(t, st, "Nguyen", "vi", "98118")
	timer := newFakeSyncTimer()
	sh := newTestShellWith(t, st, Options{Language: "en", Background: inline, SyncTimer: timer.start})
	if d := timer.next(t); d != 0 {
		t.Fatalf("the first sync waits %v; it should start at once", d)
	}
	chip := sh.todayScr.syncChip
	waitFor(t, func() bool {
		return strings.HasPrefix(chip.Text, "Offline | Not synced yet") && strings.Contains(chip.Text, "Changes waiting to be sent:") &&
			!strings.Contains(chip.Text, "Changes waiting to be sent: 0")
	})
	timer.fire <- time.Now()
	if d := timer.next(t); d != syncPeriod {
		t.Fatalf("after a sync the next one waits %v, want %v", d, syncPeriod)
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
	if d := timer.next(t); d != syncDebounce {
		t.Fatalf("after an edit the next sync waits %v, want %v", d, syncDebounce)
	}
	// Stopping (as closing the window does) ends the loop: it returns
	// while waiting and starts no other timer.
	sh.StopSync()
	select {
	case d := <-timer.waits:
		t.Fatalf("the sync loop started a %v timer after it was stopped", d)
	default:
	}
}

func TestAutoSyncBacksOffWhileTheServerCannotBeReached(t *testing.T) {
	st := openTestStore(t)
	gone := httptest.NewServer(nil)
	gone.Close()
	write(t, st, func(tx *store.Tx) error {
		return tx.Enroll(store.SyncDevice{ServerURL: gone.URL, DeviceID: data.NewID(), Token: "token", OrgID: data.NewID(), OrgName: "Harbor", User: "ana"})
	})
	timer := newFakeSyncTimer()
	statuses := make(chan syncStatus, 64)
	a := newAutoSync(st, timer.start, func() func() { return func() {} }, func(s syncStatus) { statuses <- s })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.run(ctx)
	}()
	defer func() {
		cancel()
		<-done
	}()
	if d := timer.next(t); d != 0 {
		t.Fatalf("first wait %v", d)
	}
	for i, want := range []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second,
		160 * time.Second, syncBackoffMax, syncBackoffMax} {
		timer.fire <- time.Now()
		s := <-statuses
		if s.online || s.err == nil || !s.enrolled {
			t.Fatalf("attempt %d: online %v, err %v", i+1, s.online, s.err)
		}
		if d := timer.next(t); d != want {
			t.Fatalf("after failure %d the wait is %v, want %v", i+1, d, want)
		}
	}
	// Once the server answers, the waits go back to the usual period.
	url := synctest.Server(t, "Harbor Family Services", "ana")
	enrol(t, st, url)
	timer.fire <- time.Now()
	if s := <-statuses; !s.online || s.err != nil {
		t.Fatalf("after enrolling with a live server: online %v, err %v", s.online, s.err)
	}
	if d := timer.next(t); d != syncPeriod {
		t.Fatalf("after a success the wait is %v, want %v", d, syncPeriod)
	}
}

func TestChipSaysARevokedLaptopMustBeEnrolledAgain(t *testing.T) {
	url := synctest.Server(t, "Harbor Family Services", "ana")
	st := openTestStore(t)
	enrol(t, st, url)
	write(t, st, func(tx *store.Tx) error { return tx.MarkRevoked() })
	timer := newFakeSyncTimer()
	sh := newTestShellWith(t, st, Options{Language: "en", Background: inline, SyncTimer: timer.start})
	timer.next(t)
	timer.fire <- time.Now()
	timer.next(t)
	waitFor(t, func() bool {
		return strings.HasPrefix(sh.todayScr.syncChip.Text, "The county disconnected this laptop. Enrol it again")
	})
}

// answering enrols st with a server that answers every request with
// status, and returns a shell on st whose sync timer the test fires.
func answering(t *testing.T, st *store.Store, status int) (*Shell, *fakeSyncTimer) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		w.Write([]byte(`{"message":"test"}`))
	}))
	t.Cleanup(srv.Close)
	write(t, st, func(tx *store.Tx) error {
		return tx.Enroll(store.SyncDevice{ServerURL: srv.URL, DeviceID: data.NewID(), Token: "token", OrgID: data.NewID(), OrgName: "Harbor", User: "ana"})
	})
	timer := newFakeSyncTimer()
	sh := newTestShellWith(t, st, Options{Language: "en", Background: inline, SyncTimer: timer.start})
	if d := timer.next(t); d != 0 {
		t.Fatalf("first wait %v", d)
	}
	timer.fire <- time.Now()
	return sh, timer
}

func TestChipSaysToUpdateWhenTheServerNeedsANewerApp(t *testing.T) {
	st := openTestStore(t)
	addFamily(t, st, "Nguyen", "vi", "98118")
	sh, timer := answering(t, st, http.StatusUpgradeRequired)
	if d := timer.next(t); d != syncPeriod {
		t.Fatalf("after 426 the next try waits %v; retrying sooner cannot help, want %v", d, syncPeriod)
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
	timer.next(t)
	waitFor(t, func() bool {
		return strings.HasPrefix(sh.todayScr.syncChip.Text, "The county disconnected this laptop. Enrol it again in Settings")
	})
	if dev, _, err := st.SyncDevice(context.Background()); err != nil || !dev.Revoked {
		t.Fatalf("a 401 must mark the device revoked: %v %v", dev.Revoked, err)
	}
}
