package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/ui/dialogs"
)

// firstRunDraft keeps what was typed on the first-run screen when it is
// rebuilt in another language.
type firstRunDraft struct {
	name, org string
	demo      bool
}

// FirstRunScreen greets a new user: it asks for the UI language, their name
// and organization, and offers to load demo data. Nothing else is needed to
// start; there is no server to set up.
type FirstRunScreen struct {
	sh      *Shell
	content fyne.CanvasObject

	language *widget.Select
	name     *textEntry
	nameErr  *widget.Label
	org      *textEntry
	demo     *check
	start    *button
}

func newFirstRunScreen(sh *Shell) *FirstRunScreen {
	f := &FirstRunScreen{sh: sh}
	draft := sh.draft
	f.language = newLanguageSelect(sh.loc.Language(), func(tag string) {
		sh.draft = firstRunDraft{name: f.name.Text, org: f.org.Text, demo: f.demo.Checked}
		sh.SetLanguage(tag)
	})
	f.name = newTextEntry()
	f.name.SetText(draft.name)
	f.name.SetPlaceHolder(sh.T("firstrun.name_hint"))
	f.nameErr = newFieldError()
	f.org = newTextEntry()
	f.org.SetText(draft.org)
	f.org.SetPlaceHolder(sh.T("firstrun.org_hint"))
	f.demo = newCheck(sh, sh.T("firstrun.demo"), nil)
	f.demo.SetChecked(draft.demo)
	f.start = newButton(sh.T("firstrun.start"), f.finish)
	f.start.Importance = widget.HighImportance
	f.name.OnSubmitted = func(string) { f.finish() }

	welcome := widget.NewLabelWithStyle(sh.T("firstrun.welcome"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	intro := widget.NewLabel(sh.T("firstrun.intro"))
	intro.Wrapping = fyne.TextWrapWord
	intro.Alignment = fyne.TextAlignCenter
	form := newForm(sh.rtl(),
		widget.NewFormItem(sh.T("settings.language"), f.language),
		widget.NewFormItem(sh.T("firstrun.name"), container.NewVBox(f.name, f.nameErr)),
		widget.NewFormItem(sh.T("firstrun.org"), f.org),
		widget.NewFormItem("", f.demo),
	)
	box := container.NewVBox(welcome, intro, form, container.NewCenter(f.start))
	f.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 420), box))
	return f
}

// newFieldError is the label beside a field that says what is wrong with it.
func newFieldError() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// setFieldError shows msg under a field, or hides the label when msg is "".
func setFieldError(l *widget.Label, msg string) {
	l.SetText(msg)
	if msg == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// finish saves the name and organization and opens the app, loading the
// demo data first if asked.
func (f *FirstRunScreen) finish() {
	sh := f.sh
	var c data.Checker
	c.Required("name", f.name.Text, data.MaxName)
	c.MaxLen("organization", f.org.Text, data.MaxName)
	if ve, ok := c.Err().(*data.ValidationError); ok {
		if fe, bad := ve.Field("name"); bad {
			setFieldError(f.nameErr, dialogs.FieldErrorText(sh.loc, fe))
			return
		}
		sh.showError(ve)
		return
	}
	setFieldError(f.nameErr, "")
	ctx := sh.ctx()
	for key, v := range map[string]string{
		SettingNavigator:    f.name.Text,
		SettingOrganization: f.org.Text,
		SettingLanguage:     sh.loc.Language(),
	} {
		if err := sh.st.SetSetting(ctx, key, v); err != nil {
			sh.showError(err)
			return
		}
	}
	sh.draft = firstRunDraft{}
	if f.demo.Checked {
		f.start.Disable()
		sh.loadDemo(sh.finishFirstRun)
		return
	}
	sh.finishFirstRun()
}
