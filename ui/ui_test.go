package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/demo"
	"trellis/data/store"
)

// testNow is the fixed time the test stores live at.
var testNow = time.Date(2026, time.March, 10, 10, 0, 0, 0, time.UTC)

// openTestStore opens a fresh store in a temporary folder.
func openTestStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newTestShell builds the app on the test driver with a navigator already
// set up, so it opens on the sidebar screens.
func newTestShell(t *testing.T, st *store.Store, lang string) *Shell {
	t.Helper()
	return newTestShellWith(t, st, Options{Language: lang, Background: inline})
}

// newTestShellWith is newTestShell with the given options.
func newTestShellWith(t testing.TB, st *store.Store, opts Options) *Shell {
	t.Helper()
	a := test.NewTempApp(t)
	ctx := context.Background()
	if err := st.SetSetting(ctx, SettingNavigator, "Ana Navigator"); err != nil {
		t.Fatal(err)
	}
	sh := Create(a, st, opts)
	sh.win.Resize(fyne.NewSize(1100, 720))
	t.Cleanup(sh.win.Close)
	return sh
}

// write runs fn in a write transaction or fails the test.
func write(t testing.TB, st *store.Store, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := st.Write(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

// addFamily stores a family with one child and returns both.
func addFamily(t *testing.T, st *store.Store, name, lang, zip string) (data.Household, data.Member) {
	t.Helper()
	h := data.Household{Name: name, HomeLanguage: lang, ZIP: zip, ConsentContact: true,
		ConsentShare: true, ConsentShareOn: data.DateOf(testNow), ConsentShareBy: "Ana Navigator", Navigator: "Ana Navigator"}
	c := data.Member{Role: data.RoleChild, GivenName: "Lia", FamilyName: name, BirthDate: data.MustDate("2024-09-01")}
	write(t, st, func(tx *store.Tx) error {
		if err := tx.AddHousehold(&h); err != nil {
			return err
		}
		c.HouseholdID = h.ID
		return tx.AddMember(&c)
	})
	return h, c
}

func TestFirstRunAsksForNameThenOpensToday(t *testing.T) {
	st := openTestStore(t)
	sh := Create(test.NewTempApp(t), st, Options{SystemLanguage: "es", Background: inline})
	fr := sh.firstRun
	if fr == nil {
		t.Fatal("a new profile must open on the first-run screen")
	}
	if fr.start.Text != "Empezar" {
		t.Errorf("first run follows the system language: start button says %q", fr.start.Text)
	}
	test.Tap(fr.start)
	if !fr.nameErr.Visible() || fr.nameErr.Text != "Complete este campo." {
		t.Errorf("an empty name must be flagged beside the field, got visible=%v %q", fr.nameErr.Visible(), fr.nameErr.Text)
	}
	test.Type(fr.name, "Rosa Diaz")
	test.Type(fr.org, "Centro Familiar")
	// Switching language keeps what was typed.
	fr.language.SetSelected("English")
	fr = sh.firstRun
	if fr.name.Text != "Rosa Diaz" || fr.org.Text != "Centro Familiar" || fr.start.Text != "Start" {
		t.Fatalf("after switching to English: name %q org %q start %q", fr.name.Text, fr.org.Text, fr.start.Text)
	}
	test.Tap(fr.start)
	if sh.firstRun != nil || sh.visible() != ScreenToday {
		t.Fatalf("after Start the app must show Today, shows %q", sh.visible())
	}
	ctx := context.Background()
	for key, want := range map[string]string{SettingNavigator: "Rosa Diaz", SettingOrganization: "Centro Familiar", SettingLanguage: "en"} {
		if got, _ := st.Setting(ctx, key); got != want {
			t.Errorf("setting %s = %q, want %q", key, got, want)
		}
	}
}

func TestTodayCompletesAFollowUp(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Nguyen family", "vi", "97201")
	overdue := data.FollowUp{HouseholdID: h.ID, Due: data.MustDate("2026-03-05"), Note: "Call about WIC"}
	later := data.FollowUp{HouseholdID: h.ID, Due: data.MustDate("2026-04-01"), Note: "Next month"}
	write(t, st, func(tx *store.Tx) error {
		if err := tx.AddFollowUp(&overdue); err != nil {
			return err
		}
		return tx.AddFollowUp(&later)
	})
	sh := newTestShell(t, st, "en")
	today := sh.todayScr
	if len(today.due) != 1 || today.due[0].ID != overdue.ID {
		t.Fatalf("Today must list only the overdue follow-up, lists %+v", today.due)
	}
	if today.dueTitle.Text != "1 follow-up due or overdue" {
		t.Errorf("title %q", today.dueTitle.Text)
	}
	row := today.dueList.CreateItem()
	today.dueList.UpdateItem(0, row)
	text := row.(*fyne.Container).Objects[0].(*widget.Label)
	if text.Text != "Nguyen family — 5 days overdue: Call about WIC" || text.Importance != widget.DangerImportance {
		t.Errorf("overdue row shows %q (importance %v)", text.Text, text.Importance)
	}
	done := row.(*fyne.Container).Objects[1].(*fyne.Container).Objects[1].(*button)
	test.Tap(done)

	fus, err := st.FollowUps(context.Background(), h.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fus {
		if f.ID == overdue.ID && (!f.Done() || f.DoneBy != "Ana Navigator") {
			t.Errorf("the follow-up must be done by the navigator: %+v", f)
		}
		if f.ID == later.ID && f.Done() {
			t.Error("the other follow-up must stay open")
		}
	}
	if len(today.due) != 0 || today.dueTitle.Text != "0 follow-ups due or overdue" {
		t.Errorf("after Done Today still lists %d (%q)", len(today.due), today.dueTitle.Text)
	}
	if today.syncChip.Text == "" {
		t.Error("the sync chip must say how many changes wait")
	}
}

func TestSettingsSwitchesLanguageWithoutRestart(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShell(t, st, "")
	sh.Show(ScreenSettings)
	if sh.tabs.Items[0].Text != "Today" {
		t.Fatalf("starts in English, first tab %q", sh.tabs.Items[0].Text)
	}
	sh.settings.language.SetSelected("Español")
	if sh.tabs.Items[0].Text != "Hoy" || sh.tabs.Items[len(sh.tabs.Items)-1].Text != "Ajustes" {
		t.Errorf("after choosing Español the sidebar says %q … %q", sh.tabs.Items[0].Text, sh.tabs.Items[len(sh.tabs.Items)-1].Text)
	}
	if sh.visible() != ScreenSettings {
		t.Errorf("the switch must keep Settings shown, shows %q", sh.visible())
	}
	if sh.settings.backupBtn.Text != "Respaldar…" {
		t.Errorf("settings rebuilt in Spanish: backup button %q", sh.settings.backupBtn.Text)
	}
	if got, _ := st.Setting(context.Background(), SettingLanguage); got != "es" {
		t.Errorf("the choice must be saved, setting is %q", got)
	}
	if sh.win.Title() != "Trellis" {
		t.Errorf("title %q", sh.win.Title())
	}
}

func TestSettingsBackupAndRestore(t *testing.T) {
	st := openTestStore(t)
	kept, _ := addFamily(t, st, "Kept family", "es", "97201")
	sh := newTestShell(t, st, "en")
	sh.Show(ScreenSettings)

	backupDir := t.TempDir()
	var backupPath string
	done := make(chan error, 1)
	sh.settings.backup(backupDir, func(path string, err error) { backupPath = path; done <- err })
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := store.CheckBackup(backupPath); err != nil {
		t.Fatalf("the backup file must be a Trellis backup: %v", err)
	}
	lost, _ := addFamily(t, st, "Added after backup", "en", "97202")

	// A file that is not a backup is refused before anything is asked.
	bogus := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(bogus, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	sh.settings.confirmRestore(bogus, nil)
	if len(sh.dialogs) != 1 {
		t.Fatalf("a bogus file must give one error dialog, %d dialogs open", len(sh.dialogs))
	}
	sh.closeTopDialog()

	restored := make(chan error, 1)
	sh.settings.confirmRestore(backupPath, func(err error) { restored <- err })
	if len(sh.dialogs) != 1 {
		t.Fatalf("restore must ask first, %d dialogs open", len(sh.dialogs))
	}
	if _, err := sh.st.Household(context.Background(), lost.ID); err != nil {
		t.Fatal("nothing may be replaced before the user confirms")
	}
	confirm := sh.dialogs[0].(*dialog.ConfirmDialog)
	confirm.Confirm()
	if err := <-restored; err != nil {
		t.Fatal(err)
	}
	if sh.st == st {
		t.Fatal("the shell must use the reopened store")
	}
	t.Cleanup(func() { sh.st.Close() })
	if _, err := sh.st.Household(context.Background(), kept.ID); err != nil {
		t.Errorf("family from the backup is missing: %v", err)
	}
	if _, err := sh.st.Household(context.Background(), lost.ID); err == nil {
		t.Error("a family added after the backup must be gone after restoring it")
	}
	if sh.settings.status.Text != "The backup was restored." {
		t.Errorf("status says %q", sh.settings.status.Text)
	}
}

// tabsButton finds the sidebar button of the named screen.
func (s *Shell) tabsButton(t *testing.T, name string) fyne.Tappable {
	t.Helper()
	for i, it := range s.sidebar {
		if it.name == name {
			return &tabTapper{s, i}
		}
	}
	t.Fatalf("no tab %q", name)
	return nil
}

// tabTapper selects a tab the way tapping its sidebar button does.
type tabTapper struct {
	s *Shell
	i int
}

func (tt *tabTapper) Tapped(*fyne.PointEvent) { tt.s.tabs.SelectIndex(tt.i) }

// useDemoSize makes the app's demo county of the given size for one test.
func useDemoSize(t *testing.T, size demo.Options) {
	saved := demoSize
	demoSize = size
	t.Cleanup(func() { demoSize = saved })
}

func TestFirstRunLoadsDemoData(t *testing.T) {
	useDemoSize(t, demo.Options{Families: 12, Services: 8, Seed: 3})
	st := openTestStore(t)
	sh := Create(test.NewTempApp(t), st, Options{SystemLanguage: "en", Background: inline})
	fr := sh.firstRun
	test.Type(fr.name, "Rosa Diaz")
	test.Tap(fr.demo)
	test.Tap(fr.start)
	sh.busy.Wait()
	if sh.firstRun != nil || sh.visible() != ScreenToday {
		t.Fatalf("after the demo loads the app shows %q", sh.visible())
	}
	page, err := st.SearchFamilies(context.Background(), "", 0, 1)
	if err != nil || page.Total != 12 {
		t.Fatalf("demo families in the store: %d (%v)", page.Total, err)
	}
	svcs, _ := st.SearchServices(context.Background(), store.DirectoryQuery{AgeMonths: store.AnyAge})
	if svcs.Total == 0 {
		t.Error("demo services missing")
	}
	test.Tap(sh.tabsButton(t, ScreenFamilies))
	if sh.families.results.total != 12 || sh.families.count.Text != "12 families" {
		t.Errorf("families screen lists %d (%q)", sh.families.results.total, sh.families.count.Text)
	}
}

func TestCancelledDemoWritesNothing(t *testing.T) {
	useDemoSize(t, demo.Options{Families: 3000, Services: 50, Seed: 3})
	st := openTestStore(t)
	sh := newTestShell(t, st, "en")
	cancel := sh.loadDemo(nil)
	cancel()
	sh.busy.Wait()
	page, _ := st.SearchFamilies(context.Background(), "", 0, 1)
	if page.Total != 0 {
		t.Errorf("a cancelled demo left %d families", page.Total)
	}
}

// inline runs background work at once, so that a test sees each step done
// before the next.
func inline(work func()) { work() }

func TestTodayFillsInOffTheUIGoroutine(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Okafor family", "en", "97201")
	write(t, st, func(tx *store.Tx) error {
		return tx.AddFollowUp(&data.FollowUp{HouseholdID: h.ID, Due: data.MustDate("2026-03-10"), Note: "Call"})
	})
	if err := st.SetSetting(context.Background(), SettingNavigator, "Ana Navigator"); err != nil {
		t.Fatal(err)
	}
	sh := Create(test.NewTempApp(t), st, Options{Language: "en"}) // work on goroutines, as in the app
	t.Cleanup(sh.win.Close)
	sh.WaitFirstScreen()
	if len(sh.todayScr.due) != 1 || sh.todayScr.dueTitle.Text != "1 follow-up due or overdue" {
		t.Errorf("Today after loading: %d due, %q", len(sh.todayScr.due), sh.todayScr.dueTitle.Text)
	}
	sh.WaitIdle()
}

// The test driver cannot send canvas shortcuts, so this calls what Ctrl+N
// and Ctrl+F are bound to (addShortcuts) and sends Esc as a key.
func TestKeyboardShortcuts(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShell(t, st, "en")
	c := sh.win.Canvas()
	// Ctrl+N opens the new-family form from any screen.
	sh.Show(ScreenDirectory)
	sh.newFamily()
	if sh.visible() != ScreenFamilies || len(sh.dialogs) != 1 || sh.families.form == nil {
		t.Fatalf("Ctrl+N: screen %q, %d dialogs", sh.visible(), len(sh.dialogs))
	}
	// Esc closes it, saving nothing.
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(sh.dialogs) != 0 {
		t.Fatalf("Esc left %d dialogs open", len(sh.dialogs))
	}
	if page, _ := st.SearchFamilies(context.Background(), "", 0, 1); page.Total != 0 {
		t.Error("closing the form must not save a family")
	}
	// Esc also closes the form while the cursor is in one of its fields
	// (the field gets the key first and hands it on), and what was typed
	// is not saved.
	sh.newFamily()
	if len(sh.dialogs) != 1 || sh.families.form == nil {
		t.Fatalf("Ctrl+N again: %d dialogs", len(sh.dialogs))
	}
	name := sh.families.form.name
	c.Focus(name)
	test.Type(name, "Familia Ruiz")
	if c.Focused() != name || name.Text != "Familia Ruiz" {
		t.Fatalf("typing in the name field: focus %v, text %q", c.Focused(), name.Text)
	}
	name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(sh.dialogs) != 2 {
		t.Fatalf("Esc in a filled form must ask before closing it: %d dialogs open", len(sh.dialogs))
	}
	sh.dialogs[1].(*dialog.ConfirmDialog).Confirm() // throw the typing away
	if len(sh.dialogs) != 0 {
		t.Fatalf("Esc in a text field left %d dialogs open", len(sh.dialogs))
	}
	if page, _ := st.SearchFamilies(context.Background(), "", 0, 1); page.Total != 0 {
		t.Error("Esc must not save a family")
	}
	// Ctrl+F puts the cursor in the search box of the screen shown, or the
	// family search on screens without one.
	sh.Show(ScreenDirectory)
	sh.focusSearch()
	if c.Focused() != sh.dir.search {
		t.Errorf("Ctrl+F on Directory focused %v", c.Focused())
	}
	sh.Show(ScreenToday)
	sh.focusSearch()
	if sh.visible() != ScreenFamilies || c.Focused() != sh.families.search {
		t.Errorf("Ctrl+F on Today: screen %q, focus %v", sh.visible(), c.Focused())
	}
}
