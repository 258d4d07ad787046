package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"trellis/data/hsds"
	"trellis/ui/dialogs"
)

// directoryData is the part of Settings that imports a county's service
// directory in Open Referral HSDS 3.0 and exports this one, with progress.
type directoryData struct {
	sh           *Shell
	importFile   *widget.Button
	importFolder *widget.Button
	exportBtn    *widget.Button
	status       *widget.Label // what the last import or export did
	problems     *widget.Label // the problems of the file last offered to import in part
	content      fyne.CanvasObject
}

func newDirectoryData(sh *Shell) *directoryData {
	d := &directoryData{sh: sh}
	d.importFile = widget.NewButton(sh.T("settings.directory_import_file"), d.chooseFile)
	d.importFolder = widget.NewButton(sh.T("settings.directory_import_folder"), d.chooseFolder)
	d.exportBtn = widget.NewButton(sh.T("settings.directory_export"), d.chooseExportFolder)
	hint := widget.NewLabel(sh.T("settings.directory_hint"))
	hint.Wrapping = fyne.TextWrapWord
	d.status = widget.NewLabel("")
	d.status.Wrapping = fyne.TextWrapWord
	d.content = container.NewVBox(hint, sh.mirror(container.NewHBox(d.importFile, d.importFolder, d.exportBtn)), d.status)
	return d
}

// ImportDirectory imports the HSDS directory at path (a JSON file or a data
// package folder) as Settings' import buttons do: Settings is shown, with
// the progress, and a file with problems lists them and offers to import
// the rest.
func (s *Shell) ImportDirectory(path string) {
	s.Show(ScreenSettings)
	s.settings.directory.importPath(path, false, nil)
}

func (d *directoryData) chooseFile() {
	d.sh.askIfLocalOnly(func() { d.sh.chooseFile(func(path string) { d.importPath(path, false, nil) }) })
}
func (d *directoryData) chooseFolder() {
	d.sh.askIfLocalOnly(func() { d.sh.chooseFolder(func(dir string) { d.importPath(dir, false, nil) }) })
}

// askIfLocalOnly runs importDirectory at once, unless this laptop is
// enrolled as a navigator's: the county server takes no directory records
// from it, so it first asks whether to import for this laptop only.
func (s *Shell) askIfLocalOnly(importDirectory func()) {
	if s.sharesTable("dir_services") {
		importDirectory()
		return
	}
	s.showDialog(dialog.NewCustomConfirm(s.T("directory.local_title"), s.T("directory.import_anyway"), s.T("action.cancel"),
		wrappedLabel(s.T("directory.local_only")), func(ok bool) {
			if ok {
				importDirectory()
			}
		}, s.win))
}

// sharesTable says whether the county server takes this laptop's changes
// to table: false only when its enrolment's role may not write it (see
// store.SyncDevice.SharesTable).
func (s *Shell) sharesTable(table string) bool {
	dev, ok, err := s.st.SyncDevice(s.ctx())
	return err != nil || !ok || dev.SharesTable(table)
}
func (d *directoryData) chooseExportFolder() {
	d.sh.chooseFolder(func(dir string) { d.export(dir, nil) })
}

// chooseFile asks for a file to open and calls fn with its path.
func (s *Shell) chooseFile(fn func(path string)) {
	s.showDialog(dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.showError(err)
			return
		}
		if r != nil {
			path := r.URI().Path()
			r.Close()
			fn(path)
		}
	}, s.win))
}

// chooseFolder asks for a folder and calls fn with its path.
func (s *Shell) chooseFolder(fn func(path string)) {
	s.showDialog(dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			s.showError(err)
			return
		}
		if dir != nil {
			fn(dir.Path())
		}
	}, s.win))
}

// importPath imports the HSDS directory at path with a progress bar. If
// the file has problems and skipInvalid is false, the problems are shown
// and the user may import the valid records instead. done (if not nil) is
// called when an import ends, with its report and error.
func (d *directoryData) importPath(path string, skipInvalid bool, done func(hsds.Report, error)) {
	sh := d.sh
	st := sh.st
	var rep hsds.Report
	var rejects string // where the records left out are listed
	dialogs.RunTask(sh.loc, sh.win, sh.T("settings.directory_title"), sh.T("progress.directory_import"),
		func(ctx context.Context, progress dialogs.Progress) error {
			var err error
			rep, err = hsds.ImportPath(ctx, st, path, hsds.Options{SkipInvalid: skipInvalid, Progress: func(n, total int) {
				if total > 0 {
					progress(float64(n) / float64(total))
				}
			}})
			if err == nil && len(rep.Rejected) > 0 {
				rejects = filepath.Join(st.Dir(), fmt.Sprintf("directory-rejects-%s.csv", st.Now().Format("2006-01-02-150405")))
				err = hsds.WriteProblemsFile(rejects, rep.Rejected)
			}
			return err
		},
		sh.rememberDialog,
		func(err error) {
			var ie *hsds.InvalidError
			switch {
			case errors.As(err, &ie) && ie.RecordsOnly() && !skipInvalid:
				d.offerSkip(path, ie, done)
				return
			case ie != nil:
				d.showProblems(ie)
			case err != nil:
				sh.showError(err)
			default:
				sh.setText(d.status, d.importedText(rep, rejects))
			}
			if done != nil {
				done(rep, err)
			}
		})
}

// importedText says what an import did, and where the records it left
// out are listed.
func (d *directoryData) importedText(rep hsds.Report, rejects string) string {
	text := d.sh.T("directory.imported", map[string]any{"Services": rep.Added + rep.Updated,
		"Added": rep.Added, "Updated": rep.Updated, "Inactive": len(rep.Deactivated)})
	if n := len(rep.Rejected); n > 0 {
		text += "\n" + d.sh.T("directory.rejected", map[string]any{"Count": n, "Path": rejects})
	}
	return text
}

// problemsText is a scrolling text of a file's problems (and whatever
// follows them), which the dialog showing it puts in the UI language's
// direction once shown (see Shell.directDialog).
func (d *directoryData) problemsText(text string) *container.Scroll {
	d.problems = wrappedLabel(text)
	return container.NewVScroll(d.problems)
}

// showProblems shows the problems of a file that cannot be imported at
// all (not JSON, not HSDS, ...).
func (d *directoryData) showProblems(ie *hsds.InvalidError) {
	sh := d.sh
	scroll := d.problemsText(dialogs.ErrorText(sh.loc, ie))
	c := dialog.NewCustom(sh.T("error.title"), sh.T("action.ok"), scroll, sh.win)
	c.Resize(fyne.NewSize(560, 260))
	sh.showDialog(c)
}

// offerSkip shows a file's problems and offers to import the valid
// records and leave the others out.
func (d *directoryData) offerSkip(path string, ie *hsds.InvalidError, done func(hsds.Report, error)) {
	sh := d.sh
	scroll := d.problemsText(dialogs.ErrorText(sh.loc, ie) + "\n\n" + sh.T("directory.skip_question"))
	c := dialog.NewCustomConfirm(sh.T("directory.skip_title"), sh.T("directory.skip_yes"), sh.T("action.cancel"),
		scroll, func(ok bool) {
			if ok {
				d.importPath(path, true, done)
			} else if done != nil {
				done(hsds.Report{}, ie)
			}
		}, sh.win)
	c.Resize(fyne.NewSize(640, 420))
	sh.showDialog(c)
}

// export writes the directory in both HSDS forms into a new folder inside
// dir; done (if not nil) is called with the folder or the error.
func (d *directoryData) export(dir string, done func(folder string, err error)) {
	sh := d.sh
	st := sh.st
	folder := filepath.Join(dir, fmt.Sprintf("trellis-directory-%s", st.Now().Format("2006-01-02-150405")))
	dialogs.RunTask(sh.loc, sh.win, sh.T("settings.directory_title"), sh.T("progress.directory_export"),
		func(ctx context.Context, progress dialogs.Progress) error {
			_, err := hsds.Export(ctx, st, folder, "")
			return err
		},
		sh.rememberDialog,
		func(err error) {
			if err != nil {
				sh.showError(err)
			} else {
				sh.setText(d.status, sh.T("directory.exported", map[string]any{"Path": folder}))
			}
			if done != nil {
				done(folder, err)
			}
		})
}
