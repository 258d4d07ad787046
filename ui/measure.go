package ui

import (
	"strings"
	"time"
	"unicode/utf8"
)

// SearchTiming is how long one keystroke's family search took.
type SearchTiming struct {
	Query   string
	Matches int
	Took    time.Duration
}

// MeasureFamilySearch types text into the Families search box one
// character at a time, as a person would, and times each keystroke from the
// text changing to the list holding its new rows (the store query and the
// update of the visible rows; the next frame's drawing is not included).
// It must run on the UI goroutine.
func (s *Shell) MeasureFamilySearch(text string) []SearchTiming {
	if s.tabs == nil {
		return nil
	}
	s.selectTab(ScreenFamilies)
	if s.families.page != nil {
		s.families.showList()
	}
	var out []SearchTiming
	for i := 1; i <= utf8.RuneCountInString(text); i++ {
		q := string([]rune(text)[:i])
		start := time.Now()
		s.families.search.SetText(q)
		took := time.Since(start)
		out = append(out, SearchTiming{Query: q, Matches: s.families.results.total, Took: took})
	}
	return out
}

// SampleFamilyName returns a word of the first family's name (by name), for
// timing a realistic search; "" if there are no families.
func (s *Shell) SampleFamilyName() string {
	page, err := s.st.SearchFamilies(s.ctx(), "", 0, 1)
	if err != nil || len(page.Items) == 0 {
		return ""
	}
	words := strings.Fields(page.Items[0].Name)
	if len(words) == 0 {
		return ""
	}
	return strings.ToLower(words[0])
}
