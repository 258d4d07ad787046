package store

import (
	"context"
	"sort"
	"strings"
	"sync"

	"trellis/data"
	"trellis/data/textsearch"
)

// FamilySummary is what a list of families shows for each one.
type FamilySummary struct {
	ID                string
	Name              string
	HomeLanguage      string
	InterpreterNeeded bool
	ZIP               string
	Navigator         string
	Caregivers        []string       // display names
	Children          []ChildSummary // youngest last
}

// ChildSummary is a child as a family list shows it.
type ChildSummary struct {
	ID        string
	Name      string
	BirthDate data.Date
}

// FamilyPage is one page of a family search.
type FamilyPage struct {
	Total int // families matching, on every page
	Items []FamilySummary
}

// familyIndex keeps every live family's searchable text in memory, so that
// search-as-you-type over ten thousand families needs no query and no
// plaintext names are written to an index on disk. It is rebuilt when the
// families generation in meta changes (any write to households or members,
// from this process or another).
type familyIndex struct {
	store *Store
	mu    sync.Mutex
	gen   string
	items []familyEntry // sorted by folded name
}

type familyEntry struct {
	sum  FamilySummary
	doc  textsearch.Doc
	sort string
}

// generation returns the current generation counter of a group.
func (s *Store) generation(ctx context.Context, g group) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, metaGen+string(g)).Scan(&v)
	if isNoRows(err) {
		return "0", nil
	}
	return v, err
}

// current returns the index's entries, rebuilding them first if stale.
func (ix *familyIndex) current(ctx context.Context) ([]familyEntry, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	gen, err := ix.store.generation(ctx, groupFamilies)
	if err != nil {
		return nil, err
	}
	if ix.items != nil && gen == ix.gen {
		return ix.items, nil
	}
	items, err := ix.load(ctx)
	if err != nil {
		return nil, err
	}
	ix.items, ix.gen = items, gen
	return items, nil
}

func (ix *familyIndex) load(ctx context.Context) ([]familyEntry, error) {
	s := ix.store
	households, err := list[data.Household](ctx, s, s.r, `FROM households t WHERE t.deleted = 0`)
	if err != nil {
		return nil, err
	}
	members, err := list[data.Member](ctx, s, s.r, `FROM members t WHERE t.deleted = 0 ORDER BY t.household_id, t.birth_date`)
	if err != nil {
		return nil, err
	}
	byHousehold := make(map[string][]data.Member, len(households))
	for _, m := range members {
		byHousehold[m.HouseholdID] = append(byHousehold[m.HouseholdID], m)
	}
	items := make([]familyEntry, 0, len(households))
	for _, h := range households {
		sum := FamilySummary{ID: h.ID, Name: h.Name, HomeLanguage: h.HomeLanguage,
			InterpreterNeeded: h.InterpreterNeeded, ZIP: h.ZIP, Navigator: h.Navigator}
		texts := []string{h.Name}
		ms := byHousehold[h.ID]
		// Children oldest first.
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].BirthDate.Before(ms[j].BirthDate) })
		for _, m := range ms {
			texts = append(texts, m.DisplayName())
			if m.Role == data.RoleChild {
				sum.Children = append(sum.Children, ChildSummary{ID: m.ID, Name: m.DisplayName(), BirthDate: m.BirthDate})
			} else {
				sum.Caregivers = append(sum.Caregivers, m.DisplayName())
			}
		}
		texts = append(texts, digitsOnly(h.Phone), h.ZIP, h.Email)
		items = append(items, familyEntry{sum: sum, doc: textsearch.NewDoc(texts...), sort: textsearch.Fold(h.Name) + "\x00" + h.ID})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].sort < items[j].sort })
	return items, nil
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SearchFamilies finds families whose name, members' names, phone, ZIP or
// e-mail match query (every word must match; accents and case do not
// matter), best matches first, or all families by name for an empty query.
// It returns the page of limit families starting at offset.
func (s *Store) SearchFamilies(ctx context.Context, query string, offset, limit int) (FamilyPage, error) {
	return s.searchFamilies(ctx, nil, query, offset, limit)
}

// searchFamilies is SearchFamilies over the families keep accepts (nil:
// every family).
func (s *Store) searchFamilies(ctx context.Context, keep func(*FamilySummary) bool, query string, offset, limit int) (FamilyPage, error) {
	items, err := s.families.current(ctx)
	if err != nil {
		return FamilyPage{}, err
	}
	q := textsearch.ParseQuery(query)
	if d := digitsOnly(query); len(d) >= 3 && len(d) == len(strings.Join(strings.Fields(query), "")) {
		// A phone number typed with or without separators.
		q = textsearch.ParseQuery(d)
	}
	type hit struct {
		i     int
		score int
	}
	var hits []hit
	for i := range items {
		if keep != nil && !keep(&items[i].sum) {
			continue
		}
		if ok, score := q.Match(items[i].doc); ok {
			hits = append(hits, hit{i, score})
		}
	}
	if !q.Empty() {
		sort.SliceStable(hits, func(a, b int) bool { return hits[a].score > hits[b].score })
	}
	page := FamilyPage{Total: len(hits)}
	for _, h := range window(hits, offset, limit) {
		page.Items = append(page.Items, items[h.i].sum)
	}
	return page, nil
}

// window returns the slice of xs from offset, at most limit long (limit
// <= 0 means no limit).
func window[T any](xs []T, offset, limit int) []T {
	if offset < 0 {
		offset = 0
	}
	if offset >= len(xs) {
		return nil
	}
	xs = xs[offset:]
	if limit > 0 && limit < len(xs) {
		xs = xs[:limit]
	}
	return xs
}

// Household reads one family.
func (s *Store) Household(ctx context.Context, id string) (data.Household, error) {
	return get[data.Household](ctx, s, s.r, id)
}

// Members lists a family's caregivers (first) and children (oldest first).
func (s *Store) Members(ctx context.Context, householdID string) ([]data.Member, error) {
	ms, err := list[data.Member](ctx, s, s.r, `FROM members t WHERE t.household_id = ? AND t.deleted = 0 ORDER BY t.role, t.id`, householdID)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Role != ms[j].Role {
			return ms[i].Role == data.RoleCaregiver
		}
		return ms[i].BirthDate.Before(ms[j].BirthDate)
	})
	return ms, nil
}

// Contacts lists a family's contact log, newest first.
func (s *Store) Contacts(ctx context.Context, householdID string) ([]data.Contact, error) {
	return list[data.Contact](ctx, s, s.r, `FROM contacts t WHERE t.household_id = ? AND t.deleted = 0 ORDER BY t.at DESC`, householdID)
}

// Screenings lists a family's screenings, newest first.
func (s *Store) Screenings(ctx context.Context, householdID string) ([]data.Screening, error) {
	return list[data.Screening](ctx, s, s.r, `FROM screenings t WHERE t.household_id = ? AND t.deleted = 0 ORDER BY t.screened_on DESC`, householdID)
}

// FollowUps lists a family's follow-ups, open ones first by due date.
func (s *Store) FollowUps(ctx context.Context, householdID string) ([]data.FollowUp, error) {
	return list[data.FollowUp](ctx, s, s.r, `FROM followups t WHERE t.household_id = ? AND t.deleted = 0
		ORDER BY t.done_at != '', t.due_on`, householdID)
}

// FollowUpsDue lists open follow-ups due on or before the given day,
// oldest first: what the Today screen shows.
func (s *Store) FollowUpsDue(ctx context.Context, on data.Date) ([]data.FollowUp, error) {
	return list[data.FollowUp](ctx, s, s.r, `FROM followups t WHERE t.done_at = '' AND t.deleted = 0
		AND t.due_on <= ? ORDER BY t.due_on, t.id`, on.String())
}

// MarkOpened remembers that the navigator opened a family just now, for the
// "recently opened" list. It is local to this laptop and not synced.
func (s *Store) MarkOpened(ctx context.Context, householdID string) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO recent_families(household_id, opened_at) VALUES(?, ?)
		ON CONFLICT(household_id) DO UPDATE SET opened_at = excluded.opened_at`, householdID, formatTime(s.now()))
	return err
}

// RecentFamilies returns the families opened most recently, newest first.
func (s *Store) RecentFamilies(ctx context.Context, n int) ([]data.Household, error) {
	return list[data.Household](ctx, s, s.r, `FROM households t JOIN recent_families r ON r.household_id = t.id
		WHERE t.deleted = 0 ORDER BY r.opened_at DESC LIMIT ?`, n)
}

// Counts says how much the store holds: live families and services.
type Counts struct {
	Families int
	Services int
}

// Count counts the live families and directory services (Today tells a
// new user what to do first while either is none).
func (s *Store) Count(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM households WHERE deleted = 0),
		(SELECT COUNT(*) FROM dir_services WHERE deleted = 0)`).Scan(&c.Families, &c.Services)
	return c, err
}
