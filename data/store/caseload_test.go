package store

import (
	"errors"
	"testing"
	"time"

	"trellis/data"
)

// caseloadFixture: Ana has two families (one with an overdue follow-up
// and a stale referral), Ben one (a follow-up due today), and one family
// has no navigator.
func caseloadFixture(t *testing.T) (*Store, map[string]data.Household) {
	t.Helper()
	st, clk := openTest(t)
	fams := map[string]data.Household{}
	for _, c := range []struct{ name, nav string }{
		{"Ana One", "Ana"}, {"Ana Two", "Ana"}, {"Ben One", "Ben"}, {"Nobody", ""},
	} {
		h, _ := addFamily(t, st, c.name, "en", "2024-01-02")
		if c.nav != "" {
			mustWrite(t, st, func(tx *Tx) error { _, err := tx.Reassign([]string{h.ID}, c.nav); return err })
		}
		h.Navigator = c.nav
		fams[c.name] = h
	}
	today := data.DateOf(clk.t)
	var svc data.Service
	mustWrite(t, st, func(tx *Tx) error {
		svc = data.Service{Name: "Home visiting", Status: data.ServiceActive}
		if err := tx.Insert(&svc); err != nil {
			return err
		}
		if err := tx.AddFollowUp(&data.FollowUp{HouseholdID: fams["Ana One"].ID, Due: today.AddDays(-3), Note: "call"}); err != nil {
			return err
		}
		if err := tx.AddFollowUp(&data.FollowUp{HouseholdID: fams["Ben One"].ID, Due: today, Note: "visit"}); err != nil {
			return err
		}
		return tx.AddFollowUp(&data.FollowUp{HouseholdID: fams["Nobody"].ID, Due: today, Note: "nobody's"})
	})
	// A referral made 20 days ago and never updated.
	clk.t = clk.t.Add(-20 * 24 * time.Hour)
	mustWrite(t, st, func(tx *Tx) error {
		return tx.CreateReferral(&data.Referral{HouseholdID: fams["Ana Two"].ID, ServiceID: svc.ID}, "", "Ana", "")
	})
	clk.t = clk.t.Add(20 * 24 * time.Hour)
	return st, fams
}

func TestCaseloadFiltersFamiliesFollowUpsAndReferralsByNavigator(t *testing.T) {
	st, fams := caseloadFixture(t)
	today := data.DateOf(st.Now())

	page, err := st.SearchCaseload(ctx, "Ana", "", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 2 || page.Items[0].Name != "Ana One" || page.Items[1].Name != "Ana Two" {
		t.Fatalf("Ana's families: %+v", page)
	}
	if page, _ := st.SearchCaseload(ctx, "Ana", "two", 0, 10); page.Total != 1 {
		t.Fatalf("search within Ana's families for 'two': %d", page.Total)
	}
	if page, _ := st.SearchCaseload(ctx, "", "", 0, 10); page.Total != 4 {
		t.Fatalf("whole organization: %d families, want 4", page.Total)
	}

	due, err := st.FollowUpsDueFor(ctx, today, "Ben")
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].HouseholdID != fams["Ben One"].ID {
		t.Fatalf("Ben's follow-ups: %+v", due)
	}
	if all, _ := st.FollowUpsDueFor(ctx, today, ""); len(all) != 3 {
		t.Fatalf("the organization's follow-ups: %d, want 3", len(all))
	}

	stale := st.Now().Add(-14 * 24 * time.Hour)
	for nav, want := range map[string]int{"Ana": 1, "Ben": 0, "": 1} {
		refs, err := st.Referrals(ctx, ReferralFilter{Navigator: nav, StaleSince: stale})
		if err != nil {
			t.Fatal(err)
		}
		if len(refs) != want {
			t.Errorf("stale referrals of %q: %d, want %d", nav, len(refs), want)
		}
	}
}

func TestCaseloadsCountPerNavigator(t *testing.T) {
	st, _ := caseloadFixture(t)
	got, err := st.Caseloads(ctx, data.DateOf(st.Now()), st.Now().Add(-14*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []Caseload{
		{Navigator: "", Families: 1, OpenFollowUps: 1},
		{Navigator: "Ana", Families: 2, OpenFollowUps: 1, Overdue: 1, StaleReferrals: 1},
		{Navigator: "Ben", Families: 1, OpenFollowUps: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("caseloads %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("caseload %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	navs, err := st.Navigators(ctx)
	if err != nil || len(navs) != 2 || navs[0] != "Ana" || navs[1] != "Ben" {
		t.Fatalf("navigators %v, %v", navs, err)
	}
}

// A bulk reassignment moves every family or none, records one change of
// the guarded field per family that changed hands (none for a family
// already assigned), and refuses an empty name.
func TestReassignIsAllOrNothingAndSyncsTheField(t *testing.T) {
	st, fams := caseloadFixture(t)
	before, _ := st.PendingChanges(ctx, 0)
	var moved int
	mustWrite(t, st, func(tx *Tx) error {
		var err error
		moved, err = tx.Reassign([]string{fams["Ana One"].ID, fams["Ben One"].ID, fams["Ana One"].ID}, "Ben")
		return err
	})
	if moved != 1 {
		t.Fatalf("moved %d families, want 1 (Ben One is already Ben's)", moved)
	}
	after, _ := st.PendingChanges(ctx, 0)
	if after != before+1 {
		t.Fatalf("%d changes recorded, want 1", after-before)
	}
	entries, _ := st.Outbox(ctx, 0, 1000)
	last := entries[len(entries)-1].Change
	if last.Table != "households" || last.ID != fams["Ana One"].ID || last.Fields["navigator"].Value != "Ben" {
		t.Fatalf("last change %+v, want households.navigator = Ben", last)
	}

	err := st.Write(ctx, func(tx *Tx) error {
		_, err := tx.Reassign([]string{fams["Ana Two"].ID, "0190a000-0000-7000-8000-000000000000"}, "Ben")
		return err
	})
	if !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("reassigning an unknown family: %v, want not found", err)
	}
	if h, _ := st.Household(ctx, fams["Ana Two"].ID); h.Navigator != "Ana" {
		t.Fatalf("a failed bulk reassignment moved Ana Two to %q", h.Navigator)
	}
	err = st.Write(ctx, func(tx *Tx) error { _, err := tx.Reassign([]string{fams["Ana Two"].ID}, "  "); return err })
	var ve *data.ValidationError
	if !errors.As(err, &ve) || ve.Fields[0].Field != "navigator" {
		t.Fatalf("reassigning to no one: %v", err)
	}
}

func TestCaseloadFamiliesOfNoOne(t *testing.T) {
	st, fams := caseloadFixture(t)
	page, err := st.CaseloadFamilies(ctx, "", "", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || page.Items[0].ID != fams["Nobody"].ID {
		t.Fatalf("unassigned families: %+v", page)
	}
}
