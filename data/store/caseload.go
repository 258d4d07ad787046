package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"trellis/data"
)

// A navigator's caseload is the families whose assigned navigator
// (households.navigator, a guarded field) is that navigator. The queries
// here take the navigator's name; "" means the whole organization.

// SearchCaseload is SearchFamilies over one navigator's families ("" for
// every family of the organization).
func (s *Store) SearchCaseload(ctx context.Context, navigator, query string, offset, limit int) (FamilyPage, error) {
	if navigator == "" {
		return s.searchFamilies(ctx, nil, query, offset, limit)
	}
	return s.CaseloadFamilies(ctx, navigator, query, offset, limit)
}

// CaseloadFamilies is SearchFamilies over the families assigned to
// navigator exactly ("": the families no one is assigned to).
func (s *Store) CaseloadFamilies(ctx context.Context, navigator, query string, offset, limit int) (FamilyPage, error) {
	return s.searchFamilies(ctx, func(f *FamilySummary) bool { return f.Navigator == navigator }, query, offset, limit)
}

// FollowUpsDueFor is FollowUpsDue over the families of one navigator ("":
// the whole organization).
func (s *Store) FollowUpsDueFor(ctx context.Context, on data.Date, navigator string) ([]data.FollowUp, error) {
	if navigator == "" {
		return s.FollowUpsDue(ctx, on)
	}
	return list[data.FollowUp](ctx, s, s.r, `FROM followups t JOIN households h ON h.id = t.household_id
		WHERE t.done_at = '' AND t.deleted = 0 AND t.due_on <= ? AND h.navigator = ?
		ORDER BY t.due_on, t.id`, on.String(), navigator)
}

// Caseload is one navigator's share of the organization's work, as a
// supervisor sees it.
type Caseload struct {
	Navigator      string // "" for families no one is assigned to
	Families       int
	OpenFollowUps  int
	Overdue        int // open follow-ups due before today
	StaleReferrals int // open referrals with no update since the stale time
}

// Caseloads counts, for each navigator with at least one family, the
// families assigned, their open and overdue follow-ups (as of today) and
// their open referrals with no news since staleSince; by navigator name.
func (s *Store) Caseloads(ctx context.Context, today data.Date, staleSince time.Time) ([]Caseload, error) {
	rows, err := s.r.QueryContext(ctx, `
		WITH fams AS (SELECT id, navigator FROM households WHERE deleted = 0),
		fu AS (SELECT f.household_id, COUNT(*) AS open, SUM(f.due_on < ?) AS overdue
			FROM followups f WHERE f.deleted = 0 AND f.done_at = '' GROUP BY f.household_id),
		st AS (SELECT r.household_id, COUNT(*) AS stale FROM referrals r
			JOIN referral_state rs ON rs.referral_id = r.id
			WHERE r.deleted = 0 AND rs.status NOT IN ('completed', 'rejected', 'cancelled', 'failed')
			AND rs.status_at < ? GROUP BY r.household_id)
		SELECT fams.navigator, COUNT(*), COALESCE(SUM(fu.open), 0), COALESCE(SUM(fu.overdue), 0), COALESCE(SUM(st.stale), 0)
		FROM fams LEFT JOIN fu ON fu.household_id = fams.id LEFT JOIN st ON st.household_id = fams.id
		GROUP BY fams.navigator`, today.String(), formatTime(staleSince))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Caseload
	for rows.Next() {
		var c Caseload
		if err := rows.Scan(&c.Navigator, &c.Families, &c.OpenFollowUps, &c.Overdue, &c.StaleReferrals); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return strings.ToLower(out[i].Navigator) < strings.ToLower(out[j].Navigator)
	})
	return out, rows.Err()
}

// Navigators lists the names of the navigators families are assigned to,
// sorted.
func (s *Store) Navigators(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT navigator FROM households WHERE deleted = 0 AND navigator != ''`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i]) < strings.ToLower(out[j]) })
	return out, rows.Err()
}

// MaxReassign is the most families one reassignment may move.
const MaxReassign = 10000

// Reassign assigns the given families to navigator, in one transaction:
// either every family is moved or none is. A family already assigned to
// navigator is left alone (no change to sync). It returns how many
// families changed hands. The navigator field is guarded, so two laptops
// reassigning the same family differently become a conflict to review.
func (tx *Tx) Reassign(householdIDs []string, navigator string) (int, error) {
	navigator = strings.TrimSpace(navigator)
	if navigator == "" {
		return 0, &data.ValidationError{Kind: "family", Fields: []data.FieldError{{Field: "navigator", Code: data.CodeRequired}}}
	}
	if len(householdIDs) > MaxReassign {
		return 0, fmt.Errorf("at most %d families can be reassigned at once, not %d", MaxReassign, len(householdIDs))
	}
	moved := 0
	seen := map[string]bool{}
	for _, id := range householdIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		h, err := GetTx[data.Household](tx, id)
		if err != nil {
			return 0, err
		}
		if h.Navigator == navigator {
			continue
		}
		h.Navigator = navigator
		if err := tx.Update(&h); err != nil {
			return 0, err
		}
		moved++
	}
	return moved, nil
}
