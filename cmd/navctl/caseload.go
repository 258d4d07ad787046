package main

import (
	"flag"
	"fmt"
	"strconv"
	"time"

	"trellis/data"
	"trellis/data/store"
)

func init() {
	register(
		&command{name: "caseload", args: "[--stale-days N]",
			summary: "each navigator's families, open and overdue follow-ups and referrals with no news (for a supervisor)", run: caseload},
		&command{name: "family assign", args: "FAMILY_ID... --navigator NAME",
			summary: "assign families to a navigator (all or none; concurrent reassignments become conflicts)", run: familyAssign},
	)
}

// caseloadFlags adds --mine and --navigator to a listing command's flags.
// The function it returns names the navigator whose families to list, or
// "" for the whole organization (neither flag).
func caseloadFlags(fs *flag.FlagSet) func(e *env, st *store.Store) (string, error) {
	mine := fs.Bool("mine", false, "only the families assigned to the profile's navigator")
	nav := fs.String("navigator", "", "only the families assigned to this navigator")
	return func(e *env, st *store.Store) (string, error) {
		switch {
		case *mine && *nav != "":
			return "", usagef("--mine and --navigator each choose a navigator: give one")
		case *nav != "":
			return *nav, nil
		case !*mine:
			return "", nil
		}
		me, err := st.Setting(e.ctx, settingNavigator)
		if err != nil {
			return "", err
		}
		if me == "" {
			return "", fmt.Errorf("--mine: this profile has no navigator name (set it with navctl init --navigator NAME, or give --navigator NAME)")
		}
		return me, nil
	}
}

func caseload(e *env, args []string) error {
	fs := flag.NewFlagSet("caseload", flag.ContinueOnError)
	stale := fs.Int("stale-days", 14, "a referral with no news for this many days counts as stale")
	_, st, err := e.begin(fs, args)
	if err != nil {
		return err
	}
	if *stale < 1 {
		return usagef("--stale-days must be 1 or more, not %d", *stale)
	}
	rows, err := st.Caseloads(e.ctx, data.DateOf(st.Now()), st.Now().Add(-time.Duration(*stale)*24*time.Hour))
	if err != nil {
		return err
	}
	if e.json {
		if rows == nil {
			rows = []store.Caseload{}
		}
		return e.printJSON(rows)
	}
	tw := e.table("NAVIGATOR", "FAMILIES", "OPEN FOLLOW-UPS", "OVERDUE", "STALE REFERRALS")
	for _, r := range rows {
		name := r.Navigator
		if name == "" {
			name = "(no navigator)"
		}
		row(tw, name, strconv.Itoa(r.Families), strconv.Itoa(r.OpenFollowUps), strconv.Itoa(r.Overdue), strconv.Itoa(r.StaleReferrals))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d navigators\n", len(rows))
	return nil
}

func familyAssign(e *env, args []string) error {
	fs := flag.NewFlagSet("family assign", flag.ContinueOnError)
	nav := fs.String("navigator", "", "the navigator the families go to")
	rest, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usagef("name at least one FAMILY_ID")
	}
	if *nav == "" {
		return usagef("--navigator NAME is required")
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	moved := 0
	err = st.Write(e.ctx, func(tx *store.Tx) error {
		moved, err = tx.Reassign(rest, *nav)
		return err
	})
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"navigator": *nav, "moved": moved, "families": len(rest)})
	}
	fmt.Fprintf(e.stdout, "%d of %d families reassigned to %s\n", moved, len(rest), *nav)
	return nil
}
