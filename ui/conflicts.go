package ui

import (
	"context"
	"encoding/json"
	"trellis/sync/client"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/hlc"
	"trellis/data/store"
)

// conflictsView is a dialog listing the sync conflicts that wait for a
// person's decision, in plain words (the family, what changed, both values,
// who changed each and when), with Keep mine and Keep theirs for each; then
// the changes the county server refused, each with why, what was typed and
// Mark as read.
type conflictsView struct {
	sh          *Shell
	items       []conflictRow
	moreItems   int // open conflicts beyond those listed
	refused     []refusedRow
	moreRefused int // refused changes beyond those listed
	rows        *fyne.Container
	dlg         dialog.Dialog
}

// conflictsShown caps the conflicts, and separately the refused changes,
// that the view lists at once: a laptop that imported the county's
// directory before enrolling as a navigator can have thousands refused,
// and a widget each would stall the window.
const conflictsShown = 100

// conflictRow is one conflict with what the view needs to describe it.
type conflictRow struct {
	c        data.Conflict
	family   string
	mineWins bool   // this laptop's side is the value in effect
	user     string // who resolves (the enrolled user)
}

// showConflicts opens the conflicts view.
func (s *Shell) showConflicts() *conflictsView {
	v := &conflictsView{sh: s, rows: container.NewVBox()}
	v.dlg = dialog.NewCustom(s.T("conflicts.title"), s.T("action.close"), container.NewVScroll(v.rows), s.win)
	v.dlg.Resize(fyne.NewSize(760, 520))
	s.showDialog(v.dlg)
	v.reload()
	return v
}

// reload reads the open conflicts off the UI goroutine and lists them.
func (v *conflictsView) reload() {
	sh := v.sh
	st := sh.st
	nav := sh.navigator()
	sh.background(func() func() {
		rows, moreItems, err := readConflicts(context.Background(), st, nav, conflictsShown)
		var refused []refusedRow
		var moreRefused int
		if err == nil {
			refused, moreRefused, err = readRefused(context.Background(), st, conflictsShown)
		}
		return func() {
			if err != nil {
				sh.showError(err)
				return
			}
			v.items, v.moreItems, v.refused, v.moreRefused = rows, moreItems, refused, moreRefused
			v.show()
		}
	})
}

// readConflicts lists the first limit open conflicts with their families'
// names, and how many more there are.
func readConflicts(ctx context.Context, st *store.Store, navigator string, limit int) ([]conflictRow, int, error) {
	dev, _, err := st.SyncDevice(ctx)
	if err != nil {
		return nil, 0, err
	}
	user := dev.User
	if user == "" {
		user = navigator
	}
	cs, err := st.Conflicts(ctx, true)
	if err != nil {
		return nil, 0, err
	}
	more := 0
	if len(cs) > limit {
		cs, more = cs[:limit], len(cs)-limit
	}
	rows := make([]conflictRow, 0, len(cs))
	for _, c := range cs {
		r := conflictRow{c: c, user: user, mineWins: client.KeepSide(c, dev.DeviceID, true) == data.KeepWinner}
		hid := c.HouseholdID
		if hid == "" && c.Table == "households" {
			hid = c.RowID
		}
		if hid != "" {
			if h, err := st.Household(ctx, hid); err == nil {
				r.family = h.Name
			}
		}
		rows = append(rows, r)
	}
	return rows, more, nil
}

// show rebuilds the list from v.items.
func (v *conflictsView) show() {
	sh := v.sh
	v.rows.RemoveAll()
	if len(v.items) == 0 && len(v.refused) == 0 {
		v.rows.Add(widget.NewLabel(sh.T("conflicts.none")))
	}
	for _, r := range v.items {
		c := r.c
		heading := widget.NewLabelWithStyle(sh.T("conflicts.item", map[string]any{"What": v.what(c), "Family": r.family}),
			sh.leading(), fyne.TextStyle{Bold: true})
		winner := map[string]any{"Value": v.value(c, true), "Who": c.WinnerUser, "When": v.when(c.WinnerHLC)}
		loser := map[string]any{"Value": v.value(c, false), "Who": c.LoserUser, "When": v.when(c.LoserHLC)}
		mine, theirs := winner, loser
		if !r.mineWins {
			mine, theirs = loser, winner
		}
		mineLbl := widget.NewLabel(sh.T("conflicts.mine", mine))
		theirsLbl := widget.NewLabel(sh.T("conflicts.theirs", theirs))
		mineLbl.Wrapping, theirsLbl.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord
		keepMine := widget.NewButton(sh.T("conflicts.keep_mine"), func() { v.resolve(r, true) })
		keepTheirs := widget.NewButton(sh.T("conflicts.keep_theirs"), func() { v.resolve(r, false) })
		v.rows.Add(container.NewVBox(heading, mineLbl, theirsLbl, sh.mirror(container.NewHBox(keepMine, keepTheirs)), widget.NewSeparator()))
	}
	if v.moreItems > 0 {
		v.rows.Add(v.moreLabel(sh.T("conflicts.more", map[string]any{"Count": sh.num(v.moreItems)})))
	}
	if len(v.refused) > 0 {
		v.rows.Add(widget.NewLabelWithStyle(sh.T("refused.title"), sh.leading(), fyne.TextStyle{Bold: true}))
		intro := widget.NewLabel(sh.T("refused.intro"))
		intro.Wrapping = fyne.TextWrapWord
		v.rows.Add(intro)
	}
	for _, r := range v.refused {
		v.rows.Add(v.refusedItem(r))
	}
	if v.moreRefused > 0 {
		v.rows.Add(v.moreLabel(sh.T("refused.more", map[string]any{"Count": sh.num(v.moreRefused)})))
	}
	if len(v.refused) > 1 {
		v.rows.Add(sh.mirror(container.NewHBox(widget.NewButton(sh.T("refused.dismiss_all"), v.dismissAll))))
	}
	v.rows.Refresh()
	sh.applyDirection(v.rows)
}

// moreLabel says how many more items there are than the view lists.
func (v *conflictsView) moreLabel(text string) *widget.Label {
	l := wrappedLabel(text)
	l.Alignment, l.TextStyle = v.sh.leading(), fyne.TextStyle{Italic: true}
	return l
}

// resolve keeps this laptop's side (mine) or the other, as a new edit that
// syncs.
func (v *conflictsView) resolve(r conflictRow, mine bool) {
	sh := v.sh
	keep := data.KeepLoser
	if mine == r.mineWins {
		keep = data.KeepWinner
	}
	if err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error { return tx.ResolveConflict(r.c.ID, keep, r.user) }); err != nil {
		sh.showError(err)
	}
	v.reload()
}

// what names what the conflict is about.
func (v *conflictsView) what(c data.Conflict) string {
	switch c.Kind {
	case data.ConflictEditDeleted:
		return v.sh.T("conflicts.record")
	case data.ConflictReferralStatus:
		return v.sh.T("field.status")
	}
	if id := "field." + c.Column; v.sh.loc.Has(id) {
		return v.sh.T(id)
	}
	return c.Column
}

// value is one side's value in plain words.
func (v *conflictsView) value(c data.Conflict, winner bool) string {
	sh := v.sh
	raw := c.LoserValue
	if winner {
		raw = c.WinnerValue
	}
	switch c.Kind {
	case data.ConflictEditDeleted:
		// The record stays deleted (the winner) until someone brings
		// the edited one back.
		if winner {
			return sh.T("conflicts.deleted")
		}
		return sh.T("conflicts.edited")
	case data.ConflictReferralStatus:
		var status string
		if json.Unmarshal([]byte(raw), &status) == nil && sh.loc.Has("status."+status) {
			return sh.T("status." + status)
		}
	}
	var val any
	if json.Unmarshal([]byte(raw), &val) != nil {
		return raw
	}
	switch x := val.(type) {
	case bool:
		if x {
			return sh.T("conflicts.yes")
		}
		return sh.T("conflicts.no")
	case string:
		return x
	case float64:
		// consent columns are stored as 0/1
		if x == 1 {
			return sh.T("conflicts.yes")
		} else if x == 0 {
			return sh.T("conflicts.no")
		}
	}
	return raw
}

// when is the time of an edit's clock, in the user's words.
func (v *conflictsView) when(ts string) string {
	t, err := hlc.Parse(ts)
	if err != nil || t.IsZero() {
		return ""
	}
	return v.sh.loc.DateTime(t.Time().Local())
}
