package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/ui/bidi"
)

// textEntry is a widget.Entry that hands Esc on to its window, so that Esc
// closes the open dialog even while the cursor is in a text field (Fyne
// gives every key to the focused field, and the field ignores Esc).
//
// In a right-to-left UI language it also shows its text the way Arabic
// reads while the cursor is elsewhere: right-aligned, each line with its
// runs in display order (bidi.Display). Fyne 2.8's Entry has no alignment
// and lays its text out in typing order from the left, and it places the
// cursor, selection and taps by that layout; drawing reordered text in the
// Entry itself would put the cursor between the wrong letters. So while
// the field has the cursor it shows Fyne's own left-aligned text in typing
// order (a line that mixes Arabic with Latin words or digits then reads
// out of order until the cursor leaves), and only the text is ever stored.
type textEntry struct {
	widget.Entry
	rtl     bool // the UI language is written right to left (set by the direction pass)
	focused bool
}

// newTextEntry returns a one-line text field.
func newTextEntry() *textEntry {
	e := &textEntry{Entry: widget.Entry{Wrapping: fyne.TextWrap(fyne.TextTruncateClip)}}
	e.ExtendBaseWidget(e)
	return e
}

// newMultiLineTextEntry returns a text field for notes of several lines.
func newMultiLineTextEntry() *textEntry {
	e := newTextEntry()
	e.MultiLine = true
	return e
}

// TypedKey passes Esc to the window's key handler and every other key to
// the field.
func (e *textEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && passToWindow(e, ev) {
		return
	}
	e.Entry.TypedKey(ev)
}

// passToWindow hands a key typed in the focused widget o to the key handler
// of o's window, and reports whether there was one to take it.
func passToWindow(o fyne.CanvasObject, ev *fyne.KeyEvent) bool {
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil || c.OnTypedKey() == nil {
		return false
	}
	c.OnTypedKey()(ev)
	return true
}

// FocusGained shows the text as typed while the cursor is in the field.
func (e *textEntry) FocusGained() {
	e.focused = true
	e.Entry.FocusGained()
	e.Refresh()
}

// FocusLost shows the text in display order again.
func (e *textEntry) FocusLost() {
	e.focused = false
	e.Entry.FocusLost()
	e.Refresh()
}

// setRTL makes the field show its text right to left when it has no cursor.
func (e *textEntry) setRTL(rtl bool) {
	if e.rtl != rtl {
		e.rtl = rtl
		e.Refresh()
	}
}

// CreateRenderer draws the Entry and, over its text area, the text in
// display order when it is shown right to left.
func (e *textEntry) CreateRenderer() fyne.WidgetRenderer {
	inner := e.Entry.CreateRenderer()
	r := &textEntryRenderer{WidgetRenderer: inner, e: e, cover: canvas.NewRectangle(nil), shown: widget.NewRichText()}
	r.shown.Truncation = fyne.TextTruncateClip
	r.update()
	return r
}

// textEntryRenderer is the Entry's renderer with the right-to-left view
// on top: a patch of the field's background over the Entry's own text and
// the ordered text on it.
type textEntryRenderer struct {
	fyne.WidgetRenderer
	e     *textEntry
	cover *canvas.Rectangle
	shown *widget.RichText
}

// Objects are the Entry's, then the cover and the ordered text.
func (r *textEntryRenderer) Objects() []fyne.CanvasObject {
	inner := r.WidgetRenderer.Objects()
	out := make([]fyne.CanvasObject, 0, len(inner)+2)
	return append(append(out, inner...), r.cover, r.shown)
}

// Layout places the Entry's parts and lays the cover over its text area.
func (r *textEntryRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	border := fynetheme.InputBorderSize()
	r.cover.Move(fyne.NewSquareOffsetPos(border))
	r.cover.Resize(size.Subtract(fyne.NewSquareSize(2 * border)))
	r.shown.Move(fyne.NewPos(0, border))
	r.shown.Resize(fyne.NewSize(size.Width, size.Height-2*border))
	r.update()
}

// Refresh redraws the Entry and the ordered view.
func (r *textEntryRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.update()
}

// active reports whether the ordered view is shown over the Entry's text.
func (e *textEntry) active() bool {
	return e.rtl && !e.focused && !e.Password && (e.Text != "" || e.PlaceHolder != "")
}

// update shows or hides the ordered view and fills it.
func (r *textEntryRenderer) update() {
	e := r.e
	if !e.active() {
		r.cover.Hide()
		r.shown.Hide()
		return
	}
	if objs := r.WidgetRenderer.Objects(); len(objs) > 0 {
		if box, ok := objs[0].(*canvas.Rectangle); ok { // the Entry's background
			r.cover.FillColor, r.cover.CornerRadius = box.FillColor, box.CornerRadius
		}
	}
	text, color := e.Text, fynetheme.ColorNameForeground
	if text == "" {
		text, color = e.PlaceHolder, fynetheme.ColorNamePlaceHolder
	}
	if e.Disabled() {
		color = fynetheme.ColorNameDisabled
	}
	var lines []string
	if displayed(text) { // a placeholder the direction pass put in order
		lines = []string{text}
	} else {
		lines = entryLines(text, e.MultiLine, e.Wrapping != fyne.TextWrapOff && e.MultiLine,
			r.shown.Size().Width-2*fynetheme.InnerPadding(), e.TextStyle)
	}
	segs := make([]widget.RichTextSegment, len(lines))
	for i, l := range lines {
		segs[i] = &widget.TextSegment{Text: l, Style: widget.RichTextStyle{
			Alignment: fyne.TextAlignTrailing, ColorName: color, TextStyle: e.TextStyle,
		}}
	}
	r.shown.Segments = segs
	r.cover.Show()
	r.shown.Show()
	r.cover.Refresh()
	r.shown.Refresh()
}

// entryLines breaks a field's text into the lines shown, each in display
// order: one line for a one-line field, and for a field of several lines
// its lines, wrapped at width when wrap is set.
func entryLines(text string, multiLine, wrap bool, width float32, style fyne.TextStyle) []string {
	var lines []string
	if !multiLine {
		lines = []string{strings.ReplaceAll(text, "\n", " ")}
	} else if wrap && width > 0 {
		lines = wrapWords(text, width, style)
	} else {
		lines = strings.Split(text, "\n")
	}
	for i, l := range lines {
		// Typed text takes its direction from its first letter: an
		// address typed in English reads left to right even in Arabic.
		lines[i] = bidi.Display(l, bidi.StartsRTL(l, true))
	}
	return lines
}
