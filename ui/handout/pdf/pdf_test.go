package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"

	embedded "trellis/assets/fonts"
)

func bundled(t *testing.T, name string) *Font {
	t.Helper()
	b, err := embedded.File(name)
	if err != nil {
		t.Fatal(err)
	}
	return &Font{Name: strings.TrimSuffix(name, ".ttf"), Data: b}
}

var (
	latin     = &Font{Name: "NotoSans", Data: theme.DefaultTextFont().Content()}
	latinBold = &Font{Name: "NotoSansBold", Data: theme.DefaultTextBoldFont().Content()}
)

// drawn is one glyph as the file draws it.
type drawn struct {
	font string // resource name, "F1"
	gid  uint16
	x, y float64
	page int
	text string // from the font's ToUnicode map
}

var (
	objRe    = regexp.MustCompile(`(?s)(\d+) 0 obj\n(.*?)\nendobj\n`)
	streamRe = regexp.MustCompile(`(?s)^(<<.*?>>)\nstream\n(.*)\nendstream$`)
	refRe    = regexp.MustCompile(`/(F\d+) (\d+) 0 R`)
	toUniRe  = regexp.MustCompile(`/ToUnicode (\d+) 0 R`)
	contRe   = regexp.MustCompile(`/Contents (\d+) 0 R`)
	bfRe     = regexp.MustCompile(`<([0-9A-F]{4})> <([0-9A-F]*)>`)
	opRe     = regexp.MustCompile(`(?m)^(?:/(F\d+) [\d.]+ Tf|1 0 0 1 (-?[\d.]+) (-?[\d.]+) Tm <([0-9A-F]{4})> Tj)$`)
)

// readBack reads what a PDF written by Doc draws: every glyph with its
// position and the text its font maps it back to. It understands only
// the files this package writes.
func readBack(t *testing.T, file []byte) []drawn {
	t.Helper()
	objs := map[string]string{}
	for _, m := range objRe.FindAllSubmatch(file, -1) {
		objs[string(m[1])] = string(m[2])
	}
	streamOf := func(n string) string {
		m := streamRe.FindStringSubmatch(objs[n])
		if m == nil {
			t.Fatalf("object %s is not a stream", n)
		}
		z, err := zlib.NewReader(strings.NewReader(m[2]))
		if err != nil {
			t.Fatalf("object %s: %v", n, err)
		}
		b, err := io.ReadAll(z)
		if err != nil {
			t.Fatalf("object %s: %v", n, err)
		}
		return string(b)
	}
	maps := map[string]map[uint16]string{} // resource -> gid -> text
	var pages []string
	var out []drawn
	for n := 1; objs[strconv.Itoa(n)] != ""; n++ {
		body := objs[strconv.Itoa(n)]
		if !strings.Contains(body, "/Type /Page ") {
			continue
		}
		pages = append(pages, body)
		for _, m := range refRe.FindAllStringSubmatch(body, -1) {
			if maps[m[1]] != nil {
				continue
			}
			tu := toUniRe.FindStringSubmatch(objs[m[2]])
			if tu == nil {
				t.Fatalf("font %s has no ToUnicode map", m[1])
			}
			cm := map[uint16]string{}
			for _, e := range bfRe.FindAllStringSubmatch(streamOf(tu[1]), -1) {
				g, _ := strconv.ParseUint(e[1], 16, 16)
				var rs []rune
				for i := 0; i+4 <= len(e[2]); i += 4 {
					u, _ := strconv.ParseUint(e[2][i:i+4], 16, 16)
					rs = append(rs, rune(u))
				}
				cm[uint16(g)] = string(rs)
			}
			maps[m[1]] = cm
		}
	}
	for p, body := range pages {
		c := contRe.FindStringSubmatch(body)
		cur := ""
		for _, op := range opRe.FindAllStringSubmatch(streamOf(c[1]), -1) {
			if op[1] != "" {
				cur = op[1]
				continue
			}
			x, _ := strconv.ParseFloat(op[2], 64)
			y, _ := strconv.ParseFloat(op[3], 64)
			g, _ := strconv.ParseUint(op[4], 16, 16)
			out = append(out, drawn{font: cur, gid: uint16(g), x: x, y: y, page: p + 1, text: maps[cur][uint16(g)]})
		}
	}
	return out
}

// lines groups drawn glyphs into lines (same page and baseline), top to
// bottom, each in the order given by leftToRight.
func lines(glyphs []drawn, leftToRight bool) []string {
	type key struct {
		page int
		y    float64
	}
	by := map[key][]drawn{}
	var keys []key
	for _, g := range glyphs {
		k := key{g.page, g.y}
		if by[k] == nil {
			keys = append(keys, k)
		}
		by[k] = append(by[k], g)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].page != keys[j].page {
			return keys[i].page < keys[j].page
		}
		return keys[i].y > keys[j].y
	})
	var out []string
	for _, k := range keys {
		gs := by[k]
		sort.SliceStable(gs, func(i, j int) bool {
			if leftToRight {
				return gs[i].x < gs[j].x
			}
			return gs[i].x > gs[j].x
		})
		var b strings.Builder
		for _, g := range gs {
			b.WriteString(g.text)
		}
		out = append(out, b.String())
	}
	return out
}

// body leaves out the page footers.
func body(glyphs []drawn) []drawn {
	var out []drawn
	for _, g := range glyphs {
		if g.y > 54 {
			out = append(out, g)
		}
	}
	return out
}

func build(t *testing.T, opts Options, fill func(d *Doc)) []byte {
	t.Helper()
	d, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	fill(d)
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Arabic is drawn right to left in joined letter forms, and reads back
// as the text written.
func TestArabicIsJoinedAndRightToLeft(t *testing.T) {
	arabic := bundled(t, embedded.ArabicRegular)
	const text = "مرحبا بكم"
	file := build(t, Options{Lang: "ar", RTL: true, Regular: []*Font{arabic, latin}}, func(d *Doc) {
		d.Paragraph(Span{Text: text})
	})
	glyphs := body(readBack(t, file))
	got := lines(glyphs, false)
	if len(got) != 1 || got[0] != text {
		t.Fatalf("read right to left: %q, want %q", got, text)
	}
	// The first letter, at the right, is in its initial form, not the
	// letter's isolated glyph that a renderer without shaping would use.
	fc, err := font.ParseTTF(bytes.NewReader(arabic.Data))
	if err != nil {
		t.Fatal(err)
	}
	isolated, _ := fc.NominalGlyph('م')
	rightmost := glyphs[0]
	for _, g := range glyphs {
		if g.x > rightmost.x {
			rightmost = g
		}
	}
	if rightmost.text != "م" || rightmost.gid == uint16(isolated) {
		t.Fatalf("rightmost glyph %+v: want the initial form of م (isolated glyph is %d)", rightmost, isolated)
	}
	// Right-aligned: the line ends at the right margin.
	if rightmost.x < Letter.W-54-20 {
		t.Fatalf("rightmost glyph at x=%v, want near the right margin %v", rightmost.x, Letter.W-54)
	}
}

// An English name in an Arabic paragraph keeps its own order, and its
// full stop stays with it.
func TestMixedDirectionsKeepEachRunsOrder(t *testing.T) {
	file := build(t, Options{Lang: "ar", RTL: true, Regular: []*Font{bundled(t, embedded.ArabicRegular), latin},
		Bold: []*Font{bundled(t, embedded.ArabicBold), latinBold}}, func(d *Doc) {
		d.Paragraph(Span{Text: "برنامج Head Start. "}, Span{Text: "Early Learning", Bold: true}, Span{Text: " للأطفال"})
	})
	got := lines(body(readBack(t, file)), true)
	if len(got) != 1 {
		t.Fatalf("lines %q", got)
	}
	// Left to right on the page: the Arabic at the ends, the English
	// runs in their own order in the middle.
	if !strings.Contains(got[0], "Head Start. Early Learning") {
		t.Fatalf("left to right on the page: %q, want the English words in order", got[0])
	}
}

// Ethiopic and Chinese are drawn with their fonts and read back exactly.
func TestEthiopicAndChineseReadBack(t *testing.T) {
	for _, c := range []struct {
		lang, text string
		font       *Font
	}{
		{"am", "ልጅዎን ከማንም በላይ የሚያውቁት እርስዎ ነዎት።", bundled(t, embedded.EthiopicRegular)},
		{"zh-Hant", "您最了解您的孩子：您的回答最重要。", bundled(t, embedded.HanRegular)},
	} {
		file := build(t, Options{Lang: c.lang, Regular: []*Font{c.font, latin}}, func(d *Doc) { d.Paragraph(Span{Text: c.text}) })
		glyphs := body(readBack(t, file))
		if got := lines(glyphs, true); len(got) != 1 || got[0] != c.text {
			t.Errorf("%s reads back %q, want %q", c.lang, got, c.text)
		}
		for _, g := range glyphs {
			if g.font != "F1" {
				t.Errorf("%s: %q drawn with %s, want the script's font F1", c.lang, g.text, g.font)
				break
			}
		}
		if !bytes.Contains(file, []byte("+"+c.font.Name)) {
			t.Errorf("%s: font %s not embedded", c.lang, c.font.Name)
		}
	}
}

// A long paragraph wraps inside the margins, long documents go on new
// pages, and every page has its number.
func TestWrapsWithinMarginsAndBreaksPages(t *testing.T) {
	sentence := "Serve and return: when a baby babbles and an adult answers, the baby's brain builds connections. "
	file := build(t, Options{Lang: "en", Regular: []*Font{latin}, Footer: "Serve and return"}, func(d *Doc) {
		d.Title(Span{Text: "Serve and return"})
		for i := 0; i < 30; i++ {
			d.Paragraph(Span{Text: strings.Repeat(sentence, 3)})
		}
	})
	glyphs := readBack(t, file)
	maxPage := 0
	for _, g := range glyphs {
		if g.x < 54-0.01 || g.x > Letter.W-54 {
			t.Fatalf("glyph %q at x=%v outside the margins", g.text, g.x)
		}
		maxPage = max(maxPage, g.page)
	}
	if maxPage < 2 {
		t.Fatalf("30 long paragraphs fit on %d page", maxPage)
	}
	all := lines(glyphs, true)
	want := fmt.Sprintf("1 / %d", maxPage)
	found := false
	for _, l := range all {
		if strings.HasSuffix(l, want) && strings.HasPrefix(l, "Serve and return") {
			found = true
		}
		if len(l) > 0 && strings.HasPrefix(l, "Serve and return:") && len(l) > 120 {
			t.Fatalf("a line of %d characters did not wrap: %q", len(l), l)
		}
	}
	if !found {
		t.Fatalf("no footer %q among %q", want, all[len(all)-3:])
	}
	// The same document gives the same file.
	again := build(t, Options{Lang: "en", Regular: []*Font{latin}, Footer: "Serve and return"}, func(d *Doc) {
		d.Title(Span{Text: "Serve and return"})
		for i := 0; i < 30; i++ {
			d.Paragraph(Span{Text: strings.Repeat(sentence, 3)})
		}
	})
	if !bytes.Equal(file, again) {
		t.Fatal("the same document gave two different files")
	}
}

// The embedded font keeps the outlines of the glyphs drawn and of the
// glyphs they are built from, and drops the others.
func TestSubsetKeepsWhatIsDrawn(t *testing.T) {
	data := latin.Data
	fc, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := fc.NominalGlyph('a')
	z, _ := fc.NominalGlyph('z')
	accented, _ := fc.NominalGlyph('é') // a composite in Noto Sans
	forPDF, err := Subset(data, []font.GID{a, accented}, pdfTables)
	if err != nil {
		t.Fatal(err)
	}
	if len(forPDF) >= len(data)/2 {
		t.Fatalf("subset of 2 glyphs for a PDF is %d bytes, the font %d", len(forPDF), len(data))
	}
	sub, err := Subset(data, []font.GID{a, accented}, nil) // with a cmap, to parse it here
	if err != nil {
		t.Fatal(err)
	}
	sf, err := font.ParseTTF(bytes.NewReader(sub))
	if err != nil {
		t.Fatalf("the subset does not parse: %v", err)
	}
	has := func(g font.GID) bool {
		out := sf.GlyphData(g)
		o, ok := out.(font.GlyphOutline)
		return ok && len(o.Segments) > 0
	}
	if !has(a) || !has(accented) {
		t.Fatal("a glyph drawn lost its outline")
	}
	if has(z) {
		t.Fatal("a glyph not drawn kept its outline")
	}
	parts := components(rawGlyph(t, data, accented))
	if len(parts) == 0 {
		t.Fatal("é is not a composite glyph in this font: the test needs one")
	}
	for _, p := range parts {
		if !has(p) {
			t.Fatalf("glyph %d, part of é, was dropped", p)
		}
	}
}

// rawGlyph returns a glyph's bytes in the font's glyf table.
func rawGlyph(t *testing.T, data []byte, g font.GID) []byte {
	t.Helper()
	ld, err := ot.NewLoader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	head, _ := ld.RawTable(tagHead)
	maxp, _ := ld.RawTable(tagMaxp)
	loca, _ := ld.RawTable(tagLoca)
	glyf, _ := ld.RawTable(tagGlyf)
	n := int(binary.BigEndian.Uint16(maxp[4:]))
	offs, err := readLoca(loca, n, binary.BigEndian.Uint16(head[50:]) == 1, len(glyf))
	if err != nil {
		t.Fatal(err)
	}
	return glyf[offs[g]:offs[g+1]]
}
