package hsds

import (
	"bytes"
	"errors"
	"fmt"
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
// a directory fails with a problem of the given code at file/where/field
// (its English message containing message), and leaves the directory
// exactly as it was. It returns the problem.
func wantRejected(t *testing.T, path string, code Code, file, where, field, message string) Problem {
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
	var found Problem
	for _, p := range ie.Problems {
		if p.File == file && p.Where == where && p.Field == field && strings.Contains(p.Message, message) {
			found = p
		}
	}
	// A problem with a record is one that leaving the record out would
	// let the rest in.
	if found.Record != "" && !ie.RecordsOnly() || strings.Contains(message, "not valid") && ie.RecordsOnly() {
		t.Errorf("RecordsOnly() = %v for %v", ie.RecordsOnly(), ie)
	}
	switch {
	case found.File == "":
		t.Errorf("no problem %s %s %s %q among:\n%v", file, where, field, message, ie)
	case found.Code != code:
		t.Errorf("problem %v has code %q, want %q", found, found.Code, code)
	case found.At.String() != found.Where:
		t.Errorf("problem %v is at %+v, which is not %q", found, found.At, found.Where)
	}
	compareDirectories(t, before, readAll(t, st))
	return found
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
		name, content                 string
		code                          Code
		where, field, message, detail string // detail: the problem's Value, Expected/Found or Target
	}{
		{"malformed", "[\n" + okService + ",\n", CodeTruncated, "line 3, column 1", "", "not valid JSON", ""},
		{"syntax error", "[\n" + okService + "}}", CodeBadJSON, "line 2, column 89", "", "not valid JSON: invalid character", ""},
		{"more after the end", "[" + okService + "}] []", CodeBadJSON, "line 1, column 93", "", "more data after the end", ""},
		{"empty", "", CodeEmptyFile, "line 1, column 1", "", "empty", ""},
		{"not HSDS", `{"hello": "world"}`, CodeNotHSDS, "$", "", "not HSDS", "object"},
		{"a number", `42`, CodeNotHSDS, "$", "", "not HSDS", "number"},
		{"contents not a list", `{"contents": 7}`, CodeWrongType, "$.contents", "contents", "expected a list", "list number"},
		{"a location", `{"id": "` + svcA + `", "location_type": "physical"}`, CodeNotServices, "$", "", "HSDS location", "location"},
		{"no services", `[]`, CodeNoServices, "", "", "no services", ""},
		{"wrong type", "[" + okService + `, "minimum_age": "twelve"}]`, CodeWrongType, "$[0].minimum_age", "minimum_age", "expected a number, found a string", "number string"},
		{"unusable number", "[" + okService + `, "minimum_age": 1e999}]`, CodeNotANumber, "$[0].minimum_age", "minimum_age", "not a number", "1e999"},
		{"wrong type of a list", "[" + okService + `, "phones": "206-555-0100"}]`, CodeWrongType, "$[0].phones", "phones", "expected a list", "list string"},
		{"item not an object", "[" + okService + `, "phones": [7]}]`, CodeWrongItem, "$[0].phones[0]", "", "expected a phone object, found a number", "number"},
		{"nested wrong type", "[" + okService + `, "phones": [{"id": "00000009-0000-4000-8000-000000000001", "number": 2065550100, "extension": true}]}]`,
			CodeWrongType, "$[0].phones[0].extension", "extension", "found true/false", "number boolean"},
		{"missing name", `{"contents": [{"id": "` + svcA + `", "status": "active"}]}`, CodeRequired, "$.contents[0]", "name", "required", ""},
		{"missing status", `[{"id": "` + svcA + `", "name": "x"}]`, CodeRequired, "$[0]", "status", "required", ""},
		{"bad status", "[" + okService + `, "status": "open"}]`, CodeBadChoice, "$[0]", "status", "not one of", "open"},
		{"name too long", "[" + okService + `, "name": "` + strings.Repeat("x", data.MaxName+1) + `"}]`, CodeTooLong, "$[0]", "name", "longer than 200", "200"},
		{"bad language", "[" + okService + `, "x_trellis_translations": [{"id": "00000007-0000-4000-8000-000000000001", "language": "zz-top!", "name": "x"}]}]`,
			CodeBadLanguage, "$[0].x_trellis_translations[0]", "language", "not a known language", "zz-top!"},
		{"missing id", `[{"name": "x", "status": "active"}]`, CodeRequired, "$[0]", "id", "required", ""},
		{"id not a UUID", `[{"id": "svc-1", "name": "x", "status": "active"}]`, CodeNotUUID, "$[0]", "id", "not a UUID", "svc-1"},
		{"broken reference", "[" + okService + `, "organization_id": "` + orgA + `"}]`, CodeUnknownRef, "$[0]", "organization_id", "no organization", orgA + " organization"},
		{"program id not a UUID", "[" + okService + `, "program_id": "P-12"}]`, CodeNotUUID, "$[0]", "program_id", `"P-12" is not a UUID`, "P-12"},
		{"contact id not a UUID", "[" + okService + `, "phones": [{"id": "00000009-0000-4000-8000-000000000001", "number": "206-555-0100", "contact_id": "ann"}]}]`,
			CodeNotUUID, "$[0].phones[0]", "contact_id", `"ann" is not a UUID`, "ann"},
		{"address without city", "[" + okService + `, "service_at_locations": [{"id": "00000006-0000-4000-8000-000000000001",
			"location": {"id": "00000005-0000-4000-8000-000000000001", "location_type": "physical",
			"addresses": [{"id": "00000008-0000-4000-8000-000000000001", "address_1": "1 Main", "state_province": "WA", "postal_code": "98118", "country": "US", "address_type": "physical"}]}}]}]`,
			CodeRequired, "$[0].service_at_locations[0].location.addresses[0]", "city", "required", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := wantRejected(t, writeTemp(t, "county.json", c.content), c.code, "county.json", c.where, c.field, c.message)
			if got := problemParams(p); got != c.detail {
				t.Errorf("parameters %q, want %q (%+v)", got, c.detail, p)
			}
		})
	}
}

// problemParams lists a problem's parameters that the tests check, in
// one string.
func problemParams(p Problem) string {
	var out []string
	for _, s := range []string{p.Value, string(p.Expected), string(p.Found), p.Target} {
		if s != "" {
			out = append(out, s)
		}
	}
	if p.Got+p.Want > 0 {
		out = append(out, fmt.Sprint(p.Got, "/", p.Want))
	}
	if p.Limit > 0 {
		out = append(out, fmt.Sprint(p.Limit))
	}
	if p.Other != (Place{}) {
		out = append(out, "at "+p.Other.String())
	}
	return strings.Join(out, " ")
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
		name                                string
		edits                               []string
		code                                Code
		file, where, field, message, detail string
	}{
		{"malformed CSV", []string{"services.csv", "Service 1 for families", `Service "1" for families`}, CodeBadCSV, "services.csv", "line 3, column 84", "", "not valid CSV", ""},
		{"wrong number of fields", []string{"phones.csv", "", "a,b\n"}, CodeFieldCount, "phones.csv", "row 8", "", "has 2 fields", "2/10"},
		{"missing name", []string{"services.csv", "Service 1 for families", ""}, CodeRequired, "services.csv", "row 3", "name", "required", ""},
		{"wrong type", []string{"services.csv", ",0,5,2026-10-01", ",zero,5,2026-10-01"}, CodeNotANumber, "services.csv", "row 2", "minimum_age", `"zero" is not a number`, "zero"},
		{"broken reference", []string{"phones.csv", svc1, "00000004-0000-4000-8000-000000000999"}, CodeUnknownRef, "phones.csv", "row 4", "service_id", "no service", "00000004-0000-4000-8000-000000000999 service"},
		{"duplicate id", []string{"services.csv", svc1, testID(4, 0)}, CodeDuplicateID, "services.csv", "row 3", "id", "also used at row 2", "at row 2"},
		{"no id column", []string{"locations.csv", "id,location_type", "ident,location_type"}, CodeNoIDColumn, "locations.csv", "row 1", "id", "no id column", "locations.csv"},
		{"missing file", []string{"datapackage.json", `"path": "addresses.csv"`, `"path": "adresses.csv"`}, CodeUnreadable, "adresses.csv", "", "", "cannot be read", ""},
		{"file outside the package", []string{"datapackage.json", `"path": "addresses.csv"`, `"path": "../addresses.csv"`}, CodeOutsidePackage, "../addresses.csv", "", "", "inside the data package", ""},
		{"path not a file name", []string{"datapackage.json", `"path": "addresses.csv"`, `"path": ["a.csv", "b.csv"]`}, CodeBadResourcePath, "datapackage.json", "$.resources[6].path", "path", "one file name", ""},
		{"not a descriptor", []string{"datapackage.json", "{", "<"}, CodeBadDescriptor, "datapackage.json", "line 1, column 1", "", "not a data package descriptor", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := wantRejected(t, dataPackage(t, c.edits...), c.code, c.file, c.where, c.field, c.message)
			if got := problemParams(p); got != c.detail {
				t.Errorf("parameters %q, want %q (%+v)", got, c.detail, p)
			}
		})
	}
	t.Run("no datapackage.json", func(t *testing.T) {
		dir := dataPackage(t)
		os.Remove(filepath.Join(dir, "datapackage.json"))
		wantRejected(t, dir, CodeNoDescriptor, filepath.Base(dir), "", "", "no datapackage.json")
	})
	t.Run("empty CSV", func(t *testing.T) {
		dir := dataPackage(t)
		os.WriteFile(filepath.Join(dir, "locations.csv"), nil, 0o644)
		wantRejected(t, dir, CodeEmptyFile, "locations.csv", "row 1", "", "expected a header row")
	})
	t.Run("a package of something else", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "datapackage.json"), []byte(`{"resources": [{"name": "trees", "path": "trees.csv"}]}`), 0o644)
		wantRejected(t, dir, CodeNotDataPackage, "datapackage.json", "$.resources", "", "not an HSDS data package")
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
	rejected := map[string]Code{}
	for _, p := range rep.Rejected {
		rejected[p.Record+" "+p.ID] = p.Code
	}
	// The service without a name, everything that hangs off it, and the
	// phone with a broken reference (and the language of that phone).
	for _, want := range []string{"service " + svc1, "phone " + testID(9, 2), "service_at_location " + testID(6, 1),
		"x_trellis_service_translation " + testID(7, 2), "attribute " + testID(15, 1), "phone " + testID(9, 4)} {
		if rejected[want] == "" {
			t.Errorf("%s not among the rejects %v", want, rejected)
		}
	}
	// The service is rejected for itself, the phone for its reference, the
	// records that hang off the service for it.
	for want, code := range map[string]Code{"service " + svc1: CodeRequired, "phone " + testID(9, 4): CodeUnknownRef, "phone " + testID(9, 2): CodeParentRejected,
		"service_at_location " + testID(6, 1): CodeParentRejected, "attribute " + testID(15, 1): CodeTaggedRejected} {
		if rejected[want] != code {
			t.Errorf("%s rejected with code %q, want %q (%v)", want, rejected[want], code, rejected)
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
	if lines[0] != "file,where,record,id,field,code,message" || len(lines) != len(rep.Rejected)+1 ||
		!strings.Contains(buf.String(), "services.csv,row 3,service,"+svc1+",name,required,is required") {
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

// With SkipInvalid, an input whose every service has a problem imports
// nothing and says so with its own code, before the problems.
func TestSkipInvalidWithNoValidService(t *testing.T) {
	st := openStore(t)
	path := writeTemp(t, "county.json", `[{"id": "`+svcA+`", "status": "active"}]`)
	rep, err := ImportPath(ctx, st, path, Options{SkipInvalid: true})
	var ie *InvalidError
	if !errors.As(err, &ie) || ie.RecordsOnly() || len(ie.Problems) != 2 ||
		ie.Problems[0].Code != CodeNoneValid || ie.Problems[1].Code != CodeRequired || ie.Problems[1].Field != "name" {
		t.Fatalf("error %v (%#v)", err, err)
	}
	if got := ie.Problems[0].String(); got != "no service in the HSDS input could be imported; nothing was imported" {
		t.Errorf("String() = %q", got)
	}
	if all, _ := store.All[data.Service](ctx, st); len(all) != 0 || len(rep.Rejected) != 1 {
		t.Errorf("%d services written, %d rejected", len(all), len(rep.Rejected))
	}
}
