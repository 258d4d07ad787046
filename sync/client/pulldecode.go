package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"trellis/sync"
	"unicode/utf8"
)

// decodePulled decodes a pull reply into r with the result encoding/json
// would give, several times faster: a first sync receives hundreds of
// thousands of changes. A fast pass reads the reply as the server writes
// it; anything else (keys it does not know, repeated keys, escaped keys,
// nulls, objects as values, damaged input) is left to encoding/json, which
// also words the errors.
func decodePulled(b []byte, r *PulledReply) error {
	d := pullDecoder{b: b}
	if err := d.reply(r); err == nil {
		return nil
	}
	*r = PulledReply{}
	return json.NewDecoder(bytes.NewReader(b)).Decode(r)
}

// errSlowPath sends a reply the fast pass does not handle to encoding/json.
var errSlowPath = errors.New("not the usual form")

type pullDecoder struct {
	b []byte
	i int
	// names keeps one copy of the strings that repeat in every change:
	// tables, columns and timestamps.
	names map[string]string
	// columns is how many fields the last change had: the next one's map
	// is made that size, so it need not grow.
	columns int
}

// name returns the string of b, the same copy for the same text.
func (d *pullDecoder) name(b []byte) string {
	if s, ok := d.names[string(b)]; ok {
		return s
	}
	if d.names == nil {
		d.names = map[string]string{}
	}
	s := string(b)
	d.names[s] = s
	return s
}

// nameString reads a string that is likely to repeat.
func (d *pullDecoder) nameString() (string, error) {
	start := d.i
	if b, err := d.plainString(); err == nil {
		return d.name(b), nil
	}
	d.i = start
	return d.str()
}

func (d *pullDecoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// next skips white space and consumes c.
func (d *pullDecoder) next(c byte) bool {
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// object reads an object whose keys are plain strings, calling field for
// each key (positioned at its value).
func (d *pullDecoder) object(field func(key []byte) error) error {
	if !d.next('{') {
		return errSlowPath
	}
	if d.next('}') {
		return nil
	}
	for {
		key, err := d.plainString()
		if err != nil {
			return err
		}
		if !d.next(':') {
			return errSlowPath
		}
		d.ws()
		if err := field(key); err != nil {
			return err
		}
		if d.next(',') {
			continue
		}
		if d.next('}') {
			return nil
		}
		return errSlowPath
	}
}

// array reads an array, calling elem for each element.
func (d *pullDecoder) array(elem func() error) error {
	if !d.next('[') {
		return errSlowPath
	}
	if d.next(']') {
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		if d.next(',') {
			continue
		}
		if d.next(']') {
			return nil
		}
		return errSlowPath
	}
}

// plainString reads a string without escapes, as bytes of the input.
func (d *pullDecoder) plainString() ([]byte, error) {
	d.ws()
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return nil, errSlowPath
	}
	start := d.i + 1
	for j := start; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			d.i = j + 1
			return d.b[start:j], nil
		case c == '\\' || c < 0x20 || c >= 0x80:
			return nil, errSlowPath
		}
	}
	return nil, errSlowPath
}

// str reads a string, escapes and all.
func (d *pullDecoder) str() (string, error) {
	d.ws()
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return "", errSlowPath
	}
	start := d.i + 1
	ascii := true
	for j := start; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			s := d.b[start:j]
			if !ascii && !utf8.Valid(s) {
				return "", errSlowPath // encoding/json would replace the bad bytes
			}
			d.i = j + 1
			return string(s), nil
		case c == '\\':
			return d.escapedString()
		case c < 0x20:
			return "", errSlowPath
		case c >= 0x80:
			ascii = false
		}
	}
	return "", errSlowPath
}

// escapedString reads a string with escapes through encoding/json.
func (d *pullDecoder) escapedString() (string, error) {
	start := d.i
	for j := start + 1; j < len(d.b); j++ {
		switch d.b[j] {
		case '\\':
			j++
		case '"':
			var s string
			if err := json.Unmarshal(d.b[start:j+1], &s); err != nil {
				return "", errSlowPath
			}
			d.i = j + 1
			return s, nil
		}
	}
	return "", errSlowPath
}

// number returns the text of a JSON number.
func (d *pullDecoder) number() ([]byte, error) {
	d.ws()
	start, j := d.i, d.i
	digits := func() bool {
		k := j
		for j < len(d.b) && d.b[j] >= '0' && d.b[j] <= '9' {
			j++
		}
		return j > k
	}
	if j < len(d.b) && d.b[j] == '-' {
		j++
	}
	if j < len(d.b) && d.b[j] == '0' {
		j++
	} else if j >= len(d.b) || d.b[j] < '1' || d.b[j] > '9' || !digits() {
		return nil, errSlowPath
	}
	if j < len(d.b) && d.b[j] == '.' {
		j++
		if !digits() {
			return nil, errSlowPath
		}
	}
	if j < len(d.b) && (d.b[j] == 'e' || d.b[j] == 'E') {
		j++
		if j < len(d.b) && (d.b[j] == '+' || d.b[j] == '-') {
			j++
		}
		if !digits() {
			return nil, errSlowPath
		}
	}
	d.i = j
	return d.b[start:j], nil
}

func (d *pullDecoder) int64() (int64, error) {
	tok, err := d.number()
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(string(tok), 10, 64)
	if err != nil {
		return 0, errSlowPath
	}
	return n, nil
}

// literal consumes word (true, false or null) if it comes next.
func (d *pullDecoder) literal(word string) bool {
	d.ws()
	if bytes.HasPrefix(d.b[d.i:], []byte(word)) {
		d.i += len(word)
		return true
	}
	return false
}

func (d *pullDecoder) bool() (bool, error) {
	switch {
	case d.literal("true"):
		return true, nil
	case d.literal("false"):
		return false, nil
	}
	return false, errSlowPath
}

// value reads a field's value: a string, number, boolean or null.
func (d *pullDecoder) value() (any, error) {
	d.ws()
	if d.i >= len(d.b) {
		return nil, errSlowPath
	}
	switch c := d.b[d.i]; {
	case c == '"':
		return d.str()
	case c == '-' || c >= '0' && c <= '9':
		tok, err := d.number()
		if err != nil {
			return nil, err
		}
		f, err := strconv.ParseFloat(string(tok), 64)
		if err != nil {
			return nil, errSlowPath
		}
		return f, nil
	case d.literal("null"):
		return nil, nil
	}
	return d.bool()
}

// once refuses a key seen before in the same object.
func once(seen *uint8, bit uint8) error {
	if *seen&bit != 0 {
		return errSlowPath
	}
	*seen |= bit
	return nil
}

func (d *pullDecoder) reply(r *PulledReply) error {
	var seen uint8
	err := d.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "scopes":
			if err = once(&seen, 1); err == nil {
				r.Scopes = []PulledPage{}
				err = d.array(func() error {
					r.Scopes = append(r.Scopes, PulledPage{})
					return d.page(&r.Scopes[len(r.Scopes)-1])
				})
			}
		case "server_time":
			if err = once(&seen, 2); err == nil {
				r.ServerTime, err = d.str()
			}
		default:
			err = errSlowPath
		}
		return err
	})
	if err != nil || seen&1 == 0 {
		return errSlowPath
	}
	d.ws()
	if d.i != len(d.b) {
		return errSlowPath
	}
	return nil
}

func (d *pullDecoder) page(p *PulledPage) error {
	var seen uint8
	return d.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "scope":
			if err = once(&seen, 1); err == nil {
				p.Scope, err = d.str()
			}
		case "changes":
			if err = once(&seen, 2); err == nil {
				p.Changes = []PulledChange{}
				err = d.array(func() error {
					p.Changes = append(p.Changes, PulledChange{})
					return d.change(&p.Changes[len(p.Changes)-1])
				})
			}
		case "next_after":
			if err = once(&seen, 4); err == nil {
				p.NextAfter, err = d.int64()
			}
		case "has_more":
			if err = once(&seen, 8); err == nil {
				p.HasMore, err = d.bool()
			}
		default:
			err = errSlowPath
		}
		return err
	})
}

func (d *pullDecoder) change(c *PulledChange) error {
	var seen uint8
	return d.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "seq":
			if err = once(&seen, 1); err == nil {
				c.Seq, err = d.int64()
			}
		case "table":
			if err = once(&seen, 2); err == nil {
				c.Table, err = d.nameString()
			}
		case "row":
			if err = once(&seen, 4); err == nil {
				c.Row, err = d.str()
			}
		case "fields":
			if err = once(&seen, 8); err == nil {
				c.Fields = make(map[string]sync.Field, d.columns)
				err = d.object(func(col []byte) error {
					var f sync.Field
					if err := d.field(&f); err != nil {
						return err
					}
					n := len(c.Fields)
					if c.Fields[d.name(col)] = f; len(c.Fields) == n {
						return errSlowPath // a column given twice
					}
					return nil
				})
				d.columns = len(c.Fields)
			}
		default:
			err = errSlowPath
		}
		return err
	})
}

func (d *pullDecoder) field(f *sync.Field) error {
	var seen uint8
	return d.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "value":
			if err = once(&seen, 1); err == nil {
				f.Value, err = d.value()
			}
		case "hlc":
			if err = once(&seen, 2); err == nil {
				f.HLC, err = d.nameString()
			}
		case "was":
			if err = once(&seen, 4); err == nil {
				f.Was, err = d.str()
			}
		default:
			err = errSlowPath
		}
		return err
	})
}
