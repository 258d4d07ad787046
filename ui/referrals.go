package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
	"trellis/data/textsearch"
)

// Status filters of the referrals list besides the statuses themselves.
const (
	filterOpen   = "open"
	filterAll    = "all"
	filterClosed = "closed" // every status that needs no more work
)

// ReferralsScreen lists referrals by status, with filters; referrals with no
// update for two weeks stand out. For the chosen one it shows the history
// and changes the status with a note.
type ReferralsScreen struct {
	sh      *Shell
	content fyne.CanvasObject

	search  *textEntry
	status  *choice
	overdue *check
	count   *widget.Label
	list    *widget.List
	all     []store.ReferralSummary // as loaded for the status filter
	gen     int                     // refreshes started, so a late answer is dropped
	shown   []store.ReferralSummary // after the text and overdue filters

	selected   *store.ReferralSummary
	detail     *widget.Label
	history    []data.ReferralEvent
	historyL   *widget.List
	newStatus  *choice
	note       *textEntry
	change     *button
	followUp   *button
	openFamily *button
	handout    *button // summary for the family (handout_action.go)
	share      *button // share with the provider (share.go)
	shares     *widget.Label
	detailBox  *fyne.Container
}

func newReferralsScreen(sh *Shell) *ReferralsScreen {
	r := &ReferralsScreen{sh: sh}
	r.search = newTextEntry()
	r.search.SetPlaceHolder(sh.T("referrals.search_hint"))
	r.search.OnChanged = func(string) { r.applyFilters() }
	r.search.OnSubmitted = func(string) {
		r.applyFilters()
		sh.toResults(r.list, len(r.shown))
	}
	r.status = newChoice(sh.loc, "referrals.filter_", []string{filterOpen, filterAll, filterClosed}, false)
	for _, s := range data.ReferralStatuses {
		r.status.addOption(s, sh.T("status."+s))
	}
	r.status.setCode(filterOpen)
	r.status.OnChanged = func(string) { r.refresh() }
	r.overdue = newCheck(sh, sh.T("referrals.only_overdue"), func(bool) { r.applyFilters() })
	r.count = widget.NewLabel("")

	r.list = widget.NewList(func() int { return len(r.shown) },
		func() fyne.CanvasObject { return newTwoLineRow(sh) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			ref := r.shown[i]
			_, info := setTwoLineRow(sh, o.(*fyne.Container), r.titleText(ref), r.infoText(ref))
			if r.isOverdue(ref) {
				info.Importance = widget.DangerImportance
			} else {
				info.Importance = widget.MediumImportance
			}
			info.Refresh()
		})
	r.list.OnSelected = func(i widget.ListItemID) {
		if i < len(r.shown) {
			r.showReferral(r.shown[i].ID)
		}
	}

	r.detail = widget.NewLabel(sh.T("referrals.pick"))
	r.detail.Wrapping = fyne.TextWrapWord
	r.historyL = widget.NewList(func() int { return len(r.history) },
		func() fyne.CanvasObject {
			l := widget.NewLabelWithStyle("", sh.leading(), fyne.TextStyle{})
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := r.history[i]
			sh.setLine(o.(*widget.Label), sh.T("referrals.history_item", map[string]any{
				"Date": sh.loc.DateTime(e.At), "Status": sh.T("status." + e.Status), "By": e.By, "Note": e.Note,
			}))
		})
	r.newStatus = newChoice(sh.loc, "status.", data.ReferralStatuses, false)
	r.newStatus.PlaceHolder = sh.T("referrals.new_status")
	r.newStatus.OnChanged = func(string) { r.enableChange() }
	r.note = newTextEntry()
	r.note.SetPlaceHolder(sh.T("referrals.note_hint"))
	r.change = newButton(sh.T("referrals.change_status"), r.changeStatus)
	r.change.Importance = widget.HighImportance
	r.followUp = newButtonWithIcon(sh.T("family.schedule_followup"), fynetheme.HistoryIcon(), func() {
		if r.selected != nil {
			showFollowUpFormFor(sh, r.selected.HouseholdID, r.selected.ID, nil)
		}
	})
	r.openFamily = newButtonWithIcon(sh.T("followup.open_family"), fynetheme.AccountIcon(), func() {
		if r.selected != nil {
			sh.openFamily(r.selected.HouseholdID)
		}
	})
	r.handout = newHandoutButton(sh, func() *store.ReferralSummary { return r.selected })
	r.share = newButtonWithIcon(sh.T("share.button"), fynetheme.MailSendIcon(), func() {
		if r.selected != nil {
			id := r.selected.ID
			showShareDialog(sh, *r.selected, func() { r.showReferral(id) })
		}
	})
	r.shares = wrappedLabel("")
	changeRow := sh.mirror(container.NewBorder(nil, nil, r.newStatus, r.change, r.note))
	historyHead := widget.NewLabelWithStyle(sh.T("referrals.history"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.detailBox = container.NewBorder(
		container.NewVBox(r.detail, sh.mirror(container.NewHBox(r.openFamily, r.followUp, r.handout, r.share, layout.NewSpacer())), r.shares, widget.NewSeparator(),
			widget.NewLabelWithStyle(sh.T("referrals.change_title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), changeRow, historyHead),
		nil, nil, nil, r.historyL)
	r.setDetailEnabled(false)

	filters := sh.mirror(container.NewBorder(nil, nil, nil, sh.mirror(container.NewHBox(r.status, r.overdue, r.count)), r.search))
	split := sh.hsplit(r.list, r.detailBox, 0.5)
	r.content = container.NewBorder(filters, nil, nil, nil, split)
	return r
}

func (r *ReferralsScreen) setDetailEnabled(on bool) {
	for _, w := range []fyne.Disableable{r.newStatus, r.note, r.followUp, r.openFamily, r.handout, r.share} {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
	r.enableChange()
}

// enableChange lets "Change status" be pressed only once a referral and a
// new status are chosen: with nothing chosen it would record the status
// the referral already has.
func (r *ReferralsScreen) enableChange() {
	if r.selected != nil && r.newStatus.code() != "" && !r.newStatus.Disabled() {
		r.change.Enable()
	} else {
		r.change.Disable()
	}
}

func (r *ReferralsScreen) titleText(ref store.ReferralSummary) string {
	who := ref.HouseholdName
	if ref.ChildName != "" {
		who = ref.ChildName + " (" + ref.HouseholdName + ")"
	}
	return r.sh.T("referrals.title", map[string]any{"Who": who, "Service": ref.ServiceName})
}

func (r *ReferralsScreen) infoText(ref store.ReferralSummary) string {
	sh := r.sh
	args := map[string]any{"Status": sh.T("status." + ref.Status), "Date": sh.loc.Date(ref.StatusAt)}
	if r.isOverdue(ref) {
		args["Days"] = sh.loc.N("unit.days", daysSince(sh.st.Now(), ref.StatusAt), nil)
		return sh.T("referrals.info_overdue", args)
	}
	return sh.T("referrals.info", args)
}

// isOverdue reports whether an open referral has had no update for two
// weeks.
func (r *ReferralsScreen) isOverdue(ref store.ReferralSummary) bool {
	return !data.ClosedStatus(ref.Status) && r.sh.st.Now().Sub(ref.StatusAt) > staleAfter
}

// view is what the sidebar shows for the screen.
func (r *ReferralsScreen) view() fyne.CanvasObject { return r.content }

// refresh reloads the referrals of the chosen status.
func (r *ReferralsScreen) refresh() {
	sh := r.sh
	f := store.ReferralFilter{}
	switch c := r.status.code(); c {
	case filterOpen:
		f.Open = true
	case filterAll, "":
	case filterClosed:
		for _, st := range data.ReferralStatuses {
			if data.ClosedStatus(st) {
				f.Statuses = append(f.Statuses, st)
			}
		}
	default:
		f.Statuses = []string{c}
	}
	r.gen++
	gen, st := r.gen, sh.st
	sh.background(func() func() {
		all, err := st.Referrals(context.Background(), f)
		return func() {
			if r.gen != gen || sh.st != st {
				return // a newer refresh is on its way
			}
			if err != nil {
				sh.showError(err)
				return
			}
			r.all = all
			r.applyFilters()
			if r.selected != nil {
				r.showReferral(r.selected.ID)
			}
		}
	})
}

// applyFilters narrows the loaded referrals by the search words and the
// overdue check.
func (r *ReferralsScreen) applyFilters() {
	words := strings.Fields(textsearch.Fold(r.search.Text))
	r.shown = r.shown[:0]
	for _, ref := range r.all {
		if r.overdue.Checked && !r.isOverdue(ref) {
			continue
		}
		hay := textsearch.Fold(ref.HouseholdName + " " + ref.ChildName + " " + ref.ServiceName)
		match := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				match = false
				break
			}
		}
		if match {
			r.shown = append(r.shown, ref)
		}
	}
	r.sh.setLine(r.count, r.sh.loc.N("referrals.count", len(r.shown), nil))
	r.list.Refresh()
}

// showReferral shows one referral's details and history.
func (r *ReferralsScreen) showReferral(id string) {
	sh := r.sh
	ref, err := sh.st.Referral(sh.ctx(), id)
	if err != nil {
		sh.showError(err)
		return
	}
	hist, err := sh.st.ReferralHistory(sh.ctx(), id)
	if err != nil {
		sh.showError(err)
		return
	}
	shownID := ""
	if r.selected != nil {
		shownID = r.selected.ID
	}
	r.selected, r.history = &ref, hist
	lines := []string{r.titleText(ref), r.infoText(ref),
		sh.T("field.priority") + ": " + sh.T("priority."+ref.Priority),
		sh.T("referrals.created", map[string]any{"Date": sh.loc.Date(ref.CreatedAt), "By": ref.Navigator})}
	if ref.Reason != "" {
		lines = append(lines, sh.T("field.reason")+": "+sh.isolated(ref.Reason))
	}
	r.detail.SetText(strings.Join(lines, "\n"))
	r.shares.SetText(strings.Join(r.shareText(ref), "\n"))
	if id != shownID {
		r.newStatus.ClearSelected() // a new status is chosen for each referral
	}
	r.setDetailEnabled(true)
	r.historyL.Refresh()
	sh.applyDirection(r.detailBox)
}

// changeStatus records the chosen status with the note typed.
func (r *ReferralsScreen) changeStatus() {
	sh := r.sh
	if r.selected == nil {
		return
	}
	id, status, note := r.selected.ID, r.newStatus.code(), r.note.Text
	if status == "" || status == r.selected.Status && strings.TrimSpace(note) == "" {
		return // nothing new to record
	}
	err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error {
		_, err := tx.SetReferralStatus(id, status, sh.navigator(), note)
		return err
	})
	if err != nil {
		sh.showError(err)
		return
	}
	r.note.SetText("")
	r.newStatus.ClearSelected()
	r.refresh()
	r.showReferral(id)
}

// shareText says with which provider the referral is shared and what it
// answered, or that it is private to the organization.
func (r *ReferralsScreen) shareText(ref store.ReferralSummary) []string {
	sh := r.sh
	shares, err := sh.st.SharedReferrals(sh.ctx(), store.SharesFilter{ReferralID: ref.ID})
	if err != nil {
		return nil
	}
	names := map[string]string{}
	if provs, err := sh.st.ProvidersFor(sh.ctx(), ref.ServiceID); err == nil {
		for _, p := range provs {
			names[p.OrgID] = p.OrgName
		}
	}
	return shareLines(sh, shares, names)
}
