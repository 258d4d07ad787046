// Package client is the laptop's side of sync: enrolment, the sync of a
// local store with the county server (push, pull, attachments), and the
// scheduler that syncs in the background (at start, after edits, every few
// minutes, backing off while the server cannot be reached).
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"trellis/sync"

	"trellis/data"
	"trellis/data/hlc"
	"trellis/data/store"
)

// Errors a sync can end with that the app explains in plain words.
var (
	ErrNotEnrolled     = errors.New("this laptop is not enrolled with a county server")
	ErrRevoked         = errors.New("the county server no longer accepts this laptop; ask your administrator")
	ErrUpgradeRequired = errors.New("the county server needs a newer version of Trellis; your changes are kept until you update")
	ErrBadLogin        = errors.New("the user name or password is wrong")
	// ErrClockSkew is not returned by Sync (which corrects for a wrong
	// clock and reports it in Report.ClockSkew); apps show it as a warning.
	ErrClockSkew = errors.New("this computer's clock is wrong; Trellis corrected for it, but please set the clock")
)

// ServerError is an error answer from the server that is not one of the
// errors above.
type ServerError struct {
	Status int
	Reply  sync.ErrorReply
}

func (e *ServerError) Error() string {
	if e.Reply.Message != "" {
		return fmt.Sprintf("the county server answered %d: %s", e.Status, e.Reply.Message)
	}
	return fmt.Sprintf("the county server answered %d", e.Status)
}

// SkewWarning is how far the laptop's clock may be from the server's
// before sync corrects for it and reports it.
const SkewWarning = time.Minute

// metaOffset keeps the measured clock correction across restarts.
const metaOffset = "sync.clock_offset_ms"

// metaLastSync is when the last sync completed.
const metaLastSync = "sync.last_synced"

// Progress is reported while a sync runs.
type Progress struct {
	Phase string // "push", "pull" or "attachments"
	Done  int    // changes (or attachments) done in this phase
	Total int    // known total, or 0 while unknown
}

// Report says what a sync did.
type Report struct {
	Pushed        int           // changes the server acknowledged
	Pulled        int           // changes received
	Rejected      int           // changes the server refused
	Conflicts     int           // conflicts this laptop's changes raised
	ClockSkew     time.Duration // server time minus laptop time, when larger than SkewWarning
	BytesSent     int64         // on the wire (compressed)
	BytesReceived int64
	BlobsUp       int
	BlobsDown     int
}

// Client syncs one local store with the county server it is enrolled with.
type Client struct {
	Store *store.Store
	// HTTP sends requests (nil means a client with a 60 s timeout).
	HTTP *http.Client
	// PushBatch and PullLimit cap the changes per request (0: defaults;
	// for pulls, MaxPullLimit while a scope has never been pulled, so a
	// first sync takes fewer, larger pages).
	PushBatch int
	PullLimit int
	// Progress, if set, is called as the sync advances.
	Progress func(Progress)
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{Timeout: 60 * time.Second}
}

func (c *Client) progress(p Progress) {
	if c.Progress != nil {
		c.Progress(p)
	}
}

// Enroll signs a laptop in with a county server: the user's name and
// password are exchanged for a device id and token, kept in the store.
func Enroll(ctx context.Context, st *store.Store, hc *http.Client, serverURL, user, password, deviceName string) (store.SyncDevice, error) {
	serverURL = strings.TrimRight(serverURL, "/")
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second}
	}
	req := sync.EnrollRequest{User: user, Password: password, DeviceName: deviceName, Node: st.Clock().Node(), SchemaVer: sync.SchemaVersion()}
	var reply sync.EnrollReply
	if _, _, err := Post(ctx, hc, serverURL+"/v1/enroll", "", req, &reply); err != nil {
		var se *ServerError
		if errors.As(err, &se) && se.Status == http.StatusUnauthorized {
			return store.SyncDevice{}, ErrBadLogin
		}
		return store.SyncDevice{}, err
	}
	d := store.SyncDevice{ServerURL: serverURL, DeviceID: reply.DeviceID, Token: reply.Token, OrgID: reply.OrgID,
		OrgName: reply.OrgName, User: user, Role: reply.Role}
	if err := st.Write(ctx, func(tx *store.Tx) error { return tx.Enroll(d) }); err != nil {
		return d, err
	}
	d, _, err := st.SyncDevice(ctx)
	return d, err
}

// Post sends v to url as gzipped JSON, with the device token if there is
// one, and decodes the answer into out (a *PulledReply is decoded by the
// fast pull decoder). It returns the bytes sent and received on the wire.
func Post(ctx context.Context, hc *http.Client, url, token string, v, out any) (sent, received int64, err error) {
	var buf bytes.Buffer
	gz := sync.RequestGzip.Get(&buf)
	err = json.NewEncoder(gz).Encode(v)
	if err == nil {
		err = gz.Close()
	}
	sync.RequestGzip.Put(gz)
	if err != nil {
		return 0, 0, err
	}
	sent = int64(buf.Len())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, &buf)
	if err != nil {
		return sent, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	req.Header.Set("Accept-Encoding", "gzip")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return sent, 0, fmt.Errorf("cannot reach the county server: %w", err)
	}
	defer resp.Body.Close()
	counted := &countingReader{r: resp.Body}
	var rd io.Reader = counted
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := sync.GetGzipReader(counted)
		if err != nil {
			return sent, counted.n, fmt.Errorf("the county server's answer was cut off: %w", err)
		}
		defer sync.PutGzipReader(zr)
		rd = zr
	}
	if resp.StatusCode != http.StatusOK {
		se := &ServerError{Status: resp.StatusCode}
		json.NewDecoder(io.LimitReader(rd, 64<<10)).Decode(&se.Reply)
		switch {
		case resp.StatusCode == http.StatusUpgradeRequired:
			return sent, counted.n, ErrUpgradeRequired
		case resp.StatusCode == http.StatusUnauthorized && token != "":
			return sent, counted.n, fmt.Errorf("%w (%s)", ErrRevoked, se.Reply.Message)
		}
		return sent, counted.n, se
	}
	if pr, ok := out.(*PulledReply); ok {
		// Read whole into a reused buffer, then decoded in one fast pass
		// (which copies what it keeps).
		buf := sync.Buffers.Get().(*bytes.Buffer)
		defer sync.PutBuffer(buf)
		_, err := buf.ReadFrom(rd)
		if err == nil {
			err = decodePulled(buf.Bytes(), pr)
		}
		if err != nil {
			return sent, counted.n, fmt.Errorf("the county server's answer was cut off or damaged: %w", err)
		}
		return sent, counted.n, nil
	}
	if err := json.NewDecoder(rd).Decode(out); err != nil {
		return sent, counted.n, fmt.Errorf("the county server's answer was cut off or damaged: %w", err)
	}
	return sent, counted.n, nil
}

// countingReader counts the bytes read through it and, if report is set,
// tells it the count and total after each read.
type countingReader struct {
	r      io.Reader
	n      int64
	total  int64
	report func(n, total int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if n > 0 && c.report != nil {
		c.report(c.n, c.total)
	}
	return n, err
}

// LoadClockOffset applies the clock correction measured by an earlier
// sync. Call it once after opening the store.
func LoadClockOffset(ctx context.Context, st *store.Store) error {
	v, err := st.Meta(ctx, metaOffset)
	if err != nil || v == "" {
		return err
	}
	ms, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil
	}
	st.Clock().SetOffset(time.Duration(ms) * time.Millisecond)
	return nil
}

// LastSynced returns when the last sync completed (zero if never).
func LastSynced(ctx context.Context, st *store.Store) (time.Time, error) {
	v, err := st.Meta(ctx, metaLastSync)
	if err != nil || v == "" {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339Nano, v)
}

// observeServer folds the server's time into the local clock, correcting
// the laptop's clock when it is more than SkewWarning off. It returns the
// skew when it is that large.
func (c *Client) observeServer(ctx context.Context, serverTime string) (time.Duration, error) {
	ts, err := hlc.Parse(serverTime)
	if err != nil || ts.IsZero() {
		return 0, fmt.Errorf("the county server sent a bad time %q", serverTime)
	}
	clock := c.Store.Clock()
	skew := ts.Time().Sub(c.Store.Now())
	offset := time.Duration(0)
	if skew > SkewWarning || skew < -SkewWarning {
		offset = skew.Round(time.Millisecond)
	}
	if offset != clock.Offset() {
		clock.SetOffset(offset)
		if err := c.Store.Write(ctx, func(tx *store.Tx) error {
			return tx.SetMeta(metaOffset, strconv.FormatInt(offset.Milliseconds(), 10))
		}); err != nil {
			return 0, err
		}
	}
	if err := clock.Observe(ts); err != nil {
		return 0, err
	}
	if offset != 0 {
		return skew, nil
	}
	return 0, nil
}

// Sync sends this laptop's changes, then receives everyone else's. It can
// be stopped at any time through ctx and resumed later without losing or
// repeating anything.
func (c *Client) Sync(ctx context.Context) (Report, error) {
	var rep Report
	dev, err := c.device(ctx)
	if err != nil {
		return rep, err
	}
	err = c.push(ctx, &dev, &rep)
	if err == nil {
		err = c.pull(ctx, &dev, &rep)
	}
	if err == nil {
		err = c.syncBlobs(ctx, dev, &rep)
	}
	if errors.Is(err, ErrRevoked) {
		c.Store.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error { return tx.MarkRevoked() })
	}
	if err != nil {
		return rep, err
	}
	return rep, c.Store.Write(ctx, func(tx *store.Tx) error {
		return tx.SetMeta(metaLastSync, c.Store.Now().UTC().Format(time.RFC3339Nano))
	})
}

// Push sends this laptop's changes and receives nothing: a laptop that
// fills a new county server (an administrator's, with a whole demo county)
// need not pull its own changes back.
func (c *Client) Push(ctx context.Context) (Report, error) {
	var rep Report
	dev, err := c.device(ctx)
	if err != nil {
		return rep, err
	}
	return rep, c.push(ctx, &dev, &rep)
}

// device returns the enrolment, if the laptop is enrolled and not revoked.
func (c *Client) device(ctx context.Context) (store.SyncDevice, error) {
	dev, ok, err := c.Store.SyncDevice(ctx)
	switch {
	case err != nil:
		return dev, err
	case !ok:
		return dev, ErrNotEnrolled
	case dev.Revoked:
		return dev, ErrRevoked
	}
	return dev, nil
}

// call posts req to path and decodes the answer into reply, counting the
// bytes and folding the server's time (*serverTime, filled by decoding)
// into the local clock.
func (c *Client) call(ctx context.Context, dev *store.SyncDevice, path string, req, reply any, serverTime *string, rep *Report) error {
	sent, recv, err := Post(ctx, c.httpClient(), dev.ServerURL+path, dev.Token, req, reply)
	rep.BytesSent += sent
	rep.BytesReceived += recv
	if err != nil {
		return err
	}
	skew, err := c.observeServer(ctx, *serverTime)
	if err != nil {
		return err
	}
	if skew != 0 {
		rep.ClockSkew = skew
	}
	return nil
}

func (c *Client) push(ctx context.Context, dev *store.SyncDevice, rep *Report) error {
	batch := c.PushBatch
	if batch <= 0 || batch > sync.MaxMutationsPerPush {
		batch = sync.MaxMutationsPerPush
	}
	total, err := c.Store.PendingChanges(ctx, dev.MidBase+dev.AckedMID)
	if err != nil {
		return err
	}
	done := 0
	for {
		entries, err := c.Store.Outbox(ctx, dev.MidBase+dev.AckedMID, batch)
		if err != nil {
			return err
		}
		if len(entries) == 0 {
			return nil
		}
		req := sync.PushRequest{DeviceID: dev.DeviceID, SchemaVer: sync.SchemaVersion()}
		for _, e := range entries {
			scope, ok := sync.TableScope(e.Change.Table)
			if !ok {
				return fmt.Errorf("the outbox holds a change to unknown table %q", e.Change.Table)
			}
			base, err := c.Store.SyncBase(ctx, scope, e.Seq)
			if err != nil {
				return err
			}
			m := sync.Mutation{MID: e.Seq - dev.MidBase, Table: e.Change.Table, Row: e.Change.ID, BaseSeq: base,
				Fields: make(map[string]sync.Field, len(e.Change.Fields))}
			for col, fv := range e.Change.Fields {
				m.Fields[col] = sync.Field{Value: fv.Value, HLC: fv.HLC}
			}
			req.Mutations = append(req.Mutations, m)
		}
		var reply sync.PushReply
		if err := c.call(ctx, dev, "/v1/push", req, &reply, &reply.ServerTime, rep); err != nil {
			return err
		}
		last := req.Mutations[len(req.Mutations)-1].MID
		if reply.AckedMID > last || reply.AckedMID < req.Mutations[0].MID-1 {
			return fmt.Errorf("the county server acknowledged change %d, which was not sent", reply.AckedMID)
		}
		err = c.Store.Write(ctx, func(tx *store.Tx) error {
			for _, r := range reply.Rejected {
				if err := tx.AddRejection(store.Rejection{MID: r.MID, Table: r.Table, RowID: r.Row, Code: sync.RejectionCode(r), Reason: r.Reason}); err != nil {
					return err
				}
			}
			return tx.AckMutations(reply.AckedMID)
		})
		if err != nil {
			return err
		}
		n := int(reply.AckedMID - dev.AckedMID)
		dev.AckedMID = reply.AckedMID
		done += n
		rep.Pushed += n
		rep.Rejected += len(reply.Rejected)
		rep.Conflicts += len(reply.Conflicts)
		c.progress(Progress{Phase: "push", Done: done, Total: total})
		if reply.AckedMID < last {
			return fmt.Errorf("the county server acknowledged only up to change %d of %d", reply.AckedMID, last)
		}
	}
}

// pull fetches pages of changes and applies each with its cursor in one
// transaction. The next page is fetched while the current one is applied.
func (c *Client) pull(ctx context.Context, dev *store.SyncDevice, rep *Report) (err error) {
	cursors, err := c.Store.SyncCursors(ctx)
	if err != nil {
		return err
	}
	_, org := cursors[sync.ScopeOrg]
	_, public := cursors[sync.ScopePublic]
	if !org && !public {
		// A first sync: the county's records go in faster without the
		// store's secondary indexes, built again once it stops, finished
		// or not (and by the next Open if the laptop is switched off).
		if err := c.Store.DeferIndexes(ctx); err != nil {
			return err
		}
		defer func() {
			if rerr := c.Store.RestoreIndexes(context.WithoutCancel(ctx)); err == nil {
				err = rerr
			}
		}()
	}
	limit := c.PullLimit
	if limit <= 0 {
		limit = sync.DefaultPullLimit
		_, org := cursors[sync.ScopeOrg]
		_, public := cursors[sync.ScopePublic]
		if !org || !public {
			// A first sync: fewer, larger pages.
			limit = sync.MaxPullLimit
		}
	}
	type fetched struct {
		reply PulledReply
		err   error
	}
	pages := make(chan fetched, 1)
	fctx, cancel := context.WithCancel(ctx)
	defer func() {
		cancel()
		for range pages { // wait for the fetcher to stop
		}
	}()
	go func() {
		defer close(pages)
		next := map[string]int64{sync.ScopeOrg: cursors[sync.ScopeOrg], sync.ScopePublic: cursors[sync.ScopePublic]}
		for {
			req := sync.PullRequest{SchemaVer: sync.SchemaVersion(), Limit: limit,
				Scopes: []sync.ScopeCursor{{Scope: sync.ScopeOrg, After: next[sync.ScopeOrg]}, {Scope: sync.ScopePublic, After: next[sync.ScopePublic]}}}
			var f fetched
			f.err = c.call(fctx, dev, "/v1/pull", req, &f.reply, &f.reply.ServerTime, rep)
			select {
			case pages <- f:
			case <-fctx.Done():
				return
			}
			more := false
			for _, page := range f.reply.Scopes {
				next[page.Scope] = page.NextAfter
				more = more || page.HasMore
			}
			if f.err != nil || !more {
				return
			}
		}
	}()
	done := 0
	for f := range pages {
		if f.err != nil {
			return f.err
		}
		more := false
		n := 0
		err := c.Store.Write(ctx, func(tx *store.Tx) error {
			for _, page := range f.reply.Scopes {
				if page.Scope != sync.ScopeOrg && page.Scope != sync.ScopePublic || page.NextAfter < cursors[page.Scope] {
					return fmt.Errorf("the county server sent a bad page for scope %q", page.Scope)
				}
				if err := applyChanges(tx, page.Changes); err != nil {
					return err
				}
				n += len(page.Changes)
				if err := tx.SetSyncCursor(page.Scope, page.NextAfter); err != nil {
					return err
				}
				more = more || page.HasMore
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, page := range f.reply.Scopes {
			cursors[page.Scope] = page.NextAfter
		}
		done += n
		rep.Pulled += n
		c.progress(Progress{Phase: "pull", Done: done})
		if !more {
			return nil
		}
	}
	return nil
}

// PulledReply is a PullReply as the client decodes it: the fields of each
// change decoded in the same pass.
type PulledReply struct {
	Scopes     []PulledPage `json:"scopes"`
	ServerTime string       `json:"server_time"`
}

// PulledPage is one scope's page of a PulledReply.
type PulledPage struct {
	Scope     string         `json:"scope"`
	Changes   []PulledChange `json:"changes"`
	NextAfter int64          `json:"next_after"`
	HasMore   bool           `json:"has_more"`
}

// PulledChange is one change of a PulledPage.
type PulledChange struct {
	Seq    int64                 `json:"seq"`
	Table  string                `json:"table"`
	Row    string                `json:"row"`
	Fields map[string]sync.Field `json:"fields"`
}

// applyChanges merges a page of changes from the server into the local
// store: runs of ordinary changes in bulk (store.Tx.ApplyRemoteBatch), and
// one at a time a change that carries a restamp for this laptop to adopt.
func applyChanges(tx *store.Tx, changes []PulledChange) error {
	batch := make([]data.Change, 0, len(changes))
	first := 0 // index of the first change in batch
	flush := func(end int) error {
		if len(batch) == 0 {
			return nil
		}
		if err := tx.ApplyRemoteBatch(batch); err != nil {
			return fmt.Errorf("applying changes %d to %d: %w", changes[first].Seq, changes[end-1].Seq, err)
		}
		batch = batch[:0]
		return nil
	}
	for i, ch := range changes {
		if !restamped(ch) {
			if dc, ok := localChange(ch); ok {
				if len(batch) == 0 {
					first = i
				}
				batch = append(batch, dc)
			}
			continue
		}
		if err := flush(i); err != nil {
			return err
		}
		if err := applyChange(tx, ch); err != nil {
			return fmt.Errorf("applying change %d (%s): %w", ch.Seq, ch.Table, err)
		}
	}
	return flush(len(changes))
}

// restamped reports whether a change carries a field the server restamped.
func restamped(ch PulledChange) bool {
	for _, f := range ch.Fields {
		if f.Was != "" {
			return true
		}
	}
	return false
}

// localChange is a change as the store applies it, without the tables and
// columns this build does not know (from a newer Trellis); false if
// nothing is left.
func localChange(ch PulledChange) (data.Change, bool) {
	if !store.HasTable(ch.Table) {
		return data.Change{}, false
	}
	dc := data.Change{Table: ch.Table, ID: ch.Row, Fields: make(map[string]data.FieldValue, len(ch.Fields))}
	for col, f := range ch.Fields {
		if col == data.DeletedField || store.HasColumn(ch.Table, col) {
			dc.Fields[col] = data.FieldValue{Value: f.Value, HLC: f.HLC}
		}
	}
	return dc, len(dc.Fields) > 0
}

// applyChange merges one change from the server into the local store,
// then adopts the server's restamps of this laptop's fields.
func applyChange(tx *store.Tx, ch PulledChange) error {
	dc, ok := localChange(ch)
	if !ok {
		return nil
	}
	if _, err := tx.ApplyRemote(dc); err != nil {
		return err
	}
	for col, f := range ch.Fields {
		if f.Was != "" {
			if _, known := dc.Fields[col]; !known {
				continue
			}
			if err := tx.AdoptRestamp(ch.Table, ch.Row, col, f.Was, f.Value, f.HLC); err != nil {
				return err
			}
		}
	}
	return nil
}
