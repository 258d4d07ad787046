package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"trellis/data"
	"trellis/translations"
	"trellis/ui/bidi"
	"trellis/ui/dialogs"
)

// fieldForm lays out labelled fields, each with a message under it that
// says what is wrong with it after a failed save. Whatever was typed stays.
type fieldForm struct {
	loc    *translations.Localizer
	items  []*widget.FormItem
	errs   map[string]*widget.Label // by store field name
	other  *widget.Label            // errors of fields the form does not show
	fields []string
}

func newFieldForm(loc *translations.Localizer) *fieldForm {
	return &fieldForm{loc: loc, errs: map[string]*widget.Label{}, other: newFieldError()}
}

// add appends a field shown as label, validated under the store field name.
func (f *fieldForm) add(field, label string, w fyne.CanvasObject) {
	e := newFieldError()
	f.errs[field] = e
	f.fields = append(f.fields, field)
	f.addRow(label, container.NewVBox(w, e))
}

// addRow appends a row that is not a field: w beside label.
func (f *fieldForm) addRow(label string, w fyne.CanvasObject) {
	f.items = append(f.items, widget.NewFormItem(label, w))
}

// content is the form, laid out in the UI language's direction, with the
// message for other errors under it.
func (f *fieldForm) content() fyne.CanvasObject {
	return container.NewVBox(newForm(bidi.IsRTL(f.loc.Language()), f.items...), f.other)
}

// clear hides every message.
func (f *fieldForm) clear() {
	for _, e := range f.errs {
		setFieldError(e, "")
	}
	setFieldError(f.other, "")
}

// show puts each field error of err beside its field and reports whether
// err was a validation error. Other errors are left to the caller.
func (f *fieldForm) show(err error) bool {
	f.clear()
	var ve *data.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	var rest []string
	for _, fe := range ve.Fields {
		msg := dialogs.FieldErrorText(f.loc, fe)
		if l, ok := f.errs[fe.Field]; ok {
			setFieldError(l, msg)
		} else {
			rest = append(rest, f.loc.T("field."+fe.Field)+": "+msg)
		}
	}
	setFieldError(f.other, strings.Join(rest, "\n"))
	return true
}

// message returns the error shown beside field ("" if none).
func (f *fieldForm) message(field string) string {
	if l, ok := f.errs[field]; ok && l.Visible() {
		return l.Text
	}
	return ""
}

// parseDateField reads an ISO date typed into a field; blank is the zero
// date. A bad date is reported with the field's name.
func parseDateField(field, s string, c *data.Checker) data.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return data.Date{}
	}
	d, err := data.ParseDate(s)
	if err != nil {
		c.Add(field, data.CodeInvalidDate, s)
	}
	return d
}

// parseScoreField reads an optional number.
func parseScoreField(field, s string, c *data.Checker) *float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		c.Add(field, data.CodeOutOfRange, s)
		return nil
	}
	return &v
}

// choice is a Select whose options are shown translated but read back as
// their codes. It extends widget.Select (embedded by value, then
// ExtendBaseWidget): the Select opens its list on the canvas of the widget
// in the window, so it must be the choice itself, not a Select made apart.
type choice struct {
	widget.Select
	codes []string
	rtl   bool // labels are shown in right-to-left display order
}

// newChoice offers codes, each shown as loc.T(prefix+code); optional adds a
// blank first option.
func newChoice(loc *translations.Localizer, prefix string, codes []string, optional bool) *choice {
	if optional {
		codes = append([]string{""}, codes...)
	}
	labels := make([]string, len(codes))
	for i, c := range codes {
		if c == "" {
			labels[i] = loc.T("choice.none")
		} else {
			labels[i] = loc.T(prefix + c)
		}
	}
	return newChoiceOf(loc, codes, labels)
}

// newChoiceOf offers codes shown as labels, with a translated placeholder.
// In a right-to-left language the labels are put in display order and
// aligned right; the codes are read back by position, so the reordering
// never reaches the store.
func newChoiceOf(loc *translations.Localizer, codes, labels []string) *choice {
	c := &choice{rtl: bidi.IsRTL(loc.Language())}
	c.ExtendBaseWidget(c)
	c.setOptions(codes, labels)
	c.PlaceHolder = loc.T("choice.select")
	if c.rtl {
		c.Alignment = fyne.TextAlignTrailing
	}
	return c
}

// setOptions replaces the options: codes shown as labels. The selection
// is left to the caller.
func (c *choice) setOptions(codes, labels []string) {
	c.codes = codes
	c.Options = make([]string, len(labels))
	for i, l := range labels {
		c.Options[i] = c.shown(l)
	}
}

// addOption appends code shown as label.
func (c *choice) addOption(code, label string) {
	c.codes = append(c.codes, code)
	c.Options = append(c.Options, c.shown(label))
}

// MinSize makes room for the chosen option in a right-to-left language:
// Fyne sizes a Select by its placeholder and cuts a longer option at its
// visual right, which is where an Arabic option begins.
func (c *choice) MinSize() fyne.Size {
	min := c.Select.MinSize()
	if !c.rtl || c.Selected == "" {
		return min
	}
	th := c.Theme()
	pad := th.Size(fynetheme.SizeNameInnerPadding)
	text := fyne.MeasureText(c.Selected, th.Size(fynetheme.SizeNameText), fyne.TextStyle{}).Width
	min.Width = max(min.Width, text+pad*5+th.Size(fynetheme.SizeNameInlineIcon))
	return min
}

// TypedKey is the Select's keyboard: Space and the Up and Down arrows open
// the list, Left and Right choose the previous or next option without
// opening it. In a right-to-left language the next option is to the left,
// so Left and Right change places. The keys a Select does not use (Esc,
// Enter) go on to the window, so that they close or save the dialog while
// the drop-down has the focus.
func (c *choice) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeySpace, fyne.KeyUp, fyne.KeyDown:
	case fyne.KeyLeft, fyne.KeyRight:
		if c.rtl {
			swapped := *ev
			swapped.Name = map[fyne.KeyName]fyne.KeyName{fyne.KeyLeft: fyne.KeyRight, fyne.KeyRight: fyne.KeyLeft}[ev.Name]
			ev = &swapped
		}
	default:
		if passToWindow(c, ev) {
			return
		}
	}
	c.Select.TypedKey(ev)
}

// shown is label as the Select draws it.
func (c *choice) shown(label string) string {
	if c.rtl {
		return bidi.Display(label, true)
	}
	return label
}

// newLanguageChoice offers the supported languages, named in the UI
// language.
func newLanguageChoice(sh *Shell, optional bool) *choice {
	var codes, labels []string
	if optional {
		codes, labels = append(codes, ""), append(labels, sh.T("choice.none"))
	}
	for _, l := range translations.Supported() {
		codes, labels = append(codes, l.Tag), append(labels, sh.languageName(l.Tag))
	}
	return newChoiceOf(sh.loc, codes, labels)
}

// code returns the chosen option's code ("" if none).
func (c *choice) code() string {
	if i := c.SelectedIndex(); i >= 0 {
		return c.codes[i]
	}
	return ""
}

// setCode selects the option with code, or clears the choice.
func (c *choice) setCode(code string) {
	for i, x := range c.codes {
		if x == code {
			c.SetSelectedIndex(i)
			return
		}
	}
	c.ClearSelected()
}

// languageName names a language tag in the UI language ("Arabic",
// "árabe", "阿拉伯语"), falling back to its base language and then to the
// language's own name.
func (s *Shell) languageName(tag string) string {
	if tag == "" {
		return ""
	}
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	names := display.Tags(language.Make(s.loc.Language()))
	if n := names.Name(t); n != "" {
		return n
	}
	if base, _ := t.Base(); names.Name(base) != "" {
		return names.Name(base)
	}
	return translations.NativeName(tag)
}

// wrappedLabel is a label of text that wraps at word boundaries.
func wrappedLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
