// Package dialogs has the app's shared dialogs: plain-language error
// messages and a progress dialog that runs long work off the UI goroutine
// and can be cancelled.
package dialogs

import (
	"context"
	"errors"
	"io/fs"
	"net/url"
	"strings"
	"trellis/sync/client"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/hsds"
	"trellis/data/store"
	"trellis/translations"
)

// FieldErrorText is the translated message for one wrong field, as shown
// beside it ("error.<code>" in the message files).
func FieldErrorText(loc *translations.Localizer, fe data.FieldError) string {
	return loc.T("error."+fe.Code, map[string]any{"Limit": fe.Limit, "Value": fe.Value})
}

// maxProblemsShown is how many problems of an HSDS file an error lists.
const maxProblemsShown = 8

// ErrorText turns an error into a plain sentence in the UI language. Errors
// the app does not know end with their technical detail on a line of its own,
// for whoever supports the user.
func ErrorText(loc *translations.Localizer, err error) string {
	var ve *data.ValidationError
	var ie *hsds.InvalidError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &ie):
		// The problems name files, rows and fields, which a county
		// administrator can find and fix.
		lines := []string{loc.T("error.hsds_invalid", map[string]any{"Count": len(ie.Problems)})}
		for i, p := range ie.Problems {
			if i == maxProblemsShown {
				lines = append(lines, "…")
				break
			}
			lines = append(lines, "• "+ProblemText(loc, p))
		}
		return strings.Join(lines, "\n")
	case errors.As(err, &ve):
		lines := []string{loc.T("error.check_fields")}
		for _, fe := range ve.Fields {
			lines = append(lines, "• "+loc.T("field."+fe.Field)+": "+FieldErrorText(loc, fe))
		}
		return strings.Join(lines, "\n")
	case errors.Is(err, context.Canceled):
		return loc.T("error.cancelled")
	case errors.Is(err, client.ErrRevoked):
		return loc.T("error.sync_revoked")
	case errors.Is(err, client.ErrUpgradeRequired):
		return loc.T("error.sync_upgrade")
	case errors.Is(err, client.ErrBadLogin):
		return loc.T("error.sync_login")
	case errors.Is(err, client.ErrNotEnrolled):
		return loc.T("error.sync_not_enrolled")
	case errors.Is(err, client.ErrClockSkew):
		return loc.T("error.sync_clock")
	case errors.Is(err, client.ErrUserDisabled):
		return loc.T("error.sync_user_disabled")
	case errors.Is(err, client.ErrTooManyAttempts):
		return loc.T("error.sync_too_many_attempts")
	case errors.Is(err, client.ErrPlainHTTP):
		return loc.T("error.sync_plain_http")
	case errors.As(err, new(*url.Error)):
		// The server could not be reached (or answered with a broken
		// connection): the changes stay on this laptop.
		return loc.T("error.sync_unreachable")
	case errors.Is(err, store.ErrNotBackup):
		return loc.T("error.not_backup")
	case errors.Is(err, store.ErrSchemaTooNew):
		return loc.T("error.schema_too_new")
	case errors.Is(err, data.ErrNotFound):
		return loc.T("error.not_found")
	case errors.Is(err, fs.ErrNotExist):
		return loc.T("error.file_missing")
	case errors.Is(err, fs.ErrExist):
		return loc.T("error.file_exists")
	case errors.Is(err, fs.ErrPermission):
		return loc.T("error.permission")
	}
	return loc.T("error.unexpected") + "\n\n" + err.Error()
}

// NewError returns a dialog telling the user, in plain words, what went
// wrong.
func NewError(loc *translations.Localizer, err error, win fyne.Window) dialog.Dialog {
	text := widget.NewLabel(ErrorText(loc, err))
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(loc.T("error.title"), loc.T("action.ok"), container.NewPadded(text), win)
	d.Resize(fyne.NewSize(460, 220))
	return d
}

// Progress reports how far long work has got, from 0 to 1.
type Progress func(fraction float64)

// Task is long work: it should stop soon after ctx is cancelled and report
// its progress (it may call Progress from any goroutine).
type Task func(ctx context.Context, progress Progress) error

// RunTask shows a dialog with a progress bar and a Cancel button, runs task
// on its own goroutine and, when it ends, closes the dialog and calls done
// on the UI goroutine with the task's error (context.Canceled if cancelled).
// shown, if not nil, gets the dialog once it is shown and before the task
// starts (to let Esc find it, say). RunTask returns the dialog and a function
// that cancels the task.
func RunTask(loc *translations.Localizer, win fyne.Window, title, message string, task Task, shown func(dialog.Dialog), done func(error)) (dialog.Dialog, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBar()
	label := widget.NewLabel(message)
	label.Wrapping = fyne.TextWrapWord
	cancelBtn := widget.NewButton(loc.T("action.cancel"), nil)
	content := container.NewVBox(label, bar, container.NewCenter(cancelBtn))
	d := dialog.NewCustomWithoutButtons(title, content, win)
	d.Resize(fyne.NewSize(420, 160))
	cancelBtn.OnTapped = func() {
		cancelBtn.Disable()
		label.SetText(loc.T("progress.cancelling"))
		cancel()
	}
	d.Show()
	if shown != nil {
		shown(d)
	}
	go func() {
		err := task(ctx, func(f float64) {
			fyne.Do(func() { bar.SetValue(f) })
		})
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		cancel()
		fyne.Do(func() {
			d.Hide()
			if done != nil {
				done(err)
			}
		})
	}()
	return d, cancel
}
