package store

import (
	"context"
	"sort"
	"strings"
	"time"

	"trellis/data"
)

// ReferralFilter selects referrals. Zero fields do not filter.
type ReferralFilter struct {
	ID          string
	HouseholdID string
	ServiceID   string
	Navigator   string    // only the families assigned to this navigator
	Statuses    []string  // any of these current statuses
	Open        bool      // only referrals not in a closed status
	StaleSince  time.Time // only open referrals with no update since this time
	Offset      int
	Limit       int
}

// ReferralSummary is a referral with its derived status and the names a
// list shows.
type ReferralSummary struct {
	data.Referral
	HouseholdName string
	ServiceName   string
	ChildName     string
}

// Referrals lists referrals, the ones updated longest ago first.
func (s *Store) Referrals(ctx context.Context, f ReferralFilter) ([]ReferralSummary, error) {
	var where []string
	var args []any
	where = append(where, "t.deleted = 0")
	if f.ID != "" {
		where, args = append(where, "t.id = ?"), append(args, f.ID)
	}
	if f.HouseholdID != "" {
		where, args = append(where, "t.household_id = ?"), append(args, f.HouseholdID)
	}
	if f.ServiceID != "" {
		where, args = append(where, "t.service_id = ?"), append(args, f.ServiceID)
	}
	if f.Navigator != "" {
		where, args = append(where, "h.navigator = ?"), append(args, f.Navigator)
	}
	if len(f.Statuses) > 0 {
		where = append(where, "rs.status IN (?"+strings.Repeat(", ?", len(f.Statuses)-1)+")")
		for _, st := range f.Statuses {
			args = append(args, st)
		}
	}
	if f.Open || !f.StaleSince.IsZero() {
		where = append(where, "rs.status NOT IN ('completed', 'rejected', 'cancelled', 'failed')")
	}
	if !f.StaleSince.IsZero() {
		where, args = append(where, "rs.status_at < ?"), append(args, formatTime(f.StaleSince))
	}
	q := `SELECT ` + tableByName["referrals"].selectCols("t") + `, rs.status, rs.status_at, rs.started_at,
		COALESCE(h.name, ''), COALESCE(sv.name, ''), COALESCE(m.given_name, ''), COALESCE(m.family_name, '')
		FROM referrals t
		JOIN referral_state rs ON rs.referral_id = t.id
		LEFT JOIN households h ON h.id = t.household_id
		LEFT JOIN dir_services sv ON sv.id = t.service_id
		LEFT JOIN members m ON m.id = t.child_id
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY rs.status_at, t.id`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	def := tableByName["referrals"]
	var out []ReferralSummary
	nameCol := tableByName["households"].byCol["name"]
	givenCol := tableByName["members"].byCol["given_name"]
	for rows.Next() {
		var r ReferralSummary
		extra, err := s.scanInto(def, rows, reflectValue(&r.Referral), 7)
		if err != nil {
			return nil, err
		}
		r.Status = asString(extra[0])
		if r.StatusAt, err = parseTime(asString(extra[1])); err != nil {
			return nil, err
		}
		if r.StartedAt, err = parseTime(asString(extra[2])); err != nil {
			return nil, err
		}
		hn, err := s.open(nameCol, extra[3])
		if err != nil {
			return nil, err
		}
		r.HouseholdName, r.ServiceName = asString(hn), asString(extra[4])
		given, err := s.open(givenCol, extra[5])
		if err != nil {
			return nil, err
		}
		family, err := s.open(givenCol, extra[6])
		if err != nil {
			return nil, err
		}
		r.ChildName = strings.TrimSpace(asString(given) + " " + asString(family))
		out = append(out, r)
	}
	return out, rows.Err()
}

// Referral reads one referral with its derived status.
func (s *Store) Referral(ctx context.Context, id string) (ReferralSummary, error) {
	rs, err := s.Referrals(ctx, ReferralFilter{ID: id})
	if err != nil {
		return ReferralSummary{}, err
	}
	if len(rs) == 0 {
		return ReferralSummary{}, &data.NotFoundError{Kind: "referral", ID: id}
	}
	return rs[0], nil
}

// ReferralHistory returns a referral's status events, oldest first.
func (s *Store) ReferralHistory(ctx context.Context, referralID string) ([]data.ReferralEvent, error) {
	return list[data.ReferralEvent](ctx, s, s.r, `FROM referral_events t WHERE t.referral_id = ? AND t.deleted = 0 ORDER BY t.at, t.id`, referralID)
}

// Report is the county's summary of the work: referrals by status, families
// by home language, and how long families wait for services to start.
type Report struct {
	Families             int
	Children             int
	Referrals            int
	ByStatus             map[string]int
	ByLanguage           map[string]int // families by home language
	StartedReferrals     int            // referrals whose services started
	MedianDaysToServices float64        // from referral to services starting; 0 if none started
	ScreeningsByOutcome  map[string]int
	OpenFollowUps        int
	OverdueFollowUps     int
}

// Report computes the summary from the whole store.
func (s *Store) Report(ctx context.Context) (Report, error) {
	rep := Report{ByStatus: map[string]int{}, ByLanguage: map[string]int{}, ScreeningsByOutcome: map[string]int{}}
	counts := []struct {
		q   string
		dst *int
	}{
		{`SELECT COUNT(*) FROM households WHERE deleted = 0`, &rep.Families},
		{`SELECT COUNT(*) FROM members WHERE deleted = 0 AND role = 'child'`, &rep.Children},
		{`SELECT COUNT(*) FROM referrals WHERE deleted = 0`, &rep.Referrals},
		{`SELECT COUNT(*) FROM followups WHERE deleted = 0 AND done_at = ''`, &rep.OpenFollowUps},
	}
	for _, c := range counts {
		if err := s.r.QueryRowContext(ctx, c.q).Scan(c.dst); err != nil {
			return rep, err
		}
	}
	today := data.DateOf(s.now()).String()
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM followups WHERE deleted = 0 AND done_at = '' AND due_on < ?`, today).Scan(&rep.OverdueFollowUps); err != nil {
		return rep, err
	}
	groups := []struct {
		q   string
		dst map[string]int
	}{
		{`SELECT rs.status, COUNT(*) FROM referral_state rs JOIN referrals r ON r.id = rs.referral_id AND r.deleted = 0 GROUP BY rs.status`, rep.ByStatus},
		{`SELECT home_language, COUNT(*) FROM households WHERE deleted = 0 GROUP BY home_language`, rep.ByLanguage},
		{`SELECT outcome, COUNT(*) FROM screenings WHERE deleted = 0 GROUP BY outcome`, rep.ScreeningsByOutcome},
	}
	for _, g := range groups {
		rows, err := s.r.QueryContext(ctx, g.q)
		if err != nil {
			return rep, err
		}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return rep, err
			}
			g.dst[k] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return rep, err
		}
	}
	rows, err := s.r.QueryContext(ctx, `SELECT r.created_at, rs.started_at FROM referral_state rs
		JOIN referrals r ON r.id = rs.referral_id AND r.deleted = 0 WHERE rs.started_at != ''`)
	if err != nil {
		return rep, err
	}
	defer rows.Close()
	var days []float64
	for rows.Next() {
		var created, started string
		if err := rows.Scan(&created, &started); err != nil {
			return rep, err
		}
		c, err1 := parseTime(created)
		st, err2 := parseTime(started)
		if err1 != nil || err2 != nil {
			continue
		}
		days = append(days, float64(int(st.Sub(c).Hours()/24)))
	}
	rep.StartedReferrals = len(days)
	rep.MedianDaysToServices = median(days)
	return rep, rows.Err()
}

// median returns the median of xs, or 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// TimelineEntry is one item of a family's timeline.
type TimelineEntry struct {
	At        time.Time
	Kind      string // "contact", "screening", "referral", "referral_status", "followup", "material"
	Contact   *data.Contact
	Screening *data.Screening
	Referral  *ReferralSummary
	Event     *data.ReferralEvent
	FollowUp  *data.FollowUp
	Given     *data.MaterialGiven
}

// Timeline returns a family's contacts, screenings, referrals (with their
// status changes), follow-ups and materials given as one list, newest
// first.
func (s *Store) Timeline(ctx context.Context, householdID string) ([]TimelineEntry, error) {
	var out []TimelineEntry
	contacts, err := s.Contacts(ctx, householdID)
	if err != nil {
		return nil, err
	}
	for i := range contacts {
		out = append(out, TimelineEntry{At: contacts[i].At, Kind: "contact", Contact: &contacts[i]})
	}
	screenings, err := s.Screenings(ctx, householdID)
	if err != nil {
		return nil, err
	}
	for i := range screenings {
		out = append(out, TimelineEntry{At: screenings[i].On.Time(), Kind: "screening", Screening: &screenings[i]})
	}
	refs, err := s.Referrals(ctx, ReferralFilter{HouseholdID: householdID})
	if err != nil {
		return nil, err
	}
	for i := range refs {
		r := &refs[i]
		out = append(out, TimelineEntry{At: r.CreatedAt, Kind: "referral", Referral: r})
		events, err := s.ReferralHistory(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		for j := range events {
			if j == 0 && events[j].At.Equal(r.CreatedAt) {
				continue // the referral's own first status
			}
			out = append(out, TimelineEntry{At: events[j].At, Kind: "referral_status", Referral: r, Event: &events[j]})
		}
	}
	fus, err := s.FollowUps(ctx, householdID)
	if err != nil {
		return nil, err
	}
	for i := range fus {
		out = append(out, TimelineEntry{At: fus[i].Due.Time(), Kind: "followup", FollowUp: &fus[i]})
	}
	given, err := s.MaterialsGiven(ctx, householdID)
	if err != nil {
		return nil, err
	}
	for i := range given {
		out = append(out, TimelineEntry{At: given[i].GivenAt, Kind: "material", Given: &given[i]})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, nil
}
