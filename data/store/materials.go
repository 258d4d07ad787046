package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

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

// SaveMaterialVersion adds or replaces the material's version in v's
// language and marks the material updated.
func (tx *Tx) SaveMaterialVersion(v *data.MaterialVersion) error {
	var existing string
	err := tx.queryRow(`SELECT id FROM material_versions WHERE material_id = ? AND language = ? AND deleted = 0`, v.MaterialID, v.Language).Scan(&existing)
	switch {
	case isNoRows(err):
		if err := tx.Insert(v); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		v.ID = existing
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
