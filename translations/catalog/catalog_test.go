package catalog

import (
	"strings"
	"testing"
)

func mustParse(t *testing.T, s string) File {
	t.Helper()
	f, err := Parse([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

const english = `{
 "app.title": "Trellis",
 "greeting": "Hello {{.Name}}",
 "age.join": "{{.Years}}, {{.Months}}",
 "changes": {"one": "{{.Count}} change by {{.Who}}", "other": "{{.Count}} changes by {{.Who}}"}
}`

func kinds(ps []Problem) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID+":"+p.Kind)
	}
	return strings.Join(out, " ")
}

func TestCheckAcceptsACompleteTranslation(t *testing.T) {
	en := mustParse(t, english)
	ar := mustParse(t, `{
 "app.title": "Trellis",
 "greeting": "مرحبا {{.Name}}",
 "age.join": "{{.Years}} و{{.Months}}",
 "changes": {"zero": "لا تغييرات من {{.Who}}", "one": "تغيير واحد من {{.Who}}", "two": "تغييران من {{.Who}}",
   "few": "{{.Count}} تغييرات من {{.Who}}", "many": "{{.Count}} تغييرًا من {{.Who}}", "other": "{{.Count}} تغيير من {{.Who}}"}
}`)
	if ps := Check("ar", en, ar); len(ps) > 0 {
		t.Errorf("unexpected problems: %v", ps)
	}
}

func TestCheckFindsEveryKindOfProblem(t *testing.T) {
	en := mustParse(t, english)
	ru := mustParse(t, `{
 "greeting": "Hello {{.Name}}",
 "age.join": "{{.Years}}, {{.Month}}",
 "changes": {"one": "{{.Count}} изменение", "other": "{{.Count}} изменений от {{.Who}}"},
 "old.key": "Старое"
}`)
	got := kinds(Check("ru", en, ru))
	for _, want := range []string{
		"app.title:missing", "greeting:untranslated", "age.join:placeholders",
		"changes:forms", "changes:placeholders", "old.key:extra",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems %q lack %q", got, want)
		}
	}
}

func TestCountMayBeLeftOutOfSomeFormsOnly(t *testing.T) {
	en := mustParse(t, english)
	tr := mustParse(t, `{"app.title": "Trellis", "greeting": "Kaabo {{.Name}}", "age.join": "{{.Years}} {{.Months}}",
 "changes": {"one": "hal isbeddel {{.Who}}", "other": "isbeddello {{.Who}}"}}`)
	got := Check("so", en, tr)
	if len(got) != 1 || got[0].ID != "changes" || !strings.Contains(got[0].Detail, "other: lost {{.Count}}") {
		t.Errorf("want only the other form's lost Count, got %v", got)
	}
}

func TestParseRejectsUnknownShapes(t *testing.T) {
	for _, bad := range []string{`{"a": 3}`, `{"a": {"several": "x"}}`, `{"a": {"one": 1}}`, `[`} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%s) accepted it", bad)
		}
	}
}

func TestMarshalRoundTrips(t *testing.T) {
	en := mustParse(t, english)
	back := mustParse(t, string(Marshal(en)))
	if len(back) != len(en) || back["changes"].Forms["one"] != en["changes"].Forms["one"] || back["greeting"].Text != "Hello {{.Name}}" {
		t.Errorf("round trip changed the file: %v", back)
	}
	if s := string(Marshal(File{"x": {Text: "a < b & \"c\""}})); !strings.Contains(s, `"a < b & \"c\""`) {
		t.Errorf("Marshal escaped HTML or quotes wrongly: %s", s)
	}
}

func TestEveryUILanguageHasPluralRules(t *testing.T) {
	for _, lang := range []string{"en", "es", "vi", "zh-Hans", "zh-Hant", "so", "ru", "uk", "ko", "am", "ti", "tl", "pa", "ar"} {
		forms := PluralForms(lang)
		if len(forms) == 0 || forms[len(forms)-1] != "other" {
			t.Errorf("%s: forms %v", lang, forms)
		}
	}
	if len(PluralForms("ar")) != 6 || len(PluralForms("ru")) != 4 || len(PluralForms("uk")) != 4 {
		t.Error("Arabic needs six forms, Russian and Ukrainian four")
	}
}
