package store

import (
	"encoding/json"
	"fmt"
	"time"

	"trellis/data"
)

// Insert validates and adds a new record of any stored type (a pointer to
// a data.* struct), giving it an id if it has none.
func (tx *Tx) Insert(rec any) error {
	if err := tx.checkFamilyLinks(rec); err != nil {
		return err
	}
	if err := tx.insert(rec); err != nil {
		return err
	}
	if e, ok := rec.(*data.ReferralEvent); ok {
		return tx.addToReferralState(e)
	}
	return nil
}

// Update validates rec and saves the fields that changed.
func (tx *Tx) Update(rec any) error {
	if def, _ := defOf(rec); def.InsertOnly {
		return fmt.Errorf("a %s cannot be changed once recorded, only added to (%s is insert-only)", def.Kind, def.Name)
	}
	if err := tx.checkFamilyLinks(rec); err != nil {
		return err
	}
	if err := tx.update(rec); err != nil {
		return err
	}
	if h, ok := rec.(*data.Household); ok && !h.ConsentShare {
		return tx.forgetShares(h.ID)
	}
	return nil
}

// Upsert inserts rec, or updates it if a live record with its id exists,
// or brings a deleted record with its id back. Importers use it to refresh
// a directory in place.
func (tx *Tx) Upsert(rec any) error {
	def, v := defOf(rec)
	if id := v.Field(0).String(); id != "" {
		ok, err := tx.exists(def.Name, id)
		if err != nil {
			return err
		}
		if ok {
			return tx.Update(rec)
		}
		if dead, err := tx.hasRow(def.Name, id, 1); err != nil {
			return err
		} else if dead {
			return tx.revive(rec)
		}
	}
	return tx.Insert(rec)
}

// checkFamilyLinks checks what field-by-field validation cannot: that a
// child named on a screening or referral belongs to that family and is a
// child, and that an event or follow-up names the right family.
func (tx *Tx) checkFamilyLinks(rec any) error {
	var kind, householdID, childID, childField string
	switch r := rec.(type) {
	case *data.Screening:
		kind, householdID, childID, childField = "screening", r.HouseholdID, r.ChildID, "child_id"
	case *data.Referral:
		kind, householdID, childID, childField = "referral", r.HouseholdID, r.ChildID, "child_id"
	case *data.FollowUp:
		if r.ReferralID == "" {
			return nil
		}
		var hh string
		err := tx.queryRow(`SELECT household_id FROM referrals WHERE id = ? AND deleted = 0`, r.ReferralID).Scan(&hh)
		if isNoRows(err) {
			return &data.ValidationError{Kind: "follow-up", Fields: []data.FieldError{{Field: "referral_id", Code: data.CodeUnknownID, Value: r.ReferralID}}}
		}
		if err != nil {
			return err
		}
		if hh != r.HouseholdID {
			return &data.ValidationError{Kind: "follow-up", Fields: []data.FieldError{{Field: "referral_id", Code: data.CodeUnknownID, Value: r.ReferralID}}}
		}
		return nil
	case *data.ReferralEvent:
		if r.HouseholdID == "" && r.ReferralID != "" {
			err := tx.queryRow(`SELECT household_id FROM referrals WHERE id = ?`, r.ReferralID).Scan(&r.HouseholdID)
			if err != nil && !isNoRows(err) {
				return err
			}
		}
		return nil
	default:
		return nil
	}
	if childID == "" || householdID == "" {
		return nil
	}
	var hh, role string
	err := tx.queryRow(`SELECT household_id, role FROM members WHERE id = ? AND deleted = 0`, childID).Scan(&hh, &role)
	if err != nil && !isNoRows(err) {
		return err
	}
	if isNoRows(err) || hh != householdID || role != data.RoleChild {
		return &data.ValidationError{Kind: kind, Fields: []data.FieldError{{Field: childField, Code: data.CodeUnknownID, Value: childID}}}
	}
	return nil
}

// AddHousehold adds a new family. CreatedAt is set if it is zero.
func (tx *Tx) AddHousehold(h *data.Household) error {
	if h.CreatedAt.IsZero() {
		h.CreatedAt = tx.now
	}
	return tx.Insert(h)
}

// AddMember adds a caregiver or child to a family.
func (tx *Tx) AddMember(m *data.Member) error { return tx.Insert(m) }

// AddContact adds an entry to a family's contact log.
func (tx *Tx) AddContact(c *data.Contact) error {
	if c.At.IsZero() {
		c.At = tx.now
	}
	return tx.Insert(c)
}

// AddScreening records a child's screening.
func (tx *Tx) AddScreening(s *data.Screening) error { return tx.Insert(s) }

// CreateReferral adds a referral and the first entry of its status history
// (status requested, or draft if status is draft), by whom and with a note.
func (tx *Tx) CreateReferral(r *data.Referral, status, by, note string) error {
	if r.CreatedAt.IsZero() {
		r.CreatedAt = tx.now
	}
	if r.Priority == "" {
		r.Priority = data.PriorityRoutine
	}
	if status == "" {
		status = data.StatusRequested
	}
	if err := tx.Insert(r); err != nil {
		return err
	}
	return tx.Insert(&data.ReferralEvent{ReferralID: r.ID, HouseholdID: r.HouseholdID, Status: status, At: r.CreatedAt, By: by, Note: note})
}

// SetReferralStatus adds a status change to a referral's history.
func (tx *Tx) SetReferralStatus(referralID, status, by, note string) (*data.ReferralEvent, error) {
	var prev, lastAt string
	err := tx.queryRow(`SELECT last_event_id, status_at FROM referral_state WHERE referral_id = ?`, referralID).Scan(&prev, &lastAt)
	if err != nil && !isNoRows(err) {
		return nil, err
	}
	at := tx.now
	// Keep the history in order even if the wall clock was set back.
	if t, err := parseTime(lastAt); err == nil && lastAt != "" && !at.After(t) {
		at = t.Add(time.Millisecond)
	}
	e := &data.ReferralEvent{ReferralID: referralID, Status: status, At: at, By: by, Note: note, PrevID: prev}
	return e, tx.Insert(e)
}

// CompleteFollowUp marks a follow-up done now, by the given person.
func (tx *Tx) CompleteFollowUp(id, by string) error {
	f, err := GetTx[data.FollowUp](tx, id)
	if err != nil {
		return err
	}
	if f.Done() {
		return nil
	}
	f.DoneAt, f.DoneBy = tx.now, by
	return tx.Update(&f)
}

// ReopenFollowUp undoes CompleteFollowUp: the follow-up is open again, as
// if it had never been marked done.
func (tx *Tx) ReopenFollowUp(id string) error {
	f, err := GetTx[data.FollowUp](tx, id)
	if err != nil {
		return err
	}
	if !f.Done() {
		return nil
	}
	f.DoneAt, f.DoneBy = time.Time{}, ""
	return tx.Update(&f)
}

// AddFollowUp schedules a follow-up.
func (tx *Tx) AddFollowUp(f *data.FollowUp) error {
	if f.CreatedAt.IsZero() {
		f.CreatedAt = tx.now
	}
	return tx.Insert(f)
}

// addToReferralState updates a referral's derived status for one newly
// inserted event, without reading the whole history: the event becomes the
// current status if it is the latest by (time, id), and the start of
// services if it is the earliest "in-progress".
func (tx *Tx) addToReferralState(e *data.ReferralEvent) error {
	at := formatTime(e.At)
	var status, statusAt, started, last string
	err := tx.queryRow(`SELECT status, status_at, started_at, last_event_id FROM referral_state WHERE referral_id = ?`,
		e.ReferralID).Scan(&status, &statusAt, &started, &last)
	if err != nil && !isNoRows(err) {
		return err
	}
	if isNoRows(err) || at > statusAt || (at == statusAt && e.ID > last) {
		status, statusAt, last = e.Status, at, e.ID
	}
	if e.Status == data.StatusInProgress && (started == "" || at < started) {
		started = at
	}
	return tx.exec(`INSERT INTO referral_state(referral_id, status, status_at, started_at, last_event_id)
		VALUES(?, ?, ?, ?, ?) ON CONFLICT(referral_id) DO UPDATE SET
		status = excluded.status, status_at = excluded.status_at,
		started_at = excluded.started_at, last_event_id = excluded.last_event_id`,
		e.ReferralID, status, statusAt, started, last)
}

// refreshReferralState recomputes a referral's derived status from its
// history: the latest event by (time, id), and when services started.
func (tx *Tx) refreshReferralState(referralID string) error {
	return tx.refreshReferrals([]string{referralID})
}

// refreshReferrals recomputes the derived status of each of the given
// referrals (see refreshReferralState) in two statements, whatever their
// number.
func (tx *Tx) refreshReferrals(referralIDs []string) error {
	list, err := json.Marshal(referralIDs)
	if err != nil {
		return err
	}
	const refs = `WITH refs(id) AS (SELECT DISTINCT value FROM json_each(?)) `
	if err := tx.exec(refs+`DELETE FROM referral_state WHERE referral_id IN (SELECT id FROM refs)
		AND NOT EXISTS (SELECT 1 FROM referral_events x WHERE x.referral_id = referral_state.referral_id AND x.deleted = 0)`,
		string(list)); err != nil {
		return err
	}
	return tx.exec(refs+`, latest(rid, eid) AS (SELECT refs.id, (SELECT x.id FROM referral_events x
			WHERE x.referral_id = refs.id AND x.deleted = 0 ORDER BY x.at DESC, x.id DESC LIMIT 1) FROM refs)
		INSERT INTO referral_state(referral_id, status, status_at, started_at, last_event_id)
		SELECT latest.rid, e.status, e.at, COALESCE((SELECT MIN(s.at) FROM referral_events s
			WHERE s.referral_id = latest.rid AND s.deleted = 0 AND s.status = ?), ''), e.id
		FROM latest JOIN referral_events e ON e.id = latest.eid WHERE true
		ON CONFLICT(referral_id) DO UPDATE SET
		status = excluded.status, status_at = excluded.status_at,
		started_at = excluded.started_at, last_event_id = excluded.last_event_id`,
		string(list), data.StatusInProgress)
}
