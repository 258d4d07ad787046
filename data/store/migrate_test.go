package store

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"trellis/data"
	"trellis/data/registry"
)

// databaseAt makes a database in a new folder with only the first k
// migrations applied, as a store of that schema version left it.
func databaseAt(t *testing.T, k int) (dir string, db *sql.DB) {
	t.Helper()
	migs, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	db, err = sql.Open("sqlite", "file:"+filepath.Join(dir, DBFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migs[:k] {
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("applying %s: %v", m.name, err)
		}
	}
	if _, err := db.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, k)); err != nil {
		t.Fatal(err)
	}
	return dir, db
}

// TestOlderDatabasesAreUpgradedOnOpen builds a database at every schema
// version (each earlier one, and the current one), by applying only the
// first k migrations, with a family in it, and checks that Open brings it
// to the current version with the family intact and the store writable.
func TestOlderDatabasesAreUpgradedOnOpen(t *testing.T) {
	migs, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(migs) != SchemaVersion() {
		t.Fatalf("%d migrations, schema version %d", len(migs), SchemaVersion())
	}
	for k := 1; k < len(migs)+1; k++ {
		t.Run(fmt.Sprintf("from_%d", k), func(t *testing.T) {
			dir, db := databaseAt(t, k)
			id := data.NewID()
			if _, err := db.Exec(`INSERT INTO households(id, name, home_language, zip) VALUES(?, 'Abebe family', 'am', '98118')`, id); err != nil {
				t.Fatal(err)
			}
			db.Close()

			st, err := Open(dir, Options{})
			if err != nil {
				t.Fatalf("opening a schema %d database: %v", k, err)
			}
			defer st.Close()
			var v int
			st.r.QueryRow(`PRAGMA user_version`).Scan(&v)
			if v != SchemaVersion() {
				t.Fatalf("schema %d database opened at version %d, want %d", k, v, SchemaVersion())
			}
			h, err := st.Household(ctx, id)
			if err != nil || h.Name != "Abebe family" || h.HomeLanguage != "am" {
				t.Fatalf("the family written at schema %d reads back as %+v, %v", k, h, err)
			}
			h.Phone = "206-555-0101"
			mustWrite(t, st, func(tx *Tx) error { return tx.Update(&h) })
			if got, _ := st.Household(ctx, id); got.Phone != "206-555-0101" {
				t.Fatalf("cannot write after upgrading from schema %d", k)
			}
			var ok string
			st.r.QueryRow(`PRAGMA integrity_check`).Scan(&ok)
			if ok != "ok" {
				t.Fatalf("integrity_check after upgrade: %s", ok)
			}
		})
	}
}

// Every table the registry declares is created by a migration with every
// column its data type names, and the id, deleted and clocks columns sync
// relies on: a declaration without its migration fails here.
func TestEveryRegistryTableHasItsMigration(t *testing.T) {
	st, _ := openTest(t)
	for _, tb := range registry.Tables() {
		have := map[string]bool{}
		rows, err := st.r.Query(`SELECT name FROM pragma_table_info(?)`, tb.Name)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				t.Fatal(err)
			}
			have[name] = true
		}
		rows.Close()
		if len(have) == 0 {
			t.Errorf("table %s is declared in the registry, but no migration creates it", tb.Name)
			continue
		}
		for _, col := range append(tb.ColumnNames(), "id", data.DeletedField, "clocks") {
			if !have[col] {
				t.Errorf("%s.%s is declared in the registry, but no migration creates the column", tb.Name, col)
			}
		}
	}
}
