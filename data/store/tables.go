package store

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"trellis/data"
	"trellis/data/registry"
)

// group says which in-memory index a table feeds, so that a write to it
// marks that index stale.
type group string

const (
	groupFamilies  group = "families"
	groupDirectory group = "directory"
	groupNone      group = ""
)

// tableDef describes one synced table (declared in data/registry) and
// how the store keeps it.
type tableDef struct {
	*registry.Table          // Name, Kind, Type (the data.* struct), Refs, ...
	cols            []colDef // every column but id, in struct order
	byCol           map[string]*colDef
	group           group
	// sealed says whether any column passes through the Codec.
	sealed bool
	// maxBytes is the most one change to the table may carry (the sum of
	// its fields' sizes; see check.go).
	maxBytes int
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
	long   bool // may hold a long text (see check.go), tagged "long"
}

// familyIndexTables feed the in-memory family search.
var familyIndexTables = map[string]bool{"households": true, "members": true}

// tables are the store's definitions of the registry's tables, in its order.
var tables = defineAll()

var (
	tableByName = map[string]*tableDef{}
	tableByType = map[reflect.Type]*tableDef{}
)

func init() {
	for _, t := range tables {
		tableByName[t.Name] = t
		tableByType[t.Type] = t
	}
}

// defineAll builds the definition of every table of the registry.
func defineAll() []*tableDef {
	var out []*tableDef
	for _, t := range registry.Tables() {
		g := groupNone
		switch {
		case familyIndexTables[t.Name]:
			g = groupFamilies
		case t.Scope == registry.Directory:
			g = groupDirectory
		}
		out = append(out, define(t, g))
	}
	return out
}

var (
	dateType = reflect.TypeOf(data.Date{})
	timeType = reflect.TypeOf(time.Time{})
)

// define builds the store's definition of a registry table, with how
// each column's Go type is stored.
func define(t *registry.Table, g group) *tableDef {
	typ := t.Type
	def := &tableDef{Table: t, group: g, byCol: map[string]*colDef{}}
	for _, rc := range t.Columns {
		f := typ.Field(rc.Field)
		c := colDef{name: rc.Name, field: rc.Field, sealed: rc.Sealed, long: rc.Long}
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
	def.maxBytes = maxRecordBytes
	for i := range def.cols {
		def.byCol[def.cols[i].name] = &def.cols[i]
		if def.cols[i].long {
			def.maxBytes += maxLongBytes
		}
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
