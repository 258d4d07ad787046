package hsds

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkImport5000 imports an HSDS file of 5,000 services, each with an
// organization, a location and address, three phones' worth of numbers and
// languages, a schedule, area, cost, document, category and two
// translations, into a fresh store, and again over itself (target: under
// 10 s per import).
//
//	go test -run '^$' -bench Import5000 -benchtime 3x ./data/hsds/
func BenchmarkImport5000(b *testing.B) {
	const n = 5000
	dir := b.TempDir()
	jsonPath := filepath.Join(dir, JSONFile)
	f, err := os.Create(jsonPath)
	if err != nil {
		b.Fatal(err)
	}
	if err := WriteJSON(f, generated(n)); err != nil {
		b.Fatal(err)
	}
	f.Close()
	pkg := filepath.Join(dir, "package")
	if _, err := WriteDataPackage(pkg, generated(n)); err != nil {
		b.Fatal(err)
	}
	for _, form := range []struct{ name, path string }{{"json", jsonPath}, {"csv", pkg}} {
		b.Run(form.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				st := openStore(b)
				b.StartTimer()
				rep, err := ImportPath(ctx, st, form.path, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if rep.Added != n {
					b.Fatalf("%d services imported", rep.Added)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/import")
		})
	}
	// A county's next monthly file: the same directory again, over itself.
	b.Run("reimport", func(b *testing.B) {
		st := openStore(b)
		if _, err := ImportPath(ctx, st, jsonPath, Options{}); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			rep, err := ImportPath(ctx, st, jsonPath, Options{})
			if err != nil {
				b.Fatal(err)
			}
			if rep.Updated != n {
				b.Fatalf("%d services updated", rep.Updated)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/import")
	})
}
