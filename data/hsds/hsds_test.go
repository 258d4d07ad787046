package hsds

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"trellis/data"
	"trellis/data/store"
)

var ctx = context.Background()

// examples is the folder of the HSDS 3.0 examples (a copy of
// hsds-3.0/examples).
const examples = "testdata/examples"

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{Now: func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func mustImport(t testing.TB, st *store.Store, d Directory, opts Options) Report {
	t.Helper()
	rep, err := Import(ctx, st, d, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

const exampleService = "ac148810-d857-441c-9679-408f346de14b"

func TestExamplesImportCleanlyInEveryForm(t *testing.T) {
	ex := examples
	for _, name := range []string{"service_full.json", "csv", "tabular.json"} {
		t.Run(name, func(t *testing.T) {
			st := openStore(t)
			rep, err := ImportPath(ctx, st, filepath.Join(ex, name), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Rejected) > 0 || rep.Added != 1 || rep.Source != name {
				t.Fatalf("report %+v", rep)
			}
			d, err := st.Service(ctx, exampleService)
			if err != nil {
				t.Fatal(err)
			}
			s := d.Service
			if s.Name != "Community Counselling" || *s.MinimumAge != 12 || *s.MaximumAge != 100 || s.AssuredDate != "2005-01-01" ||
				s.LastModified != "2023-03-15T10:30:45.123Z" || s.Status != data.ServiceActive || s.Source != name {
				t.Errorf("service %+v", s)
			}
			if d.Organization.Name != "Example Organization Inc." || *d.Organization.YearIncorporated != 2011 {
				t.Errorf("organization %+v", d.Organization)
			}
			if len(d.Locations) != 1 || d.Locations[0].Location.Name != "MyCity Civic Center" || len(d.Locations[0].Addresses) != 1 ||
				d.Locations[0].Addresses[0].City != "MyCity" {
				t.Errorf("locations %+v", d.Locations)
			}
			if len(d.Phones) != 1 || d.Phones[0].Number != `"+44 1234 234567"` || *d.Phones[0].Extension != 100 {
				t.Errorf("phones %+v", d.Phones)
			}
			if len(d.Schedules) != 1 || d.Schedules[0].ByDay != "TH,FR" || *d.Schedules[0].Count != 3 {
				t.Errorf("schedules %+v", d.Schedules)
			}
			if len(d.Languages) != 1 || d.Languages[0].Code != "ur" {
				t.Errorf("languages %+v", d.Languages)
			}
			if len(d.ServiceAreas) != 1 || len(d.CostOptions) != 1 || *d.CostOptions[0].Amount != 35 || len(d.RequiredDocuments) != 1 {
				t.Errorf("areas %+v costs %+v docs %+v", d.ServiceAreas, d.CostOptions, d.RequiredDocuments)
			}
			// Only the JSON example tags the service with its term; the
			// CSV example's attribute points elsewhere.
			if name == "service_full.json" && (len(d.Categories) != 1 || d.Categories[0].Name != "name") {
				t.Errorf("categories %+v", d.Categories)
			}
		})
	}
	// Organizations with their services, and services at locations with
	// their service and location, are directories too.
	for _, name := range []string{"organization_full.json", "service_at_location_full.json", "service_at_location_list.json"} {
		t.Run(name, func(t *testing.T) {
			st := openStore(t)
			rep, err := ImportPath(ctx, st, filepath.Join(examples, name), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Added != 1 {
				t.Fatalf("report %+v", rep)
			}
			d, err := st.Service(ctx, exampleService)
			if err != nil {
				t.Fatal(err)
			}
			if d.Service.Name != "Community Counselling" || d.Organization.Name != "Example Organization Inc." {
				t.Errorf("service %+v of %+v", d.Service, d.Organization)
			}
			if name != "service_at_location_list.json" && (len(d.Locations) != 1 || len(d.Phones) == 0) {
				t.Errorf("locations %+v phones %+v", d.Locations, d.Phones)
			}
		})
	}
	// Files of other HSDS objects are refused with what they are.
	for name, want := range map[string]string{"location.json": "this is an HSDS location", "taxonomy_term.json": "this is an HSDS taxonomy",
		"taxonomy_list.json": "this is an HSDS taxonomy", "organization_list.json": "no services in it", "base.json": "not HSDS"} {
		t.Run(name, func(t *testing.T) {
			_, err := ImportPath(ctx, openStore(t), filepath.Join(examples, name), Options{})
			var ie *InvalidError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), want) {
				t.Errorf("import of %s: %v, want a refusal saying %q", name, err, want)
			}
		})
	}
	t.Run("service_list.json", func(t *testing.T) {
		st := openStore(t)
		if _, err := ImportPath(ctx, st, filepath.Join(ex, "service_list.json"), Options{}); err != nil {
			t.Fatal(err)
		}
		d, err := st.Service(ctx, exampleService)
		if err != nil {
			t.Fatal(err)
		}
		if d.Organization.Name != "Example Organization Inc." || d.Service.ProgramID != "" && d.Service.ProgramID != "e7ec2e57-4540-43fa-b2c7-6be5a0ef7f42" {
			t.Errorf("%+v", d)
		}
	})
}

// readAll reads the store's directory, sorted, for comparisons.
func readAll(t testing.TB, st *store.Store) Directory {
	t.Helper()
	d, err := Read(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	d.sortRecords()
	return d
}

func compareDirectories(t *testing.T, want, got Directory) {
	t.Helper()
	for _, tb := range tables {
		w, g := tb.records(&want), tb.records(&got)
		if w.Len() != g.Len() {
			t.Errorf("%s: %d records, want %d", tb.name, g.Len(), w.Len())
			continue
		}
		for i := 0; i < w.Len(); i++ {
			if !reflect.DeepEqual(w.Index(i).Interface(), g.Index(i).Interface()) {
				t.Errorf("%s %d:\n got %+v\nwant %+v", tb.name, i, g.Index(i).Interface(), w.Index(i).Interface())
				break
			}
		}
	}
}

func TestImportExportImportIsLossless(t *testing.T) {
	st := openStore(t)
	gen := filled(generated(40))
	// An organization with no service and a phone only it has: the data
	// package keeps them; JSON carries what hangs off services.
	gen.Organizations = append(gen.Organizations, data.Organization{ID: testID(3, 999), Name: "Lonely org", Description: "no services"})
	mustImport(t, st, gen, Options{})
	want := readAll(t, st)
	if len(want.Translations) != 80 || len(want.Services) != 40 {
		t.Fatalf("imported %v", want.Counts())
	}
	dir := t.TempDir()
	if _, err := Export(ctx, st, dir, ""); err != nil {
		t.Fatal(err)
	}
	for _, form := range []string{dir, filepath.Join(dir, JSONFile)} {
		t.Run(filepath.Base(form), func(t *testing.T) {
			st2 := openStore(t)
			if _, err := ImportPath(ctx, st2, form, Options{}); err != nil {
				t.Fatal(err)
			}
			got := readAll(t, st2)
			w := want
			if strings.HasSuffix(form, ".json") {
				// The list of services cannot hold an organization
				// without services, nor a category no service has.
				w.Organizations = w.Organizations[:len(w.Organizations)-1]
				w.TaxonomyTerms = w.TaxonomyTerms[1:]
			}
			compareDirectories(t, w, got)
		})
	}
}

func TestExamplesSurviveExportAndReimport(t *testing.T) {
	st := openStore(t)
	if _, err := ImportPath(ctx, st, filepath.Join(examples, "csv"), Options{}); err != nil {
		t.Fatal(err)
	}
	want := readAll(t, st)
	dir := t.TempDir()
	if _, err := Export(ctx, st, dir, FormatCSV); err != nil {
		t.Fatal(err)
	}
	st2 := openStore(t)
	if _, err := ImportPath(ctx, st2, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	compareDirectories(t, want, readAll(t, st2))
}

// hsdsSchemas compiles the official HSDS 3.0 schemas in testdata/schema.
func hsdsSchemas(t testing.TB) func(name string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	files, err := filepath.Glob("testdata/schema/*.json")
	if err != nil || len(files) < 20 {
		t.Fatalf("schemas: %v %v", files, err)
	}
	const base = "https://trellis.invalid/hsds/"
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(base+filepath.Base(f), doc); err != nil {
			t.Fatal(err)
		}
	}
	return func(name string) *jsonschema.Schema {
		s, err := c.Compile(base + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

func TestExportValidatesAgainstHSDSSchemas(t *testing.T) {
	schema := hsdsSchemas(t)
	st := openStore(t)
	mustImport(t, st, filled(generated(12)), Options{})
	if _, err := ImportPath(ctx, st, filepath.Join(examples, "service_full.json"), Options{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Export(ctx, st, dir, ""); err != nil {
		t.Fatal(err)
	}

	raw, err := os.ReadFile(filepath.Join(dir, JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	list, err := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	services := list.([]any)
	if len(services) != 13 {
		t.Fatalf("%d services exported", len(services))
	}
	svc := schema("service")
	for i, s := range services {
		if err := svc.Validate(s); err != nil {
			t.Errorf("services.json[%d] is not a valid HSDS service: %v", i, err)
		}
	}
	// A service that breaks the schema must fail, or the check proves nothing.
	bad := services[0].(map[string]any)
	bad["status"] = "open"
	if svc.Validate(bad) == nil {
		t.Error("the schema accepted status \"open\"")
	}

	// Every CSV row, typed by its column, must be a valid record of its table.
	for _, tb := range tables {
		if tb.name == TranslationsTable {
			continue
		}
		sch := schema(tb.name)
		d, problems, err := ParseDataPackage(dir)
		if err != nil || len(problems) > 0 {
			t.Fatal(err, problems)
		}
		recs := tb.records(&d)
		for i := 0; i < recs.Len(); i++ {
			row := map[string]any{}
			for _, c := range tb.cols {
				if c.name == SourceField {
					continue
				}
				v := c.value(recs.Index(i))
				if s, ok := v.(string); v == nil || ok && s == "" && !contains(jsonRequired[tb.name], c.name) {
					continue
				}
				if f, ok := v.(float64); ok {
					v = json.Number(strconv.FormatFloat(f, 'f', -1, 64))
				}
				row[c.name] = v
			}
			if err := sch.Validate(row); err != nil {
				t.Errorf("%s row %d: %v", tb.file, i+2, err)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestReimportUpdatesInPlaceAndDeactivatesMissing(t *testing.T) {
	st := openStore(t)
	first := generated(5)
	rep := mustImport(t, st, first, Options{Source: "county 2026-10"})
	if rep.Added != 5 || rep.Updated != 0 {
		t.Fatalf("first import %+v", rep)
	}
	// Someone refers a family to service 4, which the next file drops.
	h := data.Household{Name: "Rivera", HomeLanguage: "es", Phone: "206-555-0101", ZIP: "98118"}
	err := st.Write(ctx, func(tx *store.Tx) error {
		if err := tx.AddHousehold(&h); err != nil {
			return err
		}
		return tx.CreateReferral(&data.Referral{HouseholdID: h.ID, ServiceID: testID(4, 4), Reason: "home visiting"}, "", "nav", "")
	})
	if err != nil {
		t.Fatal(err)
	}

	next := generated(4)
	next.Services[0].Name = "Renamed service"
	next.Services[0].Source = ""
	next.Services[0].AssuredDate = "2026-11-20"
	next.Phones = next.Phones[1:] // service 0 lost its own phone, and its language
	next.Languages = append(next.Languages[:2:2], next.Languages[3:]...)
	next.Services = append(next.Services, data.Service{ID: testID(4, 100), Name: "Brand new", Status: data.ServiceActive})
	rep = mustImport(t, st, next, Options{Source: "county 2026-11"})
	if rep.Added != 1 || rep.Updated != 4 || len(rep.Deactivated) != 1 || rep.Deactivated[0] != testID(4, 4) {
		t.Fatalf("re-import %+v", rep)
	}
	all, err := store.All[data.Service](ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 6 {
		t.Fatalf("%d services after re-import, want 6 (no duplicates)", len(all))
	}
	d, err := st.Service(ctx, testID(4, 0))
	if err != nil {
		t.Fatal(err)
	}
	if d.Service.Name != "Renamed service" || d.Service.Source != "county 2026-11" || d.Service.AssuredDate != "2026-11-20" {
		t.Errorf("updated service %+v", d.Service)
	}
	for _, p := range d.Phones {
		if p.ID == testID(9, 0) {
			t.Errorf("the dropped phone is still there")
		}
	}
	gone, err := st.Service(ctx, testID(4, 4))
	if err != nil {
		t.Fatalf("the missing service was deleted: %v", err)
	}
	if gone.Service.Status != data.ServiceInactive || len(gone.Phones) == 0 {
		t.Errorf("missing service %+v with %d phones", gone.Service, len(gone.Phones))
	}
	refs, err := st.Referrals(ctx, store.ReferralFilter{HouseholdID: h.ID})
	if err != nil || len(refs) != 1 || refs[0].ServiceName == "" {
		t.Errorf("referral to the missing service: %+v %v", refs, err)
	}
	page, err := st.SearchServices(ctx, store.DirectoryQuery{AgeMonths: store.AnyAge, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 5 {
		t.Errorf("%d active services, want 5", page.Total)
	}

	// The phone comes back when a later file has it again.
	mustImport(t, st, generated(5), Options{Source: "county 2026-12"})
	d, _ = st.Service(ctx, testID(4, 0))
	found := false
	for _, p := range d.Phones {
		found = found || p.ID == testID(9, 0)
	}
	if !found || d.Service.Status != data.ServiceActive {
		t.Errorf("re-added phone missing or service inactive: %+v", d)
	}
}

func TestTranslationsTravelAndPlainFilesKeepThem(t *testing.T) {
	st := openStore(t)
	mustImport(t, st, generated(3), Options{})
	page, err := st.SearchServices(ctx, store.DirectoryQuery{AgeMonths: store.AnyAge, DisplayLanguage: "es", Text: "servicio familias"})
	if err != nil || page.Total != 3 {
		t.Fatalf("%+v %v", page, err)
	}
	for _, it := range page.Items {
		if it.ID == testID(4, 2) && (it.Name != "Servicio 2 para familias" || it.Language != "es") {
			t.Errorf("shown in Spanish as %+v", it)
		}
	}
	// A plain HSDS file (no translations at all) leaves them alone.
	plain := generated(3)
	plain.Translations = nil
	mustImport(t, st, plain, Options{})
	d, _ := st.Service(ctx, testID(4, 2))
	if len(d.Translations) != 2 {
		t.Errorf("translations after a plain import: %+v", d.Translations)
	}
	// A Trellis file that drops one replaces them.
	fewer := generated(3)
	fewer.Translations = fewer.Translations[:5]
	mustImport(t, st, fewer, Options{})
	d, _ = st.Service(ctx, testID(4, 2))
	if len(d.Translations) != 1 || d.Translations[0].Language != "es" {
		t.Errorf("translations after a file with fewer: %+v", d.Translations)
	}
}

func TestImportReportsProgressAndStopsWhenCancelled(t *testing.T) {
	st := openStore(t)
	var calls, last, total int
	mustImport(t, st, generated(30), Options{Progress: func(done, tot int) { calls++; last, total = done, tot }})
	if calls < 2 || last != total || total != func() int { g := generated(30); return g.Len() }() {
		t.Errorf("progress: %d calls, last %d of %d", calls, last, total)
	}
	st2 := openStore(t)
	cctx, cancel := context.WithCancel(ctx)
	_, err := Import(cctx, st2, generated(30), Options{Progress: func(done, _ int) {
		if done > 0 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled import: %v", err)
	}
	if all, _ := store.All[data.Service](ctx, st2); len(all) != 0 {
		t.Errorf("a cancelled import left %d services", len(all))
	}
}
