// Package handout makes the referral summary a navigator gives a family:
// the service, its address, phone numbers, hours, cost, the languages it is
// offered in, how to apply and what to bring, and how to reach the
// navigator, with every heading in the family's language. The service's own text is shown
// in the family's language when the directory has it, otherwise in English
// with a visible "English only" mark. It is written as one HTML file that
// opens in any browser to print or keep (the font for the language's
// script is embedded, so it shows on a computer without that font), and
// as plain text.
package handout

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"trellis/data"
	"trellis/data/store"
	"trellis/translations"
	"trellis/ui/bidi"
	"trellis/ui/fonts"
)

// Sheet is the content of one referral summary, already in the family's
// language where the directory allows.
type Sheet struct {
	Lang string // the language the sheet is written in (a supported UI tag)

	Family    string
	Navigator Navigator
	Made      time.Time

	Service      string
	Organization string
	Description  string
	Eligibility  string
	// EnglishOnly says that the service's own text (name, description,
	// eligibility) is not available in the sheet's language.
	EnglishOnly bool

	Addresses []string
	Phones    []string
	Hours     []string
	Cost      []string
	Languages []string // the languages the service is offered in, named in the sheet's language
	Apply     []string // how to apply: the process, the wait, web site and e-mail
	Bring     []string
}

// Navigator is the navigator who prepares the sheet, for the family to
// reach.
type Navigator struct {
	Name  string
	Phone string
}

// New gathers a sheet for family from a service's directory record, in the
// family's home language (an unsupported language gives English).
func New(family data.Household, svc store.ServiceDetail, navigator Navigator, made time.Time) Sheet {
	lang := translations.Match(family.HomeLanguage)
	loc := translations.New(lang)
	lang = loc.Language()
	name, desc, elig, in := svc.Translated(lang)
	s := Sheet{
		Lang:         lang,
		Family:       family.Name,
		Navigator:    navigator,
		Made:         made,
		Service:      name,
		Organization: svc.Organization.Name,
		Description:  desc,
		Eligibility:  elig,
		EnglishOnly:  lang != store.DirectoryLanguage && in != lang,
	}
	for _, l := range svc.Locations {
		for _, a := range l.Addresses {
			if line := formatAddress(a); line != "" {
				s.Addresses = append(s.Addresses, line)
			}
		}
	}
	for _, p := range svc.Phones {
		n := p.Number
		if p.Extension != nil {
			n = loc.T("handout.phone_ext", map[string]any{"Number": p.Number, "Ext": strconv.FormatFloat(*p.Extension, 'f', -1, 64)})
		}
		if p.Description != "" {
			n += " (" + p.Description + ")"
		}
		s.Phones = append(s.Phones, n)
	}
	for _, sc := range svc.Schedules {
		if h := formatHours(loc, sc); h != "" {
			s.Hours = append(s.Hours, h)
		}
	}
	if svc.Cost != "" {
		s.Cost = append(s.Cost, loc.T("cost."+svc.Cost))
	}
	for _, c := range svc.CostOptions {
		if line := strings.Join(nonEmpty(c.Option, c.AmountDescription), ": "); line != "" {
			s.Cost = append(s.Cost, line)
		}
	}
	if f := strings.TrimSpace(svc.Service.FeesDescription); f != "" {
		s.Cost = append(s.Cost, f)
	}
	names := display.Tags(language.Make(lang))
	for _, l := range svc.Languages {
		if n := languageName(names, l); n != "" {
			s.Languages = append(s.Languages, n)
		}
	}
	if a := strings.TrimSpace(svc.Service.ApplicationProcess); a != "" {
		s.Apply = append(s.Apply, a)
	}
	if w := strings.TrimSpace(svc.Service.WaitTime); w != "" {
		s.Apply = append(s.Apply, loc.T("service.wait", map[string]any{"Wait": w}))
	}
	s.Apply = append(s.Apply, nonEmpty(svc.Service.URL, svc.Service.Email)...)
	for _, d := range svc.RequiredDocuments {
		if d.Document != "" {
			s.Bring = append(s.Bring, d.Document)
		}
	}
	return s
}

// languageName names a directory language in the sheet's language, then
// by the directory's own name for it, then by its code.
func languageName(names display.Namer, l data.Language) string {
	if t, err := language.Parse(l.Code); err == nil {
		if n := names.Name(t); n != "" {
			return n
		}
	}
	if strings.TrimSpace(l.Name) != "" {
		return l.Name
	}
	return l.Code
}

// nonEmpty returns the texts that are not blank, trimmed.
func nonEmpty(texts ...string) []string {
	var out []string
	for _, t := range texts {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// navigatorLine says who prepared the sheet and how to reach them, or ""
// when no navigator is named.
func (s Sheet) navigatorLine(loc *translations.Localizer) string {
	switch {
	case s.Navigator.Name == "":
		return ""
	case s.Navigator.Phone == "":
		return loc.T("handout.navigator", map[string]any{"Navigator": s.Navigator.Name})
	}
	return loc.T("handout.navigator_phone", map[string]any{"Navigator": s.Navigator.Name, "Phone": s.Navigator.Phone})
}

// formatAddress writes an address the US way on one line.
func formatAddress(a data.Address) string {
	var parts []string
	for _, p := range []string{a.Attention, a.Address1, a.Address2, a.City} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if st := strings.TrimSpace(a.StateProvince + " " + a.PostalCode); st != "" {
		parts = append(parts, st)
	}
	return strings.Join(parts, ", ")
}

var weekdays = []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// formatHours writes one schedule as "Monday, Tuesday: 9:00 AM–5:00 PM" in
// the language, or its description when it has no opening times.
func formatHours(loc *translations.Localizer, sc data.Schedule) string {
	var days []string
	for _, d := range strings.Split(strings.ToUpper(sc.ByDay), ",") {
		d = strings.TrimSpace(d)
		d = strings.TrimLeft(d, "+-0123456789") // "1MO" (first Monday) → Monday
		for _, w := range weekdays {
			if d == w {
				days = append(days, loc.T("weekday."+w))
			}
		}
	}
	opens, closes := clock(loc, sc.OpensAt), clock(loc, sc.ClosesAt)
	if opens == "" || closes == "" {
		return strings.TrimSpace(sc.Description)
	}
	dayText := loc.T("handout.every_day")
	if len(days) > 0 {
		dayText = strings.Join(days, loc.T("handout.list_separator"))
	}
	return loc.T("handout.hours_line", map[string]any{"Days": dayText, "Opens": opens, "Closes": closes})
}

// clock writes an HSDS time ("09:00", "17:30:00") in the language's time
// layout, or "" when it is not a time.
func clock(loc *translations.Localizer, hhmm string) string {
	for _, layout := range []string{"15:04:05", "15:04"} {
		if t, err := time.Parse(layout, strings.TrimSpace(hhmm)); err == nil {
			return t.Format(loc.T("format.time_layout"))
		}
	}
	return ""
}

// Text writes the sheet as plain text, one heading per section, for
// printing from anywhere or pasting into a message.
func (s Sheet) Text() string {
	loc := translations.New(s.Lang)
	var b strings.Builder
	line := func(str string) { b.WriteString(str + "\n") }
	line(loc.T("handout.title"))
	line(loc.T("handout.prepared_for", map[string]any{"Family": s.Family}))
	line("")
	list := func(heading string, items []string) {
		line(heading)
		if len(items) == 0 {
			line("  " + loc.T("handout.none_listed"))
		}
		for _, it := range items {
			line("  " + it)
		}
		line("")
	}
	service := []string{s.Service}
	if s.Organization != "" && s.Organization != s.Service {
		service = append(service, s.Organization)
	}
	if s.EnglishOnly {
		service = append(service, "("+loc.T("content.english_only")+")")
	}
	list(loc.T("field.service_id"), service)
	for _, sec := range s.sections(loc) {
		list(sec.Heading, sec.Items)
	}
	if nav := s.navigatorLine(loc); nav != "" {
		line(nav)
	}
	line(loc.T("handout.made_on", map[string]any{"Date": loc.Date(s.Made)}))
	return b.String()
}

// section is one titled list of the sheet.
type section struct {
	Heading string
	Items   []string
	Empty   string // shown when Items is empty
}

// sections are the sheet's titled lists, in order: about the service and
// who it is for (when the directory says), then where, phones, hours, cost,
// languages, how to apply and what to bring (each saying when nothing is
// listed).
func (s Sheet) sections(loc *translations.Localizer) []section {
	var out []section
	add := func(heading string, items []string) {
		out = append(out, section{Heading: heading, Items: items, Empty: loc.T("handout.none_listed")})
	}
	if s.Description != "" {
		add(loc.T("handout.about"), []string{s.Description})
	}
	if s.Eligibility != "" {
		add(loc.T("handout.eligibility"), []string{s.Eligibility})
	}
	add(loc.T("field.address"), s.Addresses)
	add(loc.T("field.phone"), s.Phones)
	add(loc.T("handout.hours"), s.Hours)
	add(loc.T("service.cost"), s.Cost)
	add(loc.T("handout.languages"), s.Languages)
	add(loc.T("service.how_to_apply"), s.Apply)
	add(loc.T("handout.bring"), s.Bring)
	return out
}

var page = template.Must(template.New("handout").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}" dir="{{.Dir}}">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
{{if .FontData}}@font-face { font-family: "TrellisScript"; src: url("data:font/ttf;base64,{{.FontData}}") format("truetype"); }
{{end}}body { font-family: {{if .FontData}}"TrellisScript", {{end}}"Noto Sans", "DejaVu Sans", Arial, "Noto Sans CJK SC", "Noto Sans CJK TC", "Microsoft YaHei", "Microsoft JhengHei", "PingFang SC", "PingFang TC", "Droid Sans Fallback", sans-serif; font-size: 14pt; margin: 2em; color: #111; }
h1 { font-size: 20pt; margin-bottom: 0.2em; }
h2 { font-size: 14pt; margin: 1.2em 0 0.3em; border-bottom: 1px solid #999; }
ul { margin: 0; padding-inline-start: 1.2em; }
.mark { display: inline-block; border: 1px solid #555; padding: 0 0.4em; font-size: 11pt; }
.service { font-size: 16pt; font-weight: bold; }
footer { margin-top: 2em; font-size: 11pt; color: #444; }
bdi { unicode-bidi: isolate; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>{{.For}}</p>
<p class="service"><bdi>{{.Sheet.Service}}</bdi>{{if .Sheet.EnglishOnly}} <span class="mark" lang="{{.Lang}}">{{.EnglishOnly}}</span>{{end}}</p>
{{if and .Sheet.Organization (ne .Sheet.Organization .Sheet.Service)}}<p><bdi>{{.Sheet.Organization}}</bdi></p>{{end}}
{{range .Sections}}<h2>{{.Heading}}</h2>
{{if .Items}}<ul>{{range .Items}}<li><bdi>{{.}}</bdi></li>{{end}}</ul>{{else}}<p>{{.Empty}}</p>{{end}}
{{end}}<footer>{{if .Navigator}}<p>{{.Navigator}}</p>{{end}}<p>{{.Made}}</p></footer>
</body>
</html>
`))

// maxEmbeddedFont is the largest font embedded in a page. The Chinese font
// (4 MB) is left out: every system that runs a web browser has a Chinese
// font, and the page names the common ones.
const maxEmbeddedFont = 1 << 20

// HTML writes the sheet as a self-contained web page: right to left for
// Arabic, with the script's font embedded when the app bundles one for the
// language and it is small (Arabic, Ethiopic, Gurmukhi, Hangul).
func (s Sheet) HTML() ([]byte, error) {
	loc := translations.New(s.Lang)
	dir := "ltr"
	if bidi.IsRTL(s.Lang) {
		dir = "rtl"
	}
	var fontData string
	if f := fonts.For(s.Lang); f != nil && len(f.Content()) <= maxEmbeddedFont {
		fontData = base64.StdEncoding.EncodeToString(f.Content())
	}
	sections := s.sections(loc)
	var b bytes.Buffer
	err := page.Execute(&b, map[string]any{
		"Lang":        s.Lang,
		"Dir":         dir,
		"FontData":    fontData,
		"Title":       loc.T("handout.title"),
		"For":         loc.T("handout.prepared_for", map[string]any{"Family": s.Family}),
		"EnglishOnly": loc.T("content.english_only"),
		"Sheet":       s,
		"Sections":    sections,
		"Navigator":   s.navigatorLine(loc),
		"Made":        loc.T("handout.made_on", map[string]any{"Date": loc.Date(s.Made)}),
	})
	return b.Bytes(), err
}

var unsafeName = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// maxNameRunes is the longest family-and-service part of a file name.
const maxNameRunes = 80

// FileName is a file name for the sheet: family, service and day, in whole
// words (a long name is shortened by leaving out its last words, never by
// cutting one).
func (s Sheet) FileName() string {
	name := strings.Trim(unsafeName.ReplaceAllString(s.Family+"-"+s.Service, "-"), "-")
	if r := []rune(name); len(r) > maxNameRunes {
		cut := string(r[:maxNameRunes+1])
		if i := strings.LastIndex(cut, "-"); i > 0 {
			name = cut[:i]
		} else {
			name = string(r[:maxNameRunes])
		}
	}
	if name == "" {
		name = "handout"
	}
	return fmt.Sprintf("%s-%s.html", name, s.Made.Format("2006-01-02"))
}

// PrintHTML is the page that opens the browser's print dialog as soon as
// it has loaded: what "Print" opens.
func (s Sheet) PrintHTML() ([]byte, error) {
	page, err := s.HTML()
	if err != nil {
		return nil, err
	}
	return bytes.Replace(page, []byte("</body>"), []byte("<script>window.addEventListener(\"load\", function () { window.print(); });</script>\n</body>"), 1), nil
}

// WriteFile writes page to path whole or not at all: into a temporary file
// beside it first, which then replaces path.
func WriteFile(path string, page []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".handout-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(page); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
