package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"trellis/data"
	"trellis/data/hsds"
	"trellis/data/store"
	"trellis/ui/bidi"
	"trellis/ui/dialogs"
)

const hsdsExample = "../data/hsds/testdata/examples/service_full.json"

// runImport imports path from Settings and waits for it to end.
func runImport(t *testing.T, sh *Shell, path string) {
	t.Helper()
	done := make(chan error, 1)
	sh.settings.directory.importPath(path, false, func(_ hsds.Report, err error) { done <- err })
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestSettingsImportsAndExportsTheDirectory(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShell(t, st, "en")
	sh.Show(ScreenSettings)
	runImport(t, sh, hsdsExample)
	if got := sh.settings.directory.status.Text; got != "Imported 1 services: 1 new, 0 updated. 0 services the file no longer lists are now inactive." {
		t.Errorf("status %q", got)
	}
	if _, err := st.Service(context.Background(), "ac148810-d857-441c-9679-408f346de14b"); err != nil {
		t.Fatalf("the imported service is missing: %v", err)
	}

	out := t.TempDir()
	exported := make(chan string, 1)
	sh.settings.directory.export(out, func(folder string, err error) {
		if err != nil {
			t.Error(err)
		}
		exported <- folder
	})
	folder := <-exported
	for _, f := range []string{hsds.JSONFile, "datapackage.json", "services.csv"} {
		if _, err := os.Stat(filepath.Join(folder, f)); err != nil {
			t.Errorf("the export lacks %s: %v", f, err)
		}
	}
	if !strings.Contains(sh.settings.directory.status.Text, folder) {
		t.Errorf("status %q does not say where", sh.settings.directory.status.Text)
	}
}

// offerToSkip imports a file of two services, the second with a status
// HSDS does not have, and waits for the question whether to leave it out.
// done gets the report of the import that follows the answer (the tests
// check the report, which has an error's rejects too).
func offerToSkip(t *testing.T, sh *Shell) (confirm *dialog.ConfirmDialog, done chan hsds.Report) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "condado.json")
	good := `{"id": "00000004-0000-4000-8000-000000000001", "name": "Grupo de juego", "status": "active"}`
	bad := `{"id": "00000004-0000-4000-8000-000000000002", "name": "Cuentos", "status": "cerrado"}`
	if err := os.WriteFile(file, []byte("["+good+","+bad+"]"), 0o644); err != nil {
		t.Fatal(err)
	}
	done = make(chan hsds.Report, 1)
	sh.settings.directory.importPath(file, false, func(rep hsds.Report, _ error) { done <- rep })
	// The import fails, so the UI shows the problems and asks.
	for i := 0; i < 500 && confirm == nil; i++ {
		time.Sleep(10 * time.Millisecond)
		fyne.DoAndWait(func() {
			confirm, _ = sh.topDialog().(*dialog.ConfirmDialog)
		})
	}
	if confirm == nil {
		t.Fatal("no question about the records with problems")
	}
	return confirm, done
}

func TestSettingsOffersToSkipBadRecordsInSpanish(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShell(t, st, "es")
	sh.Show(ScreenSettings)
	confirm, done := offerToSkip(t, sh)
	if all, _ := store.All[data.Service](context.Background(), st); len(all) != 0 {
		t.Fatalf("%d services imported before the user chose", len(all))
	}
	// The problem is in Spanish, naming the file, the place in it, the
	// field and the value as the file has them.
	var text string
	fyne.DoAndWait(func() { text = sh.settings.directory.problems.Text })
	for _, want := range []string{"El archivo del directorio tiene problemas",
		"• condado.json, $[1]: «status»: «cerrado» no es uno de los valores permitidos aquí.", "¿Quiere hacerlo?"} {
		if !strings.Contains(text, want) {
			t.Errorf("the problems do not say %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "not one of") {
		t.Errorf("the problems are in English:\n%s", text)
	}
	confirm.Confirm()
	rep := <-done
	if rep.Added != 1 || len(rep.Rejected) != 1 {
		t.Fatalf("report %+v", rep)
	}
	status := sh.settings.directory.status.Text
	if !strings.HasPrefix(status, "Se importaron 1 servicios") || !strings.Contains(status, "Se omitieron 1 registros") {
		t.Errorf("status %q", status)
	}
	rejects, _ := filepath.Glob(filepath.Join(st.Dir(), "directory-rejects-*.csv"))
	if len(rejects) != 1 {
		t.Fatalf("rejects files %v", rejects)
	}
	b, _ := os.ReadFile(rejects[0])
	if !strings.Contains(string(b), "condado.json,$[1],service,00000004-0000-4000-8000-000000000002,status") {
		t.Errorf("rejects file:\n%s", b)
	}
}

func TestSettingsExplainsAnUnreadableDirectoryFile(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShell(t, st, "en")
	sh.Show(ScreenSettings)
	file := filepath.Join(t.TempDir(), "county.json")
	if err := os.WriteFile(file, []byte(`[{"id": `), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	sh.settings.directory.importPath(file, false, func(_ hsds.Report, err error) { done <- err })
	err := <-done
	if err == nil {
		t.Fatal("a broken file was imported")
	}
	// Leaving records out cannot help a file that is not JSON: no offer,
	// just the explanation.
	var top any
	fyne.DoAndWait(func() { top = sh.topDialog() })
	if _, isOffer := top.(*dialog.ConfirmDialog); isOffer || top == nil {
		t.Errorf("top dialog %T, want the error explanation", top)
	}
	var text string
	fyne.DoAndWait(func() { text = sh.settings.directory.problems.Text })
	if text != dialogs.ErrorText(sh.loc, err) {
		t.Errorf("the dialog says %q, not the error's explanation", text)
	}
	if !strings.HasPrefix(text, "The directory file has problems (1 in all), so nothing was imported.") ||
		!strings.Contains(text, "• county.json, line 1, column 9: The file ends too early: part of it is missing.") {
		t.Errorf("explanation %q", text)
	}
}

// In Arabic the problems are in Arabic, with the file's own names (file,
// JSON path, field, value) as they are, and each line in display order for
// a right-to-left reader (ui/bidi), right-aligned.
func TestSettingsShowsDirectoryProblemsInArabic(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShell(t, st, "ar")
	sh.Show(ScreenSettings)
	confirm, done := offerToSkip(t, sh)
	var text string
	var align fyne.TextAlign
	fyne.DoAndWait(func() { text, align = sh.settings.directory.problems.Text, sh.settings.directory.problems.Alignment })
	shown := bidi.Strip(text)
	for _, want := range []string{"في ملف الدليل مشكلات", "condado.json", "$[1]", "status", "cerrado", "ليست من القيم المسموح بها هنا", "في الحقل"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the problems do not show %q:\n%s", want, shown)
		}
	}
	if strings.Contains(shown, "not one of") {
		t.Errorf("the problems are in English:\n%s", shown)
	}
	if align != fyne.TextAlignTrailing {
		t.Errorf("the problems are aligned %v, want trailing", align)
	}
	// The problem's line reads right to left: from the right, the place in
	// the file, the file, the Arabic explanation with the value and then
	// the field, each name of the file's kept whole.
	var line string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "cerrado") {
			line = l
		}
	}
	if line == "" || !strings.HasPrefix(line, "\u200f") {
		t.Fatalf("the problem's line is not in display order: %q\n%q", line, text)
	}
	visual := bidi.Strip(line)
	order := []string{"status", "cerrado", "condado.json", "$[1]"}
	for i := 1; i < len(order); i++ {
		if a, b := strings.Index(visual, order[i-1]), strings.Index(visual, order[i]); a < 0 || b < a {
			t.Errorf("drawn left to right, %q should come before %q: %q", order[i-1], order[i], visual)
		}
	}
	confirm.Dismiss()
	<-done
}

func TestServiceDetailShowsSourceAndWhenVerified(t *testing.T) {
	st := openTestStore(t)
	if _, err := hsds.ImportPath(context.Background(), st, hsdsExample, hsds.Options{Source: "King County directory"}); err != nil {
		t.Fatal(err)
	}
	sh := newTestShell(t, st, "es")
	d, err := st.Service(context.Background(), "ac148810-d857-441c-9679-408f346de14b")
	if err != nil {
		t.Fatal(err)
	}
	md := serviceMarkdown(sh, &d, sh.loc.Language())
	if !strings.Contains(md, "Fuente: King County directory") || !strings.Contains(md, "2005-01-01") {
		t.Errorf("the service detail does not say where it comes from and when it was checked:\n%s", md)
	}
}
