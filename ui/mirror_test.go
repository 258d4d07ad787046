package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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
