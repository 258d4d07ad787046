package data

import (
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
	return c.Err()
}

var sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// MaterialAttachment is a file attached to a material, stored by the
// SHA-256 of its content.
type MaterialAttachment struct {
	ID         string `db:"id"`
	MaterialID string `db:"material_id"`
	SHA256     string `db:"sha256"`
	Name       string `db:"name"`
	Size       int64  `db:"size"`
	MediaType  string `db:"media_type"`
}

// Validate checks every field of a.
func (a *MaterialAttachment) Validate(now time.Time) error {
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
	return c.Err()
}
