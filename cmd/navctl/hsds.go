package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"trellis/data/hsds"
)

func init() {
	register(&command{name: "import hsds", args: "PATH [--skip-invalid] [--report FILE] [--source NAME]",
		summary: "import an HSDS 3.0 directory: a JSON file, or a folder with datapackage.json",
		run:     importHSDS})
	register(&command{name: "export hsds", args: "DIR [--format json|csv]",
		summary: "export the service directory as HSDS 3.0 into DIR (both formats unless --format)",
		run:     exportHSDS})
}

func importHSDS(e *env, args []string) error {
	fs := flag.NewFlagSet("import hsds", flag.ContinueOnError)
	skip := fs.Bool("skip-invalid", false, "import the valid records and list the rejected ones")
	report := fs.String("report", "", "write the rejected records to this CSV file")
	source := fs.String("source", "", "where the directory comes from, shown with each service (default: the file's name)")
	pos, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one PATH: an HSDS JSON file, or a folder holding datapackage.json")
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	rep, err := hsds.ImportPath(e.ctx, st, pos[0], hsds.Options{Source: *source, SkipInvalid: *skip})
	problems := rep.Rejected
	var ie *hsds.InvalidError
	if errors.As(err, &ie) {
		problems = ie.Problems
	}
	if *report != "" && len(problems) > 0 {
		if werr := writeProblems(*report, problems); werr != nil {
			return werr
		}
	}
	if err != nil {
		if *report != "" && len(problems) > 0 {
			return fmt.Errorf("%w\n(every problem is listed in %s)", err, *report)
		}
		return err
	}
	if e.json {
		return e.printJSON(rep)
	}
	fmt.Fprintf(e.stdout, "Imported %d services from %s: %d new, %d updated.\n", rep.Added+rep.Updated, rep.Source, rep.Added, rep.Updated)
	fmt.Fprintf(e.stdout, "Records written: %s.\n", countsText(rep.Records))
	if n := len(rep.Deactivated); n > 0 {
		fmt.Fprintf(e.stdout, "%d services that the file no longer has are now inactive.\n", n)
	}
	if rep.Removed > 0 {
		fmt.Fprintf(e.stdout, "%d phones, schedules and other details that the file no longer has were removed.\n", rep.Removed)
	}
	if n := len(rep.Rejected); n > 0 {
		if *report != "" {
			fmt.Fprintf(e.stdout, "%d records were rejected; they are listed in %s.\n", n, *report)
		} else {
			fmt.Fprintf(e.stdout, "%d records were rejected:\n", n)
			for _, p := range rep.Rejected {
				fmt.Fprintf(e.stdout, "  %s\n", p)
			}
		}
	}
	return nil
}

func writeProblems(path string, problems []hsds.Problem) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := hsds.WriteProblems(f, problems); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// countsText lists record counts by table: "12 service, 30 phone".
func countsText(counts map[string]int) string {
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%d %s", counts[n], strings.ReplaceAll(n, "_", " "))
	}
	return strings.Join(parts, ", ")
}

func exportHSDS(e *env, args []string) error {
	fs := flag.NewFlagSet("export hsds", flag.ContinueOnError)
	format := fs.String("format", "", "json or csv (default: both)")
	pos, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one DIR to write the directory into")
	}
	if *format != "" && *format != hsds.FormatJSON && *format != hsds.FormatCSV {
		return usagef("--format must be json or csv, not %q", *format)
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	files, err := hsds.Export(e.ctx, st, pos[0], *format)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"files": files})
	}
	fmt.Fprintf(e.stdout, "Wrote %d files to %s.\n", len(files), pos[0])
	return nil
}
