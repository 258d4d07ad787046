package widgetmap

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// The map finds a form's fields by their labels, a button by its text,
// and a drop-down's list once it is open, on the layer above the window.
func TestMapOfAForm(t *testing.T) {
	test.NewTempApp(t)
	name := widget.NewEntry()
	name.SetPlaceHolder("e.g. Nguyen family")
	lang := widget.NewSelect([]string{"Arabic", "Somali"}, nil)
	save := widget.NewButton("Save", nil)
	save.Importance = widget.HighImportance
	w := test.NewTempWindow(t, container.NewVBox(widget.NewForm(
		widget.NewFormItem("Name", name),
		widget.NewFormItem("Home language", container.NewVBox(lang)),
	), save))
	w.Resize(fyne.NewSize(400, 300))

	m := Of(w)
	get := func(kind, text string) Object {
		t.Helper()
		for _, o := range m.Objects {
			if o.Kind == kind && o.Text == text {
				return o
			}
		}
		t.Fatalf("no %s %q in %+v", kind, text, m.Objects)
		return Object{}
	}
	if e := get("*widget.Entry", ""); e.Field != "Name" || e.PlaceHolder != "e.g. Nguyen family" || e.Rect.Empty() {
		t.Errorf("the entry is mapped as %+v, want in row Name with its placeholder", e)
	}
	if s := get("*widget.Select", ""); s.Field != "Home language" {
		t.Errorf("the drop-down is mapped as %+v, want in row Home language", s)
	}
	b := get("*widget.Button", "Save")
	if b.Importance != int(widget.HighImportance) || b.Layer != 0 {
		t.Errorf("the button is mapped as %+v, want high importance on layer 0", b)
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(save)
	if b.Rect.X != int(pos.X) || b.Rect.Y != int(pos.Y) {
		t.Errorf("the button is at %+v, want at %v", b.Rect, pos)
	}

	test.Tap(lang)
	m = Of(w)
	if o := get("*canvas.Text", "Somali"); o.Layer != 1 {
		t.Errorf("the open list's option is on layer %d, want 1", o.Layer)
	}
}
