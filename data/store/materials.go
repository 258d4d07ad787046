package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"trellis/data"
)

// MaterialDetail is a training material with its language versions and
// attachments.
type MaterialDetail struct {
	Material    data.Material
	Versions    []data.MaterialVersion // by language
	Attachments []data.MaterialAttachment
}

// Version returns the material's version in lang (exact tag, then the same
// language in the same script), falling back to English and then to any version. ok is false
// when the returned version is not in lang.
func (m *MaterialDetail) Version(lang string) (v data.MaterialVersion, ok bool) {
	for _, try := range []func(data.MaterialVersion) bool{
		func(x data.MaterialVersion) bool { return x.Language == lang },
		func(x data.MaterialVersion) bool { return readableAs(x.Language, lang) },
	} {
		for _, x := range m.Versions {
			if try(x) {
				return x, true
			}
		}
	}
	for _, x := range m.Versions {
		if baseLanguage(x.Language) == "en" {
			return x, false
		}
	}
	if len(m.Versions) > 0 {
		return m.Versions[0], false
	}
	return data.MaterialVersion{}, false
}

// Materials lists every training material with its versions, most
// recently updated first. Drafts are included only if withDrafts.
func (s *Store) Materials(ctx context.Context, withDrafts bool) ([]MaterialDetail, error) {
	where := `t.deleted = 0`
	if !withDrafts {
		where += ` AND t.status = 'published'`
	}
	ms, err := list[data.Material](ctx, s, s.r, `FROM materials t WHERE `+where+` ORDER BY t.updated_at DESC, t.id`)
	if err != nil {
		return nil, err
	}
	vs, err := list[data.MaterialVersion](ctx, s, s.r, `FROM material_versions t WHERE t.deleted = 0 ORDER BY t.language`)
	if err != nil {
		return nil, err
	}
	as, err := list[data.MaterialAttachment](ctx, s, s.r, `FROM material_attachments t WHERE t.deleted = 0 ORDER BY t.name`)
	if err != nil {
		return nil, err
	}
	out := make([]MaterialDetail, len(ms))
	idx := map[string]int{}
	for i, m := range ms {
		out[i].Material = m
		idx[m.ID] = i
	}
	for _, v := range vs {
		if i, ok := idx[v.MaterialID]; ok {
			out[i].Versions = append(out[i].Versions, v)
		}
	}
	for _, a := range as {
		if i, ok := idx[a.MaterialID]; ok {
			out[i].Attachments = append(out[i].Attachments, a)
		}
	}
	return out, nil
}

// Material reads one material with its versions and attachments.
func (s *Store) Material(ctx context.Context, id string) (MaterialDetail, error) {
	var d MaterialDetail
	var err error
	if d.Material, err = get[data.Material](ctx, s, s.r, id); err != nil {
		return d, err
	}
	if d.Versions, err = list[data.MaterialVersion](ctx, s, s.r, `FROM material_versions t WHERE t.material_id = ? AND t.deleted = 0 ORDER BY t.language`, id); err != nil {
		return d, err
	}
	d.Attachments, err = list[data.MaterialAttachment](ctx, s, s.r, `FROM material_attachments t WHERE t.material_id = ? AND t.deleted = 0 ORDER BY t.name`, id)
	return d, err
}

// MaterialTx reads one material with its versions and attachments inside
// a write transaction; ok is false when there is no such material.
func MaterialTx(tx *Tx, id string) (d MaterialDetail, ok bool, err error) {
	q := txQuerier{tx}
	ms, err := list[data.Material](tx.ctx, tx.s, q, `FROM materials t WHERE t.id = ? AND t.deleted = 0`, id)
	if err != nil || len(ms) == 0 {
		return d, false, err
	}
	d.Material = ms[0]
	if d.Versions, err = list[data.MaterialVersion](tx.ctx, tx.s, q, `FROM material_versions t WHERE t.material_id = ? AND t.deleted = 0 ORDER BY t.language`, id); err != nil {
		return d, false, err
	}
	d.Attachments, err = list[data.MaterialAttachment](tx.ctx, tx.s, q, `FROM material_attachments t WHERE t.material_id = ? AND t.deleted = 0 ORDER BY t.name`, id)
	return d, err == nil, err
}

// SaveMaterialVersion adds or replaces the material's version in v's
// language and marks the material updated. The version's ChangedAt is set
// when its title or body is new or changed. A translation (any language
// but English) is marked up to date with the English version as it now
// stands when it is new, or when upToDate says that its text now says
// what the English says; otherwise it keeps the English it was last
// brought up to date with, and shows as out of date once that changes.
func (tx *Tx) SaveMaterialVersion(v *data.MaterialVersion, upToDate bool) error {
	if err := v.Validate(tx.now); err != nil {
		return err
	}
	versions, err := list[data.MaterialVersion](tx.ctx, tx.s, txQuerier{tx}, `FROM material_versions t WHERE t.material_id = ? AND t.deleted = 0`, v.MaterialID)
	if err != nil {
		return err
	}
	var existing *data.MaterialVersion
	var english *data.MaterialVersion
	for i := range versions {
		if versions[i].Language == v.Language {
			existing = &versions[i]
		}
		if IsEnglish(versions[i].Language) && (english == nil || versions[i].Language == "en") {
			english = &versions[i]
		}
	}
	if existing == nil {
		v.ChangedAt = tx.now
		if english != nil && !IsEnglish(v.Language) {
			v.EnglishAsOf = english.ChangedAt
		}
		if err := tx.Insert(v); err != nil {
			return err
		}
	} else {
		v.ID = existing.ID
		v.ReviewedBy, v.ReviewedOn, v.ReviewedSum = existing.ReviewedBy, existing.ReviewedOn, existing.ReviewedSum
		v.ChangedAt, v.EnglishAsOf = existing.ChangedAt, existing.EnglishAsOf
		if v.Title != existing.Title || v.Body != existing.Body {
			v.ChangedAt = tx.now
		}
		if upToDate && english != nil && !IsEnglish(v.Language) {
			v.EnglishAsOf = english.ChangedAt
		}
		if err := tx.Update(v); err != nil {
			return err
		}
	}
	m, err := GetTx[data.Material](tx, v.MaterialID)
	if err != nil {
		return err
	}
	m.UpdatedAt = tx.now
	return tx.Update(&m)
}

// MarkVersionReviewed records that a native speaker, by, reviewed the
// version's text as it now stands, on the given day.
func (tx *Tx) MarkVersionReviewed(versionID, by string, on data.Date) error {
	v, err := GetTx[data.MaterialVersion](tx, versionID)
	if err != nil {
		return err
	}
	v.ReviewedBy, v.ReviewedOn, v.ReviewedSum = strings.TrimSpace(by), on, v.TextSum()
	if v.ReviewedBy == "" {
		return &data.ValidationError{Kind: "material version", Fields: []data.FieldError{{Field: "reviewed_by", Code: data.CodeRequired}}}
	}
	return tx.Update(&v)
}

// IsEnglish reports whether a language tag is English (any region).
func IsEnglish(tag string) bool { return baseLanguage(tag) == "en" }

// English returns the material's English version.
func (m *MaterialDetail) English() (data.MaterialVersion, bool) {
	var found data.MaterialVersion
	ok := false
	for _, v := range m.Versions {
		if IsEnglish(v.Language) && (!ok || v.Language == "en") {
			found, ok = v, true
		}
	}
	return found, ok
}

// Translation states of a material in one language.
const (
	VersionMissing   = "missing"     // no version in the language
	VersionCurrent   = "current"     // the English, or a translation up to date with it
	VersionOutOfDate = "out_of_date" // a translation the English has changed since
	VersionNoEnglish = "no_english"  // a translation with no English version to compare
)

// VersionState is where a material stands in one language.
type VersionState struct {
	Language string
	State    string // one of the Version constants
	Version  data.MaterialVersion
	Reviewed bool // a native speaker reviewed the text as it stands
}

// StateIn returns where the material stands in lang: the version readable
// by a reader of lang (exact tag first), whether it is up to date with
// the English one, and whether it was reviewed.
func (m *MaterialDetail) StateIn(lang string) VersionState {
	st := VersionState{Language: lang, State: VersionMissing}
	v, ok := m.Version(lang)
	if !ok {
		return st
	}
	st.Version, st.Reviewed = v, v.Reviewed()
	english, hasEnglish := m.English()
	switch {
	case IsEnglish(v.Language):
		st.State = VersionCurrent
	case !hasEnglish:
		st.State = VersionNoEnglish
	case v.EnglishAsOf.Before(english.ChangedAt):
		st.State = VersionOutOfDate
	default:
		st.State = VersionCurrent
	}
	return st
}

// AddMaterialGiven records that a family was given a material.
func (tx *Tx) AddMaterialGiven(g *data.MaterialGiven) error {
	if g.GivenAt.IsZero() {
		g.GivenAt = tx.now
	}
	return tx.Insert(g)
}

// MaterialsGiven lists what the family was given, newest first.
func (s *Store) MaterialsGiven(ctx context.Context, householdID string) ([]data.MaterialGiven, error) {
	return list[data.MaterialGiven](ctx, s, s.r, `FROM materials_given t WHERE t.household_id = ? AND t.deleted = 0 ORDER BY t.given_at DESC, t.id`, householdID)
}

// blobDir is where attachment contents are kept, named by SHA-256.
func (s *Store) blobDir() string { return filepath.Join(s.dir, "blobs") }

// BlobPath returns where the content with the given SHA-256 is kept.
func (s *Store) BlobPath(sum string) string { return filepath.Join(s.blobDir(), sum) }

// PutBlob copies r into the blob folder and returns its SHA-256 and size.
// The file appears under its final name only when complete.
func (s *Store) PutBlob(r io.Reader) (sum string, size int64, err error) {
	if err := os.MkdirAll(s.blobDir(), 0o700); err != nil {
		return "", 0, err
	}
	tmp, err := os.CreateTemp(s.blobDir(), "incoming-*")
	if err != nil {
		return "", 0, err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	size, err = io.Copy(io.MultiWriter(tmp, h), r)
	if err != nil {
		tmp.Close()
		return "", 0, fmt.Errorf("copying the attachment: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", 0, err
	}
	if err := tmp.Close(); err != nil {
		return "", 0, err
	}
	sum = hex.EncodeToString(h.Sum(nil))
	if err := os.Rename(tmp.Name(), s.BlobPath(sum)); err != nil {
		return "", 0, err
	}
	return sum, size, nil
}

// OpenBlob opens the content with the given SHA-256.
func (s *Store) OpenBlob(sum string) (*os.File, error) {
	return os.Open(s.BlobPath(sum))
}
