package hsds

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"trellis/data"
	"trellis/data/store"
)

const (
	svcA = "00000004-0000-4000-8000-0000000000aa"
	orgA = "00000003-0000-4000-8000-0000000000aa"
)

// wantRejected checks that importing path into a store that already has
// a directory fails with a problem at file/where/field, and leaves the
// directory exactly as it was.
func wantRejected(t *testing.T, path, file, where, field, message string) {
	t.Helper()
	st := openStore(t)
	mustImport(t, st, generated(3), Options{})
	before := readAll(t, st)
	_, err := ImportPath(ctx, st, path, Options{})
	var ie *InvalidError
	if !errors.As(err, &ie) {
		t.Fatalf("import of %s: %v, want an *InvalidError", path, err)
	}
	// A problem with a field is a problem with a record: leaving the
	// record out would let the rest in.
	if field != "" && !ie.RecordsOnly() || strings.Contains(message, "not valid") && ie.RecordsOnly() {
		t.Errorf("RecordsOnly() = %v for %v", ie.RecordsOnly(), ie)
	}
	found := false
	for _, p := range ie.Problems {
		if p.File == file && p.Where == where && p.Field == field && strings.Contains(p.Message, message) {
			found = true
		}
	}
	if !found {
		t.Errorf("no problem %s %s %s %q among:\n%v", file, where, field, message, ie)
	}
	compareDirectories(t, before, readAll(t, st))
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBadJSONIsRejectedWithItsPlace(t *testing.T) {
	okService := `{"id": "` + svcA + `", "name": "Play group", "status": "active"`
	cases := []struct {
		name, content, where, field, message string
	}{
		{"malformed", "[\n" + okService + ",\n", "line 3, column 1", "", "not valid JSON"},
		{"empty", "", "line 1, column 1", "", "empty"},
		{"not HSDS", `{"hello": "world"}`, "$", "", "not HSDS"},
		{"a number", `42`, "$", "", "not HSDS"},
		{"no services", `[]`, "", "", "no services"},
		{"wrong type", "[" + okService + `, "minimum_age": "twelve"}]`, "$[0].minimum_age", "minimum_age", "expected a number, found a string"},
		{"wrong type of a list", "[" + okService + `, "phones": "206-555-0100"}]`, "$[0].phones", "", "expected a list"},
		{"nested wrong type", "[" + okService + `, "phones": [{"id": "00000009-0000-4000-8000-000000000001", "number": 2065550100, "extension": true}]}]`,
			"$[0].phones[0].extension", "extension", "found true/false"},
		{"missing name", `{"contents": [{"id": "` + svcA + `", "status": "active"}]}`, "$.contents[0]", "name", "required"},
		{"missing status", `[{"id": "` + svcA + `", "name": "x"}]`, "$[0]", "status", "required"},
		{"bad status", "[" + okService + `, "status": "open"}]`, "$[0]", "status", "not one of"},
		{"missing id", `[{"name": "x", "status": "active"}]`, "$[0]", "id", "required"},
		{"id not a UUID", `[{"id": "svc-1", "name": "x", "status": "active"}]`, "$[0]", "id", "not a UUID"},
		{"broken reference", "[" + okService + `, "organization_id": "` + orgA + `"}]`, "$[0]", "organization_id", "no organization"},
		{"program id not a UUID", "[" + okService + `, "program_id": "P-12"}]`, "$[0]", "program_id", `"P-12" is not a UUID`},
		{"contact id not a UUID", "[" + okService + `, "phones": [{"id": "00000009-0000-4000-8000-000000000001", "number": "206-555-0100", "contact_id": "ann"}]}]`,
			"$[0].phones[0]", "contact_id", `"ann" is not a UUID`},
		{"address without city", "[" + okService + `, "service_at_locations": [{"id": "00000006-0000-4000-8000-000000000001",
			"location": {"id": "00000005-0000-4000-8000-000000000001", "location_type": "physical",
			"addresses": [{"id": "00000008-0000-4000-8000-000000000001", "address_1": "1 Main", "state_province": "WA", "postal_code": "98118", "country": "US", "address_type": "physical"}]}}]}]`,
			"$[0].service_at_locations[0].location.addresses[0]", "city", "required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantRejected(t, writeTemp(t, "county.json", c.content), "county.json", c.where, c.field, c.message)
		})
	}
}

// dataPackage writes generated(3) as a data package and applies edits
// (file name → old → new) to its CSV files.
func dataPackage(t *testing.T, edits ...string) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := WriteDataPackage(dir, generated(3)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i+2 < len(edits); i += 3 {
		p := filepath.Join(dir, edits[i])
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if edits[i+1] == "" {
			s += edits[i+2]
		} else {
			if !strings.Contains(s, edits[i+1]) {
				t.Fatalf("%s has no %q", edits[i], edits[i+1])
			}
			s = strings.Replace(s, edits[i+1], edits[i+2], 1)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestBadDataPackageIsRejectedWithItsRow(t *testing.T) {
	svc1 := testID(4, 1)
	cases := []struct {
		name                        string
		edits                       []string
		file, where, field, message string
	}{
		{"malformed CSV", []string{"services.csv", "Service 1 for families", `Service "1" for families`}, "services.csv", "line 3, column 84", "", "not valid CSV"},
		{"wrong number of fields", []string{"phones.csv", "", "a,b\n"}, "phones.csv", "row 8", "", "has 2 fields"},
		{"missing name", []string{"services.csv", "Service 1 for families", ""}, "services.csv", "row 3", "name", "required"},
		{"wrong type", []string{"services.csv", ",0,5,2026-10-01", ",zero,5,2026-10-01"}, "services.csv", "row 2", "minimum_age", `"zero" is not a number`},
		{"broken reference", []string{"phones.csv", svc1, "00000004-0000-4000-8000-000000000999"}, "phones.csv", "row 4", "service_id", "no service"},
		{"duplicate id", []string{"services.csv", svc1, testID(4, 0)}, "services.csv", "row 3", "id", "also used at row 2"},
		{"no id column", []string{"locations.csv", "id,location_type", "ident,location_type"}, "locations.csv", "row 1", "", "no id column"},
		{"missing file", []string{"datapackage.json", `"path": "addresses.csv"`, `"path": "adresses.csv"`}, "adresses.csv", "", "", "cannot be read"},
		{"file outside the package", []string{"datapackage.json", `"path": "addresses.csv"`, `"path": "../addresses.csv"`}, "../addresses.csv", "", "", "inside the data package"},
		{"not a descriptor", []string{"datapackage.json", "{", "<"}, "datapackage.json", "line 1, column 1", "", "not a data package descriptor"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantRejected(t, dataPackage(t, c.edits...), c.file, c.where, c.field, c.message)
		})
	}
	t.Run("no datapackage.json", func(t *testing.T) {
		dir := dataPackage(t)
		os.Remove(filepath.Join(dir, "datapackage.json"))
		wantRejected(t, dir, filepath.Base(dir), "", "", "no datapackage.json")
	})
	t.Run("a package of something else", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "datapackage.json"), []byte(`{"resources": [{"name": "trees", "path": "trees.csv"}]}`), 0o644)
		wantRejected(t, dir, "datapackage.json", "$.resources", "", "not an HSDS data package")
	})
}

func TestSkipInvalidImportsTheRestAndListsRejects(t *testing.T) {
	svc1 := testID(4, 1)
	dir := dataPackage(t, "services.csv", "Service 1 for families", "",
		"phones.csv", testID(4, 2), "00000004-0000-4000-8000-000000000999")
	st := openStore(t)
	rep, err := ImportPath(ctx, st, dir, Options{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	all, _ := store.All[data.Service](ctx, st)
	if len(all) != 2 || rep.Added != 2 {
		t.Fatalf("%d services imported (report %+v), want 2", len(all), rep)
	}
	rejected := map[string]bool{}
	for _, p := range rep.Rejected {
		rejected[p.Record+" "+p.ID] = true
	}
	// The service without a name, everything that hangs off it, and the
	// phone with a broken reference (and the language of that phone).
	for _, want := range []string{"service " + svc1, "phone " + testID(9, 2), "service_at_location " + testID(6, 1),
		"x_trellis_service_translation " + testID(7, 2), "attribute " + testID(15, 1), "phone " + testID(9, 4)} {
		if !rejected[want] {
			t.Errorf("%s not among the rejects %v", want, rejected)
		}
	}
	if _, err := st.Service(ctx, svc1); err == nil {
		t.Error("the rejected service was imported")
	}
	d, _ := st.Service(ctx, testID(4, 2))
	if len(d.Phones) != 1 || d.Phones[0].ID != testID(9, 5) {
		t.Errorf("service 2 phones %+v: want only its location's phone", d.Phones)
	}
	var buf bytes.Buffer
	if err := WriteProblems(&buf, rep.Rejected); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if lines[0] != "file,where,record,id,field,message" || len(lines) != len(rep.Rejected)+1 ||
		!strings.Contains(buf.String(), "services.csv,row 3,service,"+svc1+",name,is required") {
		t.Errorf("rejects report:\n%s", buf.String())
	}
}

func TestDescriptorLinkIsFollowed(t *testing.T) {
	dir := dataPackage(t)
	real := filepath.Join(dir, "real")
	os.Mkdir(real, 0o755)
	os.Rename(filepath.Join(dir, "datapackage.json"), filepath.Join(real, "datapackage.json"))
	os.WriteFile(filepath.Join(dir, "datapackage.json"), []byte("real/datapackage.json"), 0o644)
	d, problems, err := Load(dir)
	if err != nil || len(problems) > 0 || len(d.Services) != 3 {
		t.Fatalf("%v %v %v", d.Counts(), problems, err)
	}
}

// FuzzParseJSON feeds arbitrary bytes to the JSON reader: it must not
// panic, must explain a refusal, and what it accepts must survive being
// written out and read again.
func FuzzParseJSON(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(examples, "*.json"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`[{"id": "` + svcA + `", "name": "x", "status": "active", "phones": [{"id": 1}]}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, _, err := ParseJSON("fuzz.json", bytes.NewReader(b))
		if err != nil {
			var ie *InvalidError
			if !errors.As(err, &ie) || len(ie.Problems) == 0 || ie.Problems[0].File != "fuzz.json" {
				t.Fatalf("refusal without a problem: %v", err)
			}
			return
		}
		d.Check()
		if len(d.Services) == 0 {
			return // only problems: nothing to write
		}
		var out bytes.Buffer
		if err := WriteJSON(&out, d); err != nil {
			t.Fatal(err)
		}
		d2, _, err := ParseJSON("again.json", &out)
		if err != nil {
			t.Fatalf("written JSON does not read back: %v\n%s", err, out.String())
		}
		if len(d2.Services) != len(d.Services) {
			t.Fatalf("%d services read back, want %d", len(d2.Services), len(d.Services))
		}
	})
}

// FuzzParseCSV feeds arbitrary bytes to the CSV reader as services.csv:
// it must not panic, and the records it reads must be written and read
// back unchanged.
func FuzzParseCSV(f *testing.F) {
	b, err := os.ReadFile(filepath.Join(examples, "csv", "services.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("id,name,minimum_age\n" + svcA + ",x,1e3\n"))
	f.Add([]byte("\ufeffid,name\n\"a\"\"b\",\"multi\nline\"\n"))
	svc := tableByName["service"]
	f.Fuzz(func(t *testing.T, b []byte) {
		p := newBuilder()
		p.file = "services.csv"
		if err := p.csvFile(svc, bytes.NewReader(b)); err != nil {
			var ie *InvalidError
			if !errors.As(err, &ie) || len(ie.Problems) == 0 {
				t.Fatalf("refusal without a problem: %v", err)
			}
			return
		}
		var out bytes.Buffer
		if err := writeCSV(&out, svc, svc.records(&p.d)); err != nil {
			t.Fatal(err)
		}
		again := newBuilder()
		again.file = "again.csv"
		if err := again.csvFile(svc, &out); err != nil {
			t.Fatalf("written CSV does not read back: %v\n%q", err, out.String())
		}
		if !reflect.DeepEqual(p.d.Services, again.d.Services) {
			t.Fatalf("read back\n%+v\nwant\n%+v", again.d.Services, p.d.Services)
		}
	})
}
