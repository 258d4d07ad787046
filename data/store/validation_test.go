package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"trellis/data"
)

// TestBadInputIsRefusedWithTheFieldNamed tries every kind of bad input on
// the records a navigator writes; each must be refused with a validation
// error naming the field, and the transaction must leave nothing behind,
// not even the good records written before the bad one.
func TestBadInputIsRefusedWithTheFieldNamed(t *testing.T) {
	st, clk := openTest(t)
	h, child := addFamily(t, st, "Petrov", "ru", "2024-01-01")
	today := data.DateOf(clk.t)
	long := strings.Repeat("я", data.MaxName+1)
	unknown := data.NewID()
	cases := []struct {
		name, field string
		rec         any
	}{
		{"empty family name", "name", &data.Household{Name: " ", HomeLanguage: "ru"}},
		{"over-long family name", "name", &data.Household{Name: long, HomeLanguage: "ru"}},
		{"over-long notes", "notes", &data.Household{Name: "A", HomeLanguage: "ru", Notes: strings.Repeat("n", data.MaxNote+1)}},
		{"unknown home language", "home_language", &data.Household{Name: "A", HomeLanguage: "zz-qq-notalang"}},
		{"no home language", "home_language", &data.Household{Name: "A"}},
		{"unknown other language", "other_languages", &data.Household{Name: "A", HomeLanguage: "ru", OtherLanguages: []string{"uk", "12"}}},
		{"malformed phone", "phone", &data.Household{Name: "A", HomeLanguage: "ru", Phone: "555-CALL-NOW"}},
		{"too short phone", "phone", &data.Household{Name: "A", HomeLanguage: "ru", Phone: "12-34"}},
		{"malformed ZIP", "zip", &data.Household{Name: "A", HomeLanguage: "ru", ZIP: "981180"}},
		{"letters in ZIP", "zip", &data.Household{Name: "A", HomeLanguage: "ru", ZIP: "9811A"}},
		{"malformed e-mail", "email", &data.Household{Name: "A", HomeLanguage: "ru", Email: "at@"}},
		{"consent in the future", "consent_contact_on", &data.Household{Name: "A", HomeLanguage: "ru", ConsentContact: true, ConsentContactOn: today.AddDays(2)}},
		{"empty child name", "given_name", &data.Member{HouseholdID: h.ID, Role: data.RoleChild, BirthDate: data.MustDate("2024-02-02")}},
		{"over-long child name", "given_name", &data.Member{HouseholdID: h.ID, Role: data.RoleChild, GivenName: long, BirthDate: data.MustDate("2024-02-02")}},
		{"birth in the future", "birth_date", &data.Member{HouseholdID: h.ID, Role: data.RoleChild, GivenName: "Ivan", BirthDate: today.AddDays(1)}},
		{"birth over 120 years ago", "birth_date", &data.Member{HouseholdID: h.ID, Role: data.RoleCaregiver, GivenName: "Old", BirthDate: data.DateOf(clk.t.AddDate(-121, 0, 0))}},
		{"child without birth date", "birth_date", &data.Member{HouseholdID: h.ID, Role: data.RoleChild, GivenName: "Ivan"}},
		{"member of an unknown family", "household_id", &data.Member{HouseholdID: unknown, Role: data.RoleChild, GivenName: "Ivan", BirthDate: data.MustDate("2024-02-02")}},
		{"member language unknown", "language", &data.Member{HouseholdID: h.ID, Role: data.RoleCaregiver, GivenName: "Olga", Language: "xx-yy-zz-1"}},
		{"contact for unknown family", "household_id", &data.Contact{HouseholdID: unknown, At: clk.t, Kind: data.KindPhone}},
		{"contact in the future", "at", &data.Contact{HouseholdID: h.ID, At: clk.t.Add(48 * time.Hour), Kind: data.KindPhone}},
		{"screening of unknown child", "child_id", &data.Screening{HouseholdID: h.ID, ChildID: unknown, Tool: data.ToolASQ3, On: today, Outcome: data.OutcomeRefer}},
		{"screening in the future", "screened_on", &data.Screening{HouseholdID: h.ID, ChildID: child.ID, Tool: data.ToolASQ3, On: today.AddDays(3), Outcome: data.OutcomeRefer}},
		{"screening language unknown", "language", &data.Screening{HouseholdID: h.ID, ChildID: child.ID, Tool: data.ToolASQ3, On: today, Outcome: data.OutcomeRefer, Language: "123"}},
		{"referral to unknown service", "service_id", &data.Referral{HouseholdID: h.ID, ServiceID: unknown, Priority: data.PriorityRoutine}},
		{"referral for unknown family", "household_id", &data.Referral{HouseholdID: unknown, ServiceID: unknown, Priority: data.PriorityRoutine}},
		{"status of unknown referral", "referral_id", &data.ReferralEvent{ReferralID: unknown, Status: data.StatusAccepted, At: clk.t}},
		{"follow-up for unknown family", "household_id", &data.FollowUp{HouseholdID: unknown, Due: today}},
		{"follow-up about unknown referral", "referral_id", &data.FollowUp{HouseholdID: h.ID, ReferralID: unknown, Due: today}},
		{"service with empty name", "name", &data.Service{Name: "", Status: data.ServiceActive}},
		{"translation in unknown language", "language", &data.ServiceTranslation{ServiceID: unknown, Language: "not a tag"}},
	}
	before, _ := st.PendingChanges(ctx, 0)
	for _, c := range cases {
		err := st.Write(ctx, func(tx *Tx) error {
			// A good record first: it must not survive the bad one.
			if err := tx.AddHousehold(&data.Household{Name: "Good " + c.name, HomeLanguage: "en"}); err != nil {
				return err
			}
			return tx.Insert(c.rec)
		})
		var ve *data.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: got %v, want a validation error", c.name, err)
			continue
		}
		if _, ok := ve.Field(c.field); !ok || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: error %q does not name %s", c.name, err, c.field)
		}
	}
	after, _ := st.PendingChanges(ctx, 0)
	page, _ := st.SearchFamilies(ctx, "good", 0, 0)
	members, _ := st.Members(ctx, h.ID)
	if after != before || page.Total != 0 || len(members) != 2 {
		t.Fatalf("refused writes left %d outbox entries, %d families, %d members (want 0, 0, 2)", after-before, page.Total, len(members))
	}
}
