package ui

import (
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
	"trellis/ui/handout"
)

// versionSheet is the handout of the chosen version of the material being
// edited (for a group or to keep, prepared for no one in particular).
func (m *MaterialsScreen) versionSheet() (handout.MaterialSheet, bool) {
	if _, ok := m.version(); !ok {
		return handout.MaterialSheet{}, false
	}
	sh := m.sh
	return handout.NewMaterialSheet(*m.current, m.language.code(), "", sh.navigator(), sh.st.Now()), true
}

// askSaveHandout asks where to save the chosen version as a handout, as a
// PDF (or a web page, when the name given ends in .html), starting in the
// user's Documents folder, then offers to open or print it.
func (m *MaterialsScreen) askSaveHandout() {
	sh := m.sh
	sheet, ok := m.versionSheet()
	if !ok {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			sh.showError(err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		m.saveHandoutTo(sheet, path)
	}, sh.win)
	d.SetTitleText(sh.T("materials.save_handout_title"))
	d.SetConfirmText(sh.T("action.save"))
	d.SetDismissText(sh.T("action.cancel"))
	d.SetFileName(sheet.FileName(".pdf"))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf", ".html"}))
	if dir, err := storage.ListerForURI(storage.NewFileURI(documentsDir())); err == nil {
		d.SetLocation(dir)
	}
	sh.showDialog(d)
}

// saveHandoutTo writes the handout to path (PDF unless it ends in .html)
// and says so.
func (m *MaterialsScreen) saveHandoutTo(sheet handout.MaterialSheet, path string) {
	sh := m.sh
	if err := sheet.Save(path); err != nil {
		sh.showError(err)
		return
	}
	sh.fileSaved(sh.T("materials.handout_title"), path, func() { sh.printSheets([]handout.MaterialSheet{sheet}) })
}

// printVersion opens the chosen version's handout, as a PDF, with the
// computer's program for PDFs, to print it from there.
func (m *MaterialsScreen) printVersion() {
	if sheet, ok := m.versionSheet(); ok {
		m.sh.printSheets([]handout.MaterialSheet{sheet})
	}
}

// printSheets writes each handout as a PDF into the user's cache folder
// (copies older than a day are removed then) and opens it with the
// computer's program for PDFs, to print from there. It returns false if
// one could not be written (the error is shown).
func (s *Shell) printSheets(sheets []handout.MaterialSheet) bool {
	dir, err := printDir()
	if err != nil {
		s.showError(err)
		return false
	}
	removeOlder(dir, s.st.Now().Add(-24*time.Hour))
	for _, sheet := range sheets {
		path := filepath.Join(dir, sheet.FileName(".pdf"))
		if err := sheet.Save(path); err != nil {
			s.showError(err)
			return false
		}
		s.openFile(path)
	}
	return true
}

// giveMaterials is the dialog in which a navigator picks published
// materials to give a family: each in the family's language, or in English
// (said on the handout, in the family's language) when it has no version
// in it. Printing or saving the handouts records the giving on the
// family's timeline.
type giveMaterials struct {
	sh      *Shell
	p       *FamilyPage
	dlg     dialog.Dialog
	items   []store.MaterialDetail
	checks  []*check
	notes   []*widget.Label
	save    *button
	print   *button
	cancel  *button
	nothing *widget.Label
}

func showGiveMaterials(sh *Shell, p *FamilyPage) *giveMaterials {
	g := &giveMaterials{sh: sh, p: p}
	mats, err := sh.st.Materials(sh.ctx(), false)
	if err != nil {
		sh.showError(err)
		return nil
	}
	// Materials written for families first.
	for _, pass := range []bool{true, false} {
		for _, d := range mats {
			if (d.Material.Audience == "families") == pass && len(d.Versions) > 0 {
				g.items = append(g.items, d)
			}
		}
	}
	lang := p.h.HomeLanguage
	intro := wrappedLabel(sh.T("give.intro", map[string]any{"Family": p.h.Name, "Language": sh.languageName(lang)}))
	rows := container.NewVBox()
	for _, d := range g.items {
		v, ok := d.Version(lang)
		box := newCheck(sh, v.Title, func(bool) { g.enable() })
		note := widget.NewLabel("")
		note.Wrapping = fyne.TextWrapWord
		if ok {
			note.SetText(sh.T("give.in_language", map[string]any{"Language": sh.languageName(v.Language)}))
		} else {
			note.SetText(sh.T("give.fallback", map[string]any{"Language": sh.languageName(lang), "Given": sh.languageName(v.Language)}))
			note.Importance = widget.WarningImportance
		}
		g.checks = append(g.checks, box)
		g.notes = append(g.notes, note)
		rows.Add(container.NewVBox(box, container.NewPadded(note)))
	}
	g.nothing = wrappedLabel(sh.T("give.none_published"))
	if len(g.items) > 0 {
		g.nothing.Hide()
	}
	g.cancel = newButton(sh.T("action.cancel"), nil)
	g.save = newButtonWithIcon(sh.T("give.save"), fynetheme.DocumentSaveIcon(), func() {
		sh.chooseFolder(func(dir string) { g.give(dir) })
	})
	g.print = newButtonWithIcon(sh.T("give.print"), fynetheme.DocumentPrintIcon(), func() { g.give("") })
	g.print.Importance = widget.HighImportance
	g.enable()
	body := container.NewBorder(container.NewVBox(intro, g.nothing), sh.mirror(container.NewHBox(g.cancel, g.save, g.print)), nil, nil,
		container.NewVScroll(rows))
	g.dlg = dialog.NewCustomWithoutButtons(sh.T("give.title"), body, sh.win)
	g.dlg.Resize(fyne.NewSize(620, 520))
	g.cancel.OnTapped = g.dlg.Hide
	sh.showDialog(g.dlg)
	sh.applyDirection(body)
	return g
}

// enable lets the handouts be made once a material is chosen.
func (g *giveMaterials) enable() {
	for _, c := range g.checks {
		if c.Checked {
			g.save.Enable()
			g.print.Enable()
			return
		}
	}
	g.save.Disable()
	g.print.Disable()
}

// give makes the chosen handouts (saved as PDFs in dir, or opened to print
// when dir is ""), records them on the family's timeline, and closes.
func (g *giveMaterials) give(dir string) {
	sh, p := g.sh, g.p
	var sheets []handout.MaterialSheet
	for i, c := range g.checks {
		if c.Checked {
			sheets = append(sheets, handout.NewMaterialSheet(g.items[i], p.h.HomeLanguage, p.h.Name, sh.navigator(), sh.st.Now()))
		}
	}
	if len(sheets) == 0 {
		return
	}
	var saved []string
	if dir == "" {
		if !sh.printSheets(sheets) {
			return
		}
	} else {
		for _, s := range sheets {
			path := filepath.Join(dir, s.FileName(".pdf"))
			if err := s.Save(path); err != nil {
				sh.showError(err)
				return
			}
			saved = append(saved, filepath.Base(path))
		}
	}
	err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error {
		for i, c := range g.checks {
			if !c.Checked {
				continue
			}
			s := handout.NewMaterialSheet(g.items[i], p.h.HomeLanguage, p.h.Name, sh.navigator(), tx.Now())
			given := data.MaterialGiven{HouseholdID: p.id, MaterialID: g.items[i].Material.ID, Title: s.Title,
				Language: s.Lang, Wanted: p.h.HomeLanguage, Navigator: sh.navigator()}
			if err := tx.AddMaterialGiven(&given); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		sh.showError(err)
		return
	}
	g.dlg.Hide()
	p.refresh()
	if len(saved) > 0 {
		sh.showDialog(dialog.NewInformation(sh.T("give.title"), sh.display(sh.T("give.saved", map[string]any{
			"Names": strings.Join(saved, ", "), "Folder": dir})), sh.win))
	}
}
