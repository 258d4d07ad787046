package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"trellis/data"
	"trellis/data/store"
)

// withShareConsent runs then with the family as stored now, once the family
// has agreed to share its information with providers, which a referral
// does. A family that has not is asked first: the navigator either records
// the family's consent now (today, by the navigator, as the family form
// records it) and goes on, or cancels, and nothing is referred.
func (s *Shell) withShareConsent(householdID string, then func(h data.Household)) {
	h, err := s.st.Household(s.ctx(), householdID)
	if err != nil {
		s.showError(err)
		return
	}
	if h.ConsentShare {
		then(h)
		return
	}
	ask := wrappedLabel(s.T("consent.share_ask", map[string]any{"Family": h.Name}))
	c := dialog.NewCustomConfirm(s.T("consent.share_title"), s.T("consent.share_record"), s.T("action.cancel"), ask,
		func(agreed bool) {
			if !agreed {
				return
			}
			if err := s.recordShareConsent(&h); err != nil {
				s.showError(err)
				return
			}
			then(h)
		}, s.win)
	c.Resize(fyne.NewSize(520, 240))
	s.showDialog(c)
}

// recordShareConsent records that the family agreed today, to the
// navigator, to share its information with providers.
func (s *Shell) recordShareConsent(h *data.Household) error {
	updated := *h
	updated.ConsentShare, updated.ConsentShareOn, updated.ConsentShareBy = true, s.today(), s.navigator()
	if err := s.st.Write(s.ctx(), func(tx *store.Tx) error { return tx.Update(&updated) }); err != nil {
		return err
	}
	*h = updated
	return nil
}
