package ui

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
)

// markdownEscaper keeps directory text from being read as Markdown.
var markdownEscaper = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `_`, `\_`, "`", "\\`", `#`, `\#`, `[`, `\[`, `]`, `\]`)

// serviceMarkdown writes a service's details in the UI language (in
// English where the directory has no translation, saying what is not
// translated): what it is, who it is for, phones, hours, languages, areas,
// cost and what to bring. With also (the family's language), the
// service's name in that language comes under its title, or what of it is
// not translated into that language.
func serviceMarkdown(sh *Shell, d *store.ServiceDetail, also string) string {
	esc := markdownEscaper.Replace
	text := d.TextIn(sh.loc.Language())
	name, desc, elig := text.Name, text.Description, text.Eligibility
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n\n") }
	section := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		line("**" + esc(title) + "**")
		for _, it := range items {
			b.WriteString("- " + it + "\n")
		}
		b.WriteString("\n")
	}
	line("## " + esc(name))
	if also != "" {
		t := d.TextIn(also)
		if !slices.Contains(t.Untranslated, store.PartName) {
			line("**" + esc(sh.T("directory.also_title", map[string]any{"Language": sh.languageName(also), "Name": t.Name})) + "**")
		}
		if mark := sh.untranslatedMark(also, t.Untranslated); mark != "" {
			line("*" + esc(mark) + "*")
		}
	}
	if mark := sh.untranslatedMark(sh.loc.Language(), text.Untranslated); mark != "" {
		line("*" + esc(mark) + "*")
	}
	if d.Organization.Name != "" {
		line(esc(d.Organization.Name))
	}
	if d.Service.Status != "" && d.Service.Status != data.ServiceActive {
		line("**" + esc(sh.T("service.status_"+strings.ReplaceAll(d.Service.Status, " ", "_"))) + "**")
	}
	if desc != "" {
		line(esc(desc))
	}
	var who []string
	if elig != "" {
		who = append(who, esc(elig))
	}
	if a := ageRange(sh, d.Service.MinimumAge, d.Service.MaximumAge); a != "" {
		who = append(who, esc(a))
	}
	section(sh.T("service.eligibility"), who)

	var phones []string
	for _, p := range d.Phones {
		s := p.Number
		if p.Extension != nil {
			s += " " + sh.T("service.extension", map[string]any{"Ext": strconv.Itoa(int(*p.Extension))})
		}
		if p.Description != "" {
			s += " — " + p.Description
		}
		phones = append(phones, esc(s))
	}
	section(sh.T("service.phones"), phones)

	var hours []string
	for _, s := range d.Schedules {
		if h := scheduleText(sh, s); h != "" {
			hours = append(hours, esc(h))
		}
	}
	section(sh.T("service.hours"), hours)

	var langs []string
	for _, l := range d.Languages {
		n := sh.languageName(l.Code)
		if n == l.Code && l.Name != "" {
			n = l.Name
		}
		langs = append(langs, esc(n))
	}
	section(sh.T("service.languages"), langs)

	var places []string
	for _, l := range d.Locations {
		for _, a := range l.Addresses {
			places = append(places, esc(strings.Join(nonEmpty(a.Address1, a.Address2, a.City, a.StateProvince, a.PostalCode), ", ")))
		}
	}
	section(sh.T("service.addresses"), places)

	var areas []string
	for _, a := range d.ServiceAreas {
		areas = append(areas, esc(strings.Join(nonEmpty(a.Name, a.Description), " — ")))
	}
	section(sh.T("service.areas"), areas)

	var cost []string
	if d.Cost != "" {
		cost = append(cost, esc(sh.T("cost."+d.Cost)))
	}
	for _, c := range d.CostOptions {
		if c.AmountDescription != "" || c.Option != "" {
			cost = append(cost, esc(strings.Join(nonEmpty(c.Option, c.AmountDescription), ": ")))
		}
	}
	if d.Service.FeesDescription != "" {
		cost = append(cost, esc(d.Service.FeesDescription))
	}
	section(sh.T("service.cost"), cost)

	var docs []string
	for _, r := range d.RequiredDocuments {
		docs = append(docs, esc(r.Document))
	}
	section(sh.T("service.documents"), docs)

	var apply []string
	if d.Service.ApplicationProcess != "" {
		apply = append(apply, esc(d.Service.ApplicationProcess))
	}
	if d.Service.WaitTime != "" {
		apply = append(apply, esc(sh.T("service.wait", map[string]any{"Wait": d.Service.WaitTime})))
	}
	if d.Service.URL != "" {
		apply = append(apply, esc(d.Service.URL))
	}
	if d.Service.Email != "" {
		apply = append(apply, esc(d.Service.Email))
	}
	section(sh.T("service.how_to_apply"), apply)
	if d.Service.AssuredDate != "" {
		line("*" + esc(sh.T("service.verified", map[string]any{"Date": d.Service.AssuredDate})) + "*")
	}
	if d.Service.Source != "" {
		line("*" + esc(sh.T("service.source", map[string]any{"Source": d.Service.Source})) + "*")
	}
	return b.String()
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// ageRange says which ages a service takes, from its HSDS ages in years.
func ageRange(sh *Shell, min, max *float64) string {
	years := func(v float64) string { return sh.loc.Age(int(v * 12)) }
	switch {
	case min != nil && max != nil:
		return sh.T("service.ages_between", map[string]any{"Min": years(*min), "Max": years(*max)})
	case min != nil:
		return sh.T("service.ages_from", map[string]any{"Min": years(*min)})
	case max != nil:
		return sh.T("service.ages_to", map[string]any{"Max": years(*max)})
	}
	return ""
}

// scheduleText writes one opening schedule: its days and hours, or its
// description.
func scheduleText(sh *Shell, s data.Schedule) string {
	var days []string
	for _, d := range strings.Split(s.ByDay, ",") {
		d = strings.TrimSpace(strings.ToUpper(d))
		if len(d) >= 2 {
			days = append(days, sh.T("day."+d[len(d)-2:]))
		}
	}
	var parts []string
	if len(days) > 0 {
		parts = append(parts, strings.Join(days, ", "))
	}
	if s.OpensAt != "" || s.ClosesAt != "" {
		parts = append(parts, sh.T("service.opens_closes", map[string]any{"Opens": s.OpensAt, "Closes": s.ClosesAt}))
	}
	if s.Description != "" {
		parts = append(parts, s.Description)
	}
	return strings.Join(parts, " ")
}

// referralForm refers a family (or one child) to a service, and can
// schedule the follow-up at the same time.
type referralForm struct {
	*formDialog
	child      *choice
	reason     *textEntry
	priority   *choice
	followUp   *check
	followUpOn *textEntry
}

// showReferralForm opens the form to refer household to serviceID (childID
// preselected if set); saved gets the new referral's id.
func showReferralForm(sh *Shell, h data.Household, childID, serviceID string, saved func(referralID string)) *referralForm {
	f := &referralForm{}
	members, err := sh.st.Members(sh.ctx(), h.ID)
	if err != nil {
		sh.showError(err)
		return nil
	}
	svcName := ""
	if det, err := sh.st.Service(sh.ctx(), serviceID); err == nil {
		svcName, _, _, _ = det.Translated(sh.loc.Language())
	}
	page := &FamilyPage{sh: sh, id: h.ID, h: h, members: members}
	form := newFieldForm(sh.loc)
	f.child = childChoice(sh, page, true)
	f.child.setCode(childID)
	f.reason = newMultiLineTextEntry()
	f.reason.SetPlaceHolder(sh.T("refer.reason_hint"))
	f.priority = newChoice(sh.loc, "priority.", data.ReferralPriorities, false)
	f.priority.setCode(data.PriorityRoutine)
	f.followUp = newCheck(sh, sh.T("refer.followup"), nil)
	f.followUp.SetChecked(true)
	f.followUpOn = newTextEntry()
	f.followUpOn.SetText(sh.today().AddDays(14).String())
	f.followUpOn.SetPlaceHolder(sh.T("form.date_hint"))
	f.followUp.OnChanged = func(on bool) {
		if on {
			f.followUpOn.Enable()
		} else {
			f.followUpOn.Disable()
		}
	}
	intro := widget.NewLabel(sh.T("refer.intro", map[string]any{"Family": h.Name, "Service": svcName}))
	intro.Wrapping = fyne.TextWrapWord
	form.addRow("", intro)
	form.add("child_id", sh.T("field.child_id"), f.child)
	form.add("reason", sh.T("field.reason"), f.reason)
	form.add("priority", sh.T("field.priority"), f.priority)
	form.add("due_on", sh.T("refer.followup_on"), container.NewVBox(f.followUp, f.followUpOn))
	f.formDialog = newFormDialog(sh, sh.T("refer.title"), form, fyne.NewSize(560, 520), func() error {
		var c data.Checker
		var due data.Date
		if f.followUp.Checked {
			due = parseDateField("due_on", f.followUpOn.Text, &c)
			if due.IsZero() {
				c.Add("due_on", data.CodeRequired, "")
			}
		}
		if err := c.Err(); err != nil {
			return err
		}
		r := data.Referral{HouseholdID: h.ID, ChildID: f.child.code(), ServiceID: serviceID, Reason: f.reason.Text,
			Priority: f.priority.code(), Navigator: sh.navigator()}
		err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error {
			if err := tx.CreateReferral(&r, data.StatusRequested, sh.navigator(), f.reason.Text); err != nil {
				return err
			}
			if due.IsZero() {
				return nil
			}
			note := sh.T("refer.followup_note", map[string]any{"Service": svcName})
			return tx.AddFollowUp(&data.FollowUp{HouseholdID: h.ID, ReferralID: r.ID, Due: due, Note: note, Navigator: sh.navigator()})
		})
		if err != nil {
			return err
		}
		if saved != nil {
			saved(r.ID)
		}
		return nil
	})
	return f
}
