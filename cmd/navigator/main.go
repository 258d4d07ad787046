// Command navigator is Trellis's desktop app for community navigators.
//
//	navigator [--data DIR] [--lang TAG] [--screen NAME] [--measure]
package main

import (
	"flag"
	"fmt"
	"os"

	"fyne.io/fyne/v2/app"

	"trellis/data/store"
	"trellis/translations"
	"trellis/ui"
)

func main() {
	dataDir := flag.String("data", "", "profile folder (default $TRELLIS_DATA or Trellis in the user's configuration folder)")
	lang := flag.String("lang", "", "UI language for this run, e.g. es or zh-Hant (default: the saved choice, else the system's)")
	screen := flag.String("screen", "", "screen to open: today, families, family, directory, referrals, materials, settings, firstrun")
	flag.Parse()

	dir := *dataDir
	if dir == "" {
		var err error
		if dir, err = store.DefaultDir(); err != nil {
			fmt.Fprintln(os.Stderr, "navigator:", err)
			os.Exit(1)
		}
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "navigator:", err)
		os.Exit(1)
	}
	defer st.Close()

	a := app.NewWithID("org.trellis.navigator")
	sh := ui.Create(a, st, ui.Options{SystemLanguage: systemLanguage(), Language: *lang, Screen: *screen})
	sh.Window().ShowAndRun()
}

// systemLanguage is the supported language closest to the system locale.
func systemLanguage() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l != "" {
			return translations.Match(l)
		}
	}
	return translations.Fallback
}
