package fonts

import (
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/go-text/typesetting/fontscan"
	"github.com/go-text/typesetting/language"

	embedded "trellis/assets/fonts"
)

// scanDir, once made, is the folder TestInstallFallbacksLetsFyneFindEveryScript
// installs into. fontscan indexes the system fonts once per process, so a
// second run of the test (go test -count=2) must find the fonts where the
// first run put them.
var scanDir struct {
	sync.Once
	path string
	err  error
}

func fontscanDir(t *testing.T) string {
	scanDir.Do(func() { scanDir.path, scanDir.err = os.MkdirTemp("", "trellis-fonts-") })
	if scanDir.err != nil {
		t.Fatal(scanDir.err)
	}
	return scanDir.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if scanDir.path != "" {
		os.RemoveAll(scanDir.path)
	}
	os.Exit(code)
}

// TestInstallFallbacksLetsFyneFindEveryScript checks, with the same font
// search Fyne uses for characters its theme font lacks, that after
// InstallFallbacks a font is found for a letter of each bundled script.
func TestInstallFallbacksLetsFyneFindEveryScript(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the fallback folder is only used on Linux and the BSDs")
	}
	dir := fontscanDir(t)
	t.Setenv("XDG_DATA_DIRS", "/usr/share")
	if err := InstallFallbacks(dir); err != nil {
		t.Fatal(err)
	}
	if got := os.Getenv("XDG_DATA_DIRS"); got != "/usr/share"+string(os.PathListSeparator)+dir {
		t.Fatalf("XDG_DATA_DIRS = %q, want /usr/share then %s", got, dir)
	}
	for _, name := range embedded.Names() {
		want, _ := embedded.File(name)
		got, err := os.ReadFile(filepath.Join(dir, "fonts", name))
		if err != nil || len(got) != len(want) {
			t.Fatalf("font %s not written whole (%d of %d bytes): %v", name, len(got), len(want), err)
		}
	}
	fm := fontscan.NewFontMap(log.New(io.Discard, "", 0))
	if err := fm.UseSystemFonts(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	for _, r := range []rune{'한', '中', '體', 'አ', 'ਪ', 'ع'} {
		fm.SetQuery(fontscan.Query{Families: []string{fontscan.SansSerif}})
		fm.SetScript(language.LookupScript(r))
		face := fm.ResolveFace(r)
		if face == nil {
			t.Errorf("%q: no font found", r)
			continue
		}
		if _, ok := face.NominalGlyph(r); !ok {
			t.Errorf("%q: the font found (%s) cannot draw it", r, fm.FontLocation(face.Font).File)
		}
	}
}

// TestInstallFallbacksIsIdempotent checks that a second start neither
// rewrites the fonts nor adds the folder to XDG_DATA_DIRS twice.
func TestInstallFallbacksIsIdempotent(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the fallback folder is only used on Linux and the BSDs")
	}
	dir := t.TempDir()
	t.Setenv("XDG_DATA_DIRS", "")
	if err := InstallFallbacks(dir); err != nil {
		t.Fatal(err)
	}
	first := os.Getenv("XDG_DATA_DIRS")
	if !strings.HasPrefix(first, "/usr/local/share:/usr/share:") {
		t.Errorf("an empty XDG_DATA_DIRS must keep the XDG default folders, got %q", first)
	}
	name := embedded.Names()[0]
	path := filepath.Join(dir, "fonts", name)
	before, _ := os.Stat(path)
	if err := InstallFallbacks(dir); err != nil {
		t.Fatal(err)
	}
	if got := os.Getenv("XDG_DATA_DIRS"); got != first {
		t.Errorf("second call changed XDG_DATA_DIRS from %q to %q", first, got)
	}
	after, _ := os.Stat(path)
	if !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("second call rewrote %s", name)
	}
	if err := os.WriteFile(path, []byte("broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := InstallFallbacks(dir); err != nil {
		t.Fatal(err)
	}
	want, _ := embedded.File(name)
	if got, _ := os.ReadFile(path); len(got) != len(want) {
		t.Errorf("a damaged font file was not replaced (%d bytes, want %d)", len(got), len(want))
	}
}
