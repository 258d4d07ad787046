package main

import (
	"encoding/json"
	"strings"
	"testing"

	"trellis/data/store"
)

func TestMineNavigatorCaseloadAndAssign(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := navctl(t, dir, "init", "--navigator", "Ana"); code != 0 {
		t.Fatal(errOut)
	}
	ana := addFamilyJSON(t, dir, "--name", "Ana Family", "--language", "en", "--navigator", "Ana")
	ben := addFamilyJSON(t, dir, "--name", "Ben Family", "--language", "en", "--navigator", "Ben")
	for _, h := range []string{ana.ID, ben.ID} {
		if code, _, errOut := navctl(t, dir, "followup", "add", h, "--due", "2020-01-01", "--note", "call"); code != 0 {
			t.Fatal(errOut)
		}
	}
	lines := func(args ...string) string {
		t.Helper()
		code, out, errOut := navctl(t, dir, args...)
		if code != 0 {
			t.Fatalf("%v: %d %s", args, code, errOut)
		}
		return out
	}
	if out := lines("family", "list", "--mine"); !strings.Contains(out, "Ana Family") || strings.Contains(out, "Ben Family") {
		t.Errorf("family list --mine:\n%s", out)
	}
	if out := lines("family", "list", "--navigator", "Ben"); strings.Contains(out, "Ana Family") || !strings.Contains(out, "1 of 1 families") {
		t.Errorf("family list --navigator Ben:\n%s", out)
	}
	if out := lines("family", "list"); !strings.Contains(out, "2 of 2 families") {
		t.Errorf("family list:\n%s", out)
	}
	if out := lines("followup", "due", "--mine"); !strings.Contains(out, "Ana Family") || strings.Contains(out, "Ben Family") {
		t.Errorf("followup due --mine:\n%s", out)
	}
	if out := lines("referral", "list", "--navigator", "Ben"); !strings.Contains(out, "0 referrals") {
		t.Errorf("referral list --navigator Ben:\n%s", out)
	}
	if code, _, errOut := navctl(t, dir, "family", "list", "--mine", "--navigator", "Ben"); code != 2 || !strings.Contains(errOut, "give one") {
		t.Errorf("--mine with --navigator: %d %s", code, errOut)
	}

	var rows []store.Caseload
	if err := json.Unmarshal([]byte(lines("--json", "caseload")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Navigator != "Ana" || rows[0].Overdue != 1 || rows[1].Families != 1 {
		t.Fatalf("caseload: %+v", rows)
	}

	// All or none: an unknown id moves nothing.
	if code, _, errOut := navctl(t, dir, "family", "assign", ana.ID, "0190a000-0000-7000-8000-000000000000", "--navigator", "Ben"); code != 1 || !strings.Contains(errOut, "no family") {
		t.Errorf("assign with an unknown family: %d %s", code, errOut)
	}
	if out := lines("family", "list", "--mine"); !strings.Contains(out, "Ana Family") {
		t.Errorf("a failed assign moved Ana's family:\n%s", out)
	}
	if out := lines("family", "assign", ana.ID, ben.ID, "--navigator", "Ben"); !strings.Contains(out, "1 of 2 families reassigned to Ben") {
		t.Errorf("family assign: %s", out)
	}
	if out := lines("caseload"); !strings.Contains(out, "Ben") || strings.Contains(out, "Ana ") || !strings.Contains(out, "1 navigators") {
		t.Errorf("caseload after assign:\n%s", out)
	}
}
