package main

import (
	"flag"
	"fmt"
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
	if dev, ok, err := st.SyncDevice(e.ctx); err == nil && ok && !dev.SharesTable("dir_services") {
		fmt.Fprintln(e.stderr, "This profile is enrolled with a navigator's account, and the county server takes directory changes only from trainers and administrators: what you import stays on this computer, and the next sync will list each record as refused.")
	}
	rep, err := hsds.ImportPath(e.ctx, st, pos[0], hsds.Options{Source: *source, SkipInvalid: *skip})
	if err := hsds.SaveProblems(*report, rep, err); err != nil {
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
	hsds.WriteRejects(e.stdout, rep, *report)
	return nil
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
