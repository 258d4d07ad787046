package store

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"trellis/data"
	"trellis/data/registry"
)

// crashWriterEnv names the profile folder a re-run of the test binary
// writes into until it is killed (see TestMain).
const crashWriterEnv = "TRELLIS_STORE_CRASH_WRITER"

// familiesPerBatch is how many families each of the writer's transactions
// adds, so that a kill usually lands in the middle of one.
const familiesPerBatch = 40

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashWriterEnv); dir != "" {
		if err := crashWriter(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	for _, fn := range AfterTests {
		fn()
	}
	os.Exit(code)
}

// AfterTests are run once every test and benchmark of the package is done
// (the benchmarks remove their shared demo county here).
var AfterTests []func()

// crashWriter writes batches of families into dir for ever: each
// transaction adds familiesPerBatch families with two members each, edits
// a family of the previous batch and deletes another.
func crashWriter(dir string) error {
	st, err := Open(dir, Options{})
	if err != nil {
		return err
	}
	fmt.Println("writing")
	var previous []data.Household
	for {
		batch := fmt.Sprintf("batch %d", time.Now().UnixNano())
		var added []data.Household
		err := st.Write(context.Background(), func(tx *Tx) error {
			for i := range familiesPerBatch {
				h := data.Household{Name: fmt.Sprintf("Crash family %d", i), HomeLanguage: "es", Notes: batch, ZIP: "98118"}
				if err := tx.AddHousehold(&h); err != nil {
					return err
				}
				for _, role := range []string{data.RoleCaregiver, data.RoleChild} {
					m := data.Member{HouseholdID: h.ID, Role: role, GivenName: "Niño " + role, BirthDate: data.MustDate("2024-01-02")}
					if err := tx.AddMember(&m); err != nil {
						return err
					}
				}
				added = append(added, h)
			}
			if len(previous) > 1 {
				edited := previous[rand.IntN(len(previous)-1)]
				edited.Phone = fmt.Sprintf("206-555-%04d", rand.IntN(10000))
				if err := tx.Update(&edited); err != nil {
					return err
				}
				if err := tx.Delete("households", previous[len(previous)-1].ID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Println("committed")
		previous = added
	}
}

// TestKilledWriterLeavesAConsistentStore SIGKILLs a process that writes
// big transactions, many times, then checks that the database is intact,
// that every transaction is there whole or not at all, and that replaying
// the outbox gives exactly the rows in the tables.
func TestKilledWriterLeavesAConsistentStore(t *testing.T) {
	dir := t.TempDir()
	kills := 10
	for i := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashWriterEnv+"="+dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait for the writer's first commit, however slow the machine
		// (the race detector makes a batch take hundreds of milliseconds),
		// then kill it at a random moment of a later transaction.
		lines := bufio.NewReader(stdout)
		for _, want := range []string{"writing\n", "committed\n"} {
			line, _ := lines.ReadString('\n')
			if line != want {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("writer %d: got %q, want %q: %s", i, line, want, stderr.String())
			}
		}
		go io.Copy(io.Discard, lines) // keep the writer from blocking on a full pipe
		time.Sleep(time.Duration(rand.IntN(200)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("writer %d ended by %v (%s), not by the kill", i, err, stderr.String())
		}
	}

	st, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("opening after %d kills: %v", kills, err)
	}
	defer st.Close()
	var check string
	if err := st.r.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}

	// Every batch is whole: familiesPerBatch families (tombstones
	// included), each with its two members.
	rows, err := st.r.Query(`SELECT notes, COUNT(*) FROM households GROUP BY notes`)
	if err != nil {
		t.Fatal(err)
	}
	batches := 0
	for rows.Next() {
		var notes string
		var n int
		rows.Scan(&notes, &n)
		if n != familiesPerBatch {
			t.Errorf("%s has %d families, want %d: a transaction was half written", notes, n, familiesPerBatch)
		}
		batches++
	}
	rows.Close()
	if batches < kills {
		t.Fatalf("only %d batches written in %d runs", batches, kills)
	}
	var orphans, wrongSize int
	st.r.QueryRow(`SELECT COUNT(*) FROM members m LEFT JOIN households h ON h.id = m.household_id WHERE h.id IS NULL`).Scan(&orphans)
	st.r.QueryRow(`SELECT COUNT(*) FROM (SELECT household_id, COUNT(*) n FROM members GROUP BY household_id HAVING n != 2)`).Scan(&wrongSize)
	if orphans != 0 || wrongSize != 0 {
		t.Fatalf("%d members without a family, %d families without exactly two members", orphans, wrongSize)
	}

	// Replaying the outbox rebuilds the tables exactly.
	replayed := map[string]map[string]map[string]any{} // table → id → column → value
	out, err := st.Outbox(ctx, 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	maxHLC := ""
	for _, e := range out {
		tbl := replayed[e.Change.Table]
		if tbl == nil {
			tbl = map[string]map[string]any{}
			replayed[e.Change.Table] = tbl
		}
		row := tbl[e.Change.ID]
		if row == nil {
			row = map[string]any{data.DeletedField: int64(0)}
			tbl[e.Change.ID] = row
		}
		for col, fv := range e.Change.Fields {
			row[col] = fv.Value
			maxHLC = max(maxHLC, fv.HLC)
		}
	}
	for _, table := range []string{"households", "members"} {
		def := tableByName[table]
		cols := append(registry.Lookup(table).ColumnNames(), data.DeletedField)
		rows, err := st.r.Query(`SELECT id, ` + quoteCols(cols) + ` FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			vals := make([]any, len(cols)+1)
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			id := asString(vals[0])
			want := replayed[table][id]
			if want == nil {
				t.Fatalf("%s %s is in the table but not in the outbox", table, id)
			}
			for i, col := range cols {
				got := vals[i+1]
				if c := def.byCol[col]; c != nil {
					if got, err = st.open(c, got); err != nil {
						t.Fatal(err)
					}
				}
				if !sameReplayed(got, want[col]) {
					t.Fatalf("%s %s.%s is %v in the table, %v by the outbox", table, id, col, got, want[col])
				}
			}
			n++
		}
		rows.Close()
		if n != len(replayed[table]) || n == 0 {
			t.Fatalf("%s: %d rows, %d replayed from the outbox", table, n, len(replayed[table]))
		}
	}
	last, _ := st.Meta(ctx, metaClock)
	if last < maxHLC {
		t.Fatalf("the saved clock %s is behind the outbox's latest stamp %s", last, maxHLC)
	}
	// And the store goes on working.
	mustWrite(t, st, func(tx *Tx) error {
		return tx.AddHousehold(&data.Household{Name: "After the crashes", HomeLanguage: "en"})
	})
	if p, _ := st.SearchFamilies(ctx, "after the crashes", 0, 0); p.Total != 1 {
		t.Fatal("cannot write after the crashes")
	}
	kinds := make([]string, 0, len(replayed))
	for k := range replayed {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	t.Logf("%d batches, outbox %d entries over %v", batches, len(out), kinds)
}

// sameReplayed compares a table value with the value the outbox replay
// gave it (numbers may differ in type, not in value).
func sameReplayed(a, b any) bool {
	switch a.(type) {
	case int64, float64:
		switch b.(type) {
		case int64, float64:
			return asFloat(a) == asFloat(b)
		}
		return false
	case nil:
		return b == nil
	}
	return asString(a) == asString(b)
}
