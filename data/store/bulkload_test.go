package store

import (
	"database/sql"
	"reflect"
	"testing"
)

// indexes lists the store's index definitions by name.
func indexes(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	rows, err := db.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			t.Fatal(err)
		}
		out[name] = def
	}
	return out
}

// Deferred indexes are dropped (except the one applying changes reads),
// the store still reads and writes, and RestoreIndexes builds exactly the
// same indexes again.
func TestDeferredIndexesComeBackTheSame(t *testing.T) {
	st, _ := openTest(t)
	// A unique index (none yet in the schema) is a rule and must stay.
	if _, err := st.w.Exec(`CREATE UNIQUE INDEX test_unique_name ON dir_organizations(name)`); err != nil {
		t.Fatal(err)
	}
	before := indexes(t, st.w)
	if len(before) < 20 {
		t.Fatalf("expected the store's two dozen indexes, found %d", len(before))
	}
	if err := st.DeferIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	during := indexes(t, st.w)
	if len(during) != len(keptIndexes)+1 || during["referral_events_referral"] == "" || during["test_unique_name"] == "" {
		t.Fatalf("indexes while deferred: %v", during)
	}
	if err := st.DeferIndexes(ctx); err != nil { // a second call changes nothing
		t.Fatal(err)
	}
	h, _ := addFamily(t, st, "Familia Ortiz", "es", "2024-05-01")
	if got, err := st.Household(ctx, h.ID); err != nil || got.Name != "Familia Ortiz" {
		t.Fatalf("reading without the indexes: %+v %v", got, err)
	}
	if err := st.RestoreIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if after := indexes(t, st.w); !reflect.DeepEqual(after, before) {
		t.Errorf("indexes after RestoreIndexes differ:\n got %v\nwant %v", after, before)
	}
	if v, err := st.Meta(ctx, metaDeferredIndexes); err != nil || v != "" {
		t.Errorf("the deferred list is still kept: %q %v", v, err)
	}
	if err := st.RestoreIndexes(ctx); err != nil { // nothing deferred: nothing to do
		t.Fatal(err)
	}
}

// A store closed with its indexes deferred (the laptop switched off during
// a first sync) has them again once opened.
func TestOpenRebuildsDeferredIndexes(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := indexes(t, st.w)
	if err := st.DeferIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if after := indexes(t, st.w); !reflect.DeepEqual(after, before) {
		t.Errorf("indexes after reopening differ:\n got %v\nwant %v", after, before)
	}
}
