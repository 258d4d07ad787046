package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// emptyState tells a new user, on a screen with nothing to show yet, what
// to do first, with the buttons that do it: import the county's service
// directory, add the first family.
type emptyState struct {
	content   *fyne.Container
	text      *widget.Label
	importDir *button
	addFamily *button
}

func newEmptyState(sh *Shell) *emptyState {
	e := &emptyState{text: wrappedLabel("")}
	e.text.Alignment = fyne.TextAlignCenter
	e.importDir = newButtonWithIcon(sh.T("empty.import"), fynetheme.DownloadIcon(), sh.importDirectoryNow)
	e.importDir.Importance = widget.HighImportance
	e.addFamily = newButtonWithIcon(sh.T("empty.add_family"), fynetheme.ContentAddIcon(), sh.newFamily)
	e.addFamily.Importance = widget.HighImportance
	buttons := sh.mirror(container.NewHBox(layout.NewSpacer(), e.importDir, e.addFamily, layout.NewSpacer()))
	e.content = container.NewVBox(e.text, buttons)
	e.content.Hide()
	return e
}

// show says text and offers the import, the new family, or both; with
// neither it hides the whole.
func (e *emptyState) show(sh *Shell, text string, importDir, addFamily bool) {
	if !importDir && !addFamily {
		e.content.Hide()
		return
	}
	sh.setText(e.text, text)
	showIf(e.importDir, importDir)
	showIf(e.addFamily, addFamily)
	e.content.Show()
}

// showText shows only text, with neither button.
func (e *emptyState) showText(sh *Shell, text string) {
	sh.setText(e.text, text)
	e.importDir.Hide()
	e.addFamily.Hide()
	e.content.Show()
}

// showIf shows o when on is true and hides it otherwise.
func showIf(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// importDirectoryNow is "Import your county's directory": Settings, with
// the file chooser of its directory import open.
func (s *Shell) importDirectoryNow() {
	if s.tabs == nil {
		return
	}
	s.selectTab(ScreenSettings)
	s.settings.directory.chooseFile()
}
