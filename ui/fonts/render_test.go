package fonts

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"trellis/ui/bidi"
)

// fontTheme is Fyne's default theme with the text font of one language.
type fontTheme struct {
	fyne.Theme
	lang string
}

func (f fontTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return f.Theme.Font(s)
	}
	if s.Bold && Bold(f.lang) != nil {
		return Bold(f.lang)
	}
	if r := For(f.lang); r != nil {
		return r
	}
	return f.Theme.Font(s)
}

// draw renders text with Fyne's software painter in lang's theme font.
func draw(t *testing.T, lang, text string) image.Image {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(fontTheme{theme.DefaultTheme(), lang})
	w := test.NewTempWindow(t, canvas.NewText(text, color.Black))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(320, 40))
	return w.Canvas().Capture()
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}

func inked(img image.Image) bool {
	first := img.At(0, 0)
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			if img.At(x, y) != first {
				return true
			}
		}
	}
	return false
}

// The marks bidi.Display adds must draw nothing, in every theme font.
func TestDirectionMarksDrawNothingInFyne(t *testing.T) {
	for _, lang := range []string{"en", "ar", "am", "zh-Hans", "ko", "pa"} {
		plain := draw(t, lang, "Head Start 98101")
		marked := draw(t, lang, "\u200F\u200EHead Start 98101\u200E")
		if !inked(plain) {
			t.Fatalf("%s: nothing was drawn", lang)
		}
		if !sameImage(plain, marked) {
			t.Errorf("%s: direction marks changed the drawing", lang)
		}
	}
}

// A mixed Arabic line passed through bidi.Display must draw differently
// from the raw string (the runs move), and the Arabic sample draws in the
// Arabic font at all.
func TestBidiDisplayChangesTheDrawingOfAMixedLine(t *testing.T) {
	line := "عمره 3 سنوات"
	raw := draw(t, "ar", line)
	shown := draw(t, "ar", bidi.Display(line, true))
	if !inked(raw) || sameImage(raw, shown) {
		t.Error("bidi.Display did not change how Fyne draws a mixed Arabic line")
	}
}
