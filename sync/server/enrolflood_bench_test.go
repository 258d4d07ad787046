package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"trellis/data/hlc"
	"trellis/data/registry"
	"trellis/data/store"
	"trellis/sync"
	"trellis/sync/client"
)

// BenchmarkEnrolFlood measures the county server (its own process) while
// 40 clients from one address keep sending enrolments with a wrong
// password: its peak memory (VmHWM), and how long a user on another
// computer (127.0.0.2) takes to enrol meanwhile (given up after 2
// minutes), beside the same enrolment without a flood. SQLite only: the database does little here.
func BenchmarkEnrolFlood(b *testing.B) {
	e, p := benchEnv(b, dbPathForBench(b))
	if p == nil {
		b.Skip("needs the server in its own process")
	}
	e.addUser("Harbor", "ana", registry.RoleNavigator)
	e.addUser("Harbor", "ben", registry.RoleNavigator)
	attempt := func(ctx context.Context, hc *http.Client, user, password string) error {
		req := sync.EnrollRequest{User: user, Password: password, DeviceName: "laptop", Node: hlc.NewNode(), SchemaVer: store.SchemaVersion()}
		var reply sync.EnrollReply
		_, _, err := client.Post(ctx, hc, e.url+"/v1/enroll", "", req, &reply)
		return err
	}
	other := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}}
	legit := &http.Client{Transport: &http.Transport{DialContext: other.DialContext}, Timeout: 2 * time.Minute}
	// The same enrolment without a flood, for comparison.
	start := time.Now()
	if err := attempt(context.Background(), legit, "ben", "password-ben"); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(time.Since(start).Seconds(), "s/enrol-alone")
	for i := 0; i < b.N; i++ {
		ctx, stop := context.WithCancel(context.Background())
		var wg gosync.WaitGroup
		var mu gosync.Mutex
		answers := map[string]int{}
		flood := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 40}}
		for j := 0; j < 40; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					err := attempt(ctx, flood, "ana", "wrong password")
					mu.Lock()
					answers[floodAnswer(err)]++
					mu.Unlock()
				}
			}()
		}
		time.Sleep(200 * time.Millisecond) // the flood is under way
		start := time.Now()
		err := attempt(context.Background(), legit, "ben", "password-ben")
		took := time.Since(start)
		stop()
		wg.Wait()
		if err != nil {
			b.Logf("the legitimate enrolment failed after %v: %v", took.Round(time.Millisecond), err)
		}
		b.Logf("flood answers: %v", answers)
		b.ReportMetric(took.Seconds(), "s/legit-enrol")
	}
	if mib, ok := peakRSS(strconv.Itoa(p.cmd.Process.Pid)); ok {
		b.ReportMetric(mib, "MiB-server-peak")
	}
}

// floodAnswer names how an attempt of the flood ended: a status, or
// "error" (no answer).
func floodAnswer(err error) string {
	var se *client.ServerError
	switch {
	case err == nil:
		return "enrolled"
	case errors.As(err, &se):
		return strconv.Itoa(se.Status)
	}
	return "error"
}

// dbPathForBench is a fresh SQLite database for a benchmark.
func dbPathForBench(b *testing.B) string { return b.TempDir() + "/server.db" }

// peakRSS is a process's peak resident memory in MiB, from /proc.
func peakRSS(pid string) (float64, bool) {
	status, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return kb / 1024, err == nil
		}
	}
	return 0, false
}
