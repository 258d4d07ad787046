package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
)

// MaterialsScreen is for trainers: the list of training materials, and an
// editor for one material's language versions (Markdown with a live
// preview), which of the app's languages it is written in and whether each
// translation is up to date with the English and reviewed by a native
// speaker, its attachments, and whether it is a draft or published. A
// version can be saved or printed as a handout.
type MaterialsScreen struct {
	sh      *Shell
	content fyne.CanvasObject

	items  []store.MaterialDetail
	list   *widget.List
	newBtn *button

	current  *store.MaterialDetail // nil for a new material
	topic    *textEntry
	audience *choice
	status   *choice
	language *choice
	title    *textEntry
	body     *textEntry
	preview  *widget.RichText
	versions *widget.Label
	save     *button
	form     *fieldForm
	saved    *widget.Label
	// localOnly says, on a navigator's laptop, that materials written
	// here stay on it.
	localOnly *widget.Label
	top       *fyne.Container // the note and the form
	tabs      *container.AppTabs
	// The editor's tabs: the text, the languages, the attachments.
	textTab, langTab, attTab *container.TabItem

	// The chosen version's state and what can be done with it.
	versionState *widget.Label
	upToDate     *check // shown for a translation the English changed since
	review       *button
	saveHandout  *button
	print        *button

	langs *materialLanguages
	atts  *materialAttachments
	// The dialogs last opened here.
	reviewForm *formDialog
	attachForm *formDialog
}

func newMaterialsScreen(sh *Shell) *MaterialsScreen {
	m := &MaterialsScreen{sh: sh}
	m.list = widget.NewList(func() int { return len(m.items) },
		func() fyne.CanvasObject { return newTwoLineRow(sh) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			d := m.items[i]
			v, _ := d.Version(sh.loc.Language())
			title := v.Title
			if title == "" {
				title = d.Material.Topic
			}
			info := m.infoText(d)
			if mark := sh.englishOnlyMark(sh.loc.Language(), v.Language); mark != "" && v.Language != "" {
				info = mark + " · " + info
			}
			setTwoLineRow(sh, o.(*fyne.Container), title, info)
		})
	m.list.OnSelected = func(i widget.ListItemID) {
		if i < len(m.items) {
			d := m.items[i]
			m.edit(&d)
		}
	}
	m.newBtn = newButtonWithIcon(sh.T("materials.new"), fynetheme.ContentAddIcon(), func() {
		m.list.UnselectAll()
		m.edit(nil)
	})

	m.topic = newTextEntry()
	m.audience = newChoice(sh.loc, "audience.", data.MaterialAudiences, false)
	m.status = newChoice(sh.loc, "material_status.", []string{data.MaterialDraft, data.MaterialPublished}, false)
	m.language = newLanguageChoice(sh, false)
	m.language.OnChanged = func(string) { m.loadVersion() }
	m.title = newTextEntry()
	m.body = newMultiLineTextEntry()
	m.body.Wrapping = fyne.TextWrapWord
	m.body.SetPlaceHolder(sh.T("materials.body_hint"))
	m.preview = widget.NewRichText()
	m.preview.Wrapping = fyne.TextWrapWord
	m.body.OnChanged = func(s string) { m.preview.ParseMarkdown(s) }
	m.versions = widget.NewLabel("")
	m.save = newButtonWithIcon(sh.T("action.save"), fynetheme.DocumentSaveIcon(), m.saveNow)
	m.save.Importance = widget.HighImportance
	m.saved = widget.NewLabel("")
	m.localOnly = wrappedLabel(sh.T("materials.local_only"))
	m.localOnly.Importance = widget.WarningImportance
	m.localOnly.Hide()

	m.versionState = wrappedLabel("")
	m.upToDate = newCheck(sh, sh.T("materials.up_to_date"), nil)
	m.upToDate.Hide()
	m.review = newButtonWithIcon(sh.T("materials.review"), fynetheme.ConfirmIcon(), m.askReview)
	m.saveHandout = newButtonWithIcon(sh.T("materials.save_handout"), fynetheme.DocumentSaveIcon(), m.askSaveHandout)
	m.print = newButtonWithIcon(sh.T("materials.print"), fynetheme.DocumentPrintIcon(), m.printVersion)

	m.form = newFieldForm(sh.loc)
	m.form.add("topic", sh.T("field.topic"), m.topic)
	m.form.add("audience", sh.T("field.audience"), m.audience)
	m.form.add("status", sh.T("field.status"), m.status)
	m.form.add("language", sh.T("materials.version_language"), container.NewVBox(m.language, m.versions))
	m.form.add("title", sh.T("field.title"), m.title)

	editor := sh.hsplit(
		container.NewBorder(widget.NewLabelWithStyle(sh.T("materials.text"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, m.body),
		container.NewBorder(widget.NewLabelWithStyle(sh.T("materials.preview"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, container.NewVScroll(m.preview)), 0.5)
	m.langs = newMaterialLanguages(m)
	m.atts = newMaterialAttachments(m)
	m.textTab = container.NewTabItem(sh.T("materials.tab_text"), editor)
	m.langTab = container.NewTabItem(sh.T("materials.tab_languages"), m.langs.content)
	m.attTab = container.NewTabItem(sh.T("materials.tab_attachments"), m.atts.content)
	items := []*container.TabItem{m.textTab, m.langTab, m.attTab}
	if sh.rtl() {
		// Tabs read from the right: the first one rightmost.
		items = []*container.TabItem{m.attTab, m.langTab, m.textTab}
	}
	m.tabs = container.NewAppTabs(items...)
	m.tabs.Select(m.textTab)
	versionBar := container.NewVBox(m.versionState, m.upToDate,
		sh.mirror(container.NewHBox(m.review, m.saveHandout, m.print)))
	bottom := container.NewVBox(versionBar, sh.mirror(container.NewHBox(m.save, m.saved)))
	m.top = container.NewVBox(m.localOnly, m.form.content())
	right := container.NewBorder(m.top, bottom, nil, nil, m.tabs)
	left := container.NewBorder(m.newBtn, nil, nil, nil, m.list)
	split := sh.hsplit(left, right, 0.28)
	m.content = split
	m.edit(nil)
	return m
}

func (m *MaterialsScreen) infoText(d store.MaterialDetail) string {
	sh := m.sh
	var langs []string
	for _, v := range d.Versions {
		langs = append(langs, sh.languageName(v.Language))
	}
	return strings.Join(nonEmpty(sh.T("material_status."+d.Material.Status), sh.T("audience."+d.Material.Audience), strings.Join(langs, ", ")), " · ")
}

// view is what the sidebar shows for the screen.
func (m *MaterialsScreen) view() fyne.CanvasObject { return m.content }

// refresh reloads the list of materials, drafts included.
func (m *MaterialsScreen) refresh() {
	sh := m.sh
	items, err := sh.st.Materials(sh.ctx(), true)
	if err != nil {
		sh.showError(err)
		return
	}
	m.items = items
	m.list.Refresh()
	if show := !sh.sharesTable("materials"); show != m.localOnly.Visible() {
		if show {
			m.localOnly.Show()
		} else {
			m.localOnly.Hide()
		}
		// Laid out now, the note has its width when it is put in the
		// UI language's direction, which breaks its lines.
		m.top.Refresh()
	}
}

// edit shows a material in the editor (nil: a new, empty draft), in the
// UI language's version if it has one.
func (m *MaterialsScreen) edit(d *store.MaterialDetail) {
	sh := m.sh
	m.current = d
	m.form.clear()
	m.saved.SetText("")
	if d == nil {
		m.topic.SetText("")
		m.audience.setCode(data.MaterialAudiences[0])
		m.status.setCode(data.MaterialDraft)
		m.language.setCode(sh.loc.Language())
		m.loadVersion()
		return
	}
	m.topic.SetText(d.Material.Topic)
	m.audience.setCode(d.Material.Audience)
	m.status.setCode(d.Material.Status)
	v, _ := d.Version(sh.loc.Language())
	m.language.setCode(v.Language)
	m.loadVersion()
}

// version returns the current material's stored version in the chosen
// language, if it has one.
func (m *MaterialsScreen) version() (data.MaterialVersion, bool) {
	if m.current == nil {
		return data.MaterialVersion{}, false
	}
	for _, v := range m.current.Versions {
		if v.Language == m.language.code() {
			return v, true
		}
	}
	return data.MaterialVersion{}, false
}

// loadVersion puts the current material's version in the chosen language
// into the title and body (empty if there is none yet), and shows where it
// stands.
func (m *MaterialsScreen) loadVersion() {
	sh := m.sh
	defer sh.applyDirection(m.content)
	v, _ := m.version()
	var langs []string
	if m.current != nil {
		for _, x := range m.current.Versions {
			langs = append(langs, sh.languageName(x.Language))
		}
	}
	m.title.SetText(v.Title)
	m.body.SetText(v.Body)
	m.preview.ParseMarkdown(v.Body)
	if len(langs) == 0 {
		m.versions.SetText(sh.T("materials.no_versions"))
	} else {
		m.versions.SetText(sh.T("materials.versions", map[string]any{"Languages": strings.Join(langs, ", ")}))
	}
	m.showVersionState()
	m.langs.refresh()
	m.atts.refresh()
}

// showVersionState says whether the chosen version is up to date with the
// English and reviewed, and enables what can be done with it.
func (m *MaterialsScreen) showVersionState() {
	sh := m.sh
	v, stored := m.version()
	m.upToDate.SetChecked(false)
	m.upToDate.Hide()
	if !stored {
		m.versionState.SetText(sh.T("materials.state_unsaved"))
		m.review.Disable()
		m.saveHandout.Disable()
		m.print.Disable()
		return
	}
	m.review.Enable()
	m.saveHandout.Enable()
	m.print.Enable()
	state := m.current.StateIn(v.Language)
	var parts []string
	switch state.State {
	case store.VersionOutOfDate:
		english, _ := m.current.English()
		parts = append(parts, sh.T("materials.state_out_of_date", map[string]any{"Date": sh.loc.Date(english.ChangedAt)}))
		m.upToDate.Show()
	case store.VersionNoEnglish:
		parts = append(parts, sh.T("materials.state_no_english"))
	default:
		if !store.IsEnglish(v.Language) {
			parts = append(parts, sh.T("materials.state_current"))
		}
	}
	switch {
	case state.Reviewed:
		parts = append(parts, sh.T("materials.state_reviewed", map[string]any{"By": v.ReviewedBy, "Date": sh.loc.Date(v.ReviewedOn.Time())}))
	case v.ReviewedBy != "":
		parts = append(parts, sh.T("materials.state_changed_since_review", map[string]any{"By": v.ReviewedBy}))
	default:
		parts = append(parts, sh.T("materials.state_not_reviewed"))
	}
	m.versionState.SetText(strings.Join(parts, " "))
}

// saveNow writes the material and its version in the chosen language.
func (m *MaterialsScreen) saveNow() {
	sh := m.sh
	mat := data.Material{}
	if m.current != nil {
		mat = m.current.Material
	}
	mat.Topic = m.topic.Text
	mat.Audience = m.audience.code()
	mat.Status = m.status.code()
	if mat.Author == "" {
		mat.Author = sh.navigator()
	}
	v := data.MaterialVersion{Language: m.language.code(), Title: m.title.Text, Body: m.body.Text}
	upToDate := m.upToDate.Visible() && m.upToDate.Checked
	isNew := mat.ID == ""
	err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error {
		mat.UpdatedAt = tx.Now()
		if isNew {
			if err := tx.Insert(&mat); err != nil {
				return err
			}
		} else if err := tx.Update(&mat); err != nil {
			return err
		}
		v.MaterialID = mat.ID
		return tx.SaveMaterialVersion(&v, upToDate)
	})
	if err != nil {
		if !m.form.show(err) {
			sh.showError(err)
		}
		return
	}
	m.reload(mat.ID)
	sh.setText(m.saved, sh.T("materials.saved"))
}

// reload shows the stored material with the given id, keeping the language.
func (m *MaterialsScreen) reload(id string) {
	sh := m.sh
	lang := m.language.code()
	d, err := sh.st.Material(sh.ctx(), id)
	if err != nil {
		sh.showError(err)
		return
	}
	m.refresh()
	m.current = &d
	m.language.setCode(lang)
	m.loadVersion()
}
