package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"trellis/data"
	"trellis/data/registry"
	"trellis/data/store"
)

// providerFixture is a laptop enrolled with role, a service run by a
// linked provider organization, and a family (without consent to share)
// referred to it.
type providerFixture struct {
	st       *store.Store
	provider string // the provider organization's county id
	h        data.Household
	ref      data.Referral
}

func newProviderFixture(t *testing.T, role string) providerFixture {
	t.Helper()
	f := providerFixture{st: openTestStore(t), provider: data.NewID()}
	write(t, f.st, func(tx *store.Tx) error {
		return tx.Enroll(store.SyncDevice{ServerURL: "https://county.example", DeviceID: "d1", Token: "t", OrgID: data.NewID(),
			OrgName: "Harbor", User: "ana", Role: role})
	})
	org := data.Organization{ID: data.NewID(), Name: "Rainier Clinic"}
	svc := data.Service{ID: data.NewID(), OrganizationID: org.ID, Name: "Speech therapy", Status: data.ServiceActive}
	f.h = data.Household{Name: "Warsame", HomeLanguage: "so", InterpreterNeeded: true, Phone: "206-555-0142", Navigator: "ana"}
	child := data.Member{Role: data.RoleChild, GivenName: "Hodan", BirthDate: data.MustDate("2024-02-01")}
	write(t, f.st, func(tx *store.Tx) error {
		for _, r := range []any{&org, &svc, &data.ProviderLink{ID: data.ProviderLinkID(f.provider, org.ID), OrgID: f.provider, OrgName: "Rainier Clinic", DirectoryOrgID: org.ID}} {
			if err := tx.Insert(r); err != nil {
				return err
			}
		}
		if err := tx.AddHousehold(&f.h); err != nil {
			return err
		}
		child.HouseholdID = f.h.ID
		if err := tx.AddMember(&child); err != nil {
			return err
		}
		f.ref = data.Referral{HouseholdID: f.h.ID, ChildID: child.ID, ServiceID: svc.ID, Reason: "Speech delay"}
		return tx.CreateReferral(&f.ref, data.StatusRequested, "ana", "")
	})
	return f
}

// A navigator cannot share a referral of a family without consent to
// share on record: the dialog explains it in the navigator's language (here
// Somali) and shares only once the consent given now is recorded, with how
// it was given; choosing nothing shares nothing.
func TestSharingAsksForConsentInTheNavigatorsLanguage(t *testing.T) {
	f := newProviderFixture(t, registry.RoleNavigator)
	sh := enrolledShell(t, f.st, "so")
	sh.Show(ScreenReferrals)
	var d *shareDialog
	fyne.DoAndWait(func() {
		sh.refs.showReferral(f.ref.ID)
		d = showShareDialog(sh, *sh.refs.selected, nil)
	})
	if d == nil || d.how == nil || d.why == nil {
		t.Fatal("the share dialog does not ask for consent for a family without it")
	}
	if !strings.Contains(d.why.Text, "Qoyska Warsame ma laha oggolaansho wadaag") {
		t.Errorf("the refusal is not explained in Somali: %q", d.why.Text)
	}
	fyne.DoAndWait(func() { d.doShare() }) // no way of consent chosen
	if got, _ := f.st.SharedReferrals(context.Background(), store.SharesFilter{}); len(got) != 0 {
		t.Fatalf("shared without consent: %+v", got)
	}
	fyne.DoAndWait(func() {
		sh.closeDialogs()
		d.how.setCode(data.ConsentWritten)
		d.doShare()
	})
	got, _ := f.st.SharedReferrals(context.Background(), store.SharesFilter{})
	if len(got) != 1 || got[0].ProviderOrg != f.provider || got[0].FamilyName != "Warsame" {
		t.Fatalf("after recording consent: %+v", got)
	}
	h, _ := f.st.Household(context.Background(), f.h.ID)
	if !h.ConsentShare || h.ConsentShareHow != data.ConsentWritten || h.ConsentShareBy != sh.navigator() {
		t.Errorf("consent recorded as %v %q by %q", h.ConsentShare, h.ConsentShareHow, h.ConsentShareBy)
	}
}

// A provider's laptop opens on its inbox (no Today, Families or
// Referrals), shows the family's language first, and records an answer
// (accepted with the first appointment) from the answer form.
func TestProviderInboxAnswersAReferral(t *testing.T) {
	f := newProviderFixture(t, registry.RoleProvider)
	write(t, f.st, func(tx *store.Tx) error {
		if err := tx.RecordShareConsent(f.h.ID, "ana", data.ConsentVerbal); err != nil {
			return err
		}
		_, err := tx.ShareReferral(f.ref.ID, f.provider, "ana")
		return err
	})
	sh := enrolledShell(t, f.st, "en")
	sh.Show(ScreenToday)
	if sh.visible() != ScreenInbox || len(sh.sidebar) != 3 {
		t.Fatalf("a provider's laptop shows %q with %d screens", sh.visible(), len(sh.sidebar))
	}
	var form *answerForm
	fyne.DoAndWait(func() {
		sh.inbox.refresh()
		if len(sh.inbox.shown) != 1 {
			t.Fatalf("the inbox lists %d referrals", len(sh.inbox.shown))
		}
		sh.inbox.show(sh.inbox.shown[0].ID)
	})
	if got := sh.inbox.language.Text; got != "Speaks Somali — needs an interpreter" {
		t.Errorf("the language line says %q", got)
	}
	fyne.DoAndWait(func() {
		form = showAnswerForm(sh, *sh.inbox.selected, sh.inbox.refresh)
		form.status.setCode(data.StatusAccepted)
		form.appointment.SetText("2026-12-08 10:30")
		form.save.OnTapped()
	})
	got, _ := f.st.SharedReferrals(context.Background(), store.SharesFilter{})
	want := time.Date(2026, 12, 8, 10, 30, 0, 0, time.Local)
	if len(got) != 1 || got[0].Status() != data.StatusAccepted || !got[0].Appointment().Equal(want) {
		t.Fatalf("after answering: %+v", got)
	}
}
