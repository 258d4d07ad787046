package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"trellis/sync/client"

	"trellis/data"
	"trellis/data/store"
	"trellis/sync"
)

// stdin is where enroll reads a password; tests replace it.
var stdin io.Reader = os.Stdin

func init() {
	register(
		&command{name: "enroll", args: "SERVER_URL --user USER [--password-file FILE] [--device-name NAME]",
			summary: "enrol this profile with a county server (password from stdin unless --password-file)",
			run:     runEnroll},
		&command{name: "sync", summary: "send this profile's changes to the county server and receive everyone else's",
			run: runSync},
		&command{name: "conflicts", args: "[list]", summary: "list the sync conflicts waiting for a decision and the changes the server refused",
			run: runConflictsList},
		&command{name: "conflicts list", summary: "list the sync conflicts waiting for a decision and the changes the server refused",
			run: runConflictsList},
		&command{name: "conflicts dismiss", args: "REFUSED_ID|--all",
			summary: "mark a refused change, or all of them, as read (the changes stay on this laptop)",
			run:     runConflictsDismiss},
		&command{name: "conflicts resolve", args: "ID --keep mine|theirs",
			summary: "settle a conflict, keeping this laptop's side or the other",
			run:     runConflictsResolve},
	)
}

func runEnroll(e *env, args []string) error {
	fs := flag.NewFlagSet("enroll", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	user := fs.String("user", "", "user name on the county server")
	pwFile := fs.String("password-file", "", "file whose first line is the password")
	devName := fs.String("device-name", "", "what to call this laptop (default: the host name)")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("the server URL comes first")
	}
	url := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected %q", fs.Arg(0))
	}
	if *user == "" {
		return usagef("--user is required")
	}
	if err := client.CheckServerURL(url); err != nil {
		return usagef("%v", err)
	}
	if *devName == "" {
		*devName, _ = os.Hostname()
	}
	password, err := sync.ReadPassword(stdin, *pwFile)
	if err != nil {
		return err
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	d, err := client.Enroll(e.ctx, st, nil, url, *user, password, *devName)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]string{"device_id": d.DeviceID, "organization": d.OrgName, "server": d.ServerURL})
	}
	fmt.Fprintf(e.stdout, "Enrolled as device %s of %s on %s\n", d.DeviceID, d.OrgName, d.ServerURL)
	return nil
}

func runSync(e *env, args []string) error {
	if len(args) > 0 {
		return usagef("sync takes no arguments")
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	if err := client.LoadClockOffset(e.ctx, st); err != nil {
		return err
	}
	c := &client.Client{Store: st}
	if !e.json {
		c.Progress = func(p client.Progress) {
			if p.Total > 0 {
				fmt.Fprintf(e.stderr, "%s: %d of %d\n", p.Phase, p.Done, p.Total)
			} else {
				fmt.Fprintf(e.stderr, "%s: %d\n", p.Phase, p.Done)
			}
		}
	}
	rep, err := c.Sync(e.ctx)
	if err != nil {
		return err
	}
	open, err := st.Conflicts(e.ctx, true)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"pushed": rep.Pushed, "pulled": rep.Pulled, "rejected": rep.Rejected,
			"conflicts_open": len(open), "clock_skew_seconds": rep.ClockSkew.Seconds(),
			"bytes_sent": rep.BytesSent, "bytes_received": rep.BytesReceived})
	}
	fmt.Fprintf(e.stdout, "Sent %d changes, received %d.\n", rep.Pushed, rep.Pulled)
	if rep.Rejected > 0 {
		fmt.Fprintf(e.stdout, "The server refused %d changes; they are kept on this laptop: navctl conflicts\n", rep.Rejected)
	}
	if len(open) > 0 {
		fmt.Fprintf(e.stdout, "%d conflicts need a decision: navctl conflicts\n", len(open))
	}
	if rep.ClockSkew != 0 {
		fmt.Fprintf(e.stdout, "This computer's clock is off by %s; Trellis corrected for it, but please set the clock.\n", rep.ClockSkew.Round(1e9))
	}
	return nil
}

func runConflictsList(e *env, args []string) error {
	if len(args) > 0 {
		return usagef("conflicts list takes no arguments")
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	cs, err := st.Conflicts(e.ctx, true)
	if err != nil {
		return err
	}
	rej, err := st.Rejections(e.ctx, true)
	if err != nil {
		return err
	}
	if e.json {
		if cs == nil {
			cs = []data.Conflict{}
		}
		refused := make([]refusedJSON, 0, len(rej))
		for _, r := range rej {
			refused = append(refused, newRefusedJSON(r))
		}
		return e.printJSON(map[string]any{"conflicts": cs, "refused": refused})
	}
	if len(cs) == 0 {
		fmt.Fprintln(e.stdout, "No conflicts.")
	} else {
		w := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tKIND\tRECORD\tIN EFFECT\tOTHER")
		for _, c := range cs {
			fmt.Fprintf(w, "%s\t%s\t%s %s %s\t%s (%s)\t%s (%s)\n", c.ID, c.Kind, c.Table, c.RowID, c.Column,
				c.WinnerValue, c.WinnerUser, c.LoserValue, c.LoserUser)
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if len(rej) == 0 {
		return nil
	}
	fmt.Fprintf(e.stdout, "\nThe county server refused %d changes. They are kept on this laptop but were not shared:\n", len(rej))
	w := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "REFUSED ID\tWHEN\tRECORD\tFIELDS\tREASON")
	for _, r := range rej {
		fmt.Fprintf(w, "%d\t%s\t%s %s\t%s\t%s\n", r.ID, r.At.Local().Format("2006-01-02 15:04"), r.Table, r.RowID,
			strings.Join(refusedColumns(r), ","), r.Reason)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "Mark one as read: navctl conflicts dismiss REFUSED_ID (or all: navctl conflicts dismiss --all)")
	return nil
}

// refusedJSON is a refused change as navctl --json prints it.
type refusedJSON struct {
	ID     int64          `json:"id"`
	MID    int64          `json:"mid"`
	Table  string         `json:"table"`
	Row    string         `json:"row"`
	Code   string         `json:"code"`
	Reason string         `json:"reason"`
	Fields map[string]any `json:"fields"`
	At     string         `json:"at"`
}

func newRefusedJSON(r store.Rejection) refusedJSON {
	out := refusedJSON{ID: r.ID, MID: r.MID, Table: r.Table, Row: r.RowID, Code: r.Code, Reason: r.Reason,
		Fields: map[string]any{}, At: r.At.UTC().Format(time.RFC3339)}
	for col, f := range r.Fields {
		out.Fields[col] = f.Value
	}
	return out
}

// refusedColumns lists the columns a refused change set to something, sorted,
// the first few only.
func refusedColumns(r store.Rejection) []string {
	const shown = 6
	cols := make([]string, 0, len(r.Fields))
	for col, f := range r.Fields {
		if f.Value != nil && f.Value != "" {
			cols = append(cols, col)
		}
	}
	sort.Strings(cols)
	if len(cols) > shown {
		cols = append(cols[:shown], fmt.Sprintf("+%d more", len(cols)-shown))
	}
	return cols
}

func runConflictsDismiss(e *env, args []string) error {
	if len(args) != 1 {
		return usagef("conflicts dismiss takes one refused change id (see navctl conflicts), or --all")
	}
	if args[0] == "--all" {
		st, err := e.store()
		if err != nil {
			return err
		}
		var n int64
		if err := st.Write(e.ctx, func(tx *store.Tx) (err error) {
			n, err = tx.DismissAllRejections()
			return err
		}); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d refused changes marked as read; the changes stay on this laptop.\n", n)
		return nil
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return usagef("%q is not a refused change id (a number from navctl conflicts)", args[0])
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	if err := st.Write(e.ctx, func(tx *store.Tx) error { return tx.DismissRejection(id) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Refused change %d marked as read; the change stays on this laptop.\n", id)
	return nil
}

func runConflictsResolve(e *env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("the conflict id comes first")
	}
	id := args[0]
	fs := flag.NewFlagSet("conflicts resolve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	keep := fs.String("keep", "", "mine or theirs")
	if err := fs.Parse(args[1:]); err != nil {
		return usagef("%v", err)
	}
	if *keep != "mine" && *keep != "theirs" {
		return usagef("--keep must be mine or theirs")
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	c, err := client.FindConflict(e.ctx, st, id)
	if err != nil {
		return err
	}
	dev, _, err := st.SyncDevice(e.ctx)
	if err != nil {
		return err
	}
	side := client.KeepSide(c, dev.DeviceID, *keep == "mine")
	if err := st.Write(e.ctx, func(tx *store.Tx) error { return tx.ResolveConflict(c.ID, side, dev.User) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Conflict %s resolved; run navctl sync to share the decision.\n", c.ID)
	return nil
}
