package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"trellis/data"
)

// ErrNoConsent is returned when a referral is shared for a family that has
// no consent to share on record.
var ErrNoConsent = errors.New("the family has no consent to share on record")

// ErrNotEnrolled is returned when a referral is shared from a laptop that
// is not enrolled with a county server (sharing goes through it).
var ErrNotEnrolled = errors.New("this laptop is not enrolled with a county server")

// ProvidersFor returns the provider organizations that run a service (the
// county's links to the directory organization that offers it), by name.
func (s *Store) ProvidersFor(ctx context.Context, serviceID string) ([]data.ProviderLink, error) {
	return list[data.ProviderLink](ctx, s, s.r, `FROM provider_links t WHERE t.deleted = 0
		AND t.directory_org_id = (SELECT organization_id FROM dir_services WHERE id = ?) ORDER BY t.org_name, t.id`, serviceID)
}

// RecordShareConsent records that the family consents to share its
// referrals' details with providers: who recorded it, today, and how it
// was given (data.ConsentWays).
func (tx *Tx) RecordShareConsent(householdID, by, how string) error {
	h, err := GetTx[data.Household](tx, householdID)
	if err != nil {
		return err
	}
	h.ConsentShare, h.ConsentShareOn, h.ConsentShareBy, h.ConsentShareHow = true, data.DateOf(tx.now), by, how
	return tx.Update(&h)
}

// WithdrawShareConsent records that the family withdrew its consent to
// share, by whom, today: nothing more is shared, and every share of its
// referrals is emptied of the family's details (see forgetShares).
func (tx *Tx) WithdrawShareConsent(householdID, by string) error {
	h, err := GetTx[data.Household](tx, householdID)
	if err != nil {
		return err
	}
	h.ConsentShare, h.ConsentShareOn, h.ConsentShareBy, h.ConsentShareHow = false, data.DateOf(tx.now), by, ""
	return tx.Update(&h)
}

// forgetShares empties the family's details from every share of its
// referrals still holding them: the providers' laptops lose them at their
// next sync. Every write of a family without consent to share runs it, so
// the rule holds however the consent was taken back.
func (tx *Tx) forgetShares(householdID string) error {
	shares, err := list[data.ReferralShare](tx.ctx, tx.s, txQuerier{tx}, `FROM referral_shares t WHERE t.deleted = 0 AND t.withdrawn_at = ''
		AND t.referral_id IN (SELECT id FROM referrals WHERE household_id = ?)`, householdID)
	if err != nil {
		return err
	}
	for i := range shares {
		shares[i].Forget(tx.now)
		if err := tx.Update(&shares[i]); err != nil {
			return err
		}
	}
	return nil
}

// ShareReferral shares a referral with a provider organization that runs
// its service: the provider receives the minimum of the family (see
// data.ReferralShare) at the next sync. It refuses with ErrNoConsent when
// the family has no consent to share on record, and returns the share
// already made if the referral is shared with that provider. by is the
// navigator sharing.
func (tx *Tx) ShareReferral(referralID, providerOrg, by string) (*data.ReferralShare, error) {
	var orgID, orgName string
	err := tx.queryRow(`SELECT org_id, org_name FROM sync_device WHERE id = 1`).Scan(&orgID, &orgName)
	if isNoRows(err) || err == nil && orgID == "" {
		return nil, ErrNotEnrolled
	}
	if err != nil {
		return nil, err
	}
	r, err := GetTx[data.Referral](tx, referralID)
	if err != nil {
		return nil, err
	}
	h, err := GetTx[data.Household](tx, r.HouseholdID)
	if err != nil {
		return nil, err
	}
	if !h.ConsentShare {
		return nil, ErrNoConsent
	}
	svc, err := GetTx[data.Service](tx, r.ServiceID)
	if err != nil {
		return nil, err
	}
	if ok, err := tx.exists("provider_links", data.ProviderLinkID(providerOrg, svc.OrganizationID)); err != nil {
		return nil, err
	} else if !ok {
		return nil, fmt.Errorf("the organization %s does not run %s: the county has not linked it to the service's organization", providerOrg, svc.Name)
	}
	var existing []data.ReferralShare
	if existing, err = list[data.ReferralShare](tx.ctx, tx.s, txQuerier{tx}, `FROM referral_shares t WHERE t.deleted = 0
		AND t.withdrawn_at = '' AND t.referral_id = ? AND t.provider_org = ?`, referralID, providerOrg); err != nil {
		return nil, err
	} else if len(existing) > 0 {
		return &existing[0], nil
	}
	members, err := list[data.Member](tx.ctx, tx.s, txQuerier{tx}, `FROM members t WHERE t.deleted = 0 AND t.household_id = ?`, h.ID)
	if err != nil {
		return nil, err
	}
	sh := &data.ReferralShare{ReferralID: r.ID, ProviderOrg: providerOrg, ServiceID: r.ServiceID,
		FamilyName: h.Name, Phone: h.Phone, Email: h.Email, ContactMethod: h.ContactMethod, ContactTimes: h.ContactTimes,
		HomeLanguage: h.HomeLanguage, InterpreterNeeded: h.InterpreterNeeded, ChildAgeMonths: -1,
		Reason: r.Reason, Priority: r.Priority, Navigator: by, NavigatorOrg: orgName, ReferringOrg: orgID, SharedAt: tx.now}
	sort.SliceStable(members, func(i, j int) bool { return members[i].DisplayName() < members[j].DisplayName() })
	for _, m := range members {
		if m.Role == data.RoleCaregiver && sh.CaregiverName == "" {
			sh.CaregiverName = m.DisplayName()
		}
		if m.ID == r.ChildID {
			sh.ChildFirstName, sh.ChildAgeMonths = m.GivenName, m.AgeMonths(data.DateOf(tx.now))
		}
	}
	if err := tx.queryRow(`SELECT last_event_id FROM referral_state WHERE referral_id = ?`, r.ID).Scan(&sh.LastEventID); err != nil && !isNoRows(err) {
		return nil, err
	}
	return sh, tx.Insert(sh)
}

// SharedReferral is a referral shared with a provider as the provider's
// inbox shows it: the share, and the provider's answers so far.
type SharedReferral struct {
	data.ReferralShare
	Answers []data.ReferralAnswer // oldest first
}

// Status is the referral's status as the provider answered it
// ("requested" until its first answer).
func (s *SharedReferral) Status() string {
	if n := len(s.Answers); n > 0 {
		return s.Answers[n-1].Status
	}
	return data.StatusRequested
}

// Appointment is the first appointment the provider scheduled (zero if
// none).
func (s *SharedReferral) Appointment() time.Time {
	for i := len(s.Answers) - 1; i >= 0; i-- {
		if !s.Answers[i].Appointment.IsZero() {
			return s.Answers[i].Appointment
		}
	}
	return time.Time{}
}

// SharesFilter selects shared referrals. Zero fields do not filter.
type SharesFilter struct {
	ID         string
	ReferralID string
	Open       bool // only those not closed by an answer and not withdrawn
}

// SharedReferrals lists the referrals shared (on a provider's laptop: with
// its organization; on a navigator's: by it), newest first, with their
// answers.
func (s *Store) SharedReferrals(ctx context.Context, f SharesFilter) ([]SharedReferral, error) {
	where, args := `t.deleted = 0`, []any{}
	if f.ID != "" {
		where, args = where+` AND t.id = ?`, append(args, f.ID)
	}
	if f.ReferralID != "" {
		where, args = where+` AND t.referral_id = ?`, append(args, f.ReferralID)
	}
	shares, err := list[data.ReferralShare](ctx, s, s.r, `FROM referral_shares t WHERE `+where+` ORDER BY t.shared_at DESC, t.id`, args...)
	if err != nil {
		return nil, err
	}
	answers, err := list[data.ReferralAnswer](ctx, s, s.r, `FROM referral_answers t WHERE t.deleted = 0 ORDER BY t.at, t.id`)
	if err != nil {
		return nil, err
	}
	byShare := map[string][]data.ReferralAnswer{}
	for _, a := range answers {
		byShare[a.ShareID] = append(byShare[a.ShareID], a)
	}
	out := make([]SharedReferral, 0, len(shares))
	for _, sh := range shares {
		r := SharedReferral{ReferralShare: sh, Answers: byShare[sh.ID]}
		if f.Open && (sh.Withdrawn() || data.ClosedStatus(r.Status())) {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// Answer is a provider's answer as AnswerReferral records it.
type Answer struct {
	Status      string    // one of data.AnswerStatuses
	DeclineCode string    // for a decline: one of data.DeclineReasons
	Appointment time.Time // the first appointment, if scheduled
	Note        string
	By          string // the person answering
}

// AnswerReferral records a provider's answer to a referral shared with its
// organization; the referring navigator sees it at their next sync.
func (tx *Tx) AnswerReferral(shareID string, a Answer) (*data.ReferralAnswer, error) {
	sh, err := GetTx[data.ReferralShare](tx, shareID)
	if err != nil {
		return nil, err
	}
	var orgName string
	if err := tx.queryRow(`SELECT org_name FROM sync_device WHERE id = 1`).Scan(&orgName); err != nil && !isNoRows(err) {
		return nil, err
	}
	prev := sh.LastEventID
	var lastAt string
	err = tx.queryRow(`SELECT id, at FROM referral_answers WHERE share_id = ? AND deleted = 0 ORDER BY at DESC, id DESC LIMIT 1`, shareID).Scan(&prev, &lastAt)
	if err != nil && !isNoRows(err) {
		return nil, err
	}
	at := tx.now
	if t, err := parseTime(lastAt); err == nil && lastAt != "" && !at.After(t) {
		at = t.Add(time.Millisecond)
	}
	ans := &data.ReferralAnswer{ShareID: sh.ID, ReferralID: sh.ReferralID, ReferringOrg: sh.ReferringOrg, Status: a.Status,
		DeclineCode: a.DeclineCode, Appointment: a.Appointment, Note: a.Note, By: a.By, Provider: orgName, At: at, PrevID: prev}
	return ans, tx.Insert(ans)
}
