package ui

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"trellis/sync/client"

	"trellis/data"
	"trellis/data/store"
	"trellis/sync/synctest"
)

// syncAsNavctl syncs st as `navctl sync` does: the clock offset the last
// sync found, then one sync.
func syncAsNavctl(st *store.Store) error {
	ctx := context.Background()
	if err := client.LoadClockOffset(ctx, st); err != nil {
		return err
	}
	_, err := (&client.Client{Store: st}).Sync(ctx)
	return err
}

// untilOK tries again, as a navigator would, until try succeeds.
func untilOK(t *testing.T, what string, try func() error) {
	t.Helper()
	var err error
	for i := 0; i < 60; i++ {
		if err = try(); err == nil {
			return
		}
	}
	t.Fatalf("%s failed 60 times through the flaky connection, last: %v", what, err)
}

// familyState is what each replica must agree on: the family, its members
// and the open conflicts.
type familyState struct {
	Household data.Household
	Members   []data.Member
	Conflicts []data.Conflict
}

func readFamily(t *testing.T, st *store.Store, id string) familyState {
	t.Helper()
	ctx := context.Background()
	h, err := st.Household(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := st.Members(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := st.Conflicts(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	return familyState{h, ms, cs}
}

// The sync issue's "done when", end to end: two profiles synced as navctl
// syncs them (ana, ben) and the app (cy: Settings' enrolment and Sync now)
// in one organization edit the same family offline and sync through a
// connection that drops, cuts, loses, duplicates and replays requests.
// They end identical, with the conflict over the family's navigator shown
// in the app for review, and a profile of another organization never sees
// the family.
func TestProfilesAndTheAppEndIdenticalThroughAFlakyConnection(t *testing.T) {
	county := synctest.County(t, map[string][]string{"Harbor": {"ana", "ben", "cy"}, "Riverside": {"dee"}})
	flaky := synctest.NewFlaky(t, county, 7, 0.35)
	ctx := context.Background()
	ana, ben, dee, app := openTestStore(t), openTestStore(t), openTestStore(t), openTestStore(t)

	timer := synctest.NewTimer() // never fired: the app syncs when Sync now is pressed
	sh := newTestShellWith(t, app, Options{Language: "en", Background: inline, SyncTimer: timer.Start})
	sh.Show(ScreenSettings)
	s := sh.settings.sync
	s.server.SetText(flaky.URL)
	s.user.SetText("cy")
	appTry := func(step func(func(error))) func() error {
		return func() error {
			err := waitErr(step)
			sh.closeDialogs() // the navigator reads the error and tries again
			return err
		}
	}
	untilOK(t, "the app's enrolment", func() error {
		s.password.SetText("password-cy")
		return appTry(s.enroll)()
	})
	for _, p := range []struct {
		st   *store.Store
		user string
	}{{ana, "ana"}, {ben, "ben"}, {dee, "dee"}} {
		untilOK(t, p.user+"'s enrolment", func() error {
			_, err := client.Enroll(ctx, p.st, nil, flaky.URL, p.user, "password-"+p.user, "laptop-"+p.user)
			return err
		})
	}

	// Ana adds the family; everyone in Harbor receives it.
	h := data.Household{Name: "Nguyen", HomeLanguage: "vi", Navigator: "ana", ConsentContact: true}
	write(t, ana, func(tx *store.Tx) error { return tx.AddHousehold(&h) })
	untilOK(t, "ana's sync", func() error { return syncAsNavctl(ana) })
	untilOK(t, "ben's sync", func() error { return syncAsNavctl(ben) })
	untilOK(t, "the app's sync", appTry(s.syncNow))
	if _, err := app.Household(ctx, h.ID); err != nil {
		t.Fatalf("the app did not receive the family: %v", err)
	}

	// Offline, all three edit it: the navigator twice (a guarded field),
	// the phone, the ZIP code, and the app adds a child.
	edit := func(st *store.Store, fn func(*data.Household)) {
		write(t, st, func(tx *store.Tx) error {
			got, err := store.GetTx[data.Household](tx, h.ID)
			if err != nil {
				return err
			}
			fn(&got)
			return tx.Update(&got)
		})
	}
	edit(ana, func(x *data.Household) { x.Navigator, x.Phone = "Ana Lopez", "206-555-0101" })
	edit(ben, func(x *data.Household) { x.Navigator, x.ZIP = "Ben Okafor", "98122" })
	write(t, app, func(tx *store.Tx) error {
		return tx.AddMember(&data.Member{HouseholdID: h.ID, Role: data.RoleChild, GivenName: "Lia", BirthDate: data.MustDate("2024-09-01")})
	})
	for round := 0; round < 2; round++ {
		untilOK(t, "ana's sync", func() error { return syncAsNavctl(ana) })
		untilOK(t, "ben's sync", func() error { return syncAsNavctl(ben) })
		untilOK(t, "the app's sync", appTry(s.syncNow))
	}
	untilOK(t, "ana's last sync", func() error { return syncAsNavctl(ana) })

	want := readFamily(t, ana, h.ID)
	for name, st := range map[string]*store.Store{"ben": ben, "the app": app} {
		if got := readFamily(t, st, h.ID); !reflect.DeepEqual(got, want) {
			t.Errorf("%s differs from ana:\n%+v\nana:\n%+v", name, got, want)
		}
	}
	if want.Household.Phone != "206-555-0101" || want.Household.ZIP != "98122" {
		t.Errorf("an edit was lost: phone %q, ZIP %q", want.Household.Phone, want.Household.ZIP)
	}
	if len(want.Members) != 1 || want.Members[0].GivenName != "Lia" {
		t.Errorf("the app's child arrived as %+v (once, and only once, is right)", want.Members)
	}
	if len(want.Conflicts) != 1 || want.Conflicts[0].RowID != h.ID || want.Conflicts[0].Column != "navigator" {
		t.Fatalf("want one conflict on the navigator, got %+v", want.Conflicts)
	}
	for name, st := range map[string]*store.Store{"ana": ana, "ben": ben, "the app": app} {
		if n, err := st.PendingChanges(ctx, 0); err != nil || n != 0 {
			t.Errorf("%s still has %d changes to send (%v)", name, n, err)
		}
	}

	// The app shows the conflict for review, with both sides.
	v := sh.showConflicts()
	labels, _ := texts(v.rows)
	shown := strings.Join(labels, "\n")
	for _, w := range []string{"Navigator (Nguyen family)", "Ana Lopez", "Ben Okafor"} {
		if !strings.Contains(shown, w) {
			t.Errorf("the app's conflicts view lacks %q:\n%s", w, shown)
		}
	}

	// Riverside's profile, synced as often, has none of it.
	for i := 0; i < 3; i++ {
		untilOK(t, "dee's sync", func() error { return syncAsNavctl(dee) })
	}
	if _, err := dee.Household(ctx, h.ID); err == nil {
		t.Error("the other organization's profile received the family")
	}
	if cs, _ := dee.Conflicts(ctx, false); len(cs) != 0 {
		t.Errorf("the other organization's profile received %d conflicts", len(cs))
	}
	if page, err := dee.SearchFamilies(ctx, "", 0, 0); err != nil || page.Total != 0 {
		t.Errorf("the other organization's profile lists %d families (%v)", page.Total, err)
	}

	// The connection did fail in every way it can.
	seen := flaky.Seen()
	for _, f := range synctest.Faults {
		if seen[f] == 0 {
			t.Errorf("the flaky connection never injected %q (%v): choose another seed", f, seen)
		}
	}
	t.Logf("faults injected: %v", seen)
}
