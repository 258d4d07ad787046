// Package synctest runs a county sync server on a loopback listener for
// the tests of packages that sync (navctl, the app).
package synctest

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"trellis/data/registry"

	"trellis/data"
	"trellis/sync/server"
	"trellis/sync/server/countydb"
)

// Server starts a sync server on a fresh SQLite database with one
// organization and the given navigators, each with the password
// "password-NAME", and returns its URL. It stops when the test ends.
func Server(t testing.TB, org string, users ...string) string {
	t.Helper()
	return County(t, map[string][]string{org: users})
}

// County is Server with several organizations: each name with its
// navigators.
func County(t testing.TB, orgs map[string][]string) string {
	t.Helper()
	ctx := context.Background()
	st, err := countydb.Open(ctx, filepath.Join(t.TempDir(), "county.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for org, users := range orgs {
		o := countydb.Org{ID: data.NewID(), Name: org}
		if err := st.CreateOrg(ctx, o); err != nil {
			t.Fatal(err)
		}
		for _, u := range users {
			hash, err := server.HashPassword("password-" + u)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.CreateUser(ctx, countydb.User{ID: data.NewID(), OrgID: o.ID, Name: u, Role: registry.RoleNavigator, PasswordHash: hash}); err != nil {
				t.Fatal(err)
			}
		}
	}
	srv, err := server.NewServer(st, server.ServerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return hs.URL
}
