package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trellis/data"
	"trellis/data/hlc"
)

// testClock is an adjustable wall clock.
type testClock struct{ t time.Time }

func (c *testClock) Now() time.Time { return c.t }

var ctx = context.Background()

func openTest(t *testing.T) (*Store, *testClock) {
	t.Helper()
	clk := &testClock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	st, err := Open(t.TempDir(), Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, clk
}

func mustWrite(t *testing.T, st *Store, fn func(tx *Tx) error) {
	t.Helper()
	if err := st.Write(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

// addFamily adds a family with one caregiver and one child born on dob.
func addFamily(t *testing.T, st *Store, name, lang, dob string) (data.Household, data.Member) {
	t.Helper()
	h := data.Household{Name: name, HomeLanguage: lang, Phone: "206-555-0100", ZIP: "98118"}
	child := data.Member{Role: data.RoleChild, GivenName: "Child of " + name, BirthDate: data.MustDate(dob)}
	mustWrite(t, st, func(tx *Tx) error {
		if err := tx.AddHousehold(&h); err != nil {
			return err
		}
		if err := tx.AddMember(&data.Member{HouseholdID: h.ID, Role: data.RoleCaregiver, GivenName: "Parent", FamilyName: name}); err != nil {
			return err
		}
		child.HouseholdID = h.ID
		return tx.AddMember(&child)
	})
	return h, child
}

func TestFreshStoreHasEveryMigration(t *testing.T) {
	st, _ := openTest(t)
	var v int
	if err := st.r.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != SchemaVersion() || v < 1 {
		t.Fatalf("user_version = %d, want %d", v, SchemaVersion())
	}
	var mode string
	st.w.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if mode != "wal" {
		t.Fatalf("journal_mode = %q, want wal", mode)
	}
	var fk int
	st.w.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	if fk != 1 {
		t.Fatal("foreign_keys is off")
	}
}

func TestNewerSchemaIsRefusedAndUntouched(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	path := filepath.Join(dir, DBFile)
	db, _ := sql.Open("sqlite", "file:"+path)
	if _, err := db.Exec(`PRAGMA user_version = 999`); err != nil {
		t.Fatal(err)
	}
	db.Exec(`PRAGMA journal_mode = DELETE`)
	db.Close()
	before, _ := os.ReadFile(path)
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("Open = %v, want ErrSchemaTooNew", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("opening a newer database modified it")
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatal("opening a newer database created a WAL file")
	}
}

func TestIDsAreUUIDv7(t *testing.T) {
	st, _ := openTest(t)
	h, child := addFamily(t, st, "Okafor", "en", "2024-03-01")
	for _, id := range []string{h.ID, child.ID} {
		if !data.ValidID(id) || id[14] != '7' {
			t.Fatalf("id %q is not a UUIDv7", id)
		}
	}
}

func TestWriteStampsFieldsAndFillsOutboxInSameTransaction(t *testing.T) {
	st, clk := openTest(t)
	h, _ := addFamily(t, st, "Nguyen", "vi", "2025-01-15")
	out, err := st.Outbox(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 3 {
		t.Fatalf("outbox has %d entries after adding a family with two members, want 3", len(out))
	}
	first := out[0].Change
	if first.Table != "households" || first.ID != h.ID || first.Fields["name"].Value != "Nguyen" {
		t.Fatalf("first outbox entry = %+v", first)
	}
	// Edit one field: only it is stamped and sent.
	clk.t = clk.t.Add(time.Minute)
	h.Phone = "206-555-0199"
	mustWrite(t, st, func(tx *Tx) error { return tx.Update(&h) })
	out, _ = st.Outbox(ctx, out[2].Seq, 100)
	if len(out) != 1 || len(out[0].Change.Fields) != 1 || out[0].Change.Fields["phone"].Value != "206-555-0199" {
		t.Fatalf("after editing the phone the outbox got %+v", out)
	}
	stamp, err := hlc.Parse(out[0].Change.Fields["phone"].HLC)
	if err != nil || stamp.WallMS != clk.t.UnixMilli() {
		t.Fatalf("phone stamped %v (%v), want wall %d", stamp, err, clk.t.UnixMilli())
	}
	var cl string
	st.r.QueryRow(`SELECT clocks FROM households WHERE id = ?`, h.ID).Scan(&cl)
	if !strings.Contains(cl, `"phone":"`+out[0].Change.Fields["phone"].HLC) || !strings.Contains(cl, `"*"`) {
		t.Fatalf("row clocks = %s", cl)
	}
	// A failed transaction leaves neither data nor outbox behind.
	n0, _ := st.PendingChanges(ctx, 0)
	err = st.Write(ctx, func(tx *Tx) error {
		if err := tx.AddHousehold(&data.Household{Name: "Ghost", HomeLanguage: "en"}); err != nil {
			return err
		}
		return errors.New("the navigator cancelled")
	})
	if err == nil {
		t.Fatal("the write did not fail")
	}
	n1, _ := st.PendingChanges(ctx, 0)
	var ghosts int
	st.r.QueryRow(`SELECT COUNT(*) FROM households WHERE name = 'Ghost'`).Scan(&ghosts)
	if n1 != n0 || ghosts != 0 {
		t.Fatalf("a rolled-back write left %d outbox entries and %d rows", n1-n0, ghosts)
	}
}

func TestUnchangedUpdateWritesNothing(t *testing.T) {
	st, _ := openTest(t)
	h, _ := addFamily(t, st, "Ali", "so", "2023-06-01")
	n0, _ := st.PendingChanges(ctx, 0)
	mustWrite(t, st, func(tx *Tx) error { return tx.Update(&h) })
	if n1, _ := st.PendingChanges(ctx, 0); n1 != n0 {
		t.Fatalf("saving an unchanged family added %d outbox entries", n1-n0)
	}
}

func TestDeleteIsATombstone(t *testing.T) {
	st, _ := openTest(t)
	h, _ := addFamily(t, st, "Petrenko", "uk", "2022-02-02")
	mustWrite(t, st, func(tx *Tx) error { return tx.Delete("households", h.ID) })
	if _, err := st.Household(ctx, h.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("reading a deleted family: %v", err)
	}
	var deleted int
	if err := st.r.QueryRow(`SELECT deleted FROM households WHERE id = ?`, h.ID).Scan(&deleted); err != nil || deleted != 1 {
		t.Fatalf("tombstone row: deleted=%d err=%v", deleted, err)
	}
	out, _ := st.Outbox(ctx, 0, 100)
	last := out[len(out)-1].Change
	if last.ID != h.ID || last.Fields[data.DeletedField].Value != int64(1) {
		t.Fatalf("last outbox entry = %+v, want the tombstone", last)
	}
	page, _ := st.SearchFamilies(ctx, "Petrenko", 0, 10)
	if page.Total != 0 {
		t.Fatal("a deleted family is still found")
	}
}

func TestClockSurvivesRestartWithWallClockSetBack(t *testing.T) {
	dir := t.TempDir()
	clk := &testClock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	st, err := Open(dir, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	h := data.Household{Name: "Kim", HomeLanguage: "ko"}
	mustWrite(t, st, func(tx *Tx) error { return tx.AddHousehold(&h) })
	before := st.Clock().Last()
	st.Close()

	clk.t = clk.t.Add(-48 * time.Hour) // the laptop's clock was set back
	st, err = Open(dir, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h.Notes = "after restart"
	mustWrite(t, st, func(tx *Tx) error { return tx.Update(&h) })
	out, _ := st.Outbox(ctx, 0, 100)
	after, _ := hlc.Parse(out[len(out)-1].Change.Fields["notes"].HLC)
	if after.Compare(before) <= 0 {
		t.Fatalf("timestamp after restart %v is not after %v", after, before)
	}
}

func TestSensitiveFieldsPassThroughCodec(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(dir, Options{Codec: reverseCodec{}})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, child := addFamily(t, st, "Garcia", "es", "2024-05-05")
	var storedName, storedZIP, storedDOB string
	st.r.QueryRow(`SELECT name, zip FROM households WHERE id = ?`, h.ID).Scan(&storedName, &storedZIP)
	st.r.QueryRow(`SELECT birth_date FROM members WHERE id = ?`, child.ID).Scan(&storedDOB)
	if storedName != "aicraG" || storedDOB != "50-50-4202" {
		t.Fatalf("stored name %q, dob %q: sensitive fields were not sealed", storedName, storedDOB)
	}
	if storedZIP != "98118" {
		t.Fatalf("stored zip %q: a non-sensitive field was sealed", storedZIP)
	}
	got, err := st.Household(ctx, h.ID)
	if err != nil || got.Name != "Garcia" {
		t.Fatalf("read back %q, %v", got.Name, err)
	}
	page, _ := st.SearchFamilies(ctx, "garc", 0, 10)
	if page.Total != 1 || page.Items[0].Children[0].BirthDate != data.MustDate("2024-05-05") {
		t.Fatalf("search through the codec: %+v", page)
	}
	out, _ := st.Outbox(ctx, 0, 1)
	if out[0].Change.Fields["name"].Value != "Garcia" {
		t.Fatalf("outbox hands sync %v, want the plain name", out[0].Change.Fields["name"].Value)
	}
	var raw string
	st.r.QueryRow(`SELECT fields FROM outbox ORDER BY seq LIMIT 1`).Scan(&raw)
	if strings.Contains(raw, "Garcia") {
		t.Fatal("the outbox on disk holds the plain name")
	}
}

// reverseCodec stands in for encryption: it reverses the text.
type reverseCodec struct{}

func (reverseCodec) Seal(s string) (string, error) { return reverse(s), nil }
func (reverseCodec) Open(s string) (string, error) { return reverse(s), nil }
func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func TestAgeInMonthsThroughStore(t *testing.T) {
	st, _ := openTest(t)
	_, child := addFamily(t, st, "Haile", "am", "2024-11-24")
	got, _ := Get[data.Member](ctx, st, child.ID)
	if m := got.AgeMonths(data.MustDate("2026-11-23")); m != 23 {
		t.Fatalf("age = %d months, want 23", m)
	}
}
