package handout

import (
	"bytes"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"trellis/ui/bidi"
	"trellis/ui/fonts"
	"trellis/ui/handout/pdf"
)

// scriptLanguages name one language of each script the app bundles a
// font for (Arabic, Ethiopic, Gurmukhi, Hangul, Han), to find the fonts.
var scriptLanguages = []string{"ar", "am", "pa", "ko", "zh-Hant"}

// pageFonts returns the bundled script fonts a page needs: those of the
// languages given (the first one's first), then any other bundled font
// that draws a character of text none of those nor Fyne's Latin font
// draws (a Korean name in an English handout). Latin, Cyrillic and
// Vietnamese need none.
func pageFonts(text string, langs ...string) []fyne.Resource {
	var out []fyne.Resource
	has := func(r fyne.Resource) bool {
		for _, x := range out {
			if x == r {
				return true
			}
		}
		return false
	}
	for _, l := range langs {
		if f := fonts.For(l); f != nil && !has(f) {
			out = append(out, f)
		}
	}
	missing := fonts.Missing(text, append([]fyne.Resource{theme.DefaultTextFont()}, out...)...)
	for _, l := range scriptLanguages {
		f := fonts.For(l)
		if len(missing) == 0 || has(f) {
			continue
		}
		var still []rune
		for _, r := range missing {
			if ok, _ := fonts.Covers(f, r); !ok {
				still = append(still, r)
			}
		}
		if len(still) < len(missing) {
			out = append(out, f)
			missing = still
		}
	}
	return out
}

// webFont returns the font to embed in a web page: the whole file when it
// is small, else a copy with the outlines of only the characters of text
// (the Chinese font is 4 MB).
func webFont(f fyne.Resource, text string) ([]byte, error) {
	if len(f.Content()) <= maxEmbeddedFont {
		return f.Content(), nil
	}
	fc, err := font.ParseTTF(bytes.NewReader(f.Content()))
	if err != nil {
		return nil, err
	}
	var glyphs []font.GID
	for _, r := range text {
		if g, ok := fc.NominalGlyph(r); ok {
			glyphs = append(glyphs, g)
		}
	}
	return pdf.Subset(f.Content(), glyphs, nil)
}

var (
	pdfFontsMu sync.Mutex
	pdfFonts   = map[fyne.Resource]*pdf.Font{}
)

// pdfFont wraps a font file for the PDF typesetter, once per file.
func pdfFont(r fyne.Resource) *pdf.Font {
	pdfFontsMu.Lock()
	defer pdfFontsMu.Unlock()
	if f, ok := pdfFonts[r]; ok {
		return f
	}
	name := strings.TrimSuffix(r.Name(), ".ttf")
	name = strings.Map(func(c rune) rune {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return c
		}
		return -1
	}, name)
	f := &pdf.Font{Name: name, Data: r.Content()}
	pdfFonts[r] = f
	return f
}

// documentFonts returns the regular and bold fonts of a PDF in order of
// preference: the script fonts the page needs, with Fyne's Latin font
// after the first language's own (before it when that language is
// written in Latin, Cyrillic or Vietnamese letters).
func documentFonts(text, lang string, others ...string) (regular, bold []*pdf.Font) {
	scripts := pageFonts(text, append([]string{lang}, others...)...)
	latin, latinBold := pdfFont(theme.DefaultTextFont()), pdfFont(theme.DefaultTextBoldFont())
	if fonts.For(lang) == nil {
		regular, bold = append(regular, latin), append(bold, latinBold)
	}
	for _, s := range scripts {
		regular = append(regular, pdfFont(s))
		b := s
		for _, l := range scriptLanguages {
			if fonts.For(l) == s {
				b = fonts.Bold(l)
			}
		}
		bold = append(bold, pdfFont(b))
	}
	if fonts.For(lang) != nil {
		regular, bold = append(regular, latin), append(bold, latinBold)
	}
	return regular, bold
}

// PDF typesets the sheet for printing: US Letter, right to left for
// Arabic, with the fonts of every script it uses embedded.
func (s MaterialSheet) PDF() ([]byte, error) {
	t := s.texts()
	all := s.Title + s.Body + t.fallback + strings.Join(t.footer, "")
	regular, bold := documentFonts(all, s.Lang, s.Wanted)
	doc, err := pdf.New(pdf.Options{Lang: s.Lang, RTL: bidi.IsRTL(s.Lang), Title: s.Title,
		Regular: regular, Bold: bold, Footer: s.Title})
	if err != nil {
		return nil, err
	}
	doc.Title(pdf.Span{Text: s.Title})
	if t.fallback != "" {
		doc.Quote(pdf.Span{Text: t.fallback, Bold: true})
	}
	typesetMarkdown(doc, []byte(s.Body))
	if len(t.footer) > 0 {
		doc.Rule()
		for _, line := range t.footer {
			doc.Note(pdf.Span{Text: line})
		}
	}
	return doc.Bytes()
}

// typesetMarkdown adds a Markdown text's blocks to doc: headings,
// paragraphs, lists (nested), quotes, code as plain lines and rules.
// Bold (strong emphasis) stays bold; links show their text; HTML written
// inside the Markdown is left out.
func typesetMarkdown(doc *pdf.Doc, src []byte) {
	root := goldmark.DefaultParser().Parse(text.NewReader(src))
	for c := root.FirstChild(); c != nil; c = c.NextSibling() {
		typesetBlock(doc, src, c, 0)
	}
}

// typesetBlock adds one Markdown block; depth is how deep in lists it is.
func typesetBlock(doc *pdf.Doc, src []byte, n ast.Node, depth int) {
	switch b := n.(type) {
	case *ast.Heading:
		doc.Heading(b.Level, inlineSpans(b, src, false)...)
	case *ast.Paragraph, *ast.TextBlock:
		doc.Paragraph(inlineSpans(b, src, false)...)
	case *ast.Blockquote:
		for q := b.FirstChild(); q != nil; q = q.NextSibling() {
			doc.Quote(inlineSpans(q, src, false)...)
		}
	case *ast.List:
		defer doc.Space(4)
		number := b.Start
		for item := b.FirstChild(); item != nil; item = item.NextSibling() {
			marker := "•"
			if b.IsOrdered() {
				marker = strconv.Itoa(number) + "."
				number++
			}
			for part := item.FirstChild(); part != nil; part = part.NextSibling() {
				if _, nested := part.(*ast.List); nested {
					typesetBlock(doc, src, part, depth+1)
					continue
				}
				doc.Item(marker, depth, inlineSpans(part, src, false)...)
				marker = "" // the item's later paragraphs
			}
		}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			doc.Quote(pdf.Span{Text: strings.TrimRight(string(seg.Value(src)), "\n")})
		}
	case *ast.ThematicBreak:
		doc.Rule()
	case *ast.HTMLBlock:
		// left out, as in the web page
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			typesetBlock(doc, src, c, depth)
		}
	}
}

// inlineSpans returns the text of a block's inline content, bold where it
// is strongly emphasized.
func inlineSpans(n ast.Node, src []byte, bold bool) []pdf.Span {
	var out []pdf.Span
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			s := string(t.Segment.Value(src))
			if t.HardLineBreak() {
				s += "\n"
			} else if t.SoftLineBreak() {
				s += " "
			}
			out = append(out, pdf.Span{Text: s, Bold: bold})
		case *ast.String:
			out = append(out, pdf.Span{Text: string(t.Value), Bold: bold})
		case *ast.Emphasis:
			out = append(out, inlineSpans(t, src, bold || t.Level >= 2)...)
		case *ast.AutoLink:
			out = append(out, pdf.Span{Text: string(t.URL(src)), Bold: bold})
		case *ast.RawHTML:
			// left out
		default:
			out = append(out, inlineSpans(c, src, bold)...)
		}
	}
	return out
}
