// Package textsearch folds text for searching in every language Trellis
// ships and matches folded queries against folded documents.
//
// Folding is the same on both sides: compatibility-decompose (NFKD), drop
// the accents of Latin, Greek and Cyrillic letters and the optional vowel
// marks of Arabic, fold case, and map a few letters that do not decompose
// (đ → d, ø → o, ł → l, Arabic alef and yeh variants). So "ninos" finds
// "niños" and "ngan" finds "Ngân". Marks that carry meaning in other
// scripts (Gurmukhi vowel signs, Ethiopic) are kept.
//
// Matching is by word prefix for scripts written with spaces ("par" finds
// "Parenting") and by substring for Chinese, Japanese and Korean, which are
// not, so a two-character query such as "育儿" or "부모" finds its matches
// anywhere (an FTS5 trigram index would miss them).
package textsearch

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

var folder = cases.Fold()

// dropMark reports whether a combining mark is an accent or optional vowel
// sign that search should ignore.
func dropMark(r rune) bool {
	switch {
	case r >= 0x0300 && r <= 0x036F, // combining diacritical marks
		r >= 0x1AB0 && r <= 0x1AFF,
		r >= 0x1DC0 && r <= 0x1DFF,
		r >= 0x20D0 && r <= 0x20FF,
		r >= 0xFE20 && r <= 0xFE2F,
		r >= 0x0610 && r <= 0x061A, // Arabic marks
		r >= 0x064B && r <= 0x065F, // Arabic harakat
		r == 0x0670,
		r >= 0x06D6 && r <= 0x06ED:
		return true
	}
	return false
}

var letterMap = map[rune]string{
	'đ': "d", 'Đ': "d", 'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'ħ': "h", 'ı': "i",
	'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'þ': "th",
	'أ': "ا", 'إ': "ا", 'آ': "ا", 'ٱ': "ا", 'ى': "ي", 'ة': "ه", 'ؤ': "و", 'ئ': "ي",
	'ـ': "", // tatweel
}

// Fold returns s folded for search, with every run of non-letters and
// non-digits replaced by one space, and no leading or trailing space.
func Fold(s string) string {
	if s == "" {
		return ""
	}
	if ascii(s) {
		return foldASCII(s)
	}
	return foldUnicode(s)
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// foldASCII is Fold for text that is all ASCII (most English directory
// text), where decomposition and case folding come down to lower-casing.
func foldASCII(s string) string {
	b := make([]byte, 0, len(s))
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
			space = false
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b = append(b, c)
			space = false
		case !space:
			b = append(b, ' ')
			space = true
		}
	}
	if n := len(b); n > 0 && b[n-1] == ' ' {
		b = b[:n-1]
	}
	return string(b)
}

// foldUnicode is Fold for text in any script.
func foldUnicode(s string) string {
	d := norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	space := true
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) && dropMark(r) {
			continue
		}
		if m, ok := letterMap[r]; ok {
			b.WriteString(m)
			space = false
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			b.WriteRune(r)
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	out := strings.TrimRight(b.String(), " ")
	// Recompose (Hangul syllables and kept marks), then fold case.
	return folder.String(norm.NFC.String(out))
}

// unspaced reports whether r belongs to a script written without spaces
// between words, where a query matches anywhere rather than at word starts.
func unspaced(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) ||
		unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Thai, r)
}
