package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
	"trellis/translations"
	"trellis/ui/dialogs"
	apptheme "trellis/ui/theme"
)

// SettingsScreen changes the UI language, colours and text size, shows the
// data folder, backs the whole store up to one file or restores it, and
// imports or exports the service directory.
type SettingsScreen struct {
	sh      *Shell
	content fyne.CanvasObject
	scroll  *container.Scroll

	// Who uses the app, as given at first run: changed here.
	name      *textEntry
	org       *textEntry
	phone     *textEntry
	you       *fieldForm
	saveYou   *button
	youStatus *widget.Label

	language   *widget.Select
	supervisor *check // shows the Caseloads screen
	mode       *widget.RadioGroup
	textSize   *widget.Select
	folder     *widget.Label
	copyBtn    *button
	// folderHint says how to use another folder (--data, TRELLIS_DATA).
	folderHint *widget.Label
	backupBtn  *button
	demoBtn    *button
	restore    *button
	status     *widget.Label // what the last backup or restore did
	directory  *directoryData
	sync       *syncSection
}

// view is what the sidebar shows for the screen.
func (s *SettingsScreen) view() fyne.CanvasObject { return s.content }

// refresh does nothing: Settings shows what it read when it was built,
// and its sync section refreshes itself as syncs end.
func (s *SettingsScreen) refresh() {}

func newSettingsScreen(sh *Shell) *SettingsScreen {
	p := &SettingsScreen{sh: sh}

	p.language = newLanguageSelect(sh.loc.Language(), sh.SetLanguage)

	modes := make([]string, len(apptheme.Modes))
	for i, m := range apptheme.Modes {
		modes[i] = sh.T("settings.mode_" + string(m))
	}
	p.mode = widget.NewRadioGroup(modes, nil)
	p.mode.Horizontal = true
	p.mode.Required = true
	p.mode.SetSelected(sh.T("settings.mode_" + string(sh.theme.Mode())))
	p.mode.OnChanged = func(label string) {
		for i, l := range modes {
			if l == label {
				p.setMode(apptheme.Modes[i])
			}
		}
	}

	sizes := []string{sh.T("settings.text_normal"), sh.T("settings.text_large"), sh.T("settings.text_larger")}
	p.textSize = widget.NewSelect(sizes, nil)
	p.textSize.PlaceHolder = sh.T("choice.select")
	for i, f := range apptheme.TextScales {
		if f == sh.theme.TextScale() {
			p.textSize.SetSelectedIndex(i)
		}
	}
	p.textSize.OnChanged = func(string) { p.setTextScale(apptheme.TextScales[p.textSize.SelectedIndex()]) }

	p.folder = widget.NewLabel(sh.st.Dir())
	p.folder.Wrapping = fyne.TextWrapBreak
	p.copyBtn = newButton(sh.T("settings.copy_path"), func() {
		sh.app.Clipboard().SetContent(sh.st.Dir())
	})
	p.folderHint = widget.NewLabel(sh.T("settings.folder_hint", map[string]any{"Option": "--data", "Variable": "TRELLIS_DATA"}))
	p.folderHint.Wrapping = fyne.TextWrapWord

	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.backupBtn = newButton(sh.T("settings.backup"), p.chooseBackupFolder)
	p.restore = newButton(sh.T("settings.restore"), p.chooseRestoreFile)
	p.directory = newDirectoryData(sh)
	p.sync = newSyncSection(sh)
	p.demoBtn = newButton(sh.T("settings.demo"), func() {
		p.demoBtn.Disable()
		sh.loadDemo(func() {
			p.demoBtn.Enable()
			sh.setText(p.status, sh.T("demo.done"))
		})
	})

	p.supervisor = newCheck(sh, sh.T("settings.supervisor"), p.setSupervisor)
	p.supervisor.Checked = sh.setting(SettingSupervisor) == "1"
	form := newForm(sh.rtl(),
		widget.NewFormItem(sh.T("settings.you"), p.newYouForm()),
		widget.NewFormItem(sh.T("settings.language"), p.language),
		widget.NewFormItem(sh.T("settings.mode"), p.mode),
		widget.NewFormItem(sh.T("settings.text_size"), p.textSize),
		widget.NewFormItem(sh.T("settings.folder"), container.NewVBox(sh.mirror(container.NewBorder(nil, nil, nil, p.copyBtn, p.folder)), p.folderHint)),
		widget.NewFormItem(sh.T("settings.backup_title"), container.NewVBox(sh.mirror(container.NewHBox(p.backupBtn, p.restore)), p.status)),
		widget.NewFormItem(sh.T("settings.directory_title"), p.directory.content),
		widget.NewFormItem(sh.T("settings.sync_title"), p.sync.content),
		widget.NewFormItem(sh.T("settings.demo_title"), sh.mirror(container.NewHBox(p.demoBtn))),
		widget.NewFormItem(sh.T("settings.supervisor_title"), container.NewVBox(p.supervisor, wrappedLabel(sh.T("settings.supervisor_hint")))),
	)
	title := widget.NewLabelWithStyle(sh.T("nav.settings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// The scroll bar is drawn over the content's right edge: keep the
	// buttons there (Copy, ...) clear of it.
	clear := container.New(layout.NewCustomPaddedLayout(0, 0, 0, fynetheme.ScrollBarSize()), form)
	p.scroll = container.NewVScroll(clear)
	p.content = container.NewBorder(title, nil, nil, nil, p.scroll)
	return p
}

// setSupervisor remembers whether the user supervises navigators, and
// adds or takes away the Caseloads screen.
func (p *SettingsScreen) setSupervisor(on bool) {
	if p.sh.setFlag(SettingSupervisor, on) {
		p.sh.build(ScreenSettings)
	}
}

// newYouForm shows the name and organization given at first run, and the
// phone number families reach the navigator at (printed on the referral
// summary), and saves changes to them.
func (p *SettingsScreen) newYouForm() fyne.CanvasObject {
	sh := p.sh
	p.name = newTextEntry()
	p.name.SetText(sh.navigator())
	p.name.SetPlaceHolder(sh.T("firstrun.name_hint"))
	p.org = newTextEntry()
	p.org.SetText(sh.setting(SettingOrganization))
	p.org.SetPlaceHolder(sh.T("firstrun.org_hint"))
	p.phone = newTextEntry()
	p.phone.SetText(sh.setting(SettingNavigatorPhone))
	p.phone.SetPlaceHolder(sh.T("settings.phone_hint"))
	p.you = newFieldForm(sh.loc)
	p.you.add("name", sh.T("firstrun.name"), p.name)
	p.you.add("organization", sh.T("firstrun.org"), p.org)
	p.you.add("phone", sh.T("settings.phone"), p.phone)
	p.saveYou = newButton(sh.T("action.save"), p.saveYouNow)
	p.youStatus = widget.NewLabel("")
	return container.NewVBox(p.you.content(), sh.mirror(container.NewHBox(p.saveYou, p.youStatus)))
}

// saveYouNow saves the name, organization and phone, or says beside each
// field what is wrong with it (saving none of them).
func (p *SettingsScreen) saveYouNow() {
	sh := p.sh
	name, org, phone := strings.TrimSpace(p.name.Text), strings.TrimSpace(p.org.Text), strings.TrimSpace(p.phone.Text)
	var c data.Checker
	c.Required("name", name, data.MaxName)
	c.MaxLen("organization", org, data.MaxName)
	c.Phone("phone", phone)
	if err := c.Err(); err != nil {
		if !p.you.show(err) {
			sh.showError(err)
		}
		sh.setText(p.youStatus, "")
		return
	}
	p.you.clear()
	for _, kv := range [][2]string{{SettingNavigator, name}, {SettingOrganization, org}, {SettingNavigatorPhone, phone}} {
		if err := sh.st.SetSetting(sh.ctx(), kv[0], kv[1]); err != nil {
			sh.showError(err)
			return
		}
	}
	sh.setText(p.youStatus, sh.T("settings.you_saved"))
}

// newLanguageSelect is a choice of the supported languages by their own
// names; choosing one calls onChange with its tag.
func newLanguageSelect(current string, onChange func(tag string)) *widget.Select {
	langs := translations.Supported()
	names := make([]string, len(langs))
	for i, l := range langs {
		names[i] = l.NativeName
	}
	sel := widget.NewSelect(names, nil)
	sel.SetSelected(translations.NativeName(current))
	sel.OnChanged = func(string) {
		if i := sel.SelectedIndex(); i >= 0 && langs[i].Tag != current {
			onChange(langs[i].Tag)
		}
	}
	return sel
}

func (p *SettingsScreen) setMode(m apptheme.Mode) {
	sh := p.sh
	sh.theme.SetMode(m)
	sh.theme.Apply(sh.app)
	if err := sh.st.SetSetting(sh.ctx(), SettingThemeMode, string(m)); err != nil {
		sh.showError(err)
	}
}

func (p *SettingsScreen) setTextScale(f float32) {
	sh := p.sh
	sh.theme.SetTextScale(f)
	sh.theme.Apply(sh.app)
	if err := sh.st.SetSetting(sh.ctx(), SettingTextScale, strconv.FormatFloat(float64(f), 'f', 2, 32)); err != nil {
		sh.showError(err)
	}
}

// parseScale reads a stored text scale.
func parseScale(s string) (float32, bool) {
	f, err := strconv.ParseFloat(s, 32)
	return float32(f), err == nil && f > 0
}

func (p *SettingsScreen) chooseBackupFolder() {
	p.sh.chooseFolder(func(dir string) { p.backup(dir, nil) })
}

// backupName is the file a backup made at the store's current time goes to.
func (p *SettingsScreen) backupName() string {
	return fmt.Sprintf("trellis-backup-%s.trellis", p.sh.st.Now().Format("2006-01-02-150405"))
}

// backup writes a backup into dir, showing progress; done (if not nil) is
// called with the file written or the error.
func (p *SettingsScreen) backup(dir string, done func(path string, err error)) {
	sh := p.sh
	path := filepath.Join(dir, p.backupName())
	st := sh.st
	dialogs.RunTask(sh.loc, sh.win, sh.T("settings.backup"), sh.T("progress.backup"),
		func(ctx context.Context, progress dialogs.Progress) error {
			return st.Backup(ctx, path)
		},
		sh.rememberDialog,
		func(err error) {
			if err != nil {
				sh.showError(err)
			} else {
				sh.setText(p.status, sh.T("settings.backup_done", map[string]any{"Path": path}))
			}
			if done != nil {
				done(path, err)
			}
		})
}

func (p *SettingsScreen) chooseRestoreFile() {
	p.sh.chooseFile(func(path string) { p.confirmRestore(path, nil) })
}

// confirmRestore checks that path is a Trellis backup and asks before
// replacing everything with it; done (if not nil) is called after a restore
// ran, with its error.
func (p *SettingsScreen) confirmRestore(path string, done func(error)) {
	sh := p.sh
	madeAt, err := store.CheckBackup(path)
	if err != nil {
		sh.showError(err)
		return
	}
	msg := sh.T("settings.restore_confirm", map[string]any{"File": filepath.Base(path), "Made": madeAt})
	sh.confirm(sh.T("settings.restore"), msg, sh.T("settings.restore_yes"), func() { p.restoreNow(path, done) })
}

// restoreNow closes the store, replaces it with the backup and opens it
// again, then rebuilds the window on the restored data.
func (p *SettingsScreen) restoreNow(path string, done func(error)) {
	sh := p.sh
	dir := sh.st.Dir()
	old := sh.st
	var reopened *store.Store
	dialogs.RunTask(sh.loc, sh.win, sh.T("settings.restore"), sh.T("progress.restore"),
		func(ctx context.Context, progress dialogs.Progress) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := old.Close(); err != nil {
				return err
			}
			rerr := store.Restore(dir, path)
			progress(0.7)
			st, err := sh.reopen(dir, old)
			if err != nil {
				return err
			}
			reopened = st
			return rerr
		},
		sh.rememberDialog,
		func(err error) {
			if reopened != nil {
				sh.attachStore(reopened)
				lang := sh.setting(SettingLanguage)
				if lang == "" {
					lang = sh.loc.Language()
				}
				sh.SetLanguage(lang)
			}
			if err != nil {
				sh.showError(err)
			} else if sh.settings != nil {
				sh.setText(sh.settings.status, sh.T("settings.restore_done"))
			}
			if done != nil {
				done(err)
			}
		})
}
