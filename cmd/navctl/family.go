package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"trellis/data"
	"trellis/data/store"
)

func init() {
	register(
		&command{name: "family add", args: "--name NAME --language TAG [flags]",
			summary: "add a family, optionally with its first caregiver", run: familyAdd},
		&command{name: "family list", args: "[QUERY] [--mine | --navigator NAME] [--limit N] [--offset N]",
			summary: "list families, or find them by name, phone, ZIP or e-mail", run: familyList},
		&command{name: "family show", args: "FAMILY_ID",
			summary: "show a family with its members and history", run: familyShow},
		&command{name: "family edit", args: "FAMILY_ID [flags]",
			summary: "change the given fields of a family", run: familyEdit},
		&command{name: "child add", args: "FAMILY_ID --given NAME --born YYYY-MM-DD [flags]",
			summary: "add a child to a family", run: childAdd},
	)
}

// householdFlags are the flags that set a family's fields, shared by add
// and edit.
type householdFlags struct {
	text                                      map[string]*string // text flags by name
	other                                     string
	interpreter, consentContact, consentShare bool
}

func (f *householdFlags) define(fs *flag.FlagSet) {
	f.text = map[string]*string{}
	for _, d := range [][2]string{
		{"name", "how the family is known, e.g. \"Nguyen family\""},
		{"language", "home language (BCP 47 tag, e.g. es, so, zh-Hant)"},
		{"contact-method", "phone, text, email or in_person"},
		{"contact-times", "when to reach the family"},
		{"phone", "phone number"},
		{"email", "e-mail address"},
		{"address", "street address"},
		{"zip", "ZIP code"},
		{"race-ethnicity", "self-described race/ethnicity (optional)"},
		{"notes", "notes"},
		{"navigator", "assigned navigator (default: the profile's navigator)"},
		{"organization", "the navigator's organization"},
	} {
		f.text[d[0]] = fs.String(d[0], "", d[1])
	}
	fs.StringVar(&f.other, "other-languages", "", "other languages, comma-separated tags")
	fs.BoolVar(&f.interpreter, "interpreter", false, "an interpreter is needed")
	fs.BoolVar(&f.consentContact, "consent-contact", false, "the family consents to be contacted (recorded today)")
	fs.BoolVar(&f.consentShare, "consent-share", false, "the family consents to sharing with providers (recorded today)")
}

// apply copies the flags given on the command line into h. Consent is
// recorded as given today by the navigator.
func (f *householdFlags) apply(h *data.Household, set map[string]bool, today data.Date, by string) {
	fields := map[string]*string{"name": &h.Name, "language": &h.HomeLanguage, "contact-method": &h.ContactMethod,
		"contact-times": &h.ContactTimes, "phone": &h.Phone, "email": &h.Email, "address": &h.Address, "zip": &h.ZIP,
		"race-ethnicity": &h.RaceEthnicity, "notes": &h.Notes, "navigator": &h.Navigator, "organization": &h.Organization}
	for name, dst := range fields {
		if set[name] {
			*dst = *f.text[name]
		}
	}
	if set["other-languages"] {
		h.OtherLanguages = splitList(f.other)
	}
	if set["interpreter"] {
		h.InterpreterNeeded = f.interpreter
	}
	if set["consent-contact"] && f.consentContact != h.ConsentContact {
		h.ConsentContact, h.ConsentContactOn, h.ConsentContactBy = f.consentContact, today, by
	}
	if set["consent-share"] && f.consentShare != h.ConsentShare {
		h.ConsentShare, h.ConsentShareOn, h.ConsentShareBy = f.consentShare, today, by
	}
}

func familyAdd(e *env, args []string) error {
	fs := flag.NewFlagSet("family add", flag.ContinueOnError)
	var hf householdFlags
	hf.define(fs)
	caregiver := fs.String("caregiver", "", "first caregiver's name, \"Given Family\"")
	relationship := fs.String("relationship", "mother", "the caregiver's relationship to the children")
	_, st, err := e.begin(fs, args)
	if err != nil {
		return err
	}
	nav, err := e.navigatorName(st, *hf.text["navigator"])
	if err != nil {
		return err
	}
	*hf.text["navigator"] = nav
	set := setFlags(fs)
	set["navigator"] = true
	var h data.Household
	var members []data.Member
	err = st.Write(e.ctx, func(tx *store.Tx) error {
		hf.apply(&h, set, data.DateOf(tx.Now()), nav)
		if err := tx.AddHousehold(&h); err != nil {
			return err
		}
		if *caregiver != "" {
			given, family, _ := strings.Cut(strings.TrimSpace(*caregiver), " ")
			m := data.Member{HouseholdID: h.ID, Role: data.RoleCaregiver, GivenName: given,
				FamilyName: strings.TrimSpace(family), Relationship: *relationship}
			if err := tx.AddMember(&m); err != nil {
				return err
			}
			members = append(members, m)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"household": h, "members": members})
	}
	fmt.Fprintf(e.stdout, "Added %s (%s)\n", h.Name, h.ID)
	return nil
}

func familyList(e *env, args []string) error {
	fs := flag.NewFlagSet("family list", flag.ContinueOnError)
	limit := fs.Int("limit", 50, "at most this many families (0 for all)")
	offset := fs.Int("offset", 0, "skip this many")
	whose := caseloadFlags(fs)
	rest, err := flags(fs, args)
	if err != nil {
		return err
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	nav, err := whose(e, st)
	if err != nil {
		return err
	}
	page, err := st.SearchCaseload(e.ctx, nav, strings.Join(rest, " "), *offset, *limit)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(page)
	}
	today := data.DateOf(st.Now())
	tw := e.table("ID", "FAMILY", "LANGUAGE", "ZIP", "CHILDREN", "NAVIGATOR")
	for _, f := range page.Items {
		kids := make([]string, len(f.Children))
		for i, c := range f.Children {
			kids[i] = c.Name + " (" + ageText(data.AgeInMonths(c.BirthDate, today)) + ")"
		}
		lang := f.HomeLanguage
		if f.InterpreterNeeded {
			lang += " (interpreter)"
		}
		row(tw, f.ID, f.Name, lang, orDash(f.ZIP), orDash(strings.Join(kids, ", ")), orDash(f.Navigator))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d of %d families\n", len(page.Items), page.Total)
	return nil
}

// familyRecord is everything navctl shows of one family.
type familyRecord struct {
	Household  data.Household
	Members    []data.Member
	Contacts   []data.Contact
	Screenings []data.Screening
	Referrals  []store.ReferralSummary
	FollowUps  []data.FollowUp
	Given      []data.MaterialGiven
}

func loadFamily(e *env, st *store.Store, id string) (familyRecord, error) {
	var r familyRecord
	var err error
	if r.Household, err = st.Household(e.ctx, id); err != nil {
		return r, err
	}
	if r.Members, err = st.Members(e.ctx, id); err != nil {
		return r, err
	}
	if r.Contacts, err = st.Contacts(e.ctx, id); err != nil {
		return r, err
	}
	if r.Screenings, err = st.Screenings(e.ctx, id); err != nil {
		return r, err
	}
	if r.Referrals, err = st.Referrals(e.ctx, store.ReferralFilter{HouseholdID: id}); err != nil {
		return r, err
	}
	if r.FollowUps, err = st.FollowUps(e.ctx, id); err != nil {
		return r, err
	}
	r.Given, err = st.MaterialsGiven(e.ctx, id)
	return r, err
}

func familyShow(e *env, args []string) error {
	if err := positional(args, "FAMILY_ID"); err != nil {
		return err
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	r, err := loadFamily(e, st, args[0])
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(r)
	}
	h := r.Household
	today := data.DateOf(st.Now())
	w := e.stdout
	fmt.Fprintf(w, "%s (%s)\n", h.Name, h.ID)
	fmt.Fprintf(w, "  home language: %s", h.HomeLanguage)
	if len(h.OtherLanguages) > 0 {
		fmt.Fprintf(w, " (also %s)", strings.Join(h.OtherLanguages, ", "))
	}
	if h.InterpreterNeeded {
		fmt.Fprint(w, ", interpreter needed")
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  contact: %s %s %s, %s\n", orDash(h.Phone), h.Email, orDash(h.ContactMethod), orDash(h.ContactTimes))
	fmt.Fprintf(w, "  address: %s %s\n", orDash(h.Address), h.ZIP)
	fmt.Fprintf(w, "  consent to contact: %s; to share: %s\n", consentText(h.ConsentContact, h.ConsentContactOn, h.ConsentContactBy),
		consentText(h.ConsentShare, h.ConsentShareOn, h.ConsentShareBy))
	fmt.Fprintf(w, "  navigator: %s %s\n", orDash(h.Navigator), h.Organization)
	if h.Notes != "" {
		fmt.Fprintf(w, "  notes: %s\n", h.Notes)
	}
	fmt.Fprintln(w, "members:")
	for _, m := range r.Members {
		if m.Role == data.RoleChild {
			fmt.Fprintf(w, "  child      %s, born %s (%s)  %s\n", m.DisplayName(), m.BirthDate, ageText(m.AgeMonths(today)), m.ID)
		} else {
			fmt.Fprintf(w, "  caregiver  %s, %s  %s\n", m.DisplayName(), orDash(m.Relationship), m.ID)
		}
	}
	if len(r.Screenings) > 0 {
		fmt.Fprintln(w, "screenings:")
		for _, s := range r.Screenings {
			score := ""
			if s.Score != nil {
				score = " score " + strconv.FormatFloat(*s.Score, 'f', -1, 64)
			}
			fmt.Fprintf(w, "  %s %s %s%s\n", s.On, s.Tool, s.Outcome, score)
		}
	}
	if len(r.Referrals) > 0 {
		fmt.Fprintln(w, "referrals:")
		for _, ref := range r.Referrals {
			fmt.Fprintf(w, "  %s %-11s %s  %s\n", ref.CreatedAt.Format("2006-01-02"), ref.Status, ref.ServiceName, ref.ID)
		}
	}
	if len(r.FollowUps) > 0 {
		fmt.Fprintln(w, "follow-ups:")
		for _, f := range r.FollowUps {
			done := "open"
			if f.Done() {
				done = "done " + f.DoneAt.Format("2006-01-02")
			}
			fmt.Fprintf(w, "  due %s %s: %s  %s\n", f.Due, done, f.Note, f.ID)
		}
	}
	if len(r.Given) > 0 {
		fmt.Fprintln(w, "materials given:")
		for _, g := range r.Given {
			lang := g.Language
			if g.FellBack() {
				lang += ", no " + g.Wanted + " version"
			}
			fmt.Fprintf(w, "  %s %s (%s) by %s\n", g.GivenAt.Format("2006-01-02"), g.Title, lang, orDash(g.Navigator))
		}
	}
	if len(r.Contacts) > 0 {
		fmt.Fprintln(w, "contacts:")
		for _, c := range r.Contacts {
			fmt.Fprintf(w, "  %s %s (%s): %s\n", c.At.Format("2006-01-02"), c.Kind, c.Language, c.Notes)
		}
	}
	return nil
}

func consentText(given bool, on data.Date, by string) string {
	if !given {
		return "no"
	}
	s := "yes"
	if !on.IsZero() {
		s += ", " + on.String()
	}
	if by != "" {
		s += " by " + by
	}
	return s
}

func familyEdit(e *env, args []string) error {
	fs := flag.NewFlagSet("family edit", flag.ContinueOnError)
	var hf householdFlags
	hf.define(fs)
	rest, st, err := e.begin(fs, args, "FAMILY_ID")
	if err != nil {
		return err
	}
	set := setFlags(fs)
	if len(set) == 0 {
		return usagef("give at least one field to change, e.g. --phone")
	}
	by, err := e.navigatorName(st, *hf.text["navigator"])
	if err != nil {
		return err
	}
	var h data.Household
	err = st.Write(e.ctx, func(tx *store.Tx) error {
		if h, err = store.GetTx[data.Household](tx, rest[0]); err != nil {
			return err
		}
		hf.apply(&h, set, data.DateOf(tx.Now()), by)
		return tx.Update(&h)
	})
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(h)
	}
	fmt.Fprintf(e.stdout, "Saved %s (%s)\n", h.Name, h.ID)
	return nil
}

func childAdd(e *env, args []string) error {
	fs := flag.NewFlagSet("child add", flag.ContinueOnError)
	given := fs.String("given", "", "given name")
	family := fs.String("family", "", "family name")
	born := fs.String("born", "", "date of birth, YYYY-MM-DD")
	lang := fs.String("language", "", "the child's language, if not the family's")
	notes := fs.String("notes", "", "notes")
	rest, st, err := e.begin(fs, args, "FAMILY_ID")
	if err != nil {
		return err
	}
	birth, err := parseDate("child", "birth_date", *born)
	if err != nil {
		return err
	}
	m := data.Member{HouseholdID: rest[0], Role: data.RoleChild, GivenName: *given, FamilyName: *family,
		BirthDate: birth, Language: *lang, Notes: *notes}
	if err := st.Write(e.ctx, func(tx *store.Tx) error { return tx.AddMember(&m) }); err != nil {
		return err
	}
	if e.json {
		return e.printJSON(m)
	}
	fmt.Fprintf(e.stdout, "Added %s, born %s (%s)\n", m.DisplayName(), m.BirthDate, m.ID)
	return nil
}
