package main

import (
	"fmt"
	"sort"

	"trellis/data"
)

func init() {
	register(&command{name: "report", summary: "referrals by status, families by home language, median days to services",
		run: reportRun})
}

func reportRun(e *env, args []string) error {
	if err := positional(args); err != nil {
		return err
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	rep, err := st.Report(e.ctx)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(rep)
	}
	w := e.stdout
	fmt.Fprintf(w, "%d families, %d children, %d referrals\n", rep.Families, rep.Children, rep.Referrals)
	fmt.Fprintln(w, "\nreferrals by status:")
	for _, s := range data.ReferralStatuses {
		if n := rep.ByStatus[s]; n > 0 {
			fmt.Fprintf(w, "  %-12s %6d\n", s, n)
		}
	}
	fmt.Fprintln(w, "\nfamilies by home language:")
	langs := make([]string, 0, len(rep.ByLanguage))
	for l := range rep.ByLanguage {
		langs = append(langs, l)
	}
	sort.Slice(langs, func(i, j int) bool {
		if rep.ByLanguage[langs[i]] != rep.ByLanguage[langs[j]] {
			return rep.ByLanguage[langs[i]] > rep.ByLanguage[langs[j]]
		}
		return langs[i] < langs[j]
	})
	for _, l := range langs {
		fmt.Fprintf(w, "  %-12s %6d\n", l, rep.ByLanguage[l])
	}
	if rep.StartedReferrals == 0 {
		fmt.Fprintln(w, "\nno referral has reached services yet, so there is no median time to services")
	} else {
		fmt.Fprintf(w, "\nservices started for %d referrals; median days from referral to services: %g\n",
			rep.StartedReferrals, rep.MedianDaysToServices)
	}
	fmt.Fprintln(w, "\nscreenings by outcome:")
	for _, o := range data.ScreeningOutcomes {
		fmt.Fprintf(w, "  %-12s %6d\n", o, rep.ScreeningsByOutcome[o])
	}
	fmt.Fprintf(w, "\nfollow-ups: %d open, %d overdue\n", rep.OpenFollowUps, rep.OverdueFollowUps)
	return nil
}
