package translations

import (
	"encoding/json"
	"regexp"
	"sort"
	"testing"
	"time"
)

func readFile(t *testing.T, tag string) map[string]any {
	t.Helper()
	buf, err := files.ReadFile("active." + tag + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf, &m); err != nil {
		t.Fatalf("active.%s.json: %v", tag, err)
	}
	return m
}

func TestEveryFileLoads(t *testing.T) {
	if errs := LoadErrors(); len(errs) > 0 {
		t.Fatalf("message files that did not load: %v", errs)
	}
	for _, tag := range Files() {
		if !IsSupported(tag) {
			t.Errorf("active.%s.json is for a language not in Supported()", tag)
		}
	}
}

var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

// placeholders returns the sorted template fields a message (or any of its
// plural forms) uses.
func placeholders(v any) []string {
	set := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			for _, m := range placeholder.FindAllStringSubmatch(x, -1) {
				set[m[1]] = true
			}
		case map[string]any:
			for k, y := range x {
				if k != "description" {
					walk(y)
				}
			}
		}
	}
	walk(v)
	var out []string
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestSpanishIsCompleteAndConsistent(t *testing.T) {
	en, es := readFile(t, "en"), readFile(t, "es")
	for id, msg := range en {
		other, ok := es[id]
		if !ok {
			t.Errorf("es lacks %q", id)
			continue
		}
		if a, b := placeholders(msg), placeholders(other); !equal(a, b) {
			t.Errorf("%q uses %v in English but %v in Spanish", id, a, b)
		}
		if forms, ok := msg.(map[string]any); ok {
			if _, ok := forms["other"]; !ok {
				t.Errorf("plural %q has no \"other\" form in English", id)
			}
			esForms, ok := other.(map[string]any)
			if !ok || esForms["one"] == nil || esForms["other"] == nil {
				t.Errorf("plural %q needs \"one\" and \"other\" in Spanish, got %v", id, other)
			}
		}
	}
	for id := range es {
		if _, ok := en[id]; !ok {
			t.Errorf("es has %q, which English does not", id)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLocalizerLanguagesAndFallback(t *testing.T) {
	if got := New("es").T("nav.families"); got != "Familias" {
		t.Errorf("es nav.families = %q", got)
	}
	if got := New("en").T("nav.families"); got != "Families" {
		t.Errorf("en nav.families = %q", got)
	}
	for _, tag := range []string{"", "xx", "de", "zh"} {
		l := New(tag)
		if l.Language() != "en" || l.T("nav.families") != "Families" {
			t.Errorf("New(%q) speaks %q, says %q; want English", tag, l.Language(), l.T("nav.families"))
		}
	}
	// A supported language without its own message for an id gets English.
	l := New("vi")
	if l.Language() != "vi" {
		t.Errorf("New(vi).Language() = %q", l.Language())
	}
	if !l.Has("nav.families") && l.T("nav.families") != "Families" {
		t.Errorf("vi without a message must fall back to English, got %q", l.T("nav.families"))
	}
	// Has knows every language's own messages, also those go-i18n names
	// differently (Tagalog, "tl", is "fil" to it), and not English's.
	for _, lang := range Supported() {
		if !New(lang.Tag).Has("nav.families") {
			t.Errorf("%s: Has(nav.families) is false", lang.Tag)
		}
	}
	if New("es").Has("no.such.message") {
		t.Error("Has is true for a message no language has")
	}
	if got := New("es").T("no.such.message"); got != "no.such.message" {
		t.Errorf("unknown id gives %q, want the id", got)
	}
	if got := New("es").T("today.heading", map[string]any{"Date": "1 de mayo"}); got != "Hoy, 1 de mayo" {
		t.Errorf("template data: %q", got)
	}
}

func TestPlurals(t *testing.T) {
	en, es := New("en"), New("es")
	cases := []struct {
		l    *Localizer
		n    int
		want string
	}{
		{en, 1, "1 day"}, {en, 0, "0 days"}, {en, 2, "2 days"},
		{es, 1, "1 día"}, {es, 5, "5 días"},
	}
	for _, c := range cases {
		if got := c.l.N("unit.days", c.n, nil); got != c.want {
			t.Errorf("%s N(unit.days, %d) = %q, want %q", c.l.Language(), c.n, got, c.want)
		}
	}
}

func TestMatch(t *testing.T) {
	cases := map[string]string{
		"zh-TW": "zh-Hant", "zh_TW.UTF-8": "zh-Hant", "zh-HK": "zh-Hant", "zh-MO": "zh-Hant",
		"zh-CN": "zh-Hans", "zh_CN.UTF-8": "zh-Hans", "zh-SG": "zh-Hans", "zh": "zh-Hans", "zh-Hant": "zh-Hant",
		"es-MX": "es", "es_US.UTF-8": "es", "en_US.UTF-8": "en", "vi-VN": "vi", "ar-EG": "ar", "pa-IN": "pa",
		"fil-PH": "tl", "tl": "tl", "am-ET": "am", "ti-ER": "ti", "so-SO": "so", "uk-UA": "uk", "ru": "ru", "ko-KR": "ko",
		"de-DE": "en", "fr": "en", "": "en", "C": "en", "POSIX": "en", "C.UTF-8": "en", "not a locale": "en",
	}
	for in, want := range cases {
		if got := Match(in); got != want {
			t.Errorf("Match(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSupported(t *testing.T) {
	langs := Supported()
	if len(langs) != 14 {
		t.Fatalf("%d languages, want 14", len(langs))
	}
	seen := map[string]bool{}
	for _, l := range langs {
		if seen[l.Tag] || l.NativeName == "" {
			t.Errorf("bad or repeated language %+v", l)
		}
		seen[l.Tag] = true
	}
	langs[0].Tag = "changed"
	if Supported()[0].Tag != "en" {
		t.Error("Supported returned its own slice")
	}
}

func TestDatesAndAges(t *testing.T) {
	day := time.Date(2025, time.March, 4, 15, 30, 0, 0, time.Local)
	en, es := New("en"), New("es")
	if got := en.Date(day); got != "March 4, 2025" {
		t.Errorf("en date %q", got)
	}
	if got := es.Date(day); got != "4 de marzo de 2025" {
		t.Errorf("es date %q", got)
	}
	if got := es.DateTime(day); got != "4 de marzo de 2025, 15:30" {
		t.Errorf("es datetime %q", got)
	}
	if got := en.DateTime(day); got != "March 4, 2025, 3:30 PM" {
		t.Errorf("en datetime %q", got)
	}
	if en.Date(time.Time{}) != "" {
		t.Error("zero date must be empty")
	}
	ages := []struct {
		l      *Localizer
		months int
		want   string
	}{
		{en, 0, "0 months"}, {en, 1, "1 month"}, {en, 23, "23 months"}, {en, 24, "2 years"},
		{en, 27, "2 years, 3 months"}, {en, 37, "3 years, 1 month"}, {en, -1, "age unknown"},
		{es, 13, "13 meses"}, {es, 30, "2 años y 6 meses"},
	}
	for _, c := range ages {
		if got := c.l.Age(c.months); got != c.want {
			t.Errorf("%s Age(%d) = %q, want %q", c.l.Language(), c.months, got, c.want)
		}
	}
}
