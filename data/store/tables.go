package store

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"trellis/data"
)

// group says which in-memory index a table feeds, so that a write to it
// marks that index stale.
type group string

const (
	groupFamilies  group = "families"
	groupDirectory group = "directory"
	groupNone      group = ""
)

// ref is a column that must name an existing row of another table.
type ref struct {
	col, table string
}

// tableDef describes one synced table and the domain type stored in it.
type tableDef struct {
	name  string       // SQL table name
	kind  string       // what a person calls one record, for errors: "family"
	typ   reflect.Type // the data.* struct
	cols  []colDef     // every column but id, in struct order
	byCol map[string]*colDef
	group group
	refs  []ref
	// sealed says whether any column passes through the Codec.
	sealed bool
}

type colKind int

const (
	kindString colKind = iota
	kindBool
	kindInt
	kindFloatPtr
	kindDate
	kindTime
	kindStrings
)

// colDef maps one struct field to one column.
type colDef struct {
	name   string
	field  int // index of the struct field
	kind   colKind
	sealed bool // passes through the Codec
}

// tables lists every synced table. Order matters only for readability.
var tables = []*tableDef{
	define[data.Household]("households", "family", groupFamilies),
	define[data.Member]("members", "family member", groupFamilies, ref{"household_id", "households"}),
	define[data.Contact]("contacts", "contact", groupNone, ref{"household_id", "households"}),
	define[data.Screening]("screenings", "screening", groupNone, ref{"household_id", "households"}, ref{"child_id", "members"}),
	define[data.Referral]("referrals", "referral", groupNone, ref{"household_id", "households"}, ref{"child_id", "members"}, ref{"service_id", "dir_services"}),
	define[data.ReferralEvent]("referral_events", "referral status", groupNone, ref{"referral_id", "referrals"}),
	define[data.FollowUp]("followups", "follow-up", groupNone, ref{"household_id", "households"}, ref{"referral_id", "referrals"}),
	define[data.Material]("materials", "material", groupNone),
	define[data.MaterialVersion]("material_versions", "material version", groupNone, ref{"material_id", "materials"}),
	define[data.MaterialAttachment]("material_attachments", "attachment", groupNone, ref{"material_id", "materials"}),
	define[data.MaterialGiven]("materials_given", "material given", groupNone, ref{"household_id", "households"}, ref{"material_id", "materials"}),
	define[data.Organization]("dir_organizations", "organization", groupDirectory),
	define[data.Service]("dir_services", "service", groupDirectory),
	define[data.ServiceTranslation]("dir_service_translations", "service translation", groupDirectory),
	define[data.Location]("dir_locations", "location", groupDirectory),
	define[data.Address]("dir_addresses", "address", groupDirectory),
	define[data.ServiceAtLocation]("dir_service_at_locations", "service at location", groupDirectory),
	define[data.Phone]("dir_phones", "phone", groupDirectory),
	define[data.Language]("dir_languages", "language", groupDirectory),
	define[data.Schedule]("dir_schedules", "schedule", groupDirectory),
	define[data.ServiceArea]("dir_service_areas", "service area", groupDirectory),
	define[data.CostOption]("dir_cost_options", "cost option", groupDirectory),
	define[data.RequiredDocument]("dir_required_documents", "required document", groupDirectory),
	define[data.Taxonomy]("dir_taxonomies", "taxonomy", groupDirectory),
	define[data.TaxonomyTerm]("dir_taxonomy_terms", "taxonomy term", groupDirectory),
	define[data.Attribute]("dir_attributes", "attribute", groupDirectory),
}

var (
	tableByName = map[string]*tableDef{}
	tableByType = map[reflect.Type]*tableDef{}
)

func init() {
	for _, t := range tables {
		tableByName[t.name] = t
		tableByType[t.typ] = t
	}
}

// SyncedTables returns the names of every table that sync carries, in an
// order where a table comes after the tables it refers to.
func SyncedTables() []string {
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.name
	}
	return names
}

// TableColumns returns the columns of a synced table, without id, deleted
// and clocks, or nil if the table is not synced.
func TableColumns(table string) []string {
	t := tableByName[table]
	if t == nil {
		return nil
	}
	cols := make([]string, len(t.cols))
	for i, c := range t.cols {
		cols[i] = c.name
	}
	return cols
}

// HasTable reports whether table is a synced table.
func HasTable(table string) bool { return tableByName[table] != nil }

// HasColumn reports whether col is a column of the synced table (not id,
// deleted or clocks).
func HasColumn(table, col string) bool {
	t := tableByName[table]
	return t != nil && t.byCol[col] != nil
}

var (
	dateType = reflect.TypeOf(data.Date{})
	timeType = reflect.TypeOf(time.Time{})
)

// define builds the tableDef for T from its `db` struct tags.
func define[T any](name, kind string, g group, refs ...ref) *tableDef {
	typ := reflect.TypeOf((*T)(nil)).Elem()
	def := &tableDef{name: name, kind: kind, typ: typ, group: g, refs: refs, byCol: map[string]*colDef{}}
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		tag := f.Tag.Get("db")
		if tag == "" || tag == "-" {
			continue
		}
		col, opts, _ := strings.Cut(tag, ",")
		if col == "id" {
			if f.Type.Kind() != reflect.String || i != 0 {
				panic(fmt.Sprintf("store: %s.ID must be the first field, a string", typ.Name()))
			}
			continue
		}
		c := colDef{name: col, field: i, sealed: opts == "sealed"}
		switch {
		case f.Type == dateType:
			c.kind = kindDate
		case f.Type == timeType:
			c.kind = kindTime
		case f.Type.Kind() == reflect.String:
			c.kind = kindString
		case f.Type.Kind() == reflect.Bool:
			c.kind = kindBool
		case f.Type.Kind() == reflect.Int, f.Type.Kind() == reflect.Int64:
			c.kind = kindInt
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Float64:
			c.kind = kindFloatPtr
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
			c.kind = kindStrings
		default:
			panic(fmt.Sprintf("store: %s.%s has unsupported type %s", typ.Name(), f.Name, f.Type))
		}
		if c.sealed && c.kind != kindString && c.kind != kindDate {
			panic(fmt.Sprintf("store: %s.%s: only text can be sealed", typ.Name(), f.Name))
		}
		def.cols = append(def.cols, c)
		def.sealed = def.sealed || c.sealed
	}
	for i := range def.cols {
		def.byCol[def.cols[i].name] = &def.cols[i]
	}
	return def
}

// timeLayout is how instants are stored: UTC, millisecond precision, so
// that text order is time order.
const timeLayout = "2006-01-02T15:04:05.000Z"

// formatTime stores t, or "" for the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// parseTime reads what formatTime wrote (and, leniently, any RFC 3339 time).
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a time", s)
	}
	return t.UTC(), nil
}

// plainValues returns the SQLite-native value of every column of rec (a
// pointer to the table's struct), before sealing.
func (t *tableDef) plainValues(rec reflect.Value) map[string]any {
	out := make(map[string]any, len(t.cols))
	for _, c := range t.cols {
		out[c.name] = c.toSQL(rec.Field(c.field))
	}
	return out
}

func (c *colDef) toSQL(v reflect.Value) any {
	switch c.kind {
	case kindString:
		return v.String()
	case kindBool:
		if v.Bool() {
			return int64(1)
		}
		return int64(0)
	case kindInt:
		return v.Int()
	case kindFloatPtr:
		if v.IsNil() {
			return nil
		}
		return v.Elem().Float()
	case kindDate:
		return v.Interface().(data.Date).String()
	case kindTime:
		return formatTime(v.Interface().(time.Time))
	case kindStrings:
		return strings.Join(v.Interface().([]string), ",")
	}
	panic("unreachable")
}

// fromSQL sets the struct field v from a plain (opened) SQLite value.
func (c *colDef) fromSQL(v reflect.Value, val any) error {
	switch c.kind {
	case kindString:
		v.SetString(asString(val))
	case kindBool:
		v.SetBool(asInt(val) != 0)
	case kindInt:
		v.SetInt(asInt(val))
	case kindFloatPtr:
		if val == nil {
			v.Set(reflect.Zero(v.Type()))
			return nil
		}
		f := asFloat(val)
		v.Set(reflect.ValueOf(&f))
	case kindDate:
		s := asString(val)
		if s == "" {
			v.Set(reflect.ValueOf(data.Date{}))
			return nil
		}
		d, err := data.ParseDate(s)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(d))
	case kindTime:
		t, err := parseTime(asString(val))
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(t))
	case kindStrings:
		s := asString(val)
		if s == "" {
			v.Set(reflect.Zero(v.Type()))
			return nil
		}
		v.Set(reflect.ValueOf(strings.Split(s, ",")))
	}
	return nil
}

func asString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

func asInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	case bool:
		if x {
			return 1
		}
	}
	return 0
}

func asFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

// normalizeValue converts a value that arrived from JSON (sync, the outbox)
// to the SQLite-native type the column holds.
func (c *colDef) normalizeValue(v any) (any, error) {
	switch c.kind {
	case kindString, kindDate, kindTime, kindStrings:
		s, ok := v.(string)
		if !ok && v != nil {
			return nil, fmt.Errorf("column %s wants text, got %T", c.name, v)
		}
		return s, nil
	case kindBool, kindInt:
		switch x := v.(type) {
		case int64:
			return x, nil
		case float64:
			return int64(x), nil
		case bool:
			return asInt(x), nil
		case nil:
			return int64(0), nil
		}
		return nil, fmt.Errorf("column %s wants a number, got %T", c.name, v)
	case kindFloatPtr:
		switch x := v.(type) {
		case nil:
			return nil, nil
		case int64:
			return float64(x), nil
		case float64:
			return x, nil
		}
		return nil, fmt.Errorf("column %s wants a number, got %T", c.name, v)
	}
	panic("unreachable")
}
