package ui

import (
	"fmt"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
)

// The drop-downs, opened as a person opens them: by a tap at the place
// they are drawn, and from the keyboard. Fyne's test driver answers
// CanvasForObject with the last window's canvas for any object, even one
// that is in no window; the desktop driver answers only for objects it has
// drawn. A Select that looks its canvas up under the wrong object (as the
// choice did when it wrapped a Select made by widget.NewSelect) opens its
// list in the test driver and never in the real app. These tests run on a
// driver that answers as the desktop one does.

// windowDriverApp is the test app with windowDriver as its driver.
type windowDriverApp struct{ fyne.App }

// Driver is the test driver answering CanvasForObject as the desktop does.
func (a windowDriverApp) Driver() fyne.Driver { return windowDriver{a.App.Driver()} }

// windowDriver is the test driver, except that CanvasForObject finds the
// canvas whose window shows the object (content or overlays) and returns
// nil for an object that is in no window.
type windowDriver struct{ fyne.Driver }

// walkingWindows is held while CanvasForObject walks the windows. Walking
// may build a widget's renderer, which may ask for the canvas of one of its
// parts: that nested question gets the test driver's answer.
var walkingWindows sync.Mutex

// CanvasForObject returns the canvas showing o, or nil.
func (d windowDriver) CanvasForObject(o fyne.CanvasObject) fyne.Canvas {
	if !walkingWindows.TryLock() {
		return d.Driver.CanvasForObject(o)
	}
	defer walkingWindows.Unlock()
	for _, w := range d.AllWindows() {
		c := w.Canvas()
		trees := append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...)
		for _, tree := range trees {
			if treeHolds(tree, o) {
				return c
			}
		}
	}
	return nil
}

// treeHolds reports whether o is root or drawn inside it.
func treeHolds(root, o fyne.CanvasObject) bool {
	if root == nil {
		return false
	}
	if root == o {
		return true
	}
	var children []fyne.CanvasObject
	switch r := root.(type) {
	case *fyne.Container:
		children = r.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(r).Objects()
	}
	for _, c := range children {
		if treeHolds(c, o) {
			return true
		}
	}
	return false
}

// newWindowDriverShell is newTestShell on windowDriver.
func newWindowDriverShell(t *testing.T, st *store.Store, lang string) *Shell {
	t.Helper()
	a := windowDriverApp{test.NewTempApp(t)}
	fyne.SetCurrentApp(a)
	if err := st.SetSetting(t.Context(), SettingNavigator, "Ana Navigator"); err != nil {
		t.Fatal(err)
	}
	sh := Create(a, st, Options{Language: lang, Background: inline})
	sh.win.Resize(fyne.NewSize(1100, 720))
	t.Cleanup(sh.win.Close)
	return sh
}

// shownChoices returns the visible choices of what the window shows on top:
// the open dialog, or the screen.
func shownChoices(sh *Shell) []*choice {
	c := sh.win.Canvas()
	root := c.Content()
	if top := c.Overlays().Top(); top != nil {
		root = top
	}
	var out []*choice
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *choice:
			out = append(out, w)
		case *fyne.Container:
			for _, x := range w.Objects {
				walk(x)
			}
		case fyne.Widget:
			for _, x := range test.WidgetRenderer(w).Objects() {
				walk(x)
			}
		}
	}
	walk(root)
	return out
}

// openMenu returns the drop-down list open on the window, or nil.
func openMenu(sh *Shell) *widget.PopUpMenu {
	m, _ := sh.win.Canvas().Focused().(*widget.PopUpMenu)
	if m == nil || !m.Visible() {
		return nil
	}
	return m
}

// tapChoice taps the window where c is drawn, at its middle.
func tapChoice(sh *Shell, c *choice) {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(c)
	test.TapCanvas(sh.win.Canvas(), pos.Add(fyne.NewPos(c.Size().Width/2, c.Size().Height/2)))
}

// key types one key into whatever has the focus.
func key(sh *Shell, name fyne.KeyName) {
	if f := sh.win.Canvas().Focused(); f != nil {
		f.TypedKey(&fyne.KeyEvent{Name: name})
	}
}

// pickIndex is the option a test chooses: another than the one chosen.
func pickIndex(c *choice) int {
	if len(c.Options) < 2 {
		return 0
	}
	return (c.SelectedIndex() + 1) % len(c.Options)
}

// chooseByTap opens c with a tap and chooses option i with the arrow keys
// and Enter, checking that the list opens under c.
func chooseByTap(t *testing.T, sh *Shell, where string, c *choice, i int) {
	t.Helper()
	tapChoice(sh, c)
	m := openMenu(sh)
	if m == nil {
		t.Fatalf("%s: tapping the drop-down %q opened no list", where, c.PlaceHolder)
	}
	// The list opens right under the drop-down, moved up or left only as
	// far as it must to fit the window.
	d := fyne.CurrentApp().Driver()
	at, under, win := d.AbsolutePositionForObject(c), d.AbsolutePositionForObject(m), sh.win.Canvas().Size()
	wantY := min(at.Y+c.Size().Height-c.Theme().Size(fynetheme.SizeNameInputBorder), win.Height-m.Size().Height)
	wantX := min(at.X, win.Width-m.Size().Width)
	if abs(under.Y-wantY) > 1 || abs(under.X-wantX) > 1 {
		t.Errorf("%s: the list opened at %v, not under the drop-down at %v (size %v): want %v", where, under, at, c.Size(), fyne.NewPos(wantX, wantY))
	}
	for range i + 1 {
		key(sh, fyne.KeyDown)
	}
	key(sh, fyne.KeyReturn)
	if openMenu(sh) != nil {
		t.Errorf("%s: Enter left the list open", where)
	}
	if got := c.SelectedIndex(); got != i {
		t.Errorf("%s: chose option %d (%q), the drop-down shows option %d", where, i, c.Options[i], got)
	}
}

// chooseByKeyboard moves the focus to c with Tab, opens it with Space,
// closes it with Esc (the choice and its dialog stay), opens it again and
// chooses option i with the arrow keys and Enter.
func chooseByKeyboard(t *testing.T, sh *Shell, where string, c *choice, i int) {
	t.Helper()
	cv := sh.win.Canvas()
	cv.Unfocus()
	for range 60 {
		test.FocusNext(cv)
		if cv.Focused() == fyne.Focusable(c) {
			break
		}
	}
	if cv.Focused() != fyne.Focusable(c) {
		t.Fatalf("%s: Tab never reaches the drop-down %q", where, c.PlaceHolder)
	}
	before, dialogs := c.SelectedIndex(), len(sh.dialogs)
	key(sh, fyne.KeySpace)
	if openMenu(sh) == nil {
		t.Fatalf("%s: Space on the drop-down %q opened no list", where, c.PlaceHolder)
	}
	key(sh, fyne.KeyDown)
	key(sh, fyne.KeyEscape)
	if openMenu(sh) != nil || c.SelectedIndex() != before || len(sh.dialogs) != dialogs {
		t.Errorf("%s: Esc must close the list only, choosing nothing (open %v, option %d→%d, dialogs %d→%d)",
			where, openMenu(sh) != nil, before, c.SelectedIndex(), dialogs, len(sh.dialogs))
	}
	if cv.Focused() != fyne.Focusable(c) {
		t.Errorf("%s: after Esc the focus is not back on the drop-down", where)
	}
	key(sh, fyne.KeySpace)
	for range i + 1 {
		key(sh, fyne.KeyDown)
	}
	key(sh, fyne.KeyReturn)
	if got := c.SelectedIndex(); got != i {
		t.Errorf("%s: chose option %d (%q) with the keyboard, the drop-down shows option %d", where, i, c.Options[i], got)
	}
}

// everyChoiceOpens opens each drop-down shown, by tap and by keyboard, and
// returns how many there were. The screen may rebuild itself when a choice
// changes, so the choices are looked up again before each.
func everyChoiceOpens(t *testing.T, sh *Shell, where string, want int) {
	t.Helper()
	n := len(shownChoices(sh))
	if n != want {
		t.Fatalf("%s shows %d drop-downs, want %d", where, n, want)
	}
	for k := range n {
		c := shownChoices(sh)[k]
		chooseByTap(t, sh, fmt.Sprintf("%s, drop-down %d", where, k+1), c, pickIndex(c))
		c = shownChoices(sh)[k]
		chooseByKeyboard(t, sh, fmt.Sprintf("%s, drop-down %d", where, k+1), c, pickIndex(c))
	}
}

// Every drop-down of every form and screen opens by a tap and from the
// keyboard, in English and in right-to-left Arabic, and what is chosen in
// its list is what it then shows.
func TestEveryDropDownOpensByTapAndKeyboard(t *testing.T) {
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			st := openTestStore(t)
			h, _ := addFamily(t, st, "Lopez family", "es", "97201")
			svc := addService(t, st, "Grupo de padres", []string{"es"}, years(0), years(5), true, "97201", nil)
			write(t, st, func(tx *store.Tx) error {
				r := data.Referral{HouseholdID: h.ID, ServiceID: svc.ID, Priority: data.PriorityRoutine}
				return tx.CreateReferral(&r, data.StatusRequested, "Ana Navigator", "")
			})
			sh := newWindowDriverShell(t, st, lang)

			test.Tap(sh.tabsButton(t, ScreenFamilies))
			test.Tap(sh.families.newBtn)
			everyChoiceOpens(t, sh, "new family", 2) // home language, contact method
			test.Tap(sh.families.form.cancel)

			sh.openFamily(h.ID)
			p := sh.families.page
			forms := []struct {
				name string
				open *widget.Button
				want int
			}{
				{"edit family", p.edit, 2},
				{"add child", p.addChild, 1},         // language
				{"add caregiver", p.addCaregiver, 2}, // relationship, language
				{"log contact", p.logContact, 2},     // kind, language
				{"screening", p.screen, 3},           // child, tool, outcome
			}
			for _, f := range forms {
				test.Tap(f.open)
				everyChoiceOpens(t, sh, f.name, f.want)
				sh.closeTopDialog()
			}

			_, buttons := texts(p.membersBx)
			var referChild *widget.Button
			for _, b := range buttons {
				if b.Text != "" { // the child's Refer; Edit has only an icon
					referChild = b
				}
			}
			if referChild == nil {
				t.Fatal("the child has no Refer button")
			}
			test.Tap(referChild)
			if shown := shownChoices(sh); len(shown) < 2 || shown[1] != sh.dir.age || sh.dir.age.SelectedIndex() != 1 {
				t.Error("referring a family with a child, the age filter shown must be the one set to the child's age")
			}
			everyChoiceOpens(t, sh, "directory", 4) // language, age, cost, category
			sh.dir.language.setCode("")
			sh.dir.age.setCode("")
			sh.dir.cost.setCode("")
			if sh.dir.results.total == 0 {
				t.Fatal("the directory lists nothing to refer to")
			}
			sh.dir.list.Select(0)
			test.Tap(sh.dir.referBtn)
			everyChoiceOpens(t, sh, "referral", 2) // child, priority
			sh.closeTopDialog()

			test.Tap(sh.tabsButton(t, ScreenReferrals))
			sh.refs.status.setCode(filterAll)
			sh.refs.list.Select(0)
			everyChoiceOpens(t, sh, "referrals", 2) // filter, new status

			test.Tap(sh.tabsButton(t, ScreenMaterials))
			everyChoiceOpens(t, sh, "materials", 3) // audience, status, language
		})
	}
}

// In Arabic the next option is to the left: Left chooses it without opening
// the list, Right goes back. In English it is the other way round.
func TestChoiceArrowKeysFollowTheWritingDirection(t *testing.T) {
	for lang, next := range map[string]fyne.KeyName{"en": fyne.KeyRight, "ar": fyne.KeyLeft} {
		st := openTestStore(t)
		sh := newWindowDriverShell(t, st, lang)
		sh.Show(ScreenMaterials)
		c := sh.mats.audience
		sh.win.Canvas().Focus(c)
		start := c.SelectedIndex()
		key(sh, next)
		if got := c.SelectedIndex(); got != (start+1)%len(c.Options) || openMenu(sh) != nil {
			t.Errorf("%s: %s moved from option %d to %d (list open %v), want the next", lang, next, start, got, openMenu(sh) != nil)
		}
	}
}

func abs(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// Esc on a drop-down whose list is closed closes its dialog, as it does in
// a text field.
func TestEscOnADropDownClosesTheDialog(t *testing.T) {
	st := openTestStore(t)
	sh := newWindowDriverShell(t, st, "en")
	test.Tap(sh.tabsButton(t, ScreenFamilies))
	test.Tap(sh.families.newBtn)
	sh.win.Canvas().Focus(sh.families.form.language)
	key(sh, fyne.KeyEscape)
	if len(sh.dialogs) != 0 {
		t.Error("Esc on the Home language drop-down left the new-family form open")
	}
}
