package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	gosync "sync"
	"time"

	"trellis/sync"
	"trellis/sync/server/countydb"
)

// EnrolLimits bound what enrolment attempts may cost the server: each
// password check is an argon2id hash (about 64 MiB and a core for a tenth
// of a second or more), so checks run a few at a time, and a user name or
// an address that keeps failing must wait longer and longer before it is
// checked again.
type EnrolLimits struct {
	// Checks is how many password checks run at once; Queue how many
	// enrolments may wait for one (beyond that they are told the server
	// is busy), for at most Wait.
	Checks int
	Queue  int
	Wait   time.Duration
	// Free is how many failures a user name, or an address, may have
	// before it must wait; the wait is Delay after the next failure and
	// doubles with each further one, up to MaxDelay. Failures are
	// forgotten Forget after the last one; a success clears its user's.
	Free     int
	Delay    time.Duration
	MaxDelay time.Duration
	Forget   time.Duration
	// Hold is how long a refused attempt is held before the 429 is sent
	// (at most until its wait is over), so that a flood's clients cannot
	// spend the server's cores on being refused.
	Hold time.Duration
	// AddressHeader, when the server runs behind a proxy, names the header
	// the proxy puts the client's address in (its last value is taken);
	// "" means the connection's own address.
	AddressHeader string
}

// DefaultEnrolLimits are the county server's.
var DefaultEnrolLimits = EnrolLimits{Checks: 2, Queue: 64, Wait: 30 * time.Second,
	Free: 5, Delay: time.Second, MaxDelay: 15 * time.Minute, Forget: time.Hour, Hold: 2 * time.Second}

// maxFailureEntries bounds the limiter's memory: beyond it, entries not
// currently waiting out a delay are dropped first.
const maxFailureEntries = 100_000

// enrolGate is the server's enrolment limiter.
type enrolGate struct {
	lim     EnrolLimits
	now     func() time.Time
	checks  chan struct{}
	mu      gosync.Mutex
	waiting int
	fails   map[string]*failures
	// pending counts each key's attempts under way (waiting for or in a
	// password check): with its failures they may not pass Free, so a
	// flood sent all at once gets no more checks than one sent in turn.
	pending map[string]int
}

// failures are one user name's or address's failed attempts.
type failures struct {
	n    int
	last time.Time
}

func newEnrolGate(lim EnrolLimits, now func() time.Time) *enrolGate {
	d := DefaultEnrolLimits
	lim.Checks, lim.Queue, lim.Free = orDefault(lim.Checks, d.Checks), orDefault(lim.Queue, d.Queue), orDefault(lim.Free, d.Free)
	lim.Wait, lim.Delay = orDefault(lim.Wait, d.Wait), orDefault(lim.Delay, d.Delay)
	lim.MaxDelay, lim.Forget = orDefault(lim.MaxDelay, d.MaxDelay), orDefault(lim.Forget, d.Forget)
	lim.Hold = orDefault(lim.Hold, d.Hold)
	return &enrolGate{lim: lim, now: now, checks: make(chan struct{}, lim.Checks), fails: map[string]*failures{}, pending: map[string]int{}}
}

// orDefault is v, or d when v is not positive.
func orDefault[T int | time.Duration](v, d T) T {
	if v <= 0 {
		return d
	}
	return v
}

// keys are the limiter's keys for an attempt: its user name and its
// address (an IPv6 address counts by its /64, which one client holds).
func (g *enrolGate) keys(r *http.Request, user string) []string {
	return []string{"user\x00" + strings.ToLower(strings.TrimSpace(user)), "addr\x00" + g.address(r)}
}

// address is the client's address, for the limits and the log.
func (g *enrolGate) address(r *http.Request) string {
	host := r.RemoteAddr
	if g.lim.AddressHeader != "" {
		if vals := r.Header.Values(g.lim.AddressHeader); len(vals) > 0 {
			parts := strings.Split(vals[len(vals)-1], ",")
			host = strings.TrimSpace(parts[len(parts)-1])
		}
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil:
		return host
	case ip.To4() == nil:
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return ip.String()
}

// delay is how long after its last failure a key with n failures waits.
func (g *enrolGate) delay(n int) time.Duration {
	if n < g.lim.Free {
		return 0
	}
	d := g.lim.Delay
	for i := g.lim.Free; i < n && d < g.lim.MaxDelay; i++ {
		d *= 2
	}
	return min(d, g.lim.MaxDelay)
}

// begin admits an attempt with these keys (call done when it is over),
// or returns how long they must still wait.
func (g *enrolGate) begin(keys []string) (wait time.Duration, done func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if wait := g.waitLocked(keys, true); wait > 0 {
		return wait, nil
	}
	for _, k := range keys {
		g.pending[k]++
	}
	return 0, func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		for _, k := range keys {
			if g.pending[k]--; g.pending[k] <= 0 {
				delete(g.pending, k)
			}
		}
	}
}

// allowed returns how long an admitted attempt must still wait, from the
// failures recorded since it was admitted.
func (g *enrolGate) allowed(keys []string) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.waitLocked(keys, false)
}

// waitLocked is how long an attempt with these keys must wait: after its
// failures, and (if withPending) while its attempts under way would take
// it past Free.
func (g *enrolGate) waitLocked(keys []string, withPending bool) time.Duration {
	now := g.now()
	var wait time.Duration
	for _, k := range keys {
		n := 0
		if f := g.fails[k]; f != nil && now.Sub(f.last) > g.lim.Forget {
			delete(g.fails, k)
		} else if f != nil {
			n = f.n
			wait = max(wait, f.last.Add(g.delay(n)).Sub(now))
		}
		if p := g.pending[k]; withPending && p > 0 && n+p >= g.lim.Free {
			wait = max(wait, g.lim.Delay)
		}
	}
	return wait
}

// failed records a failed attempt.
func (g *enrolGate) failed(keys []string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if len(g.fails) >= maxFailureEntries {
		g.prune(now)
	}
	for _, k := range keys {
		f := g.fails[k]
		if f == nil {
			f = &failures{}
			g.fails[k] = f
		}
		f.n++
		f.last = now
	}
}

// succeeded clears the failures of the attempt's user (its address keeps
// them: one good password must not clear an address that tried many
// users).
func (g *enrolGate) succeeded(keys []string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.fails, keys[0])
}

// prune drops forgotten entries and, if there are still too many, those
// not waiting out a delay.
func (g *enrolGate) prune(now time.Time) {
	for k, f := range g.fails {
		if now.Sub(f.last) > g.lim.Forget {
			delete(g.fails, k)
		}
	}
	for k, f := range g.fails {
		if len(g.fails) < maxFailureEntries/2 {
			break
		}
		if !now.Before(f.last.Add(g.delay(f.n))) {
			delete(g.fails, k)
		}
	}
}

// acquire waits for a password check slot; release it with the function
// returned. It fails with 503 when too many are waiting or the wait is
// too long.
func (g *enrolGate) acquire(ctx context.Context) (func(), error) {
	busy := fail(http.StatusServiceUnavailable, sync.CodeBusy, "the county server is busy with other sign-ins; try again in a minute")
	select {
	case g.checks <- struct{}{}:
		return func() { <-g.checks }, nil
	default:
	}
	g.mu.Lock()
	if g.waiting >= g.lim.Queue {
		g.mu.Unlock()
		return nil, busy
	}
	g.waiting++
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		g.waiting--
		g.mu.Unlock()
	}()
	t := time.NewTimer(g.lim.Wait)
	defer t.Stop()
	select {
	case g.checks <- struct{}{}:
		return func() { <-g.checks }, nil
	case <-t.C:
		return nil, busy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// hold keeps a refused attempt for Hold (or its wait, if shorter).
func (g *enrolGate) hold(ctx context.Context, wait time.Duration) {
	t := time.NewTimer(min(wait, g.lim.Hold))
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// tooMany is the answer to an attempt that must wait.
func tooMany(w http.ResponseWriter, wait time.Duration) *httpError {
	secs := int((wait + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	return fail(http.StatusTooManyRequests, sync.CodeTooManyAttempts, "too many failed sign-ins: try again in %s", (time.Duration(max(secs, 1)) * time.Second).String())
}

// login checks an enrolment's user name and password within the limits:
// an attempt that must wait is refused at once (429), a password is
// checked only when a check slot is free, and the outcome is recorded
// against the user name and the address (logged with the address, never
// the name or password given).
func (s *Server) login(w http.ResponseWriter, r *http.Request, name, password string) (countydb.User, error) {
	g := s.gate
	keys, addr := g.keys(r, name), g.address(r)
	wait, done := g.begin(keys)
	if wait > 0 {
		s.log.Info("enrolment refused", "reason", "too many failures", "addr", addr)
		g.hold(r.Context(), wait)
		return countydb.User{}, tooMany(w, wait)
	}
	defer done()
	release, err := g.acquire(r.Context())
	if err != nil {
		s.log.Warn("enrolment refused", "reason", "password checks busy", "addr", addr)
		return countydb.User{}, err
	}
	release = gosync.OnceFunc(release) // given back early when refused below
	defer release()
	// Failures may have been recorded while this attempt waited.
	if wait := g.allowed(keys); wait > 0 {
		release()
		s.log.Info("enrolment refused", "reason", "too many failures", "addr", addr)
		g.hold(r.Context(), wait)
		return countydb.User{}, tooMany(w, wait)
	}
	bad := fail(http.StatusUnauthorized, sync.CodeUnauthorized, "the user name or password is wrong")
	u, err := s.st.UserByName(r.Context(), name)
	if errors.Is(err, countydb.ErrNotFound) {
		// Spend the same time as a real check so names cannot be probed.
		CheckPassword(dummyHash(), password)
		g.failed(keys)
		s.log.Info("enrolment refused", "reason", "unknown user", "addr", addr)
		return countydb.User{}, bad
	}
	if err != nil {
		return countydb.User{}, err
	}
	ok, err := CheckPassword(u.PasswordHash, password)
	if err != nil {
		return countydb.User{}, err
	}
	if !ok {
		g.failed(keys)
		s.log.Info("enrolment refused", "reason", "wrong password", "user", u.ID, "addr", addr)
		return countydb.User{}, bad
	}
	g.succeeded(keys)
	if !u.DisabledAt.IsZero() {
		s.log.Info("enrolment refused", "reason", "user disabled", "user", u.ID, "addr", addr)
		return countydb.User{}, fail(http.StatusForbidden, sync.CodeUserDisabled, "the county disabled this user; ask your administrator")
	}
	return u, nil
}

// dummyHash is checked against when the user does not exist; it is made
// on first use, not when the program starts (an argon2id hash costs about
// 64 MiB and a fraction of a second).
var dummyHash = gosync.OnceValue(func() string {
	h, _ := HashPassword("not a real password")
	return h
})
