package store

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"time"

	"trellis/data"
	"trellis/data/hlc"
)

// The checks of this file are the rules a change must meet wherever it is
// written: the laptop applies them to what it writes (Tx.Insert/Update run
// the record's Validate) and to what it receives (CheckChange, before
// applying a change from the server), and the county server to every
// mutation it is sent (CheckChange, then CheckRecord on the row as it
// would stand, then the references). They are declared once, by the table
// registry (tables.go: columns, their kinds and size limits, references)
// and the records' Validate methods.

// Size limits of what sync carries, in bytes. A text column holds at most
// maxTextBytes (every character limit of the records' Validate methods
// fits: MaxNote characters of any script), a column tagged "long" (a
// training material's body) at most maxLongBytes; one change at most
// maxRecordBytes in all, plus the long columns' allowance.
const (
	maxTextBytes   = 4 * data.MaxNote
	maxLongBytes   = 4 * data.MaxBody
	maxRecordBytes = 256 << 10
)

// MaxChangeBytes is the most a change to table may carry: the sum of its
// fields' sizes.
func MaxChangeBytes(table string) int {
	def := tableByName[table]
	if def == nil {
		return 0
	}
	return def.maxBytes
}

// maxBytes is a column's size limit.
func (c *colDef) maxBytes() int {
	switch c.kind {
	case kindDate:
		return len("2006-01-02")
	case kindTime:
		return len("2006-01-02T15:04:05.000000000+00:00")
	}
	if c.long {
		return maxLongBytes
	}
	return maxTextBytes
}

// CheckChange checks the fields of a change as sync carries them (values
// as JSON decodes them: string, float64, bool or nil, each with its
// timestamp): a synced table, known columns, for each a value of the
// column's type (a date or a time that parses, a whole number where the
// column holds one, an id or nothing in a column that refers to another
// record), a timestamp, and sizes within the table's limits. It returns a
// *data.ValidationError naming every field at fault, or another error for
// an unknown table.
func CheckChange(table string, fields map[string]data.FieldValue) error {
	def := tableByName[table]
	if def == nil {
		return fmt.Errorf("unknown table %q", table)
	}
	c := data.Checker{Kind: def.Kind}
	total := 0
	for _, col := range slices.Sorted(maps.Keys(fields)) {
		f := fields[col]
		if _, err := hlc.Parse(f.HLC); err != nil || f.HLC == "" {
			c.Add(col, data.CodeInvalidType, "timestamp")
			continue
		}
		if col == data.DeletedField {
			if !isFlag(f.Value) {
				c.Add(col, data.CodeInvalidType, typeName(f.Value))
			}
			continue
		}
		cd := def.byCol[col]
		if cd == nil {
			c.Add(col, data.CodeInvalidChoice, "column")
			continue
		}
		if s, ok := f.Value.(string); ok {
			total += len(s)
			if len(s) > cd.maxBytes() {
				c.Add(col, data.CodeTooLong, "")
				continue
			}
		}
		if code, ok := cd.checkValue(f.Value); !ok {
			c.Add(col, code, typeName(f.Value))
			continue
		}
		if def.isRef(col) {
			if id, _ := f.Value.(string); id != "" && !data.ValidID(id) {
				c.Add(col, data.CodeUnknownID, "")
			}
		}
	}
	if total > def.maxBytes {
		c.Add("*", data.CodeTooLong, "")
	}
	return c.Err()
}

// checkValue reports whether v (as JSON decodes it) is a value of the
// column's kind, and if not the code of what is wrong.
func (c *colDef) checkValue(v any) (string, bool) {
	switch c.kind {
	case kindString, kindStrings:
		if _, ok := v.(string); ok || v == nil {
			return "", true
		}
	case kindDate:
		s, ok := v.(string)
		if v == nil || ok && s == "" {
			return "", true
		}
		if ok {
			if _, err := data.ParseDate(s); err == nil {
				return "", true
			}
			return data.CodeInvalidDate, false
		}
	case kindTime:
		s, ok := v.(string)
		if v == nil || ok && s == "" {
			return "", true
		}
		if ok {
			if _, err := parseTime(s); err == nil {
				return "", true
			}
			return data.CodeInvalidDate, false
		}
	case kindBool:
		if isFlag(v) {
			return "", true
		}
	case kindInt:
		switch x := v.(type) {
		case nil:
			return "", true
		case float64:
			if x == math.Trunc(x) && math.Abs(x) <= 1<<53 {
				return "", true
			}
			return data.CodeOutOfRange, false
		case int64:
			return "", true
		}
	case kindFloatPtr:
		switch x := v.(type) {
		case nil, int64:
			return "", true
		case float64:
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				return "", true
			}
			return data.CodeOutOfRange, false
		}
	}
	return data.CodeInvalidType, false
}

// isFlag reports whether v is a yes/no value as sync carries one: a bool,
// 0 or 1, or nothing.
func isFlag(v any) bool {
	switch x := v.(type) {
	case nil, bool:
		return true
	case float64:
		return x == 0 || x == 1
	case int64:
		return x == 0 || x == 1
	}
	return false
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "text"
	case float64, int64:
		return "number"
	case bool:
		return "true/false"
	}
	return fmt.Sprintf("%T", v)
}

// isRef reports whether col refers to a record of another table.
func (t *tableDef) isRef(col string) bool {
	for _, r := range t.Refs {
		if r.Column == col {
			return true
		}
	}
	return false
}

// Reference is a column that names a record of another table.
type Reference struct {
	Column, Table string
}

// References lists the columns of table that name records of other
// tables.
func References(table string) []Reference {
	def := tableByName[table]
	if def == nil {
		return nil
	}
	out := make([]Reference, len(def.Refs))
	for i, r := range def.Refs {
		out[i] = Reference{r.Column, r.Table}
	}
	return out
}

// CheckRecord runs the record's own rules (its Validate method, the one a
// local write runs) on a row given as column values as sync carries them,
// each already accepted by CheckChange. For a new row every error counts;
// for an existing one only errors of the columns in changed, so that a
// value stored before a rule existed does not block every later edit of
// the row. now is the time to judge dates by.
func CheckRecord(table string, values map[string]any, changed map[string]bool, isNew bool, now time.Time) error {
	def := tableByName[table]
	if def == nil {
		return fmt.Errorf("unknown table %q", table)
	}
	rec := reflect.New(def.Type)
	for i := range def.cols {
		c := &def.cols[i]
		v, ok := values[c.name]
		if !ok {
			continue
		}
		n, err := c.normalizeValue(v)
		if err != nil {
			continue // CheckChange refuses it, or it is an old stored value
		}
		if err := c.fromSQL(rec.Elem().Field(c.field), n); err != nil {
			continue
		}
	}
	var err error
	switch v := rec.Interface().(type) {
	case validatorNow:
		err = v.Validate(now)
	case validator:
		err = v.Validate()
	}
	ve, ok := err.(*data.ValidationError)
	if !ok || isNew {
		return err
	}
	var kept []data.FieldError
	for _, f := range ve.Fields {
		if changed[f.Field] {
			kept = append(kept, f)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return &data.ValidationError{Kind: ve.Kind, Fields: kept}
}
