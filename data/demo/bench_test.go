package demo

import (
	"context"
	"testing"
)

// BenchmarkGenerateCounty generates the benchmark county of the issue:
// 10,000 families and 5,000 services (about 50,000 referrals) into a new
// store each time.
func BenchmarkGenerateCounty(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		st := openStore(b)
		b.StartTimer()
		sum, err := Generate(context.Background(), st, Options{Families: 10000, Services: 5000, Seed: 1}, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Referrals), "referrals")
		b.ReportMetric(float64(sum.Caregivers+sum.Children), "people")
	}
}
