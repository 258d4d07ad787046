// Package hlc is the hybrid logical clock that stamps every change Trellis
// records, locally and on the county server.
//
// A Timestamp is wall-clock milliseconds, a counter for events within the
// same millisecond, and the node (device) that issued it. Timestamps are
// totally ordered by (wall, counter, node), and their string form sorts the
// same way, so "does the incoming write win?" is a string comparison.
//
// The clock lives in data/ rather than sync/ because the local store stamps
// every write with it, and data/ must not import sync/.
package hlc

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// NodeLen is the length of a node id: 16 lowercase hexadecimal digits.
const NodeLen = 16

// encodedLen is the length of a Timestamp's string form:
// 12 hex digits of wall ms, 4 of counter, 16 of node.
const encodedLen = 12 + 4 + NodeLen

// MaxSkew is how far ahead of the local clock a remote timestamp may be
// before Observe refuses it.
const MaxSkew = 5 * time.Minute

// Timestamp is one tick of a hybrid logical clock.
type Timestamp struct {
	WallMS  int64  // milliseconds since the Unix epoch
	Counter uint16 // orders events within the same millisecond
	Node    string // the issuing node, NodeLen hex digits
}

// IsZero reports whether t is the zero Timestamp.
func (t Timestamp) IsZero() bool { return t.WallMS == 0 && t.Counter == 0 && t.Node == "" }

// String encodes t as 32 lowercase hex digits that sort in clock order.
func (t Timestamp) String() string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%012x%04x%s", t.WallMS, t.Counter, t.Node)
}

// Time returns the wall-clock part of t.
func (t Timestamp) Time() time.Time { return time.UnixMilli(t.WallMS).UTC() }

// Compare returns -1, 0 or +1 as t sorts before, equal to or after u.
func (t Timestamp) Compare(u Timestamp) int {
	switch {
	case t.WallMS != u.WallMS:
		return cmp(t.WallMS < u.WallMS)
	case t.Counter != u.Counter:
		return cmp(t.Counter < u.Counter)
	case t.Node != u.Node:
		return cmp(t.Node < u.Node)
	}
	return 0
}

func cmp(less bool) int {
	if less {
		return -1
	}
	return 1
}

// Parse decodes the string form written by Timestamp.String.
// The empty string parses as the zero Timestamp.
func Parse(s string) (Timestamp, error) {
	if s == "" {
		return Timestamp{}, nil
	}
	if len(s) != encodedLen {
		return Timestamp{}, fmt.Errorf("hlc: timestamp %q has %d characters, want %d", s, len(s), encodedLen)
	}
	wall, err := strconv.ParseInt(s[:12], 16, 64)
	if err != nil {
		return Timestamp{}, fmt.Errorf("hlc: timestamp %q: bad wall time", s)
	}
	counter, err := strconv.ParseUint(s[12:16], 16, 16)
	if err != nil {
		return Timestamp{}, fmt.Errorf("hlc: timestamp %q: bad counter", s)
	}
	node := s[16:]
	if err := ValidNode(node); err != nil {
		return Timestamp{}, fmt.Errorf("hlc: timestamp %q: %w", s, err)
	}
	return Timestamp{WallMS: wall, Counter: uint16(counter), Node: node}, nil
}

// ValidNode reports whether node is NodeLen lowercase hex digits.
func ValidNode(node string) error {
	if len(node) != NodeLen {
		return fmt.Errorf("node id %q must be %d hex digits", node, NodeLen)
	}
	for _, c := range node {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return fmt.Errorf("node id %q must be lowercase hex", node)
		}
	}
	return nil
}

// NewNode returns a fresh random node id.
func NewNode() string {
	var b [NodeLen / 2]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("hlc: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

// ErrClockAhead is returned by Observe when a remote timestamp is further
// ahead of the local wall clock than MaxSkew.
var ErrClockAhead = errors.New("hlc: remote clock is too far ahead")

// Clock issues Timestamps that never go backwards, even when the wall clock
// does. It is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	node   string
	now    func() time.Time
	offset time.Duration // added to the wall clock (see SetOffset)
	last   Timestamp
}

// NewClock returns a clock for node that reads the wall time from now (nil
// means time.Now) and will never issue a timestamp at or before last, the
// highest timestamp this node is known to have issued or seen.
func NewClock(node string, now func() time.Time, last Timestamp) (*Clock, error) {
	if err := ValidNode(node); err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	return &Clock{node: node, now: now, last: last}, nil
}

// Node returns the id of the node this clock stamps for.
func (c *Clock) Node() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.node
}

// SetNode makes the clock stamp for another node from now on (the county
// server gives each enrolled device a node of its own). Timestamps still
// never go backwards.
func (c *Clock) SetNode(node string) error {
	if err := ValidNode(node); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.node = node
	return nil
}

// Last returns the highest timestamp issued or observed so far.
func (c *Clock) Last() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// Now issues a new timestamp, strictly greater than every earlier one.
func (c *Clock) Now() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.now().Add(c.offset).UnixMilli()
	next := Timestamp{Node: c.node}
	switch {
	case wall > c.last.WallMS:
		next.WallMS = wall
	case c.last.Counter == 0xffff:
		// The counter is spent for this millisecond: borrow the next one.
		next.WallMS = c.last.WallMS + 1
	default:
		next.WallMS = c.last.WallMS
		next.Counter = c.last.Counter + 1
	}
	c.last = next
	return next
}

// Observe folds a timestamp seen from elsewhere (a remote change or the
// server's time) into the clock, so that later local timestamps sort after
// it. A remote timestamp more than MaxSkew ahead of the local wall clock is
// refused with ErrClockAhead and leaves the clock unchanged.
func (c *Clock) Observe(remote Timestamp) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if wall := c.now().Add(c.offset).UnixMilli(); remote.WallMS > wall+MaxSkew.Milliseconds() {
		return fmt.Errorf("%w: %s is %s ahead", ErrClockAhead, remote.Time().Format(time.RFC3339),
			time.Duration(remote.WallMS-wall)*time.Millisecond)
	}
	if remote.WallMS > c.last.WallMS || remote.WallMS == c.last.WallMS && remote.Counter > c.last.Counter {
		c.last = Timestamp{WallMS: remote.WallMS, Counter: remote.Counter, Node: c.node}
	}
	return nil
}

// SetOffset corrects the wall clock this clock reads by d, for a computer
// whose clock is known to be off (sync measures it against the server's
// time). Timestamps still never go backwards.
func (c *Clock) SetOffset(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = d
}

// Offset returns the correction set by SetOffset.
func (c *Clock) Offset() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}
