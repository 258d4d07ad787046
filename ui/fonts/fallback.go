package fonts

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	embedded "trellis/assets/fonts"
)

// InstallFallbacks makes the bundled fonts available to Fyne's fallback
// lookup, so that text in any script shows whatever the UI language: a
// Korean or Chinese family name on an Arabic or English screen, an Amharic
// service name on a Somali one. The theme font covers only the UI
// language's script; for any other character Fyne searches the system's
// font folders, and a Linux machine set up by the README has no fonts for
// Hangul, Han, Ethiopic, Gurmukhi or Arabic there.
//
// The fonts are written once into dir/fonts (a file already there with the
// same contents is left alone; a new one is written beside it and renamed
// into place) and dir is added to XDG_DATA_DIRS for this process only; the
// user's own font folders are not touched. It must run before the first
// text is drawn. Windows and macOS ship fonts for these scripts, so there
// it does nothing.
func InstallFallbacks(dir string) error {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd":
	default:
		return nil
	}
	fontDir := filepath.Join(dir, "fonts")
	if err := os.MkdirAll(fontDir, 0o755); err != nil {
		return fmt.Errorf("making the folder for the app's fonts: %w", err)
	}
	for _, name := range embedded.Names() {
		b, err := embedded.File(name)
		if err != nil {
			return err
		}
		if err := writeIfChanged(filepath.Join(fontDir, name), b); err != nil {
			return fmt.Errorf("writing font %s: %w", name, err)
		}
	}
	dirs := os.Getenv("XDG_DATA_DIRS")
	if dirs == "" {
		dirs = "/usr/local/share" + string(os.PathListSeparator) + "/usr/share" // the XDG default
	}
	for _, d := range filepath.SplitList(dirs) {
		if d == dir {
			return nil
		}
	}
	return os.Setenv("XDG_DATA_DIRS", dirs+string(os.PathListSeparator)+dir)
}

// writeIfChanged writes b to path unless the file already holds exactly b.
func writeIfChanged(path string, b []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".font-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
