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
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	gosync "sync"

	"trellis/data"
	"trellis/data/hlc"
	"trellis/data/store"
)

// Scopes a device pulls. The server maps ScopeOrg to the organization of
// the device's token.
const (
	ScopeOrg    = "org"    // the device's organization's families and their records
	ScopePublic = "public" // the service directory and training materials
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

// SchemaVersion is the data schema this build speaks; the server accepts
// clients of SchemaVersion-1 and newer.
func SchemaVersion() int { return schemaVersion() }

// schemaVersion reads the store's migrations once (every request asks).
var schemaVersion = gosync.OnceValue(store.SchemaVersion)

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
}

// ErrorReply is the body of every error response.
type ErrorReply struct {
	Error    string `json:"error"`   // a stable code, e.g. "device_revoked"
	Message  string `json:"message"` // plain words
	AckedMID int64  `json:"acked_mid,omitempty"`
}

// Error codes of ErrorReply.
const (
	CodeBadRequest      = "bad_request"
	CodeUnauthorized    = "unauthorized"
	CodeRevoked         = "device_revoked"
	CodeMIDGap          = "mid_gap"
	CodeUpgradeRequired = "upgrade_required"
	CodeTooLarge        = "too_large"
	CodeInternal        = "internal"
	CodeBlobMismatch    = "blob_mismatch"
	CodeBlobOffset      = "blob_offset"
)

// orgTables are the tables whose records belong to one organization.
var orgTables = map[string]bool{
	"households": true, "members": true, "contacts": true, "screenings": true, "referrals": true,
	"referral_events": true, "followups": true, "conflicts": true, "materials_given": true,
}

// TableScope returns the scope a synced table's records travel in, and
// false for a table that is not synced.
func TableScope(table string) (string, bool) {
	if orgTables[table] {
		return ScopeOrg, true
	}
	if store.TableColumns(table) == nil {
		return "", false
	}
	return ScopePublic, true
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
	if _, ok := TableScope(table); !ok {
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
	cols := store.TableColumns(table)
	for col, f := range fields {
		if col != data.DeletedField && !contains(cols, col) {
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// DecodePullRequest reads and checks a pull body.
func DecodePullRequest(r io.Reader) (PullRequest, error) {
	var req PullRequest
	if err := decodeJSON(r, &req); err != nil {
		return req, err
	}
	if len(req.Scopes) == 0 || len(req.Scopes) > 2 {
		return req, fmt.Errorf("a pull names one or two scopes (%q, %q), not %d", ScopeOrg, ScopePublic, len(req.Scopes))
	}
	seen := map[string]bool{}
	for _, sc := range req.Scopes {
		if sc.Scope != ScopeOrg && sc.Scope != ScopePublic {
			return req, fmt.Errorf("unknown scope %q (want %q or %q)", sc.Scope, ScopeOrg, ScopePublic)
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
