package data

import (
	"strings"
	"time"
)

// Kinds of sync conflict.
const (
	// ConflictField: two people changed a guarded field (consent, the
	// assigned navigator) to different values without seeing each other's
	// change. The later edit is kept until someone decides.
	ConflictField = "field"
	// ConflictEditDeleted: a record was edited on one laptop while another
	// deleted it. The record stays deleted until someone decides.
	ConflictEditDeleted = "edit_deleted"
	// ConflictReferralStatus: two people moved a referral to different
	// statuses from the same starting status.
	ConflictReferralStatus = "referral_status"
)

// Resolutions of a conflict.
const (
	KeepWinner = "winner" // keep the value that is in effect now
	KeepLoser  = "loser"  // bring back the other value
)

// Conflict is a disagreement that sync found and will not settle on its
// own: the county server records one, every device of the organization
// receives it, and a person resolves it (which is a new edit). Values are
// JSON; Winner is what is in effect now, Loser the other side. A referral
// status conflict names the referral (Table "referrals", Column "status").
type Conflict struct {
	ID           string    `db:"id"`
	Table        string    `db:"tbl"`
	RowID        string    `db:"row_id"`
	Column       string    `db:"col"` // "" for edit_deleted
	Kind         string    `db:"kind"`
	HouseholdID  string    `db:"household_id"` // the family it concerns, when known
	WinnerValue  string    `db:"winner_value"`
	WinnerHLC    string    `db:"winner_hlc"`
	WinnerDevice string    `db:"winner_device"`
	WinnerUser   string    `db:"winner_user"`
	LoserValue   string    `db:"loser_value"`
	LoserHLC     string    `db:"loser_hlc"`
	LoserDevice  string    `db:"loser_device"`
	LoserUser    string    `db:"loser_user"`
	CreatedAt    time.Time `db:"created_at"`
	Resolved     bool      `db:"resolved"`
	Resolution   string    `db:"resolution"` // KeepWinner or KeepLoser once resolved
	ResolvedBy   string    `db:"resolved_by"`
}

// Validate checks every field of c.
func (c *Conflict) Validate(now time.Time) error {
	c.ResolvedBy = strings.TrimSpace(c.ResolvedBy)
	k := Checker{Kind: "conflict", Now: now}
	k.Required("tbl", c.Table, MaxName)
	k.ID("row_id", c.RowID, true)
	k.Choice("kind", c.Kind, false, ConflictField, ConflictEditDeleted, ConflictReferralStatus)
	k.Choice("resolution", c.Resolution, true, KeepWinner, KeepLoser)
	k.MaxLen("resolved_by", c.ResolvedBy, MaxName)
	return k.Err()
}
