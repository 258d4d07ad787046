package ui

import (
	"io"
	"mime"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
)

// MaterialsScreen is for trainers: the list of training materials, and an
// editor for one material's language versions (Markdown with a live
// preview), its attachments, and whether it is a draft or published.
type MaterialsScreen struct {
	sh      *Shell
	content fyne.CanvasObject

	items  []store.MaterialDetail
	list   *widget.List
	newBtn *widget.Button

	current  *store.MaterialDetail // nil for a new material
	topic    *textEntry
	audience *choice
	status   *choice
	language *choice
	title    *textEntry
	body     *textEntry
	preview  *widget.RichText
	versions *widget.Label
	attached *widget.Label
	attach   *widget.Button
	save     *widget.Button
	form     *fieldForm
	saved    *widget.Label
	// localOnly says, on a navigator's laptop, that materials written
	// here stay on it.
	localOnly *widget.Label
	top       *fyne.Container // the note and the form
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
	m.newBtn = widget.NewButtonWithIcon(sh.T("materials.new"), fynetheme.ContentAddIcon(), func() {
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
	m.attached = widget.NewLabel("")
	m.attached.Wrapping = fyne.TextWrapWord
	m.attach = widget.NewButtonWithIcon(sh.T("materials.attach"), fynetheme.FileIcon(), m.chooseAttachment)
	m.save = widget.NewButtonWithIcon(sh.T("action.save"), fynetheme.DocumentSaveIcon(), m.saveNow)
	m.save.Importance = widget.HighImportance
	m.saved = widget.NewLabel("")
	m.localOnly = wrappedLabel(sh.T("materials.local_only"))
	m.localOnly.Importance = widget.WarningImportance
	m.localOnly.Hide()

	m.form = newFieldForm(sh.loc)
	m.form.add("topic", sh.T("field.topic"), m.topic)
	m.form.add("audience", sh.T("field.audience"), m.audience)
	m.form.add("status", sh.T("field.status"), m.status)
	m.form.add("language", sh.T("materials.version_language"), container.NewVBox(m.language, m.versions))
	m.form.add("title", sh.T("field.title"), m.title)

	editor := sh.hsplit(
		container.NewBorder(widget.NewLabelWithStyle(sh.T("materials.text"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, m.body),
		container.NewBorder(widget.NewLabelWithStyle(sh.T("materials.preview"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, container.NewVScroll(m.preview)), 0.5)
	bottom := container.NewVBox(sh.mirror(container.NewBorder(nil, nil, m.attach, nil, m.attached)), sh.mirror(container.NewHBox(m.save, m.saved)))
	m.top = container.NewVBox(m.localOnly, m.form.content())
	right := container.NewBorder(m.top, bottom, nil, nil, editor)
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
	if show := !sh.sharesPublicRecords(); show != m.localOnly.Visible() {
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
		m.attach.Disable()
		m.showAttachments()
		return
	}
	m.topic.SetText(d.Material.Topic)
	m.audience.setCode(d.Material.Audience)
	m.status.setCode(d.Material.Status)
	v, _ := d.Version(sh.loc.Language())
	m.language.setCode(v.Language)
	m.loadVersion()
	m.attach.Enable()
	m.showAttachments()
}

// loadVersion puts the current material's version in the chosen language
// into the title and body (empty if there is none yet).
func (m *MaterialsScreen) loadVersion() {
	sh := m.sh
	defer sh.applyDirection(m.content)
	lang := m.language.code()
	var v data.MaterialVersion
	var langs []string
	if m.current != nil {
		for _, x := range m.current.Versions {
			langs = append(langs, sh.languageName(x.Language))
			if x.Language == lang {
				v = x
			}
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
}

func (m *MaterialsScreen) showAttachments() {
	sh := m.sh
	defer sh.applyDirection(m.content)
	if m.current == nil || len(m.current.Attachments) == 0 {
		m.attached.SetText(sh.T("materials.no_attachments"))
		return
	}
	var names []string
	for _, a := range m.current.Attachments {
		names = append(names, a.Name)
	}
	m.attached.SetText(sh.T("materials.attachments", map[string]any{"Names": strings.Join(names, ", ")}))
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
		return tx.SaveMaterialVersion(&v, false)
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
	m.attach.Enable()
	m.showAttachments()
}

func (m *MaterialsScreen) chooseAttachment() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			m.sh.showError(err)
			return
		}
		if r == nil {
			return
		}
		defer r.Close()
		m.addAttachment(r.URI().Name(), r)
	}, m.sh.win)
	m.sh.showDialog(d)
}

// addAttachment stores the content read from r and attaches it to the
// current material under name.
func (m *MaterialsScreen) addAttachment(name string, r io.Reader) {
	sh := m.sh
	if m.current == nil {
		return
	}
	sum, size, err := sh.st.PutBlob(r)
	if err != nil {
		sh.showError(err)
		return
	}
	a := data.MaterialAttachment{MaterialID: m.current.Material.ID, SHA256: sum, Name: name, Size: size,
		MediaType: mime.TypeByExtension(filepath.Ext(name))}
	if a.MediaType == "" {
		a.MediaType = "application/octet-stream"
	}
	if err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error { return tx.Insert(&a) }); err != nil {
		sh.showError(err)
		return
	}
	m.reload(m.current.Material.ID)
}
