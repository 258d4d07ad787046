// Package dbtest gives tests of the county server a fresh database on each
// backend: an SQLite file, and a schema of its own in a PostgreSQL
// database made for the test run (127.0.0.1:5432, or
// TRELLIS_TEST_POSTGRES). Tests on PostgreSQL skip, saying why, when none
// is reachable.
package dbtest

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver (pgx)
)

// Backend opens fresh server databases of one kind.
type Backend struct {
	Name string
	// Open returns the data source name of a fresh, empty database.
	Open func(t testing.TB) (dsn string)
}

// Backends are SQLite and PostgreSQL, in that order.
var Backends = []Backend{
	{"sqlite", func(t testing.TB) string { return filepath.Join(t.TempDir(), "server.db") }},
	{"postgres", openPostgres},
}

// SQLite returns the data source name of a fresh SQLite database.
func SQLite(t testing.TB) string { return Backends[0].Open(t) }

// ForEachBackend runs f once on SQLite and once on PostgreSQL.
func ForEachBackend(t *testing.T, f func(t *testing.T, dsn string)) {
	for _, b := range Backends {
		t.Run(b.Name, func(t *testing.T) { f(t, b.Open(t)) })
	}
}

const defaultPG = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

var pgDB struct {
	once sync.Once
	base string // URL of the database created for this test run
	name string
	err  error
}

func adminURL() string {
	if admin := os.Getenv("TRELLIS_TEST_POSTGRES"); admin != "" {
		return admin
	}
	return defaultPG
}

// pgBase creates (once per test run) a database for this run and returns
// its URL, or an error saying why PostgreSQL cannot be used.
func pgBase() (string, error) {
	pgDB.once.Do(func() {
		admin := adminURL()
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

var schemaCounter atomic.Int64

// openPostgres makes a fresh schema in the run's database.
func openPostgres(t testing.TB) string {
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
}

// DropDatabase removes the run's PostgreSQL database; call it from
// TestMain once the tests have run.
func DropDatabase() {
	if pgDB.base == "" {
		return
	}
	db, err := sql.Open("pgx", adminURL())
	if err != nil {
		return
	}
	defer db.Close()
	db.Exec("DROP DATABASE IF EXISTS " + pgDB.name + " WITH (FORCE)")
}
