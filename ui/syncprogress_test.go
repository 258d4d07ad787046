package ui

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"trellis/sync/client"

	"fyne.io/fyne/v2/test"

	"trellis/data"
	"trellis/data/store"
	"trellis/sync/synctest"
	"trellis/translations"
)

// familyCount counts the families in st, and fails if any is there twice.
func familyCount(t *testing.T, st *store.Store) int {
	t.Helper()
	page, err := st.SearchFamilies(context.Background(), "", 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range page.Items {
		if seen[f.ID] {
			t.Fatalf("family %s is listed twice", f.ID)
		}
		seen[f.ID] = true
	}
	return page.Total
}

func TestAutomaticSyncShowsProgressOnTheChipAndCanBeStopped(t *testing.T) {
	url := synctest.Server(t, "Harbor Family Services", "ana", "ben")
	ben := openTestStore(t)
	enrol(t, ben, url, "ben")
	const families = 12
	for i := range families {
		addFamily(t, ben, fmt.Sprintf("Family %d", i), "vi", "98118")
	}
	syncStore(t, ben)

	// ana's laptop syncs through a proxy that serves 5 changes a page and
	// holds every pull after the first: the first sync stops part-way.
	gate := synctest.NewGate(t, url, 5)
	gate.HoldAfter(1)
	st := openTestStore(t)
	enrol(t, st, gate.URL, "ana")
	timer := synctest.NewTimer()
	sh := newTestShellWith(t, st, Options{Language: "en", Background: inline, SyncTimer: timer.Start})
	row := sh.todayScr.progress
	if d := timer.Next(t); d != 0 || row.content.Visible() {
		t.Fatalf("before the first sync: wait %v, progress shown %v", d, row.content.Visible())
	}
	timer.Fire <- time.Now()
	select {
	case <-gate.Held():
	case <-time.After(30 * time.Second):
		t.Fatal("the sync never asked for a second page")
	}
	receiving := regexp.MustCompile(`^Receiving [0-9]+ changes…$`)
	waitFor(t, func() bool {
		inSettings := sh.settings.sync.progress // the same in Settings
		return row.content.Visible() && receiving.MatchString(row.text.Text) &&
			inSettings.content.Visible() && inSettings.text.Text == row.text.Text &&
			strings.HasPrefix(sh.todayScr.syncChip.Text, "Online | Not synced yet") // the server has answered
	})
	if !row.moving.Visible() || row.bar.Visible() || row.stopBtn.Disabled() {
		t.Fatalf("while receiving an unknown number of changes: moving bar %v, bar %v, stop disabled %v",
			row.moving.Visible(), row.bar.Visible(), row.stopBtn.Disabled())
	}

	test.Tap(row.stopBtn)
	if d := timer.Next(t); d != client.Period {
		t.Fatalf("after the user stopped the sync the next one waits %v, want %v", d, client.Period)
	}
	waitFor(t, func() bool {
		return !row.content.Visible() && !sh.settings.sync.progress.content.Visible() &&
			strings.HasPrefix(sh.todayScr.syncChip.Text, "Online | Not synced yet") &&
			strings.Contains(sh.todayScr.syncChip.Text, "| Sync stopped. It will try again in a few minutes.")
	})
	// What arrived before the stop is kept, whole: some families, each
	// once, and the next sync goes on from there.
	partial := familyCount(t, st)
	cursors, err := st.SyncCursors(context.Background())
	if err != nil || cursors["org"] == 0 || partial >= families {
		t.Fatalf("after stopping: %d of %d families, cursors %v, %v", partial, families, cursors, err)
	}

	gate.Release()
	timer.Fire <- time.Now()
	if d := timer.Next(t); d != client.Period {
		t.Fatalf("after the sync finished the next one waits %v", d)
	}
	waitFor(t, func() bool {
		return !row.content.Visible() && strings.HasPrefix(sh.todayScr.syncChip.Text, "Online | Last synced:") &&
			!strings.Contains(sh.todayScr.syncChip.Text, "Sync stopped")
	})
	if n := familyCount(t, st); n != families {
		t.Fatalf("after the sync resumed: %d families, want %d", n, families)
	}
	var members int
	for _, h := range mustFamilies(t, st) {
		ms, err := st.Members(context.Background(), h)
		if err != nil {
			t.Fatal(err)
		}
		members += len(ms)
	}
	if members != families {
		t.Fatalf("after the sync resumed: %d children, want %d", members, families)
	}
}

// mustFamilies lists the ids of st's families.
func mustFamilies(t *testing.T, st *store.Store) []string {
	t.Helper()
	page, err := st.SearchFamilies(context.Background(), "", 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(page.Items))
	for _, f := range page.Items {
		ids = append(ids, f.ID)
	}
	return ids
}

func TestSyncProgressWordsAndNumbersFollowTheLanguage(t *testing.T) {
	st := openTestStore(t)
	for _, tc := range []struct {
		lang string
		act  client.Activity
		want string
	}{
		{"en", client.Activity{}, "Syncing with the county server…"},
		{"en", client.Activity{Progress: progress("pull", 3400, 0)}, "Receiving 3,400 changes…"},
		{"en", client.Activity{Progress: progress("pull", 1, 0)}, "Receiving 1 change…"},
		{"en", client.Activity{Progress: progress("push", 1200, 3400)}, "Sending changes: 1,200 of 3,400…"},
		{"en", client.Activity{Progress: progress("attachments", 2, 5)}, "Syncing training materials: 2 of 5…"},
		{"es", client.Activity{Progress: progress("pull", 3400, 0)}, "Recibiendo 3400 cambios…"},
		{"ru", client.Activity{Progress: progress("pull", 3400, 0)}, "Получаем 3\u00a0400 изменений…"},
		{"ru", client.Activity{Progress: progress("pull", 5, 0)}, "Получаем 5 изменений…"},
		{"ar", client.Activity{Progress: progress("pull", 2, 0)}, "جارٍ استلام تغييرين…"},
	} {
		sh := &Shell{st: st, loc: translations.New(tc.lang)}
		if got := sh.syncActivityText(&tc.act); got != tc.want {
			t.Errorf("%s %+v: %q, want %q", tc.lang, tc.act.Progress, got, tc.want)
		}
	}
}

func progress(phase string, done, total int) client.Progress {
	return client.Progress{Phase: phase, Done: done, Total: total}
}

func TestTodayRefreshAskedDuringARefreshRunsOnceMoreAfterIt(t *testing.T) {
	st := openTestStore(t)
	var queue []func()
	sh := newTestShellWith(t, st, Options{Language: "en", SyncTimer: synctest.NewTimer().Start,
		Background: func(work func()) { queue = append(queue, work) }})
	drain := func() {
		for len(queue) > 0 {
			work := queue[0]
			queue = queue[1:]
			work()
		}
	}
	drain()
	today := sh.todayScr
	today.refresh()
	// A sync writing page after page asks again and again meanwhile.
	h, _ := addFamily(t, st, "Okafor", "en", "97201")
	write(t, st, func(tx *store.Tx) error {
		return tx.AddFollowUp(&data.FollowUp{HouseholdID: h.ID, Due: data.DateOf(testNow), Note: "Call"})
	})
	today.refresh()
	if len(queue) != 1 {
		t.Fatalf("%d store reads queued while one runs, want 1", len(queue))
	}
	queue[0]()
	queue = queue[1:]
	if len(queue) != 1 {
		t.Fatalf("after the first read %d more are queued, want the 1 asked for meanwhile", len(queue))
	}
	drain()
	if today.dueTitle.Text != "1 follow-up due or overdue" {
		t.Fatalf("Today shows %q after the last refresh", today.dueTitle.Text)
	}
}
