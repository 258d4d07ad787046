package main

import (
	"context"
	"fmt"
	"trellis/sync/server"

	"trellis/data/hsds"
	"trellis/data/store"
)

func init() {
	commands = append(commands, &command{"directory import",
		"--db DB [--source NAME] [--skip-invalid] [--report FILE] PATH",
		"publish an HSDS 3.0 directory (JSON file, or folder with datapackage.json) to every device", directoryImport})
}

// directoryImport imports an HSDS directory into the public records that
// every enrolled device receives through sync.
func directoryImport(e *cmdEnv, args []string) error {
	f := newFlags("directory import")
	source := f.String("source", "", "where the directory comes from, shown with each service (default: the file's name)")
	skip := f.Bool("skip-invalid", false, "publish the valid records and list the rejected ones")
	report := f.String("report", "", "write the rejected records to this CSV file")
	srv, pos, err := f.open(e, args, 1)
	if err != nil {
		return err
	}
	defer srv.Close()
	var rep hsds.Report
	pub, err := server.Publish(e.ctx, srv, server.PublishOptions{User: "directory import"}, func(ctx context.Context, st *store.Store) error {
		var err error
		rep, err = hsds.ImportPath(ctx, st, pos[0], hsds.Options{Source: *source, SkipInvalid: *skip})
		return err
	})
	if err := hsds.SaveProblems(*report, rep, err); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Published %d services from %s (%d new, %d updated, %d now inactive): %d changes for devices to receive.\n",
		rep.Added+rep.Updated, rep.Source, rep.Added, rep.Updated, len(rep.Deactivated), pub.Published)
	hsds.WriteRejects(e.stdout, rep, *report)
	return nil
}
