package ui

import (
	"fyne.io/fyne/v2"

	"trellis/data"
	"trellis/data/store"
)

// contactForm logs a contact with the family, or edits one logged before.
type contactForm struct {
	*formDialog
	kind     *choice
	language *choice
	notes    *textEntry
}

// showContactForm opens the form to log a contact with the family on page
// p, now, in the family's home language unless changed.
func showContactForm(sh *Shell, p *FamilyPage) *contactForm {
	return showContactFormFor(sh, p, nil)
}

// showContactFormFor opens the form for a new contact (c nil) or to edit
// c: its kind, language and notes (when and by whom stay as logged).
func showContactFormFor(sh *Shell, p *FamilyPage, c *data.Contact) *contactForm {
	f := &contactForm{}
	contact := data.Contact{HouseholdID: p.id, Kind: data.KindPhone, Language: p.h.HomeLanguage}
	title := sh.T("family.log_contact")
	if c != nil {
		contact, title = *c, sh.T("contact.edit_title")
	}
	form := newFieldForm(sh.loc)
	f.kind = newChoice(sh.loc, "kind.", data.ContactKinds, false)
	f.kind.setCode(contact.Kind)
	f.language = newLanguageChoice(sh, true)
	f.language.setCode(contact.Language)
	f.notes = newMultiLineTextEntry()
	f.notes.SetText(contact.Notes)
	f.notes.SetMinRowsVisible(4)
	form.add("kind", sh.T("field.kind"), f.kind)
	form.add("language", sh.T("field.language"), f.language)
	form.add("notes", sh.T("field.notes"), f.notes)
	f.formDialog = newFormDialog(sh, title, form, fyne.NewSize(520, 420), func() error {
		ct := contact
		ct.Kind, ct.Language, ct.Notes = f.kind.code(), f.language.code(), f.notes.Text
		err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error {
			if ct.ID == "" {
				ct.At, ct.Navigator = sh.st.Now(), sh.navigator()
				return tx.AddContact(&ct)
			}
			return tx.Update(&ct)
		})
		if err != nil {
			return err
		}
		p.refresh()
		return nil
	})
	return f
}

// childChoice offers the family's children by name.
func childChoice(sh *Shell, p *FamilyPage, optional bool) *choice {
	var codes, labels []string
	if optional {
		codes, labels = append(codes, ""), append(labels, sh.T("refer.whole_family"))
	}
	for _, m := range p.members {
		if m.Role == data.RoleChild {
			codes = append(codes, m.ID)
			// Through the message, the name is isolated in a right-to-left
			// language: "Oliver Anderson (4 سنوات)" kept "(4" with the
			// Latin name and drew "سنوات)" apart.
			labels = append(labels, sh.T("families.child_age", map[string]any{"Name": m.DisplayName(), "Age": sh.loc.Age(m.AgeMonths(sh.today()))}))
		}
	}
	c := newChoiceOf(sh.loc, codes, labels)
	if len(codes) > 0 {
		c.SetSelectedIndex(0)
	}
	return c
}

// screeningForm records a child's screening.
type screeningForm struct {
	*formDialog
	child   *choice
	tool    *choice
	name    *textEntry
	on      *textEntry
	outcome *choice
	score   *textEntry
	notes   *textEntry
}

// showScreeningForm opens the form to record a screening of one of the
// family's children, dated today unless changed.
func showScreeningForm(sh *Shell, p *FamilyPage) *screeningForm {
	f := &screeningForm{}
	form := newFieldForm(sh.loc)
	f.child = childChoice(sh, p, false)
	f.tool = newChoice(sh.loc, "tool.", data.ScreeningTools, false)
	f.tool.setCode(data.ToolASQ3)
	f.name = newTextEntry()
	f.name.SetPlaceHolder(sh.T("screening.tool_name_hint"))
	f.on = newTextEntry()
	f.on.SetText(sh.today().String())
	f.on.SetPlaceHolder(sh.T("form.date_hint"))
	f.outcome = newChoice(sh.loc, "outcome.", data.ScreeningOutcomes, false)
	f.score = newTextEntry()
	f.notes = newMultiLineTextEntry()
	form.add("child_id", sh.T("field.child_id"), f.child)
	form.add("tool", sh.T("field.tool"), f.tool)
	form.add("tool_name", sh.T("field.tool_name"), f.name)
	form.add("screened_on", sh.T("field.screened_on"), f.on)
	form.add("outcome", sh.T("field.outcome"), f.outcome)
	form.add("score", sh.T("field.score"), f.score)
	form.add("notes", sh.T("field.notes"), f.notes)
	f.formDialog = newFormDialog(sh, sh.T("family.record_screening"), form, fyne.NewSize(520, 560), func() error {
		var c data.Checker
		s := data.Screening{HouseholdID: p.id, ChildID: f.child.code(), Tool: f.tool.code(), ToolName: f.name.Text,
			Language: p.h.HomeLanguage, Outcome: f.outcome.code(), Notes: f.notes.Text, Navigator: sh.navigator()}
		s.On = parseDateField("screened_on", f.on.Text, &c)
		s.Score = parseScoreField("score", f.score.Text, &c)
		if err := c.Err(); err != nil {
			return err
		}
		if err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error { return tx.AddScreening(&s) }); err != nil {
			return err
		}
		p.refresh()
		return nil
	})
	return f
}

// followUpForm schedules a follow-up with the family.
type followUpForm struct {
	*formDialog
	due  *textEntry
	note *textEntry
}

// showFollowUpForm opens the form to schedule a follow-up, a week from
// today unless changed.
func showFollowUpForm(sh *Shell, p *FamilyPage) *followUpForm {
	return showFollowUpFormFor(sh, p.id, "", p.refresh)
}

// showFollowUpFormFor schedules a follow-up with a family, about one of its
// referrals if referralID is set; saved is called after it is stored.
func showFollowUpFormFor(sh *Shell, householdID, referralID string, saved func()) *followUpForm {
	f := &followUpForm{}
	form := newFieldForm(sh.loc)
	f.due = newTextEntry()
	f.due.SetText(sh.today().AddDays(7).String())
	f.due.SetPlaceHolder(sh.T("form.date_hint"))
	f.note = newMultiLineTextEntry()
	f.note.SetPlaceHolder(sh.T("followup.note_hint"))
	form.add("due_on", sh.T("field.due_on"), f.due)
	form.add("note", sh.T("field.note"), f.note)
	f.formDialog = newFormDialog(sh, sh.T("family.schedule_followup"), form, fyne.NewSize(480, 340), func() error {
		var c data.Checker
		fu := data.FollowUp{HouseholdID: householdID, ReferralID: referralID, Note: f.note.Text, Navigator: sh.navigator()}
		fu.Due = parseDateField("due_on", f.due.Text, &c)
		if fu.Due.IsZero() {
			c.Add("due_on", data.CodeRequired, "")
		}
		if err := c.Err(); err != nil {
			return err
		}
		if err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error { return tx.AddFollowUp(&fu) }); err != nil {
			return err
		}
		if saved != nil {
			saved()
		}
		return nil
	})
	return f
}
