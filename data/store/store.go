// Package store is Trellis's local store: one SQLite database in a profile
// folder, holding a navigator's families, the service directory, referrals,
// follow-ups and training materials.
//
// Every write goes through this package. In the same transaction as the
// row it stamps each changed field with a hybrid logical clock timestamp
// and appends the change to the outbox that sync delivers; deletes are
// tombstones. Sensitive fields pass through the data.Codec on their way in
// and out. Reads use a pool of read-only connections; writes use one
// writer connection, so there is never more than one write transaction.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver

	"trellis/data"
	"trellis/data/hlc"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DBFile is the database's file name inside a profile folder.
const DBFile = "trellis.db"

// Options configure Open.
type Options struct {
	// Now is the wall clock (nil means time.Now). Tests inject their own.
	Now func() time.Time
	// Codec seals sensitive fields (nil means data.PlainCodec).
	Codec data.Codec
}

// Store is an open profile. It is safe for concurrent use.
type Store struct {
	dir   string
	w     *sql.DB // the single writer connection
	r     *sql.DB // read-only connections
	now   func() time.Time
	codec data.Codec
	clock *hlc.Clock

	families  familyIndex
	directory directoryIndex

	writeHooks struct {
		sync.Mutex
		fns []func()
	}

	// prepared holds the writer's statements, prepared once and reused by
	// every write transaction (see Tx.stmt): parsing SQL was a tenth of a
	// sync's CPU on the laptop when each transaction prepared its own.
	prepared struct {
		sync.Mutex
		stmts   map[string]*sql.Stmt
		pending map[string]bool // run by a transaction, to be prepared
	}
}

// maxPrepared caps the statements Store keeps prepared. The schema's
// queries number in the tens; updates of arbitrary column sets could make
// more, and those beyond the cap are prepared per transaction.
const maxPrepared = 512

// preparedStmt returns the writer's prepared statement for query, or nil
// if it has none yet.
func (s *Store) preparedStmt(query string) *sql.Stmt {
	s.prepared.Lock()
	defer s.prepared.Unlock()
	return s.prepared.stmts[query]
}

// notePrepare marks queries a transaction prepared for itself alone, for
// preparing before the next write.
func (s *Store) notePrepare(queries []string) {
	s.prepared.Lock()
	defer s.prepared.Unlock()
	if s.prepared.pending == nil {
		s.prepared.pending = map[string]bool{}
	}
	for _, q := range queries {
		if len(s.prepared.stmts)+len(s.prepared.pending) < maxPrepared {
			s.prepared.pending[q] = true
		}
	}
}

// preparePending prepares the noted queries on the writer. Write calls it
// before it begins a transaction: preparing on the pool while a
// transaction holds its one connection would wait for that transaction,
// as beginning one does. A query that fails to prepare is left to be
// prepared per transaction.
func (s *Store) preparePending(ctx context.Context) {
	s.prepared.Lock()
	pending := s.prepared.pending
	s.prepared.pending = nil
	s.prepared.Unlock()
	if len(pending) == 0 {
		return
	}
	ready := map[string]*sql.Stmt{}
	for q := range pending {
		if st, err := s.w.PrepareContext(ctx, q); err == nil {
			ready[q] = st
		}
	}
	s.prepared.Lock()
	defer s.prepared.Unlock()
	if s.prepared.stmts == nil {
		s.prepared.stmts = map[string]*sql.Stmt{}
	}
	for q, st := range ready {
		if _, dup := s.prepared.stmts[q]; dup {
			st.Close() // another write prepared it meanwhile
			continue
		}
		s.prepared.stmts[q] = st
	}
}

// ErrSchemaTooNew is returned by Open when the database was written by a
// newer version of Trellis. The database is left untouched.
var ErrSchemaTooNew = errors.New("this data folder was written by a newer version of Trellis")

// DefaultDir returns the default profile folder: $TRELLIS_DATA if set,
// otherwise Trellis in the user's configuration folder.
func DefaultDir() (string, error) {
	if d := os.Getenv("TRELLIS_DATA"); d != "" {
		return d, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("cannot find a folder for Trellis's data: %w (set TRELLIS_DATA)", err)
	}
	return filepath.Join(base, "Trellis"), nil
}

// Open opens (creating if needed) the profile in dir, upgrading an older
// database. A database from a newer Trellis is refused with ErrSchemaTooNew
// and not modified.
func Open(dir string, opts Options) (*Store, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Codec == nil {
		opts.Codec = data.PlainCodec{}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the data folder %s: %w", dir, err)
	}
	path := filepath.Join(dir, DBFile)
	migs, err := migrations()
	if err != nil {
		return nil, err
	}
	if err := refuseNewer(path, len(migs)); err != nil {
		return nil, err
	}
	s := &Store{dir: dir, now: opts.Now, codec: opts.Codec}
	if s.w, err = sql.Open("sqlite", dsn(path, false)); err != nil {
		return nil, err
	}
	s.w.SetMaxOpenConns(1)
	s.w.SetConnMaxIdleTime(0)
	if s.r, err = sql.Open("sqlite", dsn(path, true)); err != nil {
		s.w.Close()
		return nil, err
	}
	s.r.SetMaxOpenConns(4)
	// Indexes a first sync left dropped (the laptop stopped mid-sync) are
	// built again before anything else, migrations included, uses them.
	if err := restoreIndexes(context.Background(), s.w); err != nil {
		s.Close()
		return nil, fmt.Errorf("cannot rebuild the store's indexes: %w", err)
	}
	if err := s.migrate(migs); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.startClock(); err != nil {
		s.Close()
		return nil, err
	}
	s.families.store = s
	s.directory.store = s
	return s, nil
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
		// Up to 256 MB of page cache for the one writer: a first sync
		// inserts a county's rows under random (UUID) keys, and once the
		// indexes outgrow the cache each insert reads pages back from disk.
		// 64 MB made the 10,000-family first sync take 28 s, 256 MB 13 s
		// (BENCHMARKS.md). SQLite allocates the pages only as it uses them.
		q.Add("_pragma", "cache_size(-262144)")
	}
	return "file:" + path + "?" + q.Encode()
}

// refuseNewer reads the schema version of an existing database without
// writing to it, and refuses one newer than this build knows.
func refuseNewer(path string, known int) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("%s is not a Trellis database: %w", path, err)
	}
	if v > known {
		return fmt.Errorf("%w (schema %d; this version knows schema %d): upgrade Trellis to open %s", ErrSchemaTooNew, v, known, path)
	}
	return nil
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("store: migration %s is not named NNNN_name.sql", e.Name())
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{v, e.Name(), string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("store: migrations must be numbered 1, 2, 3...; %s is out of place", m.name)
		}
	}
	return out, nil
}

// SchemaVersion returns the number of migrations this build knows: the
// data schema it speaks with the county server (read once; every sync
// request carries it).
func SchemaVersion() int { return schemaVersion() }

var schemaVersion = sync.OnceValue(func() int {
	m, _ := migrations()
	return len(m)
})

// migrate applies, each in its own transaction, every migration the
// database has not had yet.
func (s *Store) migrate(migs []migration) error {
	var v int
	if err := s.w.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("cannot read the database: %w", err)
	}
	for _, m := range migs[v:] {
		tx, err := s.w.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("upgrading the database with %s: %w", m.name, err)
		}
		if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// startClock loads (or creates) this profile's node id and the last
// timestamp it issued, so the clock never goes backwards across restarts.
func (s *Store) startClock() error {
	node, err := s.Meta(context.Background(), metaNode)
	if err != nil {
		return err
	}
	if node == "" {
		node = hlc.NewNode()
		if _, err := s.w.Exec(`INSERT INTO meta(key, value) VALUES(?, ?), (?, ?)`,
			metaNode, node, metaCreated, formatTime(s.now())); err != nil {
			return err
		}
	}
	lastStr, err := s.Meta(context.Background(), metaClock)
	if err != nil {
		return err
	}
	last, err := hlc.Parse(lastStr)
	if err != nil {
		return fmt.Errorf("the stored clock is damaged: %w", err)
	}
	s.clock, err = hlc.NewClock(node, s.now, last)
	return err
}

// Keys of the meta table that the store itself keeps.
const (
	metaNode    = "node_id"    // this profile's HLC node id
	metaClock   = "hlc_last"   // the last timestamp issued, written with every change
	metaCreated = "created_at" // when the profile was created
	metaGen     = "gen."       // + group: bumped by every write to that group's tables
)

// Dir returns the profile folder.
func (s *Store) Dir() string { return s.dir }

// Now returns the store's wall-clock time.
func (s *Store) Now() time.Time { return s.now() }

// Clock returns the store's hybrid logical clock.
func (s *Store) Clock() *hlc.Clock { return s.clock }

// Codec returns the codec sensitive fields pass through.
func (s *Store) Codec() data.Codec { return s.codec }

// Close closes the database.
func (s *Store) Close() error {
	var errs []error
	s.prepared.Lock()
	for _, st := range s.prepared.stmts {
		errs = append(errs, st.Close())
	}
	s.prepared.stmts = nil
	s.prepared.Unlock()
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		errs = append(errs, s.w.Close())
	}
	return errors.Join(errs...)
}

// Meta returns a value from the meta table, or "" if it is not set.
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.w.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// Setting returns a local, unsynced profile setting ("" if unset).
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, "setting."+key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSetting stores a local, unsynced profile setting such as the UI
// language or the navigator's name.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES(?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, "setting."+key, value)
	return err
}

// OnWrite registers fn to be called after every committed write
// transaction (for example to refresh a screen). fn must not block.
func (s *Store) OnWrite(fn func()) {
	s.writeHooks.Lock()
	defer s.writeHooks.Unlock()
	s.writeHooks.fns = append(s.writeHooks.fns, fn)
}

func (s *Store) afterWrite() {
	s.writeHooks.Lock()
	fns := append([]func(){}, s.writeHooks.fns...)
	s.writeHooks.Unlock()
	for _, fn := range fns {
		fn()
	}
}
