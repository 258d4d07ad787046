package data

import (
	"strings"
	"time"
)

// Contact methods a family may prefer.
const (
	ContactPhone    = "phone"
	ContactText     = "text"
	ContactEmail    = "email"
	ContactInPerson = "in_person"
)

// ContactMethods lists the preferred contact methods, in display order.
var ContactMethods = []string{ContactPhone, ContactText, ContactEmail, ContactInPerson}

// Household is a family: the caregivers and children a navigator works
// with, how to reach them, in which language, and what they consented to.
// Fields tagged "sealed" pass through the store's Codec.
type Household struct {
	ID                string   `db:"id"`
	Name              string   `db:"name,sealed"`     // how the family is known, e.g. "Nguyen family"
	HomeLanguage      string   `db:"home_language"`   // BCP 47 tag
	OtherLanguages    []string `db:"other_languages"` // BCP 47 tags
	InterpreterNeeded bool     `db:"interpreter_needed"`
	ContactMethod     string   `db:"contact_method"` // one of ContactMethods, or ""
	ContactTimes      string   `db:"contact_times"`  // free text: "weekday evenings"
	Phone             string   `db:"phone,sealed"`
	Email             string   `db:"email,sealed"`
	Address           string   `db:"address,sealed"`
	ZIP               string   `db:"zip"`
	// Consent to be contacted, and consent to share information with
	// providers, each with when and by whom it was recorded.
	ConsentContact   bool   `db:"consent_contact"`
	ConsentContactOn Date   `db:"consent_contact_on"`
	ConsentContactBy string `db:"consent_contact_by"`
	ConsentShare     bool   `db:"consent_share"`
	ConsentShareOn   Date   `db:"consent_share_on"`
	ConsentShareBy   string `db:"consent_share_by"`
	ConsentShareHow  string `db:"consent_share_how"` // one of ConsentWays, or ""
	// RaceEthnicity is optional and self-described, kept for equity reporting.
	RaceEthnicity string    `db:"race_ethnicity,sealed"`
	Notes         string    `db:"notes,sealed"`
	Navigator     string    `db:"navigator"`    // the assigned navigator
	Organization  string    `db:"organization"` // the navigator's organization
	CreatedAt     time.Time `db:"created_at"`
}

// Validate checks every field of h. now is today's date and time.
func (h *Household) Validate(now time.Time) error {
	h.normalize()
	c := Checker{Kind: "family", Now: now}
	c.Required("name", h.Name, MaxName)
	c.Required("home_language", h.HomeLanguage, 35)
	c.Language("home_language", h.HomeLanguage)
	c.Languages("other_languages", h.OtherLanguages)
	c.Choice("contact_method", h.ContactMethod, true, ContactMethods...)
	c.MaxLen("contact_times", h.ContactTimes, MaxShort)
	c.Phone("phone", h.Phone)
	c.Email("email", h.Email)
	c.MaxLen("address", h.Address, MaxShort)
	c.ZIP("zip", h.ZIP)
	c.PastDate("consent_contact_on", h.ConsentContactOn, false)
	c.MaxLen("consent_contact_by", h.ConsentContactBy, MaxName)
	c.PastDate("consent_share_on", h.ConsentShareOn, false)
	c.MaxLen("consent_share_by", h.ConsentShareBy, MaxName)
	c.Choice("consent_share_how", h.ConsentShareHow, true, ConsentWays...)
	c.MaxLen("race_ethnicity", h.RaceEthnicity, MaxShort)
	c.MaxLen("notes", h.Notes, MaxNote)
	c.MaxLen("navigator", h.Navigator, MaxName)
	c.MaxLen("organization", h.Organization, MaxName)
	return c.Err()
}

// normalize trims text and writes language tags in canonical form.
func (h *Household) normalize() {
	for _, p := range []*string{&h.Name, &h.ContactTimes, &h.Phone, &h.Email, &h.Address, &h.ZIP,
		&h.ConsentContactBy, &h.ConsentShareBy, &h.RaceEthnicity, &h.Navigator, &h.Organization} {
		*p = strings.TrimSpace(*p)
	}
	h.HomeLanguage = canonicalOrSame(h.HomeLanguage)
	for i, t := range h.OtherLanguages {
		h.OtherLanguages[i] = canonicalOrSame(t)
	}
}

func canonicalOrSame(tag string) string {
	if c, err := CanonicalLanguage(tag); err == nil {
		return c
	}
	return strings.TrimSpace(tag)
}

// Member roles in a household.
const (
	RoleCaregiver = "caregiver"
	RoleChild     = "child"
)

// Relationships of a caregiver to the children.
var Relationships = []string{"mother", "father", "grandparent", "foster_parent", "guardian", "relative", "other"}

// Member is a caregiver or a child in a household.
type Member struct {
	ID           string `db:"id"`
	HouseholdID  string `db:"household_id"`
	Role         string `db:"role"` // RoleCaregiver or RoleChild
	GivenName    string `db:"given_name,sealed"`
	FamilyName   string `db:"family_name,sealed"`
	BirthDate    Date   `db:"birth_date,sealed"` // required for children
	Relationship string `db:"relationship"`      // caregivers: one of Relationships
	Language     string `db:"language"`          // if different from the household's
	Notes        string `db:"notes,sealed"`
}

// DisplayName is the member's given and family name.
func (m *Member) DisplayName() string {
	return strings.TrimSpace(m.GivenName + " " + m.FamilyName)
}

// AgeMonths returns the member's age in whole months on the given day, or
// -1 if the date of birth is not known.
func (m *Member) AgeMonths(on Date) int {
	if m.BirthDate.IsZero() {
		return -1
	}
	return AgeInMonths(m.BirthDate, on)
}

// Validate checks every field of m.
func (m *Member) Validate(now time.Time) error {
	m.GivenName, m.FamilyName = strings.TrimSpace(m.GivenName), strings.TrimSpace(m.FamilyName)
	m.Language = canonicalOrSame(m.Language)
	c := Checker{Kind: "member", Now: now}
	if m.Role == RoleChild {
		c.Kind = "child"
	}
	c.ID("household_id", m.HouseholdID, true)
	c.Choice("role", m.Role, false, RoleCaregiver, RoleChild)
	c.Required("given_name", m.GivenName, MaxName)
	c.MaxLen("family_name", m.FamilyName, MaxName)
	c.PastDate("birth_date", m.BirthDate, m.Role == RoleChild)
	if m.Role == RoleCaregiver {
		c.Choice("relationship", m.Relationship, true, Relationships...)
	}
	c.Language("language", m.Language)
	c.MaxLen("notes", m.Notes, MaxNote)
	return c.Err()
}

// Kinds of contact in the contact log.
const (
	KindHomeVisit = "home_visit"
	KindPhone     = "phone"
	KindText      = "text"
	KindGroup     = "group"
	KindEvent     = "event"
)

// ContactKinds lists the kinds of contact, in display order.
var ContactKinds = []string{KindHomeVisit, KindPhone, KindText, KindGroup, KindEvent}

// Contact is one entry in a family's contact log.
type Contact struct {
	ID          string    `db:"id"`
	HouseholdID string    `db:"household_id"`
	At          time.Time `db:"at"`
	Kind        string    `db:"kind"`
	Language    string    `db:"language"` // the language the contact was in
	Notes       string    `db:"notes,sealed"`
	Navigator   string    `db:"navigator"`
}

// Validate checks every field of c.
func (ct *Contact) Validate(now time.Time) error {
	ct.Language = canonicalOrSame(ct.Language)
	c := Checker{Kind: "contact", Now: now}
	c.ID("household_id", ct.HouseholdID, true)
	if ct.At.IsZero() {
		c.Add("at", CodeRequired, "")
	} else if ct.At.After(now.Add(time.Hour)) {
		c.Add("at", CodeFutureDate, ct.At.Format(time.RFC3339))
	}
	c.Choice("kind", ct.Kind, false, ContactKinds...)
	c.Language("language", ct.Language)
	c.MaxLen("notes", ct.Notes, MaxNote)
	c.MaxLen("navigator", ct.Navigator, MaxName)
	return c.Err()
}

// Screening tools.
const (
	ToolASQ3    = "asq3"
	ToolASQSE2  = "asqse2"
	ToolMCHATRF = "mchat_rf"
	ToolOther   = "other"
)

// ScreeningTools lists the screening tools, in display order.
var ScreeningTools = []string{ToolASQ3, ToolASQSE2, ToolMCHATRF, ToolOther}

// Screening outcomes.
const (
	OutcomeNoConcerns = "no_concerns"
	OutcomeMonitor    = "monitor"
	OutcomeRefer      = "refer"
)

// ScreeningOutcomes lists the outcomes, in display order.
var ScreeningOutcomes = []string{OutcomeNoConcerns, OutcomeMonitor, OutcomeRefer}

// Screening is a developmental or social-emotional screening of a child.
type Screening struct {
	ID          string   `db:"id"`
	HouseholdID string   `db:"household_id"`
	ChildID     string   `db:"child_id"`
	Tool        string   `db:"tool"`
	ToolName    string   `db:"tool_name"` // the tool's name when Tool is "other"
	On          Date     `db:"screened_on"`
	Language    string   `db:"language"` // the language it was administered in
	Outcome     string   `db:"outcome"`
	Score       *float64 `db:"score"`
	Notes       string   `db:"notes,sealed"`
	Navigator   string   `db:"navigator"`
}

// Validate checks every field of s.
func (s *Screening) Validate(now time.Time) error {
	s.Language = canonicalOrSame(s.Language)
	c := Checker{Kind: "screening", Now: now}
	c.ID("household_id", s.HouseholdID, true)
	c.ID("child_id", s.ChildID, true)
	c.Choice("tool", s.Tool, false, ScreeningTools...)
	if s.Tool == ToolOther {
		c.Required("tool_name", s.ToolName, MaxName)
	} else {
		c.MaxLen("tool_name", s.ToolName, MaxName)
	}
	c.PastDate("screened_on", s.On, true)
	c.Language("language", s.Language)
	c.Choice("outcome", s.Outcome, false, ScreeningOutcomes...)
	if s.Score != nil && (*s.Score < 0 || *s.Score > 1000) {
		c.Add("score", CodeOutOfRange, "")
	}
	c.MaxLen("notes", s.Notes, MaxNote)
	return c.Err()
}
