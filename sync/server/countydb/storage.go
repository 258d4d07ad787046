// Package countydb is the county server's database, on SQLite or
// PostgreSQL: organizations, users and devices, the server's copy of every
// synced row, the change log of each scope, and attachments.
package countydb

import (
	"context"
	"errors"
	"io"
	"time"
	"trellis/sync"
)

// Org is an organization: its devices see only its own families.
type Org struct {
	ID        string
	Name      string
	CreatedAt time.Time
}

// User is a person who may enrol devices.
type User struct {
	ID           string
	OrgID        string
	Name         string
	Role         string
	PasswordHash string // argon2id, PHC format
	CreatedAt    time.Time
	DisabledAt   time.Time // zero while the user may enrol and sync
}

// Device is an enrolled laptop. The server keeps only its token's hash.
type Device struct {
	ID        string
	UserID    string
	OrgID     string
	Name      string
	Node      string // the HLC node its changes are stamped with
	TokenHash string
	CreatedAt time.Time
	RevokedAt time.Time // zero while the device may sync
	LastMID   int64     // highest mutation id applied
	LastSeen  time.Time
	// Replaces is the device this one was made from when that one's
	// profile turned out restored or copied (POST /v1/rejoin); revoking a
	// device revokes the devices made from it.
	Replaces string
	// TokenExpires is when the token stops working unless the device
	// syncs before (zero: set at its next request).
	TokenExpires time.Time

	UserName string // read with the device
	Role     string
	OrgName  string
	// UserDisabledAt is the user's DisabledAt, read with the device.
	UserDisabledAt time.Time
}

// StoredChange is a change-log entry as storage returns it.
type StoredChange struct {
	Seq    int64
	Table  string
	Row    string
	Fields string // JSON object of sync.Field
	Device string
}

// BlobInfo describes an attachment upload.
type BlobInfo struct {
	Size     int64 // bytes received so far
	Complete bool  // received in full and verified
}

// ErrNotFound is returned by storage for a missing org, user, device or blob.
var ErrNotFound = errors.New("not found")

// Storage is where the county server keeps its state. DB
// implements it on SQLite and on PostgreSQL.
type Storage interface {
	CreateOrg(ctx context.Context, o Org) error
	Orgs(ctx context.Context) ([]Org, error)
	OrgByName(ctx context.Context, name string) (Org, error)
	CreateUser(ctx context.Context, u User) error
	Users(ctx context.Context) ([]User, error)
	UserByName(ctx context.Context, name string) (User, error)
	CreateDevice(ctx context.Context, d Device) error
	Devices(ctx context.Context) ([]Device, error)
	DeviceByTokenHash(ctx context.Context, hash string) (Device, error)
	RevokeDevice(ctx context.Context, id string, at time.Time) error
	// NodeInUse reports whether a device already stamps with node.
	NodeInUse(ctx context.Context, node string) (bool, error)
	TouchDevice(ctx context.Context, id string, at time.Time) error
	// SetUserDisabled disables a user (at not zero) or enables it again.
	SetUserDisabled(ctx context.Context, name string, at time.Time) error
	// SetUserPassword replaces a user's password hash.
	SetUserPassword(ctx context.Context, name, hash string) error
	// RenewToken moves a device's token expiry.
	RenewToken(ctx context.Context, id string, expires time.Time) error

	// Update runs fn in one transaction that holds the change-log lock of
	// every scope named, so that change-log order is commit order.
	Update(ctx context.Context, scopes []string, fn func(Tx) error) error
	// Changes returns up to limit change-log entries of scope after seq.
	Changes(ctx context.Context, scope string, after int64, limit int) ([]StoredChange, error)
	// ChangesAfter returns, for each cursor, up to limit entries of its
	// scope's change log after its position, from one snapshot.
	ChangesAfter(ctx context.Context, cursors []sync.ScopeCursor, limit int) ([][]StoredChange, error)

	BlobInfo(ctx context.Context, sha string) (BlobInfo, error)
	AppendBlob(ctx context.Context, sha string, offset int64, chunk []byte) error
	SetBlobComplete(ctx context.Context, sha string) error
	DeleteBlob(ctx context.Context, sha string) error
	WriteBlob(ctx context.Context, sha string, from int64, w io.Writer) error

	Close() error
}

// Tx is what a push does inside its transaction.
type Tx interface {
	LastMID(deviceID string) (int64, error)
	SetLastMID(deviceID string, mid int64) error
	// Row returns a row's scope and state; found is false for a new row.
	Row(table, id string) (scope string, row sync.RowState, found bool, err error)
	PutRow(table, id, scope string, row sync.RowState) error
	AppendChange(scope, table, id string, fields map[string]sync.Field, deviceID string) (int64, error)
	EventsWithPrev(referralID, prevID string) ([]sync.EventLink, error)
	// MutationPrints returns the fingerprints recorded for a device's
	// mutation ids from..to (an id without one is missing from the map).
	MutationPrints(deviceID string, from, to int64) (map[int64]int64, error)
	// AddMutationPrint records the fingerprint of an applied mutation.
	AddMutationPrint(deviceID string, mid, fp int64) error
	AddEventLink(l sync.EventLink) error
}
