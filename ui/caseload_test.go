package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"trellis/data"
	"trellis/data/store"
)

// caseloadShop: the signed-in Ana Navigator has one family with a
// follow-up due and a referral; Ben has two families with the same.
func caseloadShop(t *testing.T) (*store.Store, map[string]data.Household) {
	t.Helper()
	st := openTestStore(t)
	svc := addService(t, st, "Home visiting", []string{"en"}, years(0), years(5), true, "97201", nil)
	fams := map[string]data.Household{}
	for _, c := range []struct{ name, nav string }{{"Ana's family", "Ana Navigator"}, {"Ben's first", "Ben"}, {"Ben's second", "Ben"}} {
		h, _ := addFamily(t, st, c.name, "en", "97201")
		if c.nav != h.Navigator {
			write(t, st, func(tx *store.Tx) error { _, err := tx.Reassign([]string{h.ID}, c.nav); return err })
			h.Navigator = c.nav
		}
		write(t, st, func(tx *store.Tx) error {
			if err := tx.AddFollowUp(&data.FollowUp{HouseholdID: h.ID, Due: data.DateOf(testNow), Note: "call " + c.name}); err != nil {
				return err
			}
			return tx.CreateReferral(&data.Referral{HouseholdID: h.ID, ServiceID: svc.ID}, "", c.nav, "")
		})
		fams[c.name] = h
	}
	return st, fams
}

// Today, Families and Referrals show the navigator's own families first;
// one tick on any of them shows the whole organization on all three, and
// the choice outlives the window.
func TestListsShowMyCaseloadFirstAndTheWholeOrganizationOneClickAway(t *testing.T) {
	st, _ := caseloadShop(t)
	sh := newTestShell(t, st, "en")

	counts := func() (today, families, referrals int) {
		sh.Show(ScreenToday)
		today = len(sh.todayScr.due)
		sh.Show(ScreenFamilies)
		families = sh.families.results.total
		sh.Show(ScreenReferrals)
		referrals = len(sh.refs.shown)
		return
	}
	if a, b, c := counts(); a != 1 || b != 1 || c != 1 {
		t.Fatalf("mine: Today %d follow-ups, Families %d, Referrals %d; want 1 each", a, b, c)
	}
	if sh.todayScr.due[0].Note != "call Ana's family" {
		t.Errorf("Today lists %q", sh.todayScr.due[0].Note)
	}
	if sh.refs.scope.box.Checked {
		t.Fatal("Whole organization is ticked before anyone ticked it")
	}
	test.Tap(sh.refs.scope.box) // on the Referrals screen
	if len(sh.refs.shown) != 3 {
		t.Fatalf("the whole organization's referrals: %d, want 3", len(sh.refs.shown))
	}
	if a, b, c := counts(); a != 3 || b != 3 || c != 3 {
		t.Fatalf("whole organization: Today %d, Families %d, Referrals %d; want 3 each", a, b, c)
	}
	if !sh.todayScr.scope.box.Checked || !sh.families.scope.box.Checked {
		t.Error("the other lists do not show the box ticked")
	}

	// Remembered: a new window on the same profile opens on the whole
	// organization.
	again := newTestShell(t, st, "en")
	if len(again.todayScr.due) != 3 || !again.todayScr.scope.box.Checked {
		t.Fatalf("after reopening: %d follow-ups, ticked %v", len(again.todayScr.due), again.todayScr.scope.box.Checked)
	}
	test.Tap(again.todayScr.scope.box)
	if len(again.todayScr.due) != 1 {
		t.Fatalf("back to mine: %d follow-ups", len(again.todayScr.due))
	}
}

// A supervisor sees each navigator's caseload and moves families in bulk
// after confirming; a navigator who is not one has no such screen.
func TestSupervisorReassignsFamiliesInBulk(t *testing.T) {
	st, fams := caseloadShop(t)
	sh := newTestShell(t, st, "en")
	if sh.caseload != nil {
		t.Fatal("a navigator who does not supervise sees the Caseloads screen")
	}
	sh.Show(ScreenSettings)
	test.Tap(sh.settings.supervisor)
	if sh.caseload == nil {
		t.Fatal("ticking 'I supervise navigators' adds no Caseloads screen")
	}
	sh.Show(ScreenCaseloads)
	c := sh.caseload
	if len(c.rows) != 2 || c.rows[0].Navigator != "Ana Navigator" || c.rows[1].Navigator != "Ben" ||
		c.rows[1].Families != 2 || c.rows[1].OpenFollowUps != 2 {
		t.Fatalf("caseloads %+v", c.rows)
	}
	if got := listRowTexts(c.table, 1); strings.Join(got, "|") != "Ben|2|2|0|0" {
		t.Errorf("Ben's row reads %q", got)
	}
	c.table.Select(1)
	if len(c.fams) != 2 || !c.reassign.Disabled() {
		t.Fatalf("Ben's families %d, Reassign enabled with nothing ticked: %v", len(c.fams), !c.reassign.Disabled())
	}
	test.Tap(c.all)
	c.to.setCode("Ana Navigator")
	if c.reassign.Disabled() {
		t.Fatal("Reassign stays disabled with families and a navigator chosen")
	}

	// Cancel moves nothing.
	test.Tap(c.reassign)
	sh.dialogs[len(sh.dialogs)-1].(*dialog.ConfirmDialog).Dismiss()
	if h, _ := st.Household(context.Background(), fams["Ben's first"].ID); h.Navigator != "Ben" {
		t.Fatalf("Cancel moved the family to %q", h.Navigator)
	}
	test.Tap(c.reassign)
	sh.dialogs[len(sh.dialogs)-1].(*dialog.ConfirmDialog).Confirm()
	for _, n := range []string{"Ben's first", "Ben's second"} {
		if h, _ := st.Household(context.Background(), fams[n].ID); h.Navigator != "Ana Navigator" {
			t.Errorf("%s is assigned to %q after the reassignment", n, h.Navigator)
		}
	}
	if len(c.rows) != 1 || c.rows[0].Families != 3 || c.picked != nil {
		t.Fatalf("after moving Ben's families: %+v (picked %v)", c.rows, c.picked)
	}
	if !strings.Contains(c.status.Text, "Families reassigned to Ana Navigator: 2") {
		t.Errorf("status says %q", c.status.Text)
	}

	// One family to a navigator who has none yet, typed in.
	c.table.Select(0)
	c.ticked[fams["Ana's family"].ID] = true
	c.to.setCode(otherNavigator)
	if !c.toName.Visible() {
		t.Fatal("Another navigator… shows no name field")
	}
	test.Type(c.toName, "Chris New")
	test.Tap(c.reassign)
	sh.dialogs[len(sh.dialogs)-1].(*dialog.ConfirmDialog).Confirm()
	if h, _ := st.Household(context.Background(), fams["Ana's family"].ID); h.Navigator != "Chris New" {
		t.Fatalf("Ana's family went to %q", h.Navigator)
	}
}
