package synctest

import (
	"testing"
	"time"
)

// Timer is a sync scheduler's timer (client.Timer) that the test fires:
// each wait the scheduler starts is sent on Waits, and the scheduler wakes
// when the test sends on Fire.
type Timer struct {
	Waits chan time.Duration
	Fire  chan time.Time
}

// NewTimer returns a Timer nobody has fired.
func NewTimer() *Timer {
	return &Timer{Waits: make(chan time.Duration, 64), Fire: make(chan time.Time)}
}

// Start is the client.Timer: it records the wait and returns Fire.
func (f *Timer) Start(d time.Duration) (<-chan time.Time, func()) {
	f.Waits <- d
	return f.Fire, func() {}
}

// Next returns the next wait the scheduler starts.
func (f *Timer) Next(t testing.TB) time.Duration {
	t.Helper()
	select {
	case d := <-f.Waits:
		return d
	case <-time.After(30 * time.Second):
		t.Fatal("the sync loop started no timer")
		return 0
	}
}
