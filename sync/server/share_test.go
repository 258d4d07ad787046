package server

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"trellis/data"
	"trellis/data/registry"
	"trellis/data/store"
	"trellis/sync"
	"trellis/sync/server/countydb"
	"trellis/sync/server/dbtest"
)

// providerCounty is a county with a navigator's organization, a provider
// organization linked to the directory organization that runs a service,
// and a provider of another organization linked to another one.
type providerCounty struct {
	e                   *env
	clinic, otherClinic countydb.Org
	svc, otherSvc       data.Service
}

func newProviderCounty(t *testing.T, dsn string) *providerCounty {
	e := newEnv(t, dsn)
	e.addUser("Harbor", "nav", registry.RoleNavigator)
	e.addUser("Clinic", "prov", registry.RoleProvider)
	e.addUser("Clinic", "prov2", registry.RoleProvider)
	e.addUser("Other Clinic", "other", registry.RoleProvider)
	pc := &providerCounty{e: e}
	dirOrg := data.Organization{ID: data.NewID(), Name: "Clinic (directory)"}
	otherOrg := data.Organization{ID: data.NewID(), Name: "Other clinic (directory)"}
	pc.svc = data.Service{ID: data.NewID(), OrganizationID: dirOrg.ID, Name: "Speech therapy", Status: data.ServiceActive, Source: "county"}
	pc.otherSvc = data.Service{ID: data.NewID(), OrganizationID: otherOrg.ID, Name: "Play group", Status: data.ServiceActive, Source: "county"}
	_, err := Publish(ctx, e.st, PublishOptions{User: "import", Now: e.clock.Now}, func(ctx context.Context, st *store.Store) error {
		return st.Write(ctx, func(tx *store.Tx) error {
			for _, r := range []any{&dirOrg, &otherOrg, &pc.svc, &pc.otherSvc} {
				if err := tx.Upsert(r); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if pc.clinic, err = e.st.OrgByName(ctx, "Clinic"); err != nil {
		t.Fatal(err)
	}
	if pc.otherClinic, err = e.st.OrgByName(ctx, "Other Clinic"); err != nil {
		t.Fatal(err)
	}
	for _, l := range []struct {
		org countydb.Org
		dir string
	}{{pc.clinic, dirOrg.ID}, {pc.otherClinic, otherOrg.ID}} {
		if _, err := LinkProvider(ctx, e.st, PublishOptions{User: "admin", Now: e.clock.Now}, l.org, l.dir, false); err != nil {
			t.Fatal(err)
		}
	}
	return pc
}

// secrets are what the navigator knows of the family that no provider may
// receive.
var secrets = []string{"SECRET-NOTE", "SECRET-RACE", "12 Secret Street", "SECRET-OTHER-REASON", "SECRET-SCREENING", "Bobo", "SECRET-CONTACT"}

// holdsAny returns which of words are anywhere in a profile's files.
func holdsAny(t *testing.T, st *store.Store, words []string) []string {
	t.Helper()
	var found []string
	err := filepath.Walk(st.Dir(), func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, w := range words {
			if bytes.Contains(b, []byte(w)) {
				found = append(found, w+" in "+filepath.Base(path))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// TestAReferralSharedWithConsentReachesTheProviderAndComesBackAnswered is
// issue 16's loop against the real server on SQLite and PostgreSQL: a
// navigator cannot share without the family's consent to share; with it,
// the provider's laptop receives exactly the minimum of the family and
// nothing else (nor the family's other referral), a provider of another
// organization receives nothing, the provider's answers (accepted with a
// first appointment, services started) come back to the navigator's
// referral history with who gave them, and withdrawing consent empties the
// family's details from the provider's laptop at its next sync while its
// answers stay.
func TestAReferralSharedWithConsentReachesTheProviderAndComesBackAnswered(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		pc := newProviderCounty(t, dsn)
		e := pc.e
		nav := e.newDevice("nav", 0, nil)
		prov := e.newDevice("prov", 0, nil)
		prov2 := e.newDevice("prov2", 0, nil)
		other := e.newDevice("other", 0, nil)
		nav.sync(t)

		h := data.Household{Name: "Nguyen", HomeLanguage: "so", InterpreterNeeded: true, Phone: "206-555-0100", Email: "nguyen@example.org",
			ContactMethod: data.ContactText, ContactTimes: "weekday evenings", Address: "12 Secret Street", ZIP: "98118",
			RaceEthnicity: "SECRET-RACE", Notes: "SECRET-NOTE", Navigator: "nav"}
		child := data.Member{Role: data.RoleChild, GivenName: "Leo", FamilyName: "Bobo", BirthDate: data.DateOf(e.clock.Now()).AddDays(-800)}
		var ref, otherRef data.Referral
		nav.write(t, func(tx *store.Tx) error {
			if err := tx.AddHousehold(&h); err != nil {
				return err
			}
			if err := tx.AddMember(&data.Member{HouseholdID: h.ID, Role: data.RoleCaregiver, GivenName: "Ana", FamilyName: "Nguyen"}); err != nil {
				return err
			}
			child.HouseholdID = h.ID
			if err := tx.AddMember(&child); err != nil {
				return err
			}
			if err := tx.Insert(&data.Contact{HouseholdID: h.ID, At: e.clock.Now(), Kind: data.KindPhone, Notes: "SECRET-CONTACT"}); err != nil {
				return err
			}
			if err := tx.AddScreening(&data.Screening{HouseholdID: h.ID, ChildID: child.ID, Tool: data.ScreeningTools[0], On: data.DateOf(e.clock.Now()), Outcome: data.ScreeningOutcomes[0], Notes: "SECRET-SCREENING"}); err != nil {
				return err
			}
			ref = data.Referral{HouseholdID: h.ID, ChildID: child.ID, ServiceID: pc.svc.ID, Reason: "Speech delay", Priority: data.PriorityUrgent}
			if err := tx.CreateReferral(&ref, data.StatusRequested, "nav", ""); err != nil {
				return err
			}
			otherRef = data.Referral{HouseholdID: h.ID, ServiceID: pc.otherSvc.ID, Reason: "SECRET-OTHER-REASON"}
			return tx.CreateReferral(&otherRef, data.StatusRequested, "nav", "")
		})

		// Without consent on record, nothing is shared.
		err := nav.st.Write(ctx, func(tx *store.Tx) error { _, err := tx.ShareReferral(ref.ID, pc.clinic.ID, "nav"); return err })
		if !errors.Is(err, store.ErrNoConsent) {
			t.Fatalf("sharing without consent: %v, want ErrNoConsent", err)
		}
		var share *data.ReferralShare
		nav.write(t, func(tx *store.Tx) error {
			if err := tx.RecordShareConsent(h.ID, "nav", data.ConsentVerbal); err != nil {
				return err
			}
			share, err = tx.ShareReferral(ref.ID, pc.clinic.ID, "nav")
			return err
		})
		nav.sync(t)
		for _, d := range []*device{prov, other} {
			d.sync(t)
		}

		got, err := prov.st.SharedReferrals(ctx, store.SharesFilter{})
		if err != nil || len(got) != 1 {
			t.Fatalf("the provider's inbox: %d shares, %v; want 1", len(got), err)
		}
		want := data.ReferralShare{ID: share.ID, ReferralID: ref.ID, ProviderOrg: pc.clinic.ID, ServiceID: pc.svc.ID,
			FamilyName: "Nguyen", CaregiverName: "Ana Nguyen", Phone: "206-555-0100", Email: "nguyen@example.org",
			ContactMethod: data.ContactText, ContactTimes: "weekday evenings", HomeLanguage: "so", InterpreterNeeded: true,
			ChildFirstName: "Leo", ChildAgeMonths: child.AgeMonths(data.DateOf(e.clock.Now())), Reason: "Speech delay",
			Priority: data.PriorityUrgent, Navigator: "nav", NavigatorOrg: "Harbor", ReferringOrg: share.ReferringOrg,
			LastEventID: share.LastEventID, SharedAt: share.SharedAt}
		if !reflect.DeepEqual(got[0].ReferralShare, want) {
			t.Errorf("the provider received\n%+v\nwant exactly\n%+v", got[0].ReferralShare, want)
		}
		// Nothing else of the family: no row of any other table that is
		// not the county's directory, and none of what the navigator
		// knows besides the minimum anywhere in the provider's files.
		for key := range snapshot(t, prov.st) {
			table, _, _ := strings.Cut(key, "/")
			if tb := registry.Lookup(table); tb.Scope.Stream != registry.StreamPublic && table != "referral_shares" {
				t.Errorf("the provider's laptop holds a row of %s", table)
			}
		}
		if found := holdsAny(t, prov.st, secrets); len(found) > 0 {
			t.Errorf("the provider's laptop holds what was not shared: %v", found)
		}
		if got, _ := other.st.SharedReferrals(ctx, store.SharesFilter{}); len(got) != 0 {
			t.Errorf("a provider of another organization received %d shared referrals", len(got))
		}
		if found := holdsAny(t, other.st, append([]string{"Nguyen", "206-555-0100", "Speech delay"}, secrets...)); len(found) > 0 {
			t.Errorf("another organization's provider holds: %v", found)
		}

		// The provider accepts with a first appointment, and services start.
		appt := e.clock.Now().Add(72 * time.Hour).Truncate(time.Minute)
		prov.write(t, func(tx *store.Tx) error {
			if _, err := tx.AnswerReferral(share.ID, store.Answer{Status: data.StatusAccepted, Appointment: appt, By: "prov", Note: "Tuesday works"}); err != nil {
				return err
			}
			_, err := tx.AnswerReferral(share.ID, store.Answer{Status: data.StatusInProgress, By: "prov"})
			return err
		})
		prov.sync(t)
		if rej, _ := prov.st.Rejections(ctx, true); len(rej) > 0 {
			t.Fatalf("the server refused the provider's answers: %+v", rej)
		}
		nav.sync(t)
		hist, err := nav.st.ReferralHistory(ctx, ref.ID)
		if err != nil {
			t.Fatal(err)
		}
		var statuses, bys []string
		for _, ev := range hist {
			statuses, bys = append(statuses, ev.Status), append(bys, ev.By)
		}
		if !reflect.DeepEqual(statuses, []string{data.StatusRequested, data.StatusAccepted, data.StatusInProgress}) ||
			bys[1] != "prov (Clinic)" || bys[2] != "prov (Clinic)" {
			t.Errorf("the navigator's history: %v by %v; want requested, accepted, in-progress, the last two by prov (Clinic)", statuses, bys)
		}
		if r, err := nav.st.Referral(ctx, ref.ID); err != nil || r.Status != data.StatusInProgress || r.StartedAt.IsZero() {
			t.Errorf("the navigator's referral: %+v, %v; want in progress, started", r.Status, err)
		}
		if sh, err := nav.st.SharedReferrals(ctx, store.SharesFilter{ReferralID: ref.ID}); err != nil || len(sh) != 1 ||
			len(sh[0].Answers) != 2 || !sh[0].Appointment().Equal(appt) {
			t.Errorf("the navigator sees the answers: %+v, %v; want 2 with the appointment %v", sh, err, appt)
		}
		// Another of the provider's laptops sees the referral and its answers.
		prov2.sync(t)
		if sh, _ := prov2.st.SharedReferrals(ctx, store.SharesFilter{}); len(sh) != 1 || sh[0].Status() != data.StatusInProgress {
			t.Errorf("the provider's other laptop: %+v", sh)
		}

		// The family withdraws its consent: the provider's laptops lose
		// its details; the provider's answers stay.
		nav.write(t, func(tx *store.Tx) error { return tx.WithdrawShareConsent(h.ID, "nav") })
		nav.sync(t)
		prov.sync(t)
		got, err = prov.st.SharedReferrals(ctx, store.SharesFilter{})
		if err != nil || len(got) != 1 {
			t.Fatalf("after withdrawal: %d shares, %v", len(got), err)
		}
		gone := got[0].ReferralShare
		if !gone.Withdrawn() || gone.FamilyName != "" || gone.CaregiverName != "" || gone.Phone != "" || gone.Email != "" ||
			gone.ChildFirstName != "" || gone.ChildAgeMonths != -1 || gone.Reason != "" || gone.ContactTimes != "" {
			t.Errorf("after withdrawal the provider still holds: %+v", gone)
		}
		if len(got[0].Answers) != 2 {
			t.Errorf("the provider's own answers after withdrawal: %d, want 2", len(got[0].Answers))
		}
		// Sharing again is refused on the laptop, and by the server for a
		// laptop that does not ask (a share written directly).
		err = nav.st.Write(ctx, func(tx *store.Tx) error { _, err := tx.ShareReferral(ref.ID, pc.clinic.ID, "nav"); return err })
		if !errors.Is(err, store.ErrNoConsent) {
			t.Errorf("sharing after withdrawal: %v, want ErrNoConsent", err)
		}
		sneaky := want
		sneaky.ID, sneaky.SharedAt = "", e.clock.Now()
		nav.write(t, func(tx *store.Tx) error { return tx.Insert(&sneaky) })
		nav.sync(t)
		rej, _ := nav.st.Rejections(ctx, true)
		if len(rej) != 1 || rej[0].Code != sync.RejectShareConsent {
			t.Errorf("a share without consent: refused %+v, want %s", rej, sync.RejectShareConsent)
		}
		prov.sync(t)
		if got, _ := prov.st.SharedReferrals(ctx, store.SharesFilter{}); len(got) != 1 {
			t.Errorf("the provider received a share made without consent: %d shares", len(got))
		}
	})
}
