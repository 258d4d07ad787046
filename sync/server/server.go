// Package server is the county sync server: its HTTP API (enrolment, push,
// pull, attachments), the group commit of concurrent pushes, publishing
// from the server itself, and users' passwords. Its database is
// trellis/sync/server/countydb.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"trellis/data/registry"
	"trellis/sync"
	"trellis/sync/server/countydb"

	"trellis/data"
	"trellis/data/hlc"
	"trellis/data/store"
)

// ServerOptions configure a Server.
type ServerOptions struct {
	Now    func() time.Time // nil means time.Now
	Logger *slog.Logger     // nil discards logs
	// MaxPushBatch is how many concurrent pushes may be committed in one
	// storage transaction (0: a default of 64; 1 commits each on its own).
	MaxPushBatch int
	// Enrol bounds enrolment attempts (zero fields: DefaultEnrolLimits).
	Enrol EnrolLimits
	// TokenLife is how long a device token works without a sync (0:
	// DefaultTokenLife).
	TokenLife time.Duration
}

// Server is the county sync server's HTTP API. It keeps no state of its
// own beyond a clock: everything lives in its Storage, so several servers
// may share one PostgreSQL database.
type Server struct {
	st    countydb.Storage
	now   func() time.Time
	clock *hlc.Clock
	log   *slog.Logger
	mux   *http.ServeMux

	maxBatch int
	commits  committer
	gate     *enrolGate
	// tokenLife: see ServerOptions.TokenLife.
	tokenLife time.Duration
}

// NewServer returns a server over st.
func NewServer(st countydb.Storage, opts ServerOptions) (*Server, error) {
	if err := checkScopes(registry.Tables()); err != nil {
		return nil, err
	}
	if err := checkShared(registry.Tables()); err != nil {
		return nil, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	clock, err := hlc.NewClock(hlc.NewNode(), opts.Now, hlc.Timestamp{})
	if err != nil {
		return nil, err
	}
	s := &Server{st: st, now: opts.Now, clock: clock, log: opts.Logger, mux: http.NewServeMux(), maxBatch: opts.MaxPushBatch}
	if s.maxBatch <= 0 {
		s.maxBatch = defaultPushBatch
	}
	s.gate = newEnrolGate(opts.Enrol, opts.Now)
	s.tokenLife = opts.TokenLife
	if s.tokenLife <= 0 {
		s.tokenLife = DefaultTokenLife
	}
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("POST /v1/enroll", s.enroll)
	s.mux.HandleFunc("POST /v1/rejoin", s.withDevice(s.rejoin))
	s.mux.HandleFunc("POST /v1/push", s.withDevice(s.push))
	s.mux.HandleFunc("POST /v1/pull", s.withDevice(s.pull))
	s.mux.HandleFunc("HEAD /v1/blobs/{sha}", s.withDevice(s.blobHead))
	s.mux.HandleFunc("GET /v1/blobs/{sha}", s.withDevice(s.blobGet))
	s.mux.HandleFunc("PUT /v1/blobs/{sha}", s.withDevice(s.blobPut))
	return s, nil
}

// ServeHTTP serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// MinSchema is the oldest client schema the server accepts.
func MinSchema() int { return store.SchemaVersion() - 1 }

// httpError is an error with the status and code to answer with.
type httpError struct {
	status int
	reply  sync.ErrorReply
	// wroteNothing says the request was refused before it changed
	// anything in its transaction.
	wroteNothing bool
}

func (e *httpError) Error() string { return e.reply.Message }

func fail(status int, code, format string, args ...any) *httpError {
	return &httpError{status: status, reply: sync.ErrorReply{Error: code, Message: fmt.Sprintf(format, args...)}}
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	if !errors.As(err, &he) {
		// Internal details stay in the log (no family data reaches errors
		// built from storage), the device gets plain words.
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
		he = fail(http.StatusInternalServerError, sync.CodeInternal, "the server could not complete the request; try again later")
	} else if he.status >= 500 {
		s.log.Error("request failed", "path", r.URL.Path, "code", he.reply.Error)
	}
	sync.WriteJSON(w, r, he.status, he.reply)
}

// body returns the request body, decompressed, and limited to
// MaxBodyBytes; call done once it is read.
func body(w http.ResponseWriter, r *http.Request) (rd io.Reader, done func(), err error) {
	raw := http.MaxBytesReader(w, r.Body, sync.MaxBodyBytes)
	rd, done = raw, func() {}
	if r.Header.Get("Content-Encoding") == "gzip" {
		gz, err := sync.GetGzipReader(raw)
		if err != nil {
			return nil, done, fail(http.StatusBadRequest, sync.CodeBadRequest, "the request body is not gzip: %v", err)
		}
		rd, done = gz, func() { sync.PutGzipReader(gz) }
	}
	return &limitReader{r: rd, left: sync.MaxBodyBytes}, done, nil
}

// limitReader fails once more than left bytes were read.
type limitReader struct {
	r    io.Reader
	left int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, fail(http.StatusRequestEntityTooLarge, sync.CodeTooLarge, "the request is larger than %d bytes", sync.MaxBodyBytes)
	}
	return n, err
}

// decodeErr turns a decoder error into a 400, or keeps a 413.
func decodeErr(err error) error {
	var he *httpError
	if errors.As(err, &he) {
		return he
	}
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return fail(http.StatusRequestEntityTooLarge, sync.CodeTooLarge, "the request is larger than %d bytes", sync.MaxBodyBytes)
	}
	return fail(http.StatusBadRequest, sync.CodeBadRequest, "%v", err)
}

// readRequest reads a request body with decode and refuses clients whose
// schema is too old.
func readRequest[T any](w http.ResponseWriter, r *http.Request, decode func(io.Reader) (T, error), schema func(T) int) (T, error) {
	var zero T
	rd, done, err := body(w, r)
	defer done()
	if err != nil {
		return zero, err
	}
	req, err := decode(rd)
	if err != nil {
		return zero, decodeErr(err)
	}
	if err := checkSchema(schema(req)); err != nil {
		return zero, err
	}
	return req, nil
}

func checkSchema(v int) error {
	if v < MinSchema() {
		return fail(http.StatusUpgradeRequired, sync.CodeUpgradeRequired,
			"this version of Trellis is too old for the county server (schema %d, the server needs %d or newer): please update Trellis; your changes are kept until then", v, MinSchema())
	}
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, err := s.st.Changes(ctx, sync.ScopePublic, 0, 1); err != nil {
		s.log.Error("health check failed", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ok\n"))
}

func (s *Server) serverTime() string { return s.clock.Now().String() }

// withDevice authenticates the bearer token and passes the device on.
func (s *Server) withDevice(h func(http.ResponseWriter, *http.Request, countydb.Device)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			s.writeError(w, r, fail(http.StatusUnauthorized, sync.CodeUnauthorized, "this device is not enrolled: enrol it with a user name and password"))
			return
		}
		d, err := s.st.DeviceByTokenHash(r.Context(), tokenHash(token))
		if errors.Is(err, countydb.ErrNotFound) {
			s.writeError(w, r, fail(http.StatusUnauthorized, sync.CodeUnauthorized, "the county server does not recognize this device: enrol it again"))
			return
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if !d.RevokedAt.IsZero() {
			s.log.Info("revoked device refused", "device", d.ID)
			s.writeError(w, r, fail(http.StatusUnauthorized, sync.CodeRevoked, "this device's access was withdrawn by the county; ask your administrator"))
			return
		}
		if err := s.checkAccess(r.Context(), d); err != nil {
			s.writeError(w, r, err)
			return
		}
		h(w, r, d)
	}
}

// touchEvery is how often a device's "last seen" is written: not on every
// request, so that many devices syncing at once do not queue behind these
// writes.
const touchEvery = time.Minute

// touch records that a device synced, at most once per touchEvery.
func (s *Server) touch(ctx context.Context, d countydb.Device) {
	now := s.now()
	if now.Sub(d.LastSeen) < touchEvery {
		return
	}
	if err := s.st.TouchDevice(ctx, d.ID, now); err != nil {
		s.log.Warn("cannot record when a device synced", "device", d.ID, "err", err)
	}
}

func orgScope(orgID string) string { return "org:" + orgID }

// logScopes map each of the registry's streams to the change log that
// holds it for a device: its organization's, or the county's.
var logScopes = map[string]func(d countydb.Device) string{
	registry.StreamOrg:    func(d countydb.Device) string { return orgScope(d.OrgID) },
	registry.StreamPublic: func(countydb.Device) string { return sync.ScopePublic },
	// Only a provider reads what is shared with its organization.
	registry.StreamProvider: func(d countydb.Device) string { return providerScope(d.OrgID) },
}

// checkScopes makes sure every synced table's scope travels in a stream
// this server can place: a table it could not place stops it at start.
func checkScopes(tables []*registry.Table) error {
	for _, t := range tables {
		if logScopes[t.Scope.Stream] == nil {
			return fmt.Errorf("the county server does not know where table %q goes: its scope %q travels in stream %q, which sync/server's logScopes does not place",
				t.Name, t.Scope.Name, t.Scope.Stream)
		}
	}
	return nil
}

// serverScope maps a wire scope (a stream) to the change-log scope for a
// device.
func serverScope(wire string, d countydb.Device) string { return logScopes[wire](d) }

// tableScope is the change-log scope a device's row of table t goes to.
func tableScope(t *registry.Table, d countydb.Device) string { return serverScope(t.Scope.Stream, d) }

// readable is what a device of role receives: the tables, and the streams
// that carry any of them. Only a role the registry lists reads anything.
type readable struct {
	tables  map[string]bool
	streams map[string]bool
}

func readableBy(role string) readable {
	r := readable{tables: map[string]bool{}, streams: map[string]bool{}}
	for _, t := range registry.Tables() {
		if t.ReadBy(role) {
			r.tables[t.Name] = true
			r.streams[t.Scope.StreamFor(role)] = true
		}
	}
	return r
}

func (s *Server) push(w http.ResponseWriter, r *http.Request, d countydb.Device) {
	req, err := readRequest(w, r, sync.DecodePushRequest, func(q sync.PushRequest) int { return q.SchemaVer })
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if req.DeviceID != "" && req.DeviceID != d.ID {
		s.writeError(w, r, fail(http.StatusBadRequest, sync.CodeBadRequest, "the device id does not match the token"))
		return
	}
	reply, err := s.applyPush(d, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.touch(r.Context(), d)
	s.log.Info("push", "device", d.ID, "mutations", len(req.Mutations), "acked_mid", reply.AckedMID,
		"rejected", len(reply.Rejected), "conflicts", len(reply.Conflicts))
	sync.WriteJSON(w, r, http.StatusOK, reply)
}

// applyMutation merges one mutation: authorize, restamp, merge, log. It
// returns the reason if the mutation is refused (which is not an error:
// the mutation still counts as done), and the conflicts it raised (with
// their ids).
func (s *Server) applyMutation(tx countydb.Tx, d countydb.Device, by sync.Author, m sync.Mutation) (sync.Rejected, []data.Conflict, error) {
	var none sync.Rejected
	scope, row, found, refused, err := s.authorize(tx, d, m)
	if err != nil || refused.Code != "" {
		return refused, nil, err
	}
	t := registry.Lookup(m.Table)
	also, code, err := route(tx, d, t, m, row, found)
	if err != nil || code != "" {
		return sync.Refusal(code), nil, err
	}
	m, restamped := s.restamp(d, m, row)
	res, conflicts, err := mergeMutation(tx, m, row, found, by)
	if err != nil {
		return none, nil, err
	}
	conflictScope := tableScope(registry.Lookup("conflicts"), d)
	if err := s.record(tx, scope, also, conflictScope, m, row, res.Winners, restamped, conflicts, by); err != nil {
		return none, nil, err
	}
	if m.Table == "referral_answers" && !found {
		// The answer enters the referral's history for the referring
		// organization, merged as a navigator's status change is.
		more, err := s.recordAnswer(tx, also, m, by)
		if err != nil {
			return none, nil, err
		}
		conflicts = append(conflicts, more...)
	}
	return none, conflicts, nil
}

// recordAnswer adds a provider's new answer to the referral's status
// history in the referring organization's change log (scope), with the
// conflicts it raises there.
func (s *Server) recordAnswer(tx countydb.Tx, scope string, m sync.Mutation, by sync.Author) ([]data.Conflict, error) {
	ev, ok, err := answerEvent(tx, m)
	if err != nil || !ok {
		return nil, err
	}
	_, row, found, err := tx.Row(ev.Table, ev.Row)
	if err != nil || found {
		return nil, err
	}
	res, conflicts, err := mergeMutation(tx, ev, row, found, by)
	if err != nil {
		return nil, err
	}
	return conflicts, s.record(tx, scope, "", scope, ev, row, res.Winners, nil, conflicts, by)
}

// authorize decides whether device d may make mutation m, from the
// registry: its role must write the table, the row must be in the
// device's scope, a server-created row may only have its device columns
// changed, an insert-only row may only be deleted (or sent again as it
// is), and every field must carry the device's own stamp. It returns the
// change-log scope of the row and the server's copy of it.
func (s *Server) authorize(tx countydb.Tx, d countydb.Device, m sync.Mutation) (scope string, row sync.RowState, found bool, refused sync.Rejected, err error) {
	t := registry.Lookup(m.Table)
	switch {
	case t == nil: // (the decoder refuses unknown tables first)
		return "", nil, false, sync.Refusal(sync.RejectRole), nil
	case !t.WrittenBy(d.Role) && t.Scope.Stream == registry.StreamPublic:
		return "", nil, false, sync.Refusal(sync.RejectPublicRole), nil
	case !t.WrittenBy(d.Role):
		return "", nil, false, sync.Refusal(sync.RejectRole), nil
	}
	scope = tableScope(t, d)
	current, row, found, err := tx.Row(m.Table, m.Row)
	if err != nil {
		return "", nil, false, refused, err
	}
	if found && current != scope {
		// Say nothing about the other organization's record.
		return "", nil, false, sync.Refusal(sync.RejectNotInOrg), nil
	}
	if t.ServerCreated {
		if !found {
			return "", nil, false, sync.Refusal(sync.RejectConflictCreate), nil
		}
		for col := range m.Fields {
			if !t.DeviceMayChange(col) {
				return "", nil, false, sync.Refusal(sync.RejectConflictColumn), nil
			}
		}
	}
	if t.InsertOnly && found {
		for col, f := range m.Fields {
			if st, ok := row[col]; col != data.DeletedField && (!ok || !sync.SameValue(st.Value, f.Value)) {
				return "", nil, false, sync.Refusal(sync.RejectInsertOnly), nil
			}
		}
	}
	for col, f := range m.Fields {
		if ts, _ := hlc.Parse(f.HLC); ts.Node != d.Node {
			return "", nil, false, sync.Refusal(sync.RejectForeignStamp, col), nil
		}
	}
	return scope, row, found, refused, nil
}

// restamp gives every field stamped too far in the future a timestamp of
// the server's clock, and observes the others. It returns the mutation as
// it is merged and, per restamped column, the device's original stamp.
func (s *Server) restamp(d countydb.Device, m sync.Mutation, row sync.RowState) (sync.Mutation, map[string]string) {
	serverNow := s.now()
	restamped := map[string]string{} // column -> the device's original timestamp
	for col, f := range m.Fields {
		ts, _ := hlc.Parse(f.HLC)
		if ts.Time().After(serverNow.Add(hlc.MaxSkew)) {
			// The device's clock runs ahead: restamp with the server's
			// clock. The server's node keeps the new timestamp distinct
			// from any the device will issue itself once its clock is
			// corrected; authorship is kept in the row state.
			// Observing the stored timestamp first keeps the edit winning
			// over what it would have won against, even if this server's
			// clock restarted behind an earlier server's.
			if st, ok := row[col]; ok && f.HLC > st.HLC {
				if ts, err := hlc.Parse(st.HLC); err == nil {
					s.clock.Observe(ts)
				}
			}
			restamped[col] = f.HLC
			f.HLC = s.clock.Now().String()
			m.Fields[col] = f
		} else {
			s.clock.Observe(ts)
		}
	}
	return m, restamped
}

// mergeMutation merges m into the row by the merge rules and finds the
// conflicts it raises, a referral-status conflict included.
func mergeMutation(tx countydb.Tx, m sync.Mutation, row sync.RowState, found bool, by sync.Author) (sync.MergeResult, []data.Conflict, error) {
	res := sync.Merge(row, m, by)
	conflicts := append([]data.Conflict(nil), res.Conflicts...)
	if m.Table == "referral_events" && !found {
		c, ok, err := statusConflict(tx, m, by)
		if err != nil {
			return res, nil, err
		}
		if ok {
			conflicts = append(conflicts, c)
		}
	}
	return res, conflicts, nil
}

// record appends the mutation's outcome to the change log and the server's
// copy of the row, and records its conflicts (giving them their ids).
// A row of a shared table goes to its second change log (also) too.
func (s *Server) record(tx countydb.Tx, scope, also, conflictScope string, m sync.Mutation, row sync.RowState,
	winners map[string]sync.Field, restamped map[string]string, conflicts []data.Conflict, by sync.Author) error {
	// The log entry carries the winners and, for every restamped field,
	// the field as it now stands with the original timestamp in Was: the
	// device that wrote it adopts that state, whether its edit won or not,
	// so its future-dated copy cannot outlive the others.
	logged := make(map[string]sync.Field, len(winners)+len(restamped))
	for col, f := range winners {
		logged[col] = f
	}
	for col, was := range restamped {
		f, won := winners[col]
		if !won {
			st := row[col]
			f = sync.Field{Value: st.Value, HLC: st.HLC}
		}
		f.Was = was
		logged[col] = f
	}
	if len(logged) > 0 {
		if err := recordChange(tx, scope, m, row, logged, winners, by); err != nil {
			return err
		}
		if also != "" {
			if _, err := tx.AppendChange(also, m.Table, m.Row, logged, by.Device); err != nil {
				return err
			}
		}
	}
	for i, c := range conflicts {
		id, err := s.recordConflict(tx, conflictScope, row, c)
		if err != nil {
			return err
		}
		conflicts[i].ID = id
	}
	return nil
}

// recordWinners appends a mutation's winning fields to the scope's change
// log and applies them to the server's copy of the row.
func recordWinners(tx countydb.Tx, scope string, m sync.Mutation, row sync.RowState, winners map[string]sync.Field, by sync.Author) error {
	return recordChange(tx, scope, m, row, winners, winners, by)
}

// recordChange appends logged to the scope's change log and applies the
// winning fields to the server's copy of the row.
func recordChange(tx countydb.Tx, scope string, m sync.Mutation, row sync.RowState, logged, winners map[string]sync.Field, by sync.Author) error {
	seq, err := tx.AppendChange(scope, m.Table, m.Row, logged, by.Device)
	if err != nil {
		return err
	}
	return tx.PutRow(m.Table, m.Row, scope, row.Apply(winners, seq, by))
}

// statusConflict finds a referral status event made from the same
// predecessor as an event another device already sent, with a different
// status, and indexes the incoming event for the next ones.
func statusConflict(tx countydb.Tx, m sync.Mutation, by sync.Author) (data.Conflict, bool, error) {
	link := sync.EventLinkOf(m, by)
	if link.ReferralID == "" {
		return data.Conflict{}, false, nil
	}
	siblings, err := tx.EventsWithPrev(link.ReferralID, link.PrevID)
	if err != nil {
		return data.Conflict{}, false, err
	}
	if err := tx.AddEventLink(link); err != nil {
		return data.Conflict{}, false, err
	}
	c, ok := sync.StatusConflict(m, link, siblings)
	return c, ok, nil
}

// recordConflict stores a conflict as a row of the organization's
// "conflicts" table, so every device of the organization receives it.
func (s *Server) recordConflict(tx countydb.Tx, scope string, row sync.RowState, c data.Conflict) (string, error) {
	c.ID = data.NewID()
	c.CreatedAt = s.now().UTC()
	if c.HouseholdID == "" {
		if c.Table == "households" {
			c.HouseholdID = c.RowID
		} else if st, ok := row["household_id"]; ok {
			c.HouseholdID, _ = st.Value.(string)
		}
	}
	stamp := s.clock.Now().String()
	vals := map[string]any{
		"tbl": c.Table, "row_id": c.RowID, "col": c.Column, "kind": c.Kind, "household_id": c.HouseholdID,
		"winner_value": c.WinnerValue, "winner_hlc": c.WinnerHLC, "winner_device": c.WinnerDevice, "winner_user": c.WinnerUser,
		"loser_value": c.LoserValue, "loser_hlc": c.LoserHLC, "loser_device": c.LoserDevice, "loser_user": c.LoserUser,
		"created_at": c.CreatedAt.Format("2006-01-02T15:04:05.000Z"), "resolved": float64(0), "resolution": "", "resolved_by": "",
	}
	fields := make(map[string]sync.Field, len(vals))
	for k, v := range vals {
		fields[k] = sync.Field{Value: v, HLC: stamp}
	}
	server := sync.Author{Device: "server"}
	seq, err := tx.AppendChange(scope, "conflicts", c.ID, fields, server.Device)
	if err != nil {
		return "", err
	}
	return c.ID, tx.PutRow("conflicts", c.ID, scope, sync.RowState(nil).Apply(fields, seq, server))
}

func (s *Server) pull(w http.ResponseWriter, r *http.Request, d countydb.Device) {
	req, err := readRequest(w, r, sync.DecodePullRequest, func(q sync.PullRequest) int { return q.SchemaVer })
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// A device receives only the tables its role reads (the registry's),
	// whatever it asks for: a stream carrying none of them answers an
	// empty page, and other tables' entries are left out of a page.
	can := readableBy(d.Role)
	var cursors []sync.ScopeCursor
	for _, sc := range req.Scopes {
		if can.streams[sc.Scope] {
			cursors = append(cursors, sync.ScopeCursor{Scope: serverScope(sc.Scope, d), After: sc.After})
		}
	}
	var stored [][]countydb.StoredChange
	if len(cursors) > 0 {
		if stored, err = s.st.ChangesAfter(r.Context(), cursors, req.Limit+1); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	reply := sync.PullReply{}
	for _, sc := range req.Scopes {
		page := sync.ScopePage{Scope: sc.Scope, NextAfter: sc.After, Changes: []sync.Change{}}
		if can.streams[sc.Scope] {
			changes := stored[0]
			stored = stored[1:]
			if len(changes) > req.Limit {
				changes, page.HasMore = changes[:req.Limit], true
			}
			page.Changes = make([]sync.Change, 0, len(changes))
			for _, c := range changes {
				if can.tables[c.Table] {
					page.Changes = append(page.Changes, sync.Change{Seq: c.Seq, Table: c.Table, Row: c.Row, Fields: json.RawMessage(c.Fields)})
				}
				page.NextAfter = c.Seq
			}
		}
		reply.Scopes = append(reply.Scopes, page)
	}
	reply.ServerTime = s.serverTime()
	s.touch(r.Context(), d)
	sync.WriteJSON(w, r, http.StatusOK, reply)
}

var shaPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

func blobSHA(r *http.Request) (string, error) {
	sha := r.PathValue("sha")
	if !shaPattern.MatchString(sha) {
		return "", fail(http.StatusBadRequest, sync.CodeBadRequest, "%q is not a SHA-256 in lowercase hex", sha)
	}
	return sha, nil
}

// blobHead answers 200 with the size for a complete attachment, or 404
// with Upload-Offset saying how much of an upload the server already has.
func (s *Server) blobHead(w http.ResponseWriter, r *http.Request, d countydb.Device) {
	sha, err := blobSHA(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	info, err := s.st.BlobInfo(r.Context(), sha)
	if err != nil && !errors.Is(err, countydb.ErrNotFound) {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Upload-Offset", strconv.FormatInt(info.Size, 10))
	if info.Complete {
		w.Header().Set("Content-Length", strconv.FormatInt(info.Size, 10))
		w.WriteHeader(http.StatusOK)
		return
	}
	w.WriteHeader(http.StatusNotFound)
}

// blobChunk is how much of an upload is stored per transaction, so a cut
// connection keeps what arrived.
const blobChunk = 256 << 10

// MaxBlobBytes is the largest attachment the server accepts.
const MaxBlobBytes = 256 << 20

// blobPut receives an attachment, or the rest of one: the Upload-Offset
// header says where the body starts. Once the bytes reach Upload-Length the
// server checks them against the SHA-256 and keeps them only if they match.
func (s *Server) blobPut(w http.ResponseWriter, r *http.Request, d countydb.Device) {
	sha, err := blobSHA(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	offset, err1 := strconv.ParseInt(r.Header.Get("Upload-Offset"), 10, 64)
	total, err2 := strconv.ParseInt(r.Header.Get("Upload-Length"), 10, 64)
	if err1 != nil || err2 != nil || offset < 0 || total < offset || total > MaxBlobBytes {
		s.writeError(w, r, fail(http.StatusBadRequest, sync.CodeBadRequest, "Upload-Offset and Upload-Length must be byte counts (at most %d)", MaxBlobBytes))
		return
	}
	info, err := s.st.BlobInfo(r.Context(), sha)
	if err != nil && !errors.Is(err, countydb.ErrNotFound) {
		s.writeError(w, r, err)
		return
	}
	if info.Complete {
		w.WriteHeader(http.StatusOK)
		return
	}
	if info.Size != offset {
		w.Header().Set("Upload-Offset", strconv.FormatInt(info.Size, 10))
		s.writeError(w, r, fail(http.StatusConflict, sync.CodeBlobOffset, "the server has %d bytes of this attachment, not %d", info.Size, offset))
		return
	}
	rd := io.LimitReader(r.Body, total-offset)
	buf := make([]byte, blobChunk)
	pos := offset
	for pos < total {
		n, err := io.ReadFull(rd, buf)
		if n > 0 {
			if err := s.st.AppendBlob(r.Context(), sha, pos, append([]byte(nil), buf[:n]...)); err != nil {
				s.writeError(w, r, err)
				return
			}
			pos += int64(n)
		}
		if err != nil {
			break
		}
	}
	if pos < total {
		w.Header().Set("Upload-Offset", strconv.FormatInt(pos, 10))
		s.writeError(w, r, fail(http.StatusBadRequest, sync.CodeBadRequest, "the upload stopped at byte %d of %d; resume from there", pos, total))
		return
	}
	if err := s.st.SetBlobComplete(r.Context(), sha); err != nil {
		if errors.Is(err, countydb.ErrBlobMismatch) {
			s.writeError(w, r, fail(http.StatusUnprocessableEntity, sync.CodeBlobMismatch, "the attachment's content does not match its SHA-256; it was discarded"))
			return
		}
		s.writeError(w, r, err)
		return
	}
	s.log.Info("attachment stored", "sha256", sha, "bytes", total, "device", d.ID)
	w.WriteHeader(http.StatusCreated)
}

// blobGet sends a complete attachment, from the offset of a
// "Range: bytes=N-" header if there is one.
func (s *Server) blobGet(w http.ResponseWriter, r *http.Request, d countydb.Device) {
	sha, err := blobSHA(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	info, err := s.st.BlobInfo(r.Context(), sha)
	if errors.Is(err, countydb.ErrNotFound) || err == nil && !info.Complete {
		s.writeError(w, r, fail(http.StatusNotFound, sync.CodeBadRequest, "the server does not have this attachment"))
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var from int64
	status := http.StatusOK
	if rg := r.Header.Get("Range"); rg != "" {
		spec, ok := strings.CutPrefix(rg, "bytes=")
		n, err := strconv.ParseInt(strings.TrimSuffix(spec, "-"), 10, 64)
		if !ok || !strings.HasSuffix(spec, "-") || err != nil || n < 0 || n > info.Size {
			s.writeError(w, r, fail(http.StatusRequestedRangeNotSatisfiable, sync.CodeBadRequest, "only ranges of the form bytes=N- are supported"))
			return
		}
		from, status = n, http.StatusPartialContent
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", n, info.Size-1, info.Size))
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(info.Size-from, 10))
	w.WriteHeader(status)
	if err := s.st.WriteBlob(r.Context(), sha, from, w); err != nil {
		s.log.Warn("attachment download stopped", "sha256", sha, "err", err)
	}
}
