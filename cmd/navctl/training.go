package main

import (
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"

	"trellis/data"
	"trellis/data/report"
	"trellis/data/store"
)

func init() {
	register(
		&command{name: "training person add", args: "--name NAME --role ROLE --organization ORG [--account USER] [--supervisor PERSON_ID] [--languages TAGS] [--gender G] [--race-ethnicity R] [--age-group A]",
			summary: "add a person to the workforce roster (languages and demographics are voluntary)", run: trainingPersonAdd},
		&command{name: "training people", summary: "list the workforce roster", run: trainingPeople},
		&command{name: "training add", args: "--topic TOPIC --on DATE --hours H --language TAG --trainer NAME [--materials IDS] [--attended PERSON_IDS]",
			summary: "record a training and who attended it", run: trainingAdd},
		&command{name: "training list", summary: "list trainings with their attendance", run: trainingList},
		&command{name: "training report", args: "[--from DATE] [--to DATE]",
			summary: "people trained by topic, organization, role, language and demographics (small counts hidden)", run: trainingReport},
	)
}

func trainingPersonAdd(e *env, args []string) error {
	fs := flag.NewFlagSet("training person add", flag.ContinueOnError)
	p := data.TrainingPerson{}
	fs.StringVar(&p.Name, "name", "", "full name")
	fs.StringVar(&p.Role, "role", "", strings.Join(data.WorkforceRoles, ", "))
	fs.StringVar(&p.Organization, "organization", "", "the organization they work for")
	fs.StringVar(&p.Account, "account", "", "their user name on the county server, if any")
	fs.StringVar(&p.SupervisorID, "supervisor", "", "roster id of their own supervisor")
	langs := fs.String("languages", "", "languages they speak, comma-separated BCP 47 tags (voluntary)")
	fs.StringVar(&p.Gender, "gender", "", strings.Join(data.Genders, ", ")+" (voluntary)")
	fs.StringVar(&p.RaceEthnicity, "race-ethnicity", "", strings.Join(data.RaceEthnicities, ", ")+" (voluntary)")
	fs.StringVar(&p.AgeGroup, "age-group", "", strings.Join(data.AgeGroups, ", ")+" (voluntary)")
	_, st, err := e.begin(fs, args)
	if err != nil {
		return err
	}
	p.Languages = splitList(*langs)
	if err := st.Write(e.ctx, func(tx *store.Tx) error { return tx.SavePerson(&p) }); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(p)
	}
	fmt.Fprintf(e.stdout, "Added %s (%s, %s): %s\n", p.Name, p.Role, p.Organization, p.ID)
	return nil
}

func trainingPeople(e *env, args []string) error {
	_, st, err := e.begin(flag.NewFlagSet("training people", flag.ContinueOnError), args)
	if err != nil {
		return err
	}
	people, err := st.Roster(e.ctx)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(people)
	}
	tw := e.table("ID", "NAME", "ROLE", "ORGANIZATION", "ACCOUNT", "LANGUAGES")
	for _, p := range people {
		row(tw, p.ID, p.Name, p.Role, p.Organization, orDash(p.Account), orDash(strings.Join(p.Languages, ",")))
	}
	return tw.Flush()
}

func trainingAdd(e *env, args []string) error {
	fs := flag.NewFlagSet("training add", flag.ContinueOnError)
	t := data.Training{}
	fs.StringVar(&t.Topic, "topic", "", "what the training was about")
	on := fs.String("on", "", "the day it was held (YYYY-MM-DD)")
	hours := fs.String("hours", "", "how long it lasted, in hours (1.5 for an hour and a half)")
	fs.StringVar(&t.Language, "language", "", "the language it was given in (BCP 47 tag)")
	fs.StringVar(&t.Trainer, "trainer", "", "who gave it (default: the profile's name)")
	mats := fs.String("materials", "", "ids of the training materials used, comma-separated")
	attended := fs.String("attended", "", "roster ids of the people who attended, comma-separated")
	_, st, err := e.begin(fs, args)
	if err != nil {
		return err
	}
	if t.On, err = parseDate("training", "held_on", *on); err != nil {
		return err
	}
	if *hours != "" {
		h, err := strconv.ParseFloat(*hours, 64)
		if err != nil || h <= 0 || math.IsNaN(h) || math.IsInf(h, 0) {
			return fieldError("training", "hours", data.CodeOutOfRange, *hours)
		}
		t.Minutes = int(math.Round(h * 60))
	}
	if t.Trainer, err = e.navigatorName(st, t.Trainer); err != nil {
		return err
	}
	t.MaterialIDs = splitList(*mats)
	if err := st.Write(e.ctx, func(tx *store.Tx) error { return tx.SaveTraining(&t, splitList(*attended)) }); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(t)
	}
	fmt.Fprintf(e.stdout, "Recorded %s on %s (%s)\n", t.Topic, t.On, t.ID)
	return nil
}

func trainingList(e *env, args []string) error {
	_, st, err := e.begin(flag.NewFlagSet("training list", flag.ContinueOnError), args)
	if err != nil {
		return err
	}
	ts, err := st.Trainings(e.ctx)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(ts)
	}
	tw := e.table("ID", "DATE", "TOPIC", "HOURS", "LANGUAGE", "TRAINER", "ATTENDED")
	for _, t := range ts {
		var names []string
		for _, p := range t.Attendees {
			names = append(names, p.Name)
		}
		row(tw, t.Training.ID, t.Training.On.String(), t.Training.Topic, strconv.FormatFloat(t.Training.Hours(), 'f', -1, 64),
			t.Training.Language, t.Training.Trainer, orDash(strings.Join(names, ", ")))
	}
	return tw.Flush()
}

func trainingReport(e *env, args []string) error {
	fs := flag.NewFlagSet("training report", flag.ContinueOnError)
	from := fs.String("from", "", "first day counted (YYYY-MM-DD)")
	to := fs.String("to", "", "last day counted (YYYY-MM-DD)")
	_, st, err := e.begin(fs, args)
	if err != nil {
		return err
	}
	var f, t data.Date
	if f, err = parseDate("report", "from", *from); err != nil {
		return err
	}
	if t, err = parseDate("report", "to", *to); err != nil {
		return err
	}
	figs, err := st.TrainingFiguresFor(e.ctx, f, t)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(trainingFiguresJSON(figs))
	}
	w := e.stdout
	fmt.Fprintf(w, "%d trainings, %s hours; people trained: %s\n", figs.Trainings, strconv.FormatFloat(figs.Hours, 'f', -1, 64), figs.People)
	byN := func(n int) int { return n }
	for _, b := range []struct {
		name   string
		groups map[string]int
	}{{"topic", figs.ByTopic}, {"organization", figs.ByOrganization}, {"role", figs.ByRole}} {
		fmt.Fprintf(w, "\npeople trained by %s:\n", b.name)
		for _, g := range store.SortedGroups(b.groups, byN) {
			fmt.Fprintf(w, "  %-34s %6d\n", g, b.groups[g])
		}
	}
	for _, b := range []struct {
		name   string
		groups map[string]report.Count
	}{{"language", figs.ByLanguage}, {"gender", figs.ByGender}, {"race or ethnicity", figs.ByRaceEthnicity}, {"age group", figs.ByAgeGroup}} {
		fmt.Fprintf(w, "\npeople trained by %s (counts under %d hidden):\n", b.name, report.MinShown)
		for _, g := range store.SortedGroups(b.groups, shownCount) {
			fmt.Fprintf(w, "  %-34s %6s\n", g, b.groups[g])
		}
	}
	return nil
}

// shownCount orders a suppressed count by what it shows: a hidden one
// after every shown one, whatever its true size.
func shownCount(c report.Count) int {
	if c.Hidden {
		return 0
	}
	return c.N
}

// trainingFiguresJSON is the figures as --json prints them: a hidden count
// as "<11", never its true size.
func trainingFiguresJSON(f store.TrainingFigures) map[string]any {
	shown := func(m map[string]report.Count) map[string]string {
		out := make(map[string]string, len(m))
		for k, c := range m {
			out[k] = c.String()
		}
		return out
	}
	return map[string]any{
		"trainings": f.Trainings, "hours": f.Hours, "people": f.People.String(),
		"by_topic": f.ByTopic, "by_organization": f.ByOrganization, "by_role": f.ByRole,
		"by_language": shown(f.ByLanguage), "by_gender": shown(f.ByGender),
		"by_race_ethnicity": shown(f.ByRaceEthnicity), "by_age_group": shown(f.ByAgeGroup),
	}
}
