package client

import (
	"context"
	"errors"
	"net/url"
	"time"

	"trellis/data/store"
)

// Automatic sync timing: how soon after a local edit, how often when
// nothing happens, and the shortest and longest wait after a failure.
const (
	Debounce   = 5 * time.Second
	Period     = 5 * time.Minute
	BackoffMin = 10 * time.Second
	BackoffMax = 4 * time.Minute
)

// Timer starts a timer of d that fires once on the returned channel;
// stop releases it. Tests pass one they fire themselves.
type Timer func(d time.Duration) (fire <-chan time.Time, stop func())

// systemTimer is a Timer on the system clock.
func systemTimer(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// Status is what the last automatic sync found.
type Status struct {
	Known    bool // a sync has been tried since the app started
	Enrolled bool
	Online   bool // the county server answered
	Revoked  bool // the county disconnected this laptop
	Skewed   bool // the laptop's clock is far off
	Stopped  bool // the user stopped the sync before it finished
	Err      error
	Last     time.Time // when the last sync completed (zero if never)
}

// Scheduler syncs a store with the county server in the background: at
// start, a few seconds after local edits, and every few minutes, waiting
// longer after each failure. Make one with NewScheduler, tell it of every
// local write with Written, and Run it.
type Scheduler struct {
	st      *store.Store
	timer   Timer
	lock    func() func() // held while a sync runs, so that Sync now waits its turn
	kick    chan struct{} // a local write happened
	publish func(Status)
	// Activity, if set, is told when a sync starts and as it advances,
	// and then nil when it has ended (before the status is published).
	Activity func(*Activity)
	backoff  time.Duration // the current wait after failures (0 after a success)
	lastOK   bool
	online   bool // the last sync found the server answering
	// userStopped says the user stopped the last sync: edits do not
	// bring the next one forward (nor do the writes of the stopped sync).
	userStopped bool
	// wasEnrolled says whether the last sync found the laptop enrolled.
	wasEnrolled bool
}

// NewScheduler returns a scheduler of st's syncs. timer times them (nil:
// the system clock); lock is held while a sync runs, so that a sync the
// user starts waits its turn; publish is told what each sync found.
func NewScheduler(st *store.Store, timer Timer, lock func() func(), publish func(Status)) *Scheduler {
	if timer == nil {
		timer = systemTimer
	}
	return &Scheduler{st: st, timer: timer, lock: lock, kick: make(chan struct{}, 1), publish: publish}
}

// Written tells the loop that something was written; it never blocks.
func (a *Scheduler) Written() {
	select {
	case a.kick <- struct{}{}:
	default:
	}
}

// nextBackoff doubles the wait after a failure, from BackoffMin up to
// BackoffMax.
func nextBackoff(cur time.Duration) time.Duration {
	if cur < BackoffMin {
		return BackoffMin
	}
	return min(cur*2, BackoffMax)
}

// Run syncs until ctx is cancelled.
func (a *Scheduler) Run(ctx context.Context) {
	wait := time.Duration(0)
	for {
		fire, stop := a.timer(wait)
	waiting:
		for {
			select {
			case <-ctx.Done():
				stop()
				return
			case <-fire:
				break waiting
			case <-a.kick:
				// An edit brings the next sync forward, unless the
				// server is failing (the backoff stands), the user
				// stopped the last one or there is nothing to send.
				if a.backoff == 0 && !a.userStopped && wait > Debounce && a.wantsSync(ctx) {
					stop()
					wait = Debounce
					fire, stop = a.timer(wait)
				}
			}
		}
		status := a.once(ctx)
		if ctx.Err() != nil {
			return
		}
		a.userStopped = status.Stopped
		if status.Stopped {
			// The user stopped it: try again at the usual time, not
			// sooner, and keep what the last finished sync found.
			a.publish(status)
			wait = Period
			continue
		}
		a.online = status.Online
		if status.Enrolled || a.wasEnrolled {
			// (Nothing to show while the laptop has never been
			// enrolled: the chip counts changes waiting.)
			a.publish(status)
		}
		a.wasEnrolled = status.Enrolled
		a.lastOK = status.Err == nil && status.Enrolled
		switch {
		case status.Err != nil && status.Enrolled && !status.Revoked && !errors.Is(status.Err, ErrUpgradeRequired):
			a.backoff = nextBackoff(a.backoff)
			wait = a.backoff
		default:
			a.backoff = 0
			wait = Period
		}
	}
}

// wantsSync says whether a write should bring a sync forward: there are
// changes to send, or the last sync did not succeed (for example the
// laptop has just been enrolled).
func (a *Scheduler) wantsSync(ctx context.Context) bool {
	if !a.lastOK {
		return true
	}
	n, err := a.st.PendingChanges(ctx, 0)
	return err == nil && n > 0
}

// Activity is an automatic sync under way.
type Activity struct {
	Progress        // how far it is (zero until the first report)
	Stop     func() // stops it; safe to call more than once
}

// show tells the app how a sync under way is doing (nil: it ended).
func (a *Scheduler) show(act *Activity) {
	if a.Activity != nil {
		a.Activity(act)
	}
}

// once syncs if the laptop is enrolled and says how it went.
func (a *Scheduler) once(ctx context.Context) Status {
	s := Status{Known: true}
	dev, ok, err := a.st.SyncDevice(ctx)
	if err != nil {
		s.Err = err
		return s
	}
	s.Enrolled = ok
	if ok && !dev.Revoked {
		unlock := a.lock()
		sctx, stop := context.WithCancel(ctx)
		answered := false // the server answered (progress was reported)
		a.show(&Activity{Stop: stop})
		if err = LoadClockOffset(sctx, a.st); err == nil {
			c := &Client{Store: a.st, Progress: func(p Progress) {
				answered = true
				a.show(&Activity{Progress: p, Stop: stop})
			}}
			var rep Report
			rep, err = c.Sync(sctx)
			s.Skewed = rep.ClockSkew != 0
		}
		s.Stopped = err != nil && sctx.Err() != nil && ctx.Err() == nil
		stop()
		a.show(nil)
		unlock()
		s.Err = err
		s.Online = err == nil || !errors.As(err, new(*url.Error))
		if s.Stopped {
			s.Err, s.Online = nil, a.online || answered
		}
	}
	s.Revoked = (ok && dev.Revoked) || errors.Is(s.Err, ErrRevoked)
	if s.Revoked {
		s.Err = ErrRevoked
	}
	if t, terr := LastSynced(ctx, a.st); terr == nil {
		s.Last = t
	}
	return s
}
