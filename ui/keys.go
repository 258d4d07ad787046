package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// The keyboard: Enter saves the form dialog on top (and, in a search box,
// runs the search and moves to its results); Esc closes the dialog on top
// as its Cancel would, or, with no dialog open, goes back from a family's
// page to the list. Fyne gives a key to the focused widget; the app's text
// fields, drop-downs and check boxes hand on the keys they do not use
// (passToWindow), so these work wherever the cursor is.

// dialogKeys are what Enter and Esc do in one dialog.
type dialogKeys struct {
	enter  func() // nil: Enter does nothing
	cancel func() // nil: Esc hides the dialog
}

// setDialogKeys gives d, which is open, its Enter and Esc.
func (s *Shell) setDialogKeys(d dialog.Dialog, k dialogKeys) {
	s.dialogsMu.Lock()
	defer s.dialogsMu.Unlock()
	if s.dialogKeys == nil {
		s.dialogKeys = map[dialog.Dialog]dialogKeys{}
	}
	s.dialogKeys[d] = k
}

// keysOf returns what Enter and Esc do in d.
func (s *Shell) keysOf(d dialog.Dialog) dialogKeys {
	s.dialogsMu.Lock()
	defer s.dialogsMu.Unlock()
	return s.dialogKeys[d]
}

// typedKey handles the keys no focused widget took.
func (s *Shell) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		if s.closeTopDialog() {
			return
		}
		if s.tabs != nil && s.visible() == ScreenFamilies && s.families.page != nil {
			s.families.showList()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if k := s.keysOf(s.topDialog()); k.enter != nil {
			k.enter()
		}
	}
}

// firstFocusable finds the first shown, enabled widget under o that takes
// the keyboard focus, in the order its containers hold them.
func firstFocusable(o fyne.CanvasObject) fyne.Focusable {
	if o == nil || !o.Visible() {
		return nil
	}
	if d, ok := o.(fyne.Disableable); ok && d.Disabled() {
		return nil
	}
	if f, ok := o.(fyne.Focusable); ok {
		return f
	}
	var children []fyne.CanvasObject
	switch w := o.(type) {
	case *fyne.Container:
		children = w.Objects
	case *container.Scroll:
		children = []fyne.CanvasObject{w.Content}
	case *widget.Form:
		for _, it := range w.Items {
			children = append(children, it.Widget)
		}
	}
	for _, child := range children {
		if f := firstFocusable(child); f != nil {
			return f
		}
	}
	return nil
}

// toResults moves the keyboard from a search box to its list of results
// (when it found any): the arrow keys then go through them and Space opens
// the one marked.
func (s *Shell) toResults(list *widget.List, found int) {
	if found > 0 {
		list.ScrollToTop()
		s.win.Canvas().Focus(list)
	}
}
