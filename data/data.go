// Package data holds Trellis's domain: families and their members, the
// contact log, screenings, the service directory, referrals, follow-ups and
// training materials, with the rules that say what a valid record is.
//
// It has no storage of its own: data/store keeps these records in SQLite and
// records every change for sync. Nothing here imports Fyne or sync.
package data

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// NewID returns a new record id: a UUIDv7, so ids sort roughly by creation.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// ValidID reports whether s is a well-formed record id.
func ValidID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}

// ErrNotFound is returned when a record asked for by id does not exist (or
// has been deleted).
var ErrNotFound = errors.New("not found")

// NotFoundError names the kind of record and the id that was not found.
type NotFoundError struct {
	Kind string // "family", "service", ...
	ID   string
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("no %s with id %s", e.Kind, e.ID) }

// Is makes errors.Is(err, ErrNotFound) true for a NotFoundError.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// Date is a calendar date with no time of day or zone, such as a date of
// birth or a follow-up's due date. The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses an ISO 8601 calendar date, YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// MustDate is ParseDate for literals known to be valid; it panics otherwise.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// String formats the date as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Time returns midnight UTC at the start of the date.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Time().Before(e.Time()) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Time().After(e.Time()) }

// AddDays returns the date n days after d.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// DaysUntil returns the number of days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.Time().Sub(d.Time()).Hours() / 24) }

// AgeInMonths returns the whole months from birth to on, the way ages of
// young children are counted (a child born on the 31st turns one month old
// on the last day of the next month if it has no 31st).
func AgeInMonths(birth, on Date) int {
	if birth.IsZero() || on.Before(birth) {
		return 0
	}
	months := (on.Year-birth.Year)*12 + int(on.Month-birth.Month)
	lastDay := DateOf(time.Date(on.Year, on.Month+1, 0, 0, 0, 0, 0, time.UTC)).Day
	if on.Day < birth.Day && on.Day < lastDay {
		months--
	}
	return months
}

// MarshalText writes the date as YYYY-MM-DD ("" when unset), so that
// dates read naturally in JSON.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads what MarshalText writes.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
