package demo

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"trellis/data"
	"trellis/data/store"
)

var testNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func generate(t testing.TB, st *store.Store, opts Options) Summary {
	t.Helper()
	sum, err := Generate(context.Background(), st, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func TestGenerateWritesARealisticCounty(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	var calls, lastDone, lastTotal int
	sum, err := Generate(ctx, st, Options{Families: 400, Services: 120, Seed: 7}, func(done, total int) {
		if done < lastDone {
			t.Errorf("progress went back from %d to %d", lastDone, done)
		}
		calls, lastDone, lastTotal = calls+1, done, total
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 5 || lastDone != 520 || lastTotal != 520 {
		t.Fatalf("progress called %d times, last %d/%d; want several calls ending at 520/520", calls, lastDone, lastTotal)
	}
	if sum.Families != 400 || sum.Services != 120 {
		t.Fatalf("summary %+v", sum)
	}
	rep, err := st.Report(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Families != 400 || rep.Children != sum.Children || rep.Referrals != sum.Referrals {
		t.Fatalf("report %+v does not match summary %+v", rep, sum)
	}
	// About three people per family, about five referrals per family.
	if people := sum.Caregivers + sum.Children; people < 2*400 || people > 4*400 {
		t.Fatalf("%d people in 400 families", people)
	}
	if sum.Referrals < 4*400 || sum.Referrals > 6*400 || sum.ReferralEvents < sum.Referrals {
		t.Fatalf("%d referrals with %d events for 400 families", sum.Referrals, sum.ReferralEvents)
	}
	if len(rep.ByLanguage) < 12 {
		t.Fatalf("families speak only %d home languages: %v", len(rep.ByLanguage), rep.ByLanguage)
	}
	for _, status := range []string{data.StatusRequested, data.StatusAccepted, data.StatusInProgress, data.StatusCompleted, data.StatusRejected, data.StatusCancelled} {
		if rep.ByStatus[status] == 0 {
			t.Errorf("no referral is %s: %v", status, rep.ByStatus)
		}
	}
	if rep.MedianDaysToServices < 5 || rep.MedianDaysToServices > 60 {
		t.Errorf("median days to services %v", rep.MedianDaysToServices)
	}
	for _, outcome := range data.ScreeningOutcomes {
		if rep.ScreeningsByOutcome[outcome] == 0 {
			t.Errorf("no screening with outcome %s", outcome)
		}
	}
	due, err := st.FollowUpsDue(ctx, data.DateOf(testNow))
	if err != nil {
		t.Fatal(err)
	}
	today, overdue := 0, 0
	for _, f := range due {
		switch {
		case f.Due == data.DateOf(testNow):
			today++
		case f.Due.Before(data.DateOf(testNow)):
			overdue++
		}
	}
	if today == 0 || overdue == 0 || rep.OverdueFollowUps != overdue {
		t.Fatalf("follow-ups: %d due today, %d overdue (report says %d)", today, overdue, rep.OverdueFollowUps)
	}

	// Children are 0 to 5 and every family has one; histories are in order.
	page, err := st.SearchFamilies(ctx, "", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range page.Items {
		if len(f.Children) == 0 || len(f.Caregivers) == 0 {
			t.Fatalf("family %s has %d children and %d caregivers", f.Name, len(f.Children), len(f.Caregivers))
		}
		for _, c := range f.Children {
			if m := data.AgeInMonths(c.BirthDate, data.DateOf(testNow)); c.BirthDate.After(data.DateOf(testNow)) || m > 71 {
				t.Fatalf("child %s born %s is %d months old", c.Name, c.BirthDate, m)
			}
		}
	}
	refs, err := st.Referrals(ctx, store.ReferralFilter{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range refs {
		hist, err := st.ReferralHistory(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) == 0 || hist[len(hist)-1].Status != r.Status || hist[0].At.Before(r.CreatedAt) {
			t.Fatalf("referral %s: status %s, history %+v", r.ID, r.Status, hist)
		}
		for i := 1; i < len(hist); i++ {
			if hist[i].PrevID != hist[i-1].ID || !hist[i].At.After(hist[i-1].At) || hist[i].At.After(testNow) {
				t.Fatalf("referral %s history out of order: %+v", r.ID, hist)
			}
		}
	}

	// The directory: translations, categories, costs, languages.
	services, err := st.SearchServices(ctx, store.DirectoryQuery{AgeMonths: store.AnyAge, IncludeInactive: true})
	if err != nil {
		t.Fatal(err)
	}
	if services.Total != 120 {
		t.Fatalf("directory holds %d services", services.Total)
	}
	cats, _ := st.Categories(ctx)
	if len(cats) < 10 {
		t.Fatalf("%d categories", len(cats))
	}
	d, err := st.Service(ctx, services.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Translations) == 0 || len(d.Locations) != 1 || len(d.Locations[0].Addresses) != 1 || len(d.Phones) == 0 ||
		len(d.Languages) == 0 || len(d.Schedules) == 0 || len(d.ServiceAreas) != 1 || len(d.Categories) == 0 || d.Organization.Name == "" {
		t.Fatalf("service detail is missing parts: %+v", d)
	}
	for _, cost := range []string{data.CostFree, data.CostSlidingScale, data.CostFee} {
		p, _ := st.SearchServices(ctx, store.DirectoryQuery{AgeMonths: store.AnyAge, Cost: cost})
		if p.Total == 0 {
			t.Errorf("no %s service", cost)
		}
	}
	mats, err := st.Materials(ctx, false)
	if err != nil || len(mats) != sum.Materials || len(mats) == 0 {
		t.Fatalf("%d materials (%v), summary says %d", len(mats), err, sum.Materials)
	}
}

// fingerprint lists every family and service by id and name.
func fingerprint(t *testing.T, st *store.Store) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	fams, err := st.SearchFamilies(ctx, "", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams.Items {
		b.WriteString(f.ID + " " + f.Name + " " + strings.Join(f.Caregivers, ",") + "\n")
		for _, c := range f.Children {
			b.WriteString(c.ID + " " + c.Name + " " + c.BirthDate.String() + "\n")
		}
	}
	svcs, err := st.SearchServices(ctx, store.DirectoryQuery{AgeMonths: store.AnyAge, IncludeInactive: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range svcs.Items {
		b.WriteString(s.ID + " " + s.Name + " " + strings.Join(s.Languages, ",") + "\n")
	}
	refs, err := st.Referrals(ctx, store.ReferralFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range refs {
		b.WriteString(r.ID + " " + r.Status + " " + r.StatusAt.String() + "\n")
	}
	return b.String()
}

func TestGenerateIsDeterministicForASeed(t *testing.T) {
	a, b, c := openStore(t), openStore(t), openStore(t)
	generate(t, a, Options{Families: 60, Services: 30, Seed: 42})
	generate(t, b, Options{Families: 60, Services: 30, Seed: 42})
	generate(t, c, Options{Families: 60, Services: 30, Seed: 43})
	fa, fb, fc := fingerprint(t, a), fingerprint(t, b), fingerprint(t, c)
	if fa != fb {
		t.Fatal("the same seed gave two different counties")
	}
	if fa == fc {
		t.Fatal("different seeds gave the same county")
	}
}

func TestCancelWritesNothing(t *testing.T) {
	st := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := Generate(ctx, st, Options{Families: 2000, Services: 100, Seed: 1}, func(done, total int) {
		if done >= 300 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Generate after cancel = %v, want context.Canceled", err)
	}
	rep, err := st.Report(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	pending, _ := st.PendingChanges(context.Background(), 0)
	svcs, _ := st.SearchServices(context.Background(), store.DirectoryQuery{AgeMonths: store.AnyAge, IncludeInactive: true})
	if rep.Families != 0 || rep.Referrals != 0 || pending != 0 || svcs.Total != 0 {
		t.Fatalf("a cancelled generation left %d families, %d referrals, %d services, %d outbox entries",
			rep.Families, rep.Referrals, svcs.Total, pending)
	}
	// The store is still usable afterwards.
	generate(t, st, Options{Families: 5, Services: 5, Seed: 1})
}

func TestGenerateRefusesBadOptions(t *testing.T) {
	st := openStore(t)
	for _, opts := range []Options{{Families: -1, Services: 1}, {Families: 10, Services: 0}, {Families: 200000, Services: 10}} {
		if _, err := Generate(context.Background(), st, opts, nil); err == nil {
			t.Errorf("Generate(%+v) succeeded", opts)
		}
	}
	if rep, _ := st.Report(context.Background()); rep.Families != 0 {
		t.Fatal("a refused generation wrote families")
	}
}

func TestSearchFindsGeneratedDataInSeveralLanguages(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	generate(t, st, Options{Families: 1500, Services: 150, Seed: 3, Navigator: "Test Navigator"})
	services := []struct{ query, lang, want string }{
		{"ninos", "es", "niños"},         // Spanish, without the tilde
		{"gia dinh", "vi", "gia đình"},   // Vietnamese, without tone marks
		{"育儿", "zh-Hans", "育儿"},          // two Chinese characters
		{"부모", "ko", "부모"},               // two Korean syllables
		{"carruurta", "so", "carruurta"}, // Somali
		{"اطفال", "ar", "أطفال"},         // Arabic, hamza folded, joined to a suffix
		{"playgroup", "en", "Playgroup"}, // English
		{"psicoterapia", "es", "Psicoterapia"},
	}
	for _, c := range services {
		page, err := st.SearchServices(ctx, store.DirectoryQuery{Text: c.query, DisplayLanguage: c.lang, AgeMonths: store.AnyAge})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total == 0 {
			t.Errorf("directory search %q found nothing", c.query)
			continue
		}
		first := page.Items[0]
		if !strings.Contains(strings.ToLower(first.Name+" "+first.Description+" "+first.Eligibility), strings.ToLower(c.want)) {
			t.Errorf("directory search %q in %s: first hit %q / %q does not contain %q", c.query, c.lang, first.Name, first.Description, c.want)
		}
	}
	families := []struct{ query, want string }{
		{"nguyen", "Nguyễn"}, // accent folding on a Vietnamese surname
		{"王家", "王家"},         // a two-character Chinese household name
		{"김씨", "김씨"},         // Korean
		{"семья", "Семья"},   // Russian, any case
		{"родина", "Родина"}, // Ukrainian
		{"عائلة", "عائلة"},   // Arabic
		{"ቤተሰብ", "ቤተሰብ"},     // Amharic
		{"ስድራ", "ስድራ"},       // Tigrinya
		{"pamilya", "Pamilya"},
		{"ਪਰਿਵਾਰ", "ਪਰਿਵਾਰ"}, // Punjabi
		{"qoyska", "Qoyska"},
		{"familia garcia", "Familia García"},
	}
	for _, c := range families {
		page, err := st.SearchFamilies(ctx, c.query, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if page.Total == 0 {
			t.Errorf("family search %q found nothing", c.query)
			continue
		}
		found := false
		for _, f := range page.Items {
			found = found || strings.Contains(f.Name+" "+strings.Join(f.Caregivers, " "), c.want)
		}
		if !found {
			t.Errorf("family search %q: no family among %+v shows %q", c.query, page.Items, c.want)
		}
	}
}
