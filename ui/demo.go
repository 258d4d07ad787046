package ui

import (
	"context"

	"trellis/data/demo"
	"trellis/ui/dialogs"
)

// demoSize is the county the app's "load demo data" makes: big enough to
// try search and the directory, quick enough to wait for.
var demoSize = demo.Options{Families: 1000, Services: 400, Seed: 1}

// loadDemo fills the store with demo data, showing progress with a Cancel
// button; done runs afterwards on the UI goroutine (also when cancelled or
// failed, after the error has been shown). Nothing is written if cancelled.
// It returns a function that cancels the work.
func (s *Shell) loadDemo(done func()) context.CancelFunc {
	st := s.st
	s.busy.Add(1)
	opts := demoSize
	opts.Navigator = s.navigator()
	opts.LocalOnly = true // made up: never sent, nor counted as changes waiting
	_, cancel := dialogs.RunTask(s.loc, s.win, s.T("demo.title"), s.T("demo.progress"),
		func(ctx context.Context, progress dialogs.Progress) error {
			_, err := demo.Generate(ctx, st, opts, func(n, total int) {
				if total > 0 {
					progress(float64(n) / float64(total))
				}
			})
			return err
		},
		s.rememberDialog,
		func(err error) {
			if err != nil {
				s.showError(err)
			}
			if done != nil {
				done()
			}
			s.busy.Done()
		})
	return cancel
}
