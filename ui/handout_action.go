package ui

import (
	"fyne.io/fyne/v2/dialog"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data/store"
	"trellis/ui/handout"
)

// newHandoutButton makes the button that saves the summary of a referral
// for the family, in the family's language. selected returns the referral
// to summarize, or nil when none is chosen.
func newHandoutButton(sh *Shell, selected func() *store.ReferralSummary) *widget.Button {
	return widget.NewButtonWithIcon(sh.T("handout.save"), fynetheme.DocumentPrintIcon(), func() {
		if r := selected(); r != nil {
			sh.saveHandout(r.HouseholdID, r.ServiceID)
		}
	})
}

// saveHandout asks for a folder and writes there the referral summary of
// the service for the family, then says where it is.
func (s *Shell) saveHandout(householdID, serviceID string) {
	s.chooseFolder(func(dir string) {
		path, err := s.writeHandout(householdID, serviceID, dir)
		if err != nil {
			s.showError(err)
			return
		}
		s.showDialog(dialog.NewInformation(s.T("handout.title"), s.display(s.T("handout.saved", map[string]any{"Path": path})), s.win))
	})
}

// writeHandout writes the referral summary into dir and returns its path.
func (s *Shell) writeHandout(householdID, serviceID, dir string) (string, error) {
	h, err := s.st.Household(s.ctx(), householdID)
	if err != nil {
		return "", err
	}
	svc, err := s.st.Service(s.ctx(), serviceID)
	if err != nil {
		return "", err
	}
	return handout.New(h, svc, s.navigator(), s.st.Now()).Save(dir)
}
