package main

import (
	"flag"
	"fmt"

	"trellis/data"
	"trellis/data/store"
)

func init() {
	register(&command{name: "contact add", args: "FAMILY_ID --kind KIND [--at DATE] [--language TAG] [--notes TEXT]",
		summary: "log a contact with a family (home_visit, phone, text, group, event)", run: contactAdd})
}

func contactAdd(e *env, args []string) error {
	fs := flag.NewFlagSet("contact add", flag.ContinueOnError)
	kind := fs.String("kind", "", "home_visit, phone, text, group or event")
	at := fs.String("at", "", "when (YYYY-MM-DD or RFC 3339; default now)")
	lang := fs.String("language", "", "language the contact was in (default: the family's home language)")
	notes := fs.String("notes", "", "notes")
	nav := fs.String("navigator", "", "who made the contact (default: the profile's navigator)")
	rest, st, err := e.begin(fs, args, "FAMILY_ID")
	if err != nil {
		return err
	}
	when, err := parseTime("contact", "at", *at)
	if err != nil {
		return err
	}
	by, err := e.navigatorName(st, *nav)
	if err != nil {
		return err
	}
	c := data.Contact{HouseholdID: rest[0], At: when, Kind: *kind, Language: *lang, Notes: *notes, Navigator: by}
	err = st.Write(e.ctx, func(tx *store.Tx) error {
		if c.Language == "" {
			if h, err := store.GetTx[data.Household](tx, c.HouseholdID); err == nil {
				c.Language = h.HomeLanguage
			}
		}
		return tx.AddContact(&c)
	})
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(c)
	}
	fmt.Fprintf(e.stdout, "Logged %s on %s (%s)\n", c.Kind, c.At.Format("2006-01-02 15:04"), c.ID)
	return nil
}
