package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	gosync "sync"
	"testing"
	"time"
	"trellis/sync"
	"trellis/sync/client"
	"trellis/sync/server/countydb"

	"trellis/data"
	"trellis/data/hlc"
	"trellis/data/store"
)

// The concurrency benchmarks run the county server in a process of its own
// (this test binary started again with TRELLIS_BENCH_SERVE set), so that the
// devices' work does not share the server's heap, garbage collector and
// goroutine scheduler: on one machine the two still share the cores.
// TRELLIS_BENCH_INPROCESS=1 serves from the benchmark's own process instead.
const (
	envServe     = "TRELLIS_BENCH_SERVE"     // the server database; set in the server process
	envInProcess = "TRELLIS_BENCH_INPROCESS" // 1: no server process
	// envServerProfile names a file the server process writes its CPU
	// profile of the timed part of a benchmark to.
	envServerProfile = "TRELLIS_BENCH_SERVER_CPUPROFILE"
	// envClientProfile names a file the benchmark's own process writes
	// its CPU profile of the timed part to (the devices' side).
	envClientProfile = "TRELLIS_BENCH_CLIENT_CPUPROFILE"
)

// serveForBenchmark is the server process: it serves the database named by
// TRELLIS_BENCH_SERVE on a loopback port, prints "url URL" on stdout, and
// reads commands on stdin ("profile PATH" starts a CPU profile, "stop"
// stops it) until stdin closes.
func serveForBenchmark(dsn string) int {
	st, err := countydb.Open(context.Background(), dsn)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	srv, err := NewServer(st, ServerOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	hs := &http.Server{Handler: srv}
	go hs.Serve(l)
	fmt.Printf("url http://%s\n", l.Addr())
	var prof *os.File
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		cmd, arg, _ := strings.Cut(in.Text(), " ")
		switch cmd {
		case "profile":
			if prof, err = os.Create(arg); err == nil {
				err = pprof.StartCPUProfile(prof)
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
			}
		case "stop":
			if prof != nil {
				pprof.StopCPUProfile()
				prof.Close()
				prof = nil
			}
		}
		fmt.Println("ok")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hs.Shutdown(ctx)
	return 0
}

// serverProcess is a county server running in a child process.
type serverProcess struct {
	url   string
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Scanner
}

// startServerProcess starts a county server on dsn in a child process, or
// returns nil with TRELLIS_BENCH_INPROCESS=1.
func startServerProcess(b *testing.B, dsn string) *serverProcess {
	if os.Getenv(envInProcess) == "1" {
		return nil
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envServe+"="+dsn)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	p := &serverProcess{cmd: cmd, stdin: stdin, out: bufio.NewScanner(stdout)}
	b.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	for p.out.Scan() {
		if u, ok := strings.CutPrefix(p.out.Text(), "url "); ok {
			p.url = u
			return p
		}
	}
	b.Fatalf("the server process did not start: %v", p.out.Err())
	return nil
}

// command sends a command to the server process and waits for its "ok".
func (p *serverProcess) command(b *testing.B, line string) {
	if p == nil {
		return
	}
	if _, err := fmt.Fprintln(p.stdin, line); err != nil {
		b.Fatal(err)
	}
	for p.out.Scan() {
		if p.out.Text() == "ok" {
			return
		}
	}
	b.Fatalf("the server process stopped: %v", p.out.Err())
}

// profile starts the server process's CPU profile when
// TRELLIS_BENCH_SERVER_CPUPROFILE names a file, and this process's when
// TRELLIS_BENCH_CLIENT_CPUPROFILE does (the benchmark's name is added to
// the file names); the returned function stops them.
func (p *serverProcess) profile(b *testing.B) func() {
	suffix := "." + strings.NewReplacer("/", "_", " ", "_").Replace(b.Name())
	var stops []func()
	if path := os.Getenv(envServerProfile); p != nil && path != "" {
		p.command(b, "profile "+path+suffix)
		stops = append(stops, func() { p.command(b, "stop") })
	}
	if path := os.Getenv(envClientProfile); path != "" {
		f, err := os.Create(path + suffix)
		if err != nil {
			b.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
}

// benchEnv is a county server for a concurrency benchmark: served from a
// child process unless TRELLIS_BENCH_INPROCESS=1. The env's storage stays
// open in the benchmark's process for setting up users and devices.
func benchEnv(b *testing.B, dsn string) (*env, *serverProcess) {
	e := newEnv(b, dsn)
	e.clock.real = true // the server process reads the real clock
	p := startServerProcess(b, dsn)
	if p != nil {
		e.url = p.url
	}
	return e, p
}

// procCPU returns the CPU time (user and system) a process has used so
// far, from /proc; false where there is no /proc.
func procCPU(pid string) (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0, false
	}
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * time.Second / 100, true // Linux counts in 1/100 s
}

// postgresCPU returns the CPU time the machine's PostgreSQL processes have
// used so far (a backend that exits takes its share with it); false where
// there is no /proc.
func postgresCPU() (time.Duration, bool) {
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return 0, false
	}
	var sum time.Duration
	for _, d := range dirs {
		if _, err := strconv.Atoi(d.Name()); err != nil {
			continue
		}
		comm, err := os.ReadFile("/proc/" + d.Name() + "/comm")
		if err != nil || strings.TrimSpace(string(comm)) != "postgres" {
			continue
		}
		if t, ok := procCPU(d.Name()); ok {
			sum += t
		}
	}
	return sum, true
}

// cpuMeter measures the CPU time the server process, this process and
// PostgreSQL spend during the timed part of a benchmark.
type cpuMeter struct {
	srvPID        string
	srv0, self0   time.Duration
	srvOK, selfOK bool
	pg0           time.Duration
	pgOK          bool
}

func (p *serverProcess) startCPU() *cpuMeter {
	m := &cpuMeter{}
	if p != nil {
		m.srvPID = strconv.Itoa(p.cmd.Process.Pid)
		m.srv0, m.srvOK = procCPU(m.srvPID)
	}
	m.self0, m.selfOK = procCPU("self")
	m.pg0, m.pgOK = postgresCPU()
	return m
}

// report adds the CPU used since start: "server-cpu-ms" for the server
// process, "devices-cpu-ms" for this process (the devices, and the
// server too when it runs in this process) and "postgres-cpu-ms" for the
// PostgreSQL processes (the database on that backend; near zero on SQLite).
func (m *cpuMeter) report(b *testing.B) {
	if t, ok := postgresCPU(); ok && m.pgOK {
		b.ReportMetric(float64((t - m.pg0).Milliseconds()), "postgres-cpu-ms")
	}
	if t, ok := procCPU(m.srvPID); ok && m.srvOK {
		b.ReportMetric(float64((t - m.srv0).Milliseconds()), "server-cpu-ms")
	}
	if t, ok := procCPU("self"); ok && m.selfOK {
		b.ReportMetric(float64((t - m.self0).Milliseconds()), "devices-cpu-ms")
	}
}

// syncAtOnce is the timed part of a concurrency benchmark: n devices
// sync at the same moment, syncDevice(j) doing device j's sync and
// returning how many changes it pulled. It reports the latencies, the
// CPU used and the changes pulled per device.
func syncAtOnce(b *testing.B, srv *serverProcess, n int, syncDevice func(j int) (int, error)) {
	stop := srv.profile(b)
	cpu := srv.startCPU()
	b.StartTimer()
	lat := make([]time.Duration, n)
	pulled := make([]int, n)
	var wg gosync.WaitGroup
	start := time.Now()
	for j := 0; j < n; j++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			var err error
			if pulled[j], err = syncDevice(j); err != nil {
				b.Errorf("device %d: %v", j, err)
			}
			lat[j] = time.Since(t0)
		}()
	}
	wg.Wait()
	total := time.Since(start)
	b.StopTimer()
	cpu.report(b)
	stop()
	sum := 0
	for _, p := range pulled {
		sum += p
	}
	reportLatencies(b, lat, total)
	b.ReportMetric(float64(sum)/float64(n), "pulled/device")
}

// latencies reports the median, 99th percentile and slowest of lat.
func reportLatencies(b *testing.B, lat []time.Duration, total time.Duration) {
	sort.Slice(lat, func(x, y int) bool { return lat[x] < lat[y] })
	n := len(lat)
	b.ReportMetric(float64(lat[n/2].Milliseconds()), "p50-ms")
	b.ReportMetric(float64(lat[n*99/100].Milliseconds()), "p99-ms")
	b.ReportMetric(float64(lat[n-1].Milliseconds()), "max-ms")
	b.ReportMetric(total.Seconds(), "s/all")
}

// lightDevice is a device reduced to the protocol: it pushes mutations and
// pulls with its own cursors over HTTP, decoding the replies, but keeps no
// local store.
type lightDevice struct {
	url, id, token string
	clock          *hlc.Clock
	mid            int64
	cursors        map[string]int64
	hc             *http.Client
}

// enrolLight enrols a light device directly in the server storage.
func (e *env) enrolLight(b *testing.B, orgName, user string, hc *http.Client) *lightDevice {
	clock, err := hlc.NewClock(hlc.NewNode(), nil, hlc.Timestamp{})
	if err != nil {
		b.Fatal(err)
	}
	dev, _, token := e.createDevice(b, orgName, user, clock.Node())
	return &lightDevice{url: e.url, id: dev.ID, token: token, clock: clock, hc: hc,
		cursors: map[string]int64{sync.ScopeOrg: 0, sync.ScopePublic: 0}}
}

// householdTemplate is the change a laptop makes when a navigator adds a
// family, taken from a real store's outbox.
func householdTemplate(b *testing.B) data.Change {
	st, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := st.Write(ctx, func(tx *store.Tx) error {
		return tx.AddHousehold(&data.Household{Name: "Template family", HomeLanguage: "es", Phone: "206-555-0100", ZIP: "98118"})
	}); err != nil {
		b.Fatal(err)
	}
	out, err := st.Outbox(ctx, 0, 10)
	if err != nil || len(out) != 1 || out[0].Change.Table != "households" {
		b.Fatalf("expected one household in the outbox, got %d entries: %v", len(out), err)
	}
	return out[0].Change
}

// newFamilies makes n mutations adding families, shaped like tmpl, stamped
// by the device's clock.
func (d *lightDevice) newFamilies(tmpl data.Change, n int, name string) []sync.Mutation {
	var ms []sync.Mutation
	for k := 0; k < n; k++ {
		d.mid++
		m := sync.Mutation{MID: d.mid, Table: tmpl.Table, Row: data.NewID(), BaseSeq: d.cursors[sync.ScopeOrg],
			Fields: make(map[string]sync.Field, len(tmpl.Fields))}
		for col, f := range tmpl.Fields {
			v := f.Value
			if col == "name" {
				v = fmt.Sprintf("%s %d", name, k)
			}
			m.Fields[col] = sync.Field{Value: v, HLC: d.clock.Now().String()}
		}
		ms = append(ms, m)
	}
	return ms
}

// sync pushes ms, then pulls until the server has nothing more; it returns
// the number of changes pulled.
func (d *lightDevice) sync(ctx context.Context, ms []sync.Mutation) (int, error) {
	if len(ms) > 0 {
		var reply sync.PushReply
		req := sync.PushRequest{DeviceID: d.id, SchemaVer: store.SchemaVersion(), Mutations: ms}
		if _, _, err := client.Post(ctx, d.hc, d.url+"/v1/push", d.token, req, &reply); err != nil {
			return 0, err
		}
		if reply.AckedMID != ms[len(ms)-1].MID || len(reply.Rejected) > 0 {
			return 0, fmt.Errorf("pushed up to %d, acknowledged %d, %d rejected", ms[len(ms)-1].MID, reply.AckedMID, len(reply.Rejected))
		}
	}
	pulled := 0
	for {
		var reply client.PulledReply
		req := sync.PullRequest{SchemaVer: store.SchemaVersion(), Limit: sync.DefaultPullLimit,
			Scopes: []sync.ScopeCursor{{Scope: sync.ScopeOrg, After: d.cursors[sync.ScopeOrg]}, {Scope: sync.ScopePublic, After: d.cursors[sync.ScopePublic]}}}
		if _, _, err := client.Post(ctx, d.hc, d.url+"/v1/pull", d.token, req, &reply); err != nil {
			return pulled, err
		}
		more := false
		for _, p := range reply.Scopes {
			d.cursors[p.Scope] = p.NextAfter
			pulled += len(p.Changes)
			more = more || p.HasMore
		}
		if !more {
			return pulled, nil
		}
	}
}

// BenchmarkDevices200Light measures the county server's latency to 200
// devices syncing at the same moment, each pushing 5 new families and
// pulling the others' changes with its own cursors. The devices are
// protocol clients without a local store (see BenchmarkDevices200 for
// whole laptops), so the cores go mostly to the server.
func BenchmarkDevices200Light(b *testing.B) {
	benchBackends(b, func(b *testing.B, dsn string) {
		e, srv := benchEnv(b, dsn)
		seedCounty(b, e, 200, 50)
		tmpl := householdTemplate(b)
		const n = 200
		hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n}}
		devs := make([]*lightDevice, n)
		for i := range devs {
			org := fmt.Sprintf("Org %d", i%10)
			user := fmt.Sprintf("nav%d", i)
			e.addUserFast(org, user)
			devs[i] = e.enrolLight(b, org, user, hc)
			if _, err := devs[i].sync(ctx, nil); err != nil { // catch up before the timed syncs
				b.Fatal(err)
			}
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			pushes := make([][]sync.Mutation, n)
			for j, d := range devs {
				pushes[j] = d.newFamilies(tmpl, 5, fmt.Sprintf("Family %d-%d", i, j))
			}
			syncAtOnce(b, srv, n, func(j int) (int, error) { return devs[j].sync(ctx, pushes[j]) })
		}
	})
}
