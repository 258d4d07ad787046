package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/translations"
	"trellis/ui/bidi"
	"trellis/ui/fonts"
)

// visibleObjects lays out o as it is shown and returns every visible
// object under it, going into widgets' renderers (where labels, buttons
// and form items draw their text).
func visibleObjects(o fyne.CanvasObject) []fyne.CanvasObject {
	if o == nil || !o.Visible() {
		return nil
	}
	out := []fyne.CanvasObject{o}
	switch c := o.(type) {
	case fyne.Widget:
		r := c.CreateRenderer()
		r.Layout(c.Size())
		for _, child := range r.Objects() {
			out = append(out, visibleObjects(child)...)
		}
	case *fyne.Container:
		for _, child := range c.Objects {
			out = append(out, visibleObjects(child)...)
		}
	}
	return out
}

// fontsInUse is the chain Fyne draws text of a style with: the theme's
// font, then Fyne's own font. Fyne's symbol font is left out on purpose:
// an arrow it supplies was drawn with a box beside it under Xvfb, so text
// must not rely on it.
func fontsInUse(sh *Shell, style fyne.TextStyle) []fyne.Resource {
	return []fyne.Resource{sh.theme.Font(style), fynetheme.DefaultTheme().Font(style)}
}

// checkScreen fails when a text on the screen shown has a character none
// of the fonts in use can draw, or when a one-line label is given less
// room than its text needs, or the screen needs more room than the window.
func checkScreen(t *testing.T, sh *Shell, lang, screen string) (texts int) {
	t.Helper()
	content := sh.win.Content()
	if min, size := content.MinSize(), sh.win.Canvas().Size(); min.Width > size.Width+0.5 || min.Height > size.Height+0.5 {
		t.Errorf("%s %s: the screen needs %v but the window is %v", lang, screen, min, size)
	}
	for _, o := range visibleObjects(content) {
		switch w := o.(type) {
		case *canvas.Text:
			if w.Text == "" {
				continue
			}
			texts++
			if missing := fonts.Missing(w.Text, fontsInUse(sh, w.TextStyle)...); len(missing) > 0 {
				t.Errorf("%s %s: no glyph for %q in %q", lang, screen, string(missing), w.Text)
			}
		case *widget.Label:
			if w.Wrapping != fyne.TextWrapOff || w.Truncation != fyne.TextTruncateOff || w.Size().Width == 0 {
				continue
			}
			if need, got := w.MinSize().Width, w.Size().Width; need > got+0.5 {
				t.Errorf("%s %s: label %q needs %.0f wide but has %.0f", lang, screen, w.Text, need, got)
			}
		}
	}
	return texts
}

// Every screen, in every language, draws every character of its text with
// the fonts in use and fits its labels.
func TestEveryScreenInEveryLanguageRendersItsText(t *testing.T) {
	for _, l := range translations.Supported() {
		t.Run(l.Tag, func(t *testing.T) {
			first := Create(test.NewTempApp(t), openTestStore(t), Options{Language: l.Tag, Background: inline})
			first.win.Resize(fyne.NewSize(1100, 720))
			t.Cleanup(first.win.Close)
			if checkScreen(t, first, l.Tag, ScreenFirstRun) == 0 {
				t.Errorf("%s: the first-run screen shows no text", l.Tag)
			}

			st := openTestStore(t)
			h, _ := addFamily(t, st, "Hassan", "ar", "98101")
			sh := newTestShell(t, st, l.Tag)
			if len(sh.sidebar) < 2 {
				t.Fatalf("only %d screens in the sidebar", len(sh.sidebar))
			}
			for _, it := range sh.sidebar {
				screen := it.name
				sh.Show(screen)
				if checkScreen(t, sh, l.Tag, screen) == 0 {
					t.Errorf("%s %s: no text drawn", l.Tag, screen)
				}
			}
			sh.openFamily(h.ID)
			if checkScreen(t, sh, l.Tag, ScreenFamily) == 0 {
				t.Errorf("%s: the family page shows no text", l.Tag)
			}
		})
	}
}

// The check can fail: Fyne's own font lacks the Arabic, Ethiopic, Gurmukhi,
// Hangul and Han glyphs of those languages' screens.
func TestWithoutTheBundledFontsGlyphsWouldBeMissing(t *testing.T) {
	for _, lang := range []string{"ar", "am", "pa", "ko", "zh-Hant"} {
		sh := newTestShell(t, openTestStore(t), lang)
		missing := 0
		for _, o := range visibleObjects(sh.win.Content()) {
			if txt, ok := o.(*canvas.Text); ok {
				missing += len(fonts.Missing(txt.Text, fynetheme.DefaultTheme().Font(txt.TextStyle)))
			}
		}
		if missing == 0 {
			t.Errorf("%s: Fyne's font alone drew everything; the screen check would prove nothing", lang)
		}
	}
}

// In Arabic the sidebar is on the right, labels are right-aligned and
// texts are in display order; in English nothing changes.
func TestArabicIsLaidOutRightToLeft(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShell(t, st, "ar")
	if sh.sidebarSide() != container.TabLocationTrailing {
		t.Errorf("Arabic sidebar location %v", sh.sidebarSide())
	}
	labels, ordered := 0, 0
	for _, o := range visibleObjects(sh.win.Content()) {
		l, ok := o.(*widget.Label)
		if !ok || l.Text == "" {
			continue
		}
		labels++
		if l.Alignment == fyne.TextAlignLeading {
			t.Errorf("label %q is left-aligned in Arabic", l.Text)
		}
		if bidi.Strip(l.Text) != l.Text {
			ordered++
		}
	}
	if labels == 0 || ordered == 0 {
		t.Errorf("%d labels, %d put in display order", labels, ordered)
	}

	en := newTestShell(t, openTestStore(t), "en")
	if en.sidebarSide() != container.TabLocationLeading {
		t.Errorf("English sidebar location %v", en.sidebarSide())
	}
	for _, o := range visibleObjects(en.win.Content()) {
		if l, ok := o.(*widget.Label); ok && bidi.Strip(l.Text) != l.Text {
			t.Errorf("English label %q got direction marks", l.Text)
		}
	}
}

// Running the direction pass again (after every refresh) must not reorder
// a text a second time.
func TestDirectionPassIsIdempotent(t *testing.T) {
	sh := newTestShell(t, openTestStore(t), "ar")
	l := widget.NewLabel("عمره 3 سنوات")
	sh.applyDirection(l)
	once := l.Text
	sh.applyDirection(l)
	if l.Text != once {
		t.Errorf("second pass changed %q to %q", once, l.Text)
	}
	l.SetText("الخدمة: Head Start")
	sh.applyDirection(l)
	if l.Text != bidi.Display("الخدمة: Head Start", true) {
		t.Errorf("new text not ordered: %q", l.Text)
	}
}

func TestRichTextIsOrderedAndRightAligned(t *testing.T) {
	sh := newTestShell(t, openTestStore(t), "ar")
	r := widget.NewRichTextFromMarkdown("## الخدمة: Head Start\n\nعمره 3 سنوات")
	sh.applyDirection(r)
	n := 0
	for _, seg := range r.Segments {
		if ts, ok := seg.(*widget.TextSegment); ok && ts.Text != "" {
			n++
			if ts.Style.Alignment != fyne.TextAlignTrailing || bidi.Strip(ts.Text) == ts.Text {
				t.Errorf("segment %q alignment %v", ts.Text, ts.Style.Alignment)
			}
		}
	}
	if n < 2 {
		t.Fatalf("only %d text segments", n)
	}
}

// In Arabic a row too long for its label loses its end (the visual left),
// never its start.
func TestArabicRowsAreCutAtTheirLogicalEnd(t *testing.T) {
	sh := newTestShell(t, openTestStore(t), "ar")
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	l.Resize(fyne.NewSize(160, 40))
	long := "إحالة إلى Circle of Security Parenting Group: اكتملت الخدمات والأسرة راضية"
	sh.setLine(l, long)
	shown := bidi.Strip(l.Text)
	if !strings.Contains(shown, "إحالة") || !strings.Contains(shown, "…") || strings.Contains(shown, "راضية") {
		t.Errorf("cut text %q should keep the start and drop the end", shown)
	}
	if w := fyne.MeasureText(l.Text, fynetheme.TextSize(), l.TextStyle).Width; w > 160 {
		t.Errorf("cut text is %.0f wide, label 160", w)
	}
	en := newTestShell(t, openTestStore(t), "en")
	en.setLine(l, "Referral to Circle of Security")
	if l.Text != "Referral to Circle of Security" {
		t.Errorf("English text changed: %q", l.Text)
	}
}

// Text already put in order by setLine is not reordered again by the
// direction pass.
func TestDirectionPassLeavesSetLineTextAlone(t *testing.T) {
	sh := newTestShell(t, openTestStore(t), "ar")
	l := widget.NewLabel("")
	sh.setLine(l, "965 إحالة")
	once := l.Text
	sh.applyDirection(l)
	if l.Text != once || once != bidi.Display("965 إحالة", true) {
		t.Errorf("set %q, after the pass %q", once, l.Text)
	}
}
