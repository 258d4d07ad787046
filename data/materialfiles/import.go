package materialfiles

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"trellis/data"
	"trellis/data/store"
)

// versionFile is one Markdown file read from the folder.
type versionFile struct {
	rel    string // path relative to the folder, for messages
	folder string // the material's folder, absolute
	front  Front
	body   string
}

// materialFiles are the files of one material.
type materialFiles struct {
	key   string // its id, or "new:" and its folder
	files []*versionFile
	// blobs are the attachment contents read, by SHA-256.
	blobs map[string][]byte
}

// Import reads every Markdown file under dir (see the package comment)
// and writes the materials into st.
func Import(ctx context.Context, st *store.Store, dir string) (Summary, error) {
	var sum Summary
	files, err := readFiles(dir)
	if err != nil {
		return sum, err
	}
	if len(files) == 0 {
		return sum, fmt.Errorf("%s: no Markdown (.md) files", dir)
	}
	groups, err := group(files)
	if err != nil {
		return sum, err
	}
	for _, g := range groups {
		if err := g.readAttachments(); err != nil {
			return sum, err
		}
	}
	// The contents go into the blob folder first: they are kept by
	// checksum, so a failed import leaves nothing that any record names.
	for _, g := range groups {
		for _, sha := range sortedKeys(g.blobs) {
			if _, _, err := st.PutBlob(bytes.NewReader(g.blobs[sha])); err != nil {
				return sum, err
			}
			sum.Attachments++
		}
	}
	err = st.Write(ctx, func(tx *store.Tx) error {
		sum.Added, sum.Changed, sum.Versions, sum.Materials = 0, 0, 0, 0
		for _, g := range groups {
			if err := g.write(tx, &sum); err != nil {
				return err
			}
		}
		return nil
	})
	return sum, err
}

// readFiles reads and decodes every .md file under dir, in path order.
func readFiles(dir string) ([]*versionFile, error) {
	var out []*versionFile
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "files") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.EqualFold(filepath.Ext(path), ".md") {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		front, body, err := Decode(content)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		out = append(out, &versionFile{rel: rel, folder: filepath.Dir(path), front: front, body: body})
		return nil
	})
	return out, err
}

// group puts the files of each material together and checks that they
// agree on the material and do not repeat a language or a version.
func group(files []*versionFile) ([]*materialFiles, error) {
	byKey := map[string]*materialFiles{}
	var order []string
	versionIDs := map[string]string{} // id -> file
	for _, f := range files {
		key := f.front.Material
		if key == "" {
			key = "new:" + f.folder
		} else if !data.ValidID(key) {
			return nil, fmt.Errorf("%s: material: %q is not an id", f.rel, key)
		}
		if f.front.ID != "" {
			if !data.ValidID(f.front.ID) {
				return nil, fmt.Errorf("%s: id: %q is not an id", f.rel, f.front.ID)
			}
			if other, ok := versionIDs[f.front.ID]; ok {
				return nil, fmt.Errorf("%s and %s have the same version id %s", other, f.rel, f.front.ID)
			}
			versionIDs[f.front.ID] = f.rel
		}
		g := byKey[key]
		if g == nil {
			g = &materialFiles{key: key, blobs: map[string][]byte{}}
			byKey[key] = g
			order = append(order, key)
		}
		g.files = append(g.files, f)
	}
	var out []*materialFiles
	for _, key := range order {
		g := byKey[key]
		first := g.files[0]
		langs := map[string]string{}
		for _, f := range g.files {
			lang, err := data.CanonicalLanguage(f.front.Language)
			if err != nil {
				return nil, fmt.Errorf("%s: language: %q is not a language tag", f.rel, f.front.Language)
			}
			if other, ok := langs[lang]; ok {
				return nil, fmt.Errorf("%s and %s are both the %s version of one material", other, f.rel, lang)
			}
			langs[lang] = f.rel
			if f == first {
				continue
			}
			if field := disagreement(first.front, f.front); field != "" {
				return nil, fmt.Errorf("%s and %s are versions of one material but disagree on its %s", first.rel, f.rel, field)
			}
		}
		// English first, so that a new translation can say which English
		// it matches.
		sort.SliceStable(g.files, func(i, j int) bool {
			return store.IsEnglish(g.files[i].front.Language) && !store.IsEnglish(g.files[j].front.Language)
		})
		out = append(out, g)
	}
	return out, nil
}

// disagreement names the first material field two files disagree on.
func disagreement(a, b Front) string {
	switch {
	case a.Topic != b.Topic:
		return "topic"
	case a.Audience != b.Audience:
		return "audience"
	case a.Status != b.Status:
		return "status"
	case a.Author != b.Author:
		return "author"
	case a.UpdatedAt != b.UpdatedAt:
		return "updated_at"
	}
	ya, _ := yaml.Marshal(a.Attachments)
	yb, _ := yaml.Marshal(b.Attachments)
	if !bytes.Equal(ya, yb) {
		return "attachments"
	}
	return ""
}

// readAttachments reads the attachment files a material's front matter
// names, and fills in what a new attachment leaves out (name, checksum,
// size, media type).
func (g *materialFiles) readAttachments() error {
	f := g.files[0]
	for i := range f.front.Attachments {
		a := &f.front.Attachments[i]
		if a.File == "" {
			if a.SHA256 == "" {
				return fmt.Errorf("%s: attachments: an attachment needs a file or a sha256", f.rel)
			}
			continue
		}
		clean := filepath.Clean(filepath.FromSlash(a.File))
		if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			return fmt.Errorf("%s: attachments: %q is outside the material's folder", f.rel, a.File)
		}
		content, err := os.ReadFile(filepath.Join(f.folder, clean))
		if err != nil {
			return fmt.Errorf("%s: attachments: %w", f.rel, err)
		}
		h := sha256.Sum256(content)
		a.SHA256, a.Size = hex.EncodeToString(h[:]), int64(len(content))
		if a.Name == "" {
			a.Name = filepath.Base(clean)
		}
		if a.MediaType == "" {
			a.MediaType = mediaType(a.Name)
		}
		g.blobs[a.SHA256] = content
	}
	return nil
}

// parseTimeField reads an instant of the front matter.
func parseTimeField(rel, field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %s: %q is not a time (2026-11-23T10:00:00.000Z)", rel, field, s)
	}
	return t.UTC(), nil
}

// write puts one material into the store.
func (g *materialFiles) write(tx *store.Tx, sum *Summary) error {
	now := tx.Now()
	first := g.files[0]
	existing, found, err := store.MaterialTx(tx, first.front.Material)
	if err != nil {
		return err
	}
	if !found && first.front.Material != "" {
		existing.Material.ID = first.front.Material
	}
	m := existing.Material
	m.Topic, m.Audience, m.Status, m.Author = first.front.Topic, first.front.Audience, first.front.Status, first.front.Author
	if m.Status == "" {
		m.Status = data.MaterialDraft
	}
	updated, err := parseTimeField(first.rel, "updated_at", first.front.UpdatedAt)
	if err != nil {
		return err
	}
	if !updated.IsZero() {
		m.UpdatedAt = updated
	} else if !found {
		m.UpdatedAt = now
	}
	if found {
		err = tx.Update(&m)
	} else {
		err = tx.Insert(&m)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", first.rel, err)
	}
	changed := false
	english := time.Time{}
	for _, v := range existing.Versions {
		if store.IsEnglish(v.Language) {
			english = v.ChangedAt
		}
	}
	for _, f := range g.files {
		v, isNew, textChanged, err := f.version(tx, existing, m.ID, english)
		if err != nil {
			return err
		}
		if isNew {
			err = tx.Insert(&v)
			sum.Added++
		} else {
			err = tx.Update(&v)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", f.rel, err)
		}
		if textChanged {
			sum.Changed++
		}
		changed = changed || isNew || textChanged
		if store.IsEnglish(v.Language) {
			english = v.ChangedAt
		}
		sum.Versions++
	}
	if err := g.writeAttachments(tx, existing, m.ID); err != nil {
		return err
	}
	if changed && updated.IsZero() {
		m.UpdatedAt = now
		if err := tx.Update(&m); err != nil {
			return err
		}
	}
	sum.Materials++
	return nil
}

// version builds the version a file describes, merged with the stored one
// (by id, else by language): a text that differs from the stored one is
// changed now, whatever changed_at says.
func (f *versionFile) version(tx *store.Tx, existing store.MaterialDetail, materialID string, english time.Time) (v data.MaterialVersion, isNew, textChanged bool, err error) {
	lang, _ := data.CanonicalLanguage(f.front.Language)
	var stored *data.MaterialVersion
	for i := range existing.Versions {
		x := &existing.Versions[i]
		if (f.front.ID != "" && x.ID == f.front.ID) || x.Language == lang {
			stored = x
			break
		}
	}
	changedAt, err := parseTimeField(f.rel, "changed_at", f.front.ChangedAt)
	if err != nil {
		return v, false, false, err
	}
	englishAsOf, err := parseTimeField(f.rel, "english_as_of", f.front.EnglishAsOf)
	if err != nil {
		return v, false, false, err
	}
	var reviewedOn data.Date
	if f.front.ReviewedOn != "" {
		if reviewedOn, err = data.ParseDate(f.front.ReviewedOn); err != nil {
			return v, false, false, fmt.Errorf("%s: reviewed_on: %q is not a date (YYYY-MM-DD)", f.rel, f.front.ReviewedOn)
		}
	}
	v = data.MaterialVersion{ID: f.front.ID, MaterialID: materialID, Language: lang, Title: f.front.Title, Body: f.body,
		ChangedAt: changedAt, EnglishAsOf: englishAsOf,
		ReviewedBy: f.front.ReviewedBy, ReviewedOn: reviewedOn, ReviewedSum: f.front.ReviewedSHA256}
	if stored == nil {
		if v.ChangedAt.IsZero() {
			v.ChangedAt = tx.Now()
		}
		if v.EnglishAsOf.IsZero() && !store.IsEnglish(lang) {
			v.EnglishAsOf = english
		}
		return v, true, false, nil
	}
	v.ID = stored.ID
	if v.Title != stored.Title || v.Body != stored.Body {
		v.ChangedAt, textChanged = tx.Now(), true
	} else if v.ChangedAt.IsZero() {
		v.ChangedAt = stored.ChangedAt
	}
	if f.front.EnglishAsOf == "" {
		v.EnglishAsOf = stored.EnglishAsOf
	}
	return v, false, textChanged, nil
}

// writeAttachments adds or updates the material's attachments (by id, else
// by checksum). Attachments missing from the files are kept.
func (g *materialFiles) writeAttachments(tx *store.Tx, existing store.MaterialDetail, materialID string) error {
	first := g.files[0]
	for _, fa := range first.front.Attachments {
		a := data.MaterialAttachment{ID: fa.ID, MaterialID: materialID, SHA256: fa.SHA256, Name: fa.Name, Size: fa.Size,
			MediaType: fa.MediaType, Language: fa.Language}
		if a.MediaType == "" {
			a.MediaType = mediaType(a.Name)
		}
		found := false
		for _, x := range existing.Attachments {
			if (fa.ID != "" && x.ID == fa.ID) || (fa.ID == "" && x.SHA256 == fa.SHA256) {
				a.ID, found = x.ID, true
				break
			}
		}
		var err error
		if found {
			err = tx.Update(&a)
		} else {
			err = tx.Insert(&a)
		}
		if err != nil {
			return fmt.Errorf("%s: attachment %s: %w", first.rel, fa.Name, err)
		}
	}
	return nil
}
