package countydb

import (
	"context"
	"fmt"
	"sort"
	"strings"
	gosync "sync"
	"trellis/sync"
)

// The change-log tail cache. When many devices sync at once they all ask
// for the changes just written; reading those back from the database for
// every device costs more than anything else a pull does (the rows are
// scattered, and on SQLite every commit empties the readers' page caches).
// So the storage keeps, per scope, the newest entries it committed itself,
// and answers a pull from them after checking with one index-only query
// that the database holds exactly those entries after the device's cursor:
// the same number of them, up to the same highest sequence number. An
// entry another process (another server, an import run from the command
// line) committed makes the counts differ, and the pull reads the database
// as before.

// tailSize is how many of a scope's newest entries are kept.
const tailSize = 1000

// scopeTail is the cached tail of one scope's change log.
type scopeTail struct {
	// low is a sequence number from which on every entry this storage
	// committed is in entries (or was dropped, which raises low): cursors
	// below it are not worth checking.
	low     int64
	entries []StoredChange // in sequence order
}

// tailCache is the cache of every scope's tail.
type tailCache struct {
	mu     gosync.Mutex
	scopes map[string]*scopeTail
}

// tailEntry is a change-log entry written in a transaction, with its scope.
type tailEntry struct {
	scope string
	StoredChange
}

// known reports whether scope has a tail yet.
func (c *tailCache) known(scope string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.scopes[scope]
	return ok
}

// add records the entries of a committed transaction. lows holds, for a
// scope not cached yet, the highest sequence number it had before the
// transaction.
func (c *tailCache) add(entries []tailEntry, lows map[string]int64) {
	if len(entries) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.scopes == nil {
		c.scopes = map[string]*scopeTail{}
	}
	for _, e := range entries {
		t := c.scopes[e.scope]
		if t == nil {
			low, ok := lows[e.scope]
			if !ok {
				continue // not known when the transaction began: start with a later one
			}
			t = &scopeTail{low: low}
			c.scopes[e.scope] = t
		}
		// Transactions on different connections may finish in another
		// order than their locks were taken: keep the entries sorted.
		i := len(t.entries)
		for i > 0 && t.entries[i-1].Seq > e.Seq {
			i--
		}
		t.entries = append(t.entries, StoredChange{})
		copy(t.entries[i+1:], t.entries[i:])
		t.entries[i] = e.StoredChange
		if drop := len(t.entries) - tailSize; drop > 0 {
			t.low = max(t.low, t.entries[drop-1].Seq)
			t.entries = append(t.entries[:0:0], t.entries[drop:]...)
		}
	}
}

// after returns the cached entries of scope with after < seq <= upTo, or
// false if the cursor is older than what the cache can answer for.
func (c *tailCache) after(scope string, after, upTo int64) ([]StoredChange, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.scopes[scope]
	if t == nil || after < t.low {
		return nil, false
	}
	i := sort.Search(len(t.entries), func(i int) bool { return t.entries[i].Seq > after })
	j := sort.Search(len(t.entries), func(i int) bool { return t.entries[i].Seq > upTo })
	if j < i { // nothing after the cursor (upTo is 0 then)
		j = i
	}
	return t.entries[i:j:j], true
}

// cachedChanges answers the cursors it can from the tail cache: for each
// cursor, the entries and true, or nil and false when the database must
// be read.
func (s *DB) cachedChanges(ctx context.Context, cursors []sync.ScopeCursor, limit int) ([][]StoredChange, []bool, error) {
	pages := make([][]StoredChange, len(cursors))
	ok := make([]bool, len(cursors))
	var q strings.Builder
	var args []any
	var ask []int
	for i, c := range cursors {
		s.tail.mu.Lock()
		t := s.tail.scopes[c.Scope]
		eligible := t != nil && c.After >= t.low
		s.tail.mu.Unlock()
		if !eligible {
			continue
		}
		if len(ask) > 0 {
			q.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&q, `SELECT %d, COUNT(*), COALESCE(MAX(seq), 0) FROM sync_changes WHERE scope = ? AND seq > ?`, i)
		args = append(args, c.Scope, c.After)
		ask = append(ask, i)
	}
	if len(ask) == 0 {
		return pages, ok, nil
	}
	rows, err := s.r.QueryContext(ctx, s.d.rebind(q.String()), args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var i, n int
		var upTo int64
		if err := rows.Scan(&i, &n, &upTo); err != nil {
			return nil, nil, err
		}
		if i < 0 || i >= len(cursors) {
			return nil, nil, fmt.Errorf("the change-log count returned cursor %d of %d", i, len(cursors))
		}
		cached, found := s.tail.after(cursors[i].Scope, cursors[i].After, upTo)
		if !found || len(cached) != n {
			continue // someone else wrote too, or the cache moved on: read the database
		}
		if len(cached) > limit {
			cached = cached[:limit]
		}
		pages[i], ok[i] = cached, true
	}
	return pages, ok, rows.Err()
}
