package pdf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
)

// Font is one TrueType font file a document may draw with. A Font can be
// shared by documents made one after another or at the same time: each
// document parses its own face and records the glyphs it uses.
type Font struct {
	Name string // a PostScript-like name, letters and digits only: "NotoSansEthiopic"
	Data []byte // the .ttf file
}

// face is a Font as one document uses it: the parsed face for shaping and
// the glyphs drawn, with the text each stands for.
type face struct {
	font *Font
	face *font.Face
	upem float64
	used map[font.GID][]rune
	// res is the name of the font resource in the page dictionaries: "F1".
	res string
}

func newFace(f *Font, res string) (*face, error) {
	fc, err := font.ParseTTF(bytes.NewReader(f.Data))
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", f.Name, err)
	}
	return &face{font: f, face: fc, upem: float64(fc.Upem()), used: map[font.GID][]rune{}, res: res}, nil
}

// has reports whether the font draws r.
func (f *face) has(r rune) bool {
	_, ok := f.face.NominalGlyph(r)
	return ok
}

// use records that glyph g is drawn for text (the runes of its cluster; an
// empty text for the second and later glyphs of a cluster).
func (f *face) use(g font.GID, text []rune) {
	if old, ok := f.used[g]; ok && len(old) > 0 {
		return
	}
	f.used[g] = text
}

// fontmap chooses, for each character, the first of its faces that draws
// it (the shaper's Fontmap).
type fontmap []*face

func (m fontmap) ResolveFace(r rune) *font.Face {
	for _, f := range m {
		if f.has(r) {
			return f.face
		}
	}
	return m[0].face
}

// contains reports whether f is one of the map's faces.
func (m fontmap) contains(f *face) bool {
	for _, x := range m {
		if x == f {
			return true
		}
	}
	return false
}

// TrueType table tags used by the subsetter.
var (
	tagHead = ot.MustNewTag("head")
	tagMaxp = ot.MustNewTag("maxp")
	tagLoca = ot.MustNewTag("loca")
	tagGlyf = ot.MustNewTag("glyf")
	tagHhea = ot.MustNewTag("hhea")
	tagHmtx = ot.MustNewTag("hmtx")
)

// pdfTables are the tables a TrueType font embedded in a PDF keeps: what
// draws the glyphs and their metrics (the PDF maps glyph ids itself, so
// no cmap, and does no shaping, so no layout tables).
var pdfTables = []string{"head", "hhea", "hmtx", "maxp", "loca", "glyf", "cvt ", "fpgm", "prep", "OS/2", "name"}

// Subset returns the font with the outlines of only the given glyphs (and
// the glyphs they are built from). Glyph ids do not change: the outlines
// of the other glyphs are left empty. keep lists the tables to copy (nil:
// every table). A font without TrueType outlines (glyf) is refused.
func Subset(data []byte, glyphs []font.GID, keep []string) ([]byte, error) {
	ld, err := ot.NewLoader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	head, err := ld.RawTable(tagHead)
	if err != nil || len(head) < 54 {
		return nil, errors.New("the font has no usable head table")
	}
	maxp, err := ld.RawTable(tagMaxp)
	if err != nil || len(maxp) < 6 {
		return nil, errors.New("the font has no usable maxp table")
	}
	loca, err := ld.RawTable(tagLoca)
	if err != nil {
		return nil, errors.New("the font has no TrueType outlines (loca)")
	}
	glyf, err := ld.RawTable(tagGlyf)
	if err != nil {
		return nil, errors.New("the font has no TrueType outlines (glyf)")
	}
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	offsets, err := readLoca(loca, numGlyphs, int16(binary.BigEndian.Uint16(head[50:])) == 1, len(glyf))
	if err != nil {
		return nil, err
	}
	want := map[font.GID]bool{0: true} // .notdef is always kept
	for _, g := range glyphs {
		if int(g) < numGlyphs {
			want[g] = true
		}
	}
	// Composite glyphs name the glyphs they are built from.
	stack := make([]font.GID, 0, len(want))
	for g := range want {
		stack = append(stack, g)
	}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range components(glyf[offsets[g]:offsets[g+1]]) {
			if int(c) < numGlyphs && !want[c] {
				want[c] = true
				stack = append(stack, c)
			}
		}
	}
	var newGlyf []byte
	newLoca := make([]byte, 4*(numGlyphs+1))
	for g := 0; g < numGlyphs; g++ {
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(len(newGlyf)))
		if want[font.GID(g)] {
			newGlyf = append(newGlyf, glyf[offsets[g]:offsets[g+1]]...)
			for len(newGlyf)%4 != 0 {
				newGlyf = append(newGlyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*numGlyphs:], uint32(len(newGlyf)))
	newHead := append([]byte(nil), head...)
	binary.BigEndian.PutUint16(newHead[50:], 1) // long loca offsets
	binary.BigEndian.PutUint32(newHead[8:], 0)  // checkSumAdjustment, set below
	var out []ot.Table
	for _, tag := range ld.Tables() {
		name := tag.String()
		if keep != nil && !contains(keep, name) {
			continue
		}
		var content []byte
		switch tag {
		case tagHead:
			content = newHead
		case tagLoca:
			content = newLoca
		case tagGlyf:
			content = newGlyf
		default:
			if content, err = ld.RawTable(tag); err != nil {
				return nil, err
			}
		}
		out = append(out, ot.Table{Tag: tag, Content: content})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Tag < out[j].Tag })
	file := ot.WriteTTF(out)
	// checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
	for i := range out {
		entry := file[12+16*i:]
		if ot.Tag(binary.BigEndian.Uint32(entry)) == tagHead {
			at := binary.BigEndian.Uint32(entry[8:])
			binary.BigEndian.PutUint32(file[at+8:], 0xB1B0AFBA-checksum(file))
		}
	}
	return file, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// readLoca returns numGlyphs+1 offsets into glyf, checked against its
// length.
func readLoca(loca []byte, numGlyphs int, long bool, glyfLen int) ([]uint32, error) {
	out := make([]uint32, numGlyphs+1)
	for i := range out {
		switch {
		case long && 4*i+4 <= len(loca):
			out[i] = binary.BigEndian.Uint32(loca[4*i:])
		case !long && 2*i+2 <= len(loca):
			out[i] = 2 * uint32(binary.BigEndian.Uint16(loca[2*i:]))
		default:
			return nil, errors.New("the font's loca table is too short")
		}
		if int(out[i]) > glyfLen || (i > 0 && out[i] < out[i-1]) {
			return nil, errors.New("the font's loca table is damaged")
		}
	}
	return out, nil
}

// components returns the glyphs a composite glyph is built from (none for
// a simple glyph).
func components(g []byte) []font.GID {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil
	}
	const (
		argWords   = 0x0001
		haveScale  = 0x0008
		more       = 0x0020
		xyScale    = 0x0040
		twoByTwo   = 0x0080
		headerSize = 10
	)
	var out []font.GID
	p := headerSize
	for p+4 <= len(g) {
		flags := binary.BigEndian.Uint16(g[p:])
		out = append(out, font.GID(binary.BigEndian.Uint16(g[p+2:])))
		p += 4
		if flags&argWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&xyScale != 0:
			p += 4
		case flags&twoByTwo != 0:
			p += 8
		}
		if flags&more == 0 {
			break
		}
	}
	return out
}
