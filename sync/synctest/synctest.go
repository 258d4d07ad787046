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
	var users []User
	for org, names := range orgs {
		for _, n := range names {
			users = append(users, User{Org: org, Name: n, Role: registry.RoleNavigator})
		}
		if len(names) == 0 {
			users = append(users, User{Org: org})
		}
	}
	return CountyOf(t, users...)
}

// User is a county server's user: name, organization and role. A User
// with no name only creates its organization.
type User struct {
	Org, Name, Role string
}

// CountyOf starts a sync server on a fresh SQLite database with the given
// users (each with the password "password-NAME") and their
// organizations, and returns its URL.
func CountyOf(t testing.TB, users ...User) string {
	t.Helper()
	ctx := context.Background()
	st, err := countydb.Open(ctx, filepath.Join(t.TempDir(), "county.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	orgs := map[string]string{}
	for _, u := range users {
		if orgs[u.Org] == "" {
			o := countydb.Org{ID: data.NewID(), Name: u.Org}
			if err := st.CreateOrg(ctx, o); err != nil {
				t.Fatal(err)
			}
			orgs[u.Org] = o.ID
		}
		if u.Name == "" {
			continue
		}
		hash, err := server.HashPassword("password-" + u.Name)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateUser(ctx, countydb.User{ID: data.NewID(), OrgID: orgs[u.Org], Name: u.Name, Role: u.Role, PasswordHash: hash}); err != nil {
			t.Fatal(err)
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
