package hsds

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
)

// nest is an attribute of an HSDS JSON object that holds records of
// another table: a service's "phones", a service at location's "location".
type nest struct {
	key    string // the attribute: "phones"
	table  string // the nested records' table; "" for contacts, which Trellis does not keep
	many   bool   // a list rather than one object
	link   string // the nested record's field that holds the parent's id
	back   string // for one object: the parent's field that holds its id
	entity string // for attributes: their link_entity
	inward bool   // read but not written: written, it would nest a record inside its own children
}

// nests lists, by table, the attributes that nest other records, as in
// the HSDS 3.0 compiled service, organization and service at location
// schemas (plus Trellis's translations).
var nests = map[string][]nest{
	"service": {
		{key: "organization", table: "organization", back: "organization_id"},
		{key: "phones", table: "phone", many: true, link: "service_id"},
		{key: "schedules", table: "schedule", many: true, link: "service_id"},
		{key: "service_areas", table: "service_area", many: true, link: "service_id"},
		{key: "service_at_locations", table: "service_at_location", many: true, link: "service_id"},
		{key: "languages", table: "language", many: true, link: "service_id"},
		{key: "cost_options", table: "cost_option", many: true, link: "service_id"},
		{key: "required_documents", table: "required_document", many: true, link: "service_id"},
		{key: "contacts", many: true},
		{key: "attributes", table: "attribute", many: true, link: "link_id", entity: "service"},
		{key: "x_trellis_translations", table: TranslationsTable, many: true, link: "service_id"},
	},
	"organization": {
		{key: "phones", table: "phone", many: true, link: "organization_id"},
		{key: "locations", table: "location", many: true, link: "organization_id"},
		{key: "contacts", many: true},
		{key: "attributes", table: "attribute", many: true, link: "link_id", entity: "organization"},
		{key: "services", table: "service", many: true, link: "organization_id", inward: true},
	},
	"service_at_location": {
		{key: "location", table: "location", back: "location_id"},
		{key: "phones", table: "phone", many: true, link: "service_at_location_id"},
		{key: "schedules", table: "schedule", many: true, link: "service_at_location_id"},
		{key: "contacts", many: true},
		{key: "attributes", table: "attribute", many: true, link: "link_id", entity: "service_at_location"},
		{key: "service", table: "service", back: "service_id", inward: true},
	},
	"location": {
		{key: "languages", table: "language", many: true, link: "location_id"},
		{key: "addresses", table: "address", many: true, link: "location_id"},
		{key: "phones", table: "phone", many: true, link: "location_id"},
		{key: "schedules", table: "schedule", many: true, link: "location_id"},
		{key: "contacts", many: true},
		{key: "attributes", table: "attribute", many: true, link: "link_id", entity: "location"},
	},
	"phone": {
		{key: "languages", table: "language", many: true, link: "phone_id"},
	},
	"attribute": {
		{key: "taxonomy_term", table: "taxonomy_term", back: "taxonomy_term_id"},
	},
	"taxonomy_term": {
		{key: "taxonomy_detail", table: "taxonomy", back: "taxonomy_id"},
	},
}

// builder collects the records of one input.
type builder struct {
	d        Directory
	index    map[string]int // key(table, id) → index in its slice
	problems []Problem
	file     string // the file being read
}

func newBuilder() *builder {
	return &builder{index: map[string]int{}, d: Directory{origins: map[string]origin{}}}
}

func (b *builder) problem(where, table, id, field, msg string) {
	b.problems = append(b.problems, Problem{File: b.file, Where: where, Record: table, ID: id, Field: field, Message: msg})
}

// add puts a record into the directory. A record whose id was seen before
// fills the empty fields of the first one (JSON repeats records where they
// are nested in several places); in a CSV file it is a problem.
func (b *builder) add(t *table, rec reflect.Value, where string, dupIsError bool) {
	rid := id(rec)
	k := key(t.name, rid)
	s := t.records(&b.d)
	if i, ok := b.index[k]; ok {
		if dupIsError {
			b.problem(where, t.name, rid, "id", "the same id is also used at "+b.d.origins[k].where)
			return
		}
		t.fill(s.Index(i), rec)
		return
	}
	b.index[k] = s.Len()
	s.Set(reflect.Append(s, rec))
	b.d.origins[k] = origin{file: b.file, where: where}
}

// result finishes the input: the directory, the problems found, or an
// error if the input is not a directory at all.
func (b *builder) result() (Directory, []Problem, error) {
	if len(b.d.Services) == 0 && len(b.problems) == 0 {
		return Directory{}, nil, fatal(b.file, "", "there are no services in it, so it would empty the directory")
	}
	return b.d, b.problems, nil
}

// Load reads an HSDS directory from path: a JSON file, or a data package
// (a folder holding datapackage.json, or the datapackage.json file
// itself). Problems with single records come back as problems; an input
// that cannot be read as HSDS at all is an *InvalidError.
func Load(path string) (Directory, []Problem, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return Directory{}, nil, err
	}
	if fi.IsDir() {
		return ParseDataPackage(path)
	}
	if filepath.Base(path) == "datapackage.json" {
		return ParseDataPackage(filepath.Dir(path))
	}
	f, err := os.Open(path)
	if err != nil {
		return Directory{}, nil, err
	}
	defer f.Close()
	return ParseJSON(filepath.Base(path), f)
}

// fatal is an input that cannot be read as HSDS at all.
func fatal(file, where, msg string) error {
	return &InvalidError{Problems: []Problem{{File: file, Where: where, Message: msg}}, Unreadable: true}
}

// ParseJSON reads HSDS JSON named name: a list of full service objects
// (hsds-3.0/examples/service_list.json's contents), a page of them
// ({"contents": [...]}), one service object, or the tabular JSON form
// (an object of "services.csv": [rows], ...).
func ParseJSON(name string, r io.Reader) (Directory, []Problem, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return Directory{}, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return Directory{}, nil, fatal(name, jsonErrorPlace(raw, err), "not valid JSON: "+jsonErrorText(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return Directory{}, nil, fatal(name, lineCol(raw, dec.InputOffset()), "not valid JSON: more data after the end")
	}
	b := newBuilder()
	b.file = name
	var list []any
	path := "$"
	switch v := top.(type) {
	case []any:
		list = v
	case map[string]any:
		switch {
		case v["contents"] != nil:
			l, ok := v["contents"].([]any)
			if !ok {
				return Directory{}, nil, fatal(name, "$.contents", "expected a list of services, found "+jsonKind(v["contents"]))
			}
			list, path = l, "$.contents"
		case isTabular(v):
			b.tabular(v)
			return b.result()
		case v["id"] != nil:
			t, err := topKind(name, "$", v)
			if err != nil {
				return Directory{}, nil, err
			}
			b.object(t, v, "$", nil)
			return b.result()
		default:
			return Directory{}, nil, fatal(name, "$", "not HSDS: expected a list of service objects, a page with \"contents\", or a service object")
		}
	default:
		return Directory{}, nil, fatal(name, "$", "not HSDS: expected a list of service objects, found "+jsonKind(top))
	}
	// The first object says what the list holds.
	t := tableByName["service"]
	if len(list) > 0 {
		if o, ok := list[0].(map[string]any); ok {
			var err error
			if t, err = topKind(name, path+"[0]", o); err != nil {
				return Directory{}, nil, err
			}
		}
	}
	b.objects(t, list, path)
	return b.result()
}

// topKind says which kind of HSDS object a file holds at its top: a
// service, an organization (with its services) or a service at location
// (with its service and location). Other HSDS objects are refused: they
// are not a directory of services.
func topKind(file, where string, obj map[string]any) (*table, error) {
	has := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := obj[k]; ok {
				return true
			}
		}
		return false
	}
	switch {
	case has("status"):
		return tableByName["service"], nil
	case has("services", "website", "tax_status", "legal_status", "year_incorporated", "organization_identifiers", "parent_organization_id"):
		return tableByName["organization"], nil
	case has("service"):
		return tableByName["service_at_location"], nil
	case has("location_type", "addresses", "accessibility"):
		return nil, fatal(file, where, "this is an HSDS location, not a service: import services (or organizations with their services)")
	case has("taxonomy_detail", "term_uri", "version"):
		return nil, fatal(file, where, "this is an HSDS taxonomy, not a service: import services (or organizations with their services)")
	}
	return tableByName["service"], nil
}

// isTabular reports whether obj is the tabular JSON form, keyed by CSV
// file names.
func isTabular(obj map[string]any) bool {
	for k := range obj {
		if strings.HasSuffix(k, ".csv") {
			return true
		}
	}
	return false
}

// tabular reads the tabular JSON form: flat rows per CSV file name.
func (b *builder) tabular(obj map[string]any) {
	for _, t := range tables {
		rows, ok := obj[t.file]
		if !ok {
			continue
		}
		b.eachObject(rows, fmt.Sprintf("$[%q]", t.file), t.name, func(o map[string]any, where string) {
			if rec, ok := b.fields(t, o, where, nil); ok {
				b.add(t, rec, where, true)
			}
		})
	}
}

// eachObject calls fn with every object of the list v at path, reporting
// a v that is not a list, and items that are not objects, as problems of
// the given table's records.
func (b *builder) eachObject(v any, path, table string, fn func(o map[string]any, where string)) {
	list, ok := v.([]any)
	if !ok {
		b.problem(path, table, "", "", "expected a list, found "+jsonKind(v))
		return
	}
	for i, item := range list {
		where := fmt.Sprintf("%s[%d]", path, i)
		o, ok := item.(map[string]any)
		if !ok {
			b.problem(where, table, "", "", "expected a "+strings.ReplaceAll(table, "_", " ")+" object, found "+jsonKind(item))
			continue
		}
		fn(o, where)
	}
}

// objects reads a list of t's objects at path.
func (b *builder) objects(t *table, list []any, path string) {
	b.eachObject(list, path, t.name, func(o map[string]any, where string) { b.object(t, o, where, nil) })
}

// fields reads the fields of t's record from obj, with defaults for empty
// fields (the ids its nesting implies). ok is false if it has no id.
func (b *builder) fields(t *table, obj map[string]any, where string, defaults map[string]string) (reflect.Value, bool) {
	rec := reflect.New(t.typ).Elem()
	var bad []string
	for k, v := range obj {
		ci, ok := t.byName[k]
		if !ok {
			continue
		}
		if msg := t.cols[ci].setJSON(rec, v); msg != "" {
			bad = append(bad, k, msg)
		}
	}
	for f, v := range defaults {
		if ci, ok := t.byName[f]; ok && v != "" && t.cols[ci].get(rec) == "" {
			t.cols[ci].setText(rec, v)
		}
	}
	rid := id(rec)
	for i := 0; i < len(bad); i += 2 {
		b.problem(where+"."+bad[i], t.name, rid, bad[i], bad[i+1])
	}
	if rid == "" {
		if obj["id"] == nil {
			b.problem(where, t.name, "", "id", "is required")
		}
		return rec, false
	}
	return rec, true
}

// object reads one of t's objects and the records nested in it, and
// returns its id ("" if it has none).
func (b *builder) object(t *table, obj map[string]any, where string, defaults map[string]string) string {
	rec, ok := b.fields(t, obj, where, defaults)
	if !ok {
		return ""
	}
	rid := id(rec)
	for _, n := range nests[t.name] {
		v, present := obj[n.key]
		if !present || v == nil {
			continue
		}
		path := where + "." + n.key
		if n.table == "" {
			b.contacts(v, path)
			continue
		}
		child := tableByName[n.table]
		kids := map[string]string{}
		if n.link != "" {
			kids[n.link] = rid
		}
		if n.entity != "" {
			kids["link_entity"] = n.entity
		}
		if !n.many {
			o, ok := v.(map[string]any)
			if !ok {
				b.problem(path, t.name, rid, n.key, "expected an object, found "+jsonKind(v))
				continue
			}
			if cid := b.object(child, o, path, kids); cid != "" && n.back != "" {
				if c := t.cols[t.byName[n.back]]; c.get(rec) == "" {
					c.setText(rec, cid)
				}
			}
			continue
		}
		b.eachObject(v, path, child.name, func(o map[string]any, where string) { b.object(child, o, where, kids) })
	}
	b.add(t, rec, where, false)
	return rid
}

// contacts reads the phones of HSDS contacts (Trellis keeps the phones,
// not the contacts).
func (b *builder) contacts(v any, path string) {
	phone := tableByName["phone"]
	b.eachObject(v, path, "contact", func(o map[string]any, where string) {
		cid, _ := o["id"].(string)
		if phones, ok := o["phones"]; ok && phones != nil {
			b.eachObject(phones, where+".phones", "phone", func(po map[string]any, pw string) {
				b.object(phone, po, pw, map[string]string{"contact_id": cid})
			})
		}
	})
}

// jsonErrorPlace says where a JSON decoding error is, as "line L, column C".
func jsonErrorPlace(raw []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		// Offset counts the offending byte.
		return lineCol(raw, max(se.Offset-1, 0))
	case errors.As(err, &te):
		return lineCol(raw, te.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return lineCol(raw, int64(len(raw)))
	}
	return ""
}

func jsonErrorText(err error) string {
	if errors.Is(err, io.EOF) {
		return "the file is empty"
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "the file ends too early"
	}
	return err.Error()
}

func lineCol(raw []byte, off int64) string {
	if off > int64(len(raw)) {
		off = int64(len(raw))
	}
	line := 1 + bytes.Count(raw[:off], []byte("\n"))
	col := off - int64(bytes.LastIndexByte(raw[:off], '\n'))
	return fmt.Sprintf("line %d, column %d", line, col)
}

// ParseDataPackage reads an HSDS tabular data package: the folder dir
// holding datapackage.json and the CSV files it lists. Resources Trellis
// does not keep (contacts, funding, ...) are skipped.
func ParseDataPackage(dir string) (Directory, []Problem, error) {
	const descName = "datapackage.json"
	raw, err := readDescriptor(dir)
	if err != nil {
		return Directory{}, nil, err
	}
	var desc struct {
		Resources []struct {
			Name string `json:"name"`
			Path any    `json:"path"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &desc); err != nil {
		return Directory{}, nil, fatal(descName, jsonErrorPlace(raw, err), "not a data package descriptor: "+jsonErrorText(err))
	}
	b := newBuilder()
	known := 0
	for i, res := range desc.Resources {
		path, ok := res.Path.(string)
		if !ok {
			b.file = descName
			b.problem(fmt.Sprintf("$.resources[%d].path", i), "", "", "path", "expected one file name")
			continue
		}
		t := tableByName[res.Name]
		if t == nil {
			for _, c := range tables {
				if c.file == filepath.Base(path) {
					t = c
				}
			}
		}
		if t == nil {
			continue
		}
		known++
		b.file = path
		if !filepath.IsLocal(path) {
			b.problem("", t.name, "", "", "the file must be inside the data package's folder")
			continue
		}
		f, err := os.Open(filepath.Join(dir, path))
		if err != nil {
			b.problem("", t.name, "", "", "cannot be read: "+errors.Unwrap(err).Error())
			continue
		}
		err = b.csvFile(t, f)
		f.Close()
		if err != nil {
			return Directory{}, nil, err
		}
	}
	if known == 0 {
		return Directory{}, nil, fatal(descName, "$.resources", "not an HSDS data package: it lists none of organizations, services, locations, ...")
	}
	b.file = filepath.Base(dir)
	return b.result()
}

// readDescriptor reads dir/datapackage.json. A descriptor checked out from
// git without symlink support holds the relative path of the real one
// (hsds-3.0/examples/csv/datapackage.json is such a link); it is followed.
func readDescriptor(dir string) ([]byte, error) {
	p := filepath.Join(dir, "datapackage.json")
	raw, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fatal(filepath.Base(dir), "", "not an HSDS data package: there is no datapackage.json in the folder")
	}
	if err != nil {
		return nil, err
	}
	if t := strings.TrimSpace(string(raw)); t != "" && !strings.ContainsAny(t, "{[\n") && strings.HasSuffix(t, ".json") {
		if target, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(t))); err == nil {
			return target, nil
		}
	}
	return raw, nil
}

// csvFile reads one CSV file of t's records. A file that is not CSV is an
// error; a row with a bad value is a problem.
func (b *builder) csvFile(t *table, r io.Reader) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return fatal(b.file, "row 1", "the file is empty: expected a header row")
	}
	if err != nil {
		return csvError(b.file, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	cols := make([]int, len(header))
	hasID := false
	for i, h := range header {
		ci, ok := t.byName[strings.TrimSpace(h)]
		if !ok {
			cols[i] = -1
			continue
		}
		cols[i] = ci
		hasID = hasID || ci == 0
	}
	if !hasID {
		return fatal(b.file, "row 1", "not an HSDS "+t.file+": there is no id column")
	}
	for n := 2; ; n++ {
		row, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(b.file, err)
		}
		where := "row " + strconv.Itoa(n)
		rec := reflect.New(t.typ).Elem()
		if len(row) != len(header) {
			b.problem(where, t.name, "", "", fmt.Sprintf("has %d fields, the header has %d", len(row), len(header)))
			continue
		}
		for i, cell := range row {
			if cols[i] < 0 {
				continue
			}
			if msg := t.cols[cols[i]].setText(rec, cell); msg != "" {
				b.problem(where, t.name, row[indexOfID(cols)], header[i], msg)
			}
		}
		if id(rec) == "" {
			b.problem(where, t.name, "", "id", "is required")
			continue
		}
		b.add(t, rec, where, true)
	}
}

func indexOfID(cols []int) int {
	for i, c := range cols {
		if c == 0 {
			return i
		}
	}
	return 0
}

// csvError describes a CSV syntax error with its row.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fatal(file, fmt.Sprintf("line %d, column %d", pe.Line, pe.Column), "not valid CSV: "+pe.Err.Error())
	}
	return fatal(file, "", "cannot be read: "+err.Error())
}
