package registry

import (
	"strings"
	"testing"

	"trellis/data"
)

// A declaration that leaves out what sync needs stops the program at start
// with a message naming the table and what is missing.
func TestDeclarationsMissingWhatSyncNeedsAreRefused(t *testing.T) {
	ok := func() *Table {
		return &Table{Name: "notes", Kind: "note", Type: of[data.Contact](), Scope: Organization, Read: familyWorkers, Write: familyWorkers}
	}
	for _, tc := range []struct {
		change func(*Table)
		want   string
	}{
		{func(t *Table) { t.Scope = nil }, `table "notes": declares no scope`},
		{func(t *Table) { t.Scope = &Scope{Name: "everyone", Stream: StreamPublic} }, `table "notes": scope "everyone" is not one of the registry's scopes`},
		{func(t *Table) { t.Read = nil }, `table "notes": declares no role that reads it`},
		{func(t *Table) { t.Write = []string{"janitor"} }, `table "notes": role "janitor" is not one of`},
		{func(t *Table) { t.Guarded = []string{"mood"} }, `table "notes": names column "mood", which Contact does not have`},
		{func(t *Table) { t.Refs = []Ref{{"household_id", "households"}} }, `table "notes": refers to table "households", which is not declared before it`},
		{func(t *Table) { t.ServerCreated = true }, `table "notes": a server-created table names the columns devices may change`},
		{func(t *Table) { t.Kind = "" }, `table "notes": declares no kind`},
		{func(t *Table) { t.Type = nil }, `table "notes": declares no data type`},
	} {
		bad := ok()
		tc.change(bad)
		err := check([]*Table{bad})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want an error containing %q", err, tc.want)
		}
	}
	if err := check([]*Table{ok()}); err != nil {
		t.Fatalf("a complete declaration was refused: %v", err)
	}
	if err := check([]*Table{ok(), ok()}); err == nil || !strings.Contains(err.Error(), "declared twice") {
		t.Fatalf("a table declared twice: %v", err)
	}
}

// Every table the registry declares has what the rest of Trellis relies
// on, and the roles read what the product promises: a trainer and a
// supervisor no family, a navigator its organization's families and the
// county's records and not its workforce's trainings.
func TestTheRegistryDeclaresWhatEachRoleReads(t *testing.T) {
	if err := check(Tables()); err != nil {
		t.Fatal(err)
	}
	for _, tb := range Tables() {
		if Lookup(tb.Name) != tb || len(tb.Columns) == 0 {
			t.Errorf("%s: not found by name, or no columns", tb.Name)
		}
	}
	for _, family := range []string{"households", "members", "contacts", "screenings", "referrals", "referral_events", "followups", "conflicts"} {
		tb := Lookup(family)
		if tb.Scope != Organization || tb.ReadBy(RoleTrainer) || tb.ReadBy(RoleSupervisor) || !tb.ReadBy(RoleNavigator) || !tb.ReadBy(RoleAdmin) {
			t.Errorf("%s: scope %s, read by %v", family, tb.Scope.Name, tb.Read)
		}
	}
	for _, workforce := range []string{"training_people", "trainings", "training_attendance"} {
		tb := Lookup(workforce)
		if tb.Scope != Organization || tb.ReadBy(RoleNavigator) || !tb.ReadBy(RoleTrainer) || !tb.ReadBy(RoleAdmin) {
			t.Errorf("%s: scope %s, read by %v", workforce, tb.Scope.Name, tb.Read)
		}
	}
	if Lookup("trainings").ReadBy(RoleSupervisor) || !Lookup("training_people").ReadBy(RoleSupervisor) {
		t.Error("a supervisor reads the roster and not the trainings")
	}
	if got := StreamsRead(RoleNavigator); len(got) != 2 {
		t.Errorf("a navigator pulls %v", got)
	}
	if got := StreamsRead("janitor"); len(got) != 0 {
		t.Errorf("a role the registry does not list pulls %v", got)
	}
	if !Lookup("households").IsGuarded("consent_share") || Lookup("households").IsGuarded("name") {
		t.Error("households' guarded columns")
	}
	if !Lookup("referral_events").InsertOnly || Lookup("referrals").InsertOnly {
		t.Error("insert-only tables")
	}
}
