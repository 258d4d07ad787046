package hsds

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"trellis/data"
)

// Problem is one thing wrong with an HSDS input: which file, where in it
// (a CSV row, counting the header as row 1, or a JSON path such as
// $.contents[0].phones[1]), which record and field, and what is wrong: a
// Code for the kind of problem, its parameters, and a Message in English
// (for logs and command lines; the app words it in the user's language
// from the Code and parameters).
type Problem struct {
	File   string `json:"file"`
	Where  string `json:"where,omitempty"`  // At, in English
	Record string `json:"record,omitempty"` // HSDS table: "service", "phone", ...
	ID     string `json:"id,omitempty"`
	Field  string `json:"field,omitempty"`
	Code   Code   `json:"code"`
	At     Place  `json:"at"`

	// Parameters, as the Code's comment says which.
	Value    string `json:"value,omitempty"`    // the offending value
	Expected Kind   `json:"expected,omitempty"` // the type of value the field takes
	Found    Kind   `json:"found,omitempty"`    // the type of value found
	Target   string `json:"target,omitempty"`   // the HSDS table a reference points to, or that a file holds
	Other    Place  `json:"other,omitempty"`    // where else a duplicate id is used
	Got      int    `json:"got,omitempty"`      // fields in a CSV row
	Want     int    `json:"want,omitempty"`     // fields in the CSV header
	Limit    int    `json:"limit,omitempty"`    // the most characters a field may have
	Detail   string `json:"detail,omitempty"`   // a parser's or the system's own words, in English

	Message string `json:"message"`
}

// done fills in Where and Message from the other fields.
func (p Problem) done() Problem {
	p.Where = p.At.String()
	p.Message = p.english()
	return p
}

// String renders the problem on one line, for people.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" || p.Where != "" {
		b.WriteString(p.File)
		if p.Where != "" {
			b.WriteString(" " + p.Where)
		}
		b.WriteString(": ")
	}
	if p.Record != "" {
		b.WriteString(p.Record)
		if p.ID != "" {
			b.WriteString(" " + p.ID)
		}
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// InvalidError is returned when an input has problems and nothing was
// imported.
type InvalidError struct {
	Problems []Problem
	// Unreadable is set when the input as a whole could not be read as
	// HSDS (not JSON or CSV, not HSDS, no services), so that leaving out
	// the bad records cannot help.
	Unreadable bool
}

// RecordsOnly reports whether the problems are with single records, so
// that importing with SkipInvalid would bring in the rest.
func (e *InvalidError) RecordsOnly() bool { return !e.Unreadable && len(e.Problems) > 0 }

// maxListed is how many problems an InvalidError's message lists.
const maxListed = 10

func (e *InvalidError) Error() string {
	var b strings.Builder
	if len(e.Problems) == 1 {
		b.WriteString("the HSDS input has a problem; nothing was imported:")
	} else {
		fmt.Fprintf(&b, "the HSDS input has %d problems; nothing was imported:", len(e.Problems))
	}
	for i, p := range e.Problems {
		if i == maxListed {
			fmt.Fprintf(&b, "\n  ... and %d more", len(e.Problems)-maxListed)
			break
		}
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// WriteProblems writes problems as CSV with a header row (file, where,
// record, id, field, code, message): the rejects report a county admin can
// open in a spreadsheet, in English, with each problem's Code for scripts.
func WriteProblems(w io.Writer, problems []Problem) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"file", "where", "record", "id", "field", "code", "message"})
	for _, p := range problems {
		cw.Write([]string{p.File, p.Where, p.Record, p.ID, p.Field, string(p.Code), p.Message})
	}
	cw.Flush()
	return cw.Error()
}

// WriteProblemsFile writes problems to a new CSV file at path (see
// WriteProblems).
func WriteProblemsFile(path string, problems []Problem) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := WriteProblems(f, problems); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// SaveProblems handles the problems of an import for a command line: if
// reportPath is set and the import (rep, err) had problems (rejected
// records, or an *InvalidError's), they are written there as CSV. It
// returns err, saying where the problems were written.
func SaveProblems(reportPath string, rep Report, err error) error {
	problems := rep.Rejected
	var ie *InvalidError
	if errors.As(err, &ie) {
		problems = ie.Problems
	}
	if reportPath == "" || len(problems) == 0 {
		return err
	}
	if werr := WriteProblemsFile(reportPath, problems); werr != nil {
		return errors.Join(err, werr)
	}
	if err != nil {
		return fmt.Errorf("%w\n(every problem is listed in %s)", err, reportPath)
	}
	return nil
}

// WriteRejects tells people about the records an import with SkipInvalid
// left out: where they are listed (reportPath), or each of them.
func WriteRejects(w io.Writer, rep Report, reportPath string) {
	n := len(rep.Rejected)
	switch {
	case n == 0:
	case reportPath != "":
		fmt.Fprintf(w, "%d records were rejected; they are listed in %s.\n", n, reportPath)
	default:
		fmt.Fprintf(w, "%d records were rejected:\n", n)
		for _, p := range rep.Rejected {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
}

// jsonNumber is how numbers arrive from the JSON decoder.
type jsonNumber = json.Number

// fieldProblems turns a record's validation error into problems.
func fieldProblems(o origin, table, id string, err error) []Problem {
	ve, ok := err.(*data.ValidationError)
	if !ok {
		return []Problem{Problem{File: o.file, At: o.at, Record: table, ID: id, Code: CodeInvalid, Detail: err.Error()}.done()}
	}
	out := make([]Problem, 0, len(ve.Fields))
	for _, f := range ve.Fields {
		p := Problem{File: o.file, At: o.at, Record: table, ID: id, Field: f.Field, Code: fieldCodes[f.Code], Value: f.Value, Limit: f.Limit}
		if p.Code == "" { // a check the directory's records do not make yet
			p.Code, p.Detail = CodeInvalid, f.Error()
		}
		out = append(out, p.done())
	}
	return out
}
