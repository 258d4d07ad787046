package sync

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	gosync "sync"
	"sync/atomic"
	"testing"
	"time"

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

// backend opens fresh server storage; reopen opens the same database again
// (a server restart).
type backend struct {
	name string
	open func(t testing.TB) (dsn string)
}

const defaultPG = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

var pgDB struct {
	once gosync.Once
	base string // URL of the database created for this test run
	name string
	err  error
}

// pgBase creates (once per test run) a database for this run and returns
// its URL, or an error saying why PostgreSQL cannot be used.
func pgBase() (string, error) {
	pgDB.once.Do(func() {
		admin := os.Getenv("TRELLIS_TEST_POSTGRES")
		if admin == "" {
			admin = defaultPG
		}
		c, err := net.DialTimeout("tcp", "127.0.0.1:5432", time.Second)
		if err != nil && os.Getenv("TRELLIS_TEST_POSTGRES") == "" {
			pgDB.err = fmt.Errorf("no PostgreSQL reachable at 127.0.0.1:5432 (%v); set TRELLIS_TEST_POSTGRES to test against one", err)
			return
		}
		if c != nil {
			c.Close()
		}
		db, err := sql.Open("pgx", admin)
		if err != nil {
			pgDB.err = err
			return
		}
		defer db.Close()
		name := fmt.Sprintf("trellis_sync_test_%d_%d", os.Getpid(), rand.IntN(1e9))
		if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
			pgDB.err = fmt.Errorf("cannot create a test database on PostgreSQL: %v", err)
			return
		}
		u, err := url.Parse(admin)
		if err != nil {
			pgDB.err = err
			return
		}
		u.Path = "/" + name
		pgDB.name = name
		pgDB.base = u.String()
	})
	return pgDB.base, pgDB.err
}

// dropPGDatabase removes the run's database.
func dropPGDatabase() {
	if pgDB.base == "" {
		return
	}
	admin := os.Getenv("TRELLIS_TEST_POSTGRES")
	if admin == "" {
		admin = defaultPG
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return
	}
	defer db.Close()
	db.Exec("DROP DATABASE IF EXISTS " + pgDB.name + " WITH (FORCE)")
}

func TestMain(m *testing.M) {
	if dsn := os.Getenv(envServe); dsn != "" {
		os.Exit(serveForBenchmark(dsn))
	}
	code := m.Run()
	dropPGDatabase()
	os.Exit(code)
}

var schemaCounter atomic.Int64

var backends = []backend{
	{"sqlite", func(t testing.TB) string { return filepath.Join(t.TempDir(), "server.db") }},
	{"postgres", func(t testing.TB) string {
		base, err := pgBase()
		if err != nil {
			t.Skipf("skipping the PostgreSQL run: %v", err)
		}
		schema := fmt.Sprintf("t%d_%d", schemaCounter.Add(1), rand.IntN(1e6))
		db, err := sql.Open("pgx", base)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
			t.Fatal(err)
		}
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		return base + sep + "search_path=" + schema
	}},
}

// forEachBackend runs f once on SQLite and once on PostgreSQL.
func forEachBackend(t *testing.T, f func(t *testing.T, dsn string)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { f(t, b.open(t)) })
	}
}

// env is a county server on a loopback HTTP listener.
type env struct {
	t       testing.TB
	dsn     string
	clock   *fakeClock
	st      *SQLStorage
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
	st, err := OpenStorage(ctx, e.dsn)
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
		o = Org{ID: data.NewID(), Name: org, CreatedAt: e.clock.Now()}
		if err := e.st.CreateOrg(ctx, o); err != nil {
			e.t.Fatal(err)
		}
	}
	hash, err := HashPassword("password-" + user)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.st.CreateUser(ctx, User{ID: data.NewID(), OrgID: o.ID, Name: user, Role: role, PasswordHash: hash, CreatedAt: e.clock.Now()}); err != nil {
		e.t.Fatal(err)
	}
}

// device is one laptop.
type device struct {
	name   string
	st     *store.Store
	client *Client
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
	if _, err := Enroll(ctx, st, nil, e.url, user, "password-"+user, user+"'s laptop"); err != nil {
		e.t.Fatal(err)
	}
	return &device{name: user, st: st, client: &Client{Store: st, HTTP: hc}}
}

func (d *device) sync(t testing.TB) Report {
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
	for _, table := range store.SyncedTables() {
		cols := store.TableColumns(table)
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
