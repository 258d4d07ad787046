package main

import (
	"flag"
	"fmt"
	"slices"
	"time"

	"trellis/data"
	"trellis/data/store"
)

func init() {
	register(
		&command{name: "referral create", args: "FAMILY_ID SERVICE_ID [--child ID] [--reason TEXT] [--priority P] [--draft]",
			summary: "refer a family (or one child) to a service", run: referralCreate},
		&command{name: "referral status", args: "REFERRAL_ID STATUS [--note TEXT]",
			summary: "record a referral's new status (accepted, in-progress, completed, ...)", run: referralStatus},
		&command{name: "referral list", args: "[--family ID] [--service ID] [--status S,S] [--open] [--stale-days N] [--mine | --navigator NAME]",
			summary: "list referrals, the longest without news first", run: referralList},
	)
}

func referralCreate(e *env, args []string) error {
	fs := flag.NewFlagSet("referral create", flag.ContinueOnError)
	child := fs.String("child", "", "the child the referral is for (optional)")
	reason := fs.String("reason", "", "why the family is referred")
	priority := fs.String("priority", data.PriorityRoutine, "routine, urgent or asap")
	draft := fs.Bool("draft", false, "save as a draft, not yet sent")
	note := fs.String("note", "", "a note on the first status")
	nav := fs.String("navigator", "", "who refers (default: the profile's navigator)")
	rest, st, err := e.begin(fs, args, "FAMILY_ID", "SERVICE_ID")
	if err != nil {
		return err
	}
	by, err := e.navigatorName(st, *nav)
	if err != nil {
		return err
	}
	status := data.StatusRequested
	if *draft {
		status = data.StatusDraft
	}
	r := data.Referral{HouseholdID: rest[0], ServiceID: rest[1], ChildID: *child, Reason: *reason, Priority: *priority, Navigator: by}
	if err := st.Write(e.ctx, func(tx *store.Tx) error { return tx.CreateReferral(&r, status, by, *note) }); err != nil {
		return err
	}
	return printReferral(e, st, r.ID, "Referred")
}

// printReferral shows one referral as it now stands.
func printReferral(e *env, st *store.Store, id, verb string) error {
	r, err := st.Referral(e.ctx, id)
	if err != nil {
		return err
	}
	if e.json {
		hist, err := st.ReferralHistory(e.ctx, id)
		if err != nil {
			return err
		}
		return e.printJSON(map[string]any{"referral": r, "history": hist})
	}
	fmt.Fprintf(e.stdout, "%s %s to %s: %s (%s)\n", verb, r.HouseholdName, r.ServiceName, r.Status, r.ID)
	return nil
}

func referralStatus(e *env, args []string) error {
	fs := flag.NewFlagSet("referral status", flag.ContinueOnError)
	note := fs.String("note", "", "what happened")
	nav := fs.String("by", "", "who records it (default: the profile's navigator)")
	rest, st, err := e.begin(fs, args, "REFERRAL_ID", "STATUS")
	if err != nil {
		return err
	}
	by, err := e.navigatorName(st, *nav)
	if err != nil {
		return err
	}
	err = st.Write(e.ctx, func(tx *store.Tx) error {
		if _, err := store.GetTx[data.Referral](tx, rest[0]); err != nil {
			return err
		}
		_, err := tx.SetReferralStatus(rest[0], rest[1], by, *note)
		return err
	})
	if err != nil {
		return err
	}
	return printReferral(e, st, rest[0], "Updated")
}

func referralList(e *env, args []string) error {
	fs := flag.NewFlagSet("referral list", flag.ContinueOnError)
	family := fs.String("family", "", "only this family's referrals")
	service := fs.String("service", "", "only referrals to this service")
	statuses := fs.String("status", "", "only these current statuses, comma-separated")
	open := fs.Bool("open", false, "only referrals still open")
	stale := fs.Int("stale-days", 0, "only open referrals with no news for this many days")
	limit := fs.Int("limit", 50, "at most this many (0 for all)")
	offset := fs.Int("offset", 0, "skip this many")
	whose := caseloadFlags(fs)
	_, st, err := e.begin(fs, args)
	if err != nil {
		return err
	}
	nav, err := whose(e, st)
	if err != nil {
		return err
	}
	f := store.ReferralFilter{HouseholdID: *family, ServiceID: *service, Statuses: splitList(*statuses), Open: *open,
		Limit: *limit, Offset: *offset, Navigator: nav}
	for _, s := range f.Statuses {
		if !slices.Contains(data.ReferralStatuses, s) {
			return usagef("%q is not a referral status (one of %v)", s, data.ReferralStatuses)
		}
	}
	if *stale > 0 {
		f.StaleSince = st.Now().Add(-time.Duration(*stale) * 24 * time.Hour)
	}
	refs, err := st.Referrals(e.ctx, f)
	if err != nil {
		return err
	}
	if e.json {
		if refs == nil {
			refs = []store.ReferralSummary{}
		}
		return e.printJSON(refs)
	}
	tw := e.table("ID", "FAMILY", "SERVICE", "STATUS", "SINCE", "CREATED")
	for _, r := range refs {
		row(tw, r.ID, r.HouseholdName, r.ServiceName, r.Status, r.StatusAt.Format("2006-01-02"), r.CreatedAt.Format("2006-01-02"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d referrals\n", len(refs))
	return nil
}
