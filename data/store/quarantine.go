package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"trellis/data"
)

// Quarantined is a change from the county server that this laptop could
// not apply. The rest of its page was applied; this one is kept here, for
// an administrator to see, and reported to the server.
type Quarantined struct {
	ID    int64 // local id, for DismissQuarantined
	Scope string
	Seq   int64 // its position in the server's change log of Scope
	Table string
	RowID string
	// Problems says what is wrong, by column: data.Code* values ("*" for
	// the change as a whole).
	Problems map[string]string
	// Change is the change's fields as received (JSON).
	Change    string
	At        time.Time
	Reported  bool
	Dismissed bool
}

// ProblemsOf turns a CheckChange error into Quarantined.Problems.
func ProblemsOf(err error) map[string]string {
	var ve *data.ValidationError
	if errors.As(err, &ve) {
		out := map[string]string{}
		for _, f := range ve.Fields {
			out[f.Field] = f.Code
		}
		return out
	}
	return map[string]string{"*": data.CodeInvalidType}
}

func encodeProblems(p map[string]string) string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + p[k]
	}
	return strings.Join(parts, ",")
}

func decodeProblems(s string) map[string]string {
	out := map[string]string{}
	for _, part := range strings.Split(s, ",") {
		if k, v, ok := strings.Cut(part, "="); ok {
			out[k] = v
		}
	}
	return out
}

// Quarantine keeps a change that cannot be applied (recording it again
// replaces the earlier record).
func (tx *Tx) Quarantine(q Quarantined) error {
	sealed, err := tx.s.codec.Seal(q.Change)
	if err != nil {
		return err
	}
	return tx.exec(`INSERT INTO sync_quarantine(scope, seq, tbl, row_id, change, problems, at) VALUES(?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(scope, seq) DO UPDATE SET tbl = excluded.tbl, row_id = excluded.row_id, change = excluded.change,
		problems = excluded.problems, at = excluded.at`,
		q.Scope, q.Seq, q.Table, q.RowID, sealed, encodeProblems(q.Problems), formatTime(tx.now))
}

// QuarantinedChanges lists the changes kept in quarantine, newest first;
// only those not yet dismissed if open, only those not yet reported to the
// server if unreported.
func (s *Store) QuarantinedChanges(ctx context.Context, open, unreported bool) ([]Quarantined, error) {
	q := `SELECT id, scope, seq, tbl, row_id, change, problems, at, reported, dismissed FROM sync_quarantine WHERE 1 = 1`
	if open {
		q += ` AND dismissed = 0`
	}
	if unreported {
		q += ` AND reported = 0`
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY at DESC, id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Quarantined
	for rows.Next() {
		var c Quarantined
		var change, problems, at string
		var reported, dismissed int64
		if err := rows.Scan(&c.ID, &c.Scope, &c.Seq, &c.Table, &c.RowID, &change, &problems, &at, &reported, &dismissed); err != nil {
			return nil, err
		}
		if c.Change, err = s.codec.Open(change); err != nil {
			return nil, fmt.Errorf("quarantined change %d: %w", c.ID, err)
		}
		if c.At, err = parseTime(at); err != nil {
			return nil, err
		}
		c.Problems = decodeProblems(problems)
		c.Reported, c.Dismissed = reported != 0, dismissed != 0
		out = append(out, c)
	}
	return out, rows.Err()
}

// OpenQuarantined counts the quarantined changes not yet dismissed.
func (s *Store) OpenQuarantined(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM sync_quarantine WHERE dismissed = 0`).Scan(&n)
	return n, err
}

// MarkQuarantineReported records that the server was told of these
// quarantined changes.
func (tx *Tx) MarkQuarantineReported(ids []int64) error {
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	return tx.exec(`UPDATE sync_quarantine SET reported = 1 WHERE id IN (SELECT value FROM json_each(?))`, string(list))
}

// DismissQuarantined records that an administrator has seen a quarantined
// change; it stays kept but no longer counts as open.
func (tx *Tx) DismissQuarantined(id int64) error {
	res, err := tx.tx.ExecContext(tx.ctx, `UPDATE sync_quarantine SET dismissed = 1 WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("there is no quarantined change %d", id)
	}
	return nil
}
