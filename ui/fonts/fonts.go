// Package fonts chooses the theme font for a UI language from the fonts
// bundled in assets/fonts, and checks which characters of a text no font
// in use can draw (they would show as boxes).
package fonts

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"fyne.io/fyne/v2"
	"golang.org/x/image/font/sfnt"

	embedded "trellis/assets/fonts"
)

// Script is a writing system that needs a bundled font.
type Script string

// The scripts with a bundled font. Latin, Cyrillic and Vietnamese are
// drawn by Fyne's own font and have no Script here.
const (
	Arabic   Script = "Arab"
	Ethiopic Script = "Ethi"
	Gurmukhi Script = "Guru"
	Hangul   Script = "Hang"
	Han      Script = "Hani"
)

// files maps each script to its regular and bold font file names.
var files = map[Script][2]string{
	Arabic:   {embedded.ArabicRegular, embedded.ArabicBold},
	Ethiopic: {embedded.EthiopicRegular, embedded.EthiopicBold},
	Gurmukhi: {embedded.GurmukhiRegular, embedded.GurmukhiBold},
	Hangul:   {embedded.HangulRegular, embedded.HangulBold},
	Han:      {embedded.HanRegular, embedded.HanRegular},
}

// ScriptOf returns the script a UI language (a BCP 47 tag such as "ar",
// "zh-Hant" or "zh-TW") is written in when that script needs a bundled
// font, or "" when Fyne's own font draws it.
func ScriptOf(lang string) Script {
	base, _, _ := strings.Cut(strings.ToLower(strings.ReplaceAll(lang, "_", "-")), "-")
	switch base {
	case "ar":
		return Arabic
	case "am", "ti":
		return Ethiopic
	case "pa":
		return Gurmukhi
	case "ko":
		return Hangul
	case "zh":
		return Han
	}
	return ""
}

var (
	resourcesMu sync.Mutex
	resources   = map[string]fyne.Resource{}
)

// resource returns the bundled font file as a fyne.Resource, loading it
// once. The files are embedded, so a failure is a broken build.
func resource(name string) fyne.Resource {
	resourcesMu.Lock()
	defer resourcesMu.Unlock()
	if r, ok := resources[name]; ok {
		return r
	}
	b, err := embedded.File(name)
	if err != nil {
		panic(err)
	}
	r := fyne.NewStaticResource(name, b)
	resources[name] = r
	return r
}

// For returns the theme font for regular text in the UI language lang, or
// nil when Fyne's default font covers the language.
func For(lang string) fyne.Resource {
	f, ok := files[ScriptOf(lang)]
	if !ok {
		return nil
	}
	return resource(f[0])
}

// Bold returns the theme font for bold text in lang (the regular face when
// the script has no bundled bold), or nil for Fyne's default.
func Bold(lang string) fyne.Resource {
	f, ok := files[ScriptOf(lang)]
	if !ok {
		return nil
	}
	return resource(f[1])
}

var (
	parsedMu sync.Mutex
	parsed   = map[fyne.Resource]*sfnt.Font{}
)

func parse(r fyne.Resource) (*sfnt.Font, error) {
	parsedMu.Lock()
	defer parsedMu.Unlock()
	if f, ok := parsed[r]; ok {
		return f, nil
	}
	f, err := sfnt.Parse(r.Content())
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", r.Name(), err)
	}
	parsed[r] = f
	return f, nil
}

// Covers reports whether font has a glyph for r. It fails when the font
// does not parse.
func Covers(font fyne.Resource, r rune) (bool, error) {
	f, err := parse(font)
	if err != nil {
		return false, err
	}
	var buf sfnt.Buffer
	g, err := f.GlyphIndex(&buf, r)
	return err == nil && g != 0, nil
}

// Missing returns, in order of first appearance and without repeats, the
// characters of text that none of faces can draw. Faces are tried in turn,
// as Fyne falls back from the theme font to its own; nil faces and fonts
// that do not parse are skipped. Invisible formatting characters (controls,
// bidi and joiner marks, variation selectors) are never reported.
func Missing(text string, faces ...fyne.Resource) []rune {
	var missing []rune
	seen := map[rune]bool{}
	for _, r := range text {
		if seen[r] || invisible(r) {
			continue
		}
		seen[r] = true
		found := false
		for _, face := range faces {
			if face == nil {
				continue
			}
			if ok, err := Covers(face, r); err == nil && ok {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, r)
		}
	}
	return missing
}

// invisible reports whether r is drawn as nothing, so needs no glyph.
func invisible(r rune) bool {
	return unicode.IsControl(r) ||
		unicode.In(r, unicode.Bidi_Control, unicode.Join_Control, unicode.Variation_Selector) ||
		r == '\u200B' || r == '\u2060' || r == '\uFEFF'
}
