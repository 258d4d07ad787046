package server

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	gosync "sync"
	"testing"
	"time"

	"trellis/data/registry"
	"trellis/data/store"
	"trellis/sync/client"
	"trellis/sync/server/dbtest"
)

// from is an HTTP client whose connections come from a loopback address
// of its own (127.0.0.N), as if from another computer.
func from(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext}, Timeout: time.Minute}
}

// enrolErr tries an enrolment into a fresh profile and returns its error.
func enrolErr(t *testing.T, e *env, hc *http.Client, user, password string) error {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, err = client.Enroll(ctx, st, hc, e.url, user, password, "laptop")
	return err
}

// enrol tries an enrolment into a fresh profile and returns the status the
// server answered (200 when enrolled).
func (e *env) enrol(t *testing.T, hc *http.Client, user, password string) int {
	t.Helper()
	err := enrolErr(t, e, hc, user, password)
	var se *client.ServerError
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, client.ErrBadLogin):
		return http.StatusUnauthorized
	case errors.Is(err, client.ErrTooManyAttempts):
		return http.StatusTooManyRequests
	case errors.As(err, &se):
		return se.Status
	}
	t.Fatalf("enrolment of %s: %v", user, err)
	return 0
}

// A flood of bad enrolments from one address gets a few password checks,
// then is told to wait without any; another computer enrols meanwhile,
// and the flooding address waits longer after each further failure.
func TestEnrolmentFloodIsLimited(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		e.addUser("Harbor", "ben", registry.RoleNavigator)
		flood := from("127.0.0.1")
		var mu gosync.Mutex
		statuses := map[int]int{}
		var wg gosync.WaitGroup
		for i := 0; i < 40; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st := e.enrol(t, flood, "ana", "wrong password")
				mu.Lock()
				statuses[st]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		free, checks := DefaultEnrolLimits.Free, DefaultEnrolLimits.Checks
		// (503: the server was too busy to queue the check, as a loaded
		// machine may be; no password was checked either.)
		if statuses[http.StatusUnauthorized] < free || statuses[http.StatusUnauthorized] > free+checks ||
			statuses[http.StatusUnauthorized]+statuses[http.StatusTooManyRequests]+statuses[http.StatusServiceUnavailable] != 40 {
			t.Fatalf("40 bad enrolments at once were answered %v: want %d to %d password checks (401), the rest 429 (or 503)", statuses, free, free+checks)
		}
		// Another computer's user enrols at once; the flooded user name
		// and the flooding address wait, even with the right password.
		if st := e.enrol(t, from("127.0.0.2"), "ben", "password-ben"); st != http.StatusOK {
			t.Fatalf("ben on another computer during the flood: %d", st)
		}
		if st := e.enrol(t, from("127.0.0.3"), "ana", "password-ana"); st != http.StatusTooManyRequests {
			t.Fatalf("the flooded user name from another computer: %d, want 429", st)
		}
		if st := e.enrol(t, flood, "ben", "password-ben"); st != http.StatusTooManyRequests {
			t.Fatalf("the flooding address with a right password: %d, want 429", st)
		}
		// Once the wait is over, one more try; a failure doubles the wait.
		n := statuses[http.StatusUnauthorized]
		wait := DefaultEnrolLimits.Delay << (n - free)
		e.clock.Advance(wait + time.Second)
		if st := e.enrol(t, from("127.0.0.4"), "ana", "still wrong"); st != http.StatusUnauthorized {
			t.Fatalf("after %v: %d, want the password checked (401)", wait, st)
		}
		e.clock.Advance(wait + wait/2)
		if st := e.enrol(t, from("127.0.0.4"), "ana", "password-ana"); st != http.StatusTooManyRequests {
			t.Fatalf("after 1.5 times the first wait: %d, want 429 (the wait doubled)", st)
		}
		e.clock.Advance(wait)
		if st := e.enrol(t, from("127.0.0.5"), "ana", "password-ana"); st != http.StatusOK {
			t.Fatalf("after the doubled wait, the right password: %d", st)
		}
		// A success clears the user's failures.
		if st := e.enrol(t, from("127.0.0.5"), "ana", "password-ana"); st != http.StatusOK {
			t.Fatalf("after a success: %d", st)
		}
	})
}

// Starting the server's package computes no password hash: the dummy hash
// an unknown user's check spends its time on is made on first use (an
// argon2id hash at init cost every program importing the package about
// 64 MiB and a fraction of a second).
func TestPackageInitComputesNoHash(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	m := regexp.MustCompile(`init trellis/sync/server @[^,]*, [^,]*, (\d+) bytes`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no init trace for trellis/sync/server in:\n%s", out)
	}
	if n, _ := strconv.Atoi(string(m[1])); n > 8<<20 {
		t.Fatalf("initializing trellis/sync/server allocates %d bytes", n)
	}
}

// The address an attempt counts against: the connection's, an IPv6
// client's /64, or behind a proxy the last value of the proxy's header.
func TestEnrolmentAddress(t *testing.T) {
	req := func(remote string, fwd ...string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/v1/enroll", nil)
		r.RemoteAddr = remote
		for _, v := range fwd {
			r.Header.Add("X-Forwarded-For", v)
		}
		return r
	}
	direct := newEnrolGate(EnrolLimits{}, time.Now)
	proxied := newEnrolGate(EnrolLimits{AddressHeader: "X-Forwarded-For"}, time.Now)
	for _, c := range []struct {
		g    *enrolGate
		r    *http.Request
		want string
	}{
		{direct, req("203.0.113.7:5123"), "203.0.113.7"},
		{direct, req("203.0.113.7:5123", "198.51.100.1"), "203.0.113.7"},
		{direct, req("[2001:db8:1:2:3:4:5:6]:443"), "2001:db8:1:2::/64"},
		{proxied, req("127.0.0.1:5123", "198.51.100.9, 198.51.100.1"), "198.51.100.1"},
		{proxied, req("127.0.0.1:5123", "10.0.0.1", "198.51.100.2"), "198.51.100.2"},
		{proxied, req("127.0.0.1:5123"), "127.0.0.1"},
	} {
		if got := c.g.address(c.r); got != c.want {
			t.Errorf("address of %s %v = %q, want %q", c.r.RemoteAddr, c.r.Header["X-Forwarded-For"], got, c.want)
		}
	}
}
