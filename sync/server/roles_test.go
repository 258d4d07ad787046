package server

import (
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"trellis/data"
	"trellis/data/hlc"
	"trellis/data/registry"
	"trellis/data/store"
	"trellis/sync"
	"trellis/sync/client"
	"trellis/sync/server/countydb"
	"trellis/sync/server/dbtest"
)

// seedColumn is a column of t that holds plain text (not a reference to
// another record), and a value for it.
func seedColumn(t *registry.Table) (string, string) {
	isRef := func(col string) bool {
		return slices.ContainsFunc(t.Refs, func(r registry.Ref) bool { return r.Column == col })
	}
	for _, c := range t.Columns {
		if t.Type.Field(c.Field).Type == reflect.TypeOf("") && !isRef(c.Name) && !strings.HasSuffix(c.Name, "_id") && c.Name != t.Scope.AlsoColumn &&
			(!t.ServerCreated || t.DeviceMayChange(c.Name)) {
			return c.Name, "seed " + t.Name
		}
	}
	panic("no text column in " + t.Name)
}

// roleDevice is a device of one role, speaking the protocol itself so that
// it can ask for what a laptop of its role would not.
type roleDevice struct {
	name, role, token, org string
	clock                  *hlc.Clock
	mid                    int64
}

func (e *env) roleDevice(t *testing.T, user, role, org string) *roleDevice {
	t.Helper()
	var reply sync.EnrollReply
	req := sync.EnrollRequest{User: user, Password: "password-" + user, DeviceName: user, Node: hlc.NewNode(), SchemaVer: store.SchemaVersion()}
	if _, _, err := client.Post(ctx, e.http.Client(), e.url+"/v1/enroll", "", req, &reply); err != nil {
		t.Fatal(err)
	}
	if reply.Node != "" {
		req.Node = reply.Node // the server chose another
	}
	clock, err := hlc.NewClock(req.Node, e.clock.Now, hlc.Timestamp{})
	if err != nil {
		t.Fatal(err)
	}
	if reply.Role != role {
		t.Fatalf("%s enrolled with role %q, want %q", user, reply.Role, role)
	}
	return &roleDevice{name: user, role: role, token: reply.Token, org: org, clock: clock}
}

// pullEverything asks for every stream there is, from the start, and
// returns the rows received by table.
func (d *roleDevice) pullEverything(t *testing.T, e *env) map[string][]string {
	t.Helper()
	got := map[string][]string{}
	after := map[string]int64{}
	for {
		req := sync.PullRequest{SchemaVer: store.SchemaVersion(), Limit: 7}
		for _, s := range registry.Streams {
			req.Scopes = append(req.Scopes, sync.ScopeCursor{Scope: s, After: after[s]})
		}
		var reply client.PulledReply
		if _, _, err := client.Post(ctx, e.http.Client(), e.url+"/v1/pull", d.token, req, &reply); err != nil {
			t.Fatalf("%s: pull: %v", d.name, err)
		}
		more := false
		for _, p := range reply.Scopes {
			for _, c := range p.Changes {
				got[c.Table] = append(got[c.Table], c.Row)
			}
			after[p.Scope] = p.NextAfter
			more = more || p.HasMore
		}
		if !more {
			return got
		}
	}
}

// push sends a mutation of one field, stamped by the device, and returns
// the code it was refused with ("" if it was accepted).
func (d *roleDevice) push(t *testing.T, e *env, table, row, col string, value any) string {
	t.Helper()
	return d.pushFields(t, e, table, row, map[string]sync.Field{col: {Value: value, HLC: d.clock.Now().String()}}).Code
}

// pushFields sends one mutation and returns the reason it was refused
// (none if it was accepted).
func (d *roleDevice) pushFields(t *testing.T, e *env, table, row string, fields map[string]sync.Field) sync.Rejected {
	t.Helper()
	d.mid++
	m := sync.Mutation{MID: d.mid, Table: table, Row: row, Fields: fields}
	var reply sync.PushReply
	req := sync.PushRequest{SchemaVer: store.SchemaVersion(), Mutations: []sync.Mutation{m}}
	if _, _, err := client.Post(ctx, e.http.Client(), e.url+"/v1/push", d.token, req, &reply); err != nil {
		t.Fatalf("%s: push to %s: %v", d.name, table, err)
	}
	if reply.AckedMID != d.mid {
		t.Fatalf("%s: push to %s acknowledged %d, want %d", d.name, table, reply.AckedMID, d.mid)
	}
	if len(reply.Rejected) > 0 {
		return reply.Rejected[0]
	}
	return sync.Rejected{}
}

// TestEachRoleReceivesAndWritesExactlyWhatTheRegistrySays walks the
// registry: a row of every table is in the county (of one organization,
// or county-wide), and a device of every role, plus a navigator of another
// organization, asks for every stream from the start, then tries to
// create a row of every table and to change the one there. Each receives
// exactly the tables its role reads (of its own organization), and each
// write is accepted exactly when the registry lets its role write the
// table (a server-created table's rows only changed, in their device
// columns; an insert-only row never changed), against the real server on
// SQLite and PostgreSQL. A laptop of each role (the app's client and
// store) then ends holding exactly the tables its role reads.
func TestEachRoleReceivesAndWritesExactlyWhatTheRegistrySays(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		for _, role := range registry.Roles {
			e.addUser("Harbor", role, role)
		}
		e.addUser("Elsewhere", "elsewhere", registry.RoleNavigator)
		harbor, err := e.st.OrgByName(ctx, "Harbor")
		if err != nil {
			t.Fatal(err)
		}
		// A row of every table, placed as the server places a Harbor
		// device's row.
		seeded := map[string]string{}
		seedClock, err := hlc.NewClock(hlc.NewNode(), e.clock.Now, hlc.Timestamp{})
		if err != nil {
			t.Fatal(err)
		}
		placed := countydb.Device{ID: "seed", OrgID: harbor.ID}
		var scopes []string
		for _, s := range registry.Streams {
			scopes = append(scopes, serverScope(s, placed))
		}
		err = e.st.Update(ctx, scopes, func(tx countydb.Tx) error {
			for _, tb := range registry.Tables() {
				id := data.NewID()
				col, val := seedColumn(tb)
				f := map[string]sync.Field{col: {Value: val, HLC: seedClock.Now().String()}}
				if also := tb.Scope.AlsoColumn; also != "" {
					// Shared by Harbor with Harbor itself, so that every
					// Harbor role reading it receives it.
					f[also] = sync.Field{Value: harbor.ID, HLC: seedClock.Now().String()}
				}
				m := sync.Mutation{Table: tb.Name, Row: id, Fields: f}
				if err := recordWinners(tx, tableScope(tb, placed), m, nil, f, sync.Author{Device: "seed"}); err != nil {
					return err
				}
				if also := alsoScope(tb, m); also != "" {
					if _, err := tx.AppendChange(also, tb.Name, id, f, "seed"); err != nil {
						return err
					}
				}
				seeded[tb.Name] = id
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		devices := []*roleDevice{e.roleDevice(t, "elsewhere", registry.RoleNavigator, "Elsewhere")}
		for _, role := range registry.Roles {
			devices = append(devices, e.roleDevice(t, role, role, "Harbor"))
		}
		for _, d := range devices {
			got := d.pullEverything(t, e)
			for _, tb := range registry.Tables() {
				want := tb.ReadBy(d.role) && (tb.Scope.Stream == registry.StreamPublic || d.org == "Harbor")
				rows := got[tb.Name]
				if want && !slices.Equal(rows, []string{seeded[tb.Name]}) || !want && len(rows) > 0 {
					t.Errorf("%s (%s of %s) received %d rows of %s; the registry says it reads it: %v", d.name, d.role, d.org, len(rows), tb.Name, want)
				}
			}
			for table := range got {
				if registry.Lookup(table) == nil {
					t.Errorf("%s received rows of %q, which the registry does not declare", d.name, table)
				}
			}
		}
		for _, d := range devices {
			for _, tb := range registry.Tables() {
				col, val := seedColumn(tb)
				// A new row.
				want := ""
				switch {
				case !tb.WrittenBy(d.role) && tb.Scope.Stream == registry.StreamPublic:
					want = sync.RejectPublicRole
				case !tb.WrittenBy(d.role):
					want = sync.RejectRole
				case tb.ServerCreated:
					want = sync.RejectConflictCreate
				case tb.Scope.AlsoStream != "":
					// A shared row must name whom it is shared with.
					want = sync.RejectShareRoute
				}
				if got := d.push(t, e, tb.Name, data.NewID(), col, val+" by "+d.name); got != want {
					t.Errorf("%s (%s of %s) creating a row of %s: refused %q, want %q", d.name, d.role, d.org, tb.Name, got, want)
				}
				// The row that is there.
				switch {
				case !tb.WrittenBy(d.role) && tb.Scope.Stream == registry.StreamPublic:
					want = sync.RejectPublicRole
				case !tb.WrittenBy(d.role):
					want = sync.RejectRole
				case tb.Scope.Stream != registry.StreamPublic && d.org != "Harbor":
					want = sync.RejectNotInOrg
				case tb.InsertOnly:
					want = sync.RejectInsertOnly
				case tb.Scope.AlsoStream != "":
					want = sync.RejectShareRoute
				default:
					want = ""
				}
				if got := d.push(t, e, tb.Name, seeded[tb.Name], col, val+" changed by "+d.name); got != want {
					t.Errorf("%s (%s of %s) changing the row of %s: refused %q, want %q", d.name, d.role, d.org, tb.Name, got, want)
				}
			}
		}
		// The changes refused left the county's rows as they were; those
		// accepted are there.
		err = e.st.Update(ctx, nil, func(tx countydb.Tx) error {
			for _, tb := range registry.Tables() {
				col, val := seedColumn(tb)
				_, row, _, err := tx.Row(tb.Name, seeded[tb.Name])
				if err != nil {
					return err
				}
				var writers []string
				for _, d := range devices {
					if tb.WrittenBy(d.role) && !tb.InsertOnly && tb.Scope.AlsoStream == "" && (tb.Scope.Stream == registry.StreamPublic || d.org == "Harbor") {
						writers = append(writers, d.name)
					}
				}
				want := val
				if len(writers) > 0 {
					want = val + " changed by " + writers[len(writers)-1]
				}
				if row[col].Value != want {
					t.Errorf("%s.%s is %q, want %q", tb.Name, col, row[col].Value, want)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// The app's laptops.
		for _, role := range registry.Roles {
			user := "laptop-" + role
			e.addUser("Harbor", user, role)
			lap := e.newDevice(user, 0, nil)
			lap.sync(t)
			for _, tb := range registry.Tables() {
				held := countRows(t, lap.st, tb.Name)
				if tb.ReadBy(role) != (held > 0) {
					t.Errorf("a %s's laptop holds %d rows of %s; the registry says it reads it: %v", role, held, tb.Name, tb.ReadBy(role))
				}
			}
		}
	})
}

// countRows counts the rows of a table a laptop holds, deleted or not.
func countRows(t testing.TB, st *store.Store, table string) int {
	t.Helper()
	n := 0
	for key := range snapshot(t, st) {
		if tb, _, _ := strings.Cut(key, "/"); tb == table {
			n++
		}
	}
	return n
}

// familyTables are the tables that hold a family's records.
var familyTables = []string{"households", "members", "contacts", "screenings", "referrals", "referral_events", "followups"}

// A trainer's laptop synced against the demo county (pushed by an
// administrator) holds the directory and the training materials and not
// one family, referral or contact.
func TestATrainersLaptopHoldsNoFamilyOfTheDemoCounty(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		seedCounty(t, e, 40, 20)
		e.addUser("Harbor", "tess", registry.RoleTrainer)
		e.addUser("Harbor", "ana", registry.RoleNavigator)
		trainer, nav := e.newDevice("tess", 0, nil), e.newDevice("ana", 0, nil)
		trainer.sync(t)
		nav.sync(t)
		for _, table := range familyTables {
			if n := countRows(t, trainer.st, table); n != 0 {
				t.Errorf("the trainer's laptop holds %d rows of %s", n, table)
			}
			if n := countRows(t, nav.st, table); n == 0 && table != "followups" {
				t.Errorf("the navigator's laptop holds no %s: the county has them", table)
			}
		}
		for _, table := range []string{"dir_services", "dir_organizations", "materials", "material_versions"} {
			if n, want := countRows(t, trainer.st, table), countRows(t, nav.st, table); n == 0 || n != want {
				t.Errorf("the trainer's laptop holds %d rows of %s, the navigator's %d", n, table, want)
			}
		}
	})
}

// A laptop re-enrolled with another role holds what the new role reads:
// a navigator's laptop enrolled again as a trainer's drops the families
// (all but one with a change still to send, which the server then refuses
// and which is dropped once sent), and enrolled again as a navigator's it
// fetches them again.
func TestARoleChangeDropsWhatTheNewRoleMayNotHold(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	seedCounty(t, e, 30, 10)
	e.addUser("Harbor", "ana", registry.RoleNavigator)
	e.addUser("Harbor", "tess", registry.RoleTrainer)
	lap := e.newDevice("ana", 0, nil)
	lap.sync(t)
	families, services := countRows(t, lap.st, "households"), countRows(t, lap.st, "dir_services")
	if families < 30 || services == 0 {
		t.Fatalf("the navigator's laptop holds %d families and %d services", families, services)
	}
	unsent := lap.addFamily(t, "Unsent")
	if _, err := client.Enroll(ctx, lap.st, nil, e.url, "tess", "password-tess", "laptop"); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, lap.st, "households"); n != 1 {
		t.Fatalf("enrolled as a trainer's, the laptop holds %d families; want only the one not yet sent", n)
	}
	for _, table := range familyTables[1:] {
		if n := countRows(t, lap.st, table); n != 0 && table != "members" {
			t.Errorf("enrolled as a trainer's, the laptop holds %d rows of %s", n, table)
		}
	}
	if n := countRows(t, lap.st, "dir_services"); n != services {
		t.Fatalf("the directory went from %d services to %d", services, n)
	}
	rep := lap.sync(t)
	if rep.Rejected != 3 { // the family, its caregiver and its child
		t.Fatalf("the trainer's sync of a new family: %d refused, want 3", rep.Rejected)
	}
	rs, err := lap.st.Rejections(ctx, true)
	if err != nil || len(rs) != 3 || rs[0].Code != sync.RejectRole {
		t.Fatalf("refused changes kept: %+v, %v", rs, err)
	}
	if n := countRows(t, lap.st, "households") + countRows(t, lap.st, "members"); n != 0 {
		t.Fatalf("after the refused family was sent, the trainer's laptop holds %d family rows", n)
	}
	if _, err := client.Enroll(ctx, lap.st, nil, e.url, "ana", "password-ana", "laptop"); err != nil {
		t.Fatal(err)
	}
	lap.sync(t)
	if n := countRows(t, lap.st, "households"); n != families {
		t.Fatalf("enrolled as a navigator's again, the laptop holds %d families, want %d", n, families)
	}
	if _, err := lap.st.Household(ctx, unsent.ID); err == nil {
		t.Fatal("the family the server refused came back")
	}
}

// The server refuses a push carrying a mutation of a table it does not
// know, whole, and writes none of it.
func TestAMutationOfAnUnknownTableIsRefused(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	e.addUser("Harbor", "admin", registry.RoleAdmin)
	d := e.roleDevice(t, "admin", registry.RoleAdmin, "Harbor")
	stamp := d.clock.Now().String()
	req := sync.PushRequest{SchemaVer: store.SchemaVersion(), Mutations: []sync.Mutation{
		{MID: 1, Table: "households", Row: data.NewID(), Fields: map[string]sync.Field{"name": {Value: "Okafor", HLC: stamp}}},
		{MID: 2, Table: "secrets", Row: data.NewID(), Fields: map[string]sync.Field{"name": {Value: "x", HLC: stamp}}},
	}}
	var reply sync.PushReply
	_, _, err := client.Post(ctx, e.http.Client(), e.url+"/v1/push", d.token, req, &reply)
	var se *client.ServerError
	if !errors.As(err, &se) || se.Status != http.StatusBadRequest || !strings.Contains(se.Reply.Message, `unknown table "secrets"`) {
		t.Fatalf("pushing to an unknown table: %v", err)
	}
	if got := d.pullEverything(t, e); len(got) != 0 {
		t.Fatalf("the refused push wrote %v", got)
	}
}

// A server that cannot place a table's scope does not start.
func TestAServerThatCannotPlaceATableDoesNotStart(t *testing.T) {
	if err := checkScopes(registry.Tables()); err != nil {
		t.Fatal(err)
	}
	notes := &registry.Table{Name: "author_notes", Scope: &registry.Scope{Name: "per author", Stream: "author"}}
	err := checkScopes(append(registry.Tables(), notes))
	if err == nil || !strings.Contains(err.Error(), `table "author_notes"`) || !strings.Contains(err.Error(), `"author"`) {
		t.Fatalf("got %v", err)
	}
	// A table shared with another organization without a rule letting
	// its rows in: nothing is shared by default.
	if err := checkShared(registry.Tables()); err != nil {
		t.Fatal(err)
	}
	shared := &registry.Table{Name: "shared_notes", Scope: registry.SharedWithProvider}
	if err := checkShared(append(registry.Tables(), shared)); err == nil || !strings.Contains(err.Error(), `"shared_notes"`) {
		t.Fatalf("a shared table without a rule: got %v", err)
	}
}

// An insert-only row (a referral's status history) cannot be changed, but
// the same insert sent again (a laptop restored from a backup) is
// accepted, and a deletion travels.
func TestAnInsertOnlyRowCannotBeChanged(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	e.addUser("Harbor", "ana", registry.RoleNavigator)
	d := e.roleDevice(t, "ana", registry.RoleNavigator, "Harbor")
	id := data.NewID()
	first := d.clock.Now().String()
	insert := map[string]sync.Field{"status": {Value: "accepted", HLC: first}, "referral_id": {Value: data.NewID(), HLC: first}}
	for i, tc := range []struct {
		fields map[string]sync.Field
		want   string
	}{
		{insert, ""},
		{insert, ""},
		{map[string]sync.Field{"status": {Value: "declined", HLC: d.clock.Now().String()}}, sync.RejectInsertOnly},
		{map[string]sync.Field{data.DeletedField: {Value: true, HLC: d.clock.Now().String()}}, ""},
	} {
		d.mid++
		var reply sync.PushReply
		req := sync.PushRequest{SchemaVer: store.SchemaVersion(), Mutations: []sync.Mutation{{MID: d.mid, Table: "referral_events", Row: id, Fields: tc.fields}}}
		if _, _, err := client.Post(ctx, e.http.Client(), e.url+"/v1/push", d.token, req, &reply); err != nil {
			t.Fatal(err)
		}
		got := ""
		if len(reply.Rejected) > 0 {
			got = reply.Rejected[0].Code
		}
		if got != tc.want {
			t.Fatalf("push %d: refused %q, want %q", i+1, got, tc.want)
		}
	}
}
