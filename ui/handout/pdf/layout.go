// Package pdf typesets a simple printed document (headings, paragraphs,
// list items, rules) into a PDF file, in any script the app has a font
// for: the text is shaped with the same shaper Fyne uses (go-text's
// HarfBuzz port), so Arabic letters join and Ethiopic and Chinese show; it
// is broken into lines by the Unicode line-breaking rules, laid out right
// to left when the document's language is, and drawn with TrueType fonts
// embedded in the file (only the glyphs used), with a map back to the text
// so that it can be searched and copied.
package pdf

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Size is a page size in points (1/72 inch).
type Size struct{ W, H float64 }

// Page sizes.
var (
	Letter = Size{612, 792}
	A4     = Size{595.28, 841.89}
)

// Options describe a document.
type Options struct {
	Lang  string // the BCP 47 tag of its language
	RTL   bool   // laid out right to left
	Title string // shown by PDF viewers
	// Regular and Bold are the fonts, in order of preference: each
	// character is drawn with the first that has it. Bold may be empty
	// (regular is used).
	Regular, Bold []*Font
	Page          Size    // Letter if zero
	Margin        float64 // 54 (3/4 inch) if zero
	// Footer is printed at the foot of every page, with the page number.
	Footer string
}

// Span is a piece of a paragraph's text in one style.
type Span struct {
	Text string
	Bold bool
}

// Doc is a document being typeset. Its methods add blocks in reading
// order; Bytes writes the file.
type Doc struct {
	opts    Options
	regular fontmap
	bold    fontmap
	faces   []*face
	byFace  map[*font.Face]*face
	base    di.Direction
	lang    language.Language
	shaper  shaping.HarfbuzzShaper
	seg     shaping.Segmenter
	wrapper shaping.LineWrapper

	pages []*bytes.Buffer
	top   float64 // distance from the top of the page to the next line
	err   error
}

// The type sizes (whole points: the shaper scales fonts by whole sizes).
const (
	sizeTitle   = 20
	sizeHeading = 15
	sizeSub     = 13
	sizeBody    = 12
	sizeSmall   = 9
)

// New starts a document.
func New(opts Options) (*Doc, error) {
	if opts.Page == (Size{}) {
		opts.Page = Letter
	}
	if opts.Margin == 0 {
		opts.Margin = 54
	}
	if len(opts.Regular) == 0 {
		return nil, fmt.Errorf("a document needs at least one font")
	}
	if len(opts.Bold) == 0 {
		opts.Bold = opts.Regular
	}
	d := &Doc{opts: opts, byFace: map[*font.Face]*face{}, base: di.DirectionLTR, lang: language.NewLanguage(opts.Lang)}
	if opts.RTL {
		d.base = di.DirectionRTL
	}
	byFont := map[*Font]*face{}
	load := func(fonts []*Font) (fontmap, error) {
		var m fontmap
		for _, f := range fonts {
			fc := byFont[f]
			if fc == nil {
				var err error
				if fc, err = newFace(f, fmt.Sprintf("F%d", len(d.faces)+1)); err != nil {
					return nil, err
				}
				byFont[f] = fc
				d.faces = append(d.faces, fc)
				d.byFace[fc.face] = fc
			}
			m = append(m, fc)
		}
		return m, nil
	}
	var err error
	if d.regular, err = load(opts.Regular); err != nil {
		return nil, err
	}
	if d.bold, err = load(opts.Bold); err != nil {
		return nil, err
	}
	d.newPage()
	return d, nil
}

func (d *Doc) newPage() {
	d.pages = append(d.pages, &bytes.Buffer{})
	d.top = d.opts.Margin
}

// page is the content stream of the current page.
func (d *Doc) page() *bytes.Buffer { return d.pages[len(d.pages)-1] }

// bottom is the lowest a line may reach, above the footer.
func (d *Doc) bottom() float64 { return d.opts.Page.H - d.opts.Margin - 2*sizeSmall }

// width is the width of the text column.
func (d *Doc) width() float64 { return d.opts.Page.W - 2*d.opts.Margin }

// block is a paragraph's style.
type block struct {
	size         int
	bold         bool    // every span bold
	indent       float64 // from the leading margin
	marker       string  // drawn in the indent of the first line ("•", "3.")
	before       float64 // space above
	after        float64 // space below
	keepWithNext bool    // a heading: never the last thing on a page
	gray         bool
}

// Title adds the document's title.
func (d *Doc) Title(spans ...Span) {
	d.text(block{size: sizeTitle, bold: true, after: 8, keepWithNext: true}, spans)
}

// Heading adds a heading: level 1 or 2 (and deeper, drawn as 2).
func (d *Doc) Heading(level int, spans ...Span) {
	b := block{size: sizeHeading, bold: true, before: 10, after: 4, keepWithNext: true}
	if level > 1 {
		b.size, b.before = sizeSub, 8
	}
	d.text(b, spans)
}

// Paragraph adds a paragraph of body text.
func (d *Doc) Paragraph(spans ...Span) {
	d.text(block{size: sizeBody, after: 6}, spans)
}

// Quote adds an indented paragraph.
func (d *Doc) Quote(spans ...Span) {
	d.text(block{size: sizeBody, indent: 18, after: 6, gray: true}, spans)
}

// Item adds a list item at depth 0 (or deeper, indented further), with
// its marker ("•" or "2.") before it.
func (d *Doc) Item(marker string, depth int, spans ...Span) {
	d.text(block{size: sizeBody, indent: 18 * float64(depth+1), marker: marker, after: 3}, spans)
}

// Note adds small gray text (who made the handout, and when).
func (d *Doc) Note(spans ...Span) {
	d.text(block{size: sizeSmall + 1, after: 2, gray: true}, spans)
}

// Space adds vertical space.
func (d *Doc) Space(pt float64) { d.top += pt }

// Rule draws a thin line across the text column.
func (d *Doc) Rule() {
	d.top += 6
	if d.top > d.bottom() {
		d.newPage()
		return
	}
	y := d.opts.Page.H - d.top
	fmt.Fprintf(d.page(), "q 0.6 G 0.5 w %s %s m %s %s l S Q\n", num(d.opts.Margin), num(y), num(d.opts.Page.W-d.opts.Margin), num(y))
	d.top += 8
}

// line is one laid-out line: its runs in visual order, left to right.
type line struct {
	text    []rune // the paragraph's text, which the runs index
	bold    []bool // whether each rune of text is bold
	runs    []shaping.Output
	width   float64
	ascent  float64
	descent float64 // positive, below the baseline
}

// shape shapes spans as one paragraph of the given size.
func (d *Doc) shape(spans []Span, size int, allBold bool) (para, []shaping.Output) {
	var text []rune
	var bold []bool
	type piece struct {
		start, end int
		bold       bool
	}
	var pieces []piece
	for _, s := range spans {
		r := []rune(s.Text)
		if len(r) == 0 {
			continue
		}
		pieces = append(pieces, piece{len(text), len(text) + len(r), s.Bold || allBold})
		text = append(text, r...)
		for range r {
			bold = append(bold, s.Bold || allBold)
		}
	}
	if len(text) == 0 {
		return para{}, nil
	}
	// Directions come from the whole paragraph (a full stop between two
	// English words of an Arabic paragraph is English), then each run is
	// cut where the style changes and given the style's fonts.
	whole := shaping.Input{Text: text, RunStart: 0, RunEnd: len(text), Direction: d.base,
		Size: fixed.I(size), Language: d.lang, Face: d.regular[0].face}
	runs := append([]shaping.Input(nil), d.seg.Split(whole, d.regular)...)
	var outs []shaping.Output
	for _, run := range runs {
		for _, p := range pieces {
			start, end := max(run.RunStart, p.start), min(run.RunEnd, p.end)
			if start >= end {
				continue
			}
			fm := d.regular
			if p.bold {
				fm = d.bold
			}
			sub := run
			sub.RunStart, sub.RunEnd = start, end
			for _, part := range shaping.SplitByFace(sub, fm) {
				outs = append(outs, d.shaper.Shape(part))
			}
		}
	}
	return para{text, bold}, outs
}

// para is a paragraph's text and which of its runes are bold.
type para struct {
	text []rune
	bold []bool
}

// wrap breaks shaped text into lines no wider than width.
func (d *Doc) wrap(p para, outs []shaping.Output, width float64) []line {
	if len(outs) == 0 {
		return nil
	}
	d.wrapper.Prepare(shaping.WrapConfig{Direction: d.base}, p.text, shaping.NewSliceIterator(outs))
	var lines []line
	for {
		wl, done := d.wrapper.WrapNextLineF(fixed.Int26_6(width * 64))
		if len(wl.Line) > 0 {
			l := line{text: p.text, bold: p.bold, runs: make([]shaping.Output, len(wl.Line))}
			for _, run := range wl.Line {
				l.runs[run.VisualIndex] = run
				l.width += fx(run.Advance)
				l.ascent = math.Max(l.ascent, fx(run.LineBounds.Ascent))
				l.descent = math.Max(l.descent, -fx(run.LineBounds.Descent)+fx(run.LineBounds.Gap))
			}
			lines = append(lines, l)
		}
		if done {
			return lines
		}
	}
}

func fx(v fixed.Int26_6) float64 { return float64(v) / 64 }

// splitLines cuts spans at line breaks ("\n"): each part is wrapped on
// its own.
func splitLines(spans []Span) [][]Span {
	parts := [][]Span{nil}
	for _, s := range spans {
		pieces := strings.Split(s.Text, "\n")
		for i, p := range pieces {
			if i > 0 {
				parts = append(parts, nil)
			}
			if p != "" {
				parts[len(parts)-1] = append(parts[len(parts)-1], Span{Text: p, Bold: s.Bold})
			}
		}
	}
	return parts
}

// text lays out one block.
func (d *Doc) text(b block, spans []Span) {
	var lines []line
	for _, part := range splitLines(spans) {
		text, outs := d.shape(part, b.size, b.bold)
		lines = append(lines, d.wrap(text, outs, d.width()-b.indent)...)
	}
	if len(lines) == 0 {
		return
	}
	if d.top > d.opts.Margin {
		d.top += b.before
	}
	need := lines[0].ascent + lines[0].descent
	if b.keepWithNext {
		need += 3 * sizeBody * 1.5 // a heading takes the next lines with it
	}
	if d.top+need > d.bottom() {
		d.newPage()
	}
	var marker line
	if b.marker != "" {
		mt, mo := d.shape([]Span{{Text: b.marker}}, b.size, false)
		if ml := d.wrap(mt, mo, d.width()); len(ml) > 0 {
			marker = ml[0]
		}
	}
	for i, l := range lines {
		if d.top+l.ascent+l.descent > d.bottom() {
			d.newPage()
		}
		baseline := d.opts.Page.H - d.top - l.ascent
		x := d.opts.Margin + b.indent
		if d.opts.RTL {
			x = d.opts.Page.W - d.opts.Margin - b.indent - l.width
		}
		d.draw(d.page(), l, x, baseline, b.gray)
		if i == 0 && len(marker.runs) > 0 {
			mx := d.opts.Margin + b.indent - marker.width - 6
			if d.opts.RTL {
				mx = d.opts.Page.W - d.opts.Margin - b.indent + 6
			}
			d.draw(d.page(), marker, mx, baseline, b.gray)
		}
		d.top += l.ascent + l.descent
	}
	d.top += b.after
}

// draw writes a line's glyphs with the left end of its baseline at (x, y).
func (d *Doc) draw(w *bytes.Buffer, l line, x, y float64, gray bool) {
	text := l.text
	color := "0 g 0 G"
	if gray {
		color = "0.35 g 0.35 G"
	}
	fmt.Fprintf(w, "BT %s\n", color)
	var cur *face
	var curSize fixed.Int26_6
	for _, run := range l.runs {
		fc := d.byFace[run.Face]
		if fc == nil {
			d.err = fmt.Errorf("the shaper chose a font the document does not know")
			continue
		}
		if fc != cur || run.Size != curSize {
			fmt.Fprintf(w, "/%s %s Tf\n", fc.res, num(fx(run.Size)))
			cur, curSize = fc, run.Size
		}
		// Bold in a script with no bold font (Chinese) is drawn
		// outlined as well as filled, a little heavier.
		fake := run.Runes.Offset < len(l.bold) && l.bold[run.Runes.Offset] && d.regular.contains(fc)
		if fake {
			fmt.Fprintf(w, "2 Tr %s w\n", num(fx(run.Size)/30))
		}
		seen := map[int]bool{}
		for _, g := range run.Glyphs {
			var cluster []rune
			if !seen[g.ClusterIndex] {
				seen[g.ClusterIndex] = true
				end := g.ClusterIndex + g.RuneCount
				if g.ClusterIndex >= 0 && end <= len(text) {
					cluster = text[g.ClusterIndex:end]
				}
			}
			fc.use(g.GlyphID, cluster)
			fmt.Fprintf(w, "1 0 0 1 %s %s Tm <%04X> Tj\n", num(x+fx(g.XOffset)), num(y+fx(g.YOffset)), uint16(g.GlyphID))
			x += fx(g.Advance)
		}
		if fake {
			w.WriteString("0 Tr\n")
		}
	}
	w.WriteString("ET\n")
}

// num writes a coordinate with at most two decimals.
func num(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	for len(s) > 1 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	if s == "-0" {
		return "0"
	}
	return s
}

// footers draws the footer and page number on every page.
func (d *Doc) footers() {
	n := len(d.pages)
	for i := range d.pages {
		label := fmt.Sprintf("%d / %d", i+1, n)
		if d.opts.Footer != "" {
			label = d.opts.Footer + "  ·  " + label
		}
		text, outs := d.shape([]Span{{Text: label}}, sizeSmall, false)
		lines := d.wrap(text, outs, d.width())
		if len(lines) == 0 {
			continue
		}
		l := lines[0]
		d.draw(d.pages[i], l, (d.opts.Page.W-l.width)/2, d.opts.Margin/2, true)
	}
}

// utf16Text encodes s as a PDF text string (UTF-16BE with a byte order
// mark, in hex).
func utf16Text(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, r := range s {
		if r == utf8.RuneError {
			continue
		}
		if r >= 0x10000 {
			r -= 0x10000
			fmt.Fprintf(&b, "%04X%04X", 0xD800+(r>>10), 0xDC00+(r&0x3FF))
			continue
		}
		fmt.Fprintf(&b, "%04X", r)
	}
	b.WriteString(">")
	return b.String()
}
