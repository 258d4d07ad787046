package server

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	gosync "sync"
	"sync/atomic"
	"testing"
	"time"
	"trellis/data/registry"
	"trellis/sync/client"
	"trellis/sync/server/countydb"
	"trellis/sync/server/dbtest"

	"trellis/data"
	"trellis/data/store"
)

var ctx = context.Background()

// fakeClock is a shared wall clock that tests move by hand; each device
// reads it with its own skew.
type fakeClock struct {
	mu   gosync.Mutex
	t    time.Time
	real bool // read the real clock instead (a server in another process does)
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	if c.real {
		return time.Now()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond) // time passes a little with every look
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestMain(m *testing.M) {
	if dsn := os.Getenv(envServe); dsn != "" {
		os.Exit(serveForBenchmark(dsn))
	}
	code := m.Run()
	dbtest.DropDatabase()
	os.Exit(code)
}

// env is a county server on a loopback HTTP listener.
type env struct {
	t       testing.TB
	dsn     string
	clock   *fakeClock
	st      *countydb.DB
	handler atomic.Pointer[Server]
	http    *httptest.Server
	url     string
	mu      gosync.Mutex
}

func newEnv(t testing.TB, dsn string) *env {
	t.Helper()
	e := &env{t: t, dsn: dsn, clock: newFakeClock()}
	e.start()
	e.http = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.handler.Load().ServeHTTP(w, r)
	}))
	e.url = e.http.URL
	t.Cleanup(func() {
		e.http.Close()
		e.st.Close()
	})
	return e
}

// start opens the storage and a server over it.
func (e *env) start() {
	st, err := countydb.Open(ctx, e.dsn)
	if err != nil {
		e.t.Fatal(err)
	}
	srv, err := NewServer(st, ServerOptions{Now: e.clock.Now})
	if err != nil {
		e.t.Fatal(err)
	}
	e.st = st
	e.handler.Store(srv)
}

// restart closes the server's database and starts a new server on it.
func (e *env) restart() {
	e.mu.Lock()
	defer e.mu.Unlock()
	old := e.st
	e.start()
	old.Close()
}

// addUser creates the organization (if new) and a user in it.
func (e *env) addUser(org, user, role string) {
	e.t.Helper()
	o, err := e.st.OrgByName(ctx, org)
	if err != nil {
		o = countydb.Org{ID: data.NewID(), Name: org, CreatedAt: e.clock.Now()}
		if err := e.st.CreateOrg(ctx, o); err != nil {
			e.t.Fatal(err)
		}
	}
	hash, err := HashPassword("password-" + user)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.st.CreateUser(ctx, countydb.User{ID: data.NewID(), OrgID: o.ID, Name: user, Role: role, PasswordHash: hash, CreatedAt: e.clock.Now()}); err != nil {
		e.t.Fatal(err)
	}
}

// device is one laptop.
type device struct {
	name   string
	st     *store.Store
	client *client.Client
}

// newDevice opens a profile whose clock is skewed from the server's and
// enrols it as user.
func (e *env) newDevice(user string, skew time.Duration, hc *http.Client) *device {
	e.t.Helper()
	st, err := store.Open(e.t.TempDir(), store.Options{Now: func() time.Time { return e.clock.Now().Add(skew) }})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { st.Close() })
	if _, err := client.Enroll(ctx, st, nil, e.url, user, "password-"+user, user+"'s laptop"); err != nil {
		e.t.Fatal(err)
	}
	return &device{name: user, st: st, client: &client.Client{Store: st, HTTP: hc}}
}

func (d *device) sync(t testing.TB) client.Report {
	t.Helper()
	rep, err := d.client.Sync(ctx)
	if err != nil {
		t.Fatalf("%s: sync: %v", d.name, err)
	}
	return rep
}

func (d *device) write(t testing.TB, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := d.st.Write(ctx, fn); err != nil {
		t.Fatalf("%s: %v", d.name, err)
	}
}

// addFamily adds a family with a caregiver and a child.
func (d *device) addFamily(t testing.TB, name string) data.Household {
	t.Helper()
	h := data.Household{Name: name, HomeLanguage: "es", Phone: "206-555-0100", ZIP: "98118", Navigator: d.name}
	d.write(t, func(tx *store.Tx) error {
		if err := tx.AddHousehold(&h); err != nil {
			return err
		}
		if err := tx.AddMember(&data.Member{HouseholdID: h.ID, Role: data.RoleCaregiver, GivenName: "Ana", FamilyName: name}); err != nil {
			return err
		}
		return tx.AddMember(&data.Member{HouseholdID: h.ID, Role: data.RoleChild, GivenName: "Leo", BirthDate: data.MustDate("2025-03-01")})
	})
	return h
}

// snapshot is every live synced row of a store, for comparing replicas.
func snapshot(t testing.TB, st *store.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(st.Dir(), store.DBFile)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, table := range registry.Names() {
		cols := registry.Lookup(table).ColumnNames()
		q := "SELECT id, deleted"
		for _, c := range cols {
			q += `, "` + c + `"`
		}
		rows, err := db.Query(q + " FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			vals := make([]any, len(cols)+2)
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[table+"/"+fmt.Sprint(vals[0])] = fmt.Sprint(vals[1:])
		}
		rows.Close()
	}
	return out
}
