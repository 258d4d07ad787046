package store_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"trellis/data"
	"trellis/data/demo"
	"trellis/data/store"
)

// The benchmarks share one demo county of the size the issue names:
// 10,000 families (about 30,000 people), 5,000 services and about 50,000
// referrals. It is generated once per run of the test binary.
var county struct {
	once sync.Once
	dir  string
	err  error
}

func countyDir(b *testing.B) string {
	b.Helper()
	county.once.Do(func() {
		county.dir, county.err = os.MkdirTemp("", "trellis-bench-county-")
		if county.err != nil {
			return
		}
		store.AfterTests = append(store.AfterTests, func() { os.RemoveAll(county.dir) })
		st, err := store.Open(county.dir, store.Options{})
		if err != nil {
			county.err = err
			return
		}
		defer st.Close()
		_, county.err = demo.Generate(context.Background(), st, demo.Options{Families: 10000, Services: 5000, Seed: 1}, nil)
	})
	if county.err != nil {
		b.Fatal(county.err)
	}
	return county.dir
}

// openCounty opens the shared county with its indexes loaded.
func openCounty(b *testing.B) *store.Store {
	b.Helper()
	st, err := store.Open(countyDir(b), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	ctx := context.Background()
	if _, err := st.SearchFamilies(ctx, "", 0, 1); err != nil {
		b.Fatal(err)
	}
	if _, err := st.SearchServices(ctx, store.DirectoryQuery{AgeMonths: store.AnyAge, Limit: 1}); err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkFamilySearchKeystroke is one keystroke of search-as-you-type
// over 10,000 families: each operation is the query after one more letter
// (first page of 50), cycling through names in several scripts.
func BenchmarkFamilySearchKeystroke(b *testing.B) {
	st := openCounty(b)
	var keystrokes []string
	for _, name := range []string{"nguyen ngan", "garcia", "mohamed", "王家", "김씨", "семья", "ቤተሰብ", "singh", "haddad"} {
		r := []rune(name)
		for i := 1; i <= len(r); i++ {
			keystrokes = append(keystrokes, string(r[:i]))
		}
	}
	ctx := context.Background()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, err := st.SearchFamilies(ctx, keystrokes[i%len(keystrokes)], 0, 50); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkFamilyListFirstPage is the family list as it opens: no query,
// the first 50 families by name.
func BenchmarkFamilyListFirstPage(b *testing.B) {
	st := openCounty(b)
	ctx := context.Background()
	for b.Loop() {
		page, err := st.SearchFamilies(ctx, "", 0, 50)
		if err != nil || len(page.Items) != 50 {
			b.Fatal(page.Total, err)
		}
	}
}

// BenchmarkDirectorySearch is one directory search over 5,000 services
// with filters (language, age, ZIP, cost, category), first page of 20.
func BenchmarkDirectorySearch(b *testing.B) {
	st := openCounty(b)
	ctx := context.Background()
	cats, err := st.Categories(ctx)
	if err != nil || len(cats) == 0 {
		b.Fatal(len(cats), err)
	}
	queries := []store.DirectoryQuery{
		{Text: "ninos", Language: "es", AgeMonths: 30, DisplayLanguage: "es"},
		{Text: "parent", AgeMonths: 14, Area: "98118"},
		{Text: "育儿", Language: "zh", AgeMonths: store.AnyAge, DisplayLanguage: "zh-Hans"},
		{Language: "so", AgeMonths: 40, Cost: data.CostFree},
		{Category: cats[0].ID, AgeMonths: 6, Area: "98002"},
		{Text: "speech therapy", AgeMonths: 24, Cost: data.CostSlidingScale},
		{Text: "부모", Language: "ko", AgeMonths: store.AnyAge, DisplayLanguage: "ko"},
		{Text: "اطفال", AgeMonths: 36, DisplayLanguage: "ar"},
	}
	for i := range queries {
		queries[i].Limit = 20
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, err := st.SearchServices(ctx, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkWriteFamily writes one family with a caregiver and a child, in
// one transaction with its outbox entries, into the 10,000-family store.
func BenchmarkWriteFamily(b *testing.B) {
	st := openCounty(b)
	ctx := context.Background()
	n := 0
	for b.Loop() {
		n++
		err := st.Write(ctx, func(tx *store.Tx) error {
			h := data.Household{Name: fmt.Sprintf("Bench family %d", n), HomeLanguage: "so", Phone: "206-555-0110", ZIP: "98118"}
			if err := tx.AddHousehold(&h); err != nil {
				return err
			}
			if err := tx.AddMember(&data.Member{HouseholdID: h.ID, Role: data.RoleCaregiver, GivenName: "Hodan", FamilyName: "Cabdi"}); err != nil {
				return err
			}
			return tx.AddMember(&data.Member{HouseholdID: h.ID, Role: data.RoleChild, GivenName: "Ilhaan", BirthDate: data.MustDate("2024-05-01")})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// Leave the shared county as it was for the other benchmarks.
	page, err := st.SearchFamilies(ctx, "bench family", 0, 0)
	if err != nil {
		b.Fatal(err)
	}
	st.Write(ctx, func(tx *store.Tx) error {
		for _, f := range page.Items {
			if err := tx.Delete("households", f.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// BenchmarkOpenCounty opens the 10,000-family store (migrations checked,
// clock loaded) and closes it.
func BenchmarkOpenCounty(b *testing.B) {
	dir := countyDir(b)
	for b.Loop() {
		st, err := store.Open(dir, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		st.Close()
	}
}

// BenchmarkOpenCountyToFirstPage opens the store and shows the first page
// of families and of the directory: what starting the app costs, with the
// in-memory search indexes built from the database.
func BenchmarkOpenCountyToFirstPage(b *testing.B) {
	dir := countyDir(b)
	ctx := context.Background()
	for b.Loop() {
		st, err := store.Open(dir, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.SearchFamilies(ctx, "", 0, 50); err != nil {
			b.Fatal(err)
		}
		if _, err := st.SearchServices(ctx, store.DirectoryQuery{AgeMonths: store.AnyAge, Limit: 20}); err != nil {
			b.Fatal(err)
		}
		st.Close()
	}
}
