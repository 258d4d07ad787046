package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"trellis/data"
	"trellis/data/registry"
)

// SyncDevice is this profile's enrolment with a county server.
type SyncDevice struct {
	ServerURL  string
	DeviceID   string
	Token      string // the bearer token; stored sealed by the codec
	OrgID      string
	OrgName    string
	User       string
	MidBase    int64 // mutation id = outbox seq - MidBase
	AckedMID   int64 // highest mutation id the server acknowledged
	EnrolledAt time.Time
	Revoked    bool // the server said this device was revoked
	// Role is the user's role on the county server (registry.RoleNavigator, ...),
	// or "" if the server did not say.
	Role string
	// Node is the clock node the server gave the device, which the
	// profile's clock takes at enrolment ("" from an older server, which
	// takes the profile's own). Not stored apart: Store.Clock().Node().
	Node string
}

// SharesTable says whether the county server accepts this enrolment's
// changes to table (the registry's roles); an unknown role gets the
// benefit of the doubt.
func (d SyncDevice) SharesTable(table string) bool {
	t := registry.Lookup(table)
	return d.Role == "" || t != nil && t.WrittenBy(d.Role)
}

// SyncDevice returns the enrolment, and false if the profile is not
// enrolled.
func (s *Store) SyncDevice(ctx context.Context) (SyncDevice, bool, error) {
	var d SyncDevice
	var token, at string
	var revoked int64
	err := s.r.QueryRowContext(ctx, `SELECT server_url, device_id, token, org_id, org_name, user_name,
		mid_base, acked_mid, enrolled_at, revoked, role FROM sync_device WHERE id = 1`).Scan(
		&d.ServerURL, &d.DeviceID, &token, &d.OrgID, &d.OrgName, &d.User, &d.MidBase, &d.AckedMID, &at, &revoked, &d.Role)
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	}
	if err != nil {
		return d, false, err
	}
	if d.Token, err = s.codec.Open(token); err != nil {
		return d, false, fmt.Errorf("the stored device token cannot be read: %w", err)
	}
	if d.EnrolledAt, err = parseTime(at); err != nil {
		return d, false, err
	}
	d.Revoked = revoked != 0
	return d, true, nil
}

// outboxHighWater is the highest outbox seq ever issued (0 if none),
// including entries already trimmed.
func (tx *Tx) outboxHighWater() (int64, error) {
	var hw int64
	err := tx.queryRow(`SELECT seq FROM sqlite_sequence WHERE name = 'outbox'`).Scan(&hw)
	if isNoRows(err) {
		return 0, nil
	}
	return hw, err
}

// Enroll records a new enrolment, replacing any earlier one. Every change
// still in the outbox, including those made before enrolling, will be sent
// under the new device id (and moves to its clock node, if the server gave
// one). Enrolling with a different server forgets the pull cursors, so
// everything is fetched again.
//
// The laptop then holds only what the new enrolment's role reads (see
// DropUnreadable): a trainer's laptop drops the families a navigator's
// enrolment brought, and one enrolled in another organization drops the
// first organization's records. A stream the new role reads more of than
// the old one, or an organization's stream of another organization, is
// fetched again from its start.
func (tx *Tx) Enroll(d SyncDevice) error {
	var oldURL, oldRole, oldOrg string
	err := tx.queryRow(`SELECT server_url, role, org_id FROM sync_device WHERE id = 1`).Scan(&oldURL, &oldRole, &oldOrg)
	if err != nil && !isNoRows(err) {
		return err
	}
	if oldURL != "" && oldURL != d.ServerURL {
		if err := tx.forgetCursors(""); err != nil {
			return err
		}
	} else if oldURL != "" {
		if err := tx.refetchGained(oldRole, oldOrg, d); err != nil {
			return err
		}
	}
	if oldURL != "" && oldOrg != "" && oldOrg != d.OrgID {
		if _, err := tx.dropTables(func(t *registry.Table) bool { return t.Scope == registry.Organization }); err != nil {
			return err
		}
	}
	if _, err := tx.DropUnreadable(d.Role); err != nil {
		return err
	}
	var first sql.NullInt64
	if err := tx.queryRow(`SELECT MIN(seq) FROM outbox`).Scan(&first); err != nil {
		return err
	}
	base, err := tx.outboxHighWater()
	if err != nil {
		return err
	}
	if first.Valid {
		base = first.Int64 - 1
	}
	if d.Node != "" {
		if err := tx.adoptNode(d.Node, base); err != nil {
			return err
		}
	}
	token, err := tx.s.codec.Seal(d.Token)
	if err != nil {
		return err
	}
	return tx.exec(`INSERT INTO sync_device(id, server_url, device_id, token, org_id, org_name, user_name,
		mid_base, acked_mid, enrolled_at, revoked, role) VALUES(1, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?)
		ON CONFLICT(id) DO UPDATE SET server_url = excluded.server_url, device_id = excluded.device_id,
		token = excluded.token, org_id = excluded.org_id, org_name = excluded.org_name,
		user_name = excluded.user_name, mid_base = excluded.mid_base, acked_mid = 0,
		enrolled_at = excluded.enrolled_at, revoked = 0, role = excluded.role`,
		d.ServerURL, d.DeviceID, token, d.OrgID, d.OrgName, d.User, base, formatTime(tx.now), d.Role)
}

// forgetCursors forgets where the pull of stream stands ("": of every
// stream), so that it is fetched again from its start.
func (tx *Tx) forgetCursors(stream string) error {
	if stream == "" {
		if err := tx.exec(`DELETE FROM sync_cursors`); err != nil {
			return err
		}
		return tx.exec(`DELETE FROM sync_marks`)
	}
	if err := tx.exec(`DELETE FROM sync_cursors WHERE scope = ?`, stream); err != nil {
		return err
	}
	return tx.exec(`DELETE FROM sync_marks WHERE scope = ?`, stream)
}

// refetchGained forgets the cursor of every stream in which the new
// enrolment reads a table the old one did not receive (a role that reads
// more, or, for the organization's stream, another organization).
func (tx *Tx) refetchGained(oldRole, oldOrg string, d SyncDevice) error {
	gained := map[string]bool{}
	for _, t := range registry.Tables() {
		readNow := d.Role == "" || t.ReadBy(d.Role)
		readBefore := oldRole == "" || t.ReadBy(oldRole)
		if t.Scope == registry.Organization && oldOrg != "" && oldOrg != d.OrgID {
			readBefore = false
		}
		if readNow && !readBefore {
			gained[t.Scope.Stream] = true
		}
	}
	for _, stream := range registry.Streams {
		if gained[stream] {
			if err := tx.forgetCursors(stream); err != nil {
				return err
			}
		}
	}
	return nil
}

// DropUnreadable deletes from this laptop the rows of every table that
// role does not read (nothing for a role the laptop does not know): a
// trainer's laptop holds no family. The deletions are not changes: they
// do not travel. Rows with a change still waiting to be sent stay until
// it is sent (the server then refuses it, and the laptop keeps a copy of
// what was refused, as for any refused change). It returns how many rows
// were dropped.
func (tx *Tx) DropUnreadable(role string) (int64, error) {
	if role == "" {
		return 0, nil
	}
	return tx.dropTables(func(t *registry.Table) bool { return !t.ReadBy(role) })
}

// derivedFrom are the laptop's own tables computed from a synced table's
// rows, with the statement that forgets what was computed from rows that
// are gone.
var derivedFrom = map[string]string{
	"households":      `DELETE FROM recent_families WHERE household_id NOT IN (SELECT id FROM households)`,
	"referrals":       `DELETE FROM referral_state WHERE referral_id NOT IN (SELECT id FROM referrals)`,
	"referral_events": `DELETE FROM referral_state WHERE last_event_id NOT IN (SELECT id FROM referral_events)`,
}

// dropTables deletes the rows of the tables drop chooses, but for rows
// with a change waiting in the outbox, and what was derived from them.
func (tx *Tx) dropTables(drop func(*registry.Table) bool) (int64, error) {
	var n int64
	var refreshRefs bool
	for _, def := range tables {
		if !drop(def.Table) {
			continue
		}
		res, err := tx.tx.ExecContext(tx.ctx, `DELETE FROM `+def.Name+` WHERE id NOT IN (SELECT row_id FROM outbox WHERE tbl = ?)`, def.Name)
		if err != nil {
			return n, err
		}
		dropped, err := res.RowsAffected()
		if err != nil {
			return n, err
		}
		if dropped == 0 {
			continue
		}
		n += dropped
		if q, ok := derivedFrom[def.Name]; ok {
			if err := tx.exec(q); err != nil {
				return n, err
			}
		}
		refreshRefs = refreshRefs || def.Name == "referral_events"
		if def.group != groupNone {
			tx.groups[def.group] = true
		}
		clear(tx.live)
	}
	if refreshRefs {
		// Referrals kept whose status came from events dropped.
		rows, err := tx.tx.QueryContext(tx.ctx, `SELECT id FROM referrals WHERE id NOT IN (SELECT referral_id FROM referral_state)`)
		if err != nil {
			return n, err
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return n, err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, err
		}
		if err := tx.refreshReferrals(ids); err != nil {
			return n, err
		}
	}
	return n, nil
}

// Rejoin records that this profile now syncs as another device of the
// same user and server: the server found that the profile's mutation ids
// had been used already (it was restored from a backup, or copied to a
// second laptop) and gave it a new device id, token and clock node. The
// changes still waiting are numbered from 1 again for the new device and
// move to its node; cursors and everything received are kept.
func (tx *Tx) Rejoin(d SyncDevice) error {
	var base, acked int64
	if err := tx.queryRow(`SELECT mid_base, acked_mid FROM sync_device WHERE id = 1`).Scan(&base, &acked); err != nil {
		if isNoRows(err) {
			return errors.New("this profile is not enrolled with a county server")
		}
		return err
	}
	if d.DeviceID == "" || d.Token == "" || d.Node == "" {
		return errors.New("the county server's answer lacks a device id, token or clock node")
	}
	if err := tx.adoptNode(d.Node, base+acked); err != nil {
		return err
	}
	token, err := tx.s.codec.Seal(d.Token)
	if err != nil {
		return err
	}
	return tx.exec(`UPDATE sync_device SET device_id = ?, token = ?, mid_base = ?, acked_mid = 0, revoked = 0 WHERE id = 1`,
		d.DeviceID, token, base+acked)
}

// AckMutations records that the server has applied every mutation up to
// mid, and removes those changes from the outbox.
func (tx *Tx) AckMutations(mid int64) error {
	var base, acked int64
	if err := tx.queryRow(`SELECT mid_base, acked_mid FROM sync_device WHERE id = 1`).Scan(&base, &acked); err != nil {
		if isNoRows(err) {
			return errors.New("this profile is not enrolled with a county server")
		}
		return err
	}
	if mid <= acked {
		return nil
	}
	if err := tx.exec(`UPDATE sync_device SET acked_mid = ? WHERE id = 1`, mid); err != nil {
		return err
	}
	through := base + mid
	if err := tx.TrimOutbox(through); err != nil {
		return err
	}
	// Marks older than the newest one at or below the trimmed point can no
	// longer be the base of any change still to send.
	return tx.exec(`DELETE FROM sync_marks WHERE outbox_seq < (SELECT MAX(m.outbox_seq) FROM sync_marks m
		WHERE m.scope = sync_marks.scope AND m.outbox_seq <= ?)`, through)
}

// MarkRevoked records that the server refused this device's token.
func (tx *Tx) MarkRevoked() error {
	return tx.exec(`UPDATE sync_device SET revoked = 1 WHERE id = 1`)
}

// SyncCursors returns the pull cursor of every scope pulled so far.
func (s *Store) SyncCursors(ctx context.Context) (map[string]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT scope, after FROM sync_cursors`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var scope string
		var after int64
		if err := rows.Scan(&scope, &after); err != nil {
			return nil, err
		}
		out[scope] = after
	}
	return out, rows.Err()
}

// SetSyncCursor advances a scope's pull cursor, in the transaction that
// applies the changes it covers, and remembers that local changes made
// from now on have seen the server up to it.
func (tx *Tx) SetSyncCursor(scope string, after int64) error {
	if err := tx.exec(`INSERT INTO sync_cursors(scope, after) VALUES(?, ?)
		ON CONFLICT(scope) DO UPDATE SET after = excluded.after`, scope, after); err != nil {
		return err
	}
	hw, err := tx.outboxHighWater()
	if err != nil {
		return err
	}
	return tx.exec(`INSERT INTO sync_marks(outbox_seq, scope, after) VALUES(?, ?, ?)
		ON CONFLICT(scope, outbox_seq) DO UPDATE SET after = excluded.after`, hw, scope, after)
}

// SyncBase returns the pull cursor of scope that the local change with
// outbox seq had seen when it was made (0 if none).
func (s *Store) SyncBase(ctx context.Context, scope string, seq int64) (int64, error) {
	var after int64
	err := s.r.QueryRowContext(ctx, `SELECT after FROM sync_marks WHERE scope = ? AND outbox_seq < ?
		ORDER BY outbox_seq DESC LIMIT 1`, scope, seq).Scan(&after)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return after, err
}

// Rejection is a change the server refused. The change stays in effect on
// this laptop (nothing the user typed is thrown away); the rejection keeps
// a copy of it, for the user to read until she dismisses it.
type Rejection struct {
	ID     int64 // local id, for DismissRejection
	MID    int64
	Table  string
	RowID  string
	Code   string // the server's reason as a code the app translates ("" if the server gave none)
	Reason string // the server's reason in its own (English) words
	// Fields is the refused change as it was sent (values opened, yes/no
	// columns as bool), or nil if it had already left the outbox.
	Fields    map[string]data.FieldValue
	At        time.Time
	Dismissed bool
}

// AddRejection records a change the server refused, with a copy of the
// change from the outbox. Call it before AckMutations trims the outbox.
// Recording the same mutation again replaces the earlier record.
func (tx *Tx) AddRejection(r Rejection) error {
	var dev string
	var base int64
	err := tx.queryRow(`SELECT device_id, mid_base FROM sync_device WHERE id = 1`).Scan(&dev, &base)
	if err != nil && !isNoRows(err) {
		return err
	}
	fields := "{}"
	err = tx.queryRow(`SELECT fields FROM outbox WHERE seq = ? AND tbl = ? AND row_id = ?`, base+r.MID, r.Table, r.RowID).Scan(&fields)
	if err != nil && !isNoRows(err) {
		return err
	}
	return tx.exec(`INSERT INTO sync_rejections(device_id, mid, tbl, row_id, code, reason, fields, at, dismissed)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, 0)
		ON CONFLICT(device_id, mid) DO UPDATE SET tbl = excluded.tbl, row_id = excluded.row_id, code = excluded.code,
		reason = excluded.reason, fields = excluded.fields, at = excluded.at, dismissed = 0`,
		dev, r.MID, r.Table, r.RowID, r.Code, r.Reason, fields, formatTime(tx.now))
}

// DismissAllRejections records that the user has read every refused
// change, and returns how many were open.
func (tx *Tx) DismissAllRejections() (int64, error) {
	res, err := tx.tx.ExecContext(tx.ctx, `UPDATE sync_rejections SET dismissed = 1 WHERE dismissed = 0`)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DismissRejection records that the user has read a rejection (by its
// ID); it no longer counts as open. The local change stays as it is.
func (tx *Tx) DismissRejection(id int64) error {
	res, err := tx.tx.ExecContext(tx.ctx, `UPDATE sync_rejections SET dismissed = 1 WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("there is no refused change %d", id)
	}
	return nil
}

// Rejections lists the changes the server refused, newest first; only
// those not yet dismissed if open.
func (s *Store) Rejections(ctx context.Context, open bool) ([]Rejection, error) {
	return s.rejections(ctx, open, -1)
}

// NewestRejections lists at most limit of the refused changes not yet
// dismissed, newest first.
func (s *Store) NewestRejections(ctx context.Context, limit int) ([]Rejection, error) {
	return s.rejections(ctx, true, limit)
}

// rejections lists refused changes, newest first, at most limit (-1: all).
func (s *Store) rejections(ctx context.Context, open bool, limit int) ([]Rejection, error) {
	q := `SELECT id, mid, tbl, row_id, code, reason, fields, at, dismissed FROM sync_rejections`
	if open {
		q += ` WHERE dismissed = 0`
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Rejection
	for rows.Next() {
		var r Rejection
		var at, fields string
		var dismissed int64
		if err := rows.Scan(&r.ID, &r.MID, &r.Table, &r.RowID, &r.Code, &r.Reason, &fields, &at, &dismissed); err != nil {
			return nil, err
		}
		if r.At, err = parseTime(at); err != nil {
			return nil, err
		}
		if fields != "{}" && fields != "" {
			if r.Fields, err = s.openFields(r.Table, fields); err != nil {
				return nil, fmt.Errorf("refused change %d: %w", r.ID, err)
			}
			if def := tableByName[r.Table]; def != nil {
				for col, f := range r.Fields {
					if c := def.byCol[col]; c != nil && c.kind == kindBool {
						f.Value = asInt(f.Value) != 0
						r.Fields[col] = f
					}
				}
			}
		}
		r.Dismissed = dismissed != 0
		out = append(out, r)
	}
	return out, rows.Err()
}

// OpenRejections counts the refused changes not yet dismissed.
func (s *Store) OpenRejections(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM sync_rejections WHERE dismissed = 0`).Scan(&n)
	return n, err
}

// AdoptRestamp makes one field of this replica what the server holds,
// value and timestamp, if the field still carries the timestamp was: the
// server restamped this laptop's future-dated edit, and the laptop's copy
// must not keep winning on its own.
func (tx *Tx) AdoptRestamp(table, id, col, was string, value any, now string) error {
	def := tableByName[table]
	if def == nil {
		return fmt.Errorf("unknown table %q", table)
	}
	var clockStr string
	err := tx.queryRow(`SELECT clocks FROM `+def.Name+` WHERE id = ?`, id).Scan(&clockStr)
	if isNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	cl, err := parseClocks(clockStr)
	if err != nil {
		return err
	}
	if cl.of(col) != was {
		return nil
	}
	if cl["*"] == was {
		// The row was created with the future timestamp, which also
		// stands for columns the insert did not send (the tombstone):
		// list the others explicitly and leave those unstamped, as they
		// are on the server.
		for _, c := range def.cols {
			if _, ok := cl[c.name]; !ok {
				cl[c.name] = was
			}
		}
		delete(cl, "*")
	}
	var val any
	if col == data.DeletedField {
		val = asInt(value)
	} else {
		c := def.byCol[col]
		if c == nil {
			return fmt.Errorf("unknown column %s.%s", table, col)
		}
		if val, err = c.normalizeValue(value); err != nil {
			return err
		}
	}
	sealed, err := tx.s.sealAll(def, map[string]any{col: val})
	if err != nil {
		return err
	}
	cl[col] = now
	if err := tx.putRow(def, id, sealed, cl, false); err != nil {
		return err
	}
	return tx.refreshIfEvent(def, id)
}

// Conflicts lists sync conflicts, oldest first; only unresolved ones if
// open.
func (s *Store) Conflicts(ctx context.Context, open bool) ([]data.Conflict, error) {
	where := `FROM conflicts t WHERE t.deleted = 0`
	if open {
		where += ` AND t.resolved = 0`
	}
	return list[data.Conflict](ctx, s, s.r, where+` ORDER BY t.created_at, t.id`)
}

// ResolveConflict settles a conflict, keeping the winning value
// (data.KeepWinner) or bringing back the other one (data.KeepLoser): the
// field is set again, a deleted record is restored, or the referral gets
// the other status. The resolution is itself an edit that syncs.
func (tx *Tx) ResolveConflict(id, keep, by string) error {
	c, err := GetTx[data.Conflict](tx, id)
	if err != nil {
		return err
	}
	if c.Resolved {
		return fmt.Errorf("conflict %s was already resolved by %s", id, c.ResolvedBy)
	}
	if keep != data.KeepWinner && keep != data.KeepLoser {
		return fmt.Errorf("keep must be %q or %q, not %q", data.KeepWinner, data.KeepLoser, keep)
	}
	if keep == data.KeepLoser {
		if err := tx.bringBack(&c, by); err != nil {
			return err
		}
	}
	c.Resolved, c.Resolution, c.ResolvedBy = true, keep, by
	return tx.Update(&c)
}

// bringBack puts the losing side of a conflict in effect.
func (tx *Tx) bringBack(c *data.Conflict, by string) error {
	switch c.Kind {
	case data.ConflictEditDeleted:
		return tx.restore(c.Table, c.RowID)
	case data.ConflictReferralStatus:
		var status string
		if err := json.Unmarshal([]byte(c.LoserValue), &status); err != nil {
			return fmt.Errorf("conflict %s: %w", c.ID, err)
		}
		_, err := tx.SetReferralStatus(c.RowID, status, by, "")
		return err
	case data.ConflictField:
		var val any
		if err := json.Unmarshal([]byte(c.LoserValue), &val); err != nil {
			return fmt.Errorf("conflict %s: %w", c.ID, err)
		}
		return tx.setField(c.Table, c.RowID, c.Column, val)
	}
	return fmt.Errorf("conflict %s has unknown kind %q", c.ID, c.Kind)
}

// setField writes one column of a live row as a new local edit.
func (tx *Tx) setField(table, id, col string, val any) error {
	def := tableByName[table]
	if def == nil || def.byCol[col] == nil {
		return fmt.Errorf("unknown column %s.%s", table, col)
	}
	v, err := def.byCol[col].normalizeValue(val)
	if err != nil {
		return err
	}
	_, cl, err := tx.currentRow(def, id)
	if err != nil {
		return err
	}
	stamp := tx.stamp()
	cl[col] = stamp
	return tx.writeRow(def, id, map[string]any{col: v}, cl, stamp, false)
}

// restore undeletes a row as a new local edit.
func (tx *Tx) restore(table, id string) error {
	def := tableByName[table]
	if def == nil {
		return fmt.Errorf("unknown table %q", table)
	}
	var clockStr string
	if err := tx.queryRow(`SELECT clocks FROM `+def.Name+` WHERE id = ?`, id).Scan(&clockStr); err != nil {
		if isNoRows(err) {
			return &data.NotFoundError{Kind: def.Kind, ID: id}
		}
		return err
	}
	cl, err := parseClocks(clockStr)
	if err != nil {
		return err
	}
	stamp := tx.stamp()
	cl[data.DeletedField] = stamp
	if err := tx.writeRow(def, id, map[string]any{data.DeletedField: int64(0)}, cl, stamp, false); err != nil {
		return err
	}
	return tx.refreshIfEvent(def, id)
}

// refreshIfEvent recomputes a referral's derived status after one of its
// status events changed outside the usual insert.
func (tx *Tx) refreshIfEvent(def *tableDef, id string) error {
	if def.Name != "referral_events" {
		return nil
	}
	var refID string
	if err := tx.queryRow(`SELECT referral_id FROM referral_events WHERE id = ?`, id).Scan(&refID); err != nil {
		return err
	}
	return tx.refreshReferralState(refID)
}
