package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
	"trellis/sync"
	"trellis/sync/synctest"
)

// syncStore syncs st with the server it is enrolled with.
func syncStore(t *testing.T, st *store.Store) {
	t.Helper()
	if _, err := (&sync.Client{Store: st}).Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
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

	timer := newFakeSyncTimer() // never fired: no automatic sync here
	sh := newTestShellWith(t, mine, Options{Language: "en", Background: inline, SyncTimer: timer.start})
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
	var keepTheirs *widget.Button
	for _, b := range buttons {
		if b.Text == "Keep theirs" {
			keepTheirs = b
		}
	}
	if keepTheirs == nil {
		t.Fatal("no Keep theirs button")
	}
	test.Tap(keepTheirs)
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
