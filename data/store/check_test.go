package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"trellis/data"
	"trellis/data/hlc"
)

func fieldCodes(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *data.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *data.ValidationError", err)
	}
	out := map[string]string{}
	for _, f := range ve.Fields {
		out[f.Field] = f.Code
	}
	return out
}

// The values the issue found passing the server's type check: each is
// refused, naming the field and what is wrong.
func TestCheckChangeRefusesWrongTypesAndFormats(t *testing.T) {
	stamp := hlc.Timestamp{WallMS: 1_800_000_000_000, Node: "0123456789abcdef"}.String()
	f := func(v any) data.FieldValue { return data.FieldValue{Value: v, HLC: stamp} }
	cases := []struct {
		table  string
		fields map[string]data.FieldValue
		want   map[string]string
	}{
		{"households", map[string]data.FieldValue{"name": f(12345.0)}, map[string]string{"name": data.CodeInvalidType}},
		{"dir_services", map[string]data.FieldValue{"name": f(true)}, map[string]string{"name": data.CodeInvalidType}},
		{"members", map[string]data.FieldValue{"birth_date": f("not-a-date")}, map[string]string{"birth_date": data.CodeInvalidDate}},
		{"contacts", map[string]data.FieldValue{"at": f("yesterday")}, map[string]string{"at": data.CodeInvalidDate}},
		{"households", map[string]data.FieldValue{"consent_share": f(2.0)}, map[string]string{"consent_share": data.CodeInvalidType}},
		{"material_attachments", map[string]data.FieldValue{"size": f(1.5)}, map[string]string{"size": data.CodeOutOfRange}},
		{"members", map[string]data.FieldValue{"household_id": f("not-an-id")}, map[string]string{"household_id": data.CodeUnknownID}},
		{"households", map[string]data.FieldValue{"notes": f(strings.Repeat("x", 256<<10))}, map[string]string{"notes": data.CodeTooLong}},
		{"households", map[string]data.FieldValue{"nosuch": f("x")}, map[string]string{"nosuch": data.CodeInvalidChoice}},
		{"households", map[string]data.FieldValue{"name": {Value: "x", HLC: "soon"}}, map[string]string{"name": data.CodeInvalidType}},
		{"households", map[string]data.FieldValue{"deleted": f("yes")}, map[string]string{"deleted": data.CodeInvalidType}},
		// Valid changes pass.
		{"households", map[string]data.FieldValue{"name": f("Nguyen"), "consent_share": f(true), "interpreter_needed": f(0.0),
			"created_at": f("2026-11-23T10:00:00.000Z"), "deleted": f(1.0)}, nil},
		{"members", map[string]data.FieldValue{"birth_date": f("2025-03-01"), "household_id": f(data.NewID())}, nil},
		{"material_versions", map[string]data.FieldValue{"body": f(strings.Repeat("x", 1<<20))}, nil},
		{"screenings", map[string]data.FieldValue{"score": f(nil)}, nil},
	}
	for _, c := range cases {
		got := fieldCodes(t, CheckChange(c.table, c.fields))
		if len(got) != len(c.want) {
			t.Errorf("%s %v: errors %v, want %v", c.table, c.fields, got, c.want)
			continue
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%s %v: errors %v, want %v", c.table, c.fields, got, c.want)
			}
		}
	}
	if err := CheckChange("no_such_table", nil); err == nil {
		t.Error("a change to an unknown table passed")
	}
	// Many fields each under their limit, too much together.
	big := map[string]data.FieldValue{}
	for _, col := range []string{"name", "notes", "address", "contact_times"} {
		big[col] = f(strings.Repeat("y", 70<<10))
	}
	if got := fieldCodes(t, CheckChange("households", big)); got["*"] != data.CodeTooLong {
		t.Errorf("a 280 KiB change passed: %v", got)
	}
}

// CheckRecord runs the record's own rules: a new record must be whole, an
// edit is judged on the fields it changes.
func TestCheckRecordRunsTheRecordsRules(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	got := fieldCodes(t, CheckRecord("households", map[string]any{"phone": "206-555-0100"}, map[string]bool{"phone": true}, true, now))
	if got["name"] != data.CodeRequired {
		t.Fatalf("a new family without a name: %v", got)
	}
	got = fieldCodes(t, CheckRecord("households", map[string]any{"name": "", "home_language": "es", "phone": "12"},
		map[string]bool{"phone": true}, false, now))
	if len(got) != 1 || got["phone"] != data.CodeInvalidPhone {
		t.Fatalf("an edit of the phone only: %v, want only the phone's error", got)
	}
	got = fieldCodes(t, CheckRecord("members", map[string]any{"household_id": data.NewID(), "role": "child",
		"given_name": "Leo", "birth_date": "2030-01-01"}, nil, true, now))
	if got["birth_date"] != data.CodeFutureDate {
		t.Fatalf("a child born in 2030: %v", got)
	}
	if err := CheckRecord("households", map[string]any{"name": "Nguyen", "home_language": "es"}, nil, true, now); err != nil {
		t.Fatalf("a valid family: %v", err)
	}
}

// A value no change may carry any more, already stored by an older build
// (a date of birth "not-a-date" from the server), makes no list fail: the
// field reads as empty, the rest of the row and every other row as stored.
func TestReadsSurviveABadStoredValue(t *testing.T) {
	st, _ := openTest(t)
	h, child := addFamily(t, st, "Nguyen", "es", "2025-03-01")
	other, _ := addFamily(t, st, "Tran", "vi", "2024-01-01")
	if _, err := st.w.Exec(`UPDATE members SET birth_date = 'not-a-date' WHERE id = ?`, child.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.w.Exec(`UPDATE households SET created_at = 'last tuesday' WHERE id = ?`, other.ID); err != nil {
		t.Fatal(err)
	}
	st.families.items = nil
	page, err := st.SearchFamilies(ctx, "", 0, 100)
	if err != nil || page.Total != 2 {
		t.Fatalf("family list with a bad stored date: %+v, %v", page, err)
	}
	members, err := st.Members(ctx, h.ID)
	if err != nil || len(members) != 2 {
		t.Fatalf("members: %v, %v", members, err)
	}
	for _, m := range members {
		if m.ID == child.ID && (!m.BirthDate.IsZero() || m.GivenName != child.GivenName) {
			t.Fatalf("the child reads as %+v", m)
		}
	}
	if got, err := st.Household(ctx, other.ID); err != nil || got.Name != "Tran" {
		t.Fatalf("the family with a bad creation time: %+v, %v", got, err)
	}
}
