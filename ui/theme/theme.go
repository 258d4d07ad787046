// Package theme is Trellis's look: Fyne's default theme with the light or
// dark variant chosen by the person (or following the system), a text size
// they can make larger, and a font chosen per UI language so that scripts
// Fyne's bundled font lacks (Chinese, Korean, Arabic, Ethiopic, Gurmukhi)
// show.
package theme

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"
)

// Mode says which colour variant to use.
type Mode string

// The colour modes offered in Settings.
const (
	ModeSystem Mode = "system" // follow the operating system
	ModeLight  Mode = "light"
	ModeDark   Mode = "dark"
)

// Modes lists the colour modes in display order.
var Modes = []Mode{ModeSystem, ModeLight, ModeDark}

// Text sizes offered in Settings, as a factor of Fyne's default sizes.
const (
	TextNormal = 1.0
	TextLarge  = 1.2
	TextLarger = 1.45
)

// TextScales lists the text size factors in display order.
var TextScales = []float32{TextNormal, TextLarge, TextLarger}

// Theme is a fyne.Theme whose variant, text size and font can be changed
// while the app runs. After changing it, call Apply so that the app redraws.
type Theme struct {
	mu    sync.RWMutex
	mode  Mode
	scale float32
	font  fyne.Resource
	bold  fyne.Resource
}

// New returns a theme following the system's variant at normal text size
// with Fyne's own font.
func New() *Theme {
	return &Theme{mode: ModeSystem, scale: TextNormal}
}

// SetMode chooses light, dark or the system's variant.
func (t *Theme) SetMode(m Mode) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch m {
	case ModeLight, ModeDark:
		t.mode = m
	default:
		t.mode = ModeSystem
	}
}

// Mode returns the chosen colour mode.
func (t *Theme) Mode() Mode {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.mode
}

// SetTextScale sets the factor text sizes are multiplied by (clamped to
// 0.8–2).
func (t *Theme) SetTextScale(f float32) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.scale = min(max(f, 0.8), 2)
}

// TextScale returns the text size factor.
func (t *Theme) TextScale() float32 {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.scale
}

// SetFont sets the font for regular text (and bold, unless SetBoldFont
// gives another); nil goes back to Fyne's font. The app calls it with
// fonts.For(language) so that the UI language's script shows.
func (t *Theme) SetFont(r fyne.Resource) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.font = r
}

// SetBoldFont sets the font for bold text; nil uses the regular font.
func (t *Theme) SetBoldFont(r fyne.Resource) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.bold = r
}

// Apply makes app redraw with the theme's current settings.
func (t *Theme) Apply(app fyne.App) {
	app.Settings().SetTheme(t)
}

// Focus colours: what a widget with the keyboard focus is overlaid with.
// Fyne's is a light tint of the primary blue, which cannot be seen on a
// blue (high-importance) button and hardly on the others; these darken a
// light variant's widget and lighten a dark one's, whatever its colour.
var (
	focusLight = color.NRGBA{R: 0x00, G: 0x00, B: 0x00, A: 0x50}
	focusDark  = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x50}
)

// Color returns the default theme's colour in the chosen variant, with a
// focus colour that shows on every button.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch t.Mode() {
	case ModeLight:
		v = fynetheme.VariantLight
	case ModeDark:
		v = fynetheme.VariantDark
	}
	if n == fynetheme.ColorNameFocus {
		if v == fynetheme.VariantDark {
			return focusDark
		}
		return focusLight
	}
	return fynetheme.DefaultTheme().Color(n, v)
}

// Font returns the chosen font for plain and bold text, Fyne's otherwise
// (monospace and symbols always come from Fyne).
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	t.mu.RLock()
	font, bold := t.font, t.bold
	t.mu.RUnlock()
	if font != nil && !s.Monospace && !s.Symbol {
		if s.Bold && bold != nil {
			return bold
		}
		return font
	}
	return fynetheme.DefaultTheme().Font(s)
}

// Icon returns Fyne's icon.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return fynetheme.DefaultTheme().Icon(n)
}

// Size returns Fyne's size, with text sizes multiplied by the text scale.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	s := fynetheme.DefaultTheme().Size(n)
	switch n {
	case fynetheme.SizeNameText, fynetheme.SizeNameHeadingText, fynetheme.SizeNameSubHeadingText,
		fynetheme.SizeNameCaptionText, fynetheme.SizeNameInlineIcon:
		return s * t.TextScale()
	}
	return s
}
