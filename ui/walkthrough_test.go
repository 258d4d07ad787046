package ui

// Tests of what a walk-through of the real app found (issue 12, section 3).

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/demo"
	"trellis/data/store"
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
	h := data.Household{Name: "Lopez family", HomeLanguage: "es", ConsentContact: true}
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
	doneButton := func() *widget.Button {
		row := today.dueList.CreateItem()
		today.dueList.UpdateItem(0, row)
		return row.(*fyne.Container).Objects[1].(*fyne.Container).Objects[1].(*widget.Button)
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
	var open, print *widget.Button
	for _, o := range widgetsIn(overlayContent(t, sh)) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Open" {
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
