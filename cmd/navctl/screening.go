package main

import (
	"flag"
	"fmt"
	"strconv"

	"trellis/data"
	"trellis/data/store"
)

func init() {
	register(&command{name: "screening add", args: "CHILD_ID --tool TOOL --outcome OUTCOME [--on DATE] [--score N]",
		summary: "record a child's screening (asq3, asqse2, mchat_rf, other)", run: screeningAdd})
}

func screeningAdd(e *env, args []string) error {
	fs := flag.NewFlagSet("screening add", flag.ContinueOnError)
	tool := fs.String("tool", "", "asq3, asqse2, mchat_rf or other")
	toolName := fs.String("tool-name", "", "the tool's name when --tool is other")
	outcome := fs.String("outcome", "", "no_concerns, monitor or refer")
	on := fs.String("on", "", "date screened, YYYY-MM-DD (default today)")
	score := fs.String("score", "", "total score, if the tool has one")
	lang := fs.String("language", "", "language administered in (default: the family's home language)")
	notes := fs.String("notes", "", "notes")
	nav := fs.String("navigator", "", "who screened (default: the profile's navigator)")
	rest, st, err := e.begin(fs, args, "CHILD_ID")
	if err != nil {
		return err
	}
	date, err := parseDate("screening", "screened_on", *on)
	if err != nil {
		return err
	}
	s := data.Screening{ChildID: rest[0], Tool: *tool, ToolName: *toolName, On: date, Language: *lang,
		Outcome: *outcome, Notes: *notes}
	if *score != "" {
		v, err := strconv.ParseFloat(*score, 64)
		if err != nil {
			return fieldError("screening", "score", data.CodeOutOfRange, *score)
		}
		s.Score = &v
	}
	if s.Navigator, err = e.navigatorName(st, *nav); err != nil {
		return err
	}
	err = st.Write(e.ctx, func(tx *store.Tx) error {
		child, err := store.GetTx[data.Member](tx, s.ChildID)
		if isNotFound(err) || err == nil && child.Role != data.RoleChild {
			return fieldError("screening", "child_id", data.CodeUnknownID, s.ChildID)
		}
		if err != nil {
			return err
		}
		s.HouseholdID = child.HouseholdID
		if s.On.IsZero() {
			s.On = data.DateOf(tx.Now())
		}
		if s.Language == "" {
			if h, err := store.GetTx[data.Household](tx, s.HouseholdID); err == nil {
				s.Language = h.HomeLanguage
			}
		}
		return tx.AddScreening(&s)
	})
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(s)
	}
	fmt.Fprintf(e.stdout, "Recorded %s on %s: %s (%s)\n", s.Tool, s.On, s.Outcome, s.ID)
	return nil
}
