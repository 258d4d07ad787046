package ui

// Tests of what a walk-through of the real app found (issue 12, section 3).

import (
	"context"
	"image/color"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/demo"
	"trellis/data/store"
	"trellis/ui/bidi"
	apptheme "trellis/ui/theme"
)

// addReferral stores a referral of h to svc in the given status (after
// "requested").
func addReferral(t *testing.T, st *store.Store, h data.Household, svc data.Service, status string) data.Referral {
	t.Helper()
	r := data.Referral{HouseholdID: h.ID, ServiceID: svc.ID, Priority: data.PriorityRoutine}
	write(t, st, func(tx *store.Tx) error {
		if err := tx.CreateReferral(&r, data.StatusRequested, "Ana Navigator", ""); err != nil {
			return err
		}
		if status == data.StatusRequested {
			return nil
		}
		_, err := tx.SetReferralStatus(r.ID, status, "Ana Navigator", "")
		return err
	})
	return r
}

func TestReferralsFilterAllCompletedClosed(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Ali family", "so", "97201")
	svc := addService(t, st, "Early Intervention", []string{"so"}, years(0), years(3), true, "97201", nil)
	open := addReferral(t, st, h, svc, data.StatusAccepted)
	done := addReferral(t, st, h, svc, data.StatusCompleted)
	declined := addReferral(t, st, h, svc, data.StatusRejected)
	sh := newTestShell(t, st, "en")
	test.Tap(sh.tabsButton(t, ScreenReferrals))
	r := sh.refs
	ids := func() map[string]bool {
		out := map[string]bool{}
		for _, ref := range r.shown {
			out[ref.ID] = true
		}
		return out
	}
	if got := ids(); len(got) != 1 || !got[open.ID] {
		t.Fatalf("Open referrals lists %v", got)
	}
	r.status.setCode(filterAll)
	if got := ids(); len(got) != 3 {
		t.Errorf("All referrals lists %d, want 3", len(got))
	}
	r.status.setCode(data.StatusCompleted)
	if got := ids(); len(got) != 1 || !got[done.ID] {
		t.Errorf("Completed lists %v", got)
	}
	r.status.setCode("closed")
	if got := ids(); len(got) != 2 || !got[done.ID] || !got[declined.ID] {
		t.Errorf("Closed referrals lists %v, want the completed and the declined one", got)
	}
	if r.status.Selected != "Closed referrals" {
		t.Errorf("the filter shows %q", r.status.Selected)
	}
}

func TestChangeStatusWithNothingChosenDoesNothing(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Ali family", "so", "97201")
	svc := addService(t, st, "Early Intervention", []string{"so"}, years(0), years(3), true, "97201", nil)
	ref := addReferral(t, st, h, svc, data.StatusRequested)
	sh := newTestShell(t, st, "en")
	test.Tap(sh.tabsButton(t, ScreenReferrals))
	r := sh.refs
	r.list.Select(0)
	test.Tap(r.change)
	hist, err := st.ReferralHistory(context.Background(), ref.ID)
	if err != nil || len(hist) != 1 {
		t.Fatalf("Change status with nothing chosen wrote to the history: %d rows (%v)", len(hist), err)
	}
	if !r.change.Disabled() {
		t.Error("Change status must be disabled until a new status is chosen")
	}
	r.newStatus.setCode(data.StatusAccepted)
	if r.change.Disabled() {
		t.Fatal("choosing a status must enable Change status")
	}
	test.Tap(r.change)
	hist, _ = st.ReferralHistory(context.Background(), ref.ID)
	if len(hist) != 2 || hist[1].Status != data.StatusAccepted {
		t.Fatalf("history after choosing Accepted: %+v", hist)
	}
	if r.newStatus.code() != "" || !r.change.Disabled() {
		t.Errorf("after a change the choice is cleared (%q) and the button disabled (%v)", r.newStatus.code(), r.change.Disabled())
	}
	test.Tap(r.change)
	if hist, _ = st.ReferralHistory(context.Background(), ref.ID); len(hist) != 2 {
		t.Errorf("a second press with nothing chosen added a row: %d", len(hist))
	}
}

func TestReferringWithoutConsentToShareAsksFirst(t *testing.T) {
	st := openTestStore(t)
	h := data.Household{Name: "Lopez family", HomeLanguage: "es", ConsentContact: true, Navigator: "Ana Navigator"}
	write(t, st, func(tx *store.Tx) error { return tx.AddHousehold(&h) })
	addService(t, st, "Grupo de padres", []string{"es"}, years(0), years(5), true, "97201", nil)
	sh := newTestShell(t, st, "en")
	sh.openFamily(h.ID)

	// Refer asks first; Cancel refers nothing and records nothing.
	test.Tap(sh.families.page.refer)
	if len(sh.dialogs) != 1 || sh.visible() != ScreenFamilies || sh.dir.target != nil {
		t.Fatalf("Refer without consent: %d dialogs, screen %q, referring %v", len(sh.dialogs), sh.visible(), sh.dir.target != nil)
	}
	ask := sh.dialogs[0].(*dialog.ConfirmDialog)
	if text := strings.Join(labelsIn(overlayContent(t, sh)), " "); !strings.Contains(text, "Lopez family has not agreed to share") {
		t.Errorf("the question says %q", text)
	}
	ask.Dismiss()
	if got, _ := st.Household(context.Background(), h.ID); got.ConsentShare || sh.dir.target != nil || sh.visible() != ScreenFamilies {
		t.Fatalf("Cancel: consent %v, referring %v, screen %q", got.ConsentShare, sh.dir.target != nil, sh.visible())
	}

	// Recording consent stores who and when, then goes on to the directory.
	test.Tap(sh.families.page.refer)
	sh.dialogs[0].(*dialog.ConfirmDialog).Confirm()
	got, _ := st.Household(context.Background(), h.ID)
	if !got.ConsentShare || got.ConsentShareBy != "Ana Navigator" || got.ConsentShareOn != data.DateOf(testNow) {
		t.Errorf("consent recorded as %v on %v by %q", got.ConsentShare, got.ConsentShareOn, got.ConsentShareBy)
	}
	if sh.visible() != ScreenDirectory || sh.dir.target == nil || len(sh.dialogs) != 0 {
		t.Fatalf("after recording consent: screen %q, referring %v, %d dialogs", sh.visible(), sh.dir.target != nil, len(sh.dialogs))
	}

	// Consent withdrawn meanwhile (here by an edit) is asked again before the form.
	got.ConsentShare = false
	write(t, st, func(tx *store.Tx) error { return tx.Update(&got) })
	svc, _ := sh.dir.results.item(0)
	sh.dir.referTo(svc.ID)
	if sh.dir.referForm != nil || len(sh.dialogs) != 1 {
		t.Fatalf("refer after consent was withdrawn: form %v, %d dialogs", sh.dir.referForm != nil, len(sh.dialogs))
	}
	sh.dialogs[0].(*dialog.ConfirmDialog).Dismiss()
	if sh.dir.referForm != nil {
		t.Error("Cancel must not open the referral form")
	}
}

// fakeAfter replaces Shell.after: the functions wait in the returned slice
// until the test runs them.
func fakeAfter(sh *Shell) *[]func() {
	var pending []func()
	sh.after = func(d time.Duration, f func()) func() {
		i := len(pending)
		pending = append(pending, f)
		return func() { pending[i] = func() {} }
	}
	return &pending
}

func TestTodayDoneCanBeUndone(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Nguyen family", "vi", "97201")
	fu := data.FollowUp{HouseholdID: h.ID, Due: data.MustDate("2026-03-05"), Note: "Call about WIC"}
	write(t, st, func(tx *store.Tx) error { return tx.AddFollowUp(&fu) })
	sh := newTestShell(t, st, "en")
	timers := fakeAfter(sh)
	today := sh.todayScr
	doneButton := func() *button {
		row := today.dueList.CreateItem()
		today.dueList.UpdateItem(0, row)
		return row.(*fyne.Container).Objects[1].(*fyne.Container).Objects[1].(*button)
	}
	isDone := func() bool {
		got, err := store.Get[data.FollowUp](context.Background(), st, fu.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Done()
	}
	test.Tap(doneButton())
	if !isDone() || len(today.due) != 0 {
		t.Fatalf("Done: stored done %v, still listed %d", isDone(), len(today.due))
	}
	if !today.undoBar.Visible() || today.undoText.Text != "Done: Nguyen family — Call about WIC" {
		t.Fatalf("after Done the undo bar shows %v %q", today.undoBar.Visible(), today.undoText.Text)
	}
	test.Tap(today.undoBtn)
	if isDone() || len(today.due) != 1 || today.undoBar.Visible() {
		t.Fatalf("Undo: stored done %v, listed %d, bar shown %v", isDone(), len(today.due), today.undoBar.Visible())
	}
	// Done again; once the few seconds pass the offer goes away and the
	// follow-up stays done.
	test.Tap(doneButton())
	if len(*timers) == 0 {
		t.Fatal("no timer hides the undo bar")
	}
	for _, f := range *timers {
		f()
	}
	if today.undoBar.Visible() || !isDone() {
		t.Errorf("after the time to undo: bar shown %v, done %v", today.undoBar.Visible(), isDone())
	}
}

func TestTimelineEntryOpensInFullAndContactsCanBeEditedOrDeleted(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Okafor family", "en", "97201")
	long := "Talked with mum about the waiting list for speech therapy; she would rather have evening appointments " +
		"because of her work shifts, and asked whether the clinic has a Saturday group. Call back Thursday."
	c := data.Contact{HouseholdID: h.ID, At: testNow.Add(-time.Hour), Kind: data.KindHomeVisit, Notes: long, Navigator: "Ben"}
	write(t, st, func(tx *store.Tx) error { return tx.AddContact(&c) })
	sh := newTestShell(t, st, "en")
	sh.openFamily(h.ID)
	p := sh.families.page
	if len(p.timeline) != 1 {
		t.Fatalf("timeline has %d entries", len(p.timeline))
	}
	p.timelineL.Select(0)
	if len(sh.dialogs) != 1 || p.entry == nil {
		t.Fatalf("choosing a timeline entry opens it: %d dialogs", len(sh.dialogs))
	}
	text := strings.Join(labelsIn(overlayContent(t, sh)), "\n")
	if !strings.Contains(text, "Call back Thursday.") || !strings.Contains(text, "Home visit by Ben") {
		t.Errorf("the entry opened shows %q, not the whole note", text)
	}

	// Edit: the form holds the contact; saving changes it, not its date or author.
	test.Tap(p.editEntry)
	f := p.contactForm
	if f == nil || f.notes.Text != long || f.kind.code() != data.KindHomeVisit || len(sh.dialogs) != 1 {
		t.Fatalf("edit opens the contact's form (%d dialogs)", len(sh.dialogs))
	}
	f.notes.SetText("Evening appointments only.")
	f.kind.setCode(data.KindPhone)
	test.Tap(f.save)
	got, err := store.Get[data.Contact](context.Background(), st, c.ID)
	if err != nil || got.Notes != "Evening appointments only." || got.Kind != data.KindPhone || !got.At.Equal(c.At) || got.Navigator != "Ben" {
		t.Fatalf("edited contact %+v (%v)", got, err)
	}
	if n, _ := st.Contacts(context.Background(), h.ID); len(n) != 1 {
		t.Fatalf("editing must not add a contact: %d", len(n))
	}

	// Delete asks, then removes it from the timeline; the store keeps it
	// as deleted (a tombstone in the change history).
	p = sh.families.page
	p.timelineL.Select(0)
	test.Tap(p.deleteEntry)
	if len(sh.dialogs) != 1 {
		t.Fatalf("delete must ask first: %d dialogs", len(sh.dialogs))
	}
	sh.dialogs[0].(*dialog.ConfirmDialog).Confirm()
	if len(sh.families.page.timeline) != 0 {
		t.Errorf("the deleted contact is still on the timeline")
	}
	if _, err := store.Get[data.Contact](context.Background(), st, c.ID); err == nil {
		t.Error("the contact must read as deleted")
	}
	changes, err := st.Outbox(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var added, edited, deleted bool
	for _, ch := range changes {
		if ch.Change.Table != "contacts" || ch.Change.ID != c.ID {
			continue
		}
		fields := ch.Change.Fields
		switch {
		case fields["notes"].Value == long:
			added = true
		case fields["notes"].Value == "Evening appointments only.":
			edited = true
		case fields[data.DeletedField].Value == int64(1):
			deleted = true
		}
	}
	if !added || !edited || !deleted {
		t.Errorf("the change history must keep the contact's adding (%v), edit (%v) and deletion (%v)", added, edited, deleted)
	}
}

// widgetsIn returns every object under o, overlays' pop-ups included.
func widgetsIn(o fyne.CanvasObject) []fyne.CanvasObject {
	out := []fyne.CanvasObject{o}
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			out = append(out, widgetsIn(c)...)
		}
	case *container.Scroll:
		out = append(out, widgetsIn(w.Content)...)
	case *container.Split:
		out = append(out, widgetsIn(w.Leading)...)
		out = append(out, widgetsIn(w.Trailing)...)
	case fyne.Widget:
		if _, ok := w.(*widget.Label); !ok {
			for _, c := range test.WidgetRenderer(w).Objects() {
				out = append(out, widgetsIn(c)...)
			}
		}
	}
	return out
}

func TestSaveHandoutStartsInDocumentsWithItsNameThenOpensOrPrints(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	docs := filepath.Join(home, "Documents")
	if err := os.Mkdir(docs, 0o700); err != nil {
		t.Fatal(err)
	}
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Ali family", "so", "97201")
	svc := addService(t, st, "Early Intervention", []string{"so", "ar"}, years(0), years(3), false, "97201", nil)
	addReferral(t, st, h, svc, data.StatusRequested)
	if err := st.SetSetting(context.Background(), SettingNavigatorPhone, "503-555-0142"); err != nil {
		t.Fatal(err)
	}
	sh := newTestShell(t, st, "en")
	var opened []*url.URL
	sh.openURL = func(u *url.URL) error { opened = append(opened, u); return nil }
	sh.Show(ScreenReferrals)
	r := sh.refs
	r.list.Select(0)
	if r.handout.Text != "Save handout…" {
		t.Errorf("the button says %q", r.handout.Text)
	}
	test.Tap(r.handout)
	if _, ok := sh.topDialog().(*dialog.FileDialog); !ok {
		t.Fatalf("Save handout must ask for a file, shows %T", sh.topDialog())
	}
	sheet, err := sh.handoutSheet(h.ID, svc.ID)
	if err != nil {
		t.Fatal(err)
	}
	var name string
	var folders []string
	for _, o := range widgetsIn(sh.win.Canvas().Overlays().Top()) {
		switch w := o.(type) {
		case *widget.Entry:
			name = w.Text
		case *widget.Button:
			folders = append(folders, w.Text)
		}
	}
	if name != sheet.FileName() || name != "Ali-family-Early-Intervention-2026-03-10.html" {
		t.Errorf("the file name offered is %q, want the whole %q", name, sheet.FileName())
	}
	if !slices.Contains(folders, "Documents") {
		t.Errorf("the file dialog must start in Documents; its folder buttons: %q", folders)
	}
	sh.closeTopDialog()

	// What Save in the file dialog does with the path chosen.
	path := filepath.Join(docs, name)
	sh.saveHandoutTo(sheet, path)
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Qiimaha", "Lacag leh", "Carabi", "Sida loo codsado", "Hagahaaga: Ana Navigator, 503-555-0142"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the handout lacks %q", want)
		}
	}
	var open, print *button
	for _, o := range widgetsIn(overlayContent(t, sh)) {
		if b, ok := o.(*button); ok && b.Text == "Open" {
			open = b
		} else if ok && b.Text == "Print" {
			print = b
		}
	}
	if open == nil || print == nil {
		t.Fatal("once saved, the handout can be opened or printed")
	}
	test.Tap(open)
	if len(opened) != 1 || opened[0].Scheme != "file" || opened[0].Path != path {
		t.Fatalf("Open opened %v, want %s", opened, path)
	}
	test.Tap(print)
	if len(opened) != 2 || opened[1].Scheme != "file" || !strings.HasPrefix(opened[1].Path, filepath.Join(home, ".cache")) {
		t.Fatalf("Print opened %v", opened)
	}
	if copy, err := os.ReadFile(opened[1].Path); err != nil || !strings.Contains(string(copy), "window.print()") {
		t.Errorf("the copy for printing must open the print dialog (%v)", err)
	}
}

func TestSettingsShowsAndChangesTheNameAndOrganization(t *testing.T) {
	st := openTestStore(t)
	if err := st.SetSetting(context.Background(), SettingOrganization, "Family Resource Center"); err != nil {
		t.Fatal(err)
	}
	sh := newTestShell(t, st, "en")
	sh.Show(ScreenSettings)
	p := sh.settings
	shown := widgetsIn(p.content)
	if !slices.Contains(shown, fyne.CanvasObject(p.name)) || !slices.Contains(shown, fyne.CanvasObject(p.org)) || !slices.Contains(shown, fyne.CanvasObject(p.saveYou)) {
		t.Fatal("Settings must show the name and organization fields and their Save button")
	}
	if p.name.Text != "Ana Navigator" || p.org.Text != "Family Resource Center" {
		t.Fatalf("Settings shows name %q, organization %q", p.name.Text, p.org.Text)
	}
	// A bad phone is named beside its field and nothing is saved.
	p.name.SetText("Ana María Navigator")
	p.phone.SetText("12")
	test.Tap(p.saveYou)
	if got := p.you.message("phone"); got != "This does not look like a phone number." {
		t.Errorf("phone error %q", got)
	}
	if got, _ := st.Setting(context.Background(), SettingNavigator); got != "Ana Navigator" {
		t.Fatalf("nothing may be saved while a field is wrong; name is %q", got)
	}
	p.phone.SetText("503-555-0142")
	p.org.SetText("Harbor Family Center")
	test.Tap(p.saveYou)
	ctx := context.Background()
	for key, want := range map[string]string{SettingNavigator: "Ana María Navigator", SettingOrganization: "Harbor Family Center", SettingNavigatorPhone: "503-555-0142"} {
		if got, _ := st.Setting(ctx, key); got != want {
			t.Errorf("setting %s = %q, want %q", key, got, want)
		}
	}
	if p.you.message("phone") != "" || p.youStatus.Text != "Saved." {
		t.Errorf("after saving: phone error %q, status %q", p.you.message("phone"), p.youStatus.Text)
	}
	// The new name is the one the app records from now on.
	if sh.navigator() != "Ana María Navigator" {
		t.Errorf("the app's navigator is %q", sh.navigator())
	}
	// An empty name is refused.
	p.name.SetText(" ")
	test.Tap(p.saveYou)
	if got, _ := st.Setting(ctx, SettingNavigator); got != "Ana María Navigator" || p.you.message("name") == "" {
		t.Errorf("an empty name: stored %q, message %q", got, p.you.message("name"))
	}
}

// Fyne draws the scroll bar over the right edge of what scrolls: Copy,
// at the end of the data folder's row, must stay clear of it.
func TestSettingsCopyIsNotUnderTheScrollBar(t *testing.T) {
	for _, lang := range []string{"en", "ar"} {
		st := openTestStore(t)
		sh := newTestShell(t, st, lang)
		sh.Show(ScreenSettings)
		p := sh.settings
		d := fyne.CurrentApp().Driver()
		btn := d.AbsolutePositionForObject(p.copyBtn)
		scroll := d.AbsolutePositionForObject(p.scroll)
		barLeft := scroll.X + p.scroll.Size().Width - fynetheme.ScrollBarSize()
		if right := btn.X + p.copyBtn.Size().Width; p.copyBtn.Size().Width == 0 || right > barLeft {
			t.Errorf("%s: Copy ends at x=%.0f, under the scroll bar from x=%.0f", lang, right, barLeft)
		}
	}
}

// The demo county is made up: it is never sent, so the sync chip does not
// count its records as changes waiting; what the navigator enters after
// it is counted.
func TestDemoDataIsNotCountedAsChangesWaiting(t *testing.T) {
	useDemoSize(t, demo.Options{Families: 40, Services: 20, Seed: 3})
	st := openTestStore(t)
	sh := newTestShell(t, st, "en")
	test.Tap(sh.settings.demoBtn)
	sh.busy.Wait()
	if page, _ := st.SearchFamilies(context.Background(), "", 0, 1); page.Total != 40 {
		t.Fatalf("demo families: %d", page.Total)
	}
	sh.Show(ScreenToday)
	if got := sh.todayScr.syncChip.Text; got != "Offline — 0 changes waiting" {
		t.Errorf("after the demo the sync chip says %q", got)
	}
	addFamily(t, st, "Real family", "en", "97201") // a family and its child
	sh.Show(ScreenToday)
	if got := sh.todayScr.syncChip.Text; got != "Offline — 2 changes waiting" {
		t.Errorf("after adding a family the sync chip says %q", got)
	}
}

func TestDialogsOpenWithTheCursorInTheirFirstField(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Okafor family", "en", "97201")
	sh := newTestShell(t, st, "en")
	c := sh.win.Canvas()
	sh.Show(ScreenDirectory)
	sh.newFamily() // Ctrl+N
	if f := sh.families.form; f == nil || c.Focused() != f.name {
		t.Fatalf("Ctrl+N: the cursor is in %T, not the family's name", c.Focused())
	}
	sh.closeDialogs()
	sh.openFamily(h.ID)
	p := sh.families.page
	test.Tap(p.logContact)
	if c.Focused() != p.contactForm.kind {
		t.Errorf("Log contact: the focus is on %T, not the kind of contact", c.Focused())
	}
	sh.closeDialogs()
	test.Tap(p.addChild)
	if c.Focused() != p.memberForm.given {
		t.Errorf("Add child: the cursor is in %T, not the given name", c.Focused())
	}
}

func TestEnterSavesAFormAndRunsASearch(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShell(t, st, "en")
	enter := &fyne.KeyEvent{Name: fyne.KeyReturn}
	sh.newFamily()
	f := sh.families.form
	test.Type(f.name, "Garcia family")
	f.language.setCode("es")
	f.zip.SetText("97201")
	sh.win.Canvas().Focus(f.zip)
	f.zip.TypedKey(enter) // Enter in a one-line field saves
	if len(sh.dialogs) != 0 {
		t.Fatalf("Enter must save and close the form: %d dialogs, name error %q", len(sh.dialogs), f.form.message("name"))
	}
	page, _ := st.SearchFamilies(context.Background(), "garcia", 0, 1)
	if page.Total != 1 {
		t.Fatal("Enter did not save the family")
	}
	// Enter on a check box saves too; a form with errors stays open.
	sh.newFamily()
	f = sh.families.form
	sh.win.Canvas().Focus(f.consent)
	f.consent.TypedKey(enter)
	if len(sh.dialogs) != 1 || f.form.message("name") != "Please fill this in." {
		t.Errorf("Enter on an incomplete form: %d dialogs, name error %q", len(sh.dialogs), f.form.message("name"))
	}
	// Enter in a notes field starts a new line.
	sh.closeDialogs()
	sh.openFamily(page.Items[0].ID)
	test.Tap(sh.families.page.logContact)
	cf := sh.families.page.contactForm
	sh.win.Canvas().Focus(cf.notes)
	test.Type(cf.notes, "first")
	cf.notes.TypedKey(enter)
	if len(sh.dialogs) != 1 || !strings.Contains(cf.notes.Text, "\n") {
		t.Errorf("Enter in notes: %d dialogs, text %q", len(sh.dialogs), cf.notes.Text)
	}
	sh.closeDialogs()

	// Enter in the family search runs it and moves to the results.
	sh.families.showList()
	search := sh.families.search
	sh.win.Canvas().Focus(search)
	test.Type(search, "garc")
	search.TypedKey(enter)
	if sh.win.Canvas().Focused() != sh.families.list || sh.families.results.total != 1 {
		t.Errorf("Enter in the search: focus on %T, %d found", sh.win.Canvas().Focused(), sh.families.results.total)
	}
	// In the directory too.
	addService(t, st, "Parent group", []string{"en"}, years(0), years(5), true, "97201", nil)
	sh.Show(ScreenDirectory)
	sh.win.Canvas().Focus(sh.dir.search)
	test.Type(sh.dir.search, "parent")
	sh.dir.search.TypedKey(enter)
	if sh.win.Canvas().Focused() != sh.dir.list {
		t.Errorf("Enter in the directory search: focus on %T", sh.win.Canvas().Focused())
	}
}

func TestEscClosesADialogOrGoesBackFromAPage(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Okafor family", "en", "97201")
	sh := newTestShell(t, st, "en")
	esc := &fyne.KeyEvent{Name: fyne.KeyEscape}
	sh.openFamily(h.ID)
	p := sh.families.page
	test.Tap(p.followUp)
	// Esc in the focused drop-down or field closes the untouched form.
	sh.win.Canvas().Focused().TypedKey(esc)
	if len(sh.dialogs) != 0 || sh.families.page == nil {
		t.Fatalf("Esc in a form: %d dialogs, page shown %v", len(sh.dialogs), sh.families.page != nil)
	}
	// With no dialog open, Esc is Back.
	sh.win.Canvas().OnTypedKey()(esc)
	if sh.families.page != nil || sh.visible() != ScreenFamilies {
		t.Error("Esc on a family's page must go back to the list")
	}
}

func TestCancelAsksBeforeThrowingTypingAway(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Okafor family", "en", "97201")
	sh := newTestShell(t, st, "en")
	// An untouched form closes at once, new or editing.
	sh.newFamily()
	test.Tap(sh.families.form.cancel)
	if len(sh.dialogs) != 0 {
		t.Fatalf("Cancel on an untouched form: %d dialogs", len(sh.dialogs))
	}
	sh.openFamily(h.ID)
	test.Tap(sh.families.page.edit)
	test.Tap(sh.families.page.householdForm.cancel)
	if len(sh.dialogs) != 0 {
		t.Fatalf("Cancel on an untouched edit form: %d dialogs", len(sh.dialogs))
	}
	// A filled one asks; Keep editing keeps the typing.
	sh.newFamily()
	f := sh.families.form
	test.Type(f.name, "Ruiz family")
	test.Tap(f.cancel)
	if len(sh.dialogs) != 2 {
		t.Fatalf("Cancel on a filled form must ask: %d dialogs", len(sh.dialogs))
	}
	if text := strings.Join(labelsIn(overlayContent(t, sh)), " "); !strings.Contains(text, "what you typed is not saved") {
		t.Errorf("the question says %q", text)
	}
	sh.dialogs[1].(*dialog.ConfirmDialog).Dismiss() // Keep editing
	if len(sh.dialogs) != 1 || f.name.Text != "Ruiz family" {
		t.Fatalf("Keep editing: %d dialogs, name %q", len(sh.dialogs), f.name.Text)
	}
	// A changed choice counts as typing too.
	f.name.SetText("")
	f.method.setCode(data.ContactText)
	sh.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(sh.dialogs) != 2 {
		t.Fatalf("Esc with a changed drop-down must ask: %d dialogs", len(sh.dialogs))
	}
	sh.dialogs[1].(*dialog.ConfirmDialog).Confirm() // Throw away
	if len(sh.dialogs) != 0 {
		t.Fatalf("Throw away: %d dialogs", len(sh.dialogs))
	}
	if page, _ := st.SearchFamilies(context.Background(), "ruiz", 0, 1); page.Total != 0 {
		t.Error("thrown-away typing must not be saved")
	}
}

// luminance is a colour's relative luminance (WCAG 2).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// The button with the keyboard focus must stand out, blue ones included:
// its background differs from the same button's without focus by a
// contrast a person sees, in the light and the dark colours.
func TestFocusedButtonIsVisiblyMarked(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShell(t, st, "en")
	for _, mode := range []apptheme.Mode{apptheme.ModeLight, apptheme.ModeDark} {
		sh.theme.SetMode(mode)
		sh.theme.Apply(sh.app)
		for _, imp := range []widget.Importance{widget.HighImportance, widget.MediumImportance} {
			b := widget.NewButton("Save", func() {})
			b.Importance = imp
			sh.win.SetContent(container.NewCenter(b))
			background := func() color.Color {
				return test.WidgetRenderer(b).Objects()[0].(*canvas.Rectangle).FillColor
			}
			plain := background()
			sh.win.Canvas().Focus(b)
			focused := background()
			if r := contrast(plain, focused); r < 1.4 {
				t.Errorf("%s, importance %d: focused %v against %v, contrast %.2f", mode, imp, focused, plain, r)
			}
		}
	}
}

// A new user without demo data is told what to do first, with buttons
// that do it, until the store has services and families.
func TestNewUserIsToldWhatToDoFirst(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShell(t, st, "en")
	start := sh.todayScr.start
	if !start.content.Visible() || !start.importDir.Visible() || !start.addFamily.Visible() {
		t.Fatalf("Today on an empty store: start shown %v, import %v, add %v", start.content.Visible(), start.importDir.Visible(), start.addFamily.Visible())
	}
	if start.importDir.Text != "Import your county's directory" || start.addFamily.Text != "Add your first family" {
		t.Errorf("buttons %q, %q", start.importDir.Text, start.addFamily.Text)
	}
	// Import opens Settings with its file chooser.
	test.Tap(start.importDir)
	if sh.visible() != ScreenSettings {
		t.Errorf("Import shows %q", sh.visible())
	}
	if _, ok := sh.topDialog().(*dialog.FileDialog); !ok {
		t.Fatalf("Import must ask for the directory file, shows %T", sh.topDialog())
	}
	sh.closeDialogs()
	// The Families and Directory screens say it too.
	sh.Show(ScreenFamilies)
	if !sh.families.empty.content.Visible() || !sh.families.empty.addFamily.Visible() || sh.families.list.Visible() {
		t.Error("an empty Families screen must offer to add the first family")
	}
	sh.Show(ScreenDirectory)
	if !sh.dir.empty.content.Visible() || !sh.dir.empty.importDir.Visible() {
		t.Error("an empty directory must offer to import it")
	}
	sh.dir.language.setCode("es") // as when referring a family: still empty
	if !sh.dir.empty.content.Visible() {
		t.Error("an empty directory filtered by language must still offer to import it")
	}
	sh.dir.language.setCode("")
	// Add your first family opens the form; once saved, Today offers only the import.
	sh.Show(ScreenToday)
	test.Tap(start.addFamily)
	f := sh.families.form
	if f == nil || len(sh.dialogs) != 1 {
		t.Fatal("Add your first family must open the family form")
	}
	test.Type(f.name, "Garcia family")
	f.language.setCode("es")
	test.Tap(f.save)
	sh.Show(ScreenToday)
	if !start.content.Visible() || !start.importDir.Visible() || start.addFamily.Visible() {
		t.Errorf("with a family but no services: start %v, import %v, add %v", start.content.Visible(), start.importDir.Visible(), start.addFamily.Visible())
	}
	if sh.families.empty.content.Visible() {
		t.Error("the Families screen still says there are none")
	}
	addService(t, st, "Parent group", []string{"en"}, years(0), years(5), true, "97201", nil)
	sh.Show(ScreenToday)
	if start.content.Visible() {
		t.Error("with services and families Today no longer says what to do first")
	}
	// A search that finds nothing is not an empty store.
	sh.Show(ScreenFamilies)
	sh.families.search.SetText("zzz")
	if sh.families.empty.content.Visible() {
		t.Error("a search with no result must not offer to add the first family")
	}
	sh.Show(ScreenDirectory)
	sh.dir.search.SetText("zzz")
	if sh.dir.results.total != 0 || sh.dir.empty.content.Visible() {
		t.Error("a directory search with no result must not offer to import the directory")
	}
}

// In English, a row that starts with an Arabic name is drawn as a line of
// the English interface reads: left to right, the name's letters right to
// left, the bracket after it not mirrored.
func TestEnglishRowStartingWithAnArabicNameKeepsItsBracket(t *testing.T) {
	st := openTestStore(t)
	h := data.Household{Name: "Hassan family", HomeLanguage: "ar", ConsentShare: true, Navigator: "Ana Navigator"}
	c := data.Member{Role: data.RoleChild, GivenName: "ليلى", BirthDate: data.MustDate("2024-05-01")}
	write(t, st, func(tx *store.Tx) error {
		if err := tx.AddHousehold(&h); err != nil {
			return err
		}
		c.HouseholdID = h.ID
		return tx.AddMember(&c)
	})
	svc := addService(t, st, "Family Counseling", []string{"ar"}, years(0), years(5), true, "97201", nil)
	r := data.Referral{HouseholdID: h.ID, ChildID: c.ID, ServiceID: svc.ID, Priority: data.PriorityRoutine}
	write(t, st, func(tx *store.Tx) error { return tx.CreateReferral(&r, data.StatusRequested, "Ana", "") })
	sh := newTestShell(t, st, "en")
	sh.Show(ScreenReferrals)
	title := listRowTexts(sh.refs.list, 0)[0]
	logical := "ليلى (Hassan family) — Family Counseling"
	if got, want := drawnOrder(t, title), bidi.VisualOrder(logical, false); got != want {
		t.Errorf("the row is drawn %q, want %q", got, want)
	}
}

// In Arabic, the Settings hint draws the option --data as it is typed.
func TestArabicSettingsHintDrawsTheDataOptionInOrder(t *testing.T) {
	sh := newTestShell(t, openTestStore(t), "ar")
	sh.Show(ScreenSettings)
	got := drawnOrder(t, sh.settings.folderHint.Text)
	if !strings.Contains(got, "--data") || strings.Contains(got, "data--") || !strings.Contains(got, "TRELLIS_DATA") {
		t.Errorf("the hint is drawn %q", got)
	}
}

// While Today's lists are read, Today says so with a moving sign instead
// of showing nothing (in Arabic, where the first screen takes longest).
func TestTodaySaysItIsLoadingUntilItsListsFill(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Hassan family", "ar", "97201")
	write(t, st, func(tx *store.Tx) error {
		return tx.AddFollowUp(&data.FollowUp{HouseholdID: h.ID, Due: data.MustDate("2026-03-09"), Note: "اتصل"})
	})
	var queued []func()
	sh := newTestShellWith(t, st, Options{Language: "ar", Background: func(work func()) { queued = append(queued, work) }})
	today := sh.todayScr
	if !today.loading.Visible() || len(today.due) != 0 {
		t.Fatalf("before the lists are read: loading shown %v, %d due", today.loading.Visible(), len(today.due))
	}
	if text := strings.Join(labelsIn(today.loading), " "); !strings.Contains(text, "جارٍ") {
		t.Errorf("the loading sign says %q", text)
	}
	for len(queued) > 0 {
		work := queued[0]
		queued = queued[1:]
		work()
	}
	if today.loading.Visible() || len(today.due) != 1 {
		t.Errorf("once read: loading shown %v, %d due", today.loading.Visible(), len(today.due))
	}
}

// Tab gives buttons the focus: Enter then presses the one focused, and
// Esc still closes the dialog or goes back from the page.
func TestAFocusedButtonTakesEnterAndEsc(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Okafor family", "en", "97201")
	sh := newTestShell(t, st, "en")
	c := sh.win.Canvas()
	sh.openFamily(h.ID)
	p := sh.families.page
	c.Focus(p.followUp)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(sh.dialogs) != 1 || p.followUpForm == nil {
		t.Fatalf("Enter on the focused Schedule follow-up button: %d dialogs", len(sh.dialogs))
	}
	f := p.followUpForm
	c.Focus(f.cancel)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(sh.dialogs) != 0 {
		t.Fatalf("Esc on the focused Cancel button left %d dialogs", len(sh.dialogs))
	}
	c.Focus(p.edit)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if sh.families.page != nil {
		t.Error("Esc on a focused button of a family's page must go back to the list")
	}
}
