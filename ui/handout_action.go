package ui

import (
	"bufio"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data/store"
	"trellis/ui/handout"
)

// newHandoutButton makes the button that saves the summary of a referral
// for the family, in the family's language. selected returns the referral
// to summarize, or nil when none is chosen.
func newHandoutButton(sh *Shell, selected func() *store.ReferralSummary) *button {
	return newButtonWithIcon(sh.T("handout.save"), fynetheme.DocumentSaveIcon(), func() {
		if r := selected(); r != nil {
			sh.saveHandout(r.HouseholdID, r.ServiceID)
		}
	})
}

// handoutSheet gathers the referral summary of the service for the family,
// signed with the navigator's name and phone.
func (s *Shell) handoutSheet(householdID, serviceID string) (handout.Sheet, error) {
	h, err := s.st.Household(s.ctx(), householdID)
	if err != nil {
		return handout.Sheet{}, err
	}
	svc, err := s.st.Service(s.ctx(), serviceID)
	if err != nil {
		return handout.Sheet{}, err
	}
	nav := handout.Navigator{Name: s.navigator(), Phone: s.setting(SettingNavigatorPhone)}
	return handout.New(h, svc, nav, s.st.Now()), nil
}

// saveHandout asks where to save the referral summary, starting in the
// user's Documents folder with the summary's whole file name filled in,
// writes it there and then offers to open or print it.
func (s *Shell) saveHandout(householdID, serviceID string) {
	sheet, err := s.handoutSheet(householdID, serviceID)
	if err != nil {
		s.showError(err)
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			s.showError(err)
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		w.Close()
		s.saveHandoutTo(sheet, path)
	}, s.win)
	d.SetTitleText(s.T("handout.save_title"))
	d.SetConfirmText(s.T("action.save"))
	d.SetDismissText(s.T("action.cancel"))
	d.SetFileName(sheet.FileName())
	d.SetFilter(storage.NewExtensionFileFilter([]string{".html"}))
	if dir, err := storage.ListerForURI(storage.NewFileURI(documentsDir())); err == nil {
		d.SetLocation(dir)
	}
	s.showDialog(d)
}

// saveHandoutTo writes the summary to path (whole, replacing what the
// file dialog created) and says so, offering to open or print it.
func (s *Shell) saveHandoutTo(sheet handout.Sheet, path string) {
	page, err := sheet.HTML()
	if err == nil {
		err = handout.WriteFile(path, page)
	}
	if err != nil {
		if fi, serr := os.Stat(path); serr == nil && fi.Size() == 0 {
			os.Remove(path) // the empty file the file dialog made
		}
		s.showError(err)
		return
	}
	s.handoutSaved(sheet, path)
}

// handoutSaved says where the summary was saved, with buttons to open it
// in the web browser or print it.
func (s *Shell) handoutSaved(sheet handout.Sheet, path string) {
	s.fileSaved(s.T("handout.title"), path, func() { s.printHandout(sheet) })
}

// fileSaved says where a handout was saved, with buttons to open it with
// the computer's program for it, or print it.
func (s *Shell) fileSaved(title, path string, printIt func()) {
	msg := wrappedLabel(s.T("handout.saved_to", map[string]any{"Name": filepath.Base(path), "Folder": filepath.Dir(path)}))
	open := newButtonWithIcon(s.T("handout.open"), fynetheme.FileIcon(), func() { s.openFile(path) })
	print := newButtonWithIcon(s.T("handout.print"), fynetheme.DocumentPrintIcon(), printIt)
	print.Importance = widget.HighImportance
	d := dialog.NewCustom(title, s.T("action.close"),
		container.NewVBox(msg, s.mirror(container.NewHBox(open, print, layout.NewSpacer()))), s.win)
	d.Resize(fyne.NewSize(560, 240))
	s.showDialog(d)
}

// openFile opens a file with the program the computer uses for it (a web
// browser for a summary).
func (s *Shell) openFile(path string) {
	abs, err := filepath.Abs(path)
	if err == nil {
		err = s.openURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)})
	}
	if err != nil {
		s.showError(err)
	}
}

// printHandout opens the summary in the web browser with its print dialog
// up: a copy of the page that prints itself once loaded, kept in the
// user's cache folder (copies older than a day are removed then).
func (s *Shell) printHandout(sheet handout.Sheet) {
	page, err := sheet.PrintHTML()
	if err != nil {
		s.showError(err)
		return
	}
	dir, err := printDir()
	if err == nil {
		removeOlder(dir, s.st.Now().Add(-24*time.Hour))
		path := filepath.Join(dir, sheet.FileName())
		if err = handout.WriteFile(path, page); err == nil {
			s.openFile(path)
			return
		}
	}
	s.showError(err)
}

// printDir is the folder the copies for printing go to.
func printDir() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cache, "trellis", "print")
	return dir, os.MkdirAll(dir, 0o700)
}

// removeOlder removes the files in dir last changed before t.
func removeOlder(dir string, t time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() && info.ModTime().Before(t) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// documentsDir is the user's Documents folder (as the desktop names it in
// user-dirs.dirs, else ~/Documents), or the home folder without one.
func documentsDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	isDir := func(p string) bool {
		fi, err := os.Stat(p)
		return err == nil && fi.IsDir()
	}
	if dir := xdgDocumentsDir(home); dir != "" && isDir(dir) {
		return dir
	}
	if dir := filepath.Join(home, "Documents"); isDir(dir) {
		return dir
	}
	return home
}

// xdgDocumentsDir reads XDG_DOCUMENTS_DIR from the desktop's
// user-dirs.dirs (Linux), or returns "".
func xdgDocumentsDir(home string) string {
	config := os.Getenv("XDG_CONFIG_HOME")
	if config == "" {
		config = filepath.Join(home, ".config")
	}
	f, err := os.Open(filepath.Join(config, "user-dirs.dirs"))
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !ok || key != "XDG_DOCUMENTS_DIR" {
			continue
		}
		value = strings.Trim(value, `"`)
		value = strings.Replace(value, "$HOME", home, 1)
		if filepath.IsAbs(value) {
			return value
		}
	}
	return ""
}
