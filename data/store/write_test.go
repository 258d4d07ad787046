package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"trellis/data"
)

func TestInsertRefusesATakenIDAndKeepsNothing(t *testing.T) {
	st, _ := openTest(t)
	h, _ := addFamily(t, st, "Tran", "vi", "2024-01-01")
	n0, _ := st.PendingChanges(ctx, 0)
	err := st.Write(ctx, func(tx *Tx) error {
		if err := tx.AddHousehold(&data.Household{Name: "Before the clash", HomeLanguage: "en"}); err != nil {
			return err
		}
		return tx.AddHousehold(&data.Household{ID: h.ID, Name: "Clash", HomeLanguage: "en"})
	})
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("inserting a family with a taken id: %v", err)
	}
	// A tombstoned id stays taken too.
	mustWrite(t, st, func(tx *Tx) error { return tx.Delete("households", h.ID) })
	err = st.Write(ctx, func(tx *Tx) error {
		return tx.AddHousehold(&data.Household{ID: h.ID, Name: "Clash", HomeLanguage: "en"})
	})
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("inserting a family with a deleted family's id: %v", err)
	}
	page, _ := st.SearchFamilies(ctx, "", 0, 0)
	if n1, _ := st.PendingChanges(ctx, 0); page.Total != 0 || n1 != n0+1 {
		t.Fatalf("after refused inserts: %d families, %d new outbox entries (want 0 and 1, the tombstone)", page.Total, n1-n0)
	}
}

func TestReferenceToARowDeletedInTheSameTransactionIsRefused(t *testing.T) {
	st, _ := openTest(t)
	h, _ := addFamily(t, st, "Osman", "so", "2024-01-01")
	err := st.Write(ctx, func(tx *Tx) error {
		if _, err := GetTx[data.Household](tx, h.ID); err != nil {
			return err
		}
		if err := tx.AddMember(&data.Member{HouseholdID: h.ID, Role: data.RoleCaregiver, GivenName: "Hodan"}); err != nil {
			return err
		}
		if err := tx.Delete("households", h.ID); err != nil {
			return err
		}
		return tx.AddMember(&data.Member{HouseholdID: h.ID, Role: data.RoleCaregiver, GivenName: "Late"})
	})
	var ve *data.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("adding a member to a family deleted earlier in the transaction: %v", err)
	}
	if f, ok := ve.Field("household_id"); !ok || f.Code != data.CodeUnknownID {
		t.Fatalf("error %v does not name household_id", err)
	}
}

func TestReferralStatusIsTheLatestEventWhateverTheInsertOrder(t *testing.T) {
	st, clk := openTest(t)
	h, child := addFamily(t, st, "Ramírez", "es", "2024-01-01")
	svc := data.Service{Name: "Speech therapy", Status: data.ServiceActive}
	r := data.Referral{HouseholdID: h.ID, ChildID: child.ID}
	mustWrite(t, st, func(tx *Tx) error {
		if err := tx.Insert(&svc); err != nil {
			return err
		}
		r.ServiceID = svc.ID
		return tx.CreateReferral(&r, "", "nav", "")
	})
	base := clk.t
	// A later status arrives first, then an earlier one (as when events
	// were recorded on paper and typed in afterwards).
	mustWrite(t, st, func(tx *Tx) error {
		if err := tx.Insert(&data.ReferralEvent{ReferralID: r.ID, Status: data.StatusInProgress, At: base.Add(72 * time.Hour)}); err != nil {
			return err
		}
		return tx.Insert(&data.ReferralEvent{ReferralID: r.ID, Status: data.StatusAccepted, At: base.Add(24 * time.Hour)})
	})
	got, err := st.Referral(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != data.StatusInProgress || !got.StartedAt.Equal(base.Add(72*time.Hour)) {
		t.Fatalf("status %s started %v, want in-progress started %v", got.Status, got.StartedAt, base.Add(72*time.Hour))
	}
	if days, ok := got.DaysToStart(); !ok || days != 3 {
		t.Fatalf("days to start = %d, %v; want 3", days, ok)
	}
	// An earlier in-progress moves the start back but not the status.
	mustWrite(t, st, func(tx *Tx) error {
		return tx.Insert(&data.ReferralEvent{ReferralID: r.ID, Status: data.StatusInProgress, At: base.Add(48 * time.Hour)})
	})
	got, _ = st.Referral(ctx, r.ID)
	if got.Status != data.StatusInProgress || !got.StartedAt.Equal(base.Add(48*time.Hour)) {
		t.Fatalf("status %s started %v after an earlier start was recorded", got.Status, got.StartedAt)
	}
}

// A write whose context is cancelled part-way says it was cancelled (not
// that a statement or the transaction was closed under it: database/sql
// rolls back a cancelled transaction on its own goroutine) and keeps
// nothing.
func TestCancelledWriteSaysCancelledAndKeepsNothing(t *testing.T) {
	st, _ := openTest(t)
	for i := 0; i < 50; i++ {
		cctx, cancel := context.WithCancel(context.Background())
		err := st.Write(cctx, func(tx *Tx) error {
			for j := 0; ; j++ {
				if j == 3 {
					cancel()
				}
				if err := tx.AddHousehold(&data.Household{Name: fmt.Sprintf("Family %d-%d", i, j), HomeLanguage: "es"}); err != nil {
					return fmt.Errorf("saving family %d: %w", j, err)
				}
			}
		})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("write %d cancelled part-way = %v, want context.Canceled", i, err)
		}
	}
	if rep, err := st.Report(ctx); err != nil || rep.Families != 0 {
		t.Fatalf("cancelled writes left %d families (%v)", rep.Families, err)
	}
	mustWrite(t, st, func(tx *Tx) error { return tx.AddHousehold(&data.Household{Name: "After", HomeLanguage: "es"}) })
}

// The second write of the same kind prepares nothing: it runs the
// statements the store prepared after the first, and they still write the
// right rows after the schema changes under them (a first sync drops and
// rebuilds indexes).
func TestWritesReuseTheStoresPreparedStatements(t *testing.T) {
	st, _ := openTest(t)
	add := func(name string) (unprepared []string) {
		mustWrite(t, st, func(tx *Tx) error {
			if err := tx.AddHousehold(&data.Household{Name: name, HomeLanguage: "so"}); err != nil {
				return err
			}
			unprepared = append(unprepared, tx.unprepared...)
			return nil
		})
		return unprepared
	}
	if first := add("Warsame"); len(first) == 0 {
		t.Fatal("the first write found its statements already prepared")
	}
	if again := add("Farah"); len(again) != 0 {
		t.Fatalf("the second write prepared %d statements again: %q", len(again), again)
	}
	if err := st.DeferIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	add("Jama")
	if err := st.RestoreIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if again := add("Hersi"); len(again) != 0 {
		t.Fatalf("after the indexes came back, a write prepared %q", again)
	}
	got, err := All[data.Household](ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, h := range got {
		names = append(names, h.Name)
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "Farah,Hersi,Jama,Warsame" {
		t.Fatalf("families after the writes: %q", names)
	}
}

// A store keeps at most maxPrepared statements; queries beyond them are
// prepared per transaction and still run.
func TestPreparedStatementsAreCapped(t *testing.T) {
	st, _ := openTest(t)
	var queries []string
	for i := 0; i < maxPrepared+10; i++ {
		queries = append(queries, fmt.Sprintf("SELECT %d", i))
	}
	st.notePrepare(queries)
	st.preparePending(ctx)
	if n := len(st.prepared.stmts); n != maxPrepared {
		t.Fatalf("%d statements prepared, want the cap %d", n, maxPrepared)
	}
	mustWrite(t, st, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(fmt.Sprintf("SELECT %d", maxPrepared+5)).Scan(&n); err != nil || n != maxPrepared+5 {
			return fmt.Errorf("a query beyond the cap gave %d, %v", n, err)
		}
		return nil
	})
}
