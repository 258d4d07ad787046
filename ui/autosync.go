package ui

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"trellis/data/store"
	"trellis/sync"
	"trellis/ui/dialogs"
)

// Automatic sync timing: how soon after a local edit, how often when
// nothing happens, and the shortest and longest wait after a failure.
const (
	syncDebounce   = 5 * time.Second
	syncPeriod     = 5 * time.Minute
	syncBackoffMin = 10 * time.Second
	syncBackoffMax = 4 * time.Minute
)

// SyncTimer starts a timer of d that fires once on the returned channel;
// stop releases it. Tests pass one they fire themselves.
type SyncTimer func(d time.Duration) (fire <-chan time.Time, stop func())

// realSyncTimer is a SyncTimer on the system clock.
func realSyncTimer(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// syncStatus is what the last automatic sync found.
type syncStatus struct {
	known    bool // a sync has been tried since the app started
	enrolled bool
	online   bool // the county server answered
	revoked  bool // the county disconnected this laptop
	skewed   bool // the laptop's clock is far off
	stopped  bool // the user stopped the sync before it finished
	err      error
	last     time.Time // when the last sync completed (zero if never)
}

// autoSync syncs the store with the county server in the background: at
// start, a few seconds after local edits, and every few minutes, waiting
// longer after each failure.
type autoSync struct {
	st      *store.Store
	timer   SyncTimer
	http    *http.Client  // nil: the sync client's default
	lock    func() func() // held while a sync runs, so that Sync now waits its turn
	kick    chan struct{} // a local write happened
	publish func(syncStatus)
	// activity, if set, is told when a sync starts and as it advances,
	// and then nil when it has ended (before publish).
	activity func(*syncActivity)
	backoff  time.Duration // the current wait after failures (0 after a success)
	lastOK   bool
	online   bool // the last sync found the server answering
	// userStopped says the user stopped the last sync: edits do not
	// bring the next one forward (nor do the writes of the stopped sync).
	userStopped bool
	// wasEnrolled says whether the last sync found the laptop enrolled.
	wasEnrolled bool
}

func newAutoSync(st *store.Store, timer SyncTimer, lock func() func(), publish func(syncStatus)) *autoSync {
	if timer == nil {
		timer = realSyncTimer
	}
	return &autoSync{st: st, timer: timer, lock: lock, kick: make(chan struct{}, 1), publish: publish}
}

// written tells the loop that something was written; it never blocks.
func (a *autoSync) written() {
	select {
	case a.kick <- struct{}{}:
	default:
	}
}

// nextBackoff doubles the wait after a failure, from syncBackoffMin up to
// syncBackoffMax.
func nextBackoff(cur time.Duration) time.Duration {
	if cur < syncBackoffMin {
		return syncBackoffMin
	}
	return min(cur*2, syncBackoffMax)
}

// run syncs until ctx is cancelled.
func (a *autoSync) run(ctx context.Context) {
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
				if a.backoff == 0 && !a.userStopped && wait > syncDebounce && a.wantsSync(ctx) {
					stop()
					wait = syncDebounce
					fire, stop = a.timer(wait)
				}
			}
		}
		status := a.once(ctx)
		if ctx.Err() != nil {
			return
		}
		a.userStopped = status.stopped
		if status.stopped {
			// The user stopped it: try again at the usual time, not
			// sooner, and keep what the last finished sync found.
			a.publish(status)
			wait = syncPeriod
			continue
		}
		a.online = status.online
		if status.enrolled || a.wasEnrolled {
			// (Nothing to show while the laptop has never been
			// enrolled: the chip counts changes waiting.)
			a.publish(status)
		}
		a.wasEnrolled = status.enrolled
		a.lastOK = status.err == nil && status.enrolled
		switch {
		case status.err != nil && status.enrolled && !status.revoked && !errors.Is(status.err, sync.ErrUpgradeRequired):
			a.backoff = nextBackoff(a.backoff)
			wait = a.backoff
		default:
			a.backoff = 0
			wait = syncPeriod
		}
	}
}

// wantsSync says whether a write should bring a sync forward: there are
// changes to send, or the last sync did not succeed (for example the
// laptop has just been enrolled).
func (a *autoSync) wantsSync(ctx context.Context) bool {
	if !a.lastOK {
		return true
	}
	n, err := a.st.PendingChanges(ctx, 0)
	return err == nil && n > 0
}

// syncActivity is an automatic sync under way, as the sync chip shows it.
type syncActivity struct {
	sync.Progress        // how far it is (zero until the first report)
	stop          func() // stops it; safe to call more than once
}

// show tells the app how a sync under way is doing (nil: it ended).
func (a *autoSync) show(act *syncActivity) {
	if a.activity != nil {
		a.activity(act)
	}
}

// once syncs if the laptop is enrolled and says how it went.
func (a *autoSync) once(ctx context.Context) syncStatus {
	s := syncStatus{known: true}
	dev, ok, err := a.st.SyncDevice(ctx)
	if err != nil {
		s.err = err
		return s
	}
	s.enrolled = ok
	if ok && !dev.Revoked {
		unlock := a.lock()
		sctx, stop := context.WithCancel(ctx)
		answered := false // the server answered (progress was reported)
		a.show(&syncActivity{stop: stop})
		if err = sync.LoadClockOffset(sctx, a.st); err == nil {
			c := &sync.Client{Store: a.st, HTTP: a.http, Progress: func(p sync.Progress) {
				answered = true
				a.show(&syncActivity{Progress: p, stop: stop})
			}}
			var rep sync.Report
			rep, err = c.Sync(sctx)
			s.skewed = rep.ClockSkew != 0
		}
		s.stopped = err != nil && sctx.Err() != nil && ctx.Err() == nil
		stop()
		a.show(nil)
		unlock()
		s.err = err
		s.online = err == nil || !errors.As(err, new(*url.Error))
		if s.stopped {
			s.err, s.online = nil, a.online || answered
		}
	}
	s.revoked = (ok && dev.Revoked) || errors.Is(s.err, sync.ErrRevoked)
	if s.revoked {
		s.err = sync.ErrRevoked
	}
	if t, terr := sync.LastSynced(ctx, a.st); terr == nil {
		s.last = t
	}
	return s
}

// syncCounts is what the sync chip shows besides the last sync's outcome.
type syncCounts struct {
	enrolled  bool
	revoked   bool
	waiting   int
	conflicts int
	refused   int // changes the server refused, not yet dismissed
	last      time.Time
}

// readSyncCounts reads the enrolment, the changes waiting and the open
// conflicts (off the UI goroutine).
func readSyncCounts(ctx context.Context, st *store.Store) (syncCounts, error) {
	var c syncCounts
	dev, ok, err := st.SyncDevice(ctx)
	if err != nil {
		return c, err
	}
	c.enrolled, c.revoked = ok, ok && dev.Revoked
	if c.waiting, err = st.PendingChanges(ctx, dev.MidBase+dev.AckedMID); err != nil {
		return c, err
	}
	cs, err := st.Conflicts(ctx, true)
	if err != nil {
		return c, err
	}
	c.conflicts = len(cs)
	if c.refused, err = st.OpenRejections(ctx); err != nil {
		return c, err
	}
	c.last, err = sync.LastSynced(ctx, st)
	return c, err
}

// syncChipText says in a line whether the app is online, when it last
// synced, how many changes wait and how many conflicts need a decision, and
// what to do when syncing cannot go on by itself.
func (s *Shell) syncChipText(c syncCounts) string {
	if !c.enrolled {
		return s.loc.N("sync.offline_waiting", c.waiting, map[string]any{"Count": s.num(c.waiting)})
	}
	status := s.syncStatus
	if c.revoked || status.revoked {
		return s.T("sync.revoked_enrol_again")
	}
	parts := []string{s.T("sync.chip_offline")}
	if status.known && status.online {
		parts[0] = s.T("sync.chip_online")
	}
	if c.last.IsZero() {
		parts = append(parts, s.T("sync.never"))
	} else {
		parts = append(parts, s.T("sync.last", map[string]any{"When": s.loc.DateTime(c.last.Local())}))
	}
	parts = append(parts, s.T("sync.waiting", map[string]any{"Count": s.num(c.waiting)}),
		s.T("sync.conflicts", map[string]any{"Count": s.num(c.conflicts)}))
	if c.refused > 0 {
		parts = append(parts, s.T("sync.refused", map[string]any{"Count": s.num(c.refused)}))
	}
	if status.stopped {
		parts = append(parts, s.T("sync.stopped"))
	}
	if errors.Is(status.err, sync.ErrUpgradeRequired) {
		parts = append(parts, dialogs.ErrorText(s.loc, status.err))
	}
	if status.skewed {
		parts = append(parts, dialogs.ErrorText(s.loc, sync.ErrClockSkew))
	}
	return strings.Join(parts, " | ")
}
