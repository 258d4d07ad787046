package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"trellis/data"
	"trellis/data/store"
)

// settingNavigator is the profile setting where the app keeps the
// navigator's name; navctl uses it when --navigator is not given.
const settingNavigator = "navigator_name"

// fieldError is a bad value typed on the command line for a record's
// field: reported like the store's own validation errors, with exit 1.
func fieldError(kind, field, code, value string) error {
	return &data.ValidationError{Kind: kind, Fields: []data.FieldError{{Field: field, Code: code, Value: value}}}
}

// parseDate reads an optional YYYY-MM-DD flag value for a field.
func parseDate(kind, field, s string) (data.Date, error) {
	if s == "" {
		return data.Date{}, nil
	}
	d, err := data.ParseDate(s)
	if err != nil {
		return data.Date{}, fieldError(kind, field, data.CodeInvalidDate, s)
	}
	return d, nil
}

// parseTime reads an instant given as a date (taken as noon UTC) or as an
// RFC 3339 time.
func parseTime(kind, field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := data.ParseDate(s)
	if err != nil {
		return time.Time{}, fieldError(kind, field, data.CodeInvalidDate, s)
	}
	return d.Time().Add(12 * time.Hour), nil
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// positional checks the number of positional arguments.
func positional(args []string, names ...string) error {
	if len(args) != len(names) {
		return usagef("want %d argument(s) (%s), got %d", len(names), strings.Join(names, ", "), len(args))
	}
	return nil
}

// navigatorName returns the --navigator value, else the profile's
// navigator setting.
func (e *env) navigatorName(st *store.Store, flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	return st.Setting(e.ctx, settingNavigator)
}

// table writes aligned columns to stdout.
func (e *env) table(header ...string) *tabwriter.Writer {
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	return tw
}

// row writes one tab-separated row.
func row(tw *tabwriter.Writer, cells ...string) { fmt.Fprintln(tw, strings.Join(cells, "\t")) }

// ageText writes an age in months the way navigators say it.
func ageText(months int) string {
	switch {
	case months < 0:
		return "?"
	case months < 24:
		return strconv.Itoa(months) + " mo"
	}
	return fmt.Sprintf("%d y %d mo", months/12, months%12)
}

// orDash shows an empty value as "-".
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// isNotFound reports whether err says a record does not exist.
func isNotFound(err error) bool { return errors.Is(err, data.ErrNotFound) }

// begin parses a command's flags, checks that exactly the named
// positional arguments were given, and opens the store.
func (e *env) begin(fs *flag.FlagSet, args []string, names ...string) ([]string, *store.Store, error) {
	rest, err := flags(fs, args)
	if err != nil {
		return nil, nil, err
	}
	if err := positional(rest, names...); err != nil {
		return nil, nil, err
	}
	st, err := e.store()
	return rest, st, err
}
