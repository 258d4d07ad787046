package store

import (
	"testing"
	"time"

	"trellis/data"
)

// newMaterial writes a material with versions in the given languages, each
// titled "<lang> title".
func newMaterial(t *testing.T, st *Store, langs ...string) data.Material {
	t.Helper()
	m := data.Material{Topic: "Screening", Audience: "families", Status: data.MaterialPublished}
	mustWrite(t, st, func(tx *Tx) error {
		m.UpdatedAt = tx.Now()
		if err := tx.Insert(&m); err != nil {
			return err
		}
		for _, l := range langs {
			if err := tx.SaveMaterialVersion(&data.MaterialVersion{MaterialID: m.ID, Language: l, Title: l + " title", Body: "Body in " + l}, false); err != nil {
				return err
			}
		}
		return nil
	})
	return m
}

func saveVersion(t *testing.T, st *Store, m data.Material, lang, title, body string, upToDate bool) {
	t.Helper()
	mustWrite(t, st, func(tx *Tx) error {
		return tx.SaveMaterialVersion(&data.MaterialVersion{MaterialID: m.ID, Language: lang, Title: title, Body: body}, upToDate)
	})
}

func stateIn(t *testing.T, st *Store, m data.Material, lang string) VersionState {
	t.Helper()
	d, err := st.Material(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return d.StateIn(lang)
}

// A translation is out of date once the English text changes after it,
// stays so when only the translation's own text is touched, and is up to
// date again when its author says it now matches.
func TestTranslationIsOutOfDateWhenTheEnglishChanges(t *testing.T) {
	st, clk := openTest(t)
	m := newMaterial(t, st, "en", "so", "am")
	for _, l := range []string{"en", "so", "am"} {
		if got := stateIn(t, st, m, l).State; got != VersionCurrent {
			t.Fatalf("%s right after writing: %s, want current", l, got)
		}
	}
	if got := stateIn(t, st, m, "ar").State; got != VersionMissing {
		t.Fatalf("ar: %s, want missing", got)
	}

	clk.t = clk.t.Add(time.Hour)
	saveVersion(t, st, m, "en", "en title", "Body in en, with a new paragraph", false)
	for _, l := range []string{"so", "am"} {
		if got := stateIn(t, st, m, l).State; got != VersionOutOfDate {
			t.Fatalf("%s after the English changed: %s, want out_of_date", l, got)
		}
	}
	// Saving the English again unchanged does not make anything newer.
	clk.t = clk.t.Add(time.Hour)
	saveVersion(t, st, m, "en", "en title", "Body in en, with a new paragraph", false)
	en := stateIn(t, st, m, "en").Version
	if !en.ChangedAt.Equal(clk.t.Add(-time.Hour)) {
		t.Fatalf("English ChangedAt = %v after an unchanged save, want %v", en.ChangedAt, clk.t.Add(-time.Hour))
	}

	clk.t = clk.t.Add(time.Hour)
	saveVersion(t, st, m, "so", "so title", "A typo fixed", false)
	if got := stateIn(t, st, m, "so").State; got != VersionOutOfDate {
		t.Fatalf("so after a fix that does not say it matches: %s, want out_of_date", got)
	}
	saveVersion(t, st, m, "so", "so title", "Now says what the English says", true)
	if got := stateIn(t, st, m, "so").State; got != VersionCurrent {
		t.Fatalf("so after being brought up to date: %s, want current", got)
	}
	if got := stateIn(t, st, m, "am").State; got != VersionOutOfDate {
		t.Fatalf("am was not touched: %s, want out_of_date", got)
	}
}

func TestTranslationWithoutEnglish(t *testing.T) {
	st, _ := openTest(t)
	m := newMaterial(t, st, "es")
	if got := stateIn(t, st, m, "es").State; got != VersionNoEnglish {
		t.Fatalf("es without English: %s, want no_english", got)
	}
}

// A review holds for the text reviewed: changing the text afterwards
// leaves the version unreviewed, with the reviewer still recorded.
func TestReviewHoldsForTheTextReviewed(t *testing.T) {
	st, clk := openTest(t)
	m := newMaterial(t, st, "en", "ti")
	ti := stateIn(t, st, m, "ti")
	if ti.Reviewed {
		t.Fatal("a new version is reviewed")
	}
	err := st.Write(ctx, func(tx *Tx) error { return tx.MarkVersionReviewed(ti.Version.ID, "  ", data.DateOf(clk.t)) })
	var verr *data.ValidationError
	if !asValidation(err, &verr) || verr.Fields[0].Field != "reviewed_by" {
		t.Fatalf("review without a name: %v, want a reviewed_by error", err)
	}
	mustWrite(t, st, func(tx *Tx) error { return tx.MarkVersionReviewed(ti.Version.ID, "Selam Tesfaye", data.DateOf(clk.t)) })
	if got := stateIn(t, st, m, "ti"); !got.Reviewed || got.Version.ReviewedBy != "Selam Tesfaye" {
		t.Fatalf("after review: %+v", got)
	}
	saveVersion(t, st, m, "ti", "ti title", "Changed after the review", false)
	got := stateIn(t, st, m, "ti")
	if got.Reviewed || got.Version.ReviewedBy != "Selam Tesfaye" {
		t.Fatalf("after a change: reviewed %v by %q, want not reviewed, reviewer kept", got.Reviewed, got.Version.ReviewedBy)
	}
}

func asValidation(err error, v **data.ValidationError) bool {
	e, ok := err.(*data.ValidationError)
	if ok {
		*v = e
	}
	return ok && len(e.Fields) > 0
}

// A store made before versions knew their changes takes its materials'
// last updates as their changes and its translations as up to date.
func TestMigrationGivesOldVersionsTheirChange(t *testing.T) {
	migs, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	k := -1
	for i, m := range migs {
		if m.name == "0006_materials_reach_families.sql" {
			k = i
		}
	}
	if k < 0 {
		t.Fatal("no migration 0006_materials_reach_families.sql")
	}
	dir, db := databaseAt(t, k)
	mid := data.NewID()
	db.Exec(`INSERT INTO materials(id, topic, audience, status, updated_at) VALUES(?, 'T', 'families', 'published', '2026-03-01T10:00:00.000Z')`, mid)
	db.Exec(`INSERT INTO material_versions(id, material_id, language, title, body) VALUES(?, ?, 'en', 'E', 'b')`, data.NewID(), mid)
	db.Exec(`INSERT INTO material_versions(id, material_id, language, title, body) VALUES(?, ?, 'so', 'S', 'b')`, data.NewID(), mid)
	db.Close()
	st, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := st.Material(ctx, mid)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, v := range d.Versions {
		if !v.ChangedAt.Equal(want) {
			t.Errorf("%s ChangedAt = %v, want %v", v.Language, v.ChangedAt, want)
		}
	}
	if got := d.StateIn("so").State; got != VersionCurrent {
		t.Fatalf("an old translation: %s, want current", got)
	}
}

// Materials given to a family appear on its timeline.
func TestMaterialsGivenAreOnTheTimeline(t *testing.T) {
	st, _ := openTest(t)
	h, _ := addFamily(t, st, "Abdi", "so", "2024-05-01")
	m := newMaterial(t, st, "en")
	g := data.MaterialGiven{HouseholdID: h.ID, MaterialID: m.ID, Title: "en title", Language: "en", Wanted: "so", Navigator: "Ana"}
	mustWrite(t, st, func(tx *Tx) error { return tx.AddMaterialGiven(&g) })
	tl, err := st.Timeline(ctx, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range tl {
		if e.Kind == "material" && e.Given.ID == g.ID && e.Given.FellBack() {
			found = true
		}
	}
	if !found {
		t.Fatalf("timeline %+v has no material entry", tl)
	}
	bad := data.MaterialGiven{HouseholdID: h.ID, MaterialID: data.NewID(), Title: "x", Language: "en", Wanted: "so"}
	if err := st.Write(ctx, func(tx *Tx) error { return tx.AddMaterialGiven(&bad) }); err == nil {
		t.Fatal("a material that does not exist was given")
	}
}
