package main

import (
	"flag"
	"fmt"
	"time"

	"trellis/data/demo"
)

func init() {
	register(&command{name: "demo", args: "--families N --services N [--seed S] [--navigator NAME]",
		summary: "fill the store with a synthetic county (progress on stderr; Ctrl-C writes nothing)", run: demoRun})
}

func demoRun(e *env, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	families := fs.Int("families", 200, "families to create")
	services := fs.Int("services", 100, "directory services to create")
	seed := fs.Int64("seed", 1, "the same seed gives the same county")
	nav := fs.String("navigator", "", "assign every family to this navigator (default: a team)")
	_, st, err := e.begin(fs, args)
	if err != nil {
		return err
	}
	if *families < 0 || *services < 0 {
		return usagef("--families and --services cannot be negative")
	}
	start := time.Now()
	lastPct := -1
	sum, err := demo.Generate(e.ctx, st, demo.Options{Families: *families, Services: *services, Seed: *seed, Navigator: *nav},
		func(done, total int) {
			pct := 100
			if total > 0 {
				pct = done * 100 / total
			}
			if pct/10 != lastPct/10 {
				fmt.Fprintf(e.stderr, "demo: %d of %d families and services (%d%%)\n", done, total, pct)
				lastPct = pct
			}
		})
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	if e.json {
		return e.printJSON(map[string]any{"summary": sum, "seconds": elapsed.Seconds(), "data": st.Dir()})
	}
	fmt.Fprintf(e.stdout, "Wrote %d families (%d caregivers, %d children), %d contacts, %d screenings, %d referrals (%d status changes), %d follow-ups,\n"+
		"%d services from %d organizations at %d locations with %d translations, and %d training materials in %s into %s\n",
		sum.Families, sum.Caregivers, sum.Children, sum.Contacts, sum.Screenings, sum.Referrals, sum.ReferralEvents, sum.FollowUps,
		sum.Services, sum.Organizations, sum.Locations, sum.Translations, sum.Materials, elapsed.Round(100*time.Millisecond), st.Dir())
	return nil
}
