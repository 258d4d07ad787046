package handout

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trellis/data"
	"trellis/data/store"
)

var made = time.Date(2026, time.March, 10, 15, 0, 0, 0, time.UTC)

func service() store.ServiceDetail {
	ext := 204.0
	return store.ServiceDetail{
		Service: data.Service{ID: "s1", Name: "Parents Together Group", Description: "A weekly group for parents of babies.",
			EligibilityDescription: "Parents of children under 3."},
		Organization: data.Organization{Name: "Family Resource Center"},
		Translations: []data.ServiceTranslation{{ServiceID: "s1", Language: "so", Name: "Kooxda Waalidiinta",
			Description: "Koox toddobaadle ah oo loogu talagalay waalidiinta carruurta yaryar."}},
		Locations: []store.LocationDetail{{Addresses: []data.Address{{Address1: "100 Main St", Address2: "Suite 2",
			City: "Kent", StateProvince: "WA", PostalCode: "98032"}}}},
		Phones:            []data.Phone{{Number: "253-555-0100", Extension: &ext}},
		Schedules:         []data.Schedule{{ByDay: "MO,1WE", OpensAt: "09:00", ClosesAt: "17:30:00"}, {Description: "Closed on holidays"}},
		RequiredDocuments: []data.RequiredDocument{{Document: "Child's immunization record"}},
	}
}

func TestSheetIsInTheFamilysLanguageWhenTheDirectoryHasIt(t *testing.T) {
	s := New(data.Household{Name: "Warsame family", HomeLanguage: "so"}, service(), Navigator{Name: "Ana"}, made)
	if s.Lang != "so" || s.Service != "Kooxda Waalidiinta" || s.EnglishOnly {
		t.Fatalf("sheet = %+v", s)
	}
	if s.Eligibility != "Parents of children under 3." {
		t.Errorf("untranslated eligibility should stay English: %q", s.Eligibility)
	}
	want := []string{"Isniin, Arbaco: 09:00–17:30", "Closed on holidays"}
	if strings.Join(s.Hours, "|") != strings.Join(want, "|") {
		t.Errorf("hours = %q, want %q", s.Hours, want)
	}
	if s.Addresses[0] != "100 Main St, Suite 2, Kent, WA 98032" {
		t.Errorf("address = %q", s.Addresses[0])
	}
	if s.Phones[0] != "253-555-0100 lambarka gudaha 204" {
		t.Errorf("phone = %q", s.Phones[0])
	}
	text := s.Text()
	for _, w := range []string{"Soo koobidda gudbinta", "Loogu talagalay Warsame family", "Saacadaha", "Waxa la keenayo",
		"Child's immunization record", "Hagahaaga: Ana", "10 Maarso 2026"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q:\n%s", w, text)
		}
	}
	if strings.Contains(text, "Ingiriisi oo keliya") {
		t.Error("a translated service must not be marked English only")
	}
}

func TestArabicSheetIsRightToLeftWithItsFontAndMarksEnglishOnly(t *testing.T) {
	s := New(data.Household{Name: "عائلة حسن", HomeLanguage: "ar"}, service(), Navigator{Name: "Ana"}, made)
	if !s.EnglishOnly || s.Service != "Parents Together Group" {
		t.Fatalf("sheet = %+v", s)
	}
	page, err := s.HTML()
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, w := range []string{`<html lang="ar" dir="rtl">`, "بالإنجليزية فقط", "ملخص الإحالة", "ساعات العمل",
		"@font-face", "data:font/ttf;base64,", "الاثنين، الأربعاء"} {
		if !strings.Contains(html, w) {
			t.Errorf("Arabic page lacks %q", w)
		}
	}
}

func TestChinesePageNamesSystemFontsInsteadOfEmbeddingFourMegabytes(t *testing.T) {
	page, err := New(data.Household{Name: "王家", HomeLanguage: "zh-TW"}, service(), Navigator{Name: "Ana"}, made).HTML()
	if err != nil {
		t.Fatal(err)
	}
	if len(page) > 100_000 || strings.Contains(string(page), "@font-face") || !strings.Contains(string(page), "PingFang TC") ||
		!strings.Contains(string(page), `lang="zh-Hant"`) || !strings.Contains(string(page), "轉介摘要") {
		t.Errorf("Chinese page of %d bytes:\n%.600s", len(page), page)
	}
}

func TestEnglishAndUnsupportedLanguagesGiveAnEnglishSheet(t *testing.T) {
	for _, lang := range []string{"en", "fr", ""} {
		s := New(data.Household{Name: "Smith family", HomeLanguage: lang}, service(), Navigator{}, made)
		page, err := s.HTML()
		if err != nil {
			t.Fatal(err)
		}
		html := string(page)
		if s.Lang != "en" || s.EnglishOnly || strings.Contains(html, "English only") || strings.Contains(html, "@font-face") ||
			!strings.Contains(html, `dir="ltr"`) || !strings.Contains(html, "Monday, Wednesday: 9:00 AM–5:30 PM") {
			t.Errorf("%q: lang %s, english only %v, page:\n%s", lang, s.Lang, s.EnglishOnly, html[strings.Index(html, "<body>"):])
		}
		if strings.Contains(html, "Your navigator") {
			t.Error("no navigator given, yet the page names one")
		}
	}
}

func TestEmptySectionsSayNothingIsListed(t *testing.T) {
	d := service()
	d.RequiredDocuments = nil
	s := New(data.Household{Name: "Kim family", HomeLanguage: "ko"}, d, Navigator{Name: "Ana"}, made)
	if !strings.Contains(s.Text(), "가져올 것\n  정보가 없습니다. 전화로 문의하세요.") {
		t.Errorf("text:\n%s", s.Text())
	}
}

func TestHTMLEscapesDirectoryText(t *testing.T) {
	d := service()
	d.Service.Name = `<script>alert(1)</script>`
	page, _ := New(data.Household{Name: "A & B", HomeLanguage: "en"}, d, Navigator{}, made).HTML()
	if strings.Contains(string(page), "<script>") || !strings.Contains(string(page), "A &amp; B") {
		t.Error("directory or family text was not escaped")
	}
}

// The sheet tells the family what it costs, which languages are spoken,
// how to apply, and how to reach their navigator by name and phone, in
// the family's language.
func TestSheetGivesCostLanguagesHowToApplyAndTheNavigatorsPhone(t *testing.T) {
	d := service()
	d.Cost = data.CostSlidingScale
	d.CostOptions = []data.CostOption{{Option: "Families on WIC", AmountDescription: "no charge"}}
	d.Service.FeesDescription = "Ask about the sliding scale."
	d.Languages = []data.Language{{Code: "es"}, {Code: "so"}, {Code: "xx-unknown", Name: "Oromo"}}
	d.Service.ApplicationProcess = "Call to book an intake visit."
	d.Service.WaitTime = "two weeks"
	d.Service.URL = "https://example.org/apply"
	nav := Navigator{Name: "Ana Navigator", Phone: "503-555-0142"}

	en := New(data.Household{Name: "Smith family", HomeLanguage: "en"}, d, nav, made).Text()
	for _, want := range []string{
		"Cost\n  Sliding scale\n  Families on WIC: no charge\n  Ask about the sliding scale.\n",
		"Languages spoken\n  Spanish\n  Somali\n  Oromo\n",
		"How to apply\n  Call to book an intake visit.\n  Wait: two weeks\n  https://example.org/apply\n",
		"Your navigator: Ana Navigator, 503-555-0142",
	} {
		if !strings.Contains(en, want) {
			t.Errorf("English sheet lacks %q:\n%s", want, en)
		}
	}
	es := New(data.Household{Name: "Familia López", HomeLanguage: "es"}, d, nav, made)
	page, err := es.HTML()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Escala móvil", "español", "somalí", "Cómo solicitar", "Idiomas que se hablan", "503-555-0142"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("Spanish page lacks %q", want)
		}
	}
	d.Cost, d.CostOptions, d.Service.FeesDescription = "", nil, ""
	if none := New(data.Household{Name: "Smith family", HomeLanguage: "en"}, d, nav, made).Text(); !strings.Contains(none, "Cost\n  Not listed. Please call to ask.\n") {
		t.Errorf("a service with no cost listed must say so:\n%s", none)
	}
}

// A long family and service name is shortened in whole words.
func TestFileNameKeepsWholeWords(t *testing.T) {
	d := service()
	d.Service.Name = "Early Childhood Mental Health Consultations and Home Visiting Program for Infants"
	name := New(data.Household{Name: "Nguyen family", HomeLanguage: "en"}, d, Navigator{}, made).FileName()
	if name != "Nguyen-family-Early-Childhood-Mental-Health-Consultations-and-Home-Visiting-2026-03-10.html" {
		t.Errorf("file name %q", name)
	}
}

func TestPrintPageOpensThePrintDialog(t *testing.T) {
	s := New(data.Household{Name: "Smith family", HomeLanguage: "en"}, service(), Navigator{}, made)
	page, _ := s.HTML()
	print, err := s.PrintHTML()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(page), "window.print") || !strings.Contains(string(print), "window.print()") {
		t.Error("only the page for printing opens the print dialog")
	}
	path := filepath.Join(t.TempDir(), s.FileName())
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, page); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != string(page) {
		t.Error("WriteFile must replace the file with the page")
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("%d files left, want 1", len(entries))
	}
}
