// Package bidi puts text that mixes right-to-left script (Arabic) with
// left-to-right words and digits into the order it must be drawn in.
//
// Fyne shapes each directional run itself (so the letters inside an Arabic
// run come out right to left and joined) but lays the runs out in the order
// they appear in the string, left to right. A line such as "عمره 3 سنوات"
// or "الخدمة: Head Start" therefore shows its runs in the wrong order. Display
// computes the visual order of the runs with the Unicode Bidirectional
// Algorithm (golang.org/x/text/unicode/bidi) and returns a string whose runs
// appear in that order, fenced with invisible direction marks so that Fyne
// keeps each run intact. Apply it to a single line just before display,
// never to stored text.
package bidi

import (
	"strings"
	"unicode"

	xbidi "golang.org/x/text/unicode/bidi"
)

const (
	lrm = '\u200E' // LEFT-TO-RIGHT MARK: zero width, strong left-to-right
	rlm = '\u200F' // RIGHT-TO-LEFT MARK: zero width, strong right-to-left
	fsi = '\u2068' // FIRST STRONG ISOLATE
	pdi = '\u2069' // POP DIRECTIONAL ISOLATE
)

// Isolate marks text (a name, an address, a phone number) to be placed in
// a sentence of the other direction as one unit, in its own direction:
// "عائلة " + Isolate("Nguyen (3)") keeps "(3)" with the name. Display
// lays the isolated text out and removes the marks; use it only on text
// that goes through Display (the UI does so in right-to-left languages).
func Isolate(text string) string {
	if text == "" {
		return text
	}
	return string(fsi) + text + string(pdi)
}

// isolateMark reports whether r is one of the isolate controls (LRI, RLI,
// FSI, PDI), which Display uses and removes.
func isolateMark(r rune) bool { return r >= '\u2066' && r <= '\u2069' }

// stripIsolates removes the isolate controls from text.
func stripIsolates(text string) string {
	if !strings.ContainsFunc(text, isolateMark) {
		return text
	}
	return strings.Map(func(r rune) rune {
		if isolateMark(r) {
			return -1
		}
		return r
	}, text)
}

// rtlLanguages are the base languages written right to left.
var rtlLanguages = map[string]bool{
	"ar": true, "he": true, "iw": true, "fa": true, "ur": true, "ps": true,
	"yi": true, "dv": true, "ckb": true, "sd": true, "ug": true,
}

// IsRTL reports whether the language tag (such as "ar" or "ar-EG") is
// written right to left, so its UI should be laid out from the right.
func IsRTL(lang string) bool {
	base, _, _ := strings.Cut(strings.ToLower(strings.ReplaceAll(lang, "_", "-")), "-")
	return rtlLanguages[base]
}

// run is a stretch of text at one embedding level: even levels read left
// to right, odd levels right to left.
type run struct {
	text  []rune
	level int
}

// Display returns text arranged for a renderer that shapes each
// directional run by itself but places runs left to right in string order,
// as Fyne does. rtl gives the paragraph direction: true for a right-to-left
// UI (Arabic), false for a left-to-right one. Each line is handled on its
// own. Text with no right-to-left character is returned unchanged.
func Display(text string, rtl bool) string {
	if !hasRTL(text) {
		return stripIsolates(text)
	}
	return eachLine(text, func(line string) string {
		runs := visualRuns(line, rtl)
		if !anyOdd(runs) {
			return stripIsolates(line)
		}
		var b strings.Builder
		b.WriteRune(rlm) // makes the renderer's paragraph right to left
		for _, r := range runs {
			if r.level%2 == 1 {
				writeRTL(&b, r.text)
				continue
			}
			b.WriteRune(lrm)
			b.WriteString(stripIsolates(string(r.text)))
			b.WriteRune(lrm)
		}
		return b.String()
	})
}

// writeRTL writes a right-to-left run for the renderer. Stretches of
// Arabic script (with the spaces inside them) stay in logical order, for
// the shaper joins their letters and draws them right to left; everything
// else in the run (punctuation such as "·", brackets, symbols) is written
// already reversed and mirrored, as left-to-right text. Fyne splits a run
// wherever the font changes (the Arabic font lacks "·") and places the
// pieces left to right, so a run left whole would come out with its
// punctuation on the wrong side.
func writeRTL(b *strings.Builder, run []rune) {
	run = []rune(stripIsolates(string(run)))
	var chunks [][]rune
	var arabic []bool
	for i := 0; i < len(run); {
		j := i
		isAr := arabicScript(run, i)
		for j < len(run) && arabicScript(run, j) == isAr {
			j++
		}
		chunks = append(chunks, run[i:j])
		arabic = append(arabic, isAr)
		i = j
	}
	for k := len(chunks) - 1; k >= 0; k-- {
		if arabic[k] {
			b.WriteString(string(chunks[k]))
			continue
		}
		b.WriteRune(lrm)
		b.WriteString(reverseMirrored(string(chunks[k])))
		b.WriteRune(lrm)
	}
}

// arabicScript reports whether run[i] belongs to a stretch of Arabic
// script: an Arabic letter or mark, or a space between two of them.
func arabicScript(run []rune, i int) bool {
	isAr := func(r rune) bool { return unicode.Is(unicode.Arabic, r) || unicode.Is(unicode.Mn, r) }
	if isAr(run[i]) {
		return true
	}
	if run[i] != ' ' {
		return false
	}
	before, after := false, false
	for k := i - 1; k >= 0 && !before; k-- {
		if run[k] != ' ' {
			before = isAr(run[k])
			break
		}
	}
	for k := i + 1; k < len(run); k++ {
		if run[k] != ' ' {
			after = isAr(run[k])
			break
		}
	}
	return before && after
}

// StartsRTL reports whether the first letter of text with a direction
// is written right to left, as HTML's dir="auto" decides a paragraph's
// direction; ifNone is the answer for text without such a letter (digits
// and punctuation only).
func StartsRTL(text string, ifNone bool) bool {
	for _, r := range text {
		p, _ := xbidi.LookupRune(r)
		switch p.Class() {
		case xbidi.L:
			return false
		case xbidi.R, xbidi.AL:
			return true
		}
	}
	return ifNone
}

// VisualOrder returns text with every character in the order it appears on
// screen from left to right (right-to-left runs reversed, their brackets
// mirrored). It is for renderers that draw characters one by one, and for
// checking Display.
func VisualOrder(text string, rtl bool) string {
	return eachLine(text, func(line string) string {
		var b strings.Builder
		for _, r := range visualRuns(line, rtl) {
			if r.level%2 == 1 {
				b.WriteString(reverseMirrored(stripIsolates(string(r.text))))
			} else {
				b.WriteString(stripIsolates(string(r.text)))
			}
		}
		return b.String()
	})
}

// Strip removes the direction marks Display adds, giving back the text's
// characters (in display order).
func Strip(text string) string {
	return strings.Map(func(r rune) rune {
		if r == lrm || r == rlm {
			return -1
		}
		return r
	}, text)
}

func eachLine(text string, f func(string) string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		cr := strings.HasSuffix(l, "\r")
		l = strings.TrimSuffix(l, "\r")
		l = f(l)
		if cr {
			l += "\r"
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

func hasRTL(text string) bool {
	for _, r := range text {
		if r < 0x0590 {
			continue
		}
		p, _ := xbidi.LookupRune(r)
		if c := p.Class(); c == xbidi.R || c == xbidi.AL {
			return true
		}
	}
	return false
}

func anyOdd(runs []run) bool {
	for _, r := range runs {
		if r.level%2 == 1 {
			return true
		}
	}
	return false
}

// visualRuns splits one line into level runs and puts them in visual order
// (rule L2 of the algorithm: from the highest level down to the lowest odd
// one, reverse every sequence of runs at that level or higher).
func visualRuns(line string, rtl bool) []run {
	runs := pairBrackets(levelRuns(line, rtl))
	if rtl {
		runs = joinNumbers(runs)
	}
	maxLevel, minOdd := 0, 0
	for _, r := range runs {
		maxLevel = max(maxLevel, r.level)
		if r.level%2 == 1 && (minOdd == 0 || r.level < minOdd) {
			minOdd = r.level
		}
	}
	if minOdd == 0 {
		return runs
	}
	for lvl := maxLevel; lvl >= minOdd; lvl-- {
		for i := 0; i < len(runs); {
			if runs[i].level < lvl {
				i++
				continue
			}
			j := i
			for j < len(runs) && runs[j].level >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				runs[a], runs[b] = runs[b], runs[a]
			}
			i = j
		}
	}
	return runs
}

// levelRuns resolves the embedding levels of line, in logical order.
// golang.org/x/text reports runs by direction only, so the levels are
// rebuilt from it: in a right-to-left paragraph its right-to-left runs are
// at level 1 and its left-to-right runs at level 2; in a left-to-right
// paragraph right-to-left runs are at level 1, and inside left-to-right runs
// numbers that follow right-to-left text (rules W2 and W7) and Arabic-Indic
// digits are at level 2, the rest at level 0.
func levelRuns(line string, rtl bool) []run {
	src := []rune(line)
	if len(src) == 0 {
		return nil
	}
	var p xbidi.Paragraph
	var err error
	skip := 0
	if rtl {
		_, err = p.SetString(line, xbidi.DefaultDirection(xbidi.RightToLeft))
	} else {
		// x/text guesses the paragraph direction from the first strong
		// character unless told right to left; a leading LRM makes it left
		// to right.
		_, err = p.SetString(string(lrm) + line)
		skip = 1
	}
	base := 0
	if rtl {
		base = 1
	}
	if err != nil {
		return []run{{src, base}}
	}
	o, err := p.Order()
	if err != nil {
		return []run{{src, base}}
	}
	var runs []run
	covered := 0
	lastStrongRTL := rtl
	for i := 0; i < o.NumRuns(); i++ {
		r := o.Run(i)
		start, end := r.Pos()
		start, end = max(start-skip, 0), end-skip
		if end < start {
			continue
		}
		text := src[start : end+1]
		covered = end + 1
		switch {
		case r.Direction() == xbidi.RightToLeft:
			runs = append(runs, run{text, 1})
			if s, ok := lastStrong(text); ok {
				lastStrongRTL = s
			} else {
				lastStrongRTL = true
			}
		case rtl:
			runs = append(runs, run{text, 2})
			if s, ok := lastStrong(text); ok {
				lastStrongRTL = s
			}
		default:
			var sub []run
			sub, lastStrongRTL = splitNumbers(text, lastStrongRTL)
			runs = append(runs, sub...)
		}
	}
	if covered < len(src) { // past a paragraph separator x/text stops
		runs = append(runs, run{src[covered:], base})
	}
	return runs
}

// lastStrong returns whether the last strong character of text is right
// to left, and false for ok when text has no strong character.
func lastStrong(text []rune) (rtl, ok bool) {
	for i := len(text) - 1; i >= 0; i-- {
		p, _ := xbidi.LookupRune(text[i])
		switch p.Class() {
		case xbidi.L:
			return false, true
		case xbidi.R, xbidi.AL:
			return true, true
		}
	}
	return false, false
}

// splitNumbers divides a left-to-right run of a left-to-right paragraph
// into level 0 and level 2 parts. afterRTL says whether the last strong
// character before the run is right to left. It returns the parts and the
// same flag for what follows the run.
func splitNumbers(text []rune, afterRTL bool) ([]run, bool) {
	levels := make([]int, len(text))
	const undecided = -1
	for i, c := range text {
		p, _ := xbidi.LookupRune(c)
		switch p.Class() {
		case xbidi.L:
			levels[i], afterRTL = 0, false
		case xbidi.EN:
			levels[i] = 0
			if afterRTL {
				levels[i] = 2
			}
		case xbidi.AN:
			levels[i] = 2
		default:
			levels[i] = undecided
		}
	}
	// A separator or neutral between two level-2 characters joins them
	// (rules W4, W5, N1); any other is at the paragraph's level.
	for i := range levels {
		if levels[i] != undecided {
			continue
		}
		j := i
		for j < len(levels) && levels[j] == undecided {
			j++
		}
		lvl := 0
		if i > 0 && j < len(levels) && levels[i-1] == 2 && levels[j] == 2 {
			lvl = 2
		}
		for k := i; k < j; k++ {
			levels[k] = lvl
		}
	}
	var runs []run
	for i := 0; i < len(text); {
		j := i
		for j < len(text) && levels[j] == levels[i] {
			j++
		}
		runs = append(runs, run{text[i:j], levels[i]})
		i = j
	}
	return runs, afterRTL
}

// joinNumbers keeps a number written with separators whole in a
// right-to-left paragraph: "253-555-0163", "98101-1234", "$25", "10%".
// After Arabic letters the algorithm turns European digits into Arabic
// numbers (rule W2), which a "-" or "$" does not join, so "الهاتف:
// 253-555-0163" would show its groups in reverse order. Here a single
// separator between two numbers joins them (rule W4 as for European
// numbers), and currency and percent signs touching a number join it (W5).
func joinNumbers(runs []run) []run {
	digit := func(r rune) bool {
		p, _ := xbidi.LookupRune(r)
		return p.Class() == xbidi.EN || p.Class() == xbidi.AN
	}
	class := func(r rune) xbidi.Class { p, _ := xbidi.LookupRune(r); return p.Class() }
	concat := func(parts ...[]rune) []rune {
		var out []rune
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	for i := 0; i < len(runs); i++ {
		cur := runs[i]
		if cur.level%2 != 1 || len(cur.text) == 0 {
			continue
		}
		prevNum := i > 0 && runs[i-1].level%2 == 0 && digit(runs[i-1].text[len(runs[i-1].text)-1])
		nextNum := i+1 < len(runs) && runs[i+1].level%2 == 0 && digit(runs[i+1].text[0])
		if prevNum && nextNum && runs[i-1].level == runs[i+1].level && len(cur.text) == 1 &&
			(class(cur.text[0]) == xbidi.ES || class(cur.text[0]) == xbidi.CS) {
			runs[i-1].text = concat(runs[i-1].text, cur.text, runs[i+1].text)
			runs = append(runs[:i], runs[i+2:]...)
			i--
			continue
		}
		text := cur.text
		lead := 0
		for prevNum && lead < len(text) && class(text[lead]) == xbidi.ET {
			lead++
		}
		if lead > 0 {
			runs[i-1].text = concat(runs[i-1].text, text[:lead])
			text = text[lead:]
		}
		trail := 0
		for nextNum && trail < len(text) && class(text[len(text)-1-trail]) == xbidi.ET {
			trail++
		}
		if trail > 0 {
			runs[i+1].text = concat(text[len(text)-trail:], runs[i+1].text)
			text = text[:len(text)-trail]
		}
		runs[i].text = text
		if len(text) == 0 {
			runs = append(runs[:i], runs[i+1:]...)
			if i > 0 && i < len(runs) && runs[i-1].level == runs[i].level {
				runs[i-1].text = concat(runs[i-1].text, runs[i].text)
				runs = append(runs[:i], runs[i+1:]...)
			}
			i--
		}
	}
	return runs
}

// pairBrackets gives a closing bracket the level of its opening bracket
// when x/text left the pair split: it resolves "(98101)" after Latin text in
// a right-to-left paragraph with the "(" left to right but the ")" right to
// left, where rule N0 puts both with the Latin text.
func pairBrackets(runs []run) []run {
	for i := 1; i < len(runs); i++ {
		prev, cur := &runs[i-1], &runs[i]
		if prev.level%2 != 0 || cur.level%2 != 1 {
			continue
		}
		open := 0
		for _, c := range prev.text {
			p, _ := xbidi.LookupRune(c)
			if p.IsOpeningBracket() {
				open++
			} else if p.IsBracket() && open > 0 {
				open--
			}
		}
		n := 0
		for n < len(cur.text) && open > 0 {
			p, _ := xbidi.LookupRune(cur.text[n])
			if !p.IsBracket() || p.IsOpeningBracket() {
				break
			}
			open--
			n++
		}
		if n == 0 {
			continue
		}
		prev.text = append(prev.text[:len(prev.text):len(prev.text)], cur.text[:n]...)
		cur.text = cur.text[n:]
		if len(cur.text) == 0 {
			runs = append(runs[:i], runs[i+1:]...)
			if i < len(runs) && runs[i].level == prev.level {
				prev.text = append(prev.text, runs[i].text...)
				runs = append(runs[:i], runs[i+1:]...)
			}
			i--
		}
	}
	return runs
}

// mirrored pairs the characters that are drawn mirrored in right-to-left
// text but are not brackets, which xbidi.ReverseString leaves alone:
// quotation marks such as «» (Arabic quotes with them), and comparison signs.
var mirrored = map[rune]rune{
	'«': '»', '»': '«', '‹': '›', '›': '‹',
	'<': '>', '>': '<', '≤': '≥', '≥': '≤',
}

// reverseMirrored reverses a right-to-left run into left-to-right order,
// mirroring brackets and the other characters a right-to-left renderer
// mirrors, so «text» keeps its quotes pointing outwards.
func reverseMirrored(s string) string {
	out := []rune(xbidi.ReverseString(s))
	for i, r := range out {
		if m, ok := mirrored[r]; ok {
			out[i] = m
		}
	}
	return string(out)
}
