package sync

import (
	"encoding/json"
	"sort"

	"trellis/data"
	"trellis/data/registry"
)

// FieldState is what the server keeps for one field of a row: the value in
// effect, its timestamp, and the change-log position and device that set
// it.
type FieldState struct {
	Value  any    `json:"v"`
	HLC    string `json:"h"`
	Seq    int64  `json:"s"`
	Device string `json:"d"`
	User   string `json:"u,omitempty"`
}

// RowState is the server's copy of one row, field by field.
type RowState map[string]FieldState

// deleted reports whether the row is a tombstone.
func (r RowState) deleted() bool {
	st, ok := r[data.DeletedField]
	return ok && isTrue(st.Value)
}

func isTrue(v any) bool {
	switch x := v.(type) {
	case float64:
		return x != 0
	case int64:
		return x != 0
	case bool:
		return x
	}
	return false
}

// Author is who pushed a mutation, as the server knows it from the token.
type Author struct {
	Device string
	User   string
}

// IsGuarded reports whether table.col is a guarded field (declared in the
// registry): concurrent edits to different values become conflicts. A
// referral's status is not a field (it is an insert-only history);
// concurrent status changes are found from the events' prev_id
// (StatusConflict).
func IsGuarded(table, col string) bool {
	t := registry.Lookup(table)
	return t != nil && t.IsGuarded(col)
}

// MergeResult is the outcome of merging one mutation into a row.
type MergeResult struct {
	Winners   map[string]Field // the incoming fields that won, to record
	Conflicts []data.Conflict  // without ID and CreatedAt
}

// Merge merges a mutation into the current row (nil for a row the server
// has not seen). A field wins if and only if its (HLC, node) is greater than
// the stored one: the result does not depend on the order mutations arrive
// in, and merging the same mutation twice changes nothing. Concurrent
// disagreeing edits of guarded fields, and edits that meet a concurrent
// delete, are reported as conflicts; the row stays deleted.
func Merge(row RowState, m Mutation, by Author) MergeResult {
	res := MergeResult{Winners: map[string]Field{}}
	cols := make([]string, 0, len(m.Fields))
	for col := range m.Fields {
		cols = append(cols, col)
	}
	sort.Strings(cols)
	concurrent := func(st FieldState) bool { return st.Device != by.Device && st.Seq > m.BaseSeq }
	for _, col := range cols {
		f := m.Fields[col]
		st, had := row[col]
		if !had || f.HLC > st.HLC {
			res.Winners[col] = f
		}
		if had && IsGuarded(m.Table, col) && concurrent(st) && !SameValue(st.Value, f.Value) {
			c := data.Conflict{Table: m.Table, RowID: m.Row, Column: col, Kind: data.ConflictField}
			setNewer(&c, side{jsonText(f.Value), f.HLC, by.Device, by.User}, side{jsonText(st.Value), st.HLC, st.Device, st.User})
			res.Conflicts = append(res.Conflicts, c)
		}
	}
	if c, ok := editDeleteConflict(row, m, by, concurrent); ok {
		res.Conflicts = append(res.Conflicts, c)
	}
	return res
}

// editDeleteConflict finds an edit newer than a delete that did not know
// of it, whichever of the two arrives first.
func editDeleteConflict(row RowState, m Mutation, by Author, concurrent func(FieldState) bool) (data.Conflict, bool) {
	if t := registry.Lookup(m.Table); row == nil || t == nil || t.ServerCreated {
		// (The server's own records, conflicts, make no conflicts.)
		return data.Conflict{}, false
	}
	c := data.Conflict{Table: m.Table, RowID: m.Row, Kind: data.ConflictEditDeleted}
	if del, ok := m.Fields[data.DeletedField]; ok && isTrue(del.Value) && !row.deleted() {
		// An incoming delete: were there newer edits it did not see?
		edits := map[string]any{}
		var last FieldState
		for col, st := range row {
			if col != data.DeletedField && st.HLC > del.HLC && concurrent(st) {
				edits[col] = st.Value
				if st.HLC > last.HLC {
					last = st
				}
			}
		}
		if len(edits) == 0 {
			return c, false
		}
		setSides(&c, side{`true`, del.HLC, by.Device, by.User}, side{jsonText(edits), last.HLC, last.Device, last.User})
		return c, true
	}
	if !row.deleted() {
		return c, false
	}
	// An incoming edit of a deleted row: is it newer than a delete it did
	// not see?
	del := row[data.DeletedField]
	if !concurrent(del) {
		return c, false
	}
	edits := map[string]any{}
	last := ""
	for col, f := range m.Fields {
		if col != data.DeletedField && f.HLC > del.HLC {
			edits[col] = f.Value
			if f.HLC > last {
				last = f.HLC
			}
		}
	}
	if len(edits) == 0 {
		return c, false
	}
	setSides(&c, side{`true`, del.HLC, del.Device, del.User}, side{jsonText(edits), last, by.Device, by.User})
	return c, true
}

// EventLink is a referral status event as the server indexes it, to find
// concurrent status changes (events with the same predecessor).
type EventLink struct {
	EventID    string
	ReferralID string
	PrevID     string
	Status     string
	HLC        string
	Device     string
	User       string
}

// EventLinkOf is the link of a mutation that creates a referral status
// event.
func EventLinkOf(m Mutation, by Author) EventLink {
	str := func(col string) string { s, _ := m.Fields[col].Value.(string); return s }
	return EventLink{EventID: m.Row, ReferralID: str("referral_id"), PrevID: str("prev_id"), Status: str("status"),
		HLC: m.Fields["status"].HLC, Device: by.Device, User: by.User}
}

// StatusConflict finds, among the events made from the same predecessor
// (siblings), one another device sent with a different status than the
// new event link (made by m): the referral-status conflict between them.
func StatusConflict(m Mutation, link EventLink, siblings []EventLink) (data.Conflict, bool) {
	for _, o := range siblings {
		if o.Device == link.Device || o.Status == link.Status || link.PrevID == "" {
			continue
		}
		hh, _ := m.Fields["household_id"].Value.(string)
		c := data.Conflict{Table: "referrals", RowID: link.ReferralID, Column: "status", Kind: data.ConflictReferralStatus,
			HouseholdID: hh}
		setNewer(&c, side{jsonText(link.Status), link.HLC, link.Device, link.User}, side{jsonText(o.Status), o.HLC, o.Device, o.User})
		return c, true
	}
	return data.Conflict{}, false
}

type side struct{ value, hlc, device, user string }

// setNewer makes the newer of two concurrent sides the winner; an
// incoming side (mine) that is not newer loses.
func setNewer(c *data.Conflict, mine, theirs side) {
	if mine.hlc > theirs.hlc {
		setSides(c, mine, theirs)
	} else {
		setSides(c, theirs, mine)
	}
}

func setSides(c *data.Conflict, winner, loser side) {
	c.WinnerValue, c.WinnerHLC, c.WinnerDevice, c.WinnerUser = winner.value, winner.hlc, winner.device, winner.user
	c.LoserValue, c.LoserHLC, c.LoserDevice, c.LoserUser = loser.value, loser.hlc, loser.device, loser.user
}

// Apply records winning fields, set by the change-log entry seq, in the row.
func (r RowState) Apply(winners map[string]Field, seq int64, by Author) RowState {
	if r == nil {
		r = RowState{}
	}
	for col, f := range winners {
		r[col] = FieldState{Value: f.Value, HLC: f.HLC, Seq: seq, Device: by.Device, User: by.User}
	}
	return r
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

// SameValue reports whether two field values are the same (yes/no values
// compared as such, whether they travel as numbers or booleans).
func SameValue(a, b any) bool {
	if isBoolish(a) && isBoolish(b) {
		return isTrue(a) == isTrue(b)
	}
	return jsonText(a) == jsonText(b)
}

func isBoolish(v any) bool {
	switch v.(type) {
	case bool, float64, int64:
		return true
	}
	return false
}

// Deleted reports whether the row is a tombstone (a missing row is not).
func (r RowState) Deleted() bool { return r.deleted() }

// Flag reports whether the row's column holds a true value (1 or true).
func (r RowState) Flag(col string) bool { return isTrue(r[col].Value) }

// Text returns the row's column as text ("" if it is not text).
func (r RowState) Text(col string) string { s, _ := r[col].Value.(string); return s }
