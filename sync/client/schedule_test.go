package client

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"trellis/data"
	"trellis/data/store"
	"trellis/sync/synctest"
)

func TestSchedulerBacksOffWhileTheServerCannotBeReached(t *testing.T) {
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	gone := httptest.NewServer(nil)
	gone.Close()
	if err := st.Write(context.Background(), func(tx *store.Tx) error {
		return tx.Enroll(store.SyncDevice{ServerURL: gone.URL, DeviceID: data.NewID(), Token: "token", OrgID: data.NewID(), OrgName: "Harbor", User: "ana"})
	}); err != nil {
		t.Fatal(err)
	}
	timer := synctest.NewTimer()
	statuses := make(chan Status, 64)
	a := NewScheduler(st, timer.Start, func() func() { return func() {} }, func(s Status) { statuses <- s })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.Run(ctx)
	}()
	defer func() {
		cancel()
		<-done
	}()
	if d := timer.Next(t); d != 0 {
		t.Fatalf("first wait %v", d)
	}
	for i, want := range []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second,
		160 * time.Second, BackoffMax, BackoffMax} {
		timer.Fire <- time.Now()
		s := <-statuses
		if s.Online || s.Err == nil || !s.Enrolled {
			t.Fatalf("attempt %d: online %v, err %v", i+1, s.Online, s.Err)
		}
		if d := timer.Next(t); d != want {
			t.Fatalf("after failure %d the wait is %v, want %v", i+1, d, want)
		}
	}
	// Once the server answers, the waits go back to the usual period.
	url := synctest.Server(t, "Harbor Family Services", "ana")
	if _, err := Enroll(context.Background(), st, nil, url, "ana", "password-ana", "laptop-ana"); err != nil {
		t.Fatal(err)
	}
	timer.Fire <- time.Now()
	if s := <-statuses; !s.Online || s.Err != nil {
		t.Fatalf("after enrolling with a live server: online %v, err %v", s.Online, s.Err)
	}
	if d := timer.Next(t); d != Period {
		t.Fatalf("after a success the wait is %v, want %v", d, Period)
	}
}
