package ui

import (
	"context"
	"os"
	"strings"
	"trellis/sync/client"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"trellis/data/store"
	"trellis/ui/dialogs"
)

// syncSection is the part of Settings that enrols this laptop with the
// county server and syncs with it: while not enrolled it asks for the
// server and the user's name and password; once enrolled it says with whom,
// when the last sync was, how many changes wait and how many conflicts need
// review, and has a Sync now button.
type syncSection struct {
	sh        *Shell
	server    *widget.Entry
	user      *widget.Entry
	password  *widget.Entry
	enrollBtn *widget.Button
	form      *fyne.Container // the enrolment fields, hidden once enrolled
	enrolled  *widget.Label   // with whom this laptop is enrolled
	syncBtn   *widget.Button
	review    *widget.Button // opens the conflicts view
	status    *widget.Label  // last sync, changes waiting, conflicts
	progress  *syncProgressRow
	content   fyne.CanvasObject
}

func newSyncSection(sh *Shell) *syncSection {
	s := &syncSection{sh: sh}
	s.server = widget.NewEntry()
	s.user = widget.NewEntry()
	s.password = widget.NewPasswordEntry()
	s.enrollBtn = widget.NewButton(sh.T("sync.enroll"), func() { s.enroll(nil) })
	hint := widget.NewLabel(sh.T("sync.hint"))
	hint.Wrapping = fyne.TextWrapWord
	s.form = container.NewVBox(hint,
		newForm(sh.rtl(),
			widget.NewFormItem(sh.T("sync.server"), s.server),
			widget.NewFormItem(sh.T("sync.user"), s.user),
			widget.NewFormItem(sh.T("sync.password"), s.password),
		),
		sh.mirror(container.NewHBox(s.enrollBtn)))
	s.enrolled = widget.NewLabel("")
	s.enrolled.Wrapping = fyne.TextWrapWord
	s.syncBtn = widget.NewButton(sh.T("sync.now"), func() { s.syncNow(nil) })
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.review = widget.NewButton(sh.T("conflicts.open"), func() { sh.showConflicts() })
	s.progress = newSyncProgressRow(sh)
	s.content = container.NewVBox(s.form, s.enrolled, sh.mirror(container.NewHBox(s.syncBtn, s.review)), s.progress.content, s.status)
	s.refresh()
	return s
}

// syncState is what the section shows, read off the UI goroutine.
type syncState struct {
	dev       store.SyncDevice
	ok        bool
	waiting   int
	conflicts int
	refused   int
	last      string
}

// refresh reads the enrolment and sync state in the background and shows it
// (through Shell.background, so that tests run it inline and never touch
// widgets from two goroutines at once).
func (s *syncSection) refresh() {
	st := s.sh.st
	s.sh.background(func() func() {
		ctx := context.Background()
		var state syncState
		var err error
		state.dev, state.ok, err = st.SyncDevice(ctx)
		if err == nil && state.ok {
			state.waiting, err = st.PendingChanges(ctx, state.dev.MidBase+state.dev.AckedMID)
		}
		if err == nil {
			cs, cerr := st.Conflicts(ctx, true)
			state.conflicts, err = len(cs), cerr
		}
		if err == nil {
			state.refused, err = st.OpenRejections(ctx)
		}
		if err == nil {
			if t, terr := client.LastSynced(ctx, st); terr == nil && !t.IsZero() {
				state.last = s.sh.loc.DateTime(t.Local())
			}
		}
		return func() {
			if err != nil {
				s.status.SetText(dialogs.ErrorText(s.sh.loc, err))
				return
			}
			s.show(state)
		}
	})
}

// show puts a sync state on screen.
func (s *syncSection) show(state syncState) {
	sh := s.sh
	if !state.ok {
		s.form.Show()
		s.enrolled.Hide()
		s.syncBtn.Hide()
		s.review.Hide()
		s.status.SetText("")
		return
	}
	s.form.Hide()
	s.enrolled.SetText(sh.T("sync.enrolled", map[string]any{"Server": state.dev.ServerURL, "User": state.dev.User, "Org": state.dev.OrgName}))
	s.enrolled.Show()
	s.syncBtn.Show()
	s.review.Show()
	lines := []string{sh.T("sync.never")}
	if state.last != "" {
		lines[0] = sh.T("sync.last", map[string]any{"When": state.last})
	}
	lines = append(lines, sh.T("sync.waiting", map[string]any{"Count": sh.num(state.waiting)}),
		sh.T("sync.conflicts", map[string]any{"Count": sh.num(state.conflicts)}))
	if state.refused > 0 {
		lines = append(lines, sh.T("sync.refused", map[string]any{"Count": sh.num(state.refused)}))
	}
	if state.dev.Revoked {
		lines = append(lines, dialogs.ErrorText(sh.loc, client.ErrRevoked))
	}
	s.status.SetText(strings.Join(lines, "\n"))
}

// enroll exchanges the user's name and password for this laptop's access,
// off the UI goroutine; done (if not nil) is called with the result.
func (s *syncSection) enroll(done func(error)) {
	sh := s.sh
	st := sh.st
	server, user, password := strings.TrimSpace(s.server.Text), strings.TrimSpace(s.user.Text), s.password.Text
	name, _ := os.Hostname()
	dialogs.RunTask(sh.loc, sh.win, sh.T("settings.sync_title"), sh.T("sync.enrolling"),
		func(ctx context.Context, progress dialogs.Progress) error {
			_, err := client.Enroll(ctx, st, nil, server, user, password, name)
			return err
		},
		sh.rememberDialog,
		func(err error) {
			if err != nil {
				sh.showError(err)
			} else {
				s.password.SetText("")
			}
			s.refresh()
			if done != nil {
				done(err)
			}
		})
}

// syncNow syncs with a progress bar that can be cancelled; done (if not
// nil) is called with the result.
func (s *syncSection) syncNow(done func(error)) {
	sh := s.sh
	st := sh.st
	var skewed bool
	dialogs.RunTask(sh.loc, sh.win, sh.T("settings.sync_title"), sh.T("sync.progress"),
		func(ctx context.Context, progress dialogs.Progress) error {
			sh.syncMu.Lock() // an automatic sync under way finishes first
			defer sh.syncMu.Unlock()
			if err := client.LoadClockOffset(ctx, st); err != nil {
				return err
			}
			c := &client.Client{Store: st, Progress: func(p client.Progress) {
				if p.Total > 0 {
					progress(float64(p.Done) / float64(p.Total))
				}
			}}
			rep, err := c.Sync(ctx)
			skewed = rep.ClockSkew != 0
			return err
		},
		sh.rememberDialog,
		func(err error) {
			if err != nil {
				sh.showError(err)
			} else if skewed {
				sh.showError(client.ErrClockSkew)
			}
			s.refresh()
			sh.refreshVisible()
			if done != nil {
				done(err)
			}
		})
}
