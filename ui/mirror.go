package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/ui/bidi"
)

// Mirrored layout for right-to-left languages. Fyne lays every container
// out from the left; in Arabic a row must start at the right: a form's
// label stands right of its field, the first column of a screen is the
// right one and a row of buttons reads from the right. mirrorLayout lays a
// container's objects out as its own layout would and then reflects each
// one across the container's vertical centre line, so the objects keep
// their order in the container (code that finds a row's label by index
// still finds it) and only their places change. Left-to-right languages
// keep Fyne's layouts untouched.

// mirrorLayout is inner reflected left to right.
type mirrorLayout struct{ inner fyne.Layout }

// Layout places the objects as inner does, then reflects each visible one.
func (m mirrorLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	m.inner.Layout(objects, size)
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		p := o.Position()
		o.Move(fyne.NewPos(size.Width-p.X-o.Size().Width, p.Y))
	}
}

// MinSize is inner's: reflecting changes no size.
func (m mirrorLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return m.inner.MinSize(objects)
}

// mirror lays c out from the right when the UI language is written right
// to left, and returns c.
func (s *Shell) mirror(c *fyne.Container) *fyne.Container {
	return mirrorIf(s.rtl(), c)
}

// mirrorIf reflects c's layout when rtl is true, and returns c.
func mirrorIf(rtl bool, c *fyne.Container) *fyne.Container {
	if rtl && c.Layout != nil {
		if _, done := c.Layout.(mirrorLayout); !done {
			c.Layout = mirrorLayout{c.Layout}
		}
	}
	return c
}

// hsplit puts first at the start of the line (the left, or the right in a
// right-to-left language) and second after it; offset is the share of the
// width first gets.
func (s *Shell) hsplit(first, second fyne.CanvasObject, offset float64) *container.Split {
	if s.rtl() {
		sp := container.NewHSplit(second, first)
		sp.Offset = 1 - offset
		return sp
	}
	sp := container.NewHSplit(first, second)
	sp.Offset = offset
	return sp
}

// backIcon is the arrow of a Back button: it points to where lines start.
func (s *Shell) backIcon() fyne.Resource {
	if s.rtl() {
		return fynetheme.NavigateNextIcon()
	}
	return fynetheme.NavigateBackIcon()
}

// newForm lays items out as a form: a bold label beside each field, the
// label on the left in a left-to-right language (Fyne's widget.Form) and
// on the right, next to its field, in a right-to-left one.
func newForm(rtl bool, items ...*widget.FormItem) fyne.CanvasObject {
	if !rtl {
		return widget.NewForm(items...)
	}
	objects := make([]fyne.CanvasObject, 0, 2*len(items))
	for _, it := range items {
		objects = append(objects, newFormLabel(it.Text), it.Widget)
	}
	return mirrorIf(true, container.New(layout.NewFormLayout(), objects...))
}

// formLabel is the label of a field in a right-to-left form. It is a type
// of its own so that the direction pass, which aligns labels to the right,
// leaves it aligned towards its field, as widget.Form aligns its labels.
type formLabel struct{ widget.Label }

func newFormLabel(text string) *formLabel {
	l := &formLabel{}
	l.Text = bidi.Display(text, true)
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.ExtendBaseWidget(l)
	return l
}

// check is a widget.Check whose box stands where lines start: right of its
// text in a right-to-left language.
type check struct {
	widget.Check
	rtl bool
}

// newCheck returns a check box with text; changed is called when it is
// ticked or cleared.
func newCheck(sh *Shell, text string, changed func(bool)) *check {
	c := &check{rtl: sh.rtl()}
	c.Text, c.OnChanged = text, changed
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey ticks or clears the box with Space, and hands Esc and Enter on
// to the window (to close or save the form the box is in).
func (c *check) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape, fyne.KeyReturn, fyne.KeyEnter:
		if passToWindow(c, ev) {
			return
		}
	}
	c.Check.TypedKey(ev)
}

// CreateRenderer is Fyne's, reflected in a right-to-left language.
func (c *check) CreateRenderer() fyne.WidgetRenderer {
	r := c.Check.CreateRenderer()
	if !c.rtl {
		return r
	}
	return mirroredRenderer{r}
}

// Tapped ticks or clears the box. Fyne's check reacts only to taps over
// its box and text, which it takes to start at the left; reflected, they
// end at the right, so the tap is reflected back first.
func (c *check) Tapped(pe *fyne.PointEvent) {
	if c.rtl {
		reflected := *pe
		reflected.Position.X = c.Size().Width - pe.Position.X
		pe = &reflected
	}
	c.Check.Tapped(pe)
}

// mirroredRenderer lays a widget's parts out as its own renderer does and
// then reflects them left to right, its texts aligned to the right.
type mirroredRenderer struct{ fyne.WidgetRenderer }

// Layout places the parts and reflects them.
func (m mirroredRenderer) Layout(size fyne.Size) {
	m.WidgetRenderer.Layout(size)
	for _, o := range m.Objects() {
		if t, ok := o.(*canvas.Text); ok {
			t.Alignment = fyne.TextAlignTrailing
		}
		p := o.Position()
		o.Move(fyne.NewPos(size.Width-p.X-o.Size().Width, p.Y))
	}
}
