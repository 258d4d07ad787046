// Package fonts embeds the font files Trellis bundles for the scripts that
// Fyne's built-in Noto Sans lacks: Arabic, Ethiopic (Amharic, Tigrinya),
// Gurmukhi (Punjabi), Hangul (Korean) and Han (Chinese, Simplified and
// Traditional). Each is a single-face .ttf, never a .ttc collection (Fyne
// cannot use a collection as a theme font). Where each file comes from and
// its licence are in README.md and LICENSES/ beside this file.
package fonts

import (
	"embed"
	"fmt"
)

// The bundled font files, by script.
const (
	ArabicRegular   = "NotoSansArabicUI-Regular.ttf"
	ArabicBold      = "NotoSansArabicUI-Bold.ttf"
	EthiopicRegular = "NotoSansEthiopic-Regular.ttf"
	EthiopicBold    = "NotoSansEthiopic-Bold.ttf"
	GurmukhiRegular = "NotoSansGurmukhiUI-Regular.ttf"
	GurmukhiBold    = "NotoSansGurmukhiUI-Bold.ttf"
	HangulRegular   = "NanumSquareR.ttf"
	HangulBold      = "NanumSquareB.ttf"
	// HanRegular covers Simplified and Traditional Chinese; it has no bold.
	HanRegular = "DroidSansFallbackFull.ttf"
)

//go:embed *.ttf
var files embed.FS

// File returns the content of one bundled font file, named by one of the
// constants above.
func File(name string) ([]byte, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("no bundled font file %q: %w", name, err)
	}
	return b, nil
}

// Names lists every bundled font file.
func Names() []string {
	entries, _ := files.ReadDir(".")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
