package hsds

import (
	"reflect"
	"strings"

	"trellis/data"
)

type validator interface{ Validate() error }

// Check validates every record of d: ids are UUIDs, the fields HSDS
// requires are present, values are what the directory accepts, and
// references name records of d. It may normalise values (a language tag to
// its canonical form, a name trimmed of spaces).
func (d *Directory) Check() []Problem {
	var problems []Problem
	for _, t := range tables {
		s := t.records(d)
		for i := 0; i < s.Len(); i++ {
			problems = append(problems, d.checkRecord(t, s.Index(i))...)
		}
	}
	return append(problems, d.checkReferences(nil)...)
}

// checkRecord checks one record's own fields.
func (d *Directory) checkRecord(t *table, rec reflect.Value) []Problem {
	rid := id(rec)
	o := d.origins[key(t.name, rid)]
	var out []Problem
	reported := map[string]bool{}
	for _, f := range t.required {
		if strings.TrimSpace(t.cols[t.byName[f]].get(rec)) == "" {
			out = append(out, Problem{File: o.file, At: o.at, Record: t.name, ID: rid, Field: f, Code: CodeRequired}.done())
			reported[f] = true
		}
	}
	if v, ok := rec.Addr().Interface().(validator); ok {
		if err := v.Validate(); err != nil {
			for _, p := range fieldProblems(o, t.name, rid, err) {
				if !reported[p.Field] {
					out = append(out, p)
				}
			}
		}
	} else if !data.ValidID(rid) {
		out = append(out, idProblem(o, t.name, rid, "id", rid))
	}
	// HSDS identifiers are UUIDs, also those of records Trellis does not
	// keep (a phone's contact, a service's program); a tax id is not one.
	for _, c := range t.cols {
		if !strings.HasSuffix(c.name, "_id") || c.name == "tax_id" || reported[c.name] {
			continue
		}
		if v := c.get(rec); v != "" && !data.ValidID(v) && !hasField(out, c.name) {
			out = append(out, idProblem(o, t.name, rid, c.name, v))
		}
	}
	return out
}

func hasField(problems []Problem, field string) bool {
	for _, p := range problems {
		if p.Field == field {
			return true
		}
	}
	return false
}

// idProblem is the problem with the id v in a field of a record: missing,
// or not a UUID.
func idProblem(o origin, table, rid, field, v string) Problem {
	p := Problem{File: o.file, At: o.at, Record: table, ID: rid, Field: field, Code: CodeNotUUID, Value: v}
	if v == "" {
		p.Code = CodeRequired
	}
	return p.done()
}

// checkReferences reports references to records that are not in d, or
// that are in skip (rejected records).
func (d *Directory) checkReferences(skip map[string]bool) []Problem {
	ids := map[string]map[string]bool{}
	for _, t := range tables {
		s := t.records(d)
		m := make(map[string]bool, s.Len())
		for i := 0; i < s.Len(); i++ {
			if rid := id(s.Index(i)); !skip[key(t.name, rid)] {
				m[rid] = true
			}
		}
		ids[t.name] = m
	}
	rejected := map[string]bool{}
	for k := range skip {
		rejected[k[strings.IndexByte(k, '/')+1:]] = true
	}
	var out []Problem
	for _, t := range tables {
		s := t.records(d)
		for i := 0; i < s.Len(); i++ {
			rec := s.Index(i)
			rid := id(rec)
			if skip[key(t.name, rid)] {
				continue
			}
			// An attribute may tag a record outside the file, but not
			// one that was rejected.
			if t.name == "attribute" {
				if v := t.cols[t.byName["link_id"]].get(rec); rejected[v] {
					o := d.origins[key(t.name, rid)]
					out = append(out, Problem{File: o.file, At: o.at, Record: t.name, ID: rid, Field: "link_id", Code: CodeTaggedRejected, Value: v}.done())
					continue
				}
			}
			for _, r := range t.refs {
				v := t.cols[t.byName[r.field]].get(rec)
				if v == "" || ids[r.table][v] {
					continue
				}
				o := d.origins[key(t.name, rid)]
				p := Problem{File: o.file, At: o.at, Record: t.name, ID: rid, Field: r.field, Code: CodeUnknownRef, Target: r.table, Value: v}
				if skip[key(r.table, v)] {
					p.Code = CodeParentRejected
				}
				out = append(out, p.done())
			}
		}
	}
	return out
}

// withoutRejected returns d without the records problems name, and without
// every record that refers to a rejected one (with a problem added for
// each of those), so that what remains can be imported on its own.
func (d *Directory) withoutRejected(problems []Problem) (Directory, []Problem) {
	skip := map[string]bool{}
	for _, p := range problems {
		skip[key(p.Record, p.ID)] = true
	}
	for {
		more := d.checkReferences(skip)
		if len(more) == 0 {
			break
		}
		for _, p := range more {
			skip[key(p.Record, p.ID)] = true
		}
		problems = append(problems, more...)
	}
	out := Directory{origins: d.origins}
	for _, t := range tables {
		src, dst := t.records(d), t.records(&out)
		for i := 0; i < src.Len(); i++ {
			if !skip[key(t.name, id(src.Index(i)))] {
				dst.Set(reflect.Append(dst, src.Index(i)))
			}
		}
	}
	return out, problems
}
