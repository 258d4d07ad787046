package data

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Error codes of FieldError. Each is also the suffix of the translated
// message id "error.<code>" that the app shows beside the field.
const (
	CodeRequired        = "required"         // the field must not be empty
	CodeTooLong         = "too_long"         // more than Limit characters
	CodeInvalidLanguage = "invalid_language" // not a known BCP 47 language tag
	CodeInvalidPhone    = "invalid_phone"    // not a phone number
	CodeInvalidZIP      = "invalid_zip"      // not a 5-digit or ZIP+4 code
	CodeInvalidEmail    = "invalid_email"    // not an e-mail address
	CodeInvalidChoice   = "invalid_choice"   // not one of the allowed values
	CodeInvalidDate     = "invalid_date"     // not a date
	CodeFutureDate      = "future_date"      // later than today
	CodeTooOld          = "too_old"          // more than 120 years ago
	CodeUnknownID       = "unknown_id"       // refers to a record that does not exist
	CodeOutOfRange      = "out_of_range"     // a number outside its allowed range
	CodeInvalidType     = "invalid_type"     // a value of the wrong type for its field (sync only)
)

// FieldError says what is wrong with one field of a record.
type FieldError struct {
	Field string // the field's name, as in the store: "phone", "birth_date"
	Code  string // one of the Code constants
	Value string // the offending value, where showing it helps
	Limit int    // for CodeTooLong: the maximum length
}

func (e FieldError) Error() string {
	switch e.Code {
	case CodeRequired:
		return fmt.Sprintf("%s is required", e.Field)
	case CodeTooLong:
		return fmt.Sprintf("%s is longer than %d characters", e.Field, e.Limit)
	case CodeInvalidLanguage:
		return fmt.Sprintf("%s: %q is not a known language tag (use a BCP 47 tag such as es, so, zh-Hant)", e.Field, e.Value)
	case CodeInvalidPhone:
		return fmt.Sprintf("%s: %q is not a phone number (7 to 15 digits)", e.Field, e.Value)
	case CodeInvalidZIP:
		return fmt.Sprintf("%s: %q is not a ZIP code (5 digits, or ZIP+4)", e.Field, e.Value)
	case CodeInvalidEmail:
		return fmt.Sprintf("%s: %q is not an e-mail address", e.Field, e.Value)
	case CodeInvalidChoice:
		return fmt.Sprintf("%s: %q is not one of the allowed values", e.Field, e.Value)
	case CodeInvalidDate:
		return fmt.Sprintf("%s: %q is not a date (YYYY-MM-DD)", e.Field, e.Value)
	case CodeFutureDate:
		return fmt.Sprintf("%s: %s is in the future", e.Field, e.Value)
	case CodeTooOld:
		return fmt.Sprintf("%s: %s is more than 120 years ago", e.Field, e.Value)
	case CodeUnknownID:
		return fmt.Sprintf("%s: no record with id %q", e.Field, e.Value)
	case CodeOutOfRange:
		return fmt.Sprintf("%s: %s is out of range", e.Field, e.Value)
	case CodeInvalidType:
		return fmt.Sprintf("%s: a value of the wrong type (%s)", e.Field, e.Value)
	}
	return fmt.Sprintf("%s: invalid (%s)", e.Field, e.Code)
}

// ValidationError lists every field of a record that is wrong. Nothing is
// written when a store method returns one.
type ValidationError struct {
	Kind   string // the kind of record: "family", "child", "referral", ...
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		msgs[i] = f.Error()
	}
	return fmt.Sprintf("invalid %s: %s", e.Kind, strings.Join(msgs, "; "))
}

// Field returns the error for the named field, if there is one.
func (e *ValidationError) Field(name string) (FieldError, bool) {
	for _, f := range e.Fields {
		if f.Field == name {
			return f, true
		}
	}
	return FieldError{}, false
}

// Checker collects field errors while a record is validated.
type Checker struct {
	Kind   string
	Now    time.Time
	errors []FieldError
}

// Add records an error for a field.
func (c *Checker) Add(field, code, value string) {
	c.errors = append(c.errors, FieldError{Field: field, Code: code, Value: value})
}

// Err returns a *ValidationError if any field was wrong, else nil.
func (c *Checker) Err() error {
	if len(c.errors) == 0 {
		return nil
	}
	return &ValidationError{Kind: c.Kind, Fields: c.errors}
}

// Text limits, in characters.
const (
	MaxName  = 200    // names of people, families, services
	MaxShort = 500    // one-line fields: contact times, reasons, addresses
	MaxNote  = 20000  // notes and descriptions
	MaxBody  = 500000 // training material bodies
)

// Required checks that s is not blank and at most max characters long.
func (c *Checker) Required(field, s string, max int) {
	if strings.TrimSpace(s) == "" {
		c.Add(field, CodeRequired, "")
		return
	}
	c.MaxLen(field, s, max)
}

// MaxLen checks that s is at most max characters long.
func (c *Checker) MaxLen(field, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		c.errors = append(c.errors, FieldError{Field: field, Code: CodeTooLong, Limit: max})
	}
}

// Language checks an optional BCP 47 tag.
func (c *Checker) Language(field, tag string) {
	if tag == "" {
		return
	}
	if _, err := CanonicalLanguage(tag); err != nil {
		c.Add(field, CodeInvalidLanguage, tag)
	}
}

// Languages checks a list of optional BCP 47 tags.
func (c *Checker) Languages(field string, tags []string) {
	for _, t := range tags {
		c.Language(field, t)
	}
}

// CanonicalLanguage parses a BCP 47 tag and returns its canonical form
// ("ES" → "es", "zh-hant" → "zh-Hant"). Unknown languages are an error.
func CanonicalLanguage(tag string) (string, error) {
	t, err := language.Parse(strings.TrimSpace(tag))
	if err != nil {
		return "", err
	}
	if base, conf := t.Base(); conf == language.No || base.String() == "und" {
		return "", fmt.Errorf("%q is not a known language", tag)
	}
	return t.String(), nil
}

var phoneChars = regexp.MustCompile(`^\+?[0-9 ().\-]+$`)

// Phone checks an optional phone number: 7 to 15 digits, with spaces,
// dashes, dots, brackets and a leading + allowed.
func (c *Checker) Phone(field, s string) {
	if s == "" {
		return
	}
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if !phoneChars.MatchString(s) || digits < 7 || digits > 15 {
		c.Add(field, CodeInvalidPhone, s)
	}
}

var zipPattern = regexp.MustCompile(`^[0-9]{5}(-[0-9]{4})?$`)

// ZIP checks an optional US ZIP code.
func (c *Checker) ZIP(field, s string) {
	if s != "" && !zipPattern.MatchString(s) {
		c.Add(field, CodeInvalidZIP, s)
	}
}

// Email checks an optional e-mail address.
func (c *Checker) Email(field, s string) {
	if s == "" {
		return
	}
	if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
		c.Add(field, CodeInvalidEmail, s)
	}
}

// Choice checks that s is one of allowed (or empty, if optional).
func (c *Checker) Choice(field, s string, optional bool, allowed ...string) {
	if s == "" && optional {
		return
	}
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	c.Add(field, CodeInvalidChoice, s)
}

// PastDate checks a date that may not be in the future nor more than 120
// years ago. A zero date is accepted unless required.
func (c *Checker) PastDate(field string, d Date, required bool) {
	if d.IsZero() {
		if required {
			c.Add(field, CodeRequired, "")
		}
		return
	}
	today := DateOf(c.Now)
	switch {
	case d.After(today):
		c.Add(field, CodeFutureDate, d.String())
	case d.Before(DateOf(c.Now.AddDate(-120, 0, 0))):
		c.Add(field, CodeTooOld, d.String())
	}
}

// ID checks an id field that must be set and well formed.
func (c *Checker) ID(field, id string, required bool) {
	if id == "" {
		if required {
			c.Add(field, CodeRequired, "")
		}
		return
	}
	if !ValidID(id) {
		c.Add(field, CodeUnknownID, id)
	}
}
