package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

	"github.com/go-text/typesetting/font"
)

// writer numbers and writes a PDF file's objects.
type writer struct {
	buf     bytes.Buffer
	offsets []int // offsets[n-1] is where object n starts
}

// reserve returns the number the next object will have, for references
// written before it.
func (w *writer) reserve() int {
	w.offsets = append(w.offsets, -1)
	return len(w.offsets)
}

// object writes object n with the given body.
func (w *writer) object(n int, body string) {
	w.offsets[n-1] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

// stream writes object n as a compressed stream with extra dictionary
// entries.
func (w *writer) stream(n int, data []byte, extra string) {
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	zw.Write(data)
	zw.Close()
	w.offsets[n-1] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n<< /Length %d /Filter /FlateDecode%s >>\nstream\n", n, z.Len(), extra)
	w.buf.Write(z.Bytes())
	w.buf.WriteString("\nendstream\nendobj\n")
}

// Bytes finishes the document and returns the PDF file. The same document
// always gives the same bytes.
func (d *Doc) Bytes() ([]byte, error) {
	if d.err != nil {
		return nil, d.err
	}
	d.footers()
	if d.err != nil {
		return nil, d.err
	}
	w := &writer{}
	w.buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	catalog, pages, info := w.reserve(), w.reserve(), w.reserve()

	var fontRefs []string
	for _, fc := range d.faces {
		if len(fc.used) == 0 {
			continue
		}
		ref, err := d.writeFont(w, fc)
		if err != nil {
			return nil, err
		}
		fontRefs = append(fontRefs, fmt.Sprintf("/%s %d 0 R", fc.res, ref))
	}
	resources := "<< /Font << " + strings.Join(fontRefs, " ") + " >> >>"

	var kids []string
	for _, content := range d.pages {
		page, stream := w.reserve(), w.reserve()
		w.object(page, fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources %s /Contents %d 0 R >>",
			pages, num(d.opts.Page.W), num(d.opts.Page.H), resources, stream))
		w.stream(stream, content.Bytes(), "")
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	w.object(pages, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	prefs := "/ViewerPreferences << /DisplayDocTitle true >>"
	if d.opts.RTL {
		prefs = "/ViewerPreferences << /DisplayDocTitle true /Direction /R2L >>"
	}
	lang := ""
	if d.opts.Lang != "" {
		lang = " /Lang " + utf16Text(d.opts.Lang)
	}
	w.object(catalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R %s%s >>", pages, prefs, lang))
	w.object(info, fmt.Sprintf("<< /Title %s /Producer (Trellis) >>", utf16Text(d.opts.Title)))

	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", len(w.offsets)+1)
	for _, off := range w.offsets {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", off)
	}
	sum := sha256.Sum256(w.buf.Bytes())
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n",
		len(w.offsets)+1, catalog, info, sum[:16], sum[:16], xref)
	return w.buf.Bytes(), nil
}

// writeFont embeds the glyphs of fc that the document drew, as a Type 0
// font over a CIDFontType2 (glyph ids as character codes), and returns
// the Type 0 font's object number.
func (d *Doc) writeFont(w *writer, fc *face) (int, error) {
	gids := make([]font.GID, 0, len(fc.used))
	for g := range fc.used {
		gids = append(gids, g)
	}
	sort.Slice(gids, func(i, j int) bool { return gids[i] < gids[j] })
	sub, err := Subset(fc.font.Data, gids, pdfTables)
	if err != nil {
		return 0, fmt.Errorf("font %s: %w", fc.font.Name, err)
	}
	// The subset's name starts with six capital letters that name the
	// glyphs it holds (ISO 32000 9.6.4), here derived from them.
	h := sha256.New()
	for _, g := range gids {
		binary.Write(h, binary.BigEndian, uint16(g))
	}
	tagSum := h.Sum(nil)
	var tag [6]byte
	for i := range tag {
		tag[i] = 'A' + tagSum[i]%26
	}
	name := string(tag[:]) + "+" + fc.font.Name

	scale := 1000 / fc.upem
	var widths strings.Builder
	for _, g := range gids {
		fmt.Fprintf(&widths, "%d [%s] ", g, num(float64(fc.face.HorizontalAdvance(g))*scale))
	}
	bbox := [4]float64{}
	if head := headTable(fc.font.Data); len(head) >= 44 {
		for i := range bbox {
			bbox[i] = float64(int16(binary.BigEndian.Uint16(head[36+2*i:]))) * scale
		}
	}
	ext, _ := fc.face.FontHExtents()
	ascent, descent := float64(ext.Ascender)*scale, float64(ext.Descender)*scale

	type0, cid, desc, file, cmap := w.reserve(), w.reserve(), w.reserve(), w.reserve(), w.reserve()
	w.object(type0, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
		name, cid, cmap))
	w.object(cid, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 /W [%s] /CIDToGIDMap /Identity >>",
		name, desc, widths.String()))
	w.object(desc, fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [%s %s %s %s] /ItalicAngle 0 /Ascent %s /Descent %s /CapHeight %s /StemV 80 /FontFile2 %d 0 R >>",
		name, num(bbox[0]), num(bbox[1]), num(bbox[2]), num(bbox[3]), num(ascent), num(descent), num(ascent), file))
	w.stream(file, sub, fmt.Sprintf(" /Length1 %d", len(sub)))
	w.stream(cmap, toUnicode(gids, fc.used), "")
	return type0, nil
}

// headTable returns the font's head table, or nil.
func headTable(data []byte) []byte {
	if len(data) < 12 {
		return nil
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := 0; i < n && 12+16*i+16 <= len(data); i++ {
		e := data[12+16*i:]
		if string(e[:4]) == "head" {
			off, length := int(binary.BigEndian.Uint32(e[8:])), int(binary.BigEndian.Uint32(e[12:]))
			if off+length <= len(data) {
				return data[off : off+length]
			}
		}
	}
	return nil
}

// toUnicode writes the CMap that maps each glyph drawn back to the text
// it stands for.
func toUnicode(gids []font.GID, used map[font.GID][]rune) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var entries []string
	for _, g := range gids {
		text := used[g]
		if len(text) == 0 {
			continue
		}
		hex := strings.TrimSuffix(strings.TrimPrefix(utf16Text(string(text)), "<FEFF"), ">")
		if hex == "" {
			continue
		}
		entries = append(entries, fmt.Sprintf("<%04X> <%s>", uint16(g), hex))
	}
	for len(entries) > 0 {
		n := min(len(entries), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n%s\nendbfchar\n", n, strings.Join(entries[:n], "\n"))
		entries = entries[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}
