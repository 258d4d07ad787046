package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"trellis/data"
	"trellis/data/store"
)

func TestDemoResourceSearchAndReport(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := navctl(t, dir, "demo", "--families", "150", "--services", "80", "--seed", "5")
	if code != 0 || !strings.Contains(out, "Wrote 150 families") || !strings.Contains(errOut, "(100%)") {
		t.Fatalf("demo: %d\n%s\n%s", code, out, errOut)
	}
	st := inspect(t, dir)
	rep, err := st.Report(ctx)
	if err != nil || rep.Families != 150 {
		t.Fatalf("store after demo: %+v %v", rep, err)
	}

	// Spanish without accents, shown in Spanish, for a 30-month-old.
	code, out, _ = navctl(t, dir, "--json", "resource", "search", "ninos", "--language", "es", "--age-months", "30")
	var page store.ServicePage
	if err := json.Unmarshal([]byte(out), &page); code != 0 || err != nil || page.Total == 0 {
		t.Fatalf("resource search ninos: %d %v %s", code, err, out)
	}
	for _, s := range page.Items {
		if !strings.Contains(s.Name+s.Description+s.Eligibility, "niño") || !slices.Contains(s.Languages, "es") || !(&data.Service{MinimumAge: s.MinimumAge, MaximumAge: s.MaximumAge}).ServesAgeMonths(30) {
			t.Fatalf("resource search ninos --language es --age-months 30 found %+v", s)
		}
	}
	// Filters by ZIP, cost and category name narrow the results.
	code, out, _ = navctl(t, dir, "--json", "resource", "search", "--zip", "98118", "--cost", "free", "--category", "family support", "--limit", "0")
	var filtered store.ServicePage
	if err := json.Unmarshal([]byte(out), &filtered); code != 0 || err != nil || filtered.Total == 0 {
		t.Fatalf("filtered search: %d %v %s", code, err, out)
	}
	all, _ := st.SearchServices(ctx, store.DirectoryQuery{AgeMonths: store.AnyAge})
	if filtered.Total >= all.Total {
		t.Fatalf("filters kept %d of %d services", filtered.Total, all.Total)
	}
	for _, s := range filtered.Items {
		d, _ := st.Service(ctx, s.ID)
		cats := ""
		for _, c := range d.Categories {
			cats += c.Name + ";"
		}
		if s.Cost != "free" || !(strings.Contains(cats, "Parenting groups") || strings.Contains(cats, "Home visiting")) {
			t.Fatalf("filtered search found %+v with categories %s", s, cats)
		}
	}
	code, out, _ = navctl(t, dir, "resource", "search", "育儿", "--in", "zh-Hans")
	if code != 0 || !strings.Contains(out, "育儿") {
		t.Fatalf("resource search 育儿:\n%s", out)
	}
	if code, _, errOut = navctl(t, dir, "resource", "search", "--category", "astrology"); code != 1 || !strings.Contains(errOut, "no category") {
		t.Fatalf("unknown category: %d %q", code, errOut)
	}
	code, out, _ = navctl(t, dir, "resource", "show", page.Items[0].ID, "--in", "es")
	if code != 0 || !strings.Contains(out, page.Items[0].Name) || !strings.Contains(out, "phone:") {
		t.Fatalf("resource show:\n%s", out)
	}

	code, out, _ = navctl(t, dir, "report")
	for _, want := range []string{"150 families", "referrals by status:", "in-progress", "families by home language:", "median days from referral to services"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("report lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = navctl(t, dir, "--json", "report")
	var got store.Report
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil || got.Families != 150 || got.Referrals != rep.Referrals ||
		got.MedianDaysToServices != rep.MedianDaysToServices || len(got.ByLanguage) != len(rep.ByLanguage) {
		t.Fatalf("report --json = %+v (%v), store says %+v", got, err, rep)
	}
}
