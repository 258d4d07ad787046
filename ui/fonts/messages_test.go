package fonts

import (
	"testing"

	"fyne.io/fyne/v2/theme"

	"trellis/translations/catalog"
)

// Every message of every translation, in every plural form, is drawn by the
// language's theme font and Fyne's own font, regular and bold, without
// relying on Fyne's symbol font (an arrow taken from it showed a box beside
// it under Xvfb).
func TestEveryTranslatedMessageIsCoveredByItsLanguageFonts(t *testing.T) {
	files, err := catalog.Load("../../translations")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2 {
		t.Fatalf("only %d translation files found", len(files))
	}
	for lang, file := range files {
		for id, msg := range file {
			texts := []string{msg.Text}
			for _, form := range msg.Forms {
				texts = append(texts, form)
			}
			for _, text := range texts {
				if got := Missing(text, For(lang), theme.DefaultTextFont()); len(got) > 0 {
					t.Errorf("%s %s: no glyph for %q", lang, id, string(got))
				}
				if got := Missing(text, Bold(lang), theme.DefaultTextBoldFont()); len(got) > 0 {
					t.Errorf("%s %s (bold): no glyph for %q", lang, id, string(got))
				}
			}
		}
	}
}
