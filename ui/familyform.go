package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
)

// formDialog is a dialog holding a fieldForm with Save and Cancel. It opens
// with the cursor in its first field; Enter saves it; Cancel (or Esc)
// closes it at once if nothing was changed, and otherwise asks before
// throwing the typing away.
type formDialog struct {
	sh      *Shell
	dlg     dialog.Dialog
	form    *fieldForm
	save    *button
	cancel  *button
	initial []any         // what the fields held when the form opened
	discard dialog.Dialog // the question asked on Cancel, while open
}

// newFormDialog shows form in a dialog titled title; Save calls onSave,
// which returns nil to close the dialog or an error to show (validation
// errors beside their fields; anything else in an error dialog).
func newFormDialog(sh *Shell, title string, form *fieldForm, size fyne.Size, onSave func() error) *formDialog {
	fd := &formDialog{sh: sh, form: form}
	fd.save = newButton(sh.T("action.save"), nil)
	fd.save.Importance = widget.HighImportance
	fd.cancel = newButton(sh.T("action.cancel"), fd.close)
	body := container.NewBorder(nil, sh.mirror(container.NewHBox(fd.cancel, fd.save)), nil, nil, container.NewVScroll(form.content()))
	fd.dlg = dialog.NewCustomWithoutButtons(title, body, sh.win)
	fd.dlg.Resize(size)
	fd.save.OnTapped = func() {
		err := onSave()
		if err == nil {
			fd.dlg.Hide()
			return
		}
		if !form.show(err) {
			sh.showError(err)
		}
	}
	fd.initial = form.values()
	sh.showDialog(fd.dlg)
	sh.setDialogKeys(fd.dlg, dialogKeys{enter: fd.save.OnTapped, cancel: fd.close})
	sh.applyDirection(body)
	if f := form.firstField(); f != nil {
		sh.win.Canvas().Focus(f)
	}
	return fd
}

// changed reports whether any field differs from when the form opened.
func (fd *formDialog) changed() bool {
	now := fd.form.values()
	for i := range now {
		if now[i] != fd.initial[i] {
			return true
		}
	}
	return false
}

// close is Cancel: the form closes at once when nothing was changed;
// otherwise the navigator is asked whether to throw the changes away or
// go on editing.
func (fd *formDialog) close() {
	sh := fd.sh
	if !fd.changed() {
		fd.dlg.Hide()
		return
	}
	q := dialog.NewConfirm(sh.T("form.discard_title"), sh.T("form.discard_question"), func(discard bool) {
		fd.discard = nil
		if discard {
			fd.dlg.Hide()
		}
	}, sh.win)
	q.SetConfirmText(sh.T("form.discard"))
	q.SetDismissText(sh.T("form.keep_editing"))
	fd.discard = q
	sh.showDialog(q)
	sh.setDialogKeys(q, dialogKeys{}) // Esc: keep editing
}

// householdForm edits a family's details.
type householdForm struct {
	*formDialog
	h           data.Household
	name        *textEntry
	language    *choice
	interpreter *check
	phone       *textEntry
	email       *textEntry
	address     *textEntry
	zip         *textEntry
	method      *choice
	times       *textEntry
	consent     *check
	share       *check
	notes       *textEntry
}

// showHouseholdForm opens the form for a new family (h nil) or to edit h;
// after a successful save it calls saved with the family's id.
func showHouseholdForm(sh *Shell, h *data.Household, saved func(id string)) *householdForm {
	f := &householdForm{}
	if h != nil {
		f.h = *h
	}
	form := newFieldForm(sh.loc)
	f.name = newTextEntry()
	f.name.SetText(f.h.Name)
	f.name.SetPlaceHolder(sh.T("family.name_hint"))
	f.language = newLanguageChoice(sh, true)
	f.language.setCode(f.h.HomeLanguage)
	f.interpreter = newCheck(sh, sh.T("family.interpreter"), nil)
	f.interpreter.SetChecked(f.h.InterpreterNeeded)
	f.phone = newTextEntry()
	f.phone.SetText(f.h.Phone)
	f.email = newTextEntry()
	f.email.SetText(f.h.Email)
	f.address = newTextEntry()
	f.address.SetText(f.h.Address)
	f.zip = newTextEntry()
	f.zip.SetText(f.h.ZIP)
	f.method = newChoice(sh.loc, "method.", data.ContactMethods, true)
	f.method.setCode(f.h.ContactMethod)
	f.times = newTextEntry()
	f.times.SetText(f.h.ContactTimes)
	f.consent = newCheck(sh, sh.T("family.consent_contact"), nil)
	f.consent.SetChecked(f.h.ConsentContact)
	f.share = newCheck(sh, sh.T("family.consent_share"), nil)
	f.share.SetChecked(f.h.ConsentShare)
	f.notes = newMultiLineTextEntry()
	f.notes.SetText(f.h.Notes)
	f.notes.SetMinRowsVisible(3)

	form.add("name", sh.T("field.name"), f.name)
	form.add("home_language", sh.T("field.home_language"), container.NewVBox(f.language, f.interpreter))
	form.add("phone", sh.T("field.phone"), f.phone)
	form.add("email", sh.T("field.email"), f.email)
	form.add("address", sh.T("field.address"), f.address)
	form.add("zip", sh.T("field.zip"), f.zip)
	form.add("contact_method", sh.T("field.contact_method"), f.method)
	form.add("contact_times", sh.T("field.contact_times"), f.times)
	form.add("consent_contact", sh.T("family.consent"), container.NewVBox(f.consent, f.share))
	form.add("notes", sh.T("field.notes"), f.notes)

	title := sh.T("family.new_title")
	if h != nil {
		title = sh.T("family.edit_title")
	}
	f.formDialog = newFormDialog(sh, title, form, fyne.NewSize(640, 620), func() error {
		return f.saveTo(sh, saved)
	})
	return f
}

// saveTo writes the family from what the form shows.
func (f *householdForm) saveTo(sh *Shell, saved func(id string)) error {
	h := f.h
	h.Name = f.name.Text
	h.HomeLanguage = f.language.code()
	h.InterpreterNeeded = f.interpreter.Checked
	h.Phone = f.phone.Text
	h.Email = f.email.Text
	h.Address = f.address.Text
	h.ZIP = f.zip.Text
	h.ContactMethod = f.method.code()
	h.ContactTimes = f.times.Text
	today := sh.today()
	if f.consent.Checked != f.h.ConsentContact || h.ID == "" && f.consent.Checked {
		h.ConsentContact, h.ConsentContactOn, h.ConsentContactBy = f.consent.Checked, today, sh.navigator()
	}
	if f.share.Checked != f.h.ConsentShare || h.ID == "" && f.share.Checked {
		h.ConsentShare, h.ConsentShareOn, h.ConsentShareBy = f.share.Checked, today, sh.navigator()
	}
	h.Notes = f.notes.Text
	isNew := h.ID == ""
	if isNew {
		h.Navigator = sh.navigator()
		h.Organization = sh.setting(SettingOrganization)
	}
	err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error {
		if isNew {
			return tx.AddHousehold(&h)
		}
		return tx.Update(&h)
	})
	if err != nil {
		return err
	}
	f.h = h
	if saved != nil {
		saved(h.ID)
	}
	return nil
}

// memberForm adds or edits a child or caregiver.
type memberForm struct {
	*formDialog
	m            data.Member
	given        *textEntry
	family       *textEntry
	birth        *textEntry
	relationship *choice
	language     *choice
	notes        *textEntry
}

// showMemberForm opens the form for a new member of household (role
// data.RoleChild or RoleCaregiver) or to edit m.
func showMemberForm(sh *Shell, household data.Household, role string, m *data.Member, saved func()) *memberForm {
	f := &memberForm{m: data.Member{HouseholdID: household.ID, Role: role}}
	if m != nil {
		f.m = *m
	}
	form := newFieldForm(sh.loc)
	f.given = newTextEntry()
	f.given.SetText(f.m.GivenName)
	f.family = newTextEntry()
	f.family.SetText(f.m.FamilyName)
	f.birth = newTextEntry()
	f.birth.SetText(f.m.BirthDate.String())
	f.birth.SetPlaceHolder(sh.T("form.date_hint"))
	f.relationship = newChoice(sh.loc, "relationship.", data.Relationships, true)
	f.relationship.setCode(f.m.Relationship)
	f.language = newLanguageChoice(sh, true)
	f.language.setCode(f.m.Language)
	f.notes = newMultiLineTextEntry()
	f.notes.SetText(f.m.Notes)

	form.add("given_name", sh.T("field.given_name"), f.given)
	form.add("family_name", sh.T("field.family_name"), f.family)
	form.add("birth_date", sh.T("field.birth_date"), f.birth)
	if f.m.Role == data.RoleCaregiver {
		form.add("relationship", sh.T("field.relationship"), f.relationship)
	}
	form.add("language", sh.T("member.language"), f.language)
	form.add("notes", sh.T("field.notes"), f.notes)

	title := sh.T("member.new_child")
	switch {
	case m != nil:
		title = sh.T("member.edit_title")
	case role == data.RoleCaregiver:
		title = sh.T("member.new_caregiver")
	}
	f.formDialog = newFormDialog(sh, title, form, fyne.NewSize(560, 520), func() error {
		var c data.Checker
		mem := f.m
		mem.GivenName = f.given.Text
		mem.FamilyName = f.family.Text
		mem.BirthDate = parseDateField("birth_date", f.birth.Text, &c)
		mem.Relationship = f.relationship.code()
		mem.Language = f.language.code()
		mem.Notes = f.notes.Text
		if err := c.Err(); err != nil {
			return err
		}
		isNew := mem.ID == ""
		err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error {
			if isNew {
				return tx.AddMember(&mem)
			}
			return tx.Update(&mem)
		})
		if err != nil {
			return err
		}
		f.m = mem
		if saved != nil {
			saved()
		}
		return nil
	})
	return f
}
