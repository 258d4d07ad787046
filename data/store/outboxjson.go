package store

import (
	"encoding/json"
	"sort"
	"strconv"
)

// outboxFields encodes a change's fields as the outbox stores them: the
// JSON of map[column]data.FieldValue, every field stamped with stamp. It
// writes what encoding/json writes for that map (keys sorted), without
// reflection: the outbox gets one of these for every row written.
func outboxFields(values map[string]any, stamp string) ([]byte, error) {
	cols := make([]string, 0, len(values))
	for col := range values {
		cols = append(cols, col)
	}
	sort.Strings(cols)
	hlc, err := json.Marshal(stamp)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, 64*len(cols))
	b = append(b, '{')
	for i, col := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, col)
		b = append(b, `:{"value":`...)
		switch v := values[col].(type) {
		case nil:
			b = append(b, "null"...)
		case string:
			b = appendJSONString(b, v)
		case int64:
			b = strconv.AppendInt(b, v, 10)
		default:
			enc, err := json.Marshal(v)
			if err != nil {
				return nil, err
			}
			b = append(b, enc...)
		}
		b = append(b, `,"hlc":`...)
		b = append(b, hlc...)
		b = append(b, '}')
	}
	return append(b, '}'), nil
}

// jsonPlain reports whether s is written in JSON exactly as it is, between
// quotes: printable ASCII with nothing to escape.
func jsonPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// appendJSONString appends s as a JSON string, as encoding/json writes it.
func appendJSONString(b []byte, s string) []byte {
	if jsonPlain(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	enc, _ := json.Marshal(s)
	return append(b, enc...)
}
