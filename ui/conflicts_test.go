package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"trellis/sync/client"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
	"trellis/sync"
	"trellis/sync/synctest"
	"trellis/translations"
)

// syncStore syncs st with the server it is enrolled with.
func syncStore(t testing.TB, st *store.Store) {
	t.Helper()
	if _, err := (&client.Client{Store: st}).Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// buttonNamed returns the last of buttons whose text is text.
func buttonNamed(t *testing.T, buttons []*widget.Button, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	for _, b := range buttons {
		if b.Text == text {
			found = b
		}
	}
	if found == nil {
		t.Fatalf("no %s button", text)
	}
	return found
}

// texts lists the labels' texts and the buttons under o.
func texts(o fyne.CanvasObject) (labels []string, buttons []*widget.Button) {
	switch x := o.(type) {
	case *widget.Label:
		labels = append(labels, x.Text)
	case *widget.Button:
		buttons = append(buttons, x)
	case *fyne.Container:
		for _, c := range x.Objects {
			l, b := texts(c)
			labels, buttons = append(labels, l...), append(buttons, b...)
		}
	}
	return labels, buttons
}

func TestConflictsViewResolvesAConflict(t *testing.T) {
	url := synctest.Server(t, "Harbor Family Services", "ana", "ben")
	mine, other := openTestStore(t), openTestStore(t)
	enrol(t, mine, url, "ana")
	enrol(t, other, url, "ben")
	h := data.Household{Name: "Nguyen", HomeLanguage: "vi", Navigator: "ana"}
	write(t, mine, func(tx *store.Tx) error { return tx.AddHousehold(&h) })
	syncStore(t, mine)
	syncStore(t, other)
	setNavigator := func(st *store.Store, nav string) {
		write(t, st, func(tx *store.Tx) error {
			got, err := store.GetTx[data.Household](tx, h.ID)
			if err != nil {
				return err
			}
			got.Navigator = nav
			return tx.Update(&got)
		})
	}
	setNavigator(mine, "Ana Lopez")
	setNavigator(other, "Ben Okafor")
	syncStore(t, mine)
	syncStore(t, other)
	syncStore(t, mine)
	if cs, err := mine.Conflicts(context.Background(), true); err != nil || len(cs) != 1 {
		t.Fatalf("the edits should make one conflict: %d %v", len(cs), err)
	}

	timer := synctest.NewTimer() // never fired: no automatic sync here
	sh := newTestShellWith(t, mine, Options{Language: "en", Background: inline, SyncTimer: timer.Start})
	waitFor(t, func() bool { return sh.todayScr.conflicts.Visible() })
	test.Tap(sh.todayScr.conflicts)
	if len(sh.dialogs) != 1 {
		t.Fatalf("the Review conflicts button opened %d dialogs", len(sh.dialogs))
	}
	v := sh.showConflicts()
	labels, buttons := texts(v.rows)
	all := strings.Join(labels, "\n")
	for _, want := range []string{"Navigator (Nguyen family)", "Yours: Ana Lopez, by ana on ", "Theirs: Ben Okafor, by ben on "} {
		if !strings.Contains(all, want) {
			t.Fatalf("the conflicts view lacks %q:\n%s", want, all)
		}
	}
	test.Tap(buttonNamed(t, buttons, "Keep theirs"))
	labels, _ = texts(v.rows)
	if len(labels) != 1 || labels[0] != "No conflicts to review." {
		t.Fatalf("after resolving the list shows %q", labels)
	}
	if cs, err := mine.Conflicts(context.Background(), true); err != nil || len(cs) != 0 {
		t.Fatalf("open conflicts after resolving: %d %v", len(cs), err)
	}
	got, err := mine.Household(context.Background(), h.ID)
	if err != nil || got.Navigator != "Ben Okafor" {
		t.Fatalf("navigator after keeping theirs: %q %v", got.Navigator, err)
	}
	waitFor(t, func() bool { return !sh.todayScr.conflicts.Visible() })
}

func TestConflictsViewShowsARefusedChangeUntilRead(t *testing.T) {
	url := synctest.Server(t, "Harbor Family Services", "ana")
	st := openTestStore(t)
	enrol(t, st, url, "ana")
	// A navigator may not change the directory: the county refuses it.
	org := data.Organization{Name: "Family Center of the Sound", Description: "Parent groups"}
	write(t, st, func(tx *store.Tx) error { return tx.Insert(&org) })
	syncStore(t, st)
	if n, err := st.OpenRejections(context.Background()); err != nil || n != 1 {
		t.Fatalf("refused changes after syncing: %d %v", n, err)
	}

	timer := synctest.NewTimer() // never fired
	sh := newTestShellWith(t, st, Options{Language: "en", Background: inline, SyncTimer: timer.Start})
	waitFor(t, func() bool {
		return sh.todayScr.conflicts.Visible() && strings.Contains(sh.todayScr.syncChip.Text, "| Refused by the county server: 1")
	})
	v := sh.showConflicts()
	labels, buttons := texts(v.rows)
	all := strings.Join(labels, "\n")
	for _, want := range []string{
		"Changes the county server refused",
		"Directory: Family Center of the Sound",
		"Only trainers and administrators can change the directory and training materials.",
		"What you entered:\nName: Family Center of the Sound\nRefused on ",
		"Your change is kept on this laptop but was not shared with anyone.",
	} {
		if !strings.Contains(all, want) {
			t.Fatalf("the conflicts view lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "No conflicts to review.") {
		t.Fatalf("the view says there is nothing to review:\n%s", all)
	}
	test.Tap(buttonNamed(t, buttons, "Mark as read"))
	labels, _ = texts(v.rows)
	if len(labels) != 1 || labels[0] != "No conflicts to review." {
		t.Fatalf("after marking it read the list shows %q", labels)
	}
	if n, _ := st.OpenRejections(context.Background()); n != 0 {
		t.Fatalf("%d refused changes still open", n)
	}
	// What she typed stays on the laptop.
	if got, err := store.Get[data.Organization](context.Background(), st, org.ID); err != nil || got.Name != org.Name {
		t.Fatalf("the refused record after marking it read: %+v %v", got, err)
	}
	waitFor(t, func() bool {
		return !sh.todayScr.conflicts.Visible() && !strings.Contains(sh.todayScr.syncChip.Text, "Refused")
	})
}

func TestRefusedChangesAreDescribedInTheUsersLanguage(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Nguyen", "vi", "98118")
	rows := []refusedRow{
		{r: store.Rejection{Table: "households", RowID: h.ID, Code: sync.RejectNotInOrg,
			Fields: map[string]data.FieldValue{"notes": {Value: "Prefers mornings"}, "consent_contact": {Value: true}}}, family: "Nguyen"},
		{r: store.Rejection{Table: "dir_services", Code: "", Reason: "the moon is full",
			Fields: map[string]data.FieldValue{"name": {Value: "Parent Child Home Program"}}}},
		{r: store.Rejection{Table: "conflicts", Code: sync.RejectConflictColumn}},
	}
	for _, tc := range []struct {
		lang string
		want [3][3]string // per row: record, reason, typed
	}{
		{"en", [3][3]string{
			{"Nguyen family", "The county server has no such record in your organization.", "What you entered:\nConsent to contact: Given\nNotes: Prefers mornings"},
			{"Directory: Parent Child Home Program", "The county server refused this change: the moon is full", "What you entered:\nName: Parent Child Home Program"},
			{"A decision on a conflict", "Only the decision on a conflict can be changed.", ""},
		}},
		{"ar", [3][3]string{ // names and the server's words isolated (U+2068 … U+2069)
			{"عائلة \u2068Nguyen\u2069", "لا يوجد هذا السجل في منظمتك على خادم المقاطعة.", ""},
			{"دليل الخدمات: \u2068Parent Child Home Program\u2069", "رفض خادم المقاطعة هذا التغيير: \u2068the moon is full\u2069", ""},
			{"قرار بشأن تعارض", "لا يمكن تغيير شيء في التعارض سوى القرار.", ""},
		}},
	} {
		sh := &Shell{st: st, loc: translations.New(tc.lang)}
		for i, row := range rows {
			got := [3]string{sh.refusedRecord(row), sh.refusedReason(row.r), sh.refusedTyped(row.r)}
			want := tc.want[i]
			if tc.lang != "en" {
				got[2], want[2] = "", "" // the English labels above are checked once
			}
			if got != want {
				t.Errorf("%s row %d: %q, want %q", tc.lang, i, got, want)
			}
		}
	}
}

func TestConflictsScreenOpensTheConflictsView(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShellWith(t, st, Options{Language: "en", Background: inline, Screen: ScreenConflicts, SyncTimer: synctest.NewTimer().Start})
	if sh.visible() != ScreenToday || len(sh.dialogs) != 1 {
		t.Fatalf("--screen conflicts shows %s with %d dialogs, want Today with the conflicts view", sh.visible(), len(sh.dialogs))
	}
}

// refusedDirectory is an enrolled navigator's store whose n directory
// records, made on the laptop, the county server has refused.
func refusedDirectory(t testing.TB, n int) (*store.Store, []data.Organization) {
	t.Helper()
	url := synctest.Server(t, "Harbor Family Services", "ana")
	st := openTestStore(t)
	enrol(t, st, url, "ana")
	orgs := make([]data.Organization, n)
	write(t, st, func(tx *store.Tx) error {
		for i := range orgs {
			orgs[i] = data.Organization{Name: fmt.Sprintf("Family Center %05d", i)}
			if err := tx.Insert(&orgs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	syncStore(t, st)
	if open, err := st.OpenRejections(context.Background()); err != nil || open != n {
		t.Fatalf("refused changes after syncing: %d %v", open, err)
	}
	return st, orgs
}

// A navigator's laptop with many refused changes (here 130 directory
// records) lists the newest 100, says how many more there are, and marks
// them all as read at once; every record stays on the laptop.
func TestConflictsViewCapsAFloodOfRefusedChanges(t *testing.T) {
	const n = conflictsShown + 30
	st, orgs := refusedDirectory(t, n)
	timer := synctest.NewTimer() // never fired
	sh := newTestShellWith(t, st, Options{Language: "en", Background: inline, SyncTimer: timer.Start})
	v := sh.showConflicts()
	labels, buttons := texts(v.rows)
	listed := 0
	for _, l := range labels {
		if strings.HasPrefix(l, "Directory: Family Center ") {
			listed++
		}
	}
	if listed != conflictsShown {
		t.Fatalf("the view lists %d refused changes, want the newest %d", listed, conflictsShown)
	}
	if all := strings.Join(labels, "\n"); !strings.Contains(all, "Not shown here: 30 more refused changes.") {
		t.Fatalf("the view does not say how many are not listed:\n%s", all[len(all)-400:])
	}
	test.Tap(buttonNamed(t, buttons, "Mark all as read"))
	labels, _ = texts(v.rows)
	if len(labels) != 1 || labels[0] != "No conflicts to review." {
		t.Fatalf("after marking all read the list shows %d labels, first %q", len(labels), labels[0])
	}
	if open, _ := st.OpenRejections(context.Background()); open != 0 {
		t.Fatalf("%d refused changes still open", open)
	}
	for _, org := range orgs {
		if got, err := store.Get[data.Organization](context.Background(), st, org.ID); err != nil || got.Name != org.Name {
			t.Fatalf("a refused record after marking all read: %+v %v", got, err)
		}
	}
}

// The conflicts are capped the same way: the first ones listed, the rest
// counted.
func TestReadConflictsCountsThoseNotListed(t *testing.T) {
	url := synctest.Server(t, "Harbor Family Services", "ana", "ben")
	mine, other := openTestStore(t), openTestStore(t)
	enrol(t, mine, url, "ana")
	enrol(t, other, url, "ben")
	var ids []string
	for _, name := range []string{"Nguyen", "Haile", "Osman"} {
		h := data.Household{Name: name, HomeLanguage: "vi", Navigator: "ana"}
		write(t, mine, func(tx *store.Tx) error { return tx.AddHousehold(&h) })
		ids = append(ids, h.ID)
	}
	syncStore(t, mine)
	syncStore(t, other)
	for st, nav := range map[*store.Store]string{mine: "Ana Lopez", other: "Ben Okafor"} {
		write(t, st, func(tx *store.Tx) error {
			for _, id := range ids {
				h, err := store.GetTx[data.Household](tx, id)
				if err != nil {
					return err
				}
				h.Navigator = nav
				if err := tx.Update(&h); err != nil {
					return err
				}
			}
			return nil
		})
	}
	syncStore(t, mine)
	syncStore(t, other)
	syncStore(t, mine)
	rows, more, err := readConflicts(context.Background(), mine, "ana", 2)
	if err != nil || len(rows) != 2 || more != 1 {
		t.Fatalf("readConflicts with room for 2 of 3: %d listed, %d more, %v", len(rows), more, err)
	}
	if rows, more, _ := readConflicts(context.Background(), mine, "ana", conflictsShown); len(rows) != 3 || more != 0 {
		t.Fatalf("readConflicts with room for all: %d listed, %d more", len(rows), more)
	}
}

// BenchmarkConflictsViewManyRefused opens the conflicts view on a laptop
// whose first sync had 12,000 changes refused (directory records made
// before enrolling as a navigator) and closes it again.
func BenchmarkConflictsViewManyRefused(b *testing.B) {
	st, _ := refusedDirectory(b, 12000)
	timer := synctest.NewTimer() // never fired
	sh := newTestShellWith(b, st, Options{Language: "en", Background: inline, SyncTimer: timer.Start})
	for b.Loop() {
		sh.showConflicts()
		sh.closeDialogs()
	}
}

// Every reason the server may give for refusing a change is said in the
// user's words, not passed on in the server's English.
func TestEveryRefusalReasonHasItsMessage(t *testing.T) {
	sh := &Shell{loc: translations.New("es")}
	for _, code := range sync.RejectCodes() {
		id, ok := refusedReasons[code]
		if !ok {
			t.Errorf("no message for the server's reason %q", code)
			continue
		}
		if got := sh.refusedReason(store.Rejection{Code: code, Reason: "server words"}); got == "" || strings.Contains(got, "server words") || got == id {
			t.Errorf("reason %q reads %q", code, got)
		}
	}
}
