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

func TestSettingsOffersToSkipBadRecordsInSpanish(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShell(t, st, "es")
	sh.Show(ScreenSettings)
	file := filepath.Join(t.TempDir(), "condado.json")
	good := `{"id": "00000004-0000-4000-8000-000000000001", "name": "Grupo de juego", "status": "active"}`
	bad := `{"id": "00000004-0000-4000-8000-000000000002", "name": "Cuentos", "status": "cerrado"}`
	if err := os.WriteFile(file, []byte("["+good+","+bad+"]"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan hsds.Report, 1)
	sh.settings.directory.importPath(file, false, func(rep hsds.Report, err error) {
		if err != nil {
			t.Error(err)
		}
		done <- rep
	})
	// The import fails, so the UI shows the problems and asks.
	var confirm *dialog.ConfirmDialog
	for i := 0; i < 500 && confirm == nil; i++ {
		time.Sleep(10 * time.Millisecond)
		fyne.DoAndWait(func() {
			if n := len(sh.dialogs); n > 0 {
				confirm, _ = sh.dialogs[n-1].(*dialog.ConfirmDialog)
			}
		})
	}
	if confirm == nil {
		t.Fatal("no question about the records with problems")
	}
	if all, _ := store.All[data.Service](context.Background(), st); len(all) != 0 {
		t.Fatalf("%d services imported before the user chose", len(all))
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
	fyne.DoAndWait(func() {
		if n := len(sh.dialogs); n > 0 {
			top = sh.dialogs[n-1]
		}
	})
	if _, isOffer := top.(*dialog.ConfirmDialog); isOffer || top == nil {
		t.Errorf("top dialog %T, want the error explanation", top)
	}
	text := dialogs.ErrorText(sh.loc, err)
	if !strings.HasPrefix(text, "The directory file has problems (1 in all), so nothing was imported.") || !strings.Contains(text, "county.json line 1, column 9: not valid JSON") {
		t.Errorf("explanation %q", text)
	}
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
