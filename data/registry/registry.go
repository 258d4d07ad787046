// Package registry declares every table that sync carries, once: its
// columns (from the `db` tags of its data type), its scope (which devices
// its rows travel to), the roles that may read it and the roles that may
// write it, its guarded columns, and whether its rows are insert-only. The
// local store, the sync client, the county server and the merge and
// conflict rules all read it; nothing else lists synced tables.
//
// A table is added by one declaration in Tables (see docs/sync.md) plus the
// store migration that creates it. A declaration that leaves out its scope
// or its readers, names a column its type does not have, or refers to a
// table declared after it stops every program at start with a message
// naming the table (and fails every test).
package registry

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"trellis/data"
)

// The roles a county server gives its users.
const (
	// RoleNavigator works with the families of the user's organization.
	RoleNavigator = "navigator"
	// RoleTrainer keeps the directory and the training materials, and
	// holds no family.
	RoleTrainer = "trainer"
	// RoleSupervisor keeps the workforce roster and records reflective
	// practice, and holds no family.
	RoleSupervisor = "supervisor"
	// RoleAdmin keeps the directory and the training materials and works
	// with the families of the user's organization.
	RoleAdmin = "admin"
	// RoleProvider works at a provider organization: it receives the
	// referrals shared with its organization and answers them, and holds
	// no family record.
	RoleProvider = "provider"
)

// Roles lists every role.
var Roles = []string{RoleNavigator, RoleTrainer, RoleSupervisor, RoleAdmin, RoleProvider}

// The wire names of the change-log streams a device pulls (a pull request's
// scopes). A scope of the registry travels in one of them.
const (
	StreamOrg      = "org"      // the records of the device's organization
	StreamPublic   = "public"   // county-wide records
	StreamProvider = "provider" // what is shared with the device's organization as a provider
)

// Streams lists every stream, in the order a device pulls them.
var Streams = []string{StreamOrg, StreamPublic, StreamProvider}

// Scope says which devices a table's rows travel to, and in which stream.
// The county server decides, per scope, which change log a row is written
// to (see sync/server: a scope it does not know stops it at start).
type Scope struct {
	Name string
	// Stream carries the rows to the devices of the organization whose
	// device first sent them (the row's owner).
	Stream string
	// A row shared between two organizations also travels in AlsoStream
	// to the organization whose county id its column AlsoColumn names.
	// Every change of such a row must carry that column, and the county
	// server must know the rule that authorizes the sharing (it refuses
	// to start otherwise).
	AlsoStream, AlsoColumn string
}

// StreamFor returns the stream in which a device of role receives the
// scope's rows: a provider receives a shared row through the provider
// stream, any other role through the other one.
func (s *Scope) StreamFor(role string) string {
	if s.AlsoStream != "" && (role == RoleProvider) == (s.AlsoStream == StreamProvider) {
		return s.AlsoStream
	}
	return s.Stream
}

// The scopes.
var (
	// Organization: a row belongs to the organization of the device that
	// first sent it and goes only to that organization's devices.
	Organization = &Scope{Name: "organization", Stream: StreamOrg}
	// Directory: the county's service directory, for every device.
	Directory = &Scope{Name: "directory", Stream: StreamPublic}
	// Materials: the county's training materials, for every device.
	Materials = &Scope{Name: "materials", Stream: StreamPublic}
	// SharedWithProvider: a row of the referring organization, shared with
	// the one provider organization it names (provider_org), and with no
	// other.
	SharedWithProvider = &Scope{Name: "shared with a provider", Stream: StreamOrg, AlsoStream: StreamProvider, AlsoColumn: "provider_org"}
	// ProviderAnswer: a row of the provider organization, answering a
	// referral shared with it, that goes back to the referring
	// organization it names (referring_org).
	ProviderAnswer = &Scope{Name: "a provider's answer", Stream: StreamProvider, AlsoStream: StreamOrg, AlsoColumn: "referring_org"}
)

// scopes are the scopes a declaration may name.
var scopes = []*Scope{Organization, Directory, Materials, SharedWithProvider, ProviderAnswer}

// Ref is a column that must name an existing row of another table.
type Ref struct {
	Column, Table string
}

// Column is one column of a table, as its data type declares it.
type Column struct {
	Name   string
	Field  int  // index of the struct field
	Sealed bool // passes through the store's codec (`db:"name,sealed"`)
	Long   bool // may hold a long text (`db:"name,long"`: a material's body)
}

// Table is one synced table.
type Table struct {
	Name string // SQL table name
	Kind string // what a person calls one record, for errors: "family"
	// Type is the data.* struct a row is; its `db` tags name the columns.
	Type  reflect.Type
	Scope *Scope
	// Read and Write are the roles whose devices receive the table's rows
	// and may change them. A role missing from Read receives none of them.
	Read, Write []string
	// Guarded columns never merge silently: concurrent edits to different
	// values become conflicts.
	Guarded []string
	// InsertOnly rows are never changed once recorded (a history); only
	// their deletion travels.
	InsertOnly bool
	// ServerCreated rows are created by the county server only; devices
	// may change only DeviceColumns of them, and their edits never make
	// edit/delete conflicts.
	ServerCreated bool
	DeviceColumns []string
	Refs          []Ref
	// Columns are every column but id, in struct order (filled from Type).
	Columns []Column
}

// of returns the reflect.Type of T.
func of[T any]() reflect.Type { return reflect.TypeOf((*T)(nil)).Elem() }

// Who reads and writes what.
var (
	everyone       = Roles
	familyWorkers  = []string{RoleNavigator, RoleAdmin}
	countyKeepers  = []string{RoleTrainer, RoleAdmin}
	providers      = []string{RoleProvider}
	householdLinks = []Ref{{"household_id", "households"}}
	// The workforce roster is kept by those who train and supervise it.
	rosterKeepers = []string{RoleTrainer, RoleSupervisor, RoleAdmin}
	trainers      = []string{RoleTrainer, RoleAdmin}
)

// family declares a table of the organization's family records.
func family(name, kind string, typ reflect.Type, refs ...Ref) *Table {
	return &Table{Name: name, Kind: kind, Type: typ, Scope: Organization, Read: familyWorkers, Write: familyWorkers, Refs: refs}
}

// directory declares a table of the service directory.
func directory(name, kind string, typ reflect.Type) *Table {
	return &Table{Name: name, Kind: kind, Type: typ, Scope: Directory, Read: everyone, Write: countyKeepers}
}

// material declares a table of the training materials.
func material(name, kind string, typ reflect.Type, refs ...Ref) *Table {
	return &Table{Name: name, Kind: kind, Type: typ, Scope: Materials, Read: everyone, Write: countyKeepers, Refs: refs}
}

// tables is every synced table, a table after the tables it refers to.
var tables = []*Table{
	material("materials", "material", of[data.Material]()),
	material("material_versions", "material version", of[data.MaterialVersion](), Ref{"material_id", "materials"}),
	material("material_attachments", "attachment", of[data.MaterialAttachment](), Ref{"material_id", "materials"}),
	directory("dir_organizations", "organization", of[data.Organization]()),
	directory("dir_services", "service", of[data.Service]()),
	directory("dir_service_translations", "service translation", of[data.ServiceTranslation]()),
	directory("dir_locations", "location", of[data.Location]()),
	directory("dir_addresses", "address", of[data.Address]()),
	directory("dir_service_at_locations", "service at location", of[data.ServiceAtLocation]()),
	directory("dir_phones", "phone", of[data.Phone]()),
	directory("dir_languages", "language", of[data.Language]()),
	directory("dir_schedules", "schedule", of[data.Schedule]()),
	directory("dir_service_areas", "service area", of[data.ServiceArea]()),
	directory("dir_cost_options", "cost option", of[data.CostOption]()),
	directory("dir_required_documents", "required document", of[data.RequiredDocument]()),
	directory("dir_taxonomies", "taxonomy", of[data.Taxonomy]()),
	directory("dir_taxonomy_terms", "taxonomy term", of[data.TaxonomyTerm]()),
	directory("dir_attributes", "attribute", of[data.Attribute]()),
	// Which enrolled organizations run which directory organizations'
	// services (they receive the referrals shared with them).
	{Name: "provider_links", Kind: "provider link", Type: of[data.ProviderLink](), Scope: Directory, Read: everyone, Write: countyKeepers,
		Refs: []Ref{{"directory_org_id", "dir_organizations"}}},
	{Name: "households", Kind: "family", Type: of[data.Household](), Scope: Organization, Read: familyWorkers, Write: familyWorkers,
		Guarded: []string{"consent_contact", "consent_share", "navigator"}},
	family("members", "family member", of[data.Member](), householdLinks...),
	family("contacts", "contact", of[data.Contact](), householdLinks...),
	family("screenings", "screening", of[data.Screening](), Ref{"household_id", "households"}, Ref{"child_id", "members"}),
	family("referrals", "referral", of[data.Referral](),
		Ref{"household_id", "households"}, Ref{"child_id", "members"}, Ref{"service_id", "dir_services"}),
	{Name: "referral_events", Kind: "referral status", Type: of[data.ReferralEvent](), Scope: Organization,
		Read: familyWorkers, Write: familyWorkers, InsertOnly: true, Refs: []Ref{{"referral_id", "referrals"}}},
	// A referral shared with a provider: the minimum it receives of the
	// family. Providers read it; only the referring organization writes it.
	{Name: "referral_shares", Kind: "shared referral", Type: of[data.ReferralShare](), Scope: SharedWithProvider,
		Read: append(slices.Clip(familyWorkers), RoleProvider), Write: familyWorkers,
		Refs: []Ref{{"referral_id", "referrals"}}},
	// A provider's answers: a history, written by the provider, read by
	// the referring organization too.
	{Name: "referral_answers", Kind: "provider's answer", Type: of[data.ReferralAnswer](), Scope: ProviderAnswer,
		Read: append(slices.Clip(providers), familyWorkers...), Write: providers, InsertOnly: true,
		Refs: []Ref{{"share_id", "referral_shares"}}},
	family("followups", "follow-up", of[data.FollowUp](), Ref{"household_id", "households"}, Ref{"referral_id", "referrals"}),
	// Materials given to a family: a history, each giving recorded once.
	{Name: "materials_given", Kind: "material given", Type: of[data.MaterialGiven](), Scope: Organization,
		Read: familyWorkers, Write: familyWorkers, InsertOnly: true,
		Refs: []Ref{{"household_id", "households"}, {"material_id", "materials"}}},
	// The workforce: the roster of people trained and supervised, and the
	// trainings they attended, of the organization that records them.
	{Name: "training_people", Kind: "person", Type: of[data.TrainingPerson](), Scope: Organization, Read: rosterKeepers, Write: rosterKeepers},
	{Name: "trainings", Kind: "training", Type: of[data.Training](), Scope: Organization, Read: trainers, Write: trainers},
	{Name: "training_attendance", Kind: "attendance", Type: of[data.TrainingAttendance](), Scope: Organization,
		Read: trainers, Write: trainers, InsertOnly: true,
		Refs: []Ref{{"training_id", "trainings"}, {"person_id", "training_people"}}},
	// Conflicts are records the server writes into the organization's
	// stream; resolving one is an edit of its resolution.
	{Name: "conflicts", Kind: "conflict", Type: of[data.Conflict](), Scope: Organization, Read: familyWorkers, Write: familyWorkers,
		ServerCreated: true, DeviceColumns: []string{"resolved", "resolution", "resolved_by"}},
}

var byName = map[string]*Table{}

func init() {
	if err := check(tables); err != nil {
		panic(err)
	}
	for _, t := range tables {
		byName[t.Name] = t
	}
}

// check fills in each table's columns and checks every declaration.
func check(list []*Table) error {
	seen := map[string]*Table{}
	for _, t := range list {
		if err := checkTable(t, seen); err != nil {
			return fmt.Errorf("registry: table %q: %w", t.Name, err)
		}
		seen[t.Name] = t
	}
	return nil
}

func checkTable(t *Table, earlier map[string]*Table) error {
	switch {
	case t.Name == "" || strings.ContainsAny(t.Name, ` "'.;`):
		return fmt.Errorf("a table needs a plain SQL name")
	case earlier[t.Name] != nil:
		return fmt.Errorf("declared twice")
	case t.Kind == "":
		return fmt.Errorf("declares no kind (what a person calls one record)")
	case t.Scope == nil:
		return fmt.Errorf("declares no scope: say which devices its rows go to (registry.Organization, Directory, Materials)")
	case !slices.Contains(scopes, t.Scope):
		return fmt.Errorf("scope %q is not one of the registry's scopes", t.Scope.Name)
	case len(t.Read) == 0:
		return fmt.Errorf("declares no role that reads it")
	case t.Type == nil || t.Type.Kind() != reflect.Struct:
		return fmt.Errorf("declares no data type (a struct with db tags)")
	}
	for _, roles := range [][]string{t.Read, t.Write} {
		for _, r := range roles {
			if !slices.Contains(Roles, r) {
				return fmt.Errorf("role %q is not one of %v", r, Roles)
			}
		}
	}
	cols, err := columns(t.Type)
	if err != nil {
		return err
	}
	t.Columns = cols
	if c := t.Scope.AlsoColumn; c != "" && !t.HasColumn(c) {
		return fmt.Errorf("its scope %q sends rows on by column %q, which %s does not have", t.Scope.Name, c, t.Type.Name())
	}
	for _, group := range [][]string{t.Guarded, t.DeviceColumns} {
		for _, c := range group {
			if !t.HasColumn(c) {
				return fmt.Errorf("names column %q, which %s does not have", c, t.Type.Name())
			}
		}
	}
	if t.ServerCreated != (len(t.DeviceColumns) > 0) {
		return fmt.Errorf("a server-created table names the columns devices may change, and only such a table does")
	}
	for _, r := range t.Refs {
		if !t.HasColumn(r.Column) {
			return fmt.Errorf("refers through column %q, which %s does not have", r.Column, t.Type.Name())
		}
		if earlier[r.Table] == nil {
			return fmt.Errorf("refers to table %q, which is not declared before it", r.Table)
		}
	}
	return nil
}

// columns reads a data type's columns from its `db` tags; the first field
// must be the string id.
func columns(typ reflect.Type) ([]Column, error) {
	var out []Column
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		tag := f.Tag.Get("db")
		if tag == "" || tag == "-" {
			continue
		}
		name, optList, _ := strings.Cut(tag, ",")
		col := Column{Name: name, Field: i}
		for _, o := range strings.Split(optList, ",") {
			switch o {
			case "":
			case "sealed":
				col.Sealed = true
			case "long":
				col.Long = true
			default:
				return nil, fmt.Errorf("%s.%s has unknown db tag option %q", typ.Name(), f.Name, o)
			}
		}
		if name == "id" {
			if f.Type.Kind() != reflect.String || i != 0 {
				return nil, fmt.Errorf("%s.ID must be the first field, a string", typ.Name())
			}
			continue
		}
		if name == data.DeletedField || name == "clocks" {
			return nil, fmt.Errorf("%s.%s: %q is kept by sync itself", typ.Name(), f.Name, name)
		}
		out = append(out, col)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s has no db columns", typ.Name())
	}
	return out, nil
}

// Tables returns every synced table, each after the tables it refers to.
func Tables() []*Table { return tables }

// Names returns the name of every synced table, in the order of Tables.
func Names() []string {
	out := make([]string, len(tables))
	for i, t := range tables {
		out[i] = t.Name
	}
	return out
}

// Lookup returns a synced table, or nil if name is not one.
func Lookup(name string) *Table { return byName[name] }

// HasColumn reports whether col is one of the table's columns (not id,
// deleted or clocks).
func (t *Table) HasColumn(col string) bool {
	for _, c := range t.Columns {
		if c.Name == col {
			return true
		}
	}
	return false
}

// ColumnNames returns the table's column names, in struct order.
func (t *Table) ColumnNames() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// ReadBy reports whether a device of role receives the table's rows.
func (t *Table) ReadBy(role string) bool { return slices.Contains(t.Read, role) }

// WrittenBy reports whether a device of role may change the table's rows.
func (t *Table) WrittenBy(role string) bool { return slices.Contains(t.Write, role) }

// IsGuarded reports whether col is a guarded column.
func (t *Table) IsGuarded(col string) bool { return slices.Contains(t.Guarded, col) }

// DeviceMayChange reports whether a device may change col of an existing
// row (every column, but for a server-created table only DeviceColumns).
func (t *Table) DeviceMayChange(col string) bool {
	return !t.ServerCreated || slices.Contains(t.DeviceColumns, col)
}

// Readable returns the tables a device of role receives (none for a role
// the registry does not list).
func Readable(role string) []*Table {
	var out []*Table
	for _, t := range tables {
		if t.ReadBy(role) {
			out = append(out, t)
		}
	}
	return out
}

// StreamsRead returns the streams a device of role pulls: those carrying
// a table it reads, in the order of Streams.
func StreamsRead(role string) []string {
	var out []string
	for _, s := range Streams {
		for _, t := range Readable(role) {
			if t.Scope.StreamFor(role) == s {
				out = append(out, s)
				break
			}
		}
	}
	return out
}
