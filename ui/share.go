package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
)

// shareDialog shares a referral with the provider organization that runs
// its service. The family's consent to share must be on record: without
// it the dialog says why, and the navigator either records the consent
// the family gives now (how: verbal or written; by them, today) and
// shares, or keeps the referral private to the organization.
type shareDialog struct {
	sh       *Shell
	ref      store.ReferralSummary
	provider *choice
	how      *choice       // shown while the family has no consent on record
	why      *widget.Label // why consent is needed, when it is
	share    *button
	private  *button
	dlg      dialog.Dialog
	done     func()
}

// showShareDialog opens the dialog for ref; done runs after it shared.
func showShareDialog(sh *Shell, ref store.ReferralSummary, done func()) *shareDialog {
	provs, err := sh.st.ProvidersFor(sh.ctx(), ref.ServiceID)
	if err != nil {
		sh.showError(err)
		return nil
	}
	if len(provs) == 0 {
		sh.showDialog(dialog.NewInformation(sh.T("share.title"), sh.T("share.no_provider", map[string]any{"Service": ref.ServiceName}), sh.win))
		return nil
	}
	h, err := sh.st.Household(sh.ctx(), ref.HouseholdID)
	if err != nil {
		sh.showError(err)
		return nil
	}
	d := &shareDialog{sh: sh, ref: ref, done: done}
	codes, labels := make([]string, len(provs)), make([]string, len(provs))
	for i, p := range provs {
		codes[i], labels[i] = p.OrgID, p.OrgName
	}
	d.provider = newChoiceOf(sh.loc, codes, labels)
	d.provider.SetSelectedIndex(0)
	what := wrappedLabel(sh.T("share.what", map[string]any{"Family": h.Name}))
	body := container.NewVBox(widget.NewLabel(sh.T("share.to")), d.provider, what)
	d.share = newButton(sh.T("share.share"), d.doShare)
	d.share.Importance = widget.HighImportance
	d.private = newButton(sh.T("share.keep_private"), func() { d.dlg.Hide() })
	if !h.ConsentShare {
		d.why = wrappedLabel(sh.T("share.no_consent", map[string]any{"Family": h.Name}))
		d.why.Importance = widget.WarningImportance
		d.how = newChoice(sh.loc, "consent_how.", data.ConsentWays, false)
		d.how.PlaceHolder = sh.T("share.how")
		d.share.SetText(sh.T("share.record_and_share"))
		body.Add(widget.NewSeparator())
		body.Add(d.why)
		body.Add(d.how)
	}
	buttons := sh.mirror(container.NewHBox(d.private, d.share))
	content := container.NewBorder(nil, buttons, nil, nil, container.NewVScroll(body))
	d.dlg = dialog.NewCustomWithoutButtons(sh.T("share.title"), content, sh.win)
	d.dlg.Resize(fyne.NewSize(560, 460))
	sh.showDialog(d.dlg)
	sh.setDialogKeys(d.dlg, dialogKeys{enter: d.doShare, cancel: d.dlg.Hide})
	sh.applyDirection(content)
	return d
}

// doShare records the consent given now, if asked for, and shares.
func (d *shareDialog) doShare() {
	sh := d.sh
	if d.how != nil && d.how.code() == "" {
		sh.showDialog(dialog.NewInformation(sh.T("share.title"), sh.T("share.how_needed"), sh.win))
		return
	}
	err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error {
		if d.how != nil {
			if err := tx.RecordShareConsent(d.ref.HouseholdID, sh.navigator(), d.how.code()); err != nil {
				return err
			}
		}
		_, err := tx.ShareReferral(d.ref.ID, d.provider.code(), sh.navigator())
		return err
	})
	switch {
	case errors.Is(err, store.ErrNoConsent):
		sh.showDialog(dialog.NewInformation(sh.T("share.title"), sh.T("share.refused_no_consent"), sh.win))
		return
	case errors.Is(err, store.ErrNotEnrolled):
		sh.showDialog(dialog.NewInformation(sh.T("share.title"), sh.T("share.not_enrolled"), sh.win))
		return
	case err != nil:
		sh.showError(err)
		return
	}
	d.dlg.Hide()
	if d.done != nil {
		d.done()
	}
}

// shareLines say, for a referral's page, with whom it is shared and what
// the provider answered, or that it is private to the organization.
func shareLines(sh *Shell, shares []store.SharedReferral, providers map[string]string) []string {
	if len(shares) == 0 {
		return []string{sh.T("share.private")}
	}
	var lines []string
	for _, s := range shares {
		name := providers[s.ProviderOrg]
		if name == "" && len(s.Answers) > 0 {
			name = s.Answers[0].Provider
		}
		args := map[string]any{"Provider": sh.isolated(name), "Date": sh.loc.Date(s.SharedAt), "Status": sh.T("status." + s.Status())}
		switch {
		case s.Withdrawn():
			lines = append(lines, sh.T("share.line_withdrawn", args))
		default:
			lines = append(lines, sh.T("share.line", args))
		}
		if at := s.Appointment(); !at.IsZero() {
			lines = append(lines, sh.T("share.appointment", map[string]any{"Date": sh.loc.DateTime(at)}))
		}
		if n := len(s.Answers); n > 0 && s.Answers[n-1].DeclineCode != "" {
			lines = append(lines, sh.T("share.declined_because", map[string]any{"Reason": sh.T("decline." + s.Answers[n-1].DeclineCode)}))
		}
	}
	return []string{strings.Join(lines, "\n")}
}
