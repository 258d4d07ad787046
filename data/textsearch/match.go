package textsearch

import (
	"strings"
	"unicode/utf8"
)

// Query is a folded search query, split into terms. Every term must match.
type Query struct {
	terms []term
}

type term struct {
	text     string // folded
	anywhere bool   // substring match (unspaced scripts) rather than word prefix
}

// ParseQuery folds q and splits it into terms.
func ParseQuery(q string) Query {
	var out Query
	for _, w := range strings.Fields(Fold(q)) {
		r, _ := utf8.DecodeRuneInString(w)
		out.terms = append(out.terms, term{text: w, anywhere: unspaced(r)})
	}
	return out
}

// Empty reports whether the query has no terms: it matches everything.
func (q Query) Empty() bool { return len(q.terms) == 0 }

// Doc is a document prepared for matching: folded text with a space before
// every word, so that a word-prefix match is a search for " "+term.
type Doc string

// NewDoc folds the given fields into one document.
func NewDoc(fields ...string) Doc {
	var b strings.Builder
	for _, f := range fields {
		if f = Fold(f); f != "" {
			b.WriteByte(' ')
			b.WriteString(f)
		}
	}
	return Doc(b.String())
}

// Match reports whether every term of q occurs in d, and a score that is
// higher the earlier the terms occur (so a match in a record's name, folded
// first, ranks above a match in its description).
func (q Query) Match(d Doc) (bool, int) {
	score := 0
	s := string(d)
	for _, t := range q.terms {
		var i int
		if t.anywhere {
			i = strings.Index(s, t.text)
		} else {
			i = indexWordPrefix(s, t.text)
		}
		if i < 0 {
			return false, 0
		}
		score += 1_000_000 / (i + 10)
	}
	return true, score
}

// indexWordPrefix finds text at the start of a word of s: after a space,
// or (for a word in an unspaced script) after any character.
func indexWordPrefix(s, text string) int {
	from := 0
	for {
		i := strings.Index(s[from:], text)
		if i < 0 {
			return -1
		}
		i += from
		if i == 0 || s[i-1] == ' ' {
			return i
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		if unspaced(prev) || afterClitic(s[:i]) {
			return i
		}
		from = i + 1
	}
}

// clitics are prefixes written joined to the word they belong to, so that
// a query for the word should find it with them. Arabic: the article and
// the conjunctions and prepositions that attach to it ("and the", "with
// the", ...), so "اطفال" finds "والاطفال". Amharic and Tigrinya (Ethiopic
// script): the prepositions "of", "in/by", "for", "from", "about", "like"
// and Tigrinya "to", so "ወላጆች" finds "የወላጆች".
var clitics = []string{
	"ال", "وال", "بال", "كال", "فال", "لل", "و", "ب", "ل", "ف", "ك",
	"የ", "በ", "ለ", "ከ", "ስለ", "እንደ", "ን", "ብ",
}

// afterClitic reports whether before ends with a word start followed only
// by a clitic prefix.
func afterClitic(before string) bool {
	ws := strings.LastIndexByte(before, ' ')
	prefix := before[ws+1:]
	for _, c := range clitics {
		if prefix == c {
			return true
		}
	}
	return false
}
