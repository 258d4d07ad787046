package ui

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
)

// staleAfter is how long an open referral may go without an update before
// Today lists it.
const staleAfter = 14 * 24 * time.Hour

// undoFor is how long "Done" on a follow-up can be undone.
const undoFor = 8 * time.Second

// TodayScreen shows what needs doing today: follow-ups due and overdue,
// referrals with no update for two weeks, recently opened families, and how
// many changes are waiting to be synced.
type TodayScreen struct {
	sh      *Shell
	content fyne.CanvasObject

	start      *emptyState     // what a new user does first, while there is nothing
	loading    *fyne.Container // says the lists are being read, until they first fill
	spinner    *widget.ProgressBarInfinite
	syncChip   *widget.Label
	progress   *syncProgressRow // an automatic sync under way
	conflicts  *button          // opens the conflicts view; shown while there are some
	dueTitle   *widget.Label
	scope      *scopeCheck // mine or the whole organization
	due        []data.FollowUp
	names      map[string]string // family names by id, fetched as rows show
	gen        int               // refreshes started, so a late answer is dropped
	running    bool              // a refresh is reading the store
	again      bool              // another refresh was asked for meanwhile
	loaded     chan struct{}     // closed when the lists are first filled
	loadedOnce sync.Once
	dueList    *widget.List
	staleTtl   *widget.Label
	stale      []store.ReferralSummary
	staleList  *widget.List
	recent     []data.Household
	recentLst  *widget.List

	// The follow-up last marked done, which can be undone for undoFor.
	undoBar  *fyne.Container
	undoText *widget.Label
	undoBtn  *button
	undoID   string
	undoStop func() // stops the timer that hides the bar
}

func newTodayScreen(sh *Shell) *TodayScreen {
	t := &TodayScreen{sh: sh, names: map[string]string{}, loaded: make(chan struct{})}
	t.syncChip = widget.NewLabel("")
	t.syncChip.Importance = widget.MediumImportance
	t.syncChip.Wrapping = fyne.TextWrapWord
	t.conflicts = newButton(sh.T("conflicts.open"), func() { sh.showConflicts() })
	t.conflicts.Hide()
	t.progress = newSyncProgressRow(sh)

	t.dueTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.dueList = widget.NewList(func() int { return len(t.due) },
		func() fyne.CanvasObject {
			text := widget.NewLabel("")
			text.Alignment = sh.leading()
			text.Truncation = fyne.TextTruncateEllipsis
			return sh.mirror(container.NewBorder(nil, nil, nil,
				sh.mirror(container.NewHBox(newButton(sh.T("followup.open_family"), nil), newButton(sh.T("followup.done"), nil))),
				text))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			f := t.due[i]
			row := o.(*fyne.Container)
			text := row.Objects[0].(*widget.Label)
			buttons := row.Objects[1].(*fyne.Container)
			sh.setLine(text, t.followUpText(f))
			if f.Due.Before(sh.today()) {
				text.Importance = widget.DangerImportance
			} else {
				text.Importance = widget.MediumImportance
			}
			text.Refresh()
			buttons.Objects[0].(*button).OnTapped = func() { sh.openFamily(f.HouseholdID) }
			buttons.Objects[1].(*button).OnTapped = func() { t.complete(f.ID) }
		})

	t.staleTtl = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.staleList = widget.NewList(func() int { return len(t.stale) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Alignment = sh.leading()
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := t.stale[i]
			sh.setLine(o.(*widget.Label), sh.T("today.stale_item", map[string]any{
				"Family":  r.HouseholdName,
				"Service": r.ServiceName,
				"Status":  sh.T("status." + r.Status),
				"Days":    sh.loc.N("unit.days", daysSince(sh.st.Now(), r.StatusAt), nil),
			}))
		})
	t.staleList.OnSelected = func(i widget.ListItemID) {
		t.staleList.UnselectAll()
		if i < len(t.stale) {
			sh.openFamily(t.stale[i].HouseholdID)
		}
	}

	recentTitle := widget.NewLabelWithStyle(sh.T("today.recent"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.recentLst = widget.NewList(func() int { return len(t.recent) },
		func() fyne.CanvasObject { return widget.NewLabelWithStyle("", sh.leading(), fyne.TextStyle{}) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(sh.display(t.recent[i].Name))
		})
	t.recentLst.OnSelected = func(i widget.ListItemID) {
		t.recentLst.UnselectAll()
		if i < len(t.recent) {
			sh.openFamily(t.recent[i].ID)
		}
	}

	heading := widget.NewLabelWithStyle(sh.T("today.heading", map[string]any{"Date": sh.loc.Date(sh.st.Now())}),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.start = newEmptyState(sh)
	t.spinner = widget.NewProgressBarInfinite()
	t.loading = container.NewVBox(widget.NewLabel(sh.T("today.loading")), t.spinner)
	t.scope = newScopeCheck(sh, t.refresh)
	header := container.NewVBox(sh.mirror(container.NewHBox(heading, layout.NewSpacer(), t.scope.box)), t.loading, sh.mirror(container.NewBorder(nil, nil, nil, t.conflicts, t.syncChip)), t.progress.content, t.start.content)
	right := container.NewGridWithRows(2,
		container.NewBorder(t.staleTtl, nil, nil, nil, t.staleList),
		container.NewBorder(recentTitle, nil, nil, nil, t.recentLst))
	t.undoText = widget.NewLabel("")
	t.undoText.Truncation = fyne.TextTruncateEllipsis
	t.undoBtn = newButtonWithIcon(sh.T("followup.undo"), fynetheme.ContentUndoIcon(), t.undo)
	t.undoBar = sh.mirror(container.NewBorder(nil, nil, nil, t.undoBtn, t.undoText))
	t.undoBar.Hide()
	left := container.NewBorder(container.NewVBox(t.dueTitle, t.undoBar), nil, nil, nil, t.dueList)
	t.content = container.NewBorder(header, nil, nil, nil, sh.mirror(container.NewGridWithColumns(2, left, right)))
	return t
}

func (t *TodayScreen) followUpText(f data.FollowUp) string {
	sh := t.sh
	args := map[string]any{"Family": t.familyName(f.HouseholdID), "Note": f.Note, "Date": sh.loc.Date(f.Due.Time())}
	if f.Due.Before(sh.today()) {
		args["Days"] = sh.loc.N("unit.days", f.Due.DaysUntil(sh.today()), nil)
		return sh.T("today.overdue_item", args)
	}
	return sh.T("today.due_item", args)
}

// todayLimit caps the stale referrals Today lists (oldest first).
const todayLimit = 500

// view is what the sidebar shows for the screen.
func (t *TodayScreen) view() fyne.CanvasObject { return t.content }

// refresh reloads everything from the store, off the UI goroutine; the
// lists fill in when the queries return. Asked again while it runs (every
// page a sync writes asks), it runs once more when done, rather than start
// a query that would make the one under way stale: the screen keeps
// updating during a long sync and the store is not read once per page.
func (t *TodayScreen) refresh() {
	sh := t.sh
	if t.running {
		t.again = true
		return
	}
	t.running = true
	t.gen++
	t.scope.sync()
	gen, st, day, staleSince, nav := t.gen, sh.st, sh.today(), sh.st.Now().Add(-staleAfter), sh.caseloadOf()
	sh.background(func() func() {
		ctx := context.Background()
		due, err := st.FollowUpsDueFor(ctx, day, nav)
		var stale []store.ReferralSummary
		if err == nil {
			stale, err = st.Referrals(ctx, store.ReferralFilter{Open: true, StaleSince: staleSince, Limit: todayLimit, Navigator: nav})
		}
		var recent []data.Household
		if err == nil {
			recent, err = st.RecentFamilies(ctx, 10)
		}
		var chip syncCounts
		if err == nil {
			chip, err = readSyncCounts(ctx, st)
		}
		var counts store.Counts
		if err == nil {
			counts, err = st.Count(ctx)
		}
		return func() {
			t.running = false
			if t.again {
				t.again = false
				defer t.refresh()
			}
			if t.gen != gen || sh.st != st {
				return // a newer refresh is on its way
			}
			if err != nil {
				sh.showError(err)
				return
			}
			t.names = map[string]string{}
			t.due, t.stale, t.recent = due, stale, recent
			sh.setLine(t.dueTitle, sh.loc.N("today.followups", len(t.due), nil))
			t.dueList.Refresh()
			sh.setLine(t.staleTtl, sh.loc.N("today.stale", len(t.stale), nil))
			t.staleList.Refresh()
			t.recentLst.Refresh()
			t.showStart(counts)
			sh.setLine(t.syncChip, sh.syncChipText(chip))
			if chip.conflicts > 0 || chip.refused > 0 {
				t.conflicts.Show()
			} else {
				t.conflicts.Hide()
			}
			t.loadedOnce.Do(func() {
				t.spinner.Stop()
				t.loading.Hide()
				close(t.loaded)
				sh.warmUp()
			})
		}
	})
}

// showStart tells a new user what to do first while the store has no
// services or no families: import the county's directory, add the first
// family.
func (t *TodayScreen) showStart(c store.Counts) {
	sh := t.sh
	text := sh.T("empty.start")
	switch {
	case c.Services > 0:
		text = sh.T("empty.no_families")
	case c.Families > 0:
		text = sh.T("empty.no_services")
	}
	t.start.show(sh, text, c.Services == 0, c.Families == 0)
}

// familyName returns a family's name for the follow-up list, asking the
// store only for the rows on screen.
func (t *TodayScreen) familyName(id string) string {
	if name, ok := t.names[id]; ok {
		return name
	}
	name := ""
	if h, err := t.sh.st.Household(t.sh.ctx(), id); err == nil {
		name = h.Name
	}
	t.names[id] = name
	return name
}

// complete marks a follow-up done by the navigator, and offers to undo
// it for a few seconds.
func (t *TodayScreen) complete(id string) {
	sh := t.sh
	text := ""
	for _, f := range t.due { // before the write, which refreshes the list
		if f.ID == id {
			text = sh.T("followup.marked_done", map[string]any{"Family": t.familyName(f.HouseholdID), "Note": f.Note})
		}
	}
	err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error { return tx.CompleteFollowUp(id, sh.navigator()) })
	if err != nil {
		sh.showError(err)
		return
	}
	t.hideUndo()
	t.undoID = id
	sh.setLine(t.undoText, text)
	t.undoBar.Show()
	t.undoStop = sh.after(undoFor, func() {
		if t.undoID == id {
			t.hideUndo()
		}
	})
	t.refresh()
}

// undo opens the follow-up last marked done again.
func (t *TodayScreen) undo() {
	sh := t.sh
	id := t.undoID
	t.hideUndo()
	if id == "" {
		return
	}
	if err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error { return tx.ReopenFollowUp(id) }); err != nil {
		sh.showError(err)
		return
	}
	t.refresh()
}

// hideUndo takes the offer to undo away.
func (t *TodayScreen) hideUndo() {
	if t.undoStop != nil {
		t.undoStop()
		t.undoStop = nil
	}
	t.undoID = ""
	t.undoBar.Hide()
}
