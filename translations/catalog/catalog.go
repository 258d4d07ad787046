// Package catalog reads the app's go-i18n message files (active.<lang>.json)
// and checks a translation against the English one: every message present,
// nothing left as a copy of the English, the same {{.Placeholders}}, and
// every plural form the language needs. The completeness test and the
// translators' command (translations/cmd/missing) share it.
package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// Source is the language every other file is translated from.
const Source = "en"

// Message is one message: a plain text, or plural forms keyed by CLDR
// category (zero, one, two, few, many, other).
type Message struct {
	Text   string
	Forms  map[string]string
	Plural bool
}

// File is the messages of one language by id.
type File map[string]Message

// pluralKeys are go-i18n's plural categories; an object holding any of
// them is a plural message.
var pluralKeys = []string{"zero", "one", "two", "few", "many", "other"}

// reservedKeys are go-i18n's message fields other than the plural forms.
var reservedKeys = []string{"id", "description", "hash", "leftdelim", "rightdelim", "translation"}

// Parse reads a go-i18n JSON message file in the flat form the app uses:
// "id": "text" or "id": {"one": "...", "other": "..."}.
func Parse(data []byte) (File, error) {
	var raw map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	f := File{}
	for id, v := range raw {
		switch x := v.(type) {
		case string:
			f[id] = Message{Text: x}
		case map[string]any:
			m := Message{Forms: map[string]string{}, Plural: true}
			for k, fv := range x {
				k = strings.ToLower(k)
				if slices.Contains(reservedKeys, k) {
					continue
				}
				if !slices.Contains(pluralKeys, k) {
					return nil, fmt.Errorf("message %q: %q is not a plural form (zero, one, two, few, many, other)", id, k)
				}
				s, ok := fv.(string)
				if !ok {
					return nil, fmt.Errorf("message %q form %q: not a string", id, k)
				}
				m.Forms[k] = s
			}
			f[id] = m
		default:
			return nil, fmt.Errorf("message %q: neither a string nor plural forms", id)
		}
	}
	return f, nil
}

// Load reads every active.<lang>.json in dir, by language tag.
func Load(dir string) (map[string]File, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "active.*.json"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no active.*.json message files in %s", dir)
	}
	out := map[string]File{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		f, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Base(p), err)
		}
		out[LangOf(p)] = f
	}
	return out, nil
}

// LangOf returns the language tag of a message file path.
func LangOf(path string) string {
	return strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "active."), ".json")
}

// Marshal writes f as a go-i18n JSON file with ids in order, one-space
// indented like the app's files, ending in a newline.
func Marshal(f File) []byte {
	ids := f.IDs()
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, id := range ids {
		m := f[id]
		b.WriteString(" " + quote(id) + ": ")
		if m.Plural {
			b.WriteString("{\n")
			forms := m.FormNames()
			for j, form := range forms {
				b.WriteString("  " + quote(form) + ": " + quote(m.Forms[form]))
				if j < len(forms)-1 {
					b.WriteString(",")
				}
				b.WriteString("\n")
			}
			b.WriteString(" }")
		} else {
			b.WriteString(quote(m.Text))
		}
		if i < len(ids)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// IDs returns the message ids in sorted order.
func (f File) IDs() []string {
	ids := make([]string, 0, len(f))
	for id := range f {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// FormNames returns the plural forms present, in CLDR order.
func (m Message) FormNames() []string {
	var out []string
	for _, k := range pluralKeys {
		if _, ok := m.Forms[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

// texts returns every text of the message (the forms of a plural one).
func (m Message) texts() []string {
	if !m.Plural {
		return []string{m.Text}
	}
	var out []string
	for _, k := range m.FormNames() {
		out = append(out, m.Forms[k])
	}
	return out
}

// pluralForms lists the CLDR cardinal plural categories each language
// uses, as go-i18n v2.7's rules ask for them at run time.
var pluralForms = map[string][]string{
	"en":      {"one", "other"},
	"es":      {"one", "many", "other"},
	"vi":      {"one", "other"},
	"zh-Hans": {"other"},
	"zh-Hant": {"other"},
	"so":      {"one", "other"},
	"ru":      {"one", "few", "many", "other"},
	"uk":      {"one", "few", "many", "other"},
	"ko":      {"other"},
	"am":      {"one", "other"},
	"ti":      {"one", "other"},
	"tl":      {"one", "other"},
	"pa":      {"one", "other"},
	"ar":      {"zero", "one", "two", "few", "many", "other"},
}

// PluralForms returns the plural categories lang needs, or nil for a
// language this package does not know.
func PluralForms(lang string) []string {
	return slices.Clone(pluralForms[lang])
}

// SameAsEnglish lists the messages that may stay exactly as in English
// (names and codes), with the languages where that is right; "*" is every
// language.
var SameAsEnglish = map[string][]string{
	"app.title": {"*"}, // the product's name
	"action.ok": {"vi", "so", "tl"},
	// Go time layouts: the same where the language writes 12-hour time
	// with AM/PM as English does.
	"format.time_layout": {"tl"},
	// US postal code name, kept as printed on forms.
	"field.zip":            {"tl"},
	"settings.text_normal": {"es"}, // "Normal" is the Spanish word too
	// Names of screening instruments, printed the same in every language.
	"tool.asq3":     {"*"},
	"tool.asqse2":   {"*"},
	"tool.mchat_rf": {"*"},
	// The unit of a file's size, written "KB" in these languages too.
	"materials.size_kb": {"es", "vi", "zh-Hans", "zh-Hant", "so", "tl", "pa"},
	// "Video" is the Spanish and Vietnamese word; Filipino says "file"
	// and "handout" as English does.
	"materials.kind_video":    {"es", "vi"},
	"materials.file":          {"tl"},
	"materials.handout_title": {"tl"},
}

var placeholderRE = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

// Placeholders returns the sorted, distinct template fields in s.
func Placeholders(s string) []string {
	set := map[string]bool{}
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		set[m[1]] = true
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// hasWords reports whether s has letters outside its placeholders, that
// is whether it says something that needs translating.
func hasWords(s string) bool {
	return strings.IndexFunc(placeholderRE.ReplaceAllString(s, ""), unicode.IsLetter) >= 0
}

// Problem is one thing wrong with a translation.
type Problem struct {
	Lang, ID string
	Kind     string // missing, extra, untranslated, placeholders, forms, kind
	Detail   string
}

func (p Problem) String() string {
	s := fmt.Sprintf("%s %s: %s", p.Lang, p.ID, p.Kind)
	if p.Detail != "" {
		s += " (" + p.Detail + ")"
	}
	return s
}

// Check compares the translation tr of lang with the English file en.
func Check(lang string, en, tr File) []Problem {
	var out []Problem
	add := func(id, kind, detail string) {
		out = append(out, Problem{Lang: lang, ID: id, Kind: kind, Detail: detail})
	}
	forms := PluralForms(lang)
	if forms == nil {
		add("", "forms", "no plural rules known for this language")
	}
	for _, id := range en.IDs() {
		src := en[id]
		m, ok := tr[id]
		if !ok {
			add(id, "missing", "")
			continue
		}
		if m.Plural != src.Plural {
			add(id, "kind", "plural in one language and plain in the other")
			continue
		}
		if m.Plural && forms != nil {
			have := m.FormNames()
			var lacking, unused []string
			for _, f := range forms {
				if strings.TrimSpace(m.Forms[f]) == "" {
					lacking = append(lacking, f)
				}
			}
			for _, f := range have {
				if !slices.Contains(forms, f) {
					unused = append(unused, f)
				}
			}
			if len(lacking) > 0 {
				add(id, "forms", "lacks "+strings.Join(lacking, ", "))
			}
			if len(unused) > 0 {
				add(id, "forms", "has "+strings.Join(unused, ", ")+", which the language does not use")
			}
		}
		if d := placeholderDiff(src, m); d != "" {
			add(id, "placeholders", d)
		}
		if lang != Source && copiesEnglish(src, m) && !allowedSame(id, lang) {
			add(id, "untranslated", "same text as English")
		}
	}
	for _, id := range tr.IDs() {
		if _, ok := en[id]; !ok {
			add(id, "extra", "not in English any more")
		}
	}
	return out
}

func allowedSame(id, lang string) bool {
	langs := SameAsEnglish[id]
	return slices.Contains(langs, "*") || slices.Contains(langs, lang)
}

// copiesEnglish reports whether a text of m with words in it is the same
// as the English.
func copiesEnglish(src, m Message) bool {
	if !m.Plural {
		return m.Text == src.Text && hasWords(src.Text)
	}
	for _, text := range m.Forms {
		if slices.ContainsFunc(src.texts(), func(s string) bool { return text == s && hasWords(s) }) {
			return true
		}
	}
	return false
}

// placeholderDiff describes how m's placeholders differ from the English,
// or returns "". A plural form may leave out {{.Count}} (Arabic says "one
// change" as a word), but the "other" form must use every placeholder and
// no form may add one.
func placeholderDiff(src, m Message) string {
	want := map[string]bool{}
	for _, s := range src.texts() {
		for _, p := range Placeholders(s) {
			want[p] = true
		}
	}
	check := func(label, text string, needAll bool) string {
		got := Placeholders(text)
		var extra, lost []string
		for _, p := range got {
			if !want[p] {
				extra = append(extra, p)
			}
		}
		for p := range want {
			if !slices.Contains(got, p) && (needAll || p != "Count") {
				lost = append(lost, p)
			}
		}
		sort.Strings(lost)
		var parts []string
		if len(lost) > 0 {
			parts = append(parts, label+"lost {{."+strings.Join(lost, "}}, {{.")+"}}")
		}
		if len(extra) > 0 {
			parts = append(parts, label+"extra {{."+strings.Join(extra, "}}, {{.")+"}}")
		}
		return strings.Join(parts, "; ")
	}
	if !m.Plural {
		return check("", m.Text, true)
	}
	var parts []string
	for _, f := range m.FormNames() {
		if d := check(f+": ", m.Forms[f], f == "other"); d != "" {
			parts = append(parts, d)
		}
	}
	return strings.Join(parts, "; ")
}
