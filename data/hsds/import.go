package hsds

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"

	"trellis/data"
	"trellis/data/store"
)

// Options configure Import.
type Options struct {
	// Source is where the records come from, shown with each service
	// ("county directory", a file name). Services that carry their own
	// source (x_trellis_source) keep it. Empty means the file's name.
	Source string
	// SkipInvalid imports the valid records and leaves out the rejected
	// ones (and every record that depends on one), listing them in
	// Report.Rejected. Without it, any problem means nothing is imported.
	SkipInvalid bool
	// Progress, if set, is called as records are written.
	Progress func(done, total int)
}

// Report says what an import did.
type Report struct {
	Source      string         `json:"source"`
	Records     map[string]int `json:"records"`          // records written, by HSDS table
	Added       int            `json:"services_added"`   // services new to the directory
	Updated     int            `json:"services_updated"` // services already there, refreshed in place
	Deactivated []string       `json:"services_deactivated,omitempty"`
	Removed     int            `json:"records_removed"` // phones, schedules, ... of imported records that the new file no longer has
	Rejected    []Problem      `json:"rejected,omitempty"`
}

// ImportPath loads the HSDS directory at path (see Load) and imports it.
func ImportPath(ctx context.Context, st *store.Store, path string, opts Options) (Report, error) {
	d, problems, err := Load(path)
	if err != nil {
		return Report{}, err
	}
	if opts.Source == "" {
		p := filepath.Clean(path)
		if filepath.Base(p) == "datapackage.json" {
			p = filepath.Dir(p)
		}
		opts.Source = filepath.Base(p)
	}
	return importDirectory(ctx, st, d, problems, opts)
}

// Import writes d into the store in one transaction: records are added or
// updated in place by their HSDS id; services in the store that d does not
// have become inactive (referrals point to them, so they are not
// deleted); the phones, languages, schedules, service areas, cost options,
// documents, addresses, locations links and categories of d's records that
// d no longer lists are removed. Translations are replaced only when d
// carries any. If d has problems, nothing is written and the error is an
// *InvalidError, unless opts.SkipInvalid.
func Import(ctx context.Context, st *store.Store, d Directory, opts Options) (Report, error) {
	if opts.Source == "" {
		opts.Source = "HSDS"
	}
	return importDirectory(ctx, st, d, nil, opts)
}

func importDirectory(ctx context.Context, st *store.Store, d Directory, problems []Problem, opts Options) (Report, error) {
	problems = append(problems, d.Check()...)
	rep := Report{Source: opts.Source, Records: map[string]int{}}
	if len(problems) > 0 {
		if !opts.SkipInvalid {
			rep.Rejected = problems
			return rep, &InvalidError{Problems: problems}
		}
		d, problems = d.withoutRejected(problems)
		rep.Rejected = problems
	}
	if len(d.Services) == 0 {
		none := Problem{Code: CodeNoneValid}.done()
		return rep, &InvalidError{Problems: append([]Problem{none}, problems...), Unreadable: true}
	}
	inFile := map[string]bool{}
	for _, t := range tables {
		s := t.records(&d)
		for i := 0; i < s.Len(); i++ {
			inFile[id(s.Index(i))] = true
		}
	}
	total := d.Len()
	err := st.Write(ctx, func(tx *store.Tx) error {
		rep.Records = map[string]int{}
		rep.Added, rep.Updated, rep.Deactivated, rep.Removed = 0, 0, nil, 0
		before, err := store.AllTx[data.Service](tx)
		if err != nil {
			return err
		}
		existing := make(map[string]bool, len(before))
		for _, s := range before {
			existing[s.ID] = true
		}
		// Children first leave the file's records exactly as the file has
		// them; the rest is written over them.
		if err := removeDropped(tx, &d, inFile, &rep); err != nil {
			return err
		}
		done := 0
		for _, t := range tables {
			s := t.records(&d)
			for i := 0; i < s.Len(); i++ {
				if done%256 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
					if opts.Progress != nil {
						opts.Progress(done, total)
					}
				}
				rec := reflect.New(t.typ)
				rec.Elem().Set(s.Index(i))
				if svc, ok := rec.Interface().(*data.Service); ok {
					if svc.Source == "" {
						svc.Source = opts.Source
					}
					if existing[svc.ID] {
						rep.Updated++
					} else {
						rep.Added++
					}
				}
				if err := tx.Upsert(rec.Interface()); err != nil {
					var ve *data.ValidationError
					if !errors.As(err, &ve) {
						return err
					}
					o := d.origins[key(t.name, id(s.Index(i)))]
					return &InvalidError{Problems: fieldProblems(o, t.name, id(s.Index(i)), err)}
				}
				rep.Records[t.name]++
				done++
			}
		}
		for _, s := range before {
			if inFile[s.ID] || s.Status == data.ServiceInactive || s.Status == data.ServiceDefunct {
				continue
			}
			s.Status = data.ServiceInactive
			if err := tx.Update(&s); err != nil {
				return err
			}
			rep.Deactivated = append(rep.Deactivated, s.ID)
		}
		if opts.Progress != nil {
			opts.Progress(total, total)
		}
		return nil
	})
	return rep, err
}

// removeDropped deletes the records that belong to a record of d (a
// service's phones, a location's addresses, ...) but that d no longer
// lists.
func removeDropped(tx *store.Tx, d *Directory, inFile map[string]bool, rep *Report) error {
	for _, t := range tables {
		owners := ownerFields(t)
		if len(owners) == 0 || t.name == TranslationsTable && len(d.Translations) == 0 {
			continue
		}
		recs, err := t.allTx(tx)
		if err != nil {
			return err
		}
		for i := 0; i < recs.Len(); i++ {
			rec := recs.Index(i)
			if inFile[id(rec)] {
				continue
			}
			owned := false
			for _, f := range owners {
				if v := t.cols[t.byName[f]].get(rec); v != "" && inFile[v] {
					owned = true
				}
			}
			if !owned {
				continue
			}
			if err := tx.Delete(t.storeName, id(rec)); err != nil {
				return err
			}
			rep.Removed++
		}
	}
	return nil
}

// ownerFields lists the fields naming the records a record of t belongs
// to. Organizations, services, locations and taxonomies belong to no one.
func ownerFields(t *table) []string {
	switch t.name {
	case "organization", "service", "location", "taxonomy", "taxonomy_term":
		return nil
	case "attribute":
		return []string{"link_id"}
	}
	var out []string
	for _, r := range t.refs {
		out = append(out, r.field)
	}
	return out
}
