package server

import (
	"fmt"
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"
	"trellis/data/registry"
	"trellis/sync"
	"trellis/sync/client"
	"trellis/sync/server/countydb"
	"trellis/sync/server/dbtest"

	"trellis/data"
	"trellis/data/demo"
	"trellis/data/store"
)

// benchBackends runs a benchmark on SQLite and on PostgreSQL.
func benchBackends(b *testing.B, f func(b *testing.B, dsn string)) {
	for _, be := range dbtest.Backends {
		b.Run(be.Name, func(b *testing.B) { f(b, be.Open(b)) })
	}
}

// seededCounty pushes a demo county (families of one organization and a
// directory) from an administrator's laptop to a fresh server.
func seededCounty(b testing.TB, dsn string, families, services int) (*env, *device) {
	e := newEnv(b, dsn)
	return e, seedCounty(b, e, families, services)
}

// seedCounty pushes a demo county from an administrator's laptop to e's
// server.
func seedCounty(b testing.TB, e *env, families, services int) *device {
	e.addUser("Harbor", "admin", registry.RoleAdmin)
	src := e.newDevice("admin", 0, nil)
	t0 := time.Now()
	if _, err := demo.Generate(ctx, src.st, demo.Options{Families: families, Services: services, Seed: 1}, nil); err != nil {
		b.Fatal(err)
	}
	t1 := time.Now()
	// Push only: the administrator's laptop need not pull its own changes back.
	rep, err := src.client.Push(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d changes: generated in %v, pushed in %v", rep.Pushed, t1.Sub(t0).Round(time.Millisecond), time.Since(t1).Round(time.Millisecond))
	return src
}

// BenchmarkFirstSync measures a new laptop's first sync of an organization
// with 10,000 families and a directory of 5,000 services
// (TRELLIS_BENCH_FAMILIES=N makes a smaller county for a quick look;
// TRELLIS_BENCH_CPUPROFILE=file profiles the sync alone, not the seeding).
func BenchmarkFirstSync(b *testing.B) {
	benchBackends(b, func(b *testing.B, dsn string) {
		families, services := 10000, 5000
		if f, err := strconv.Atoi(os.Getenv("TRELLIS_BENCH_FAMILIES")); err == nil && f > 0 {
			// A smaller county for a quick look (services scale with it).
			families, services = f, f/2
		}
		e, _ := seededCounty(b, dsn, families, services)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			name := fmt.Sprintf("nav%d", i)
			e.addUser("Harbor", name, registry.RoleNavigator)
			d := e.newDevice(name, 0, nil)
			d.client.PullLimit = sync.MaxPullLimit
			b.StartTimer()
			start, cpu := time.Now(), processCPU()
			stop := profileSync(b)
			rep := d.sync(b)
			stop()
			b.ReportMetric(time.Since(start).Seconds(), "s/first-sync")
			// The laptop's and the server's work together, whatever the load.
			b.ReportMetric((processCPU() - cpu).Seconds(), "cpu-s/first-sync")
			b.ReportMetric(float64(rep.Pulled), "changes")
			b.ReportMetric(float64(rep.BytesReceived)/float64(rep.Pulled), "wire-B/change")
			b.ReportMetric(float64(rep.BytesReceived)/1e6, "wire-MB")
		}
	})
}

// profileSync starts a CPU profile into $TRELLIS_BENCH_CPUPROFILE, if set,
// and returns the function that ends it.
func profileSync(b *testing.B) func() {
	path := os.Getenv("TRELLIS_BENCH_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// BenchmarkIncremental100 measures 100 edits made on one laptop reaching
// another: the editor's push plus the other's pull.
func BenchmarkIncremental100(b *testing.B) {
	benchBackends(b, func(b *testing.B, dsn string) {
		e, src := seededCounty(b, dsn, 1000, 200)
		src.sync(b) // the administrator's laptop catches up with the server first
		e.addUser("Harbor", "reader", registry.RoleNavigator)
		reader := e.newDevice("reader", 0, nil)
		reader.sync(b)
		page, err := src.st.SearchFamilies(ctx, "", 0, 100)
		if err != nil || len(page.Items) < 100 {
			b.Fatalf("need 100 families: %v", err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			src.write(b, func(tx *store.Tx) error {
				for j, f := range page.Items {
					h, err := store.GetTx[data.Household](tx, f.ID)
					if err != nil {
						return err
					}
					h.Notes = fmt.Sprintf("visit %d-%d: family asked about parenting groups", i, j)
					if err := tx.Update(&h); err != nil {
						return err
					}
				}
				return nil
			})
			b.StartTimer()
			start := time.Now()
			up := src.sync(b)
			down := reader.sync(b)
			b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms/100-edits")
			if up.Pushed != 100 || down.Pulled != 100 {
				b.Fatalf("pushed %d, pulled %d", up.Pushed, down.Pulled)
			}
			sent := up.BytesSent + up.BytesReceived + down.BytesSent + down.BytesReceived
			b.ReportMetric(float64(sent)/1024, "wire-KB/100-edits")
			b.ReportMetric(float64(up.BytesSent)/100, "push-B/change")
			b.ReportMetric(float64(down.BytesReceived)/100, "pull-B/change")
		}
	})
}

// createDevice writes a device of user, stamping with node, straight to
// the server storage (argon2id, deliberately slow, is skipped), and returns
// it with its organization and token.
func (e *env) createDevice(b testing.TB, orgName, user, node string) (countydb.Device, countydb.Org, string) {
	org, err := e.st.OrgByName(ctx, orgName)
	if err != nil {
		b.Fatal(err)
	}
	u, err := e.st.UserByName(ctx, user)
	if err != nil {
		b.Fatal(err)
	}
	token, hash, err := newToken()
	if err != nil {
		b.Fatal(err)
	}
	dev := countydb.Device{ID: data.NewID(), UserID: u.ID, OrgID: org.ID, Name: user, Node: node, TokenHash: hash, CreatedAt: e.clock.Now()}
	if err := e.st.CreateDevice(ctx, dev); err != nil {
		b.Fatal(err)
	}
	return dev, org, token
}

// enrolDirect enrols a laptop without the password exchange (argon2id is
// deliberately slow): it writes the device to the server storage and the
// enrolment to the laptop.
func (e *env) enrolDirect(b *testing.B, orgName, user string) *device {
	st, err := store.Open(b.TempDir(), store.Options{Now: e.clock.Now})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	dev, org, token := e.createDevice(b, orgName, user, st.Clock().Node())
	if err := st.Write(ctx, func(tx *store.Tx) error {
		return tx.Enroll(store.SyncDevice{ServerURL: e.url, DeviceID: dev.ID, Token: token, OrgID: org.ID, OrgName: org.Name, User: user})
	}); err != nil {
		b.Fatal(err)
	}
	return &device{name: user, st: st, client: &client.Client{Store: st}}
}

// BenchmarkDevices200 measures 200 laptops syncing at the same moment, each
// sending 5 edits and receiving the others': the latency of each sync. Each
// laptop is a whole client with its own SQLite store, running in the
// benchmark's process, so the cores do 200 laptops' work besides the
// server's (BenchmarkDevices200Light measures the server alone).
func BenchmarkDevices200(b *testing.B) {
	benchBackends(b, func(b *testing.B, dsn string) {
		e, srv := benchEnv(b, dsn)
		seedCounty(b, e, 200, 50)
		const n = 200
		hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n}}
		var devs []*device
		for i := 0; i < n; i++ {
			org := fmt.Sprintf("Org %d", i%10)
			user := fmt.Sprintf("nav%d", i)
			e.addUserFast(org, user)
			d := e.enrolDirect(b, org, user)
			d.client.HTTP = hc
			d.sync(b)
			devs = append(devs, d)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			for j, d := range devs {
				d.write(b, func(tx *store.Tx) error {
					for k := 0; k < 5; k++ {
						h := data.Household{Name: fmt.Sprintf("Family %d-%d-%d", i, j, k), HomeLanguage: "es"}
						if err := tx.AddHousehold(&h); err != nil {
							return err
						}
					}
					return nil
				})
			}
			stop := profileSync(b)
			syncAtOnce(b, srv, n, func(j int) (int, error) {
				rep, err := devs[j].client.Sync(ctx)
				return rep.Pulled, err
			})
			stop()
		}
	})
}

// addUserFast adds a user with a placeholder hash (the benchmark enrols
// directly, without a password).
func (e *env) addUserFast(org, user string) {
	o, err := e.st.OrgByName(ctx, org)
	if err != nil {
		o = countydb.Org{ID: data.NewID(), Name: org, CreatedAt: e.clock.Now()}
		if err := e.st.CreateOrg(ctx, o); err != nil {
			e.t.Fatal(err)
		}
	}
	if err := e.st.CreateUser(ctx, countydb.User{ID: data.NewID(), OrgID: o.ID, Name: user, Role: registry.RoleNavigator, PasswordHash: "-", CreatedAt: e.clock.Now()}); err != nil {
		e.t.Fatal(err)
	}
}
