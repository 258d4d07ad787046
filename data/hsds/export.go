package hsds

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"

	"trellis/data"
	"trellis/data/store"
)

// Export formats.
const (
	FormatJSON = "json" // services.json: a list of full service objects
	FormatCSV  = "csv"  // a tabular data package: datapackage.json and CSV files
)

// JSONFile is the name of the JSON export in an export folder.
const JSONFile = "services.json"

// Read reads the whole directory (every live record) from the store.
func Read(ctx context.Context, st *store.Store) (Directory, error) {
	var d Directory
	for _, t := range tables {
		recs, err := t.all(ctx, st)
		if err != nil {
			return Directory{}, err
		}
		t.records(&d).Set(recs)
	}
	return d, nil
}

// Export reads the store's directory and writes it into the folder dir
// (created if needed) in format, FormatJSON or FormatCSV, or both if
// format is empty. It returns the files written.
func Export(ctx context.Context, st *store.Store, dir, format string) ([]string, error) {
	if format != "" && format != FormatJSON && format != FormatCSV {
		return nil, fmt.Errorf("unknown HSDS format %q: use json or csv", format)
	}
	d, err := Read(ctx, st)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	if format == "" || format == FormatJSON {
		p := filepath.Join(dir, JSONFile)
		if err := writeFile(p, func(w io.Writer) error { return WriteJSON(w, d) }); err != nil {
			return files, err
		}
		files = append(files, p)
	}
	if format == "" || format == FormatCSV {
		written, err := WriteDataPackage(dir, d)
		files = append(files, written...)
		if err != nil {
			return files, err
		}
	}
	return files, nil
}

// writeFile writes a file through a temporary name, so that a failed
// export leaves no half-written file.
func writeFile(path string, fn func(w io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// object is a JSON object that keeps its keys in order.
type object struct {
	keys []string
	vals []any
}

func (o *object) add(k string, v any) {
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
}

// MarshalJSON writes the object with its keys in order.
func (o *object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := o.write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// write appends the object's JSON to b, nested objects and lists
// directly, so that writing is linear in the output's size.
func (o *object) write(b *bytes.Buffer) error {
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONValue(b, k)
		b.WriteByte(':')
		if err := writeJSONValue(b, o.vals[i]); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

func writeJSONValue(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case *object:
		return x.write(b)
	case []any:
		b.WriteByte('[')
		for i, item := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeJSONValue(b, item); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	}
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}

// jsonRequired lists, by table, the fields the HSDS schemas require to be
// present, which are written even when empty.
var jsonRequired = map[string][]string{
	"organization":  {"name", "description"},
	"taxonomy":      {"name", "description"},
	"taxonomy_term": {"name", "description"},
	"service":       {"name", "status"},
	"location":      {"location_type"},
	"address":       {"address_1", "city", "state_province", "postal_code", "country", "address_type"},
	"phone":         {"number"},
}

// exportDefaults are the values written for required choices that a
// record made outside HSDS left empty: a service without a status is not
// shown as active, so it is written as inactive.
var exportDefaults = map[string]string{
	"service.status":         data.ServiceInactive,
	"location.location_type": "physical",
	"address.address_type":   "physical",
}

// exporter builds nested JSON from a directory.
type exporter struct {
	d        *Directory
	byID     map[string]map[string]int   // table → id → index
	children map[string]map[string][]int // "table.field" → parent id → indexes
	linked   map[string]bool             // locations some service is at
}

func newExporter(d *Directory) *exporter {
	e := &exporter{d: d, byID: map[string]map[string]int{}, children: map[string]map[string][]int{}, linked: map[string]bool{}}
	for _, t := range tables {
		s := t.records(d)
		m := make(map[string]int, s.Len())
		for i := 0; i < s.Len(); i++ {
			m[id(s.Index(i))] = i
		}
		e.byID[t.name] = m
	}
	for _, ns := range nests {
		for _, n := range ns {
			if n.table == "" || n.link == "" || n.inward {
				continue
			}
			k := n.table + "." + n.link
			if e.children[k] != nil {
				continue
			}
			t := tableByName[n.table]
			c := t.cols[t.byName[n.link]]
			s := t.records(d)
			m := map[string][]int{}
			for i := 0; i < s.Len(); i++ {
				if v := c.get(s.Index(i)); v != "" {
					m[v] = append(m[v], i)
				}
			}
			e.children[k] = m
		}
	}
	for _, sal := range d.ServiceAtLocations {
		e.linked[sal.LocationID] = true
	}
	return e
}

// object renders one record with the records nested in it.
func (e *exporter) object(t *table, rec reflect.Value) *object {
	o := &object{}
	required := map[string]bool{"id": true}
	for _, f := range jsonRequired[t.name] {
		required[f] = true
	}
	for _, c := range t.cols {
		v := c.value(rec)
		if s, ok := v.(string); ok && s == "" {
			if !required[c.name] {
				continue
			}
			v = exportDefaults[t.name+"."+c.name]
		}
		if v == nil {
			continue
		}
		o.add(c.name, v)
	}
	rid := id(rec)
	for _, n := range nests[t.name] {
		if n.table == "" || n.inward {
			continue
		}
		child := tableByName[n.table]
		s := child.records(e.d)
		if !n.many {
			cid := t.cols[t.byName[n.back]].get(rec)
			if i, ok := e.byID[child.name][cid]; ok && cid != "" {
				o.add(n.key, e.object(child, s.Index(i)))
			}
			continue
		}
		var list []any
		for _, i := range e.children[child.name+"."+n.link][rid] {
			c := s.Index(i)
			// An organization's locations are written there only when no
			// service is at them; the others come with the services.
			if t.name == "organization" && child.name == "location" && e.linked[id(c)] {
				continue
			}
			list = append(list, e.object(child, c))
		}
		if len(list) > 0 {
			o.add(n.key, list)
		}
	}
	return o
}

// WriteJSON writes d as a JSON list of full HSDS service objects (each
// valid against the HSDS 3.0 compiled service schema), with everything
// nested in them: organization, locations, phones, schedules, categories,
// and Trellis's translations.
func WriteJSON(w io.Writer, d Directory) error {
	d.sortRecords()
	e := newExporter(&d)
	svc := tableByName["service"]
	list := make([]any, len(d.Services))
	for i := range d.Services {
		list[i] = e.object(svc, svc.records(&d).Index(i))
	}
	var compact, out bytes.Buffer
	if err := writeJSONValue(&compact, list); err != nil {
		return err
	}
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err := out.WriteTo(w)
	return err
}

// WriteDataPackage writes d as an HSDS tabular data package into the
// folder dir: one CSV file per table Trellis keeps (with a header row even
// when empty), Trellis's translations, and datapackage.json describing
// them. It returns the files written.
func WriteDataPackage(dir string, d Directory) ([]string, error) {
	d.sortRecords()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	var resources []any
	for _, t := range tables {
		p := filepath.Join(dir, t.file)
		err := writeFile(p, func(w io.Writer) error { return writeCSV(w, t, t.records(&d)) })
		if err != nil {
			return files, err
		}
		files = append(files, p)
		resources = append(resources, resource(t))
	}
	pkg := &object{}
	pkg.add("name", "trellis_service_directory")
	pkg.add("title", "Service directory exported by Trellis (HSDS 3.0)")
	pkg.add("profile", "tabular-data-package")
	pkg.add("version", "3.0.0")
	pkg.add("resources", resources)
	p := filepath.Join(dir, "datapackage.json")
	err := writeFile(p, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(pkg)
	})
	if err != nil {
		return files, err
	}
	return append(files, p), nil
}

// writeCSV writes t's records with a header row.
func writeCSV(w io.Writer, t *table, recs reflect.Value) error {
	cw := csv.NewWriter(w)
	row := make([]string, len(t.cols))
	for i, c := range t.cols {
		row[i] = c.name
	}
	cw.Write(row)
	for i := 0; i < recs.Len(); i++ {
		rec := recs.Index(i)
		for j, c := range t.cols {
			row[j] = c.get(rec)
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// resource describes t's CSV file in datapackage.json.
func resource(t *table) *object {
	var fields []any
	for _, c := range t.cols {
		f := &object{}
		f.add("name", c.name)
		if c.number {
			f.add("type", "number")
		} else {
			f.add("type", "string")
		}
		fields = append(fields, f)
	}
	schema := &object{}
	schema.add("primaryKey", "id")
	schema.add("fields", fields)
	var fks []any
	for _, r := range t.refs {
		ref := &object{}
		ref.add("resource", r.table)
		ref.add("fields", "id")
		fk := &object{}
		fk.add("fields", r.field)
		fk.add("reference", ref)
		fks = append(fks, fk)
	}
	if len(fks) > 0 {
		schema.add("foreignKeys", fks)
	}
	res := &object{}
	res.add("name", t.name)
	res.add("path", t.file)
	res.add("profile", "tabular-data-resource")
	res.add("format", "csv")
	res.add("mediatype", "text/csv")
	res.add("encoding", "utf-8")
	res.add("schema", schema)
	return res
}
