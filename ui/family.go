package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
)

// FamilyPage shows one family: how to reach them, consent, the members with
// children's ages and languages, and one timeline of contacts, screenings,
// referrals and follow-ups. Logging a contact, recording a screening,
// referring and scheduling a follow-up each start with one click here.
type FamilyPage struct {
	sh      *Shell
	id      string
	content fyne.CanvasObject

	h        data.Household
	members  []data.Member
	timeline []store.TimelineEntry

	title     *widget.Label
	details   *widget.Label
	consent   *widget.Label
	membersBx *fyne.Container
	timelineL *widget.List

	back, edit, addChild, addCaregiver  *button
	logContact, screen, refer, followUp *button
	give                                *button

	// The forms last opened from this page.
	householdForm *householdForm
	memberForm    *memberForm
	contactForm   *contactForm
	screeningForm *screeningForm
	followUpForm  *followUpForm
	giveForm      *giveMaterials
	entry         dialog.Dialog // the timeline entry last opened
	editEntry     *button
	deleteEntry   *button
}

func newFamilyPage(sh *Shell, id string, back func()) *FamilyPage {
	p := &FamilyPage{sh: sh, id: id}
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.title.Truncation = fyne.TextTruncateEllipsis
	p.details = widget.NewLabel("")
	p.details.Wrapping = fyne.TextWrapWord
	p.consent = widget.NewLabel("")
	p.consent.Wrapping = fyne.TextWrapWord
	p.membersBx = container.NewVBox()

	p.back = newButtonWithIcon(sh.T("action.back"), sh.backIcon(), back)
	p.edit = newButtonWithIcon(sh.T("action.edit"), fynetheme.DocumentCreateIcon(), func() {
		p.householdForm = showHouseholdForm(sh, &p.h, func(string) { p.refresh() })
	})
	p.addChild = newButtonWithIcon(sh.T("family.add_child"), fynetheme.ContentAddIcon(), func() {
		p.memberForm = showMemberForm(sh, p.h, data.RoleChild, nil, p.refresh)
	})
	p.addCaregiver = newButtonWithIcon(sh.T("family.add_caregiver"), fynetheme.ContentAddIcon(), func() {
		p.memberForm = showMemberForm(sh, p.h, data.RoleCaregiver, nil, p.refresh)
	})
	p.logContact = newButtonWithIcon(sh.T("family.log_contact"), fynetheme.MailComposeIcon(), func() { p.contactForm = showContactForm(sh, p) })
	p.screen = newButtonWithIcon(sh.T("family.record_screening"), fynetheme.DocumentIcon(), func() { p.screeningForm = showScreeningForm(sh, p) })
	p.refer = newButtonWithIcon(sh.T("family.refer"), fynetheme.MailForwardIcon(), func() { sh.referFromDirectory(p.h, "") })
	p.followUp = newButtonWithIcon(sh.T("family.schedule_followup"), fynetheme.HistoryIcon(), func() { p.followUpForm = showFollowUpForm(sh, p) })
	p.give = newButtonWithIcon(sh.T("family.give_materials"), fynetheme.DocumentPrintIcon(), func() { p.giveForm = showGiveMaterials(sh, p) })
	p.refer.Importance = widget.HighImportance

	p.timelineL = widget.NewList(func() int { return len(p.timeline) },
		func() fyne.CanvasObject {
			when := widget.NewLabel("")
			what := widget.NewLabelWithStyle("", sh.leading(), fyne.TextStyle{})
			what.Truncation = fyne.TextTruncateEllipsis
			return sh.mirror(container.NewBorder(nil, nil, when, nil, what))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			what, when := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Label)
			e := p.timeline[i]
			when.SetText(sh.display(sh.loc.Date(e.At)))
			sh.setLine(what, p.entryText(e))
		})

	p.timelineL.OnSelected = func(i widget.ListItemID) {
		p.timelineL.UnselectAll()
		if i < len(p.timeline) {
			p.showEntry(p.timeline[i])
		}
	}

	header := sh.mirror(container.NewBorder(nil, nil, p.back, p.edit, p.title))
	// The add buttons go under the heading: beside it they make the page
	// wider than the window in longer languages.
	membersHead := container.NewVBox(widget.NewLabelWithStyle(sh.T("family.members"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		sh.mirror(container.NewHBox(p.addChild, p.addCaregiver, layout.NewSpacer())))
	left := container.NewVScroll(container.NewVBox(p.details, p.consent, widget.NewSeparator(), membersHead, p.membersBx))
	actions := sh.mirror(container.NewGridWithColumns(2, p.logContact, p.screen, p.refer, p.followUp, p.give)) // two rows: four long labels in one row do not fit every language
	timelineHead := widget.NewLabelWithStyle(sh.T("family.timeline"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	right := container.NewBorder(container.NewVBox(actions, timelineHead), nil, nil, nil, p.timelineL)
	split := sh.hsplit(left, right, 0.38)
	p.content = container.NewBorder(header, nil, nil, nil, split)
	return p
}

// refresh reloads the family from the store.
func (p *FamilyPage) refresh() {
	sh := p.sh
	ctx := sh.ctx()
	h, err := sh.st.Household(ctx, p.id)
	if err != nil {
		sh.showError(err)
		return
	}
	members, err := sh.st.Members(ctx, p.id)
	if err != nil {
		sh.showError(err)
		return
	}
	timeline, err := sh.st.Timeline(ctx, p.id)
	if err != nil {
		sh.showError(err)
		return
	}
	p.h, p.members, p.timeline = h, members, timeline
	p.title.SetText(h.Name)
	p.details.SetText(p.detailText())
	p.consent.SetText(p.consentText())
	p.membersBx.Objects = nil
	for _, m := range members {
		p.membersBx.Add(p.memberRow(m))
	}
	p.membersBx.Refresh()
	p.timelineL.Refresh()
	sh.applyDirection(p.content)
}

func (p *FamilyPage) detailText() string {
	sh, h := p.sh, p.h
	var lines []string
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			lines = append(lines, sh.T(label)+": "+sh.isolated(value))
		}
	}
	lang := sh.languageName(h.HomeLanguage)
	if h.InterpreterNeeded {
		lang = sh.T("families.needs_interpreter", map[string]any{"Language": lang})
	}
	add("field.home_language", lang)
	var others []string
	for _, o := range h.OtherLanguages {
		others = append(others, sh.languageName(o))
	}
	add("field.other_languages", strings.Join(others, ", "))
	add("field.phone", h.Phone)
	add("field.email", h.Email)
	add("field.address", h.Address)
	add("field.zip", h.ZIP)
	if h.ContactMethod != "" {
		add("field.contact_method", sh.T("method."+h.ContactMethod))
	}
	add("field.contact_times", h.ContactTimes)
	add("field.navigator", h.Navigator)
	add("field.notes", h.Notes)
	return strings.Join(lines, "\n")
}

func (p *FamilyPage) consentText() string {
	sh, h := p.sh, p.h
	line := func(given bool, on data.Date, by, yes, no string) string {
		if !given {
			return sh.T(no)
		}
		return sh.T(yes, map[string]any{"Date": sh.loc.Date(on.Time()), "By": by})
	}
	return line(h.ConsentContact, h.ConsentContactOn, h.ConsentContactBy, "family.consent_contact_yes", "family.consent_contact_no") + "\n" +
		line(h.ConsentShare, h.ConsentShareOn, h.ConsentShareBy, "family.consent_share_yes", "family.consent_share_no")
}

// memberRow shows a member: name, role or relationship, a child's age, and
// their language when it differs from the family's.
func (p *FamilyPage) memberRow(m data.Member) fyne.CanvasObject {
	sh := p.sh
	var parts []string
	if m.Role == data.RoleChild {
		parts = append(parts, sh.T("member.child"), sh.loc.Age(m.AgeMonths(sh.today())))
	} else if m.Relationship != "" {
		parts = append(parts, sh.T("relationship."+m.Relationship))
	} else {
		parts = append(parts, sh.T("member.caregiver"))
	}
	if m.Language != "" && m.Language != p.h.HomeLanguage {
		parts = append(parts, sh.languageName(m.Language))
	}
	name := widget.NewLabelWithStyle(m.DisplayName(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	info := widget.NewLabel(strings.Join(parts, " · "))
	mem := m
	edit := newButtonWithIcon("", fynetheme.DocumentCreateIcon(), func() {
		p.memberForm = showMemberForm(sh, p.h, mem.Role, &mem, p.refresh)
	})
	var refer fyne.CanvasObject = layout.NewSpacer()
	if m.Role == data.RoleChild {
		refer = newButton(sh.T("family.refer_child"), func() { sh.referFromDirectory(p.h, mem.ID) })
	}
	return sh.mirror(container.NewBorder(nil, nil, nil, sh.mirror(container.NewHBox(refer, edit)), sh.mirror(container.NewHBox(name, info))))
}

// childName returns the name of the family's member with the given id.
func (p *FamilyPage) childName(id string) string {
	for _, m := range p.members {
		if m.ID == id {
			return m.DisplayName()
		}
	}
	return ""
}

// entryText says what one timeline entry is.
func (p *FamilyPage) entryText(e store.TimelineEntry) string {
	sh := p.sh
	switch e.Kind {
	case "contact":
		c := e.Contact
		return sh.T("timeline.contact", map[string]any{"Kind": sh.T("kind." + c.Kind), "By": c.Navigator, "Notes": c.Notes})
	case "screening":
		s := e.Screening
		tool := sh.T("tool." + s.Tool)
		if s.Tool == data.ToolOther && s.ToolName != "" {
			tool = s.ToolName
		}
		return sh.T("timeline.screening", map[string]any{"Tool": tool, "Child": p.childName(s.ChildID), "Outcome": sh.T("outcome." + s.Outcome), "Notes": s.Notes})
	case "referral":
		r := e.Referral
		child := r.ChildName
		if child == "" {
			child = p.h.Name
		}
		return sh.T("timeline.referral", map[string]any{"Child": child, "Service": r.ServiceName, "Status": sh.T("status." + r.Status), "Reason": r.Reason})
	case "referral_status":
		return sh.T("timeline.referral_status", map[string]any{"Service": e.Referral.ServiceName, "Status": sh.T("status." + e.Event.Status), "Note": e.Event.Note, "By": e.Event.By})
	case "followup":
		f := e.FollowUp
		if f.Done() {
			return sh.T("timeline.followup_done", map[string]any{"Note": f.Note, "Date": sh.loc.Date(f.DoneAt), "By": f.DoneBy})
		}
		return sh.T("timeline.followup", map[string]any{"Note": f.Note})
	case "material":
		g := e.Given
		args := map[string]any{"Title": g.Title, "Language": sh.languageName(g.Language), "Wanted": sh.languageName(g.Wanted), "By": g.Navigator}
		if g.FellBack() {
			return sh.T("timeline.material_fallback", args)
		}
		return sh.T("timeline.material", args)
	}
	return e.Kind
}

// showEntry opens a timeline entry in full: when, and everything it says,
// wrapped rather than cut to one line. A contact can be edited or deleted
// from there.
func (p *FamilyPage) showEntry(e store.TimelineEntry) {
	sh := p.sh
	when := sh.loc.Date(e.At)
	if e.Kind != "followup" && e.Kind != "screening" { // these have a day, not a time
		when = sh.loc.DateTime(e.At.Local())
	}
	lines := []string{when, p.entryText(e)}
	if e.Kind == "contact" && e.Contact.Language != "" {
		lines = append(lines, sh.T("field.language")+": "+sh.languageName(e.Contact.Language))
	}
	body := container.NewVBox(wrappedLabel(strings.Join(lines, "\n")))
	p.editEntry, p.deleteEntry = nil, nil
	var d dialog.Dialog
	if c := e.Contact; c != nil {
		contact := *c
		p.editEntry = newButtonWithIcon(sh.T("action.edit"), fynetheme.DocumentCreateIcon(), func() {
			d.Hide()
			p.contactForm = showContactFormFor(sh, p, &contact)
		})
		p.deleteEntry = newButtonWithIcon(sh.T("action.delete"), fynetheme.DeleteIcon(), func() {
			d.Hide()
			p.confirmDeleteContact(contact)
		})
		body.Add(sh.mirror(container.NewHBox(p.editEntry, p.deleteEntry, layout.NewSpacer())))
	}
	d = dialog.NewCustom(sh.T("timeline.entry_title"), sh.T("action.close"), container.NewVScroll(body), sh.win)
	d.Resize(fyne.NewSize(560, 320))
	p.entry = d
	sh.showDialog(d)
}

// confirmDeleteContact asks before deleting a contact. The store keeps the
// contact as deleted (a tombstone, which sync carries to the other
// laptops and the county server), so its history is not lost.
func (p *FamilyPage) confirmDeleteContact(c data.Contact) {
	sh := p.sh
	msg := wrappedLabel(sh.T("contact.delete_confirm", map[string]any{"Date": sh.loc.Date(c.At)}))
	confirm := dialog.NewCustomConfirm(sh.T("contact.delete_title"), sh.T("action.delete"), sh.T("action.cancel"), msg, func(ok bool) {
		if !ok {
			return
		}
		if err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error { return tx.Delete("contacts", c.ID) }); err != nil {
			sh.showError(err)
			return
		}
		p.refresh()
	}, sh.win)
	confirm.Resize(fyne.NewSize(480, 200))
	sh.showDialog(confirm)
}
