package main

import (
	"flag"
	"fmt"

	"trellis/data"
	"trellis/data/store"
)

func init() {
	register(
		&command{name: "followup add", args: "FAMILY_ID --due YYYY-MM-DD [--referral ID] [--note TEXT]",
			summary: "schedule a follow-up with a family", run: followupAdd},
		&command{name: "followup due", args: "[--on YYYY-MM-DD] [--mine | --navigator NAME]",
			summary: "list open follow-ups due on or before a day (default today)", run: followupDue},
		&command{name: "followup done", args: "FOLLOWUP_ID [--by NAME]",
			summary: "mark a follow-up done", run: followupDone},
	)
}

func followupAdd(e *env, args []string) error {
	fs := flag.NewFlagSet("followup add", flag.ContinueOnError)
	due := fs.String("due", "", "due date, YYYY-MM-DD")
	referral := fs.String("referral", "", "the referral it is about (optional)")
	note := fs.String("note", "", "what to follow up on")
	nav := fs.String("navigator", "", "whose follow-up (default: the profile's navigator)")
	rest, st, err := e.begin(fs, args, "FAMILY_ID")
	if err != nil {
		return err
	}
	d, err := parseDate("follow-up", "due_on", *due)
	if err != nil {
		return err
	}
	by, err := e.navigatorName(st, *nav)
	if err != nil {
		return err
	}
	f := data.FollowUp{HouseholdID: rest[0], ReferralID: *referral, Due: d, Note: *note, Navigator: by}
	if err := st.Write(e.ctx, func(tx *store.Tx) error { return tx.AddFollowUp(&f) }); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(f)
	}
	fmt.Fprintf(e.stdout, "Follow-up due %s (%s)\n", f.Due, f.ID)
	return nil
}

func followupDue(e *env, args []string) error {
	fs := flag.NewFlagSet("followup due", flag.ContinueOnError)
	on := fs.String("on", "", "the day, YYYY-MM-DD (default today)")
	whose := caseloadFlags(fs)
	_, st, err := e.begin(fs, args)
	if err != nil {
		return err
	}
	nav, err := whose(e, st)
	if err != nil {
		return err
	}
	day, err := parseDate("follow-up", "on", *on)
	if err != nil {
		return err
	}
	if day.IsZero() {
		day = data.DateOf(st.Now())
	}
	due, err := st.FollowUpsDueFor(e.ctx, day, nav)
	if err != nil {
		return err
	}
	if e.json {
		if due == nil {
			due = []data.FollowUp{}
		}
		return e.printJSON(due)
	}
	names := map[string]string{}
	tw := e.table("ID", "DUE", "FAMILY", "NOTE")
	for _, f := range due {
		name, ok := names[f.HouseholdID]
		if !ok {
			h, err := st.Household(e.ctx, f.HouseholdID)
			if err != nil && !isNotFound(err) {
				return err
			}
			name = h.Name
			names[f.HouseholdID] = name
		}
		when := f.Due.String()
		if f.Due.Before(day) {
			when += " (overdue)"
		}
		row(tw, f.ID, when, orDash(name), f.Note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d follow-ups due by %s\n", len(due), day)
	return nil
}

func followupDone(e *env, args []string) error {
	fs := flag.NewFlagSet("followup done", flag.ContinueOnError)
	nav := fs.String("by", "", "who did it (default: the profile's navigator)")
	rest, st, err := e.begin(fs, args, "FOLLOWUP_ID")
	if err != nil {
		return err
	}
	by, err := e.navigatorName(st, *nav)
	if err != nil {
		return err
	}
	if err := st.Write(e.ctx, func(tx *store.Tx) error { return tx.CompleteFollowUp(rest[0], by) }); err != nil {
		return err
	}
	f, err := store.Get[data.FollowUp](e.ctx, st, rest[0])
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(f)
	}
	fmt.Fprintf(e.stdout, "Done: follow-up due %s (%s)\n", f.Due, f.ID)
	return nil
}
