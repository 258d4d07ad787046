// Command navigator is Trellis's desktop app for community navigators.
//
//	navigator [--data DIR] [--lang TAG] [--screen NAME] [--name NAME] [--import PATH] [--measure]
//
// --import imports an HSDS directory (a JSON file or a data package folder)
// once the window is up, as Settings' import buttons do.
//
// With TRELLIS_WIDGET_MAP=FILE set, the app writes where its widgets are
// on screen to FILE on SIGUSR1, for the end-to-end tests (ui/widgetmap).
//
// --measure prints how long the app took from launch to its first screen
// and how long each keystroke of a family search took, then quits.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"trellis/data/store"
	"trellis/translations"
	"trellis/ui"
	"trellis/ui/fonts"
	"trellis/ui/widgetmap"
)

func main() {
	launched := time.Now()
	dataDir := flag.String("data", "", "profile folder (default $TRELLIS_DATA or Trellis in the user's configuration folder)")
	lang := flag.String("lang", "", "UI language for this run, e.g. es or zh-Hant (default: the saved choice, else the system's)")
	screen := flag.String("screen", "", "screen to open: today, families, family, directory, referrals, materials, settings, conflicts, firstrun")
	name := flag.String("name", "", "your name, as the first-run screen records it (set once, for scripted setups)")
	importPath := flag.String("import", "", "import this HSDS directory file or data package folder on start, as Settings does")
	measure := flag.Bool("measure", false, "print launch-to-first-screen and per-keystroke family search times, then quit")
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
	if *name != "" {
		if err := st.SetSetting(context.Background(), ui.SettingNavigator, *name); err != nil {
			fmt.Fprintln(os.Stderr, "navigator:", err)
			os.Exit(1)
		}
	}

	// Fyne draws a character its theme font lacks with a system font; give
	// it the bundled ones, so a Korean name shows on an Arabic screen.
	if cache, err := os.UserCacheDir(); err == nil {
		if err := fonts.InstallFallbacks(filepath.Join(cache, "trellis")); err != nil {
			fmt.Fprintln(os.Stderr, "navigator: names in other scripts may show as boxes:", err)
		}
	}

	a := app.NewWithID("org.trellis.navigator")
	sh := ui.Create(a, st, ui.Options{SystemLanguage: systemLanguage(), Language: *lang, Screen: *screen})
	if path := os.Getenv(widgetmap.EnvVar); path != "" {
		widgetmap.Serve(sh.Window(), path) // for the end-to-end tests (cmd/navigator/e2e)
	}
	a.Lifecycle().SetOnStarted(func() {
		if *importPath != "" {
			fyne.Do(func() { sh.ImportDirectory(*importPath) })
		}
		if *measure {
			go report(a, sh, launched)
		}
	})
	sh.Window().ShowAndRun()
}

// report prints the launch times (the first screen is up once the window's
// event loop has run a first task after start-up; its lists fill in from the
// store off the UI goroutine) and the family search timings, then quits.
func report(a fyne.App, sh *ui.Shell, launched time.Time) {
	fyne.DoAndWait(func() {})
	fmt.Printf("launch to first screen: %d ms\n", time.Since(launched).Milliseconds())
	sh.WaitFirstScreen()
	fmt.Printf("launch to first screen filled (Today's lists loaded): %d ms\n", time.Since(launched).Milliseconds())
	sh.WaitIdle()
	fmt.Printf("launch to search indexes warm: %d ms\n", time.Since(launched).Milliseconds())
	var timings []ui.SearchTiming
	fyne.DoAndWait(func() { timings = sh.MeasureFamilySearch(sh.SampleFamilyName()) })
	var worst time.Duration
	for _, t := range timings {
		fmt.Printf("family search keystroke %-12q %6d matches  %6.1f ms\n", t.Query, t.Matches, float64(t.Took.Microseconds())/1000)
		worst = max(worst, t.Took)
	}
	fmt.Printf("slowest keystroke: %.1f ms\n", float64(worst.Microseconds())/1000)
	fyne.Do(a.Quit)
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
