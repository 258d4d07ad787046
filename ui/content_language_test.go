package ui

import (
	"strings"
	"testing"

	"trellis/data"
	"trellis/data/store"
)

// Referring a Somali-speaking family, the directory shows a service's
// Somali name where the directory has one, and marks the rest English only;
// without a family, in English, nothing is marked.
func TestDirectoryShowsTheFamilysLanguageOrMarksEnglishOnly(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Warsame family", "so", "97201")
	translated := addService(t, st, "Parent group", []string{"so", "en"}, years(0), years(5), true, "97201", nil)
	addService(t, st, "Reading club", []string{"so", "en"}, years(0), years(5), true, "97201", nil)
	write(t, st, func(tx *store.Tx) error {
		return tx.Insert(&data.ServiceTranslation{ID: data.NewID(), ServiceID: translated.ID, Language: "so",
			Name: "Kooxda waalidiinta", Description: "Waxay caawisaa qoysaska."})
	})
	sh := newTestShell(t, st, "en")
	sh.referFromDirectory(h, "")
	d := sh.dir
	if d.results.total != 2 {
		t.Fatalf("%d services listed", d.results.total)
	}
	rows := map[string]string{}
	for i := 0; i < 2; i++ {
		r := listRowTexts(d.list, i)
		rows[r[0]] = r[1]
	}
	info, ok := rows["Kooxda waalidiinta"]
	if !ok || strings.Contains(info, "English only") {
		t.Errorf("translated service row: %q", rows)
	}
	if !strings.HasPrefix(rows["Reading club"], "English only") {
		t.Errorf("untranslated row should start with the mark: %q", rows["Reading club"])
	}
	for i := 0; i < 2; i++ {
		d.list.Select(i)
		md := markdownOf(d.detail)
		somali := strings.Contains(md, "Kooxda waalidiinta")
		if somali == strings.Contains(md, "English only") {
			t.Errorf("detail %d: Somali name %v, yet English only mark %v:\n%s", i, somali, !somali, md)
		}
	}

	other := newTestShell(t, st, "en")
	other.Show(ScreenDirectory)
	for i := 0; i < other.dir.results.total; i++ {
		if r := listRowTexts(other.dir.list, i); strings.Contains(r[1], "English only") || r[0] == "Kooxda waalidiinta" {
			t.Errorf("in English without a family: %q", r)
		}
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
