package theme

import (
	"strings"
	"sync"

	"fyne.io/fyne/v2"
)

type fontPair struct{ regular, bold fyne.Resource }

var (
	fontsMu sync.RWMutex
	fonts   = map[string]fontPair{}
)

// RegisterFont says which font shows a UI language (a BCP 47 tag such as
// "ar" or "zh-Hant"): regular and bold (bold may be nil). The language
// setup registers a font for each script Fyne's own font lacks.
func RegisterFont(lang string, regular, bold fyne.Resource) {
	fontsMu.Lock()
	defer fontsMu.Unlock()
	fonts[lang] = fontPair{regular, bold}
}

// FontFor returns the fonts registered for lang (trying the exact tag, then
// its base language), or nils for Fyne's own font.
func FontFor(lang string) (regular, bold fyne.Resource) {
	fontsMu.RLock()
	defer fontsMu.RUnlock()
	if p, ok := fonts[lang]; ok {
		return p.regular, p.bold
	}
	if i := strings.IndexByte(lang, '-'); i > 0 {
		if p, ok := fonts[lang[:i]]; ok {
			return p.regular, p.bold
		}
	}
	return nil, nil
}
