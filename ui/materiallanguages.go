package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
	"trellis/translations"
)

// materialLanguages is the Materials editor's Languages tab: for each of
// the app's languages, whether the material is written in it, whether that
// version is out of date against the English one (the English changed
// since), and whether a native speaker reviewed it. Choosing a language
// opens its version in the Text tab.
type materialLanguages struct {
	m       *MaterialsScreen
	content fyne.CanvasObject
	summary *widget.Label
	list    *widget.List
	states  []store.VersionState
}

func newMaterialLanguages(m *MaterialsScreen) *materialLanguages {
	sh := m.sh
	l := &materialLanguages{m: m}
	l.summary = wrappedLabel("")
	l.list = widget.NewList(func() int { return len(l.states) },
		func() fyne.CanvasObject { return newTwoLineRow(sh) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s := l.states[i]
			title, info := l.rowText(s)
			t, _ := setTwoLineRow(sh, o.(*fyne.Container), title, info)
			if s.State == store.VersionMissing || s.State == store.VersionOutOfDate {
				t.Importance = widget.WarningImportance
			} else {
				t.Importance = widget.MediumImportance
			}
			t.Refresh()
		})
	l.list.OnSelected = func(i widget.ListItemID) {
		if i < len(l.states) {
			l.list.Unselect(i)
			m.language.setCode(l.states[i].Language)
			m.tabs.Select(m.textTab)
		}
	}
	l.content = container.NewBorder(l.summary, nil, nil, nil, l.list)
	return l
}

// rowText is a language's row: its name, and where the material stands
// in it.
func (l *materialLanguages) rowText(s store.VersionState) (string, string) {
	sh := l.m.sh
	name := sh.languageName(s.Language)
	var info string
	switch s.State {
	case store.VersionMissing:
		info = sh.T("materials.lang_missing")
	case store.VersionOutOfDate:
		info = sh.T("materials.lang_out_of_date")
	case store.VersionNoEnglish:
		info = sh.T("materials.lang_no_english")
	default:
		info = sh.T("materials.lang_current")
	}
	if s.State != store.VersionMissing && s.Version.Language != s.Language {
		// A reader of zh-Hant is given "zh-TW": say which.
		info += " (" + sh.languageName(s.Version.Language) + ")"
	}
	switch {
	case s.Reviewed:
		info += " · " + sh.T("materials.lang_reviewed", map[string]any{"By": s.Version.ReviewedBy})
	case s.State != store.VersionMissing:
		info += " · " + sh.T("materials.lang_not_reviewed")
	}
	return name, info
}

// refresh shows the current material's state in every app language.
func (l *materialLanguages) refresh() {
	sh := l.m.sh
	l.states = l.states[:0]
	d := l.m.current
	if d == nil {
		d = &store.MaterialDetail{}
	}
	missing, outOfDate := 0, 0
	for _, lang := range translations.Supported() {
		s := d.StateIn(lang.Tag)
		l.states = append(l.states, s)
		switch s.State {
		case store.VersionMissing:
			missing++
		case store.VersionOutOfDate:
			outOfDate++
		}
	}
	l.summary.SetText(sh.T("materials.lang_summary", map[string]any{
		"Written": len(l.states) - missing, "Total": len(l.states), "OutOfDate": outOfDate}))
	l.list.Refresh()
}

// askReview asks who reviewed the chosen version, as a native speaker,
// and when, and records it.
func (m *MaterialsScreen) askReview() {
	sh := m.sh
	v, ok := m.version()
	if !ok {
		return
	}
	form := newFieldForm(sh.loc)
	by := newTextEntry()
	on := newTextEntry()
	on.SetText(sh.today().String())
	form.add("reviewed_by", sh.T("field.reviewed_by"), by)
	form.add("reviewed_on", sh.T("field.reviewed_on"), on)
	m.reviewForm = newFormDialog(sh, sh.T("materials.review_title", map[string]any{"Language": sh.languageName(v.Language)}), form, fyne.NewSize(480, 300), func() error {
		day, err := data.ParseDate(on.Text)
		if err != nil {
			return &data.ValidationError{Kind: "material version", Fields: []data.FieldError{{Field: "reviewed_on", Code: data.CodeInvalidDate, Value: on.Text}}}
		}
		if err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error { return tx.MarkVersionReviewed(v.ID, by.Text, day) }); err != nil {
			return err
		}
		m.reload(m.current.Material.ID)
		return nil
	})
}
