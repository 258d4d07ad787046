package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"trellis/data"
	"trellis/data/store"
)

var ctx = context.Background()

// inspect opens the profile navctl wrote, to check what it holds.
func inspect(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// addFamilyJSON runs family add --json and returns the new family.
func addFamilyJSON(t *testing.T, dir string, args ...string) data.Household {
	t.Helper()
	code, out, errOut := navctl(t, dir, append([]string{"--json", "family", "add"}, args...)...)
	if code != 0 {
		t.Fatalf("family add exited %d: %s", code, errOut)
	}
	var got struct {
		Household data.Household `json:"household"`
		Members   []data.Member  `json:"members"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("family add --json printed %q: %v", out, err)
	}
	return got.Household
}

func TestFamilyAddListShowEdit(t *testing.T) {
	dir := t.TempDir()
	h := addFamilyJSON(t, dir, "--name", "Familia Núñez", "--language", "ES", "--other-languages", "en",
		"--phone", "206-555-0142", "--zip", "98118", "--consent-contact", "--navigator", "Rosa Delgado",
		"--caregiver", "María Núñez", "--interpreter")
	if !data.ValidID(h.ID) || h.HomeLanguage != "es" || !h.ConsentContact || h.ConsentContactBy != "Rosa Delgado" {
		t.Fatalf("added %+v", h)
	}
	st := inspect(t, dir)
	stored, err := st.Household(ctx, h.ID)
	if err != nil || stored.Name != "Familia Núñez" || stored.ZIP != "98118" || !stored.InterpreterNeeded ||
		stored.ConsentContactOn != data.DateOf(time.Now()) || stored.ConsentShare {
		t.Fatalf("stored %+v, %v", stored, err)
	}
	members, _ := st.Members(ctx, h.ID)
	if len(members) != 1 || members[0].GivenName != "María" || members[0].FamilyName != "Núñez" || members[0].Relationship != "mother" {
		t.Fatalf("caregiver stored as %+v", members)
	}
	addFamilyJSON(t, dir, "--name", "王家", "--language", "zh-Hans")

	code, out, _ := navctl(t, dir, "child", "add", h.ID, "--given", "Mateo", "--family", "Núñez", "--born", "2024-03-05")
	if code != 0 || !strings.Contains(out, "Mateo Núñez") {
		t.Fatalf("child add: %d %q", code, out)
	}
	// Accent-insensitive search finds the family by the child's name.
	code, out, _ = navctl(t, dir, "family", "list", "nunez", "mateo")
	if code != 0 || !strings.Contains(out, "Familia Núñez") || strings.Contains(out, "王家") || !strings.Contains(out, "1 of 1 families") {
		t.Fatalf("family list nunez mateo: %d\n%s", code, out)
	}
	code, out, _ = navctl(t, dir, "--json", "family", "list")
	var page store.FamilyPage
	if err := json.Unmarshal([]byte(out), &page); code != 0 || err != nil || page.Total != 2 {
		t.Fatalf("family list --json: %d %v %s", code, err, out)
	}

	code, out, _ = navctl(t, dir, "family", "show", h.ID)
	for _, want := range []string{"Familia Núñez", "interpreter needed", "María Núñez", "Mateo Núñez, born 2024-03-05", "98118"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("family show lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = navctl(t, dir, "--json", "family", "show", h.ID)
	var rec familyRecord
	if err := json.Unmarshal([]byte(out), &rec); code != 0 || err != nil || len(rec.Members) != 2 || rec.Members[1].BirthDate != data.MustDate("2024-03-05") {
		t.Fatalf("family show --json: %d %v %+v", code, err, rec.Members)
	}

	n0, _ := st.PendingChanges(ctx, 0)
	code, out, _ = navctl(t, dir, "family", "edit", h.ID, "--phone", "253-555-0199", "--consent-share")
	if code != 0 || !strings.Contains(out, "Saved") {
		t.Fatalf("family edit: %d %q", code, out)
	}
	stored, _ = st.Household(ctx, h.ID)
	if stored.Phone != "253-555-0199" || !stored.ConsentShare || stored.Name != "Familia Núñez" || stored.ZIP != "98118" {
		t.Fatalf("after edit: %+v", stored)
	}
	outbox, _ := st.Outbox(ctx, 0, 1000)
	last := outbox[len(outbox)-1].Change
	if n1, _ := st.PendingChanges(ctx, 0); n1 != n0+1 || last.ID != h.ID || last.Fields["phone"].Value != "253-555-0199" || last.Fields["name"].HLC != "" {
		t.Fatalf("edit sent %+v; want one change with only the edited fields", last)
	}
}

// TestBadInputIsRefusedNamingTheField checks that navctl refuses every
// kind of bad input the store refuses, says which field is wrong, exits 1
// and writes nothing.
func TestBadInputIsRefusedNamingTheField(t *testing.T) {
	dir := t.TempDir()
	h := addFamilyJSON(t, dir, "--name", "Hassan family", "--language", "so")
	future := time.Now().AddDate(0, 0, 10).Format(time.DateOnly)
	ancient := time.Now().AddDate(-121, 0, 0).Format(time.DateOnly)
	unknown := data.NewID()
	cases := []struct {
		args  []string
		field string
	}{
		{[]string{"family", "add", "--name", "  ", "--language", "so"}, "name"},
		{[]string{"family", "add", "--name", strings.Repeat("x", 201), "--language", "so"}, "name"},
		{[]string{"family", "add", "--name", "A", "--language", "xx-notalanguage"}, "home_language"},
		{[]string{"family", "add", "--name", "A", "--language", "so", "--other-languages", "en,qqq1"}, "other_languages"},
		{[]string{"family", "add", "--name", "A", "--language", "so", "--phone", "call me"}, "phone"},
		{[]string{"family", "add", "--name", "A", "--language", "so", "--zip", "9811"}, "zip"},
		{[]string{"family", "add", "--name", "A", "--language", "so", "--notes", strings.Repeat("n", data.MaxNote+1)}, "notes"},
		{[]string{"family", "edit", h.ID, "--zip", "ABCDE"}, "zip"},
		{[]string{"family", "edit", unknown, "--zip", "98118"}, unknown},
		{[]string{"child", "add", h.ID, "--given", "Sagal", "--born", future}, "birth_date"},
		{[]string{"child", "add", h.ID, "--given", "Sagal", "--born", ancient}, "birth_date"},
		{[]string{"child", "add", h.ID, "--given", "Sagal", "--born", "2024-02-30"}, "birth_date"},
		{[]string{"child", "add", h.ID, "--given", "", "--born", "2024-02-03"}, "given_name"},
		{[]string{"child", "add", unknown, "--given", "Sagal", "--born", "2024-02-03"}, "household_id"},
		{[]string{"contact", "add", h.ID, "--kind", "carrier pigeon"}, "kind"},
		{[]string{"contact", "add", h.ID, "--kind", "phone", "--language", "klingon!"}, "language"},
		{[]string{"screening", "add", unknown, "--tool", "asq3", "--outcome", "refer"}, "child_id"},
		{[]string{"referral", "create", h.ID, unknown}, "service_id"},
		{[]string{"referral", "status", unknown, "accepted"}, unknown},
		{[]string{"followup", "add", h.ID, "--due", "soon"}, "due_on"},
		{[]string{"followup", "add", unknown, "--due", "2026-12-01"}, "household_id"},
		{[]string{"followup", "done", unknown}, unknown},
	}
	st := inspect(t, dir)
	before, _ := st.PendingChanges(ctx, 0)
	for _, c := range cases {
		code, out, errOut := navctl(t, dir, c.args...)
		if code != 1 || !strings.Contains(errOut, c.field) || out != "" {
			t.Errorf("navctl %s: exit %d, stderr %q; want exit 1 naming %q", strings.Join(c.args, " "), code, errOut, c.field)
		}
	}
	after, _ := st.PendingChanges(ctx, 0)
	page, _ := st.SearchFamilies(ctx, "", 0, 0)
	members, _ := st.Members(ctx, h.ID)
	if after != before || page.Total != 1 || len(members) != 0 {
		t.Fatalf("refused commands wrote %d changes; %d families, %d members", after-before, page.Total, len(members))
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := navctl(t, dir, "family", "add", "-h"); code != 2 || !strings.Contains(errOut, "-caregiver") {
		t.Errorf("family add -h: exit %d, stderr %q; want 2 listing the flags", code, errOut)
	}
	for _, args := range [][]string{
		{"family", "show"},
		{"family", "show", "a", "b"},
		{"family", "add", "--no-such-flag"},
		{"family", "edit", data.NewID()},
		{"child", "add"},
		{"resource", "search", "--cost", "cheap"},
		{"resource", "search", "--age-months", "many"},
		{"referral", "list", "--status", "lost"},
		{"demo", "--families", "-3"},
		{"report", "extra"},
	} {
		code, _, errOut := navctl(t, dir, args...)
		if code != 2 || !strings.Contains(errOut, "usage: navctl") {
			t.Errorf("navctl %s: exit %d, stderr %q; want 2 with usage", strings.Join(args, " "), code, errOut)
		}
	}
}

// A county with no referral that reached services yet has no median to
// report, and the report says so rather than printing 0 days.
func TestReportWithoutStartedReferralsHasNoMedian(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := navctl(t, dir, "family", "add", "--name", "Familia Núñez", "--language", "es"); code != 0 {
		t.Fatalf("family add: exit %d: %s", code, stderr)
	}
	code, out, stderr := navctl(t, dir, "report")
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "no referral has reached services yet") || strings.Contains(out, "median days from referral to services: 0") {
		t.Errorf("report without started referrals:\n%s", out)
	}
}
