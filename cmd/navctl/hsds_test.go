package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hsdsExamples is the HSDS 3.0 examples folder kept with the HSDS tests.
const hsdsExamples = "../../data/hsds/testdata/examples"

func TestImportAndExportHSDS(t *testing.T) {
	ex := hsdsExamples
	dir := t.TempDir()
	code, out, errOut := navctl(t, dir, "import", "hsds", filepath.Join(ex, "csv"), "--source", "county")
	if code != 0 || !strings.Contains(out, "Imported 1 services from county: 1 new, 0 updated") || strings.Contains(errOut, "navigator") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	// Again, from JSON: the same service, updated in place.
	code, out, _ = navctl(t, dir, "--json", "import", "hsds", filepath.Join(ex, "service_full.json"))
	var rep struct {
		Added   int            `json:"services_added"`
		Updated int            `json:"services_updated"`
		Records map[string]int `json:"records"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Added != 0 || rep.Updated != 1 || rep.Records["phone"] != 1 {
		t.Fatalf("re-import: %d %q", code, out)
	}

	exp := filepath.Join(t.TempDir(), "out")
	if code, out, errOut := navctl(t, dir, "export", "hsds", exp, "--format", "csv"); code != 0 || !strings.Contains(out, "Wrote 16 files") {
		t.Fatalf("export csv: %d %q %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(exp, "services.json")); !os.IsNotExist(err) {
		t.Errorf("--format csv wrote services.json too")
	}
	if code, _, errOut := navctl(t, dir, "export", "hsds", exp, "--format", "json"); code != 0 {
		t.Fatalf("export json: %d %q", code, errOut)
	}
	raw, err := os.ReadFile(filepath.Join(exp, "services.json"))
	if err != nil || !strings.Contains(string(raw), `"name": "Community Counselling"`) {
		t.Fatalf("services.json: %v %.200s", err, raw)
	}
	other := t.TempDir()
	if code, out, errOut := navctl(t, other, "import", "hsds", exp); code != 0 || !strings.Contains(out, "1 new") {
		t.Fatalf("import of the export: %d %q %q", code, out, errOut)
	}
}

func TestImportHSDSReportsBadInput(t *testing.T) {
	dir := t.TempDir()
	good := `{"id": "00000004-0000-4000-8000-000000000001", "name": "Play group", "status": "active"}`
	bad := `{"id": "00000004-0000-4000-8000-000000000002", "name": "Story time", "status": "active", "minimum_age": "two"}`
	file := filepath.Join(t.TempDir(), "county.json")
	os.WriteFile(file, []byte("["+good+","+bad+"]"), 0o644)
	report := filepath.Join(t.TempDir(), "rejects.csv")

	code, out, errOut := navctl(t, dir, "import", "hsds", file, "--report", report)
	if code != 1 || !strings.Contains(errOut, "county.json $[1].minimum_age") || !strings.Contains(errOut, "nothing was imported") {
		t.Fatalf("bad import: %d %q %q", code, out, errOut)
	}
	if b, err := os.ReadFile(report); err != nil || !strings.Contains(string(b), "county.json,$[1].minimum_age,service,00000004-0000-4000-8000-000000000002,minimum_age") {
		t.Fatalf("report: %v %q", err, b)
	}
	os.Remove(report)
	code, out, errOut = navctl(t, dir, "import", "hsds", file, "--skip-invalid", "--report", report)
	if code != 0 || !strings.Contains(out, "Imported 1 services") || !strings.Contains(out, "1 records were rejected; they are listed in "+report) {
		t.Fatalf("--skip-invalid: %d %q %q", code, out, errOut)
	}
	if b, err := os.ReadFile(report); err != nil || strings.Count(string(b), "\n") != 2 {
		t.Fatalf("report: %v %q", err, b)
	}

	if code, _, _ := navctl(t, dir, "import", "hsds"); code != 2 {
		t.Errorf("import hsds without PATH exited %d, want 2", code)
	}
	if code, _, _ := navctl(t, dir, "export", "hsds", t.TempDir(), "--format", "xml"); code != 2 {
		t.Errorf("--format xml exited %d, want 2", code)
	}
	if code, _, errOut := navctl(t, dir, "import", "hsds", filepath.Join(t.TempDir(), "missing.json")); code != 1 || !strings.Contains(errOut, "missing.json") {
		t.Errorf("missing file: %d %q", code, errOut)
	}
}

// A navigator's enrolled profile imports, and is told first that the
// county server will refuse the records.
func TestImportHSDSWarnsANavigatorsProfile(t *testing.T) {
	dir := enrolledProfile(t)
	code, out, errOut := navctl(t, dir, "import", "hsds", filepath.Join(hsdsExamples, "service_full.json"))
	if code != 0 || !strings.Contains(out, "1 new") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	if !strings.Contains(errOut, "enrolled with a navigator's account") || !strings.Contains(errOut, "list each record as refused") {
		t.Fatalf("no warning before the import: %q", errOut)
	}
}
