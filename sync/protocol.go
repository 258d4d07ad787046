// Package sync is how Trellis changes travel between laptops and the county
// server: the wire protocol (requests, replies, their decoding and
// compression) and the field-level merge rules. It has no SQL and no HTTP
// server: the laptop's side is trellis/sync/client, the county server
// trellis/sync/server.
//
// Push sends the outbox as mutations numbered by a per-device mutation id
// (mid), so resending is harmless. Pull fetches the server's change log of
// each scope from a cursor, a page at a time; the client applies a page and
// advances its cursor in one transaction, so a dropped connection resumes
// where it stopped. Every field merges by last-writer-wins on its hybrid
// logical clock timestamp; guarded fields (consent, the assigned navigator,
// a referral's status) and edits of deleted records become conflicts that a
// person resolves. The server decides a device's organization from its
// token, never from what the device sends.
package sync

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"trellis/data"
	"trellis/data/hlc"
	"trellis/data/registry"
)

// Scopes a device pulls (the registry's streams). The server maps ScopeOrg
// to the organization of the device's token.
const (
	ScopeOrg    = registry.StreamOrg    // the device's organization's families and their records
	ScopePublic = registry.StreamPublic // the service directory and training materials
)

// Limits on what one request may carry.
const (
	MaxMutationsPerPush = 500
	DefaultPullLimit    = 500
	MaxPullLimit        = 2000
	MaxBodyBytes        = 16 << 20 // decompressed request body
	maxFields           = 64
	maxValueBytes       = 256 << 10
)

// Field is one field's value and timestamp on the wire. Was is set by the
// server when it restamped a timestamp that was too far in the future: the
// original, so the device that wrote it can adopt the new one.
type Field struct {
	Value any    `json:"value"`
	HLC   string `json:"hlc"`
	Was   string `json:"was,omitempty"`
}

// Mutation is one outbox change pushed to the server. BaseSeq is the
// cursor of the record's scope that the device had pulled when it made the
// change.
type Mutation struct {
	MID     int64            `json:"mid"`
	Table   string           `json:"table"`
	Row     string           `json:"row"`
	Fields  map[string]Field `json:"fields"`
	BaseSeq int64            `json:"base_seq"`
}

// PushRequest is the body of POST /v1/push.
type PushRequest struct {
	DeviceID  string     `json:"device_id"`
	SchemaVer int        `json:"schema_ver"`
	Mutations []Mutation `json:"mutations"`
}

// Rejected is a mutation the server refused; its mid still counts as
// acknowledged.
type Rejected struct {
	MID    int64  `json:"mid"`
	Table  string `json:"table"`
	Row    string `json:"row"`
	Code   string `json:"code,omitempty"` // one of the Reject* codes
	Reason string `json:"reason"`         // the reason in words, for logs and older clients
}

// PushReply answers a push.
type PushReply struct {
	AckedMID   int64      `json:"acked_mid"`
	ServerTime string     `json:"server_time"` // an HLC timestamp
	Rejected   []Rejected `json:"rejected"`
	Conflicts  []string   `json:"conflicts"` // ids of conflicts this push raised
}

// ScopeCursor asks for a scope's changes after a position.
type ScopeCursor struct {
	Scope string `json:"scope"`
	After int64  `json:"after"`
}

// PullRequest is the body of POST /v1/pull.
type PullRequest struct {
	SchemaVer int           `json:"schema_ver"`
	Scopes    []ScopeCursor `json:"scopes"`
	Limit     int           `json:"limit"`
}

// Change is one entry of the server's change log: fields of one row that
// won when they arrived. Fields is a JSON object of Field.
type Change struct {
	Seq    int64           `json:"seq"`
	Table  string          `json:"table"`
	Row    string          `json:"row"`
	Fields json.RawMessage `json:"fields"`
}

// ScopePage is one page of a scope's changes.
type ScopePage struct {
	Scope     string   `json:"scope"`
	Changes   []Change `json:"changes"`
	NextAfter int64    `json:"next_after"`
	HasMore   bool     `json:"has_more"`
}

// PullReply answers a pull.
type PullReply struct {
	Scopes     []ScopePage `json:"scopes"`
	ServerTime string      `json:"server_time"`
}

// EnrollRequest is the body of POST /v1/enroll.
type EnrollRequest struct {
	User       string `json:"user"`
	Password   string `json:"password"`
	DeviceName string `json:"device_name"`
	Node       string `json:"node"` // the HLC node id the device stamps its changes with
	SchemaVer  int    `json:"schema_ver"`
}

// EnrollReply answers an enrolment.
type EnrollReply struct {
	DeviceID   string `json:"device_id"`
	Token      string `json:"token"`
	OrgID      string `json:"org_id"`
	OrgName    string `json:"org_name"`
	ServerTime string `json:"server_time"`
	// Role is the user's role (navigator, trainer, admin), which tells
	// the app whether the server accepts its directory and material
	// changes. Older servers leave it out.
	Role string `json:"role,omitempty"`
	// Node is the clock node the server gave the device: every change
	// it sends from now on is stamped with it (the waiting ones move to
	// it). No two devices get the same node. Older servers leave it out,
	// and the device keeps its own.
	Node string `json:"node,omitempty"`
}

// RejoinRequest is the body of POST /v1/rejoin: a device whose mutation
// ids the server found used already (its profile was restored from a
// backup or copied to another laptop) asks, with its token, to go on as a
// new device of the same user. The answer is an EnrollReply.
type RejoinRequest struct {
	SchemaVer  int    `json:"schema_ver"`
	DeviceName string `json:"device_name"`
}

// ErrorReply is the body of every error response.
type ErrorReply struct {
	Error    string `json:"error"`   // a stable code, e.g. "device_revoked"
	Message  string `json:"message"` // plain words
	AckedMID int64  `json:"acked_mid,omitempty"`
}

// Error codes of ErrorReply.
const (
	CodeBadRequest   = "bad_request"
	CodeUnauthorized = "unauthorized"
	CodeRevoked      = "device_revoked"
	CodeMIDGap       = "mid_gap"
	// CodeMIDReused: a mutation carries an id the server has applied
	// with other content (a restored or copied profile). Nothing of the
	// push was applied; AckedMID says how far it held resends of what
	// was applied. The device rejoins (POST /v1/rejoin) and sends the
	// rest under its new id.
	CodeMIDReused       = "mid_reused"
	CodeUpgradeRequired = "upgrade_required"
	CodeTooLarge        = "too_large"
	CodeInternal        = "internal"
	CodeBlobMismatch    = "blob_mismatch"
	CodeBlobOffset      = "blob_offset"
	// CodeTooManyAttempts: enrolment refused without a password check
	// after too many failures (429, Retry-After says when to try again).
	CodeTooManyAttempts = "too_many_attempts"
	// CodeBusy: the server has too many password checks waiting (503).
	CodeBusy = "busy"
	// CodeUserDisabled: the county disabled the device's user (401 to a
	// device, 403 to an enrolment with the right password).
	CodeUserDisabled = "user_disabled"
	// CodeTokenExpired: the device did not sync for so long that its
	// token expired; it must enrol again (401).
	CodeTokenExpired = "token_expired"
)

// TableScope returns the stream a synced table's records travel in (its
// registry scope's), and false for a table that is not synced.
func TableScope(table string) (string, bool) {
	t := registry.Lookup(table)
	if t == nil {
		return "", false
	}
	return t.Scope.Stream, true
}

// decodeJSON reads one JSON value from r into v, refusing unknown fields
// and trailing data.
func decodeJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("the request is not valid JSON for this endpoint: %w", err)
	}
	if dec.More() {
		return errors.New("the request has data after its JSON body")
	}
	return nil
}

// DecodePushRequest reads and checks a push body.
func DecodePushRequest(r io.Reader) (PushRequest, error) {
	var req PushRequest
	if err := decodeJSON(r, &req); err != nil {
		return req, err
	}
	if len(req.Mutations) > MaxMutationsPerPush {
		return req, fmt.Errorf("a push may carry at most %d mutations, this one has %d", MaxMutationsPerPush, len(req.Mutations))
	}
	for i := range req.Mutations {
		m := &req.Mutations[i]
		if m.MID <= 0 {
			return req, fmt.Errorf("mutation %d: mid must be positive, got %d", i, m.MID)
		}
		if i > 0 && m.MID != req.Mutations[i-1].MID+1 {
			return req, fmt.Errorf("mutation %d: mids must increase by one, got %d after %d", i, m.MID, req.Mutations[i-1].MID)
		}
		if m.BaseSeq < 0 {
			return req, fmt.Errorf("mutation %d: base_seq must not be negative", i)
		}
		if err := checkFields(m.Table, m.Row, m.Fields); err != nil {
			return req, fmt.Errorf("mutation %d (mid %d): %w", i, m.MID, err)
		}
	}
	return req, nil
}

// checkFields checks a row's table, id and fields: known columns, valid
// timestamps, and plain values (text, number, boolean or null).
func checkFields(table, row string, fields map[string]Field) error {
	t := registry.Lookup(table)
	if t == nil {
		return fmt.Errorf("unknown table %q", table)
	}
	if !data.ValidID(row) {
		return fmt.Errorf("row id %q is not a valid id", row)
	}
	if len(fields) == 0 {
		return errors.New("no fields")
	}
	if len(fields) > maxFields {
		return fmt.Errorf("too many fields (%d)", len(fields))
	}
	for col, f := range fields {
		if col != data.DeletedField && !t.HasColumn(col) {
			return fmt.Errorf("unknown column %s.%s", table, col)
		}
		if f.HLC == "" {
			return fmt.Errorf("%s has no timestamp", col)
		}
		if _, err := hlc.Parse(f.HLC); err != nil {
			return fmt.Errorf("%s: %w", col, err)
		}
		if f.Was != "" {
			return fmt.Errorf("%s: only the server sets \"was\"", col)
		}
		switch v := f.Value.(type) {
		case nil, bool, float64:
		case string:
			if len(v) > maxValueBytes {
				return fmt.Errorf("%s is too long (%d bytes)", col, len(v))
			}
		default:
			return fmt.Errorf("%s must be text, a number, true/false or null, not %T", col, v)
		}
	}
	return nil
}

// DecodePullRequest reads and checks a pull body.
func DecodePullRequest(r io.Reader) (PullRequest, error) {
	var req PullRequest
	if err := decodeJSON(r, &req); err != nil {
		return req, err
	}
	if len(req.Scopes) == 0 || len(req.Scopes) > len(registry.Streams) {
		return req, fmt.Errorf("a pull names one to %d of the scopes %q, not %d", len(registry.Streams), registry.Streams, len(req.Scopes))
	}
	seen := map[string]bool{}
	for _, sc := range req.Scopes {
		if !slices.Contains(registry.Streams, sc.Scope) {
			return req, fmt.Errorf("unknown scope %q (want one of %q)", sc.Scope, registry.Streams)
		}
		if seen[sc.Scope] {
			return req, fmt.Errorf("scope %q is named twice", sc.Scope)
		}
		seen[sc.Scope] = true
		if sc.After < 0 {
			return req, fmt.Errorf("scope %q: after must not be negative", sc.Scope)
		}
	}
	if req.Limit <= 0 {
		req.Limit = DefaultPullLimit
	}
	if req.Limit > MaxPullLimit {
		req.Limit = MaxPullLimit
	}
	return req, nil
}

// DecodeEnrollRequest reads and checks an enrolment body.
func DecodeEnrollRequest(r io.Reader) (EnrollRequest, error) {
	var req EnrollRequest
	if err := decodeJSON(r, &req); err != nil {
		return req, err
	}
	req.User = strings.TrimSpace(req.User)
	req.DeviceName = strings.TrimSpace(req.DeviceName)
	switch {
	case req.User == "" || len(req.User) > data.MaxName:
		return req, errors.New("a user name is required")
	case req.Password == "" || len(req.Password) > 1024:
		return req, errors.New("a password is required")
	case len(req.DeviceName) > data.MaxName:
		return req, errors.New("the device name is too long")
	}
	if err := hlc.ValidNode(req.Node); err != nil {
		return req, err
	}
	return req, nil
}

// DecodeRejoinRequest reads and checks a rejoin body.
func DecodeRejoinRequest(r io.Reader) (RejoinRequest, error) {
	var req RejoinRequest
	if err := decodeJSON(r, &req); err != nil {
		return req, err
	}
	req.DeviceName = strings.TrimSpace(req.DeviceName)
	if len(req.DeviceName) > data.MaxName {
		return req, errors.New("the device name is too long")
	}
	return req, nil
}

// Fingerprint identifies a mutation's content: its table, row, and each
// field's value and timestamp (not its mid or base_seq). A resend of a
// mutation has the same fingerprint; another change sent under the same
// mid (from a restored or copied profile) has another, since every local
// change is stamped anew.
func (m Mutation) Fingerprint() int64 {
	h := sha256.New()
	io.WriteString(h, m.Table)
	h.Write([]byte{0})
	io.WriteString(h, m.Row)
	for _, col := range slices.Sorted(maps.Keys(m.Fields)) {
		f := m.Fields[col]
		v, _ := json.Marshal(f.Value)
		for _, part := range [][]byte{[]byte(col), []byte(f.HLC), v} {
			h.Write([]byte{0})
			h.Write(part)
		}
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return int64(binary.BigEndian.Uint64(sum[:8]))
}
