// Package hsds reads and writes the service directory in the Open Referral
// Human Services Data Specification (HSDS) 3.0, in both of its
// serialisations: JSON (lists of full service objects) and the tabular data
// package (CSV files described by datapackage.json).
//
// Parsing and writing are separate from the store: Load turns a file into
// a Directory of data.* records (plus the problems found), Import writes a
// Directory into a store in one transaction, and Export writes a Directory
// out. The county server can publish the same records Import would write.
//
// Trellis keeps per-language service names, descriptions and eligibility,
// which HSDS has no place for. They travel as the x_trellis_translations
// attribute of a JSON service and as the x_trellis_service_translations
// resource (service_translations.csv) of a data package; plain HSDS readers
// ignore both. docs/hsds.md describes the format.
package hsds

import (
	"context"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"trellis/data"
	"trellis/data/store"
)

// Directory is a whole service directory as HSDS records.
type Directory struct {
	Organizations      []data.Organization       `hsds:"organization"`
	Services           []data.Service            `hsds:"service"`
	Translations       []data.ServiceTranslation `hsds:"x_trellis_service_translation"`
	Locations          []data.Location           `hsds:"location"`
	Addresses          []data.Address            `hsds:"address"`
	ServiceAtLocations []data.ServiceAtLocation  `hsds:"service_at_location"`
	Phones             []data.Phone              `hsds:"phone"`
	Languages          []data.Language           `hsds:"language"`
	Schedules          []data.Schedule           `hsds:"schedule"`
	ServiceAreas       []data.ServiceArea        `hsds:"service_area"`
	CostOptions        []data.CostOption         `hsds:"cost_option"`
	RequiredDocuments  []data.RequiredDocument   `hsds:"required_document"`
	Taxonomies         []data.Taxonomy           `hsds:"taxonomy"`
	TaxonomyTerms      []data.TaxonomyTerm       `hsds:"taxonomy_term"`
	Attributes         []data.Attribute          `hsds:"attribute"`

	// origins says where in the file each record was read, by table and
	// id, so that later checks can name the row or JSON path.
	origins map[string]origin
}

// origin is where a record was read.
type origin struct {
	file string
	at   Place
}

// Len returns the number of records in d.
func (d *Directory) Len() int {
	n := 0
	for _, t := range tables {
		n += t.records(d).Len()
	}
	return n
}

// Counts returns the number of records of each HSDS table in d (by HSDS
// table name, e.g. "service"), leaving out empty tables.
func (d *Directory) Counts() map[string]int {
	out := map[string]int{}
	for _, t := range tables {
		if n := t.records(d).Len(); n > 0 {
			out[t.name] = n
		}
	}
	return out
}

// table describes one HSDS table Trellis keeps.
type table struct {
	name      string // HSDS schema name: "service"
	storeName string // the store's table: "dir_services"
	file      string // CSV file of the data package: "services.csv"
	field     int    // index of its slice in Directory
	typ       reflect.Type
	cols      []column // in HSDS order, id first
	byName    map[string]int
	required  []string                                                   // fields HSDS requires besides id
	refs      []reference                                                // references Import checks
	all       func(context.Context, *store.Store) (reflect.Value, error) // every live record in a store
	allTx     func(*store.Tx) (reflect.Value, error)
}

// column is one field of an HSDS record.
type column struct {
	name   string
	field  int
	number bool // *float64; otherwise string
}

// reference is a field that must name a record of another table in the
// same directory.
type reference struct{ field, table string }

// Every table, parents before children.
var tables []*table

var tableByName = map[string]*table{}

// SourceField carries a service's source (where the record came from,
// data.Service.Source) in Trellis's exports: an attribute of a JSON
// service and a last column of services.csv.
const SourceField = "x_trellis_source"

// TranslationsTable is the HSDS-style name of Trellis's translations
// extension; its CSV file is TranslationsFile.
const (
	TranslationsTable = "x_trellis_service_translation"
	TranslationsFile  = "x_trellis_service_translations.csv"
)

func init() {
	define[data.Organization]("organization", "dir_organizations", "organizations.csv", []string{"name"})
	define[data.Taxonomy]("taxonomy", "dir_taxonomies", "taxonomies.csv", []string{"name"})
	define[data.TaxonomyTerm]("taxonomy_term", "dir_taxonomy_terms", "taxonomy_terms.csv", []string{"name"})
	define[data.Service]("service", "dir_services", "services.csv", []string{"name", "status"},
		reference{"organization_id", "organization"})
	define[data.ServiceTranslation](TranslationsTable, "dir_service_translations", TranslationsFile, []string{"service_id", "language"},
		reference{"service_id", "service"})
	define[data.Location]("location", "dir_locations", "locations.csv", []string{"location_type"})
	define[data.Address]("address", "dir_addresses", "addresses.csv", []string{"location_id", "address_1", "city", "state_province", "postal_code", "country", "address_type"},
		reference{"location_id", "location"})
	define[data.ServiceAtLocation]("service_at_location", "dir_service_at_locations", "service_at_location.csv", []string{"service_id", "location_id"},
		reference{"service_id", "service"}, reference{"location_id", "location"})
	define[data.Phone]("phone", "dir_phones", "phones.csv", []string{"number"},
		reference{"service_id", "service"}, reference{"location_id", "location"},
		reference{"organization_id", "organization"}, reference{"service_at_location_id", "service_at_location"})
	define[data.Language]("language", "dir_languages", "languages.csv", nil,
		reference{"service_id", "service"}, reference{"location_id", "location"}, reference{"phone_id", "phone"})
	define[data.Schedule]("schedule", "dir_schedules", "schedules.csv", nil,
		reference{"service_id", "service"}, reference{"location_id", "location"}, reference{"service_at_location_id", "service_at_location"})
	define[data.ServiceArea]("service_area", "dir_service_areas", "service_areas.csv", nil, reference{"service_id", "service"})
	define[data.CostOption]("cost_option", "dir_cost_options", "cost_options.csv", nil, reference{"service_id", "service"})
	define[data.RequiredDocument]("required_document", "dir_required_documents", "required_documents.csv", nil, reference{"service_id", "service"})
	define[data.Attribute]("attribute", "dir_attributes", "attributes.csv", []string{"taxonomy_term_id"}, reference{"taxonomy_term_id", "taxonomy_term"})
}

// define adds the table of records of type T.
func define[T any](name, storeName, file string, required []string, refs ...reference) {
	typ := reflect.TypeOf((*T)(nil)).Elem()
	dt := reflect.TypeOf(Directory{})
	for i := 0; i < dt.NumField(); i++ {
		f := dt.Field(i)
		if f.Tag.Get("hsds") != name || f.Type.Elem() != typ {
			continue
		}
		t := &table{name: name, storeName: storeName, file: file, field: i, typ: typ, byName: map[string]int{}, required: required, refs: refs,
			all: func(ctx context.Context, st *store.Store) (reflect.Value, error) {
				recs, err := store.All[T](ctx, st)
				return reflect.ValueOf(recs), err
			},
			allTx: func(tx *store.Tx) (reflect.Value, error) {
				recs, err := store.AllTx[T](tx)
				return reflect.ValueOf(recs), err
			}}
		for j := 0; j < typ.NumField(); j++ {
			sf := typ.Field(j)
			col := sf.Tag.Get("db")
			if col == "" || col == "-" {
				continue
			}
			if col == "source" {
				col = SourceField
			}
			t.byName[col] = len(t.cols)
			t.cols = append(t.cols, column{name: col, field: j, number: sf.Type.Kind() == reflect.Pointer})
		}
		tables = append(tables, t)
		tableByName[name] = t
		return
	}
	panic("hsds: no Directory field for " + name)
}

// records returns d's slice of t's records.
func (t *table) records(d *Directory) reflect.Value {
	return reflect.ValueOf(d).Elem().Field(t.field)
}

// id returns the id of a record (a struct value).
func id(rec reflect.Value) string { return rec.Field(0).String() }

// get returns a field as a string ("" for an empty number), for CSV
// cells and comparisons.
func (c column) get(rec reflect.Value) string {
	f := rec.Field(c.field)
	if c.number {
		if f.IsNil() {
			return ""
		}
		return strconv.FormatFloat(f.Elem().Float(), 'f', -1, 64)
	}
	return f.String()
}

// value returns a field as a JSON value: a string, a float64, or nil for
// an empty number.
func (c column) value(rec reflect.Value) any {
	f := rec.Field(c.field)
	if c.number {
		if f.IsNil() {
			return nil
		}
		return f.Elem().Float()
	}
	return f.String()
}

// setText sets a field from a CSV cell; an empty cell leaves a number
// empty. It returns false, and the problem without its place, if the cell
// is not of the field's type.
func (c column) setText(rec reflect.Value, s string) (Problem, bool) {
	f := rec.Field(c.field)
	if !c.number {
		f.SetString(s)
		return Problem{}, true
	}
	s = strings.TrimSpace(s)
	if s == "" {
		f.SetZero()
		return Problem{}, true
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || !finite(n) {
		return Problem{Code: CodeNotANumber, Value: s}, false
	}
	f.Set(reflect.ValueOf(&n))
	return Problem{}, true
}

// setJSON sets a field from a decoded JSON value (decoded with UseNumber).
// It returns false, and the problem without its place, if the value is not
// of the field's type.
func (c column) setJSON(rec reflect.Value, v any) (Problem, bool) {
	f := rec.Field(c.field)
	if v == nil {
		f.SetZero()
		return Problem{}, true
	}
	if c.number {
		num, ok := v.(jsonNumber)
		if !ok {
			return Problem{Code: CodeWrongType, Expected: KindNumber, Found: kindOf(v)}, false
		}
		n, err := strconv.ParseFloat(string(num), 64)
		if err != nil || !finite(n) {
			return Problem{Code: CodeNotANumber, Value: string(num)}, false
		}
		f.Set(reflect.ValueOf(&n))
		return Problem{}, true
	}
	switch s := v.(type) {
	case string:
		f.SetString(s)
	case jsonNumber:
		// A number where HSDS has a string (an external identifier, a
		// postal code) keeps its digits.
		f.SetString(string(s))
	default:
		return Problem{Code: CodeWrongType, Expected: KindString, Found: kindOf(v)}, false
	}
	return Problem{}, true
}

func finite(f float64) bool { return f-f == 0 }

// fill copies every empty field of dst from src (two records of one
// table with the same id, found in different places of a file).
func (t *table) fill(dst, src reflect.Value) {
	for _, c := range t.cols {
		d := dst.Field(c.field)
		if d.IsZero() {
			d.Set(src.Field(c.field))
		}
	}
}

// sortRecords orders every table of d by id, so that output is stable.
// It sorts copies: the slices d shared with its caller keep their order.
func (d *Directory) sortRecords() {
	for _, t := range tables {
		s := t.records(d)
		c := reflect.MakeSlice(s.Type(), s.Len(), s.Len())
		reflect.Copy(c, s)
		sort.SliceStable(c.Interface(), func(i, j int) bool { return id(c.Index(i)) < id(c.Index(j)) })
		s.Set(c)
	}
}

func key(table, id string) string { return table + "/" + id }
