package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// button is a widget.Button that works from the keyboard like the app's
// fields: once Tab has given it the focus (it is then shaded, see the
// theme's focus colour), Space or Enter presses it, and Esc goes on to the
// window, which closes the dialog it is in or goes back from a page.
// Fyne's Button takes only Space and drops every other key.
type button struct{ widget.Button }

// newButton returns a button labelled text that calls tapped.
func newButton(text string, tapped func()) *button {
	return newButtonWithIcon(text, nil, tapped)
}

// newButtonWithIcon returns a button with an icon and text that calls
// tapped.
func newButtonWithIcon(text string, icon fyne.Resource, tapped func()) *button {
	b := &button{}
	b.Text, b.Icon, b.OnTapped = text, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Space and Enter and hands Esc on to the
// window.
func (b *button) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
		return
	case fyne.KeyEscape:
		if passToWindow(b, ev) {
			return
		}
	}
	b.Button.TypedKey(ev)
}
