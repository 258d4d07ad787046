package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"trellis/data"
	"trellis/data/store"
	"trellis/data/textsearch"
)

func init() {
	register(
		&command{name: "resource search", args: "[QUERY] [--language TAG] [--age-months N] [--zip ZIP] [--cost C] [--category C]",
			summary: "search the service directory", run: resourceSearch},
		&command{name: "resource show", args: "SERVICE_ID [--in TAG]",
			summary: "show everything the directory knows about a service", run: resourceShow},
	)
}

func resourceSearch(e *env, args []string) error {
	fs := flag.NewFlagSet("resource search", flag.ContinueOnError)
	lang := fs.String("language", "", "only services offered in this language (BCP 47 tag)")
	age := fs.Int("age-months", store.AnyAge, "only services for a child of this age in months")
	zip := fs.String("zip", "", "only services serving this ZIP code (or words of a service area)")
	cost := fs.String("cost", "", "free, sliding_scale or fee")
	category := fs.String("category", "", "a category's name, code or id (its narrower categories match too)")
	in := fs.String("in", "", "show names and descriptions in this language when translated (default: --language)")
	all := fs.Bool("all", false, "include inactive and closed services")
	limit := fs.Int("limit", 20, "at most this many services (0 for all)")
	offset := fs.Int("offset", 0, "skip this many")
	rest, err := flags(fs, args)
	if err != nil {
		return err
	}
	if *age < store.AnyAge || *age > 1500 {
		return usagef("--age-months must be a number of months from 0")
	}
	switch *cost {
	case "", data.CostFree, data.CostSlidingScale, data.CostFee:
	default:
		return usagef("--cost must be free, sliding_scale or fee, not %q", *cost)
	}
	if *lang != "" {
		if _, err := data.CanonicalLanguage(*lang); err != nil {
			return fieldError("search", "language", data.CodeInvalidLanguage, *lang)
		}
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	q := store.DirectoryQuery{Text: strings.Join(rest, " "), Language: *lang, AgeMonths: *age, Area: *zip,
		Cost: *cost, DisplayLanguage: *in, IncludeInactive: *all, Offset: *offset, Limit: *limit}
	if q.DisplayLanguage == "" {
		q.DisplayLanguage = *lang
	}
	if *category != "" {
		if q.Category, err = findCategory(e, st, *category); err != nil {
			return err
		}
	}
	page, err := st.SearchServices(e.ctx, q)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(page)
	}
	tw := e.table("ID", "SERVICE", "ORGANIZATION", "AGES", "LANGUAGES", "COST")
	for _, s := range page.Items {
		row(tw, s.ID, s.Name, s.Organization, ageRange(s.MinimumAge, s.MaximumAge), strings.Join(s.Languages, ","), orDash(s.Cost))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d of %d services\n", len(page.Items), page.Total)
	return nil
}

// findCategory resolves a category given by id, code or name (accents and
// case ignored) among the directory's categories.
func findCategory(e *env, st *store.Store, want string) (string, error) {
	cats, err := st.Categories(e.ctx)
	if err != nil {
		return "", err
	}
	folded := textsearch.Fold(want)
	for _, c := range cats {
		if c.ID == want || c.Code == want || textsearch.Fold(c.Name) == folded {
			return c.ID, nil
		}
	}
	names := make([]string, len(cats))
	for i, c := range cats {
		names[i] = c.Name
	}
	return "", fmt.Errorf("no category %q; the directory has: %s", want, strings.Join(names, "; "))
}

func ageRange(lo, hi *float64) string {
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	if lo == nil && hi == nil {
		return "any"
	}
	return f(lo) + "-" + f(hi) + " y"
}

func resourceShow(e *env, args []string) error {
	fs := flag.NewFlagSet("resource show", flag.ContinueOnError)
	in := fs.String("in", "", "show the name and description in this language when translated")
	rest, st, err := e.begin(fs, args, "SERVICE_ID")
	if err != nil {
		return err
	}
	d, err := st.Service(e.ctx, rest[0])
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(d)
	}
	name, desc, elig, lang := d.Translated(*in)
	w := e.stdout
	fmt.Fprintf(w, "%s (%s)\n  [%s] %s\n", name, d.Service.ID, lang, desc)
	fmt.Fprintf(w, "  who: %s (ages %s)\n", orDash(elig), ageRange(d.Service.MinimumAge, d.Service.MaximumAge))
	fmt.Fprintf(w, "  organization: %s\n  status: %s\n  cost: %s\n", orDash(d.Organization.Name), d.Service.Status, orDash(d.Cost))
	langs := make([]string, len(d.Languages))
	for i, l := range d.Languages {
		langs[i] = l.Code
	}
	fmt.Fprintf(w, "  languages: %s\n", orDash(strings.Join(langs, ", ")))
	for _, p := range d.Phones {
		fmt.Fprintf(w, "  phone: %s %s\n", p.Number, p.Description)
	}
	for _, l := range d.Locations {
		for _, a := range l.Addresses {
			fmt.Fprintf(w, "  at: %s, %s, %s %s\n", a.Address1, a.City, a.StateProvince, a.PostalCode)
		}
	}
	for _, s := range d.Schedules {
		fmt.Fprintf(w, "  open: %s\n", orDash(s.Description))
	}
	for _, a := range d.ServiceAreas {
		fmt.Fprintf(w, "  area: %s %s\n", a.Name, a.Description)
	}
	cats := make([]string, len(d.Categories))
	for i, c := range d.Categories {
		cats[i] = c.Name
	}
	fmt.Fprintf(w, "  categories: %s\n", orDash(strings.Join(cats, "; ")))
	return nil
}
