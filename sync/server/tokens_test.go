package server

import (
	"errors"
	"strings"
	"testing"
	"time"

	"trellis/data/registry"
	"trellis/sync/client"
	"trellis/sync/server/dbtest"
)

// A disabled user's devices stop syncing and the user cannot enrol again,
// not even a device that was revoked; enabled again, the user enrols.
func TestDisabledUserStopsSyncingAndCannotReEnrol(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		a := e.newDevice("ana", 0, nil)
		a.addFamily(t, "Nguyen")
		a.sync(t)
		dev, _, _ := a.st.SyncDevice(ctx)
		if err := e.st.RevokeDevice(ctx, dev.DeviceID, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		if err := e.st.SetUserDisabled(ctx, "ana", e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		if err := enrolErr(t, e, nil, "ana", "password-ana"); !errors.Is(err, client.ErrUserDisabled) {
			t.Fatalf("a disabled user's enrolment: %v, want ErrUserDisabled", err)
		}
		if err := e.st.SetUserDisabled(ctx, "ana", time.Time{}); err != nil {
			t.Fatal(err)
		}
		c := e.newDevice("ana", 0, nil)
		c.sync(t)
		if err := e.st.SetUserDisabled(ctx, "ana", e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		c.addFamily(t, "Okafor")
		if _, err := c.client.Sync(ctx); !errors.Is(err, client.ErrRevoked) || !strings.Contains(err.Error(), "disabled") {
			t.Fatalf("a disabled user's device syncs: %v", err)
		}
	})
}

// A token works for TokenLife after the device's last sync: a device that
// keeps syncing never notices, one that stays away that long must enrol
// again.
func TestTokenExpiresUnlessTheDeviceSyncs(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		a := e.newDevice("ana", 0, nil)
		b := e.newDevice("ana", 0, nil)
		day := 24 * time.Hour
		for i := 0; i < 4; i++ { // a's syncs, a month apart, renew its token
			e.clock.Advance(30 * day)
			a.sync(t)
		}
		e.clock.Advance(DefaultTokenLife - 30*day - day)
		a.sync(t)
		// b has not synced for more than TokenLife.
		if _, err := b.client.Sync(ctx); !errors.Is(err, client.ErrRevoked) || !strings.Contains(err.Error(), "enrol it again") {
			t.Fatalf("a device away for %v: %v", 120*day+DefaultTokenLife-31*day, err)
		}
		if err := enrolErr(t, e, nil, "ana", "password-ana"); err != nil {
			t.Fatalf("enrolling again: %v", err)
		}
	})
}
