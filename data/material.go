package data

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"time"
)

// Material statuses.
const (
	MaterialDraft     = "draft"
	MaterialPublished = "published"
)

// Audiences a training material is written for.
var MaterialAudiences = []string{"navigators", "parent_educators", "families"}

// Material is a training material prepared by a trainer. Its text lives in
// one MaterialVersion per language.
type Material struct {
	ID        string    `db:"id"`
	Topic     string    `db:"topic"`
	Audience  string    `db:"audience"`
	Status    string    `db:"status"`
	Author    string    `db:"author"`
	UpdatedAt time.Time `db:"updated_at"`
}

// Validate checks every field of m.
func (m *Material) Validate(now time.Time) error {
	m.Topic = strings.TrimSpace(m.Topic)
	c := Checker{Kind: "material", Now: now}
	c.Required("topic", m.Topic, MaxName)
	c.Choice("audience", m.Audience, false, MaterialAudiences...)
	c.Choice("status", m.Status, false, MaterialDraft, MaterialPublished)
	c.MaxLen("author", m.Author, MaxName)
	return c.Err()
}

// MaterialVersion is a material's title and Markdown body in one language.
type MaterialVersion struct {
	ID         string `db:"id"`
	MaterialID string `db:"material_id"`
	Language   string `db:"language"`
	Title      string `db:"title"`
	Body       string `db:"body,long"` // Markdown
	// ChangedAt is when the title or body last changed.
	ChangedAt time.Time `db:"changed_at"`
	// EnglishAsOf, for a translation, is the ChangedAt of the English
	// version it says the same as: when the English changes after it, the
	// translation is out of date.
	EnglishAsOf time.Time `db:"english_as_of"`
	// A native speaker's review: who, when, and the TextSum of the text
	// reviewed (a later change of the text leaves it unreviewed).
	ReviewedBy  string `db:"reviewed_by"`
	ReviewedOn  Date   `db:"reviewed_on"`
	ReviewedSum string `db:"reviewed_sum"`
}

// TextSum is the SHA-256 of the version's title and body, in hex.
func (v *MaterialVersion) TextSum() string {
	h := sha256.Sum256([]byte(v.Title + "\n" + v.Body))
	return hex.EncodeToString(h[:])
}

// Reviewed reports whether a native speaker reviewed the version's text
// as it now stands.
func (v *MaterialVersion) Reviewed() bool {
	return v.ReviewedBy != "" && v.ReviewedSum == v.TextSum()
}

// Validate checks every field of v.
func (v *MaterialVersion) Validate(now time.Time) error {
	v.Language = canonicalOrSame(v.Language)
	v.Title = strings.TrimSpace(v.Title)
	c := Checker{Kind: "material version", Now: now}
	c.ID("material_id", v.MaterialID, true)
	c.Required("language", v.Language, 35)
	c.Language("language", v.Language)
	c.Required("title", v.Title, MaxName)
	c.MaxLen("body", v.Body, MaxBody)
	c.MaxLen("reviewed_by", v.ReviewedBy, MaxName)
	c.PastDate("reviewed_on", v.ReviewedOn, v.ReviewedBy != "")
	if v.ReviewedSum != "" && !sha256Pattern.MatchString(v.ReviewedSum) {
		c.Add("reviewed_sum", CodeInvalidChoice, v.ReviewedSum)
	}
	return c.Err()
}

var sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// MaterialAttachment is a file attached to a material, stored by the
// SHA-256 of its content: a PDF, a picture, a recording for families who
// do not read.
type MaterialAttachment struct {
	ID         string `db:"id"`
	MaterialID string `db:"material_id"`
	SHA256     string `db:"sha256"`
	Name       string `db:"name"`
	Size       int64  `db:"size"`
	MediaType  string `db:"media_type"`
	// Language is the language the file speaks or is written in ("" for
	// a file in no language, such as a picture).
	Language string `db:"language"`
}

// Validate checks every field of a.
func (a *MaterialAttachment) Validate(now time.Time) error {
	a.Language = canonicalOrSame(a.Language)
	c := Checker{Kind: "attachment", Now: now}
	c.ID("material_id", a.MaterialID, true)
	if !sha256Pattern.MatchString(a.SHA256) {
		c.Add("sha256", CodeInvalidChoice, a.SHA256)
	}
	c.Required("name", a.Name, MaxName)
	if a.Size < 0 {
		c.Add("size", CodeOutOfRange, "")
	}
	c.MaxLen("media_type", a.MediaType, 100)
	c.Language("language", a.Language)
	return c.Err()
}

// MaterialGiven records that a navigator gave a family a material: which
// one, in which language, and the family's language asked for (they differ
// when the material has no version in it and another was given).
type MaterialGiven struct {
	ID          string    `db:"id"`
	HouseholdID string    `db:"household_id"`
	MaterialID  string    `db:"material_id"`
	Title       string    `db:"title"`    // the title given, as it then was
	Language    string    `db:"language"` // the language of the version given
	Wanted      string    `db:"wanted"`   // the language the family reads
	GivenAt     time.Time `db:"given_at"`
	Navigator   string    `db:"navigator"`
}

// FellBack reports whether the family was given another language than
// its own.
func (g *MaterialGiven) FellBack() bool { return g.Language != g.Wanted }

// Validate checks every field of g.
func (g *MaterialGiven) Validate(now time.Time) error {
	g.Language, g.Wanted = canonicalOrSame(g.Language), canonicalOrSame(g.Wanted)
	c := Checker{Kind: "material given", Now: now}
	c.ID("household_id", g.HouseholdID, true)
	c.ID("material_id", g.MaterialID, true)
	c.Required("title", g.Title, MaxName)
	c.Required("language", g.Language, 35)
	c.Language("language", g.Language)
	c.Language("wanted", g.Wanted)
	if g.GivenAt.IsZero() {
		c.Add("given_at", CodeRequired, "")
	} else if g.GivenAt.After(now.Add(time.Hour)) {
		c.Add("given_at", CodeFutureDate, g.GivenAt.Format(time.RFC3339))
	}
	c.MaxLen("navigator", g.Navigator, MaxName)
	return c.Err()
}
