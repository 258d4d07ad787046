package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"trellis/data/store"
	"trellis/sync/client"
	"trellis/ui/dialogs"
)

// syncCounts is what the sync chip shows besides the last sync's outcome.
type syncCounts struct {
	enrolled  bool
	revoked   bool
	waiting   int
	conflicts int
	refused   int // changes the server refused, not yet dismissed
	last      time.Time
}

// readSyncCounts reads the enrolment, the changes waiting and the open
// conflicts (off the UI goroutine).
func readSyncCounts(ctx context.Context, st *store.Store) (syncCounts, error) {
	var c syncCounts
	dev, ok, err := st.SyncDevice(ctx)
	if err != nil {
		return c, err
	}
	c.enrolled, c.revoked = ok, ok && dev.Revoked
	if c.waiting, err = st.PendingChanges(ctx, dev.MidBase+dev.AckedMID); err != nil {
		return c, err
	}
	cs, err := st.Conflicts(ctx, true)
	if err != nil {
		return c, err
	}
	c.conflicts = len(cs)
	if c.refused, err = st.OpenRejections(ctx); err != nil {
		return c, err
	}
	c.last, err = client.LastSynced(ctx, st)
	return c, err
}

// syncChipText says in a line whether the app is online, when it last
// synced, how many changes wait and how many conflicts need a decision, and
// what to do when syncing cannot go on by itself.
func (s *Shell) syncChipText(c syncCounts) string {
	if !c.enrolled {
		return s.loc.N("sync.offline_waiting", c.waiting, map[string]any{"Count": s.num(c.waiting)})
	}
	status := s.syncStatus
	if c.revoked || status.Revoked {
		return s.T("sync.revoked_enrol_again")
	}
	parts := []string{s.T("sync.chip_offline")}
	if status.Known && status.Online {
		parts[0] = s.T("sync.chip_online")
	}
	if c.last.IsZero() {
		parts = append(parts, s.T("sync.never"))
	} else {
		parts = append(parts, s.T("sync.last", map[string]any{"When": s.loc.DateTime(c.last.Local())}))
	}
	parts = append(parts, s.T("sync.waiting", map[string]any{"Count": s.num(c.waiting)}),
		s.T("sync.conflicts", map[string]any{"Count": s.num(c.conflicts)}))
	if c.refused > 0 {
		parts = append(parts, s.T("sync.refused", map[string]any{"Count": s.num(c.refused)}))
	}
	if status.Stopped {
		parts = append(parts, s.T("sync.stopped"))
	}
	if errors.Is(status.Err, client.ErrUpgradeRequired) {
		parts = append(parts, dialogs.ErrorText(s.loc, status.Err))
	}
	if status.Skewed {
		parts = append(parts, dialogs.ErrorText(s.loc, client.ErrClockSkew))
	}
	return strings.Join(parts, " | ")
}
