package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	gosync "sync"
	"trellis/data/registry"
	"trellis/sync"
	"trellis/sync/server/countydb"

	"trellis/data"
)

// Group commit: pushes that arrive while a transaction is being committed
// wait in a queue, and the next transaction applies all of them, one after
// another in arrival order, and commits once. A storage transaction costs
// far more than the few statements of a typical push (on PostgreSQL a
// commit waits for the disk, and every push to an organization holds that
// organization's change-log lock), so under many concurrent devices this
// is what keeps latency down. Each push keeps its own meaning: its
// mutation ids are checked against the device's own last id, its
// rejections and conflicts are its own, and the change log still follows
// commit order because the transaction holds the change-log lock of every
// scope it writes.

// defaultPushBatch is how many pushes one transaction takes at most.
const defaultPushBatch = 64

// maxBatchMutations caps the mutations of one group transaction (a single
// larger push still goes in one transaction of its own).
const maxBatchMutations = 2000

// pushJob is one push waiting for its transaction.
type pushJob struct {
	d         countydb.Device
	req       sync.PushRequest
	reply     sync.PushReply
	conflicts []data.Conflict
	err       error
	done      chan struct{}
}

// committer is the queue of pushes waiting to be committed.
type committer struct {
	mu      gosync.Mutex
	queue   []*pushJob
	running bool // a goroutine is committing the queue
}

// applyPush merges a push, in a transaction shared with the pushes that
// arrived at the same time, and waits until it is committed.
func (s *Server) applyPush(d countydb.Device, req sync.PushRequest) (sync.PushReply, error) {
	j := &pushJob{d: d, req: req, done: make(chan struct{})}
	s.commits.mu.Lock()
	s.commits.queue = append(s.commits.queue, j)
	if !s.commits.running {
		s.commits.running = true
		go s.commitQueue()
	}
	s.commits.mu.Unlock()
	<-j.done
	for _, c := range j.conflicts {
		s.log.Info("conflict recorded", "conflict", c.ID, "kind", c.Kind, "table", c.Table, "device", d.ID)
	}
	return j.reply, j.err
}

// commitQueue commits the queue a batch at a time until it is empty.
func (s *Server) commitQueue() {
	for {
		s.commits.mu.Lock()
		n, muts := 0, 0
		for n < len(s.commits.queue) && n < s.maxBatch {
			m := len(s.commits.queue[n].req.Mutations)
			if n > 0 && muts+m > maxBatchMutations {
				break
			}
			muts += m
			n++
		}
		batch := s.commits.queue[:n:n]
		s.commits.queue = s.commits.queue[n:]
		if n == 0 {
			s.commits.queue = nil
			s.commits.running = false
			s.commits.mu.Unlock()
			return
		}
		s.commits.mu.Unlock()
		s.commitBatch(batch)
		for _, j := range batch {
			close(j.done)
		}
	}
}

// commitBatch applies the pushes of batch in one transaction. If that
// transaction fails, each push is tried again in a transaction of its own,
// so that one push's failure is only its own.
func (s *Server) commitBatch(batch []*pushJob) {
	var scopes []string
	seen := map[string]bool{}
	for _, j := range batch {
		for _, sc := range pushScopes(j.d, j.req) {
			if !seen[sc] {
				seen[sc] = true
				scopes = append(scopes, sc)
			}
		}
	}
	// The pushes' own requests may end (a device gives up waiting); what
	// was sent is still applied, and a resend is harmless.
	err := s.st.Update(context.Background(), scopes, func(tx countydb.Tx) (err error) {
		// A panic here would otherwise end the server (this is not a
		// request's goroutine) and leave the transaction open: it fails
		// the group instead, and then only the push that caused it.
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("applying a push failed: %v", r)
			}
		}()
		if p, ok := tx.(countydb.GroupPreparer); ok {
			if err := prepareGroup(p, batch); err != nil {
				return err
			}
		}
		for _, j := range batch {
			j.reply, j.conflicts, j.err = sync.PushReply{}, nil, nil
			var refused *httpError
			if err := s.applyPushTx(tx, j); errors.As(err, &refused) && refused.wroteNothing {
				j.err = err // refused before it wrote anything: the others go on
			} else if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && len(batch) > 1 {
		for _, j := range batch {
			s.commitBatch([]*pushJob{j})
		}
		return
	}
	now := s.serverTime()
	for _, j := range batch {
		if err != nil {
			j.err, j.conflicts = err, nil
		}
		j.reply.ServerTime = now
	}
}

// pushScopes are the change-log scopes a push may write: its tables',
// and its organization's, where conflicts go.
func pushScopes(d countydb.Device, req sync.PushRequest) []string {
	scopes := []string{tableScope(registry.Lookup("conflicts"), d)}
	for _, m := range req.Mutations {
		t := registry.Lookup(m.Table)
		if t == nil {
			continue
		}
		for _, sc := range []string{tableScope(t, d), alsoScope(t, m)} {
			if sc != "" && !slices.Contains(scopes, sc) {
				scopes = append(scopes, sc)
			}
		}
	}
	return scopes
}

// applyPushTx merges one push inside tx. A push whose mutation ids leave a
// gap is refused whole, before anything is written.
func (s *Server) applyPushTx(tx countydb.Tx, j *pushJob) error {
	d, req := j.d, j.req
	reply := sync.PushReply{Rejected: []sync.Rejected{}, Conflicts: []string{}}
	stored, err := tx.LastMID(d.ID)
	if err != nil {
		return err
	}
	last, next := stored, stored
	for _, m := range req.Mutations {
		if m.MID <= next {
			continue // already applied: resending is harmless
		}
		if m.MID != next+1 {
			he := fail(http.StatusConflict, sync.CodeMIDGap, "changes are missing: expected change %d, got %d", next+1, m.MID)
			he.reply.AckedMID = stored
			he.wroteNothing = true
			return he
		}
		next = m.MID
	}
	if err := checkResends(tx, d.ID, stored, req.Mutations); err != nil {
		return err
	}
	by := sync.Author{Device: d.ID, User: d.UserName}
	for _, m := range req.Mutations {
		if m.MID <= last {
			continue
		}
		// Before applying, which may restamp the fields.
		if err := tx.AddMutationPrint(d.ID, m.MID, m.Fingerprint()); err != nil {
			return err
		}
		refused, conflicts, err := s.applyMutation(tx, d, by, m)
		if err != nil {
			return err
		}
		if refused.Code != "" {
			refused.MID, refused.Table, refused.Row = m.MID, m.Table, m.Row
			reply.Rejected = append(reply.Rejected, refused)
		}
		for _, c := range conflicts {
			reply.Conflicts = append(reply.Conflicts, c.ID)
		}
		j.conflicts = append(j.conflicts, conflicts...)
		last = m.MID
	}
	// Acknowledge what the push carried, no further: a copied profile
	// resending changes its original sent long ago must not be told that
	// changes it has not sent yet were applied.
	reply.AckedMID = last
	if n := len(req.Mutations); n > 0 && last == stored {
		reply.AckedMID = min(stored, req.Mutations[n-1].MID)
	}
	j.reply = reply
	if last == stored {
		return nil // nothing new
	}
	return tx.SetLastMID(d.ID, last)
}

// checkResends checks the mutations of a push whose ids the device has
// used already (up to stored): each must be a resend of what that id
// carried, or the profile was restored from a backup or copied to another
// laptop and is reusing ids for new changes. Those would be taken for
// resends and lost, so the push is refused whole (CodeMIDReused), saying
// how far it held resends; the device then rejoins as a new device and
// sends the rest. An id applied before the server kept fingerprints has
// none, and counts as reused: a rejoin resends harmlessly what was sent.
func checkResends(tx countydb.Tx, deviceID string, stored int64, muts []sync.Mutation) error {
	if len(muts) == 0 || muts[0].MID > stored {
		return nil
	}
	to := min(stored, muts[len(muts)-1].MID)
	prints, err := tx.MutationPrints(deviceID, muts[0].MID, to)
	if err != nil {
		return err
	}
	for _, m := range muts {
		if m.MID > stored {
			break
		}
		if fp, ok := prints[m.MID]; !ok || fp != m.Fingerprint() {
			he := fail(http.StatusConflict, sync.CodeMIDReused,
				"change %d was applied before with other content: this profile was restored from a backup or copied; it must rejoin", m.MID)
			he.reply.AckedMID = m.MID - 1
			he.wroteNothing = true
			return he
		}
	}
	return nil
}

// prepareGroup reads ahead, in a few queries, the rows and devices a group
// of pushes reads, and takes as many change-log sequence numbers as the
// group has mutations.
func prepareGroup(p countydb.GroupPreparer, batch []*pushJob) error {
	var keys []countydb.RowKey
	devices := make([]string, 0, len(batch))
	for _, j := range batch {
		devices = append(devices, j.d.ID)
		for _, m := range j.req.Mutations {
			keys = append(keys, countydb.RowKey{Table: m.Table, ID: m.Row})
		}
	}
	if err := p.PrefetchLastMIDs(devices); err != nil {
		return err
	}
	if err := p.PrefetchRows(keys); err != nil {
		return err
	}
	return p.ReserveSeqs(len(keys))
}
