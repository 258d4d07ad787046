package data

import (
	"strings"
	"time"
)

// Referral statuses: the FHIR Task status codes used for closed-loop
// referrals.
const (
	StatusDraft      = "draft"       // written, not yet sent
	StatusRequested  = "requested"   // sent to the provider
	StatusAccepted   = "accepted"    // the provider will serve the family
	StatusInProgress = "in-progress" // services have started
	StatusOnHold     = "on-hold"     // paused
	StatusCompleted  = "completed"   // services done
	StatusRejected   = "rejected"    // the provider declined
	StatusCancelled  = "cancelled"   // withdrawn before services
	StatusFailed     = "failed"      // could not be completed
)

// ReferralStatuses lists the statuses in the order a referral moves through them.
var ReferralStatuses = []string{StatusDraft, StatusRequested, StatusAccepted, StatusInProgress,
	StatusOnHold, StatusCompleted, StatusRejected, StatusCancelled, StatusFailed}

// ClosedStatus reports whether a referral in this status needs no more work.
func ClosedStatus(status string) bool {
	switch status {
	case StatusCompleted, StatusRejected, StatusCancelled, StatusFailed:
		return true
	}
	return false
}

// Referral priorities (FHIR request priority codes).
const (
	PriorityRoutine = "routine"
	PriorityUrgent  = "urgent"
	PriorityASAP    = "asap"
)

// ReferralPriorities lists the priorities, in display order.
var ReferralPriorities = []string{PriorityRoutine, PriorityUrgent, PriorityASAP}

// Referral links a family (and optionally one child) to a service. Its
// status is not stored here: it is derived from the insert-only history of
// ReferralEvents.
type Referral struct {
	ID          string    `db:"id"`
	HouseholdID string    `db:"household_id"`
	ChildID     string    `db:"child_id"` // optional
	ServiceID   string    `db:"service_id"`
	Reason      string    `db:"reason,sealed"`
	Priority    string    `db:"priority"`
	CreatedAt   time.Time `db:"created_at"`
	Navigator   string    `db:"navigator"`

	// Derived from the event history when read from the store.
	Status    string    `db:"-"` // the latest event's status
	StatusAt  time.Time `db:"-"` // when the status was set
	StartedAt time.Time `db:"-"` // when services started (first "in-progress"), if they have
}

// DaysToStart returns the days from referral to services starting, and
// false if services have not started.
func (r *Referral) DaysToStart() (int, bool) {
	if r.StartedAt.IsZero() {
		return 0, false
	}
	return int(r.StartedAt.Sub(r.CreatedAt).Hours() / 24), true
}

// Validate checks every field of r.
func (r *Referral) Validate(now time.Time) error {
	r.Reason = strings.TrimSpace(r.Reason)
	c := Checker{Kind: "referral", Now: now}
	c.ID("household_id", r.HouseholdID, true)
	c.ID("child_id", r.ChildID, false)
	c.ID("service_id", r.ServiceID, true)
	c.MaxLen("reason", r.Reason, MaxShort)
	c.Choice("priority", r.Priority, false, ReferralPriorities...)
	c.MaxLen("navigator", r.Navigator, MaxName)
	return c.Err()
}

// ReferralEvent is one entry in a referral's status history. Events are
// only ever inserted. PrevID names the event this one followed, so that two
// status changes made on different laptops from the same starting point can
// be recognized as concurrent.
type ReferralEvent struct {
	ID          string    `db:"id"`
	ReferralID  string    `db:"referral_id"`
	HouseholdID string    `db:"household_id"`
	Status      string    `db:"status"`
	At          time.Time `db:"at"`
	By          string    `db:"by"`
	Note        string    `db:"note,sealed"`
	PrevID      string    `db:"prev_id"`
}

// Validate checks every field of e.
func (e *ReferralEvent) Validate(now time.Time) error {
	c := Checker{Kind: "referral status", Now: now}
	c.ID("referral_id", e.ReferralID, true)
	c.Choice("status", e.Status, false, ReferralStatuses...)
	c.MaxLen("by", e.By, MaxName)
	c.MaxLen("note", e.Note, MaxNote)
	return c.Err()
}

// FollowUp is a reminder to get back to a family, about the family in
// general or about one referral.
type FollowUp struct {
	ID          string    `db:"id"`
	HouseholdID string    `db:"household_id"`
	ReferralID  string    `db:"referral_id"` // optional
	Due         Date      `db:"due_on"`
	Note        string    `db:"note,sealed"`
	DoneAt      time.Time `db:"done_at"` // zero until done
	DoneBy      string    `db:"done_by"`
	Navigator   string    `db:"navigator"`
	CreatedAt   time.Time `db:"created_at"`
}

// Done reports whether the follow-up has been completed.
func (f *FollowUp) Done() bool { return !f.DoneAt.IsZero() }

// Validate checks every field of f.
func (f *FollowUp) Validate(now time.Time) error {
	f.Note = strings.TrimSpace(f.Note)
	c := Checker{Kind: "follow-up", Now: now}
	c.ID("household_id", f.HouseholdID, true)
	c.ID("referral_id", f.ReferralID, false)
	if f.Due.IsZero() {
		c.Add("due_on", CodeRequired, "")
	} else if f.Due.Before(DateOf(now).AddDays(-3660)) || f.Due.After(DateOf(now).AddDays(3660)) {
		c.Add("due_on", CodeOutOfRange, f.Due.String())
	}
	c.MaxLen("note", f.Note, MaxNote)
	c.MaxLen("done_by", f.DoneBy, MaxName)
	return c.Err()
}
