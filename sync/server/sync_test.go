package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"trellis/data/registry"
	"trellis/sync"
	"trellis/sync/client"
	"trellis/sync/server/dbtest"

	"trellis/data"
	"trellis/data/store"
)

func TestFamiliesReachOnlyTheirOrganization(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor Family Services", "ana", registry.RoleNavigator)
		e.addUser("Harbor Family Services", "ben", registry.RoleNavigator)
		e.addUser("Valley Clinic", "cho", registry.RoleNavigator)
		a, b, c := e.newDevice("ana", 0, nil), e.newDevice("ben", 0, nil), e.newDevice("cho", 0, nil)

		h := a.addFamily(t, "Nguyen")
		rep := a.sync(t)
		if rep.Pushed != 3 {
			t.Fatalf("pushed %d changes, want 3 (family, caregiver, child)", rep.Pushed)
		}
		if n, _ := a.st.PendingChanges(ctx, 0); n != 0 {
			t.Fatalf("%d changes left in the outbox after an acknowledged push", n)
		}
		b.sync(t)
		c.sync(t)
		got, err := b.st.Household(ctx, h.ID)
		if err != nil {
			t.Fatalf("same-organization device did not receive the family: %v", err)
		}
		if got.Name != "Nguyen" || got.Phone != "206-555-0100" {
			t.Fatalf("family arrived as %+v", got)
		}
		if _, err := c.st.Household(ctx, h.ID); !errors.Is(err, data.ErrNotFound) {
			t.Fatalf("another organization's device can read the family: %v", err)
		}
		if members, _ := c.st.Members(ctx, h.ID); len(members) != 0 {
			t.Fatalf("another organization's device received %d members", len(members))
		}
		if !reflect.DeepEqual(snapshot(t, a.st), snapshot(t, b.st)) {
			t.Fatal("the two devices of one organization differ after syncing")
		}
	})
}

func TestOtherOrganizationCannotOverwriteARecord(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		e.addUser("Valley", "cho", registry.RoleNavigator)
		a, c := e.newDevice("ana", 0, nil), e.newDevice("cho", 0, nil)
		h := a.addFamily(t, "Nguyen")
		a.sync(t)
		// cho's laptop forges a change to ana's family by id.
		forged := data.Household{ID: h.ID, Name: "Stolen", HomeLanguage: "en"}
		c.write(t, func(tx *store.Tx) error { return tx.AddHousehold(&forged) })
		rep := c.sync(t)
		if rep.Rejected != 1 {
			t.Fatalf("rejected %d changes, want 1", rep.Rejected)
		}
		rej, err := c.st.Rejections(ctx, true)
		if err != nil || len(rej) != 1 || rej[0].RowID != h.ID || !strings.Contains(rej[0].Reason, "organization") ||
			rej[0].Code != sync.RejectNotInOrg || rej[0].Fields["name"].Value != "Stolen" {
			t.Fatalf("rejections = %+v, %v", rej, err)
		}
		a.sync(t)
		got, _ := a.st.Household(ctx, h.ID)
		if got.Name != "Nguyen" {
			t.Fatalf("the other organization overwrote the family's name with %q", got.Name)
		}
	})
}

func TestNavigatorCannotChangeDirectoryButAdminCan(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		e.addUser("County", "root", registry.RoleAdmin)
		e.addUser("Valley", "cho", registry.RoleNavigator)
		a, admin, c := e.newDevice("ana", 0, nil), e.newDevice("root", 0, nil), e.newDevice("cho", 0, nil)
		org := data.Organization{Name: "Family Center"}
		admin.write(t, func(tx *store.Tx) error { return tx.Insert(&org) })
		if rep := admin.sync(t); rep.Rejected != 0 {
			t.Fatalf("admin's directory change was rejected")
		}
		bad := data.Organization{Name: "Fake Center"}
		a.write(t, func(tx *store.Tx) error { return tx.Insert(&bad) })
		if rep := a.sync(t); rep.Rejected != 1 {
			t.Fatalf("navigator's directory change: %d rejected, want 1", rep.Rejected)
		}
		if rej, err := a.st.Rejections(ctx, true); err != nil || len(rej) != 1 || rej[0].Code != sync.RejectPublicRole {
			t.Fatalf("navigator's rejections = %+v, %v", rej, err)
		}
		c.sync(t)
		if _, err := store.Get[data.Organization](ctx, c.st, org.ID); err != nil {
			t.Fatalf("published directory did not reach another organization: %v", err)
		}
		if _, err := store.Get[data.Organization](ctx, c.st, bad.ID); err == nil {
			t.Fatal("a navigator's directory change reached other devices")
		}
	})
}

// rawPush sends a push with a device's token and returns the status and reply.
func rawPush(t *testing.T, url, token string, req sync.PushRequest) (int, sync.PushReply, sync.ErrorReply) {
	t.Helper()
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(req)
	hr, _ := http.NewRequest(http.MethodPost, url+"/v1/push", &buf)
	hr.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ok sync.PushReply
	var bad sync.ErrorReply
	if resp.StatusCode == http.StatusOK {
		json.NewDecoder(resp.Body).Decode(&ok)
	} else {
		json.NewDecoder(resp.Body).Decode(&bad)
	}
	return resp.StatusCode, ok, bad
}

func TestPushIsIdempotentAndRefusesGaps(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		a := e.newDevice("ana", 0, nil)
		dev, _, _ := a.st.SyncDevice(ctx)
		node := a.st.Clock().Node()
		stamp := func() string { return a.st.Clock().Now().String() }
		id := data.NewID()
		mut := func(mid int64, name string) sync.Mutation {
			return sync.Mutation{MID: mid, Table: "households", Row: id, Fields: map[string]sync.Field{"name": {Value: name, HLC: stamp()}}}
		}
		_ = node
		m1 := mut(1, "First")
		for i := 0; i < 3; i++ {
			status, rep, _ := rawPush(t, e.url, dev.Token, sync.PushRequest{SchemaVer: store.SchemaVersion(), Mutations: []sync.Mutation{m1}})
			if status != 200 || rep.AckedMID != 1 {
				t.Fatalf("push %d: status %d acked %d", i, status, rep.AckedMID)
			}
		}
		changes, err := e.st.Changes(ctx, "org:"+dev.OrgID, 0, 100)
		if err != nil || len(changes) != 1 {
			t.Fatalf("a mutation sent three times is in the change log %d times (%v)", len(changes), err)
		}
		status, _, bad := rawPush(t, e.url, dev.Token, sync.PushRequest{SchemaVer: store.SchemaVersion(), Mutations: []sync.Mutation{mut(3, "Third")}})
		if status != http.StatusConflict || bad.Error != sync.CodeMIDGap || bad.AckedMID != 1 {
			t.Fatalf("gap: status %d, reply %+v", status, bad)
		}
		status, _, bad = rawPush(t, e.url, dev.Token, sync.PushRequest{SchemaVer: store.SchemaVersion() - 2, Mutations: []sync.Mutation{mut(2, "Old")}})
		if status != http.StatusUpgradeRequired || bad.Error != sync.CodeUpgradeRequired {
			t.Fatalf("old schema: status %d, reply %+v", status, bad)
		}
		status, _, bad = rawPush(t, e.url, "not-a-token", sync.PushRequest{SchemaVer: store.SchemaVersion()})
		if status != http.StatusUnauthorized {
			t.Fatalf("unknown token: status %d %+v", status, bad)
		}
	})
}

func TestRevokedDeviceIsRefusedAndKeepsItsChanges(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		a := e.newDevice("ana", 0, nil)
		dev, _, _ := a.st.SyncDevice(ctx)
		if err := e.st.RevokeDevice(ctx, dev.DeviceID, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		a.addFamily(t, "Nguyen")
		_, err := a.client.Sync(ctx)
		if !errors.Is(err, client.ErrRevoked) {
			t.Fatalf("revoked device: err = %v, want ErrRevoked", err)
		}
		dev, _, _ = a.st.SyncDevice(ctx)
		if !dev.Revoked {
			t.Fatal("the store does not remember that the device was revoked")
		}
		if n, _ := a.st.PendingChanges(ctx, 0); n != 3 {
			t.Fatalf("revoked device has %d changes waiting, want its 3 kept", n)
		}
	})
}

func TestWrongPasswordIsRefused(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	e.addUser("Harbor", "ana", registry.RoleNavigator)
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := client.Enroll(ctx, st, nil, e.url, "ana", "wrong password", "x"); !errors.Is(err, client.ErrBadLogin) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := client.Enroll(ctx, st, nil, e.url, "nobody", "password-nobody", "x"); !errors.Is(err, client.ErrBadLogin) {
		t.Fatalf("unknown user: %v", err)
	}
	if _, ok, _ := st.SyncDevice(ctx); ok {
		t.Fatal("a refused enrolment was recorded")
	}
}

// Enrolment tells the laptop its user's role, kept through a restart of
// the app, so that it knows whether the server takes its directory and
// material changes.
func TestEnrolmentKeepsTheRole(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	e.addUser("Harbor", "ana", registry.RoleNavigator)
	e.addUser("County", "tess", registry.RoleTrainer)
	for _, c := range []struct {
		user, role string
		shares     bool
	}{{"ana", registry.RoleNavigator, false}, {"tess", registry.RoleTrainer, true}} {
		dir := t.TempDir()
		st, err := store.Open(dir, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if d, err := client.Enroll(ctx, st, nil, e.url, c.user, "password-"+c.user, "x"); err != nil || d.Role != c.role {
			t.Fatalf("%s enrolled as %q, %v; want %q", c.user, d.Role, err, c.role)
		}
		st.Close()
		if st, err = store.Open(dir, store.Options{}); err != nil {
			t.Fatal(err)
		}
		d, ok, err := st.SyncDevice(ctx)
		st.Close()
		if err != nil || !ok || d.Role != c.role || d.SharesTable("dir_services") != c.shares {
			t.Fatalf("%s after a restart: role %q, shares %v (%v)", c.user, d.Role, d.SharesTable("dir_services"), err)
		}
	}
}

// conflictsOf returns a device's open conflicts.
func conflictsOf(t *testing.T, d *device) []data.Conflict {
	t.Helper()
	cs, err := d.st.Conflicts(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// sharedFamily enrols two navigators of one organization, ana and ben,
// and gives both a family ana added.
func (e *env) sharedFamily(t *testing.T) (a, b *device, h data.Household) {
	t.Helper()
	e.addUser("Harbor", "ana", registry.RoleNavigator)
	e.addUser("Harbor", "ben", registry.RoleNavigator)
	a, b = e.newDevice("ana", 0, nil), e.newDevice("ben", 0, nil)
	h = a.addFamily(t, "Nguyen")
	a.sync(t)
	b.sync(t)
	return a, b, h
}

func TestGuardedFieldConflictIsSurfacedAndResolved(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		a, b, h := e.sharedFamily(t)
		// Both change the assigned navigator offline; ana also edits notes.
		setNav := func(d *device, nav, notes string) {
			d.write(t, func(tx *store.Tx) error {
				got, err := store.GetTx[data.Household](tx, h.ID)
				if err != nil {
					return err
				}
				got.Navigator = nav
				if notes != "" {
					got.Notes = notes
				}
				return tx.Update(&got)
			})
		}
		setNav(a, "Ana", "prefers mornings")
		e.clock.Advance(time.Second)
		setNav(b, "Ben", "")
		a.sync(t)
		if rep := b.sync(t); rep.Conflicts != 1 {
			t.Fatalf("ben's push raised %d conflicts, want 1", rep.Conflicts)
		}
		a.sync(t)
		for _, d := range []*device{a, b} {
			cs := conflictsOf(t, d)
			if len(cs) != 1 {
				t.Fatalf("%s sees %d conflicts, want 1", d.name, len(cs))
			}
			c := cs[0]
			if c.Kind != data.ConflictField || c.Column != "navigator" || c.WinnerValue != `"Ben"` || c.LoserValue != `"Ana"` ||
				c.WinnerUser != "ben" || c.LoserUser != "ana" || c.HouseholdID != h.ID {
				t.Fatalf("%s: conflict = %+v", d.name, c)
			}
			got, _ := d.st.Household(ctx, h.ID)
			if got.Navigator != "Ben" || got.Notes != "prefers mornings" {
				t.Fatalf("%s: navigator %q notes %q: LWW per field not applied", d.name, got.Navigator, got.Notes)
			}
		}
		// Ana resolves by bringing her value back.
		c := conflictsOf(t, a)[0]
		a.write(t, func(tx *store.Tx) error { return tx.ResolveConflict(c.ID, data.KeepLoser, "ana") })
		a.sync(t)
		b.sync(t)
		for _, d := range []*device{a, b} {
			if n := len(conflictsOf(t, d)); n != 0 {
				t.Fatalf("%s still sees %d open conflicts", d.name, n)
			}
			got, _ := d.st.Household(ctx, h.ID)
			if got.Navigator != "Ana" {
				t.Fatalf("%s: navigator %q after keeping Ana", d.name, got.Navigator)
			}
		}
		if !reflect.DeepEqual(snapshot(t, a.st), snapshot(t, b.st)) {
			t.Fatal("replicas differ after resolving")
		}
	})
}

func TestSequentialGuardedEditsAreNotConflicts(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	a, b, h := e.sharedFamily(t)
	for i, d := range []*device{a, b, a} {
		d.write(t, func(tx *store.Tx) error {
			got, _ := store.GetTx[data.Household](tx, h.ID)
			got.ConsentShare = i%2 == 0
			return tx.Update(&got)
		})
		d.sync(t)
		// The next editor pulls before editing.
		[]*device{b, a, b}[i].sync(t)
	}
	if n := len(conflictsOf(t, a)) + len(conflictsOf(t, b)); n != 0 {
		t.Fatalf("edits made after seeing each other raised %d conflicts", n)
	}
}

func TestEditOfDeletedFamilyIsAConflictNotAResurrection(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		a, b, h := e.sharedFamily(t)
		a.write(t, func(tx *store.Tx) error { return tx.Delete("households", h.ID) })
		e.clock.Advance(time.Second)
		b.write(t, func(tx *store.Tx) error {
			got, _ := store.GetTx[data.Household](tx, h.ID)
			got.Notes = "moved to a new apartment"
			return tx.Update(&got)
		})
		a.sync(t)
		b.sync(t)
		a.sync(t)
		for _, d := range []*device{a, b} {
			if _, err := d.st.Household(ctx, h.ID); !errors.Is(err, data.ErrNotFound) {
				t.Fatalf("%s: the deleted family came back: %v", d.name, err)
			}
			cs := conflictsOf(t, d)
			if len(cs) != 1 || cs[0].Kind != data.ConflictEditDeleted || cs[0].LoserUser != "ben" {
				t.Fatalf("%s: conflicts = %+v", d.name, cs)
			}
		}
		c := conflictsOf(t, b)[0]
		b.write(t, func(tx *store.Tx) error { return tx.ResolveConflict(c.ID, data.KeepLoser, "ben") })
		b.sync(t)
		a.sync(t)
		got, err := a.st.Household(ctx, h.ID)
		if err != nil || got.Notes != "moved to a new apartment" {
			t.Fatalf("after restoring: %+v, %v", got, err)
		}
	})
}

func TestConcurrentReferralStatusesAreAConflict(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		e.addUser("Harbor", "ben", registry.RoleNavigator)
		e.addUser("County", "root", registry.RoleAdmin)
		a, b, admin := e.newDevice("ana", 0, nil), e.newDevice("ben", 0, nil), e.newDevice("root", 0, nil)
		svc := data.Service{Name: "Home visiting", Status: "active"}
		org := data.Organization{Name: "Family Center"}
		admin.write(t, func(tx *store.Tx) error {
			if err := tx.Insert(&org); err != nil {
				return err
			}
			svc.OrganizationID = org.ID
			return tx.Insert(&svc)
		})
		admin.sync(t)
		a.sync(t)
		h := a.addFamily(t, "Nguyen")
		ref := data.Referral{HouseholdID: h.ID, ServiceID: svc.ID}
		a.write(t, func(tx *store.Tx) error { return tx.CreateReferral(&ref, "", "ana", "") })
		a.sync(t)
		b.sync(t)
		a.write(t, func(tx *store.Tx) error {
			_, err := tx.SetReferralStatus(ref.ID, data.StatusAccepted, "ana", "")
			return err
		})
		e.clock.Advance(time.Second)
		b.write(t, func(tx *store.Tx) error {
			_, err := tx.SetReferralStatus(ref.ID, data.StatusRejected, "ben", "")
			return err
		})
		a.sync(t)
		b.sync(t)
		a.sync(t)
		for _, d := range []*device{a, b} {
			cs := conflictsOf(t, d)
			if len(cs) != 1 || cs[0].Kind != data.ConflictReferralStatus || cs[0].RowID != ref.ID ||
				cs[0].WinnerValue != `"rejected"` || cs[0].LoserValue != `"accepted"` {
				t.Fatalf("%s: conflicts = %+v", d.name, cs)
			}
			r, _ := d.st.Referral(ctx, ref.ID)
			if r.Status != data.StatusRejected {
				t.Fatalf("%s: status %q", d.name, r.Status)
			}
		}
	})
}

func TestOldClientIsToldToUpgradeAndKeepsChanges(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	e.addUser("Harbor", "ana", registry.RoleNavigator)
	a := e.newDevice("ana", 0, nil)
	a.addFamily(t, "Nguyen")
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	json.NewEncoder(gz).Encode(sync.PullRequest{SchemaVer: MinSchema() - 1, Scopes: []sync.ScopeCursor{{Scope: sync.ScopeOrg}}})
	gz.Close()
	dev, _, _ := a.st.SyncDevice(ctx)
	hr, _ := http.NewRequest(http.MethodPost, e.url+"/v1/pull", &buf)
	hr.Header.Set("Authorization", "Bearer "+dev.Token)
	hr.Header.Set("Content-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUpgradeRequired {
		t.Fatalf("old client's pull: status %d, want 426", resp.StatusCode)
	}
	if n, _ := a.st.PendingChanges(ctx, 0); n != 3 {
		t.Fatalf("%d changes waiting", n)
	}
}

func TestClockSkewIsCorrectedBothWays(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ahead", registry.RoleNavigator)
		e.addUser("Harbor", "behind", registry.RoleNavigator)
		ahead := e.newDevice("ahead", 20*time.Minute, nil)
		behind := e.newDevice("behind", -20*time.Minute, nil)
		h := ahead.addFamily(t, "Nguyen")
		rep := ahead.sync(t)
		if rep.ClockSkew > -19*time.Minute || rep.ClockSkew < -21*time.Minute {
			t.Fatalf("laptop 20 minutes ahead reported skew %v", rep.ClockSkew)
		}
		rep = behind.sync(t)
		if rep.ClockSkew < 19*time.Minute || rep.ClockSkew > 21*time.Minute {
			t.Fatalf("laptop 20 minutes behind reported skew %v", rep.ClockSkew)
		}
		if _, err := behind.st.Household(ctx, h.ID); err != nil {
			t.Fatalf("laptop behind could not take changes from one ahead: %v", err)
		}
		// The laptop behind now edits: its (corrected) edit must win over
		// the restamped creation.
		behind.write(t, func(tx *store.Tx) error {
			got, _ := store.GetTx[data.Household](tx, h.ID)
			got.Notes = "edited later"
			return tx.Update(&got)
		})
		behind.sync(t)
		ahead.sync(t)
		for _, d := range []*device{ahead, behind} {
			got, _ := d.st.Household(ctx, h.ID)
			if got.Notes != "edited later" {
				t.Fatalf("%s: notes %q: the later edit lost to a clock running ahead", d.name, got.Notes)
			}
		}
		if !reflect.DeepEqual(snapshot(t, ahead.st), snapshot(t, behind.st)) {
			t.Fatal("replicas differ")
		}
	})
}

func TestPullInPagesEqualsOnePull(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		e.addUser("Harbor", "ben", registry.RoleNavigator)
		e.addUser("Harbor", "cy", registry.RoleNavigator)
		a := e.newDevice("ana", 0, nil)
		for i := 0; i < 40; i++ {
			a.addFamily(t, "Family "+string(rune('A'+i%26)))
		}
		a.client.PushBatch = 7
		a.sync(t)
		b, c := e.newDevice("ben", 0, nil), e.newDevice("cy", 0, nil)
		b.client.PullLimit = 9
		pages := 0
		b.client.Progress = func(p client.Progress) {
			if p.Phase == "pull" {
				pages++
			}
		}
		b.sync(t)
		c.sync(t)
		if pages < 10 {
			t.Fatalf("pulled in %d pages, want many", pages)
		}
		if !reflect.DeepEqual(snapshot(t, b.st), snapshot(t, c.st)) || !reflect.DeepEqual(snapshot(t, a.st), snapshot(t, c.st)) {
			t.Fatal("paged pull differs from one-shot pull")
		}
	})
}

func TestFirstPullTakesLargerPages(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	e.addUser("Harbor", "ana", registry.RoleNavigator)
	e.addUser("Harbor", "ben", registry.RoleNavigator)
	a := e.newDevice("ana", 0, nil)
	addFamilies := func() {
		// 3 changes each: more than one default page in all.
		for i := 0; i*3 <= sync.DefaultPullLimit; i++ {
			a.addFamily(t, fmt.Sprintf("Family %d", i))
		}
		a.sync(t)
	}
	addFamilies()
	b := e.newDevice("ben", 0, nil)
	pages := 0
	b.client.Progress = func(p client.Progress) {
		if p.Phase == "pull" {
			pages++
		}
	}
	if rep := b.sync(t); pages != 1 || rep.Pulled <= sync.DefaultPullLimit {
		t.Fatalf("first sync pulled %d changes in %d pages, want one page", rep.Pulled, pages)
	}
	addFamilies()
	pages = 0
	if rep := b.sync(t); pages != 2 || rep.Pulled <= sync.DefaultPullLimit {
		t.Fatalf("a later sync pulled %d changes in %d pages, want pages of %d", rep.Pulled, pages, sync.DefaultPullLimit)
	}
}

// storeIndexes counts a laptop store's index definitions, read through a
// connection of its own.
func storeIndexes(t *testing.T, st *store.Store) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(st.Dir(), store.DBFile)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A first sync runs without the laptop's secondary indexes and builds
// them again when it stops, whether it was stopped halfway or finished;
// what it pulled is the same as with them.
func TestFirstSyncBuildsTheIndexesAgain(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	e.addUser("Harbor", "ana", registry.RoleNavigator)
	e.addUser("Harbor", "ben", registry.RoleNavigator)
	a := e.newDevice("ana", 0, nil)
	for i := 0; i < 30; i++ {
		a.addFamily(t, "Familia "+string(rune('A'+i%26)))
	}
	a.sync(t)
	b := e.newDevice("ben", 0, nil)
	all := storeIndexes(t, b.st)
	b.client.PullLimit = 9
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	during := -1
	b.client.Progress = func(p client.Progress) {
		if p.Phase == "pull" && during < 0 {
			during = storeIndexes(t, b.st)
			cancel() // stop after the first page
		}
	}
	if _, err := b.client.Sync(sctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("the stopped sync returned %v", err)
	}
	if during < 0 || during >= all {
		t.Fatalf("%d indexes during the first sync, %d before: they were not deferred", during, all)
	}
	if n := storeIndexes(t, b.st); n != all {
		t.Fatalf("%d indexes after the stopped sync, want %d", n, all)
	}
	b.client.Progress = nil
	b.sync(t)
	if n := storeIndexes(t, b.st); n != all {
		t.Fatalf("%d indexes after the first sync, want %d", n, all)
	}
	if !reflect.DeepEqual(snapshot(t, a.st), snapshot(t, b.st)) {
		t.Fatal("the laptops differ after the first sync")
	}
}
