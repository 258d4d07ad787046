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
	"slices"
	"strconv"
	"strings"
	"time"
	"trellis/data/registry"
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
	// ErrTooManyAttempts: the server refuses to check a password for this
	// user name or from this computer for a while, after failures.
	// ErrUserDisabled: the county disabled the user; it cannot enrol.
	ErrUserDisabled    = errors.New("the county disabled this user; ask your administrator")
	ErrTooManyAttempts = errors.New("too many failed sign-ins with this user name or from this computer; wait a few minutes and try again")
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
	req := sync.EnrollRequest{User: user, Password: password, DeviceName: deviceName, Node: st.Clock().Node(), SchemaVer: store.SchemaVersion()}
	var reply sync.EnrollReply
	if _, _, err := Post(ctx, hc, serverURL+"/v1/enroll", "", req, &reply); err != nil {
		var se *ServerError
		if errors.As(err, &se) && se.Status == http.StatusUnauthorized {
			return store.SyncDevice{}, ErrBadLogin
		}
		if errors.As(err, &se) && se.Reply.Error == sync.CodeUserDisabled {
			return store.SyncDevice{}, ErrUserDisabled
		}
		if errors.As(err, &se) && se.Status == http.StatusTooManyRequests {
			return store.SyncDevice{}, fmt.Errorf("%w (%s)", ErrTooManyAttempts, se.Reply.Message)
		}
		return store.SyncDevice{}, err
	}
	d := store.SyncDevice{ServerURL: serverURL, DeviceID: reply.DeviceID, Token: reply.Token, OrgID: reply.OrgID,
		OrgName: reply.OrgName, User: user, Role: reply.Role, Node: reply.Node}
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
	if err := CheckServerURL(url); err != nil {
		return sent, 0, err
	}
	resp, err := guarded(hc).Do(req)
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
	if err == nil && dev.Role != "" && len(registry.Readable(dev.Role)) < len(registry.Tables()) {
		// Records of tables the role does not read whose refused changes
		// have now left the outbox (see store.Tx.DropUnreadable).
		err = c.Store.Write(ctx, func(tx *store.Tx) error {
			_, err := tx.DropUnreadable(dev.Role)
			return err
		})
	}
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
	rejoined := false
	for {
		entries, err := c.Store.Outbox(ctx, dev.MidBase+dev.AckedMID, batch)
		if err != nil {
			return err
		}
		if len(entries) == 0 {
			return nil
		}
		req := sync.PushRequest{DeviceID: dev.DeviceID, SchemaVer: store.SchemaVersion()}
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
		err = c.call(ctx, dev, "/v1/push", req, &reply, &reply.ServerTime, rep)
		if se := (*ServerError)(nil); errors.As(err, &se) && se.Reply.Error == sync.CodeMIDReused && !rejoined {
			// This profile was restored from a backup or copied: the
			// server holds other changes under these ids. Go on as a new
			// device, sending everything the server does not have.
			rejoined = true
			if err := c.rejoin(ctx, dev, req, se.Reply.AckedMID, rep); err != nil {
				return err
			}
			continue
		}
		if err != nil {
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

// pullPlan is what a pull asks for, decided once, from the cursors, before
// it starts.
type pullPlan struct {
	streams []string         // the streams the enrolment's role reads, in pull order
	cursors map[string]int64 // where each stands (absent: never pulled)
	// first says no stream was ever pulled: a first sync, whose records go
	// in faster without the store's secondary indexes.
	first bool
	limit int // changes per page
}

// planPull decides what to pull: the streams of the tables the laptop's
// role reads (all of them for a role the laptop does not know), from their
// cursors; a stream never pulled takes fewer, larger pages.
func (c *Client) planPull(ctx context.Context, dev *store.SyncDevice) (pullPlan, error) {
	p := pullPlan{streams: registry.Streams, limit: c.PullLimit}
	if dev.Role != "" {
		p.streams = registry.StreamsRead(dev.Role)
	}
	cursors, err := c.Store.SyncCursors(ctx)
	if err != nil {
		return p, err
	}
	p.cursors = cursors
	pulled := 0
	for _, s := range p.streams {
		if _, ok := cursors[s]; ok {
			pulled++
		}
	}
	p.first = pulled == 0
	if p.limit <= 0 {
		p.limit = sync.DefaultPullLimit
		if pulled < len(p.streams) {
			p.limit = sync.MaxPullLimit
		}
	}
	return p, nil
}

// rejoin makes this profile a new device of the same user after the
// server refused req because its mutation ids were used already: the
// mutations up to acked, which the server recognized as resends, are
// acknowledged, and the rest wait to go under the new device's ids and
// clock node.
func (c *Client) rejoin(ctx context.Context, dev *store.SyncDevice, req sync.PushRequest, acked int64, rep *Report) error {
	if acked < req.Mutations[0].MID-1 || acked > req.Mutations[len(req.Mutations)-1].MID {
		return fmt.Errorf("the county server acknowledged change %d, which was not sent", acked)
	}
	var reply sync.EnrollReply
	if err := c.call(ctx, dev, "/v1/rejoin", sync.RejoinRequest{SchemaVer: store.SchemaVersion()}, &reply, &reply.ServerTime, rep); err != nil {
		return err
	}
	err := c.Store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.AckMutations(acked); err != nil {
			return err
		}
		return tx.Rejoin(store.SyncDevice{DeviceID: reply.DeviceID, Token: reply.Token, Node: reply.Node})
	})
	if err != nil {
		return err
	}
	rep.Pushed += int(max(0, acked-dev.AckedMID))
	d, _, err := c.Store.SyncDevice(ctx)
	*dev = d
	return err
}

// pull fetches pages of changes and applies each with its cursor in one
// transaction. The next page is fetched while the current one is applied.
func (c *Client) pull(ctx context.Context, dev *store.SyncDevice, rep *Report) (err error) {
	plan, err := c.planPull(ctx, dev)
	if err != nil || len(plan.streams) == 0 {
		return err
	}
	if plan.first {
		// Built again once the sync stops, finished or not (and by the
		// next Open if the laptop is switched off).
		if err := c.Store.DeferIndexes(ctx); err != nil {
			return err
		}
		defer func() {
			if rerr := c.Store.RestoreIndexes(context.WithoutCancel(ctx)); err == nil {
				err = rerr
			}
		}()
	}
	fctx, cancel := context.WithCancel(ctx)
	pages := c.fetchPages(fctx, dev, plan, rep)
	defer func() {
		cancel()
		for range pages { // wait for the fetcher to stop
		}
	}()
	return c.applyPages(ctx, plan, pages, rep)
}

// fetchedPage is a pull reply, or the error that ended the fetching.
type fetchedPage struct {
	reply PulledReply
	err   error
}

// fetchPages asks for pages of the plan's streams, one after another,
// until the server has no more or a request fails (the last page sent).
func (c *Client) fetchPages(ctx context.Context, dev *store.SyncDevice, plan pullPlan, rep *Report) <-chan fetchedPage {
	pages := make(chan fetchedPage, 1)
	go func() {
		defer close(pages)
		next := map[string]int64{}
		for _, s := range plan.streams {
			next[s] = plan.cursors[s]
		}
		for {
			req := sync.PullRequest{SchemaVer: store.SchemaVersion(), Limit: plan.limit}
			for _, s := range plan.streams {
				req.Scopes = append(req.Scopes, sync.ScopeCursor{Scope: s, After: next[s]})
			}
			var f fetchedPage
			f.err = c.call(ctx, dev, "/v1/pull", req, &f.reply, &f.reply.ServerTime, rep)
			select {
			case pages <- f:
			case <-ctx.Done():
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
	return pages
}

// applyPages applies each fetched page with its cursors in one
// transaction, until the server says there is no more.
func (c *Client) applyPages(ctx context.Context, plan pullPlan, pages <-chan fetchedPage, rep *Report) error {
	cursors := plan.cursors
	done := 0
	for f := range pages {
		if f.err != nil {
			return f.err
		}
		more := false
		n := 0
		err := c.Store.Write(ctx, func(tx *store.Tx) error {
			for _, page := range f.reply.Scopes {
				if !slices.Contains(plan.streams, page.Scope) || page.NextAfter < cursors[page.Scope] {
					return fmt.Errorf("the county server sent a bad page for scope %q", page.Scope)
				}
				if err := applyChanges(tx, page.Scope, page.Changes); err != nil {
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
// A change this laptop cannot apply (a value of the wrong type for its
// column, which a server that did not check changes let through) is kept
// in quarantine instead, and the rest of the page applied.
func applyChanges(tx *store.Tx, scope string, changes []PulledChange) error {
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
		dc, ok := localChange(ch)
		if !ok {
			continue
		}
		if err := checkChange(dc); err != nil {
			if err := quarantine(tx, scope, ch, err); err != nil {
				return err
			}
			continue
		}
		if !restamped(ch) {
			if len(batch) == 0 {
				first = i
			}
			batch = append(batch, dc)
			continue
		}
		if err := flush(i); err != nil {
			return err
		}
		if err := applyChange(tx, ch, dc); err != nil {
			return fmt.Errorf("applying change %d (%s): %w", ch.Seq, ch.Table, err)
		}
	}
	return flush(len(changes))
}

// checkChange checks a change from the server with the rules of the
// store (store.CheckChange).
func checkChange(dc data.Change) error {
	if !data.ValidID(dc.ID) {
		return &data.ValidationError{Kind: dc.Table, Fields: []data.FieldError{{Field: "id", Code: data.CodeUnknownID}}}
	}
	return store.CheckChange(dc.Table, dc.Fields)
}

// quarantine keeps a change that cannot be applied, with what is wrong.
func quarantine(tx *store.Tx, scope string, ch PulledChange, why error) error {
	raw, err := json.Marshal(ch.Fields)
	if err != nil {
		return err
	}
	return tx.Quarantine(store.Quarantined{Scope: scope, Seq: ch.Seq, Table: ch.Table, RowID: ch.Row,
		Problems: store.ProblemsOf(why), Change: string(raw)})
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
	t := registry.Lookup(ch.Table)
	if t == nil {
		return data.Change{}, false
	}
	dc := data.Change{Table: ch.Table, ID: ch.Row, Fields: make(map[string]data.FieldValue, len(ch.Fields))}
	for col, f := range ch.Fields {
		if col == data.DeletedField || t.HasColumn(col) {
			dc.Fields[col] = data.FieldValue{Value: f.Value, HLC: f.HLC}
		}
	}
	return dc, len(dc.Fields) > 0
}

// applyChange merges one change from the server (dc, as localChange made
// it) into the local store, then adopts the server's restamps of this
// laptop's fields.
func applyChange(tx *store.Tx, ch PulledChange, dc data.Change) error {
	if err := tx.ApplyRemoteBatch([]data.Change{dc}); err != nil {
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
