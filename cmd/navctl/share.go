package main

import (
	"errors"
	"flag"
	"fmt"
	"time"

	"trellis/data"
	"trellis/data/store"
)

func init() {
	register(
		&command{name: "consent share", args: "FAMILY_ID --how verbal|written [--by NAME] | FAMILY_ID --withdraw",
			summary: "record the family's consent to share with providers (or its withdrawal, which removes its details from providers' laptops)", run: consentShare},
		&command{name: "referral share", args: "REFERRAL_ID [--provider ORG_ID]",
			summary: "share a referral with the provider organization that runs its service (needs consent to share)", run: referralShare},
		&command{name: "inbox", args: "[--all]",
			summary: "a provider's referrals shared with its organization (open ones unless --all)", run: inbox},
		&command{name: "answer", args: "SHARE_ID --status accepted|rejected|in-progress|completed [--decline-code CODE] [--appointment \"YYYY-MM-DD HH:MM\"] [--note TEXT]",
			summary: "record a provider's answer to a shared referral", run: answer},
	)
}

func consentShare(e *env, args []string) error {
	fs := flag.NewFlagSet("consent share", flag.ContinueOnError)
	how := fs.String("how", "", "how the family agreed: verbal or written")
	withdraw := fs.Bool("withdraw", false, "the family withdraws its consent")
	nav := fs.String("by", "", "who records it (default: the profile's navigator)")
	rest, st, err := e.begin(fs, args, "FAMILY_ID")
	if err != nil {
		return err
	}
	by, err := e.navigatorName(st, *nav)
	if err != nil {
		return err
	}
	if !*withdraw && *how != data.ConsentVerbal && *how != data.ConsentWritten {
		return usagef("--how must be verbal or written (or give --withdraw)")
	}
	err = st.Write(e.ctx, func(tx *store.Tx) error {
		if *withdraw {
			return tx.WithdrawShareConsent(rest[0], by)
		}
		return tx.RecordShareConsent(rest[0], by, *how)
	})
	if err != nil {
		return err
	}
	if *withdraw {
		fmt.Fprintln(e.stdout, "Consent to share withdrawn: the family's details leave providers' laptops at their next sync.")
	} else {
		fmt.Fprintf(e.stdout, "Consent to share recorded (%s, by %s).\n", *how, by)
	}
	return nil
}

func referralShare(e *env, args []string) error {
	fs := flag.NewFlagSet("referral share", flag.ContinueOnError)
	provider := fs.String("provider", "", "the provider organization's county id (needed when several run the service)")
	nav := fs.String("navigator", "", "who shares (default: the profile's navigator)")
	rest, st, err := e.begin(fs, args, "REFERRAL_ID")
	if err != nil {
		return err
	}
	by, err := e.navigatorName(st, *nav)
	if err != nil {
		return err
	}
	ref, err := st.Referral(e.ctx, rest[0])
	if err != nil {
		return err
	}
	provs, err := st.ProvidersFor(e.ctx, ref.ServiceID)
	if err != nil {
		return err
	}
	switch {
	case len(provs) == 0:
		return fmt.Errorf("no organization on the county server runs %s: the referral stays private to your organization", ref.ServiceName)
	case *provider == "" && len(provs) > 1:
		return usagef("several organizations run %s: choose one with --provider (%s: %s, ...)", ref.ServiceName, provs[0].OrgID, provs[0].OrgName)
	case *provider == "":
		*provider = provs[0].OrgID
	}
	var sh *data.ReferralShare
	err = st.Write(e.ctx, func(tx *store.Tx) error { sh, err = tx.ShareReferral(ref.ID, *provider, by); return err })
	if errors.Is(err, store.ErrNoConsent) {
		return fmt.Errorf("the family has no consent to share on record: record it with `navctl consent share %s --how verbal|written`, or keep the referral private", ref.HouseholdID)
	}
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(sh)
	}
	fmt.Fprintf(e.stdout, "Shared with the provider at the next sync (%s)\n", sh.ID)
	return nil
}

func inbox(e *env, args []string) error {
	fs := flag.NewFlagSet("inbox", flag.ContinueOnError)
	all := fs.Bool("all", false, "include answered, closed and withdrawn referrals")
	_, st, err := e.begin(fs, args)
	if err != nil {
		return err
	}
	list, err := st.SharedReferrals(e.ctx, store.SharesFilter{Open: !*all})
	if err != nil {
		return err
	}
	if e.json {
		if list == nil {
			list = []store.SharedReferral{}
		}
		return e.printJSON(list)
	}
	tw := e.table("ID", "LANGUAGE", "FAMILY", "CHILD", "REASON", "STATUS", "SHARED")
	for _, s := range list {
		lang := s.HomeLanguage
		if s.InterpreterNeeded {
			lang += " (interpreter)"
		}
		child := s.ChildFirstName
		if s.ChildAgeMonths >= 0 {
			child += fmt.Sprintf(" (%d months)", s.ChildAgeMonths)
		}
		family := s.FamilyName
		if s.Withdrawn() {
			family = "(consent withdrawn)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, lang, family, child, s.Reason, s.Status(), s.SharedAt.Format("2006-01-02"))
	}
	return tw.Flush()
}

func answer(e *env, args []string) error {
	fs := flag.NewFlagSet("answer", flag.ContinueOnError)
	status := fs.String("status", "", "accepted, rejected, in-progress or completed")
	code := fs.String("decline-code", "", "why declined: "+fmt.Sprint(data.DeclineReasons))
	appt := fs.String("appointment", "", `the first appointment, "YYYY-MM-DD HH:MM" (local time)`)
	note := fs.String("note", "", "a note for the navigator")
	nav := fs.String("by", "", "who answers (default: the profile's navigator)")
	rest, st, err := e.begin(fs, args, "SHARE_ID")
	if err != nil {
		return err
	}
	by, err := e.navigatorName(st, *nav)
	if err != nil {
		return err
	}
	a := store.Answer{Status: *status, DeclineCode: *code, Note: *note, By: by}
	if *appt != "" {
		if a.Appointment, err = time.ParseInLocation("2006-01-02 15:04", *appt, time.Local); err != nil {
			return usagef(`--appointment must be "YYYY-MM-DD HH:MM", not %q`, *appt)
		}
	}
	var ans *data.ReferralAnswer
	if err := st.Write(e.ctx, func(tx *store.Tx) error { ans, err = tx.AnswerReferral(rest[0], a); return err }); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(ans)
	}
	fmt.Fprintf(e.stdout, "Answered %s; the navigator sees it after both sync (%s)\n", ans.Status, ans.ID)
	return nil
}
