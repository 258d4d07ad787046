package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// textEntry is a widget.Entry that hands Esc on to its window, so that Esc
// closes the open dialog even while the cursor is in a text field (Fyne
// gives every key to the focused field, and the field ignores Esc).
type textEntry struct {
	widget.Entry
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
	if ev.Name == fyne.KeyEscape {
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil && c.OnTypedKey() != nil {
			c.OnTypedKey()(ev)
			return
		}
	}
	e.Entry.TypedKey(ev)
}
