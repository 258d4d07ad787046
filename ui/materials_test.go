package ui

import (
	"bytes"
	"context"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"trellis/data"
	"trellis/data/registry"
	"trellis/data/store"
	"trellis/sync/client"
	"trellis/sync/synctest"
)

// addMaterial stores a published material with versions (language →
// title, body).
func addMaterial(t *testing.T, st *store.Store, topic, audience string, versions map[string][2]string) data.Material {
	t.Helper()
	m := data.Material{Topic: topic, Audience: audience, Status: data.MaterialPublished}
	write(t, st, func(tx *store.Tx) error {
		m.UpdatedAt = tx.Now()
		if err := tx.Insert(&m); err != nil {
			return err
		}
		for _, lang := range []string{"en", "so", "ar", "am", "zh-Hant"} {
			if v, ok := versions[lang]; ok {
				if err := tx.SaveMaterialVersion(&data.MaterialVersion{MaterialID: m.ID, Language: lang, Title: v[0], Body: v[1]}, false); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return m
}

// languageRow returns the Languages tab's row for a language tag.
func languageRow(t *testing.T, m *MaterialsScreen, tag string) (int, []string) {
	t.Helper()
	for i, s := range m.langs.states {
		if s.Language == tag {
			return i, listRowTexts(m.langs.list, i)
		}
	}
	t.Fatalf("no row for %s", tag)
	return 0, nil
}

// A trainer sees in which of the app's languages a material is written,
// sees translations fall out of date when the English changes, brings one
// up to date, and records a native speaker's review.
func TestMaterialsLanguagesOutOfDateAndReview(t *testing.T) {
	now := testNow
	st, err := store.Open(t.TempDir(), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	addMaterial(t, st, "Sleep", "families", map[string][2]string{
		"en": {"Safe sleep", "On the back, every time."},
		"so": {"Hurdo ammaan ah", "Dhabarka, mar walba."},
		"ar": {"النوم الآمن", "على الظهر، في كل مرة."},
	})
	sh := newTestShell(t, st, "en")
	test.Tap(sh.tabsButton(t, ScreenMaterials))
	m := sh.mats
	m.list.Select(0)
	if got := m.langs.summary.Text; got != "Languages written: 3 of 14. Out of date: 0." {
		t.Errorf("summary %q", got)
	}
	if _, row := languageRow(t, m, "ko"); row[1] != "Not written yet" {
		t.Errorf("Korean row %q", row)
	}

	// The English changes an hour later.
	now = now.Add(time.Hour)
	m.language.setCode("en")
	test.Type(m.body, " Nothing else in the crib.")
	test.Tap(m.save)
	if _, row := languageRow(t, m, "so"); !strings.HasPrefix(row[1], "Out of date") {
		t.Fatalf("Somali after the English changed: %q", row)
	}
	if got := m.langs.summary.Text; !strings.HasSuffix(got, "Out of date: 2.") {
		t.Errorf("summary %q", got)
	}

	// Choosing Somali in the Languages tab opens it in the Text tab, which
	// says it is out of date and offers to mark it up to date.
	i, _ := languageRow(t, m, "so")
	m.langs.list.Select(i)
	if m.language.code() != "so" || m.tabs.Selected() != m.textTab || m.title.Text != "Hurdo ammaan ah" {
		t.Fatalf("choosing Somali: language %q, tab %q, title %q", m.language.code(), m.tabs.Selected().Text, m.title.Text)
	}
	if !m.upToDate.Visible() || !strings.HasPrefix(m.versionState.Text, "Out of date: the English version changed on") {
		t.Fatalf("Somali shows %q, up-to-date box shown %v", m.versionState.Text, m.upToDate.Visible())
	}
	m.body.SetText("Dhabarka, mar walba. Wax kale sariirta ha la dhigin.")
	m.upToDate.SetChecked(true)
	test.Tap(m.save)
	if _, row := languageRow(t, m, "so"); !strings.HasPrefix(row[1], "Up to date") {
		t.Fatalf("Somali after being brought up to date: %q", row)
	}
	if _, row := languageRow(t, m, "ar"); !strings.HasPrefix(row[1], "Out of date") {
		t.Fatalf("Arabic was not touched: %q", row)
	}

	// Review: the dialog refuses a missing name, then records it.
	test.Tap(m.review)
	f := m.reviewForm
	test.Tap(f.save)
	if got := f.form.message("reviewed_by"); got == "" {
		t.Fatal("a review without the reviewer's name was accepted")
	}
	var entries []*textEntry
	for _, o := range widgetsIn(overlayContent(t, sh)) {
		if e, ok := o.(*textEntry); ok {
			entries = append(entries, e)
		}
	}
	if len(entries) != 2 || entries[1].Text != "2026-03-10" {
		t.Fatalf("the review dialog has %d entries", len(entries))
	}
	test.Type(entries[0], "Hodan Cali")
	test.Tap(f.save)
	if len(sh.dialogs) != 0 {
		t.Fatalf("the review dialog stayed open: %d dialogs", len(sh.dialogs))
	}
	if _, row := languageRow(t, m, "so"); !strings.Contains(row[1], "reviewed by Hodan Cali") {
		t.Fatalf("Somali row after review: %q", row)
	}
	if !strings.Contains(m.versionState.Text, "Reviewed by Hodan Cali on March 10, 2026.") {
		t.Errorf("state %q", m.versionState.Text)
	}
	m.body.SetText("Dhabarka.")
	test.Tap(m.save)
	if !strings.Contains(m.versionState.Text, "Changed since Hodan Cali reviewed it.") {
		t.Errorf("after a change the state says %q", m.versionState.Text)
	}
}

// A version is saved as a PDF handout, or as a web page when the name
// ends in .html, and Print opens its PDF with the computer's program.
func TestMaterialsSaveHandoutAndPrint(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	st := openTestStore(t)
	addMaterial(t, st, "Screening", "families", map[string][2]string{
		"en": {"What is a screening?", "A short set of questions."},
		"am": {"ምርመራ ምንድን ነው?", "አጭር ጥያቄዎች ናቸው።"},
	})
	sh := newTestShell(t, st, "en")
	var opened []*neturl.URL
	sh.openURL = func(u *neturl.URL) error { opened = append(opened, u); return nil }
	test.Tap(sh.tabsButton(t, ScreenMaterials))
	m := sh.mats
	m.list.Select(0)
	m.language.setCode("am")
	sheet, ok := m.versionSheet()
	if !ok || sheet.Lang != "am" || sheet.FellBack() {
		t.Fatalf("sheet %+v", sheet)
	}
	dir := t.TempDir()
	m.saveHandoutTo(sheet, filepath.Join(dir, sheet.FileName(".pdf")))
	m.saveHandoutTo(sheet, filepath.Join(dir, "screening.html"))
	pdf, err := os.ReadFile(filepath.Join(dir, sheet.FileName(".pdf")))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf, []byte("NotoSansEthiopic")) {
		t.Fatalf("the PDF handout: %v, %.20q", err, pdf)
	}
	page, err := os.ReadFile(filepath.Join(dir, "screening.html"))
	if err != nil || !bytes.Contains(page, []byte(`lang="am"`)) || !bytes.Contains(page, []byte("ምርመራ ምንድን ነው?")) {
		t.Fatalf("the web page handout: %v", err)
	}
	test.Tap(m.print)
	if len(opened) != 1 || !strings.HasSuffix(opened[0].Path, ".pdf") {
		t.Fatalf("Print opened %v", opened)
	}
	if b, err := os.ReadFile(opened[0].Path); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("the file opened to print: %v", err)
	}
	// A version not saved yet cannot be printed.
	m.language.setCode("ko")
	if !m.print.Disabled() || !m.saveHandout.Disabled() || !m.review.Disabled() {
		t.Error("print, save and review must wait until the version is saved")
	}
}

// From a Somali family's page a navigator gives a material written in
// Somali and one that is not: the second is said to be in English before
// printing, its handout says so in Somali, and both are on the timeline.
func TestGiveMaterialsFromTheFamilyPage(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Qoyska Cali", "so", "97201")
	addMaterial(t, st, "Sleep", "families", map[string][2]string{
		"en": {"Safe sleep", "On the back."},
		"so": {"Hurdo ammaan ah", "Dhabarka."},
	})
	addMaterial(t, st, "Screening", "families", map[string][2]string{
		"en": {"What is a screening?", "A short set of questions."},
	})
	draft := addMaterial(t, st, "Draft", "families", map[string][2]string{"en": {"Not ready", "..."}})
	write(t, st, func(tx *store.Tx) error {
		draft.Status = data.MaterialDraft
		return tx.Update(&draft)
	})
	sh := newTestShell(t, st, "en")
	var opened []*neturl.URL
	sh.openURL = func(u *neturl.URL) error { opened = append(opened, u); return nil }
	sh.openFamily(h.ID)
	p := sh.families.page
	test.Tap(p.give)
	g := p.giveForm
	if g == nil || len(g.items) != 2 {
		t.Fatalf("give dialog offers %d materials, want the 2 published", len(g.items))
	}
	if !g.print.Disabled() {
		t.Error("Print must wait until a material is chosen")
	}
	notes := map[string]string{}
	for i, c := range g.checks {
		notes[c.Text] = g.notes[i].Text
	}
	if notes["Hurdo ammaan ah"] != "In Somali" || notes["What is a screening?"] != "Not written in Somali: given in English, with a note saying so" {
		t.Fatalf("the dialog says %v", notes)
	}
	for _, c := range g.checks {
		c.SetChecked(true)
	}
	test.Tap(g.print)
	if len(opened) != 2 {
		t.Fatalf("Print opened %d files, want 2", len(opened))
	}
	var langs []string
	for _, u := range opened {
		b, err := os.ReadFile(u.Path)
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatalf("%s: %v", u.Path, err)
		}
		for _, l := range []string{"-so-", "-en-"} {
			if strings.Contains(filepath.Base(u.Path), l) {
				langs = append(langs, l)
			}
		}
	}
	if strings.Join(langs, "") != "-so--en-" && strings.Join(langs, "") != "-en--so-" {
		t.Errorf("handouts opened in %v, want one Somali and one English", langs)
	}
	given, err := st.MaterialsGiven(context.Background(), h.ID)
	if err != nil || len(given) != 2 {
		t.Fatalf("given: %+v (%v)", given, err)
	}
	var texts []string
	for i := range p.timeline {
		texts = append(texts, p.entryText(p.timeline[i]))
	}
	joined := strings.Join(texts, "\n")
	if !strings.Contains(joined, "Gave “Hurdo ammaan ah” in Somali (Ana Navigator)") ||
		!strings.Contains(joined, "Gave “What is a screening?” in English: not written in Somali (Ana Navigator)") {
		t.Fatalf("timeline:\n%s", joined)
	}
	if len(sh.dialogs) != 0 {
		t.Errorf("%d dialogs left open", len(sh.dialogs))
	}
}

// A navigator's laptop receives a trainer's material and its recording's
// record, not the recording; opening it fetches it from the county server
// (with progress) and opens it with the computer's program.
func TestOpenAttachmentFetchesItFromTheCountyServer(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", filepath.Join(t.TempDir(), ".cache"))
	ctx := context.Background()
	url := synctest.CountyOf(t, synctest.User{Org: "Cedar County", Name: "tina", Role: registry.RoleTrainer},
		synctest.User{Org: "Harbor Family Services", Name: "ana", Role: registry.RoleNavigator})
	trainer, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer trainer.Close()
	if _, err := client.Enroll(ctx, trainer, nil, url, "tina", "password-tina", "tina's laptop"); err != nil {
		t.Fatal(err)
	}
	recording := bytes.Repeat([]byte("ID3 hurdo ammaan ah "), 20000)
	m := addMaterial(t, trainer, "Sleep", "families", map[string][2]string{"so": {"Hurdo ammaan ah", "Dhabarka."}})
	sha, size, err := trainer.PutBlob(bytes.NewReader(recording))
	if err != nil {
		t.Fatal(err)
	}
	write(t, trainer, func(tx *store.Tx) error {
		return tx.Insert(&data.MaterialAttachment{MaterialID: m.ID, SHA256: sha, Name: "hurdo.mp3", Size: size, MediaType: "audio/mpeg", Language: "so"})
	})
	if rep, err := (&client.Client{Store: trainer}).Sync(ctx); err != nil || rep.BlobsUp != 1 {
		t.Fatalf("trainer's sync: %+v %v", rep, err)
	}

	st := openTestStore(t)
	if _, err := client.Enroll(ctx, st, nil, url, "ana", "password-ana", "ana's laptop"); err != nil {
		t.Fatal(err)
	}
	if _, err := (&client.Client{Store: st}).Sync(ctx); err != nil {
		t.Fatal(err)
	}
	sh := newTestShellWith(t, st, Options{Language: "en", Background: inline, SyncTimer: synctest.NewTimer().Start})
	opened := make(chan string, 1)
	sh.openURL = func(u *neturl.URL) error { opened <- u.Path; return nil }
	test.Tap(sh.tabsButton(t, ScreenMaterials))
	mats := sh.mats
	mats.list.Select(0)
	if len(mats.atts.items) != 1 {
		t.Fatalf("attachments listed: %+v", mats.atts.items)
	}
	if row := listRowTexts(mats.atts.list, 0); row[0] != "hurdo.mp3" || row[1] != "Somali · Recording · 391 KB · on the county server" {
		t.Fatalf("row %q", row)
	}
	row := mats.atts.list.CreateItem()
	mats.atts.list.UpdateItem(0, row)
	var open *button
	for _, o := range widgetsIn(row) {
		if b, ok := o.(*button); ok && b.Text == "Open" {
			open = b
		}
	}
	test.Tap(open)
	select {
	case path := <-opened:
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, recording) || filepath.Base(path) != "hurdo.mp3" {
			t.Fatalf("opened %s: %d bytes (%v)", path, len(got), err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the recording was not opened")
	}
	sh.WaitIdle()
	if row := listRowTexts(mats.atts.list, 0); !strings.HasSuffix(row[1], "on this laptop") {
		t.Fatalf("after opening: %q", row)
	}
}
