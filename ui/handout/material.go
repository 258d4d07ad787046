package handout

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"path/filepath"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"trellis/data/store"
	"trellis/translations"
	"trellis/ui/bidi"
)

// MaterialSheet is a training material as handed to a family (or printed
// for a group): one language version's title and text, and, when the
// material has no version in the language asked for, a note in that
// language saying which version this is instead.
type MaterialSheet struct {
	Lang string // the language of the version given
	// Wanted is the language asked for (the family's); it differs from
	// Lang when the material has no version in it.
	Wanted string
	Title  string
	Body   string // Markdown

	Family    string // who it was prepared for ("" for none)
	Navigator string
	Made      time.Time
}

// NewMaterialSheet chooses the version of d to give a reader of wanted:
// the version in that language if there is one, else the English one,
// else any.
func NewMaterialSheet(d store.MaterialDetail, wanted, family, navigator string, made time.Time) MaterialSheet {
	v, _ := d.Version(wanted)
	return MaterialSheet{Lang: v.Language, Wanted: wanted, Title: v.Title, Body: v.Body,
		Family: family, Navigator: navigator, Made: made}
}

// FellBack reports whether the sheet is not in the language asked for.
func (s MaterialSheet) FellBack() bool {
	return s.Wanted != "" && s.Lang != s.Wanted
}

// localizer returns the localizer for a language tag, or nil when the
// app has no translation for it.
func localizer(tag string) *translations.Localizer {
	m := translations.Match(tag)
	if m == "" || !sameLanguage(m, tag) {
		return nil
	}
	return translations.New(m)
}

// sameLanguage reports whether a supported UI tag is the language tag
// (base language and script).
func sameLanguage(ui, tag string) bool {
	a, err1 := language.Parse(ui)
	b, err2 := language.Parse(tag)
	if err1 != nil || err2 != nil {
		return false
	}
	ab, _ := a.Base()
	bb, _ := b.Base()
	as, _ := a.Script()
	bs, _ := b.Script()
	return ab == bb && as == bs
}

// languageIn is the name of the language tag in the language in.
func languageIn(tag, in string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	names := display.Tags(language.Make(in))
	if n := names.Name(t); n != "" {
		return n
	}
	if base, _ := t.Base(); names.Name(base) != "" {
		return names.Name(base)
	}
	return translations.NativeName(tag)
}

// sheetText is what the sheet says around the material's own text, each
// string in the language it is read in.
type sheetText struct {
	fallback     string // in the wanted language (or English)
	fallbackLang string
	footer       []string // in the version's language (or English)
	footerLang   string
}

func (s MaterialSheet) texts() sheetText {
	var t sheetText
	loc := localizer(s.Lang)
	if loc == nil {
		loc = translations.New("en")
	}
	t.footerLang = loc.Language()
	if s.Family != "" {
		t.footer = append(t.footer, loc.T("handout.prepared_for", map[string]any{"Family": s.Family}))
	}
	if s.Navigator != "" {
		t.footer = append(t.footer, loc.T("handout.navigator", map[string]any{"Navigator": s.Navigator}))
	}
	if !s.Made.IsZero() {
		t.footer = append(t.footer, loc.T("handout.made_on", map[string]any{"Date": loc.Date(s.Made)}))
	}
	if s.FellBack() {
		wl := localizer(s.Wanted)
		if wl == nil {
			wl = translations.New("en")
		}
		t.fallbackLang = wl.Language()
		t.fallback = wl.T("materials.handout_fallback", map[string]any{
			"Wanted": languageIn(s.Wanted, wl.Language()), "Given": languageIn(s.Lang, wl.Language())})
	}
	return t
}

// FileName is a file name for the sheet: title, language and day, with
// the extension given (".pdf", ".html").
func (s MaterialSheet) FileName(ext string) string {
	name := strings.Trim(unsafeName.ReplaceAllString(s.Title, "-"), "-")
	if r := []rune(name); len(r) > 60 {
		name = string(r[:60])
	}
	if name == "" {
		name = "handout"
	}
	return fmt.Sprintf("%s-%s-%s%s", name, s.Lang, s.Made.Format("2006-01-02"), ext)
}

// Save writes the sheet to path, as a PDF when the name ends in .pdf and
// as a web page otherwise. The file is written whole or not at all; an
// existing file is replaced (the user chose the name).
func (s MaterialSheet) Save(path string) error {
	var content []byte
	var err error
	if strings.EqualFold(filepath.Ext(path), ".pdf") {
		content, err = s.PDF()
	} else {
		content, err = s.HTML()
	}
	if err != nil {
		return err
	}
	return WriteFile(path, content)
}

var materialPage = template.Must(template.New("material").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}" dir="{{.Dir}}">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
{{.FontFaces}}
body { font-family: {{.FontFamilies}}"Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 14pt; line-height: 1.5; margin: 2em auto; max-width: 42em; color: #111; }
h1 { font-size: 22pt; margin-bottom: 0.3em; }
h2 { font-size: 17pt; margin: 1.2em 0 0.3em; }
h3 { font-size: 15pt; margin: 1em 0 0.3em; }
ul, ol { padding-inline-start: 1.4em; }
blockquote { margin-inline-start: 1em; color: #333; }
.fallback { border: 1px solid #555; padding: 0.4em 0.7em; margin: 0.5em 0 1em; }
footer { margin-top: 2em; border-top: 1px solid #999; padding-top: 0.5em; font-size: 11pt; color: #444; }
footer p { margin: 0.2em 0; }
@media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{if .Fallback}}<p class="fallback" lang="{{.FallbackLang}}" dir="{{.FallbackDir}}">{{.Fallback}}</p>
{{end}}<main>
{{.Body}}
</main>
{{if .Footer}}<footer lang="{{.FooterLang}}">{{range .Footer}}<p>{{.}}</p>{{end}}</footer>
{{end}}</body>
</html>
`))

// HTML writes the sheet as a self-contained web page to print or keep:
// right to left for Arabic, with the fonts of the scripts it uses
// embedded (the Chinese font only with the characters used), so that it
// shows on a computer without them. The material's Markdown becomes HTML;
// HTML written inside it is left out.
func (s MaterialSheet) HTML() ([]byte, error) {
	var body bytes.Buffer
	if err := goldmark.Convert([]byte(s.Body), &body); err != nil {
		return nil, err
	}
	t := s.texts()
	all := s.Title + s.Body + t.fallback + strings.Join(t.footer, "")
	// The fonts are written into the style sheet here: base64 and the
	// names made here are all the CSS holds, nothing from the material.
	var faces, families strings.Builder
	for i, f := range pageFonts(all, s.Lang, s.Wanted) {
		b, err := webFont(f, all)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&faces, "@font-face { font-family: \"TrellisScript%d\"; src: url(\"data:font/ttf;base64,%s\") format(\"truetype\"); }\n",
			i, base64.StdEncoding.EncodeToString(b))
		fmt.Fprintf(&families, "\"TrellisScript%d\", ", i)
	}
	var out bytes.Buffer
	err := materialPage.Execute(&out, map[string]any{
		"Lang":         s.Lang,
		"Dir":          dirOf(s.Lang),
		"Title":        s.Title,
		"FontFaces":    template.CSS(faces.String()),
		"FontFamilies": template.CSS(families.String()),
		"Fallback":     t.fallback,
		"FallbackLang": t.fallbackLang,
		"FallbackDir":  dirOf(t.fallbackLang),
		"Body":         template.HTML(body.String()),
		"Footer":       t.footer,
		"FooterLang":   t.footerLang,
	})
	return out.Bytes(), err
}

func dirOf(lang string) string {
	if bidi.IsRTL(lang) {
		return "rtl"
	}
	return "ltr"
}
