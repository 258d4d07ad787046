package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"trellis/data/store"
)

// ScreenCaseloads is the supervisor's screen of every navigator's caseload.
const ScreenCaseloads = "caseloads"

// otherNavigator is the reassign choice that asks for a name not yet
// assigned any family.
const otherNavigator = "\x00other"

// CaseloadsScreen shows a supervisor each navigator's caseload (families,
// open and overdue follow-ups, stale referrals) and reassigns families,
// one or many at a time, to another navigator. The navigator field is
// guarded: two laptops reassigning the same family differently become a
// conflict to review, never a silent overwrite.
type CaseloadsScreen struct {
	sh      *Shell
	content fyne.CanvasObject

	rows  []store.Caseload
	table *widget.List
	gen   int // refreshes started, so a late answer is dropped

	// The navigator picked, whose families are listed with boxes to tick.
	picked    *store.Caseload
	famTitle  *widget.Label
	fams      []store.FamilySummary
	ticked    map[string]bool
	famList   *widget.List
	all       *check
	to        *choice
	toName    *textEntry // a navigator with no family yet
	reassign  *button
	status    *widget.Label
	rightSide *fyne.Container
}

func newCaseloadsScreen(sh *Shell) *CaseloadsScreen {
	c := &CaseloadsScreen{sh: sh, ticked: map[string]bool{}}
	header := c.newRow()
	for i, id := range []string{"caseload.navigator", "caseload.families", "caseload.open", "caseload.overdue", "caseload.stale"} {
		l := header.Objects[i].(*widget.Label)
		l.TextStyle.Bold = true
		l.SetText(sh.T(id))
	}
	c.table = widget.NewList(func() int { return len(c.rows) },
		func() fyne.CanvasObject { return c.newRow() },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := c.rows[i]
			cells := o.(*fyne.Container).Objects
			for j, text := range []string{c.navigatorName(r.Navigator), strconv.Itoa(r.Families),
				strconv.Itoa(r.OpenFollowUps), strconv.Itoa(r.Overdue), strconv.Itoa(r.StaleReferrals)} {
				sh.setLine(cells[j].(*widget.Label), text)
			}
			overdue := cells[3].(*widget.Label)
			if r.Overdue > 0 {
				overdue.Importance = widget.DangerImportance
			} else {
				overdue.Importance = widget.MediumImportance
			}
			overdue.Refresh()
		})
	c.table.OnSelected = func(i widget.ListItemID) {
		if i < len(c.rows) {
			r := c.rows[i]
			c.pick(&r)
		}
	}

	c.famTitle = widget.NewLabelWithStyle(sh.T("caseload.pick"), sh.leading(), fyne.TextStyle{Bold: true})
	c.famTitle.Wrapping = fyne.TextWrapWord
	c.famList = widget.NewList(func() int { return len(c.fams) },
		func() fyne.CanvasObject { return newCheck(sh, "", nil) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			f := c.fams[i]
			box := o.(*check)
			box.OnChanged = nil
			box.Text = sh.display(f.Name)
			box.Checked = c.ticked[f.ID]
			box.Refresh()
			box.OnChanged = func(on bool) {
				c.ticked[f.ID] = on
				c.enable()
			}
		})
	c.all = newCheck(sh, sh.T("caseload.select_all"), func(on bool) {
		for _, f := range c.fams {
			c.ticked[f.ID] = on
		}
		c.famList.Refresh()
		c.enable()
	})
	c.to = newChoiceOf(sh.loc, nil, nil)
	c.to.PlaceHolder = sh.T("caseload.reassign_to")
	c.to.OnChanged = func(string) {
		showIf(c.toName, c.to.code() == otherNavigator)
		c.enable()
	}
	c.toName = newTextEntry()
	c.toName.SetPlaceHolder(sh.T("caseload.other_name"))
	c.toName.OnChanged = func(string) { c.enable() }
	c.toName.Hide()
	c.reassign = newButton(sh.T("caseload.reassign"), c.confirmReassign)
	c.reassign.Importance = widget.HighImportance
	c.status = widget.NewLabel("")
	c.status.Wrapping = fyne.TextWrapWord

	bottom := container.NewVBox(sh.mirror(container.NewBorder(nil, nil, nil, c.reassign, c.to)), c.toName, c.status)
	c.rightSide = container.NewBorder(container.NewVBox(c.famTitle, c.all), bottom, nil, nil, c.famList)
	title := widget.NewLabelWithStyle(sh.T("caseload.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	left := container.NewBorder(header, nil, nil, nil, c.table)
	c.content = container.NewBorder(title, nil, nil, nil, sh.hsplit(left, c.rightSide, 0.55))
	c.enable()
	return c
}

// newRow is one row of the caseload table: five cells.
func (c *CaseloadsScreen) newRow() *fyne.Container {
	cells := make([]fyne.CanvasObject, 5)
	for i := range cells {
		l := widget.NewLabel("")
		l.Alignment = c.sh.leading()
		l.Truncation = fyne.TextTruncateEllipsis
		cells[i] = l
	}
	return c.sh.mirror(container.New(&caseloadColumns{}, cells...))
}

// navigatorName is how a caseload's navigator is shown ("" is no one).
func (c *CaseloadsScreen) navigatorName(n string) string {
	if n == "" {
		return c.sh.T("caseload.unassigned")
	}
	return n
}

// view is what the sidebar shows for the screen.
func (c *CaseloadsScreen) view() fyne.CanvasObject { return c.content }

// refresh reloads the caseloads, and the families of the navigator
// picked, off the UI goroutine.
func (c *CaseloadsScreen) refresh() {
	sh := c.sh
	c.gen++
	gen, st, day, staleSince := c.gen, sh.st, sh.today(), sh.st.Now().Add(-staleAfter)
	sh.background(func() func() {
		ctx := context.Background()
		rows, err := st.Caseloads(ctx, day, staleSince)
		var navs []string
		if err == nil {
			navs, err = st.Navigators(ctx)
		}
		return func() {
			if c.gen != gen || sh.st != st {
				return
			}
			if err != nil {
				sh.showError(err)
				return
			}
			c.rows = rows
			c.table.Refresh()
			c.setTargets(navs)
			if c.picked != nil {
				for i := range rows {
					if rows[i].Navigator == c.picked.Navigator {
						c.pick(&rows[i])
						return
					}
				}
				c.pick(nil)
			}
		}
	})
}

// setTargets offers the navigators families may be reassigned to: those
// with families, the user, and a name typed in.
func (c *CaseloadsScreen) setTargets(navs []string) {
	sh := c.sh
	if me := sh.navigator(); me != "" && !containsString(navs, me) {
		navs = append(navs, me)
	}
	codes := append(append([]string{}, navs...), otherNavigator)
	labels := append(append([]string{}, navs...), sh.T("caseload.other"))
	was := c.to.code()
	c.to.setOptions(codes, labels)
	c.to.ClearSelected()
	if was != "" && containsString(codes, was) {
		c.to.setCode(was)
	}
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// pick lists the families of a caseload (nil: none picked).
func (c *CaseloadsScreen) pick(r *store.Caseload) {
	sh := c.sh
	if r == nil {
		c.picked, c.fams = nil, nil
		sh.setLine(c.famTitle, sh.T("caseload.pick"))
		c.famList.Refresh()
		c.enable()
		return
	}
	page, err := sh.st.CaseloadFamilies(sh.ctx(), r.Navigator, "", 0, 0)
	if err != nil {
		sh.showError(err)
		return
	}
	if c.picked == nil || c.picked.Navigator != r.Navigator {
		c.ticked = map[string]bool{}
		c.all.Checked = false
		c.all.Refresh()
	}
	c.picked, c.fams = r, page.Items
	sh.setLine(c.famTitle, sh.T("caseload.families_of", map[string]any{"Count": len(c.fams), "Navigator": c.navigatorName(r.Navigator)}))
	c.famList.Refresh()
	c.enable()
}

// target is the navigator chosen to receive the families ("" if none).
func (c *CaseloadsScreen) target() string {
	if code := c.to.code(); code != otherNavigator {
		return code
	}
	return strings.TrimSpace(c.toName.Text)
}

// chosen returns the ids of the families ticked, in list order.
func (c *CaseloadsScreen) chosen() []string {
	var ids []string
	for _, f := range c.fams {
		if c.ticked[f.ID] {
			ids = append(ids, f.ID)
		}
	}
	return ids
}

// enable lets Reassign be pressed once families and a navigator other
// than theirs are chosen.
func (c *CaseloadsScreen) enable() {
	to := c.target()
	if len(c.chosen()) > 0 && to != "" && (c.picked == nil || to != c.picked.Navigator) {
		c.reassign.Enable()
	} else {
		c.reassign.Disable()
	}
}

// confirmReassign asks before moving the families ticked.
func (c *CaseloadsScreen) confirmReassign() {
	sh := c.sh
	ids, to := c.chosen(), c.target()
	if len(ids) == 0 || to == "" || c.picked == nil {
		return
	}
	from := c.navigatorName(c.picked.Navigator)
	msg := sh.T("caseload.confirm", map[string]any{"Count": len(ids), "From": from, "To": to})
	sh.confirm(sh.T("caseload.reassign"), msg, sh.T("caseload.reassign"), func() { c.reassignNow(ids, to) })
}

// reassignNow moves the families in one write: all of them or none.
func (c *CaseloadsScreen) reassignNow(ids []string, to string) {
	sh := c.sh
	moved := 0
	err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error {
		var err error
		moved, err = tx.Reassign(ids, to)
		return err
	})
	if err != nil {
		sh.showError(err)
		return
	}
	c.ticked = map[string]bool{}
	c.all.Checked = false
	c.all.Refresh()
	sh.setText(c.status, sh.T("caseload.moved", map[string]any{"Count": moved, "To": to}))
	c.toName.SetText("")
	c.refresh()
}

// caseloadColumns lays a caseload row out: the name takes what the four
// counts leave.
type caseloadColumns struct{}

func (*caseloadColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		m := o.MinSize()
		w += m.Width
		h = max(h, m.Height)
	}
	return fyne.NewSize(w, h)
}

func (*caseloadColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	count := size.Width * 0.14
	name := size.Width - count*float32(len(objs)-1)
	x := float32(0)
	for i, o := range objs {
		w := count
		if i == 0 {
			w = name
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}
