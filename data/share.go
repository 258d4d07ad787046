package data

import (
	"crypto/sha1"
	"strings"
	"time"

	"github.com/google/uuid"
)

// ProviderLink says that an organization enrolled on the county server
// (a provider, whose staff receive referrals) runs the services of a
// directory organization. A county administrator makes it (`countyserver
// org link`); every device receives it with the directory.
type ProviderLink struct {
	ID             string `db:"id"` // ProviderLinkID(OrgID, DirectoryOrgID)
	OrgID          string `db:"org_id"`
	OrgName        string `db:"org_name"`
	DirectoryOrgID string `db:"directory_org_id"`
}

// providerLinkSpace names the ids of provider links.
var providerLinkSpace = uuid.MustParse("6f1c4f7e-2d1e-4f55-9a55-7e0b7a1e6c16")

// ProviderLinkID is the id of the link between a county organization and a
// directory organization: the same pair always has the same id, so the
// county server finds a link without searching for it.
func ProviderLinkID(orgID, directoryOrgID string) string {
	return uuid.NewHash(sha1.New(), providerLinkSpace, []byte(orgID+"\x00"+directoryOrgID), 5).String()
}

// Validate checks every field of l.
func (l *ProviderLink) Validate() error {
	c := Checker{Kind: "provider link"}
	c.ID("org_id", l.OrgID, true)
	c.Required("org_name", l.OrgName, MaxName)
	c.Required("directory_org_id", l.DirectoryOrgID, MaxName)
	if l.OrgID != "" && l.DirectoryOrgID != "" && l.ID != ProviderLinkID(l.OrgID, l.DirectoryOrgID) {
		c.Add("id", CodeUnknownID, l.ID)
	}
	return c.Err()
}

// How a family's consent to share was given.
const (
	ConsentVerbal  = "verbal"
	ConsentWritten = "written"
)

// ConsentWays lists how consent may be given, in display order.
var ConsentWays = []string{ConsentVerbal, ConsentWritten}

// ReferralShare is a referral shared, with the family's consent, with the
// provider organization that runs the service. It holds the minimum the
// provider receives, copied from the family's record when shared; no other
// record of the family reaches the provider. When the family withdraws
// its consent, every identifying field is emptied (WithdrawnAt set), and
// the provider's laptops lose them at their next sync.
type ReferralShare struct {
	ID          string `db:"id"`
	ReferralID  string `db:"referral_id"`
	ProviderOrg string `db:"provider_org"` // the county organization id of the provider
	ServiceID   string `db:"service_id"`
	// The family, as the provider needs it to reach them.
	FamilyName        string `db:"family_name,sealed"`
	CaregiverName     string `db:"caregiver_name,sealed"`
	Phone             string `db:"phone,sealed"`
	Email             string `db:"email,sealed"`
	ContactMethod     string `db:"contact_method"`
	ContactTimes      string `db:"contact_times"`
	HomeLanguage      string `db:"home_language"`
	InterpreterNeeded bool   `db:"interpreter_needed"`
	ChildFirstName    string `db:"child_first_name,sealed"`
	ChildAgeMonths    int    `db:"child_age_months"` // -1: no child named
	// The referral.
	Reason   string `db:"reason,sealed"`
	Priority string `db:"priority"`
	// Who referred, and the status event the share was made after (the
	// provider's first answer follows it).
	Navigator    string    `db:"navigator"`
	NavigatorOrg string    `db:"navigator_org"`
	ReferringOrg string    `db:"referring_org"` // the county organization id of the navigator's organization
	LastEventID  string    `db:"last_event_id"`
	SharedAt     time.Time `db:"shared_at"`
	WithdrawnAt  time.Time `db:"withdrawn_at"` // zero while the family consents
}

// Withdrawn reports whether the family withdrew its consent to the share.
func (s *ReferralShare) Withdrawn() bool { return !s.WithdrawnAt.IsZero() }

// Forget empties every field that identifies the family or the child,
// and marks the share withdrawn at now.
func (s *ReferralShare) Forget(now time.Time) {
	s.FamilyName, s.CaregiverName, s.Phone, s.Email, s.ContactTimes, s.ChildFirstName, s.Reason = "", "", "", "", "", "", ""
	s.ContactMethod, s.ChildAgeMonths, s.InterpreterNeeded = "", -1, false
	s.WithdrawnAt = now
}

// Validate checks every field of s.
func (s *ReferralShare) Validate(now time.Time) error {
	c := Checker{Kind: "shared referral", Now: now}
	c.ID("referral_id", s.ReferralID, true)
	c.ID("provider_org", s.ProviderOrg, true)
	c.ID("service_id", s.ServiceID, true)
	c.MaxLen("family_name", s.FamilyName, MaxName)
	c.MaxLen("caregiver_name", s.CaregiverName, MaxName)
	c.Phone("phone", s.Phone)
	c.Email("email", s.Email)
	c.Choice("contact_method", s.ContactMethod, true, ContactMethods...)
	c.MaxLen("contact_times", s.ContactTimes, MaxShort)
	c.MaxLen("child_first_name", s.ChildFirstName, MaxName)
	c.MaxLen("reason", s.Reason, MaxShort)
	c.Choice("priority", s.Priority, true, ReferralPriorities...)
	c.MaxLen("navigator", s.Navigator, MaxName)
	c.MaxLen("navigator_org", s.NavigatorOrg, MaxName)
	c.ID("referring_org", s.ReferringOrg, true)
	return c.Err()
}

// Why a provider declines a referral (the closing reasons).
const (
	DeclineNotEligible  = "not_eligible"
	DeclineNoCapacity   = "no_capacity"
	DeclineUnreachable  = "family_unreachable"
	DeclineFamilyChoice = "family_declined"
	DeclineNotOffered   = "service_not_offered"
	DeclineOther        = "other"
)

// DeclineReasons lists the coded reasons a provider declines with.
var DeclineReasons = []string{DeclineNotEligible, DeclineNoCapacity, DeclineUnreachable, DeclineFamilyChoice, DeclineNotOffered, DeclineOther}

// AnswerStatuses are the statuses a provider answers a referral with.
var AnswerStatuses = []string{StatusAccepted, StatusRejected, StatusInProgress, StatusCompleted}

// ReferralAnswer is a provider's answer to a shared referral: accepted
// (with the first appointment, once scheduled), declined with a coded
// reason, services started, completed. The county server enters each as
// a status event of the referral's history for the referring
// organization, so the navigator sees it, with who gave it.
type ReferralAnswer struct {
	ID           string    `db:"id"`
	ShareID      string    `db:"share_id"`
	ReferralID   string    `db:"referral_id"`
	ReferringOrg string    `db:"referring_org"` // the county organization id of the navigator's organization
	Status       string    `db:"status"`        // one of AnswerStatuses
	DeclineCode  string    `db:"decline_code"`  // one of DeclineReasons, for "rejected"
	Appointment  time.Time `db:"appointment_at"`
	Note         string    `db:"note,sealed"`
	By           string    `db:"by"`
	Provider     string    `db:"provider"` // the provider organization's name
	At           time.Time `db:"at"`
	PrevID       string    `db:"prev_id"` // the status event (or answer) this one follows
}

// Validate checks every field of a.
func (a *ReferralAnswer) Validate(now time.Time) error {
	a.Note = strings.TrimSpace(a.Note)
	c := Checker{Kind: "provider's answer", Now: now}
	c.ID("share_id", a.ShareID, true)
	c.ID("referral_id", a.ReferralID, true)
	c.ID("referring_org", a.ReferringOrg, true)
	c.Choice("status", a.Status, false, AnswerStatuses...)
	if a.Status == StatusRejected {
		c.Choice("decline_code", a.DeclineCode, false, DeclineReasons...)
	} else if a.DeclineCode != "" {
		c.Add("decline_code", CodeInvalidChoice, a.DeclineCode)
	}
	c.MaxLen("note", a.Note, MaxNote)
	c.MaxLen("by", a.By, MaxName)
	c.MaxLen("provider", a.Provider, MaxName)
	return c.Err()
}
