package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data/store"
	"trellis/ui/bidi"
)

// absX is where o starts on its canvas, from the left.
func absX(o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).X
}

// showIn lays o out in a window of the given size.
func showIn(t *testing.T, o fyne.CanvasObject, size fyne.Size) {
	t.Helper()
	w := test.NewTempWindow(t, o)
	w.Resize(size)
}

// In Arabic a form's label stands right of its field; in English Fyne's
// own form (label left) is kept.
func TestArabicFormLabelIsRightOfItsField(t *testing.T) {
	sh := newTestShell(t, openTestStore(t), "ar")
	form := newFieldForm(sh.loc)
	name := newTextEntry()
	form.add("name", sh.T("field.name"), name)
	content := form.content()
	showIn(t, content, fyne.NewSize(600, 300))
	var label *formLabel
	for _, o := range visibleObjects(content) {
		if l, ok := o.(*formLabel); ok {
			label = l
		}
	}
	if label == nil {
		t.Fatal("the Arabic form has no label")
	}
	if lx, fx := absX(label), absX(name); lx < fx+name.Size().Width {
		t.Errorf("label starts at x=%.0f, the field at x=%.0f and is %.0f wide: the label is not right of the field",
			lx, fx, name.Size().Width)
	}
	if label.Text != bidi.Display(sh.T("field.name"), true) {
		t.Errorf("label text %q not in display order", label.Text)
	}

	en := newTestShell(t, openTestStore(t), "en")
	enForm := newFieldForm(en.loc)
	enForm.add("name", en.T("field.name"), newTextEntry())
	if _, ok := enForm.content().(*fyne.Container).Objects[0].(*widget.Form); !ok {
		t.Error("the English form is not Fyne's widget.Form")
	}
}

// Rows and columns mirrored for Arabic run from the right, and keep their
// order in the container; English rows run from the left.
func TestMirrorRunsRowsFromTheRight(t *testing.T) {
	for _, tc := range []struct {
		lang      string
		leftFirst bool
	}{{"en", true}, {"ar", false}} {
		sh := newTestShell(t, openTestStore(t), tc.lang)
		a, b := widget.NewButton("a", nil), widget.NewButton("b", nil)
		row := sh.mirror(container.NewHBox(a, b))
		c, d := widget.NewLabel("c"), widget.NewLabel("d")
		grid := sh.mirror(container.NewGridWithColumns(2, c, d))
		showIn(t, container.NewVBox(row, grid), fyne.NewSize(400, 200))
		if got := absX(a) < absX(b); got != tc.leftFirst {
			t.Errorf("%s: first button left of the second: %v", tc.lang, got)
		}
		if got := absX(c) < absX(d); got != tc.leftFirst {
			t.Errorf("%s: first column left of the second: %v", tc.lang, got)
		}
		if row.Objects[0] != a {
			t.Errorf("%s: the row's objects were reordered", tc.lang)
		}
		split := sh.hsplit(c, d, 0.3)
		if first := split.Leading == c; first != tc.leftFirst {
			t.Errorf("%s: split starts with the first pane on the left: %v", tc.lang, first)
		}
	}
}

// A Select in Arabic shows its options in display order, right-aligned,
// and still reads back the code chosen.
func TestArabicSelectShowsOrderedText(t *testing.T) {
	mixed := "من 3 إلى 5 سنوات (Head Start)"
	sh := newTestShell(t, openTestStore(t), "ar")
	c := newChoiceOf(sh.loc, []string{"a", "b"}, []string{"أي عمر", mixed})
	if c.Options[1] != bidi.Display(mixed, true) || c.Alignment != fyne.TextAlignTrailing {
		t.Errorf("options %q, alignment %v", c.Options, c.Alignment)
	}
	c.setCode("b")
	if c.code() != "b" || c.Selected != bidi.Display(mixed, true) {
		t.Errorf("chose b: code %q, shown %q", c.code(), c.Selected)
	}
	c.addOption("c", "Early Head Start 0–3")
	if c.setCode("c"); c.code() != "c" {
		t.Errorf("added option reads back %q", c.code())
	}

	// A plain Select reached by the direction pass: options ordered, the
	// chosen one still chosen.
	raw := widget.NewSelect([]string{"عادي", mixed}, nil)
	raw.SetSelectedIndex(1)
	sh.applyDirection(container.NewVBox(raw))
	if raw.Options[1] != bidi.Display(mixed, true) || raw.SelectedIndex() != 1 || raw.Alignment != fyne.TextAlignTrailing {
		t.Errorf("plain select: options %q, chosen %d, alignment %v", raw.Options, raw.SelectedIndex(), raw.Alignment)
	}

	en := newTestShell(t, openTestStore(t), "en")
	ec := newChoiceOf(en.loc, []string{"a"}, []string{"Ages 3 to 5"})
	if ec.Options[0] != "Ages 3 to 5" || ec.Alignment != fyne.TextAlignLeading {
		t.Errorf("English select changed: %q, %v", ec.Options, ec.Alignment)
	}
}

// In Arabic a text field without the cursor shows its text right-aligned
// in display order; with the cursor, Fyne's own text in typing order. The
// field's text is never changed.
func TestArabicEntryShowsOrderedTextWithoutCursor(t *testing.T) {
	typed := "عائلة Nguyen، هاتف 206-555-0101"
	sh := newTestShell(t, openTestStore(t), "ar")
	e := newTextEntry()
	other := newTextEntry()
	e.SetText(typed)
	box := container.NewVBox(e, other)
	w := test.NewTempWindow(t, box)
	w.Resize(fyne.NewSize(500, 200))
	sh.applyDirection(box)
	r := test.TempWidgetRenderer(t, e).(*textEntryRenderer)
	if !r.shown.Visible() || !r.cover.Visible() {
		t.Fatal("the ordered view is hidden while the field has no cursor")
	}
	seg := r.shown.Segments[0].(*widget.TextSegment)
	if seg.Text != bidi.Display(typed, true) || seg.Style.Alignment != fyne.TextAlignTrailing {
		t.Errorf("shown %q aligned %v", seg.Text, seg.Style.Alignment)
	}
	w.Canvas().Focus(e)
	if r.shown.Visible() {
		t.Error("the ordered view covers the field while it has the cursor")
	}
	w.Canvas().Focus(other)
	if !r.shown.Visible() || e.Text != typed {
		t.Errorf("after the cursor left: view shown %v, text %q", r.shown.Visible(), e.Text)
	}

	en := newTestShell(t, openTestStore(t), "en")
	ee := newTextEntry()
	ee.SetText("Nguyen family")
	en.applyDirection(container.NewVBox(ee))
	if er := test.TempWidgetRenderer(t, ee).(*textEntryRenderer); er.shown.Visible() {
		t.Error("an English field shows the ordered view")
	}
}

// In Arabic a Latin name put into a message stays one unit: the child's
// age in brackets after it does not join the name ("Lia Garcia (4"), and
// English messages get no marks.
func TestArabicMessagesIsolateNames(t *testing.T) {
	sh := newTestShell(t, openTestStore(t), "ar")
	kids := sh.T("families.child_age", map[string]any{"Name": "Lia Garcia", "Age": "4 سنوات"}) + ", " +
		sh.T("families.child_age", map[string]any{"Name": "Taim Al-Ali", "Age": "3 سنوات"})
	want := "(" + reversed("سنوات") + " 3) Taim Al-Ali ,(" + reversed("سنوات") + " 4) Lia Garcia"
	if got := bidi.VisualOrder(kids, true); got != want {
		t.Errorf("shown left to right as\n %q, want\n %q", got, want)
	}
	en := newTestShell(t, openTestStore(t), "en")
	if got := en.T("families.child_age", map[string]any{"Name": "Lia Garcia", "Age": "4 years"}); got != "Lia Garcia (4 years)" {
		t.Errorf("English message %q", got)
	}
}

// reversed spells an Arabic word as it lies on screen, left to right.
func reversed(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// A field's text takes its direction from its first letter, as HTML's
// dir="auto": an address typed in English reads left to right in Arabic.
func TestTypedTextTakesTheDirectionOfItsFirstLetter(t *testing.T) {
	address := "1200 Rainier Ave S, شقة 4"
	got := entryLines(address, false, false, 0, fyne.TextStyle{})
	if len(got) != 1 || got[0] != bidi.Display(address, false) || got[0] == bidi.Display(address, true) {
		t.Errorf("address shown as %q", got)
	}
	times := "بعد 5 مساءً or weekends"
	if got := entryLines(times+"\n"+address, true, false, 0, fyne.TextStyle{}); len(got) != 2 ||
		got[0] != bidi.Display(times, true) || got[1] != bidi.Display(address, false) {
		t.Errorf("two lines shown as %q", got)
	}
}

// A family opened from the list (after the screen was shown) is laid out
// right to left too: its details right-aligned, in display order, the
// phone number whole.
func TestArabicFamilyOpenedFromTheListIsOrdered(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Nguyen family", "vi", "98101")
	h.Phone = "206-555-0101"
	write(t, st, func(tx *store.Tx) error { return tx.Update(&h) })
	sh := newTestShell(t, st, "ar")
	sh.Show(ScreenFamilies)
	sh.families.open(h.ID)
	d := sh.families.page.details
	if d.Alignment != fyne.TextAlignTrailing || !displayed(d.Text) {
		t.Fatalf("details aligned %v, text %q", d.Alignment, d.Text)
	}
	if v := bidi.VisualOrder(bidi.Strip(d.Text), false); !strings.Contains(v, "206-555-0101 :") {
		t.Errorf("details shown as %q: the phone number is not whole beside its label", v)
	}
}

// In Arabic a check box stands right of its text, the text aligned
// towards it; in English Fyne's check (box left) is kept.
func TestArabicCheckBoxIsRightOfItsText(t *testing.T) {
	for _, tc := range []struct {
		lang     string
		boxRight bool
	}{{"en", false}, {"ar", true}} {
		sh := newTestShell(t, openTestStore(t), tc.lang)
		c := newCheck(sh, sh.T("firstrun.demo"), nil)
		r := test.TempWidgetRenderer(t, c)
		r.Layout(fyne.NewSize(400, 40))
		var text *canvas.Text
		var box *canvas.Image
		for _, o := range r.Objects() {
			switch o := o.(type) {
			case *canvas.Text:
				text = o
			case *canvas.Image:
				box = o
			}
		}
		if text == nil || box == nil {
			t.Fatalf("%s: check has no text or no box", tc.lang)
		}
		if right := box.Position().X > text.Position().X+text.Size().Width-1; right != tc.boxRight {
			t.Errorf("%s: box at x=%.0f, text from %.0f, %.0f wide", tc.lang, box.Position().X, text.Position().X, text.Size().Width)
		}
		if tc.boxRight && text.Alignment != fyne.TextAlignTrailing {
			t.Errorf("%s: text aligned %v", tc.lang, text.Alignment)
		}
	}
}

// A check box wider than its box and text is ticked by a tap on its box,
// wherever the box stands: at the left in English, at the right in Arabic;
// a tap on the empty space beside it does nothing.
func TestCheckBoxIsTickedWhereItsBoxIs(t *testing.T) {
	for _, lang := range []string{"en", "ar"} {
		sh := newTestShell(t, openTestStore(t), lang)
		c := newCheck(sh, sh.T("firstrun.demo"), nil)
		w := test.NewTempWindow(t, container.NewVBox(c))
		w.Resize(fyne.NewSize(900, 80))
		width := c.Size().Width
		if width < c.MinSize().Width+100 {
			t.Fatalf("%s: the check is %.0f wide, not wider than its content", lang, width)
		}
		boxX, emptyX := float32(8), width-8
		if lang == "ar" {
			boxX, emptyX = width-8, float32(8)
		}
		y := c.Size().Height / 2
		test.TapAt(c, fyne.NewPos(emptyX, y))
		if c.Checked {
			t.Errorf("%s: a tap beside the check ticked it", lang)
		}
		test.TapAt(c, fyne.NewPos(boxX, y))
		if !c.Checked {
			t.Errorf("%s: a tap on the box at x=%.0f of %.0f did not tick it", lang, boxX, width)
		}
	}
}

// In Arabic a service's details are right-aligned, and its lists (phones,
// languages) have their bullets at the right.
func TestArabicServiceListsHaveBulletsAtTheRight(t *testing.T) {
	st := openTestStore(t)
	svc := addService(t, st, "Head Start Rainier", []string{"en", "ar"}, nil, nil, true, "98101", nil)
	sh := newTestShell(t, st, "ar")
	sh.Show(ScreenDirectory)
	sh.dir.showService(svc.ID)
	phone := false
	for _, seg := range sh.dir.detail.Segments {
		if _, ok := seg.(*widget.ListSegment); ok {
			t.Fatal("a list is left as Fyne draws it, bullets on the left")
		}
		ts, ok := seg.(*widget.TextSegment)
		if !ok || strings.TrimSpace(ts.Text) == "" {
			continue
		}
		if ts.Style.Alignment != fyne.TextAlignTrailing {
			t.Errorf("%q aligned %v", ts.Text, ts.Style.Alignment)
		}
		if shown := strings.TrimSpace(bidi.Strip(ts.Text)); strings.Contains(shown, "503-555-0100") {
			phone = true
			if shown != "503-555-0100 •" {
				t.Errorf("phone item shown as %q", shown)
			}
		}
	}
	if !phone {
		t.Error("no phone item")
	}
}

// An Arabic choice is wide enough for the option chosen (Fyne sizes it by
// its placeholder and would cut the option's start).
func TestArabicChoiceMakesRoomForTheChosenOption(t *testing.T) {
	sh := newTestShell(t, openTestStore(t), "ar")
	c := newChoiceOf(sh.loc, []string{"open", "all"}, []string{"الإحالات المفتوحة والمغلقة جميعها", "الكل"})
	c.PlaceHolder = "اختر"
	c.setCode("open")
	need := fyne.MeasureText(c.Selected, fynetheme.TextSize(), fyne.TextStyle{}).Width
	if w := c.MinSize().Width; w < need+fynetheme.IconInlineSize() {
		t.Errorf("choice is %.0f wide at least, its text alone needs %.0f", w, need)
	}
}

// dialogTitle returns the title label of the dialog on top of sh's window
// and the dialog's content box.
func dialogTitle(t *testing.T, sh *Shell) (*widget.Label, fyne.CanvasObject) {
	t.Helper()
	pop, ok := overlayPopUp(sh.win.Canvas().Overlays().Top())
	if !ok {
		t.Fatal("no dialog is shown")
	}
	c := pop.Content.(*fyne.Container)
	return c.Objects[4].(*widget.Label), c
}

// In Arabic a dialog's title stands at the dialog's right edge, in display
// order; in English it keeps Fyne's place at the left.
func TestArabicDialogTitleIsAtTheRight(t *testing.T) {
	sh := newTestShell(t, openTestStore(t), "ar")
	sh.showError(errors.New("disk full"))
	title, box := dialogTitle(t, sh)
	if title.Alignment != fyne.TextAlignTrailing {
		t.Errorf("title alignment %v, want trailing", title.Alignment)
	}
	right, boxRight := absX(title)+title.Size().Width, absX(box)+box.Size().Width
	if boxRight-right > 2*fynetheme.Padding() {
		t.Errorf("title ends at x=%.0f, the dialog at x=%.0f: the title is not at the right", right, boxRight)
	}
	if want := bidi.Display(sh.T("error.title"), true); title.Text != want {
		t.Errorf("title %q, want %q in display order", title.Text, want)
	}
	// The message is laid out right to left too: trailing, in display order.
	var msg *widget.Label
	var find func(o fyne.CanvasObject)
	find = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *fyne.Container:
			for _, c := range w.Objects {
				find(c)
			}
		case *widget.Label:
			if w != title && w.Text != "" {
				msg = w
			}
		}
	}
	find(box)
	if msg == nil {
		t.Fatal("the error message is not in the dialog")
	}
	if msg.Alignment != fyne.TextAlignTrailing || !displayed(msg.Text) {
		t.Errorf("message %q aligned %v, want trailing and in display order", msg.Text, msg.Alignment)
	}

	en := newTestShell(t, openTestStore(t), "en")
	en.showError(errors.New("disk full"))
	if enTitle, _ := dialogTitle(t, en); enTitle.Alignment != fyne.TextAlignLeading || enTitle.Text != en.T("error.title") {
		t.Errorf("English title changed: %q aligned %v", enTitle.Text, enTitle.Alignment)
	}
}

// In Arabic a dialog's buttons read from the right: the first (Cancel)
// stands right of the second (the action); in English, left of it.
func TestArabicDialogButtonsReadFromTheRight(t *testing.T) {
	for _, lang := range []string{"ar", "en"} {
		sh := newTestShell(t, openTestStore(t), lang)
		sh.showDialog(dialog.NewCustomConfirm(sh.T("directory.skip_title"), sh.T("directory.skip_yes"),
			sh.T("action.cancel"), widget.NewLabel("x"), func(bool) {}, sh.win))
		_, box := dialogTitle(t, sh)
		row, ok := box.(*fyne.Container).Objects[3].(*fyne.Container)
		if !ok || len(row.Objects) != 2 {
			t.Fatalf("%s: unexpected button row %T", lang, box.(*fyne.Container).Objects[3])
		}
		cancel, action := row.Objects[0], row.Objects[1]
		if cancelRight := absX(cancel) > absX(action); cancelRight != (lang == "ar") {
			t.Errorf("%s: Cancel at x=%.0f, the action at x=%.0f", lang, absX(cancel), absX(action))
		}
	}
}
