package ui

import (
	"strings"
	"testing"

	"trellis/data"
	"trellis/data/store"
)

// Referring a Somali-speaking family in the English interface, the
// directory names each service in English, with its Somali name under it
// where the directory has one, and says what is not translated into
// Somali; without a family (no language filter), nothing of it is shown.
func TestDirectoryNamesServicesInEnglishWithTheFamilysLanguageUnder(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Warsame family", "so", "97201")
	translated := addService(t, st, "Parent group", []string{"so", "en"}, years(0), years(5), true, "97201", nil)
	addService(t, st, "Reading club", []string{"so", "en"}, years(0), years(5), true, "97201", nil)
	partly := addService(t, st, "Play time", []string{"so", "en"}, years(0), years(5), true, "97201", nil)
	write(t, st, func(tx *store.Tx) error {
		if err := tx.Insert(&data.ServiceTranslation{ID: data.NewID(), ServiceID: translated.ID, Language: "so",
			Name: "Kooxda waalidiinta", Description: "Waxay caawisaa qoysaska."}); err != nil {
			return err
		}
		return tx.Insert(&data.ServiceTranslation{ID: data.NewID(), ServiceID: partly.ID, Language: "so", Name: "Waqtiga ciyaarta"})
	})
	sh := newTestShell(t, st, "en")
	sh.referFromDirectory(h, "")
	d := sh.dir
	if d.results.total != 3 {
		t.Fatalf("%d services listed", d.results.total)
	}
	rows := map[string]string{}
	for i := 0; i < 3; i++ {
		r := listRowTexts(d.list, i)
		rows[r[0]] = r[1]
	}
	for title, info := range map[string]string{
		"Parent group": "Kooxda waalidiinta · Parent group provider",
		"Reading club": "Not translated into Somali · Reading club provider",
		"Play time":    "Waqtiga ciyaarta · Not translated into Somali: description · Play time provider",
	} {
		if got, ok := rows[title]; !ok || !strings.HasPrefix(got, info) {
			t.Errorf("row %q: second line %q, want it to start %q (rows %q)", title, got, info, rows)
		}
	}
	for i := 0; i < 3; i++ {
		d.list.Select(i)
		md := markdownOf(d.detail)
		switch {
		case strings.HasPrefix(md, "Parent group\n"):
			if !strings.Contains(md, "In Somali: Kooxda waalidiinta") || strings.Contains(md, "Not translated") {
				t.Errorf("detail of the translated service:\n%s", md)
			}
		case strings.HasPrefix(md, "Reading club\n"):
			if !strings.Contains(md, "Not translated into Somali") || strings.Contains(md, "In Somali") {
				t.Errorf("detail of the untranslated service:\n%s", md)
			}
		case strings.HasPrefix(md, "Play time\n"):
			if !strings.Contains(md, "In Somali: Waqtiga ciyaarta") || !strings.Contains(md, "Not translated into Somali: description") {
				t.Errorf("detail of the partly translated service:\n%s", md)
			}
		default:
			t.Errorf("detail %d is not titled in English:\n%s", i, md)
		}
	}

	other := newTestShell(t, st, "en")
	other.Show(ScreenDirectory)
	for i := 0; i < other.dir.results.total; i++ {
		if r := listRowTexts(other.dir.list, i); strings.Contains(r[1], "Somali") && !strings.Contains(r[1], "Somali,") || strings.Contains(r[1], "Kooxda") {
			t.Errorf("in English without a family: %q", r)
		}
	}
	// In Somali, the Somali name is the title, and what is in English says so.
	so := newTestShell(t, st, "so")
	so.Show(ScreenDirectory)
	titles := map[string]string{}
	for i := 0; i < so.dir.results.total; i++ {
		r := listRowTexts(so.dir.list, i)
		titles[r[0]] = r[1]
	}
	if _, ok := titles["Kooxda waalidiinta"]; !ok {
		t.Errorf("in Somali the translated name is the title: %q", titles)
	}
	if info := titles["Reading club"]; !strings.HasPrefix(info, "Laguma turjumin") {
		t.Errorf("in Somali an untranslated service says so: %q", info)
	}
}

func TestEnglishOnlyMark(t *testing.T) {
	sh := newTestShell(t, openTestStore(t), "so")
	for _, c := range []struct {
		want, in string
		marked   bool
	}{{"so", "en", true}, {"so", "so", false}, {"en", "en", false}, {"en-US", "en", false},
		{"zh-Hant", "zh-Hans", false}, {"ar", "en-US", true}, {"ar", "", false}} {
		got := sh.englishOnlyMark(c.want, c.in)
		if (got != "") != c.marked || (c.marked && got != "Ingiriisi oo keliya") {
			t.Errorf("englishOnlyMark(%q, %q) = %q", c.want, c.in, got)
		}
	}
}

// From the Referrals screen, the summary for a Somali-speaking family is
// written in Somali, for the chosen referral only.
func TestReferralSummaryIsSavedInTheFamilysLanguage(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Ali family", "so", "97201")
	svc := addService(t, st, "Early Intervention", []string{"so"}, years(0), years(3), true, "97201", nil)
	ref := data.Referral{HouseholdID: h.ID, ServiceID: svc.ID, Priority: data.PriorityRoutine}
	write(t, st, func(tx *store.Tx) error {
		return tx.CreateReferral(&ref, data.StatusRequested, "Ana Navigator", "sent")
	})
	sh := newTestShell(t, st, "en")
	sh.Show(ScreenReferrals)
	r := sh.refs
	if !r.handout.Disabled() {
		t.Error("the summary button must wait for a referral to be chosen")
	}
	r.list.Select(0)
	if r.handout.Disabled() || r.handout.Text != "Save handout…" {
		t.Fatalf("button %q disabled %v", r.handout.Text, r.handout.Disabled())
	}
	sheet, err := sh.handoutSheet(r.selected.HouseholdID, r.selected.ServiceID)
	if err != nil {
		t.Fatal(err)
	}
	page, err := sheet.HTML()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`lang="so"`, "Soo koobidda gudbinta", "Loogu talagalay Ali family", "Early Intervention",
		"Ingiriisi oo keliya", "Hagahaaga: Ana Navigator"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	if _, err := sh.handoutSheet(h.ID, "no-such-service"); err == nil {
		t.Error("an unknown service must be an error, not an empty summary")
	}
}
