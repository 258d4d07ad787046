package ui

import (
	"trellis/sync/client"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"trellis/ui/locale"
)

// syncProgressRow shows an automatic sync under way under the sync chip:
// what it is doing in words ("Receiving 3,400 changes…"), a bar (filling
// when the total is known, moving when it is not) and a Stop button. It is
// hidden while no sync runs.
type syncProgressRow struct {
	sh      *Shell
	text    *widget.Label
	bar     *widget.ProgressBar
	moving  *widget.ProgressBarInfinite
	stopBtn *widget.Button
	content *fyne.Container
}

func newSyncProgressRow(sh *Shell) *syncProgressRow {
	r := &syncProgressRow{sh: sh}
	r.text = widget.NewLabel("")
	r.text.Wrapping = fyne.TextWrapWord
	r.bar = widget.NewProgressBar()
	r.bar.TextFormatter = func() string { return "" } // the words above say how far
	r.moving = widget.NewProgressBarInfinite()
	r.moving.Stop()
	r.stopBtn = widget.NewButton(sh.T("sync.stop"), sh.stopSyncRun)
	r.content = sh.mirror(container.NewBorder(nil, nil, nil, container.NewCenter(r.stopBtn),
		container.NewVBox(r.text, container.NewStack(r.bar, r.moving))))
	r.content.Hide()
	r.show(sh.syncRun)
	return r
}

// show puts an automatic sync's progress on screen (nil hides the row).
func (r *syncProgressRow) show(act *client.Activity) {
	if act == nil {
		r.moving.Stop()
		r.content.Hide()
		return
	}
	r.sh.setLine(r.text, r.sh.syncActivityText(act))
	if act.Total > 0 {
		r.moving.Stop()
		r.moving.Hide()
		r.bar.SetValue(float64(act.Done) / float64(act.Total))
		r.bar.Show()
	} else {
		r.bar.Hide()
		r.moving.Show()
		r.moving.Start()
	}
	if r.sh.syncStopping {
		r.stopBtn.Disable()
	} else {
		r.stopBtn.Enable()
	}
	r.content.Show()
}

// syncActivityText says in words what an automatic sync is doing, with the
// numbers written the language's way.
func (s *Shell) syncActivityText(act *client.Activity) string {
	if s.syncStopping {
		return s.T("progress.cancelling")
	}
	args := map[string]any{"Done": s.num(act.Done), "Total": s.num(act.Total)}
	switch act.Phase {
	case "push":
		return s.T("sync.sending", args)
	case "pull":
		return s.loc.N("sync.receiving", act.Done, map[string]any{"Count": args["Done"]})
	case "attachments":
		return s.T("sync.attachments", args)
	}
	return s.T("sync.progress")
}

// num writes a count the UI language's way ("3,400", "3 400").
func (s *Shell) num(n int) string { return locale.For(s.loc.Language()).Int(int64(n)) }

// setSyncActivity records how the automatic sync under way is doing (nil:
// none runs) and shows it wherever the sync status shows.
func (s *Shell) setSyncActivity(act *client.Activity) {
	if act == nil {
		s.syncStopping = false
	}
	s.syncRun = act
	if act != nil && act.Phase != "" && !(s.syncStatus.Known && s.syncStatus.Online) {
		// The server has answered: the chip says online from now.
		s.syncStatus.Known, s.syncStatus.Online = true, true
		s.refreshSyncViews()
	}
	if s.todayScr != nil {
		s.todayScr.progress.show(act)
	}
	if s.settings != nil && s.settings.sync != nil {
		s.settings.sync.progress.show(act)
	}
}

// stopSyncRun stops the automatic sync under way; what it has already
// received stays (each page is applied with its cursor in one transaction)
// and the next sync goes on from there.
func (s *Shell) stopSyncRun() {
	if s.syncRun == nil {
		return
	}
	act := s.syncRun
	s.syncStopping = true
	s.setSyncActivity(act) // says it is stopping, before the sync can end
	act.Stop()
}
