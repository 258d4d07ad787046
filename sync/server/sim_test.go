package server

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	gosync "sync"
	"testing"
	"time"
	"trellis/data/registry"
	"trellis/sync"
	"trellis/sync/client"
	"trellis/sync/server/dbtest"

	"trellis/data"
	"trellis/data/store"
)

// faults sets how often (in percent of requests) each fault happens.
type faults struct {
	failBeforeSend, dropResponse, cutBody, duplicate, reorder, restart int
}

var errInjected = errors.New("injected network failure")

// faultyTransport injects network faults, chosen by a seeded generator so a
// failing run can be replayed.
type faultyTransport struct {
	mu      gosync.Mutex
	rng     *rand.Rand
	f       faults
	env     *env
	history map[string][]sentRequest // earlier requests per path, for reordering
	counts  map[string]int
}

type sentRequest struct {
	header http.Header
	body   []byte
}

func newFaultyTransport(seed uint64, e *env, f faults) *faultyTransport {
	return &faultyTransport{rng: rand.New(rand.NewPCG(seed, 7)), f: f, env: e,
		history: map[string][]sentRequest{}, counts: map[string]int{}}
}

func (ft *faultyTransport) roll(pct int) bool { return ft.rng.IntN(100) < pct }

func (ft *faultyTransport) send(req *http.Request, body []byte) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return http.DefaultTransport.RoundTrip(r)
}

func (ft *faultyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
	}
	path := req.URL.Path
	if ft.roll(ft.f.restart) {
		ft.counts["restart"]++
		ft.env.restart()
	}
	if ft.roll(ft.f.failBeforeSend) {
		ft.counts["fail"]++
		return nil, errInjected
	}
	if old := ft.history[path]; len(old) > 0 && ft.roll(ft.f.reorder) {
		// An older request arrives late, after newer ones.
		ft.counts["reorder"]++
		o := old[ft.rng.IntN(len(old))]
		r := req.Clone(req.Context())
		r.Header = o.header.Clone()
		if resp, err := ft.send(r, o.body); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	ft.history[path] = append(ft.history[path], sentRequest{req.Header.Clone(), body})
	if len(ft.history[path]) > 20 {
		ft.history[path] = ft.history[path][1:]
	}
	if ft.roll(ft.f.duplicate) {
		ft.counts["duplicate"]++
		if resp, err := ft.send(req, body); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	resp, err := ft.send(req, body)
	if err != nil {
		return nil, err
	}
	if ft.roll(ft.f.dropResponse) {
		ft.counts["drop"]++
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil, errInjected
	}
	if ft.roll(ft.f.cutBody) {
		ft.counts["cut"]++
		all, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(all[:len(all)/2]), errReader{}))
	}
	return resp, nil
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

// fieldEdit is one edit a simulated navigator made to a household field.
type fieldEdit struct {
	device string
	row    string
	col    string
	value  string
	hlc    string
	base   string // the field's timestamp on that laptop just before the edit
}

// rawField reads a field's plain value and timestamp straight from a
// profile's database (deleted rows included).
func rawField(t testing.TB, db *sql.DB, table, id, col string) (string, string) {
	t.Helper()
	var val sql.NullString
	var clocks string
	err := db.QueryRow(`SELECT "`+col+`", clocks FROM `+table+` WHERE id = ?`, id).Scan(&val, &clocks)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ""
	}
	if err != nil {
		t.Fatal(err)
	}
	var cl map[string]string
	json.Unmarshal([]byte(clocks), &cl)
	h, ok := cl[col]
	if !ok {
		h = cl["*"]
	}
	return val.String, h
}

// clockPart is a timestamp without its node: wall time and counter.
func clockPart(h string) string {
	if len(h) > 16 {
		return h[:16]
	}
	return h
}

func openRaw(t testing.TB, st *store.Store) *sql.DB {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(st.Dir(), store.DBFile)+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestSimulationConvergesUnderFaults(t *testing.T) {
	// TRELLIS_SIM_SEEDS=N runs seeds 1..N (default 2) for a longer search.
	seeds := uint64(2)
	if n, err := strconv.Atoi(os.Getenv("TRELLIS_SIM_SEEDS")); err == nil && n > 0 {
		seeds = uint64(n)
	}
	for seed := uint64(1); seed <= seeds; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			dbtest.ForEachBackend(t, func(t *testing.T, dsn string) { simulate(t, dsn, seed, 220) })
		})
	}
}

func simulate(t *testing.T, dsn string, seed uint64, steps int) {
	e := newEnv(t, dsn)
	rng := rand.New(rand.NewPCG(seed, 99))
	ft := newFaultyTransport(seed, e, faults{failBeforeSend: 6, dropResponse: 6, cutBody: 6, duplicate: 6, reorder: 6, restart: 2})
	hc := &http.Client{Transport: ft}
	type sim struct {
		*device
		org  string
		raw  *sql.DB
		skew time.Duration
		// backup is the newest backup of the profile, and the clock's
		// last timestamp when it was made.
		backup, backupAt string
	}
	skews := []time.Duration{0, 3 * time.Minute, 9 * time.Minute, -12 * time.Minute}
	var devs []*sim
	for i, skew := range skews {
		name := fmt.Sprintf("nav%d", i)
		e.addUser("Harbor", name, registry.RoleNavigator)
		d := e.newDevice(name, skew, hc)
		d.client.PushBatch, d.client.PullLimit = 5, 6
		devs = append(devs, &sim{device: d, org: "Harbor", raw: openRaw(t, d.st), skew: skew})
	}
	e.addUser("Valley", "other", registry.RoleNavigator)
	outsider := e.newDevice("other", 0, hc)
	devs = append(devs, &sim{device: outsider, org: "Valley", raw: openRaw(t, outsider.st)})
	// reopen opens a profile folder as a simulated laptop.
	reopen := func(d *sim, dir, name string) *sim {
		skew := d.skew
		st, err := store.Open(dir, store.Options{Now: func() time.Time { return e.clock.Now().Add(skew) }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		c := &client.Client{Store: st, HTTP: hc, PushBatch: 5, PullLimit: 6}
		return &sim{device: &device{name: name, st: st, client: c}, org: d.org, raw: openRaw(t, st), skew: skew}
	}
	// pendingStamps are the timestamps of a laptop's changes not yet
	// acknowledged by the server.
	pendingStamps := func(d *sim) map[string]bool {
		out := map[string]bool{}
		rows, err := d.raw.Query(`SELECT fields FROM outbox`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var fields string
			rows.Scan(&fields)
			var fv map[string]data.FieldValue
			json.Unmarshal([]byte(fields), &fv)
			for _, f := range fv {
				out[f.HLC] = true
			}
		}
		return out
	}
	clones, restores := 0, 0

	var edits []fieldEdit
	harborRows := map[string]bool{}
	added := map[string]string{} // family id → the timestamp it was added with, on a laptop of Harbor
	navCounter := 0
	liveFamilies := func(d *sim) []string {
		page, err := d.st.SearchFamilies(ctx, "", 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, f := range page.Items {
			ids = append(ids, f.ID)
		}
		return ids
	}
	for step := 0; step < steps; step++ {
		e.clock.Advance(time.Duration(rng.IntN(3000)) * time.Millisecond)
		d := devs[rng.IntN(len(devs))]
		families := liveFamilies(d)
		switch r := rng.IntN(100); {
		case r < 12 || len(families) == 0:
			h := d.addFamily(t, fmt.Sprintf("Family %d", step))
			if d.org == "Harbor" {
				harborRows[h.ID] = true
				_, added[h.ID] = rawField(t, d.raw, "households", h.ID, "name")
			}
		case r < 62:
			id := families[rng.IntN(len(families))]
			col := []string{"notes", "phone", "navigator", "consent_share"}[rng.IntN(4)]
			var value string
			switch col {
			case "notes":
				value = fmt.Sprintf("note %d by %s", step, d.name)
			case "phone":
				value = fmt.Sprintf("206-555-%04d", rng.IntN(10000))
			case "navigator":
				navCounter++
				value = fmt.Sprintf("%s-%d", d.name, navCounter)
			}
			_, base := rawField(t, d.raw, "households", id, col)
			d.write(t, func(tx *store.Tx) error {
				h, err := store.GetTx[data.Household](tx, id)
				if err != nil {
					return err
				}
				switch col {
				case "notes":
					h.Notes = value
				case "phone":
					h.Phone = value
				case "navigator":
					h.Navigator = value
				case "consent_share":
					h.ConsentShare = !h.ConsentShare
				}
				return tx.Update(&h)
			})
			if col != "consent_share" {
				_, h := rawField(t, d.raw, "households", id, col)
				edits = append(edits, fieldEdit{device: d.name, row: id, col: col, value: value, hlc: h, base: base})
			}
		case r < 72:
			id := families[rng.IntN(len(families))]
			d.write(t, func(tx *store.Tx) error {
				return tx.AddContact(&data.Contact{HouseholdID: id, Kind: "phone", Notes: "called", Navigator: d.name})
			})
		case r < 75:
			id := families[rng.IntN(len(families))]
			d.write(t, func(tx *store.Tx) error { return tx.Delete("households", id) })
		case r < 78 && d.org == "Harbor":
			// A backup, for a later restore.
			d.backup = filepath.Join(t.TempDir(), "backup.db")
			d.backupAt = d.st.Clock().Last().String()
			if err := d.st.Backup(ctx, d.backup); err != nil {
				t.Fatal(err)
			}
		case r < 80 && d.backup != "":
			// The laptop is restored from its backup: what it had not
			// sent and made since the backup is gone with it.
			restores++
			lost := map[string]bool{}
			for s := range pendingStamps(d) {
				if clockPart(s) > clockPart(d.backupAt) {
					lost[clockPart(s)] = true
				}
			}
			kept := edits[:0]
			for _, ed := range edits {
				if !lost[clockPart(ed.hlc)] {
					kept = append(kept, ed)
				}
			}
			edits = kept
			for id, stamp := range added {
				if lost[clockPart(stamp)] {
					delete(added, id)
				}
			}
			dir := d.st.Dir()
			d.st.Close()
			if err := store.Restore(dir, d.backup); err != nil {
				t.Fatal(err)
			}
			r := reopen(d, dir, d.name)
			d.device, d.raw = r.device, r.raw
		case r < 81 && d.org == "Harbor" && clones < 2:
			// The profile folder is copied to a second laptop, which
			// goes on working as well.
			clones++
			dir := d.st.Dir()
			d.st.Close()
			copied := copyProfile(t, dir)
			r := reopen(d, dir, d.name)
			d.device, d.raw = r.device, r.raw
			devs = append(devs, reopen(d, copied, fmt.Sprintf("%s-copy%d", d.name, clones)))
		default:
			d.client.Sync(ctx) // errors are expected under faults
		}
	}

	// Activity stops and the network heals: everyone syncs until quiet.
	ft.mu.Lock()
	ft.f = faults{}
	ft.mu.Unlock()
	for round := 0; round < 3; round++ {
		for _, d := range devs {
			d.sync(t)
		}
	}
	t.Logf("faults injected: %v; %d restores, %d copies", ft.counts, restores, clones)
	if ft.counts["fail"]+ft.counts["drop"]+ft.counts["cut"] == 0 {
		t.Fatal("the simulation injected no faults")
	}

	// Every replica of the organization is identical, and nothing waits.
	want := snapshot(t, devs[0].st)
	for _, d := range devs[1:] {
		if d.org != "Harbor" {
			continue
		}
		if got := snapshot(t, d.st); !reflect.DeepEqual(got, want) {
			for k, v := range got {
				if want[k] != v {
					t.Errorf("%s: %s\n  has  %s\n  nav0 %s", d.name, k, v, want[k])
				}
			}
			t.Fatalf("%s differs from nav0 after syncing (%d vs %d rows)", d.name, len(got), len(want))
		}
	}
	for _, d := range devs {
		if n, _ := d.st.PendingChanges(ctx, 0); n != 0 {
			t.Fatalf("%s still has %d unacknowledged changes", d.name, n)
		}
	}

	// Every family added on a laptop of Harbor is there (deleted or not),
	// but those a restore took away before they were sent.
	for id := range added {
		if _, ok := want["households/"+id]; !ok {
			t.Fatalf("family %s, added on a laptop of Harbor, is lost", id)
		}
	}

	// No record of Harbor reached Valley's laptop.
	for key := range snapshot(t, outsider.st) {
		for id := range harborRows {
			if key == "households/"+id {
				t.Fatalf("Valley's laptop holds Harbor's family %s", id)
			}
		}
	}

	// Nothing was applied twice: every change-log entry is distinct.
	seen := map[string]bool{}
	restamped := map[string]string{}
	dev0, _, _ := devs[0].st.SyncDevice(ctx)
	for _, scope := range []string{orgScope(dev0.OrgID), sync.ScopePublic} {
		changes, err := e.st.Changes(ctx, scope, 0, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range changes {
			key := c.Table + c.Row + c.Fields
			if seen[key] {
				t.Fatalf("change applied twice: %s %s", c.Table, c.Row)
			}
			seen[key] = true
			var fields map[string]sync.Field
			json.Unmarshal([]byte(c.Fields), &fields)
			for _, f := range fields {
				if f.Was != "" {
					restamped[clockPart(f.Was)] = f.HLC
				}
			}
		}
	}

	// Every acknowledged edit is visible: the field holds it, or a later
	// write. Timestamps are compared without their node: a laptop that
	// rejoined after a restore or a copy sent its waiting edits stamped
	// with its new node.
	eff := func(h string) string {
		if r, ok := restamped[clockPart(h)]; ok {
			return clockPart(r)
		}
		return clockPart(h)
	}
	for _, ed := range edits {
		replica := devs[0].raw
		if ed.device == outsider.name {
			replica = devs[4].raw
		}
		val, h := rawField(t, replica, "households", ed.row, ed.col)
		if clockPart(h) < eff(ed.hlc) || clockPart(h) == eff(ed.hlc) && val != ed.value {
			t.Fatalf("%s's edit of %s.%s (%q at %s) is lost: the field holds %q at %s", ed.device, ed.row, ed.col, ed.value, eff(ed.hlc), val, h)
		}
	}

	// Every pair of concurrent, disagreeing navigator assignments is
	// surfaced as a conflict on that family.
	conflicted := map[string]bool{}
	all, err := devs[0].st.Conflicts(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		conflicted[c.RowID+"."+c.Column] = true
	}
	pairs := 0
	for i, a := range edits {
		for _, b := range edits[i+1:] {
			if a.col != "navigator" || b.col != "navigator" || a.row != b.row || a.device == b.device || a.value == b.value {
				continue
			}
			if eff(b.base) < eff(a.hlc) && eff(a.base) < eff(b.hlc) {
				pairs++
				if !conflicted[a.row+".navigator"] {
					t.Fatalf("concurrent navigator changes %q (%s) and %q (%s) on %s raised no conflict", a.value, a.device, b.value, b.device, a.row)
				}
			}
		}
	}
	t.Logf("%d edits, %d concurrent navigator pairs, %d conflicts", len(edits), pairs, len(all))

	// A pull resumed through cut connections equals a one-shot pull.
	e.addUser("Harbor", "late", registry.RoleNavigator)
	e.addUser("Harbor", "fresh", registry.RoleNavigator)
	cutter := newFaultyTransport(seed+100, e, faults{cutBody: 40, failBeforeSend: 10})
	late := e.newDevice("late", 0, &http.Client{Transport: cutter})
	late.client.PullLimit = 4
	for attempt := 0; ; attempt++ {
		if _, err := late.client.Sync(ctx); err == nil {
			break
		} else if attempt > 500 {
			t.Fatalf("the late device never finished pulling: %v", err)
		}
	}
	fresh := e.newDevice("fresh", 0, nil)
	fresh.sync(t)
	if !reflect.DeepEqual(snapshot(t, late.st), snapshot(t, fresh.st)) || !reflect.DeepEqual(snapshot(t, fresh.st), want) {
		t.Fatal("a pull resumed through cut connections differs from a one-shot pull")
	}
}
