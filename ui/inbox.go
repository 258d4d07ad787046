package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
)

// ScreenInbox is a provider's inbox of the referrals shared with its
// organization (the first screen for the provider role).
const ScreenInbox = "inbox"

// InboxScreen lists the referrals navigators shared with the provider's
// organization, newest first, each with the family's language shown
// first; for the chosen one it shows what was shared and the provider's
// answers so far, and records a new answer (accepted, with the first
// appointment; declined, with a reason; services started; completed).
type InboxScreen struct {
	sh      *Shell
	content fyne.CanvasObject

	openOnly *check
	count    *widget.Label
	list     *widget.List
	shown    []store.SharedReferral

	selected  *store.SharedReferral
	language  *widget.Label // the family's language, prominent
	detail    *widget.Label
	answers   *widget.Label
	answer    *button
	detailBox *fyne.Container
}

func newInboxScreen(sh *Shell) *InboxScreen {
	r := &InboxScreen{sh: sh}
	r.openOnly = newCheck(sh, sh.T("inbox.only_open"), func(bool) { r.refresh() })
	r.count = widget.NewLabel("")
	r.list = widget.NewList(func() int { return len(r.shown) },
		func() fyne.CanvasObject { return newTwoLineRow(sh) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			s := r.shown[i]
			setTwoLineRow(sh, o.(*fyne.Container), r.titleText(s), r.infoText(s))
		})
	r.list.OnSelected = func(i widget.ListItemID) {
		if i < len(r.shown) {
			r.show(r.shown[i].ID)
		}
	}
	r.language = widget.NewLabelWithStyle("", sh.leading(), fyne.TextStyle{Bold: true})
	r.language.Importance = widget.HighImportance
	r.detail = wrappedLabel(sh.T("inbox.pick"))
	r.answers = wrappedLabel("")
	r.answer = newButton(sh.T("inbox.answer"), func() {
		if r.selected != nil {
			showAnswerForm(sh, *r.selected, r.refresh)
		}
	})
	r.answer.Importance = widget.HighImportance
	r.answer.Disable()
	head := widget.NewLabelWithStyle(sh.T("inbox.answers"), sh.leading(), fyne.TextStyle{Bold: true})
	r.detailBox = container.NewVBox(r.language, r.detail, sh.mirror(container.NewHBox(r.answer, layout.NewSpacer())),
		widget.NewSeparator(), head, r.answers)
	top := sh.mirror(container.NewHBox(widget.NewLabelWithStyle(sh.T("inbox.title"), sh.leading(), fyne.TextStyle{Bold: true}),
		layout.NewSpacer(), r.openOnly, r.count))
	r.content = container.NewBorder(top, nil, nil, nil, sh.hsplit(r.list, container.NewBorder(r.detailBox, nil, nil, nil), 0.45))
	r.openOnly.SetChecked(true) // (loads the inbox)
	return r
}

func (r *InboxScreen) view() fyne.CanvasObject { return r.content }

// refresh reloads the inbox, keeping the chosen referral shown.
func (r *InboxScreen) refresh() {
	sh := r.sh
	list, err := sh.st.SharedReferrals(sh.ctx(), store.SharesFilter{Open: r.openOnly.Checked})
	if err != nil {
		sh.showError(err)
		return
	}
	r.shown = list
	r.count.SetText(sh.T("inbox.count", map[string]any{"Count": len(list)}))
	r.list.Refresh()
	if r.selected != nil {
		r.show(r.selected.ID)
	}
}

// titleText names the family and the child, or says the family withdrew
// its consent.
func (r *InboxScreen) titleText(s store.SharedReferral) string {
	sh := r.sh
	if s.Withdrawn() {
		return sh.T("inbox.withdrawn")
	}
	who := s.FamilyName
	if s.ChildFirstName != "" {
		who = sh.T("inbox.family_child", map[string]any{"Family": sh.isolated(s.FamilyName), "Child": sh.isolated(s.ChildFirstName)})
	}
	return who
}

// infoText says the family's language first, then the status and when it
// was shared.
func (r *InboxScreen) infoText(s store.SharedReferral) string {
	sh := r.sh
	return sh.T("inbox.info", map[string]any{"Language": r.languageText(s), "Status": sh.T("status." + s.Status()),
		"Date": sh.loc.Date(s.SharedAt)})
}

// languageText is the family's language, with the interpreter need.
func (r *InboxScreen) languageText(s store.SharedReferral) string {
	sh := r.sh
	lang := sh.languageName(s.HomeLanguage)
	if s.InterpreterNeeded {
		return sh.T("inbox.language_interpreter", map[string]any{"Language": lang})
	}
	return sh.T("inbox.language", map[string]any{"Language": lang})
}

// show shows one shared referral: what the navigator shared, and the
// answers so far.
func (r *InboxScreen) show(id string) {
	sh := r.sh
	list, err := sh.st.SharedReferrals(sh.ctx(), store.SharesFilter{ID: id})
	if err != nil || len(list) == 0 {
		r.selected = nil
		r.answer.Disable()
		return
	}
	s := list[0]
	r.selected = &s
	if s.Withdrawn() {
		r.language.SetText(sh.T("inbox.withdrawn"))
	} else {
		r.language.SetText(r.languageText(s))
	}
	var lines []string
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			lines = append(lines, label+": "+sh.isolated(value))
		}
	}
	add(sh.T("inbox.family"), s.FamilyName)
	add(sh.T("inbox.caregiver"), s.CaregiverName)
	add(sh.T("field.phone"), s.Phone)
	add(sh.T("field.email"), s.Email)
	if s.ContactMethod != "" {
		add(sh.T("field.contact_method"), sh.T("method."+s.ContactMethod))
	}
	add(sh.T("field.contact_times"), s.ContactTimes)
	if s.ChildFirstName != "" {
		add(sh.T("inbox.child"), s.ChildFirstName+" ("+sh.loc.Age(s.ChildAgeMonths)+")")
	}
	add(sh.T("field.reason"), s.Reason)
	if s.Priority != "" {
		add(sh.T("field.priority"), sh.T("priority."+s.Priority))
	}
	lines = append(lines, sh.T("inbox.referred_by", map[string]any{"Navigator": sh.isolated(s.Navigator),
		"Organization": sh.isolated(s.NavigatorOrg), "Date": sh.loc.Date(s.SharedAt)}))
	r.detail.SetText(strings.Join(lines, "\n"))
	var ans []string
	for _, a := range s.Answers {
		line := sh.T("inbox.answer_line", map[string]any{"Date": sh.loc.DateTime(a.At), "Status": sh.T("status." + a.Status), "By": sh.isolated(a.By)})
		if a.DeclineCode != "" {
			line += " — " + sh.T("decline."+a.DeclineCode)
		}
		if !a.Appointment.IsZero() {
			line += " — " + sh.T("share.appointment", map[string]any{"Date": sh.loc.DateTime(a.Appointment)})
		}
		if a.Note != "" {
			line += " — " + sh.isolated(a.Note)
		}
		ans = append(ans, line)
	}
	if len(ans) == 0 {
		ans = append(ans, sh.T("inbox.no_answer"))
	}
	r.answers.SetText(strings.Join(ans, "\n"))
	if s.Withdrawn() || data.ClosedStatus(s.Status()) {
		r.answer.Disable()
	} else {
		r.answer.Enable()
	}
	r.detailBox.Refresh() // the texts' new heights
	sh.applyDirection(r.detailBox)
}

// answerForm records a provider's answer to a shared referral.
type answerForm struct {
	*formDialog
	status      *choice
	decline     *choice
	appointment *textEntry
	note        *textEntry
}

// showAnswerForm opens the answer form for s; saved runs once recorded.
func showAnswerForm(sh *Shell, s store.SharedReferral, saved func()) *answerForm {
	f := &answerForm{}
	form := newFieldForm(sh.loc)
	f.status = newChoice(sh.loc, "answer.", data.AnswerStatuses, false)
	f.decline = newChoice(sh.loc, "decline.", data.DeclineReasons, true)
	f.appointment = newTextEntry()
	f.appointment.SetPlaceHolder(sh.T("answer.appointment_hint"))
	f.note = newMultiLineTextEntry()
	form.add("status", sh.T("answer.status"), f.status)
	form.add("decline_code", sh.T("answer.decline_code"), f.decline)
	form.add("appointment_at", sh.T("answer.appointment"), f.appointment)
	form.add("note", sh.T("field.note"), f.note)
	f.formDialog = newFormDialog(sh, sh.T("inbox.answer"), form, fyne.NewSize(520, 460), func() error {
		var c data.Checker
		a := store.Answer{Status: f.status.code(), DeclineCode: f.decline.code(), Note: f.note.Text, By: sh.navigator()}
		if txt := strings.TrimSpace(f.appointment.Text); txt != "" {
			at, err := time.ParseInLocation("2006-01-02 15:04", txt, time.Local)
			if err != nil {
				at, err = time.ParseInLocation("2006-01-02", txt, time.Local)
			}
			if err != nil {
				c.Add("appointment_at", data.CodeInvalidDate, txt)
			}
			a.Appointment = at
		}
		if err := c.Err(); err != nil {
			return err
		}
		if err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error { _, err := tx.AnswerReferral(s.ID, a); return err }); err != nil {
			return err
		}
		if saved != nil {
			saved()
		}
		return nil
	})
	return f
}
