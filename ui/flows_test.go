package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
)

func years(v float64) *float64 { return &v }

// addService stores an active service of a new organization, offered in
// langs, for ages min to max years, free or with a fee, in the area of zip,
// tagged with the category term.
func addService(t *testing.T, st *store.Store, name string, langs []string, min, max *float64, free bool, zip string, term *data.TaxonomyTerm) data.Service {
	t.Helper()
	org := data.Organization{ID: data.NewID(), Name: name + " provider"}
	svc := data.Service{ID: data.NewID(), OrganizationID: org.ID, Name: name, Status: data.ServiceActive,
		Description: "Helps families with young children.", MinimumAge: min, MaximumAge: max}
	write(t, st, func(tx *store.Tx) error {
		recs := []any{&org, &svc}
		for _, l := range langs {
			recs = append(recs, &data.Language{ID: data.NewID(), ServiceID: svc.ID, Code: l})
		}
		amount := 25.0
		if free {
			amount = 0
		}
		recs = append(recs, &data.CostOption{ID: data.NewID(), ServiceID: svc.ID, Amount: &amount},
			&data.ServiceArea{ID: data.NewID(), ServiceID: svc.ID, Name: "County " + zip, Extent: zip},
			&data.Phone{ID: data.NewID(), ServiceID: svc.ID, Number: "503-555-0100"},
			&data.Schedule{ID: data.NewID(), ServiceID: svc.ID, ByDay: "MO,WE", OpensAt: "09:00", ClosesAt: "17:00"})
		if term != nil {
			recs = append(recs, &data.Attribute{ID: data.NewID(), LinkID: svc.ID, LinkType: "service", LinkEntity: "service", TaxonomyTermID: term.ID})
		}
		for _, r := range recs {
			if err := tx.Insert(r); err != nil {
				return err
			}
		}
		return nil
	})
	return svc
}

// listRowTexts returns the texts of a list row's labels, in order.
func listRowTexts(l *widget.List, i int) []string {
	row := l.CreateItem()
	l.UpdateItem(i, row)
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(row)
	return out
}

func TestAddAFamilyKeepsInputOnErrors(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShell(t, st, "en")
	test.Tap(sh.tabsButton(t, ScreenFamilies))
	fam := sh.families
	test.Tap(fam.newBtn)
	f := fam.form
	if f == nil || len(sh.dialogs) != 1 {
		t.Fatal("New family must open the family form")
	}
	test.Type(f.phone, "12")
	test.Type(f.zip, "9720")
	f.language.setCode("es")
	test.Tap(f.consent)
	test.Tap(f.save)
	if got := f.form.message("name"); got != "Please fill this in." {
		t.Errorf("name error %q", got)
	}
	if got := f.form.message("zip"); got != "A ZIP code has 5 digits (or 5+4)." {
		t.Errorf("zip error %q", got)
	}
	if got := f.form.message("phone"); got != "This does not look like a phone number." {
		t.Errorf("phone error %q", got)
	}
	if f.zip.Text != "9720" || f.phone.Text != "12" || f.language.code() != "es" || !f.consent.Checked {
		t.Error("what was typed must stay after an error")
	}
	if page, _ := st.SearchFamilies(context.Background(), "", 0, 10); page.Total != 0 {
		t.Fatal("nothing may be written when the form has errors")
	}

	test.Type(f.name, "Garcia family")
	f.phone.SetText("503-555-0142")
	f.zip.SetText("97201")
	test.Tap(f.save)
	if len(sh.dialogs) != 0 {
		t.Fatalf("the form must close after a good save; errors: name %q zip %q", f.form.message("name"), f.form.message("zip"))
	}
	page, err := st.SearchFamilies(context.Background(), "garcia", 0, 10)
	if err != nil || page.Total != 1 {
		t.Fatalf("the family must be stored: %v %+v", err, page)
	}
	h, err := st.Household(context.Background(), page.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if h.HomeLanguage != "es" || h.ZIP != "97201" || h.Phone != "503-555-0142" || !h.ConsentContact ||
		h.ConsentContactBy != "Ana Navigator" || h.ConsentContactOn != data.DateOf(testNow) || h.Navigator != "Ana Navigator" {
		t.Errorf("stored family %+v", h)
	}
	if fam.page == nil || fam.page.title.Text != "Garcia family" {
		t.Fatal("saving a new family must open its page")
	}
	if !strings.Contains(fam.page.details.Text, "Home language: Spanish") || !strings.Contains(fam.page.consent.Text, "Agreed to be contacted (March 10, 2026, recorded by Ana Navigator)") {
		t.Errorf("page shows %q / %q", fam.page.details.Text, fam.page.consent.Text)
	}

	// Back on the list, typing finds it.
	test.Tap(fam.page.back)
	test.Type(fam.search, "gar")
	if fam.results.total != 1 || fam.count.Text != "1 family" {
		t.Errorf("search found %d (%q)", fam.results.total, fam.count.Text)
	}
	if texts := listRowTexts(fam.list, 0); texts[0] != "Garcia family" || texts[1] != "Spanish · 97201" {
		t.Errorf("row shows %q", texts)
	}
	fam.search.SetText("nobody")
	if fam.results.total != 0 {
		t.Errorf("a search matching nobody lists %d", fam.results.total)
	}
}

func TestAddAChildShowsAge(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Tran family", "vi", "97201")
	sh := newTestShell(t, st, "en")
	sh.openFamily(h.ID)
	p := sh.families.page
	if len(p.membersBx.Objects) != 1 {
		t.Fatalf("one member to start, page shows %d", len(p.membersBx.Objects))
	}
	test.Tap(p.addChild)
	f := p.memberForm
	test.Type(f.given, "Minh")
	test.Type(f.family, "Tran")
	test.Type(f.birth, "2027-01-01")
	test.Tap(f.save)
	if got := f.form.message("birth_date"); got != "This date is in the future." {
		t.Errorf("birth date error %q", got)
	}
	f.birth.SetText("2025-06-15")
	test.Tap(f.save)
	if len(sh.dialogs) != 0 {
		t.Fatalf("form still open: %q", f.form.message("birth_date"))
	}
	members, err := st.Members(context.Background(), h.ID)
	if err != nil {
		t.Fatal(err)
	}
	var minh *data.Member
	for i := range members {
		if members[i].GivenName == "Minh" {
			minh = &members[i]
		}
	}
	if minh == nil || minh.Role != data.RoleChild || minh.BirthDate != data.MustDate("2025-06-15") {
		t.Fatalf("stored members %+v", members)
	}
	if len(p.membersBx.Objects) != 2 {
		t.Fatalf("page shows %d members", len(p.membersBx.Objects))
	}
	var texts []string
	for _, o := range p.membersBx.Objects {
		texts = append(texts, strings.Join(labelsIn(o), " "))
	}
	if !strings.Contains(strings.Join(texts, "|"), "Minh Tran Child · 8 months") {
		t.Errorf("members show %q", texts)
	}
}

// labelsIn returns the texts of the labels inside o.
func labelsIn(o fyne.CanvasObject) []string {
	var out []string
	switch w := o.(type) {
	case *widget.Label:
		out = append(out, w.Text)
	case *fyne.Container:
		for _, c := range w.Objects {
			out = append(out, labelsIn(c)...)
		}
	case *container.Scroll:
		out = append(out, labelsIn(w.Content)...)
	}
	return out
}

func TestDirectorySearchWithFilters(t *testing.T) {
	st := openTestStore(t)
	term := data.TaxonomyTerm{ID: data.NewID(), Name: "Parenting"}
	write(t, st, func(tx *store.Tx) error { return tx.Insert(&term) })
	addService(t, st, "Parent group Raices", []string{"es", "en"}, years(0), years(5), true, "97201", &term)
	addService(t, st, "Parent group Downtown", []string{"en"}, years(0), years(5), false, "97201", &term)
	addService(t, st, "Teen dental clinic", []string{"vi"}, years(12), years(18), true, "97301", nil)
	sh := newTestShell(t, st, "en")
	test.Tap(sh.tabsButton(t, ScreenDirectory))
	d := sh.dir
	if d.results.total != 3 {
		t.Fatalf("all 3 services listed at first, got %d", d.results.total)
	}
	test.Type(d.search, "parent")
	if d.results.total != 2 || d.count.Text != "2 services" {
		t.Fatalf("typing 'parent' lists %d (%q)", d.results.total, d.count.Text)
	}
	d.language.setCode("es")
	if d.results.total != 1 {
		t.Fatalf("with Spanish only %d", d.results.total)
	}
	row := listRowTexts(d.list, 0)
	if row[0] != "Parent group Raices" || !strings.Contains(row[1], "Spanish, English") || !strings.Contains(row[1], "Free") {
		t.Errorf("row shows %q", row)
	}
	d.language.setCode("")
	d.cost.setCode(data.CostFee)
	if d.results.total != 1 || listRowTexts(d.list, 0)[0] != "Parent group Downtown" {
		t.Errorf("fee filter lists %d", d.results.total)
	}
	d.cost.setCode("")
	d.search.SetText("")
	d.age.SetSelectedIndex(2) // 1 year old
	if d.results.total != 2 {
		t.Errorf("services for a 1-year-old: %d, want the two parent groups", d.results.total)
	}
	d.area.SetText("97301")
	if d.results.total != 0 {
		t.Errorf("no service for a 1-year-old in 97301, got %d", d.results.total)
	}
	d.area.SetText("")
	d.age.SetSelectedIndex(0)
	d.category.setCode(term.ID)
	if d.results.total != 2 {
		t.Errorf("category filter lists %d", d.results.total)
	}

	d.list.Select(0)
	md := markdownOf(d.detail)
	for _, want := range []string{"503-555-0100", "Mon, Wed 09:00–17:00", "Phones", "Hours"} {
		if !strings.Contains(md, want) {
			t.Errorf("detail lacks %q:\n%s", want, md)
		}
	}
	if d.referBtn.Visible() {
		t.Error("Refer shows only when referring a family")
	}
}

// markdownOf returns the text of a RichText's segments, lists and
// paragraphs included.
func markdownOf(r *widget.RichText) string {
	var b strings.Builder
	var walk func(segs []widget.RichTextSegment)
	walk = func(segs []widget.RichTextSegment) {
		for _, s := range segs {
			switch x := s.(type) {
			case *widget.ListSegment:
				walk(x.Items)
			case *widget.ParagraphSegment:
				walk(x.Texts)
			default:
				b.WriteString(s.Textual())
			}
			b.WriteString("\n")
		}
	}
	walk(r.Segments)
	return b.String()
}

func TestReferFromFamilyPageWithFollowUp(t *testing.T) {
	st := openTestStore(t)
	h, child := addFamily(t, st, "Lopez family", "es", "97201")
	spanish := addService(t, st, "Grupo de padres", []string{"es"}, years(0), years(5), true, "97201", nil)
	addService(t, st, "Parent group", []string{"en"}, years(0), years(5), true, "97201", nil)
	sh := newTestShell(t, st, "en")
	sh.openFamily(h.ID)
	// Click 1: Refer on the family page.
	test.Tap(sh.families.page.refer)
	d := sh.dir
	if sh.visible() != ScreenDirectory || !d.banner.Visible() {
		t.Fatal("Refer must open the directory in referral mode")
	}
	if d.language.code() != "es" || d.results.total != 1 {
		t.Fatalf("language preset to the family's (%q), lists %d", d.language.code(), d.results.total)
	}
	// Click 2: Refer on the service's row.
	row := d.list.CreateItem()
	d.list.UpdateItem(0, row)
	refer := row.(*fyne.Container).Objects[1].(*button)
	if !refer.Visible() {
		t.Fatal("rows show Refer in referral mode")
	}
	test.Tap(refer)
	f := d.referForm
	if f == nil {
		t.Fatal("no referral form")
	}
	f.child.setCode(child.ID)
	test.Type(f.reason, "Parenting support in Spanish")
	// Click 3: Save.
	test.Tap(f.save)
	if len(sh.dialogs) != 0 {
		t.Fatalf("the form must close; errors %q", f.form.message("due_on"))
	}
	refs, err := st.Referrals(context.Background(), store.ReferralFilter{HouseholdID: h.ID})
	if err != nil || len(refs) != 1 {
		t.Fatalf("referrals %v %+v", err, refs)
	}
	r := refs[0]
	if r.ServiceID != spanish.ID || r.ChildID != child.ID || r.Status != data.StatusRequested || r.Navigator != "Ana Navigator" {
		t.Errorf("stored referral %+v", r)
	}
	fus, _ := st.FollowUps(context.Background(), h.ID)
	if len(fus) != 1 || fus[0].ReferralID != r.ID || fus[0].Due != data.MustDate("2026-03-24") {
		t.Errorf("follow-up with the referral: %+v", fus)
	}
	if sh.visible() != ScreenFamilies || sh.families.page == nil || d.target != nil {
		t.Fatal("after referring, the family's page shows again")
	}
	found := false
	for _, e := range sh.families.page.timeline {
		if e.Kind == "referral" && strings.Contains(sh.families.page.entryText(e), "Grupo de padres") {
			found = true
		}
	}
	if !found {
		t.Error("the family's timeline must show the referral")
	}
}

func TestChangeReferralStatusWithNote(t *testing.T) {
	st := openTestStore(t)
	h, _ := addFamily(t, st, "Ali family", "so", "97201")
	svc := addService(t, st, "Early Intervention", []string{"so"}, years(0), years(3), true, "97201", nil)
	old := data.Referral{HouseholdID: h.ID, ServiceID: svc.ID, Priority: data.PriorityRoutine}
	write(t, st, func(tx *store.Tx) error {
		return tx.CreateReferral(&old, data.StatusRequested, "Ana Navigator", "sent")
	})
	// Three weeks pass with no update.
	later := testNow.AddDate(0, 0, 21)
	st.Close()
	st2, err := store.Open(st.Dir(), store.Options{Now: func() time.Time { return later }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st2.Close() })
	sh := newTestShell(t, st2, "en")
	test.Tap(sh.tabsButton(t, ScreenReferrals))
	r := sh.refs
	if len(r.shown) != 1 {
		t.Fatalf("open referrals listed: %d", len(r.shown))
	}
	row := listRowTexts(r.list, 0)
	if !strings.Contains(row[1], "no update for 21 days") {
		t.Errorf("an overdue referral must say so: %q", row)
	}
	test.Tap(r.overdue)
	if len(r.shown) != 1 {
		t.Error("overdue filter must keep it")
	}
	r.list.Select(0)
	r.newStatus.setCode(data.StatusAccepted)
	test.Type(r.note, "Intake call booked")
	test.Tap(r.change)
	got, err := st2.Referral(context.Background(), old.ID)
	if err != nil || got.Status != data.StatusAccepted {
		t.Fatalf("status in the store: %v %q", err, got.Status)
	}
	hist, _ := st2.ReferralHistory(context.Background(), old.ID)
	if len(hist) != 2 || hist[1].Note != "Intake call booked" || hist[1].By != "Ana Navigator" {
		t.Errorf("history %+v", hist)
	}
	if len(r.history) != 2 || r.note.Text != "" {
		t.Errorf("screen history %d, note %q", len(r.history), r.note.Text)
	}
	if len(r.shown) != 0 {
		t.Error("an updated referral is no longer overdue")
	}
	test.Tap(r.overdue)
	if len(r.shown) != 1 || !strings.Contains(listRowTexts(r.list, 0)[1], "Accepted") {
		t.Errorf("list shows %v", r.shown)
	}
}

func TestMaterialsEditorPreviewAndVersions(t *testing.T) {
	st := openTestStore(t)
	sh := newTestShell(t, st, "en")
	test.Tap(sh.tabsButton(t, ScreenMaterials))
	m := sh.mats
	test.Tap(m.save)
	if got := m.form.message("topic"); got != "Please fill this in." {
		t.Errorf("topic error %q", got)
	}
	test.Type(m.topic, "Serve and return")
	test.Type(m.title, "Serve and return")
	test.Type(m.body, "# Talk back\n\n**Every** day")
	if md := markdownOf(m.preview); !strings.Contains(md, "Talk back") || !strings.Contains(md, "Every") {
		t.Errorf("preview shows %q", md)
	}
	test.Tap(m.save)
	if len(m.items) != 1 {
		t.Fatalf("materials listed: %d", len(m.items))
	}
	id := m.current.Material.ID
	m.language.setCode("es")
	if m.body.Text != "" {
		t.Error("a new language version starts empty")
	}
	test.Type(m.title, "Ida y vuelta")
	test.Type(m.body, "Hable con su bebé")
	m.status.setCode(data.MaterialPublished)
	test.Tap(m.save)
	if err := m.atts.add("handout.txt", strings.NewReader("hello"), ""); err != nil {
		t.Fatal(err)
	}
	d, err := st.Material(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Material.Status != data.MaterialPublished || len(d.Versions) != 2 || len(d.Attachments) != 1 {
		t.Fatalf("stored %+v", d)
	}
	if v, ok := d.Version("es"); !ok || v.Body != "Hable con su bebé" {
		t.Errorf("es version %+v", v)
	}
	if !strings.Contains(m.versions.Text, "English") || !strings.Contains(m.versions.Text, "Spanish") || len(m.atts.items) != 1 || m.atts.items[0].Name != "handout.txt" {
		t.Errorf("editor shows %q / %+v", m.versions.Text, m.atts.items)
	}
}
