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

// problem notes a problem with the file being read.
func (b *builder) problem(p Problem) {
	p.File = b.file
	b.problems = append(b.problems, p.done())
}

// add puts a record into the directory. A record whose id was seen before
// fills the empty fields of the first one (JSON repeats records where they
// are nested in several places); in a CSV file it is a problem.
func (b *builder) add(t *table, rec reflect.Value, at Place, dupIsError bool) {
	rid := id(rec)
	k := key(t.name, rid)
	s := t.records(&b.d)
	if i, ok := b.index[k]; ok {
		if dupIsError {
			b.problem(Problem{At: at, Record: t.name, ID: rid, Field: "id", Code: CodeDuplicateID, Other: b.d.origins[k].at})
			return
		}
		t.fill(s.Index(i), rec)
		return
	}
	b.index[k] = s.Len()
	s.Set(reflect.Append(s, rec))
	b.d.origins[k] = origin{file: b.file, at: at}
}

// result finishes the input: the directory, the problems found, or an
// error if the input is not a directory at all.
func (b *builder) result() (Directory, []Problem, error) {
	if len(b.d.Services) == 0 && len(b.problems) == 0 {
		return Directory{}, nil, fatal(Problem{File: b.file, Code: CodeNoServices})
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
func fatal(p Problem) error {
	return &InvalidError{Problems: []Problem{p.done()}, Unreadable: true}
}

// jsonProblem describes a JSON decoding error of the file named name.
func jsonProblem(name string, raw []byte, err error) Problem {
	p := Problem{File: name, At: jsonErrorPlace(raw, err), Code: CodeBadJSON, Detail: err.Error()}
	switch {
	case errors.Is(err, io.EOF):
		p.Code = CodeEmptyFile
	case errors.Is(err, io.ErrUnexpectedEOF):
		p.Code = CodeTruncated
	}
	return p
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
		return Directory{}, nil, fatal(jsonProblem(name, raw, err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return Directory{}, nil, fatal(Problem{File: name, At: lineCol(raw, dec.InputOffset()), Code: CodeBadJSON, Detail: "more data after the end"})
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
				return Directory{}, nil, fatal(Problem{File: name, At: atPath("$.contents"), Field: "contents", Code: CodeWrongType, Expected: KindList, Found: kindOf(v["contents"])})
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
			return Directory{}, nil, fatal(Problem{File: name, At: atPath("$"), Code: CodeNotHSDS, Found: KindObject})
		}
	default:
		return Directory{}, nil, fatal(Problem{File: name, At: atPath("$"), Code: CodeNotHSDS, Found: kindOf(top)})
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
		return nil, fatal(Problem{File: file, At: atPath(where), Code: CodeNotServices, Target: "location"})
	case has("taxonomy_detail", "term_uri", "version"):
		return nil, fatal(Problem{File: file, At: atPath(where), Code: CodeNotServices, Target: "taxonomy"})
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
		b.eachObject(rows, fmt.Sprintf("$[%q]", t.file), t.file, t.name, func(o map[string]any, where string) {
			if rec, ok := b.fields(t, o, where, nil); ok {
				b.add(t, rec, atPath(where), true)
			}
		})
	}
}

// eachObject calls fn with every object of the list v at path (the value
// of the attribute key), reporting a v that is not a list, and items that
// are not objects, as problems of the given table's records.
func (b *builder) eachObject(v any, path, key, table string, fn func(o map[string]any, where string)) {
	list, ok := v.([]any)
	if !ok {
		b.problem(Problem{At: atPath(path), Record: table, Field: key, Code: CodeWrongType, Expected: KindList, Found: kindOf(v)})
		return
	}
	for i, item := range list {
		where := fmt.Sprintf("%s[%d]", path, i)
		o, ok := item.(map[string]any)
		if !ok {
			b.problem(Problem{At: atPath(where), Record: table, Code: CodeWrongItem, Found: kindOf(item)})
			continue
		}
		fn(o, where)
	}
}

// objects reads a list of t's objects at path.
func (b *builder) objects(t *table, list []any, path string) {
	b.eachObject(list, path, "", t.name, func(o map[string]any, where string) { b.object(t, o, where, nil) })
}

// fields reads the fields of t's record from obj, with defaults for empty
// fields (the ids its nesting implies). ok is false if it has no id.
func (b *builder) fields(t *table, obj map[string]any, where string, defaults map[string]string) (reflect.Value, bool) {
	rec := reflect.New(t.typ).Elem()
	var bad []Problem
	for k, v := range obj {
		ci, ok := t.byName[k]
		if !ok {
			continue
		}
		if p, ok := t.cols[ci].setJSON(rec, v); !ok {
			p.At, p.Field = atPath(where+"."+k), k
			bad = append(bad, p)
		}
	}
	for f, v := range defaults {
		if ci, ok := t.byName[f]; ok && v != "" && t.cols[ci].get(rec) == "" {
			t.cols[ci].setText(rec, v)
		}
	}
	rid := id(rec)
	for _, p := range bad {
		p.Record, p.ID = t.name, rid
		b.problem(p)
	}
	if rid == "" {
		if obj["id"] == nil {
			b.problem(Problem{At: atPath(where), Record: t.name, Field: "id", Code: CodeRequired})
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
				b.problem(Problem{At: atPath(path), Record: t.name, ID: rid, Field: n.key, Code: CodeWrongType, Expected: KindObject, Found: kindOf(v)})
				continue
			}
			if cid := b.object(child, o, path, kids); cid != "" && n.back != "" {
				if c := t.cols[t.byName[n.back]]; c.get(rec) == "" {
					c.setText(rec, cid)
				}
			}
			continue
		}
		b.eachObject(v, path, n.key, child.name, func(o map[string]any, where string) { b.object(child, o, where, kids) })
	}
	b.add(t, rec, atPath(where), false)
	return rid
}

// contacts reads the phones of HSDS contacts (Trellis keeps the phones,
// not the contacts).
func (b *builder) contacts(v any, path string) {
	phone := tableByName["phone"]
	b.eachObject(v, path, "contacts", "contact", func(o map[string]any, where string) {
		cid, _ := o["id"].(string)
		if phones, ok := o["phones"]; ok && phones != nil {
			b.eachObject(phones, where+".phones", "phones", "phone", func(po map[string]any, pw string) {
				b.object(phone, po, pw, map[string]string{"contact_id": cid})
			})
		}
	})
}

// jsonErrorPlace says where a JSON decoding error is: its line and column.
func jsonErrorPlace(raw []byte, err error) Place {
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
	return Place{}
}

// jsonErrorText is a JSON decoding error in words.
func jsonErrorText(err error) string {
	if errors.Is(err, io.EOF) {
		return "the file is empty"
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "the file ends too early"
	}
	return err.Error()
}

// lineCol is the Place of the byte at offset off of raw.
func lineCol(raw []byte, off int64) Place {
	if off > int64(len(raw)) {
		off = int64(len(raw))
	}
	line := 1 + bytes.Count(raw[:off], []byte("\n"))
	col := off - int64(bytes.LastIndexByte(raw[:off], '\n'))
	return Place{Line: line, Column: int(col)}
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
		return Directory{}, nil, fatal(Problem{File: descName, At: jsonErrorPlace(raw, err), Code: CodeBadDescriptor, Detail: jsonErrorText(err)})
	}
	b := newBuilder()
	known := 0
	for i, res := range desc.Resources {
		path, ok := res.Path.(string)
		if !ok {
			b.file = descName
			b.problem(Problem{At: atPath(fmt.Sprintf("$.resources[%d].path", i)), Field: "path", Code: CodeBadResourcePath})
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
			b.problem(Problem{Record: t.name, Code: CodeOutsidePackage})
			continue
		}
		f, err := os.Open(filepath.Join(dir, path))
		if err != nil {
			b.problem(Problem{Record: t.name, Code: CodeUnreadable, Detail: errors.Unwrap(err).Error()})
			continue
		}
		err = b.csvFile(t, f)
		f.Close()
		if err != nil {
			return Directory{}, nil, err
		}
	}
	if known == 0 {
		return Directory{}, nil, fatal(Problem{File: descName, At: atPath("$.resources"), Code: CodeNotDataPackage})
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
		return nil, fatal(Problem{File: filepath.Base(dir), Code: CodeNoDescriptor})
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
		return fatal(Problem{File: b.file, At: atRow(1), Code: CodeEmptyFile})
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
		return fatal(Problem{File: b.file, At: atRow(1), Field: "id", Code: CodeNoIDColumn, Value: t.file})
	}
	for n := 2; ; n++ {
		row, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(b.file, err)
		}
		where := atRow(n)
		rec := reflect.New(t.typ).Elem()
		if len(row) != len(header) {
			b.problem(Problem{At: where, Record: t.name, Code: CodeFieldCount, Got: len(row), Want: len(header)})
			continue
		}
		for i, cell := range row {
			if cols[i] < 0 {
				continue
			}
			if p, ok := t.cols[cols[i]].setText(rec, cell); !ok {
				p.At, p.Record, p.ID, p.Field = where, t.name, row[indexOfID(cols)], header[i]
				b.problem(p)
			}
		}
		if id(rec) == "" {
			b.problem(Problem{At: where, Record: t.name, Field: "id", Code: CodeRequired})
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
		return fatal(Problem{File: file, At: Place{Line: pe.Line, Column: pe.Column}, Code: CodeBadCSV, Detail: pe.Err.Error()})
	}
	return fatal(Problem{File: file, Code: CodeUnreadable, Detail: err.Error()})
}
