// Package materialfiles writes training materials to a folder of Markdown
// files and reads them back, so that a trainer can write and translate in
// any editor: one folder per material, one file per language version
// ("en.md", "so.md"), each starting with front matter (YAML between two
// "---" lines) that says which material and version it is, the
// material's topic, audience and status, when the text changed, which
// English text a translation matches, who reviewed it, and the material's
// attachments (their contents in the folder's "files" subfolder).
//
// Export then Import gives back the same store; Import then Export the
// same files. Import checks every file before it writes anything, and
// writes everything in one transaction: a bad file names itself and its
// field, and nothing is half-imported. Import never deletes: a version
// whose file is gone stays in the store.
package materialfiles

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"trellis/data"
	"trellis/data/store"
)

// Front is a version file's front matter.
type Front struct {
	// The material (the same in every file of a material).
	Material  string `yaml:"material,omitempty"` // its id ("" for a new one)
	Topic     string `yaml:"topic"`
	Audience  string `yaml:"audience"`
	Status    string `yaml:"status"`
	Author    string `yaml:"author,omitempty"`
	UpdatedAt string `yaml:"updated_at,omitempty"`
	// The version.
	ID          string `yaml:"id,omitempty"` // the version's id ("" for a new one)
	Language    string `yaml:"language"`
	Title       string `yaml:"title"`
	ChangedAt   string `yaml:"changed_at,omitempty"`
	EnglishAsOf string `yaml:"english_as_of,omitempty"`
	ReviewedBy  string `yaml:"reviewed_by,omitempty"`
	ReviewedOn  string `yaml:"reviewed_on,omitempty"`
	// ReviewedSHA256 is the checksum of the text reviewed: editing the
	// text leaves the version unreviewed, as in the app.
	ReviewedSHA256 string       `yaml:"reviewed_sha256,omitempty"`
	Attachments    []Attachment `yaml:"attachments,omitempty"`
}

// Attachment is one attachment in the front matter.
type Attachment struct {
	ID        string `yaml:"id,omitempty"`
	Name      string `yaml:"name,omitempty"`
	SHA256    string `yaml:"sha256,omitempty"`
	Size      int64  `yaml:"size,omitempty"`
	MediaType string `yaml:"media_type,omitempty"`
	Language  string `yaml:"language,omitempty"`
	// File is the content's path relative to the material's folder
	// ("files/tips.mp3"); "" when this laptop does not hold the content.
	File string `yaml:"file,omitempty"`
}

// Summary counts what an export or import did.
type Summary struct {
	Materials   int // materials read or written
	Versions    int // version files
	Added       int // versions added to the store (import)
	Changed     int // versions whose text changed (import)
	Attachments int // attachment contents written or read
	// Missing lists attachments whose contents this laptop does not hold
	// (exported without their file).
	Missing []string
}

// timeLayout writes instants as the store keeps them.
const timeLayout = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

var slugUnsafe = regexp.MustCompile(`[^a-z0-9]+`)

// folderName is a material's folder: its topic in plain letters and the
// end of its id, so that it stays the same from one export to the next.
func folderName(m data.Material) string {
	slug := strings.Trim(slugUnsafe.ReplaceAllString(strings.ToLower(m.Topic), "-"), "-")
	if len(slug) > 40 {
		slug = strings.Trim(slug[:40], "-")
	}
	if slug == "" {
		slug = "material"
	}
	id := strings.ReplaceAll(m.ID, "-", "")
	if len(id) > 8 {
		id = id[len(id)-8:]
	}
	return slug + "-" + id
}

// Export writes every material of st (drafts too) into dir, one folder per
// material. Files already there with the same names are replaced; others
// are left alone.
func Export(ctx context.Context, st *store.Store, dir string) (Summary, error) {
	var sum Summary
	mats, err := st.Materials(ctx, true)
	if err != nil {
		return sum, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sum, err
	}
	for _, d := range mats {
		folder := filepath.Join(dir, folderName(d.Material))
		if err := os.MkdirAll(folder, 0o755); err != nil {
			return sum, err
		}
		atts, err := exportAttachments(st, d, folder, &sum)
		if err != nil {
			return sum, err
		}
		for _, v := range d.Versions {
			b, err := Encode(d.Material, v, atts)
			if err != nil {
				return sum, err
			}
			if err := writeWhole(filepath.Join(folder, v.Language+".md"), b); err != nil {
				return sum, err
			}
			sum.Versions++
		}
		sum.Materials++
	}
	return sum, nil
}

// exportAttachments copies the material's attachment contents that this
// laptop holds into folder/files and returns their front matter.
func exportAttachments(st *store.Store, d store.MaterialDetail, folder string, sum *Summary) ([]Attachment, error) {
	var out []Attachment
	names := map[string]bool{}
	for _, a := range d.Attachments {
		fa := Attachment{ID: a.ID, Name: a.Name, SHA256: a.SHA256, Size: a.Size, MediaType: a.MediaType, Language: a.Language}
		content, err := os.ReadFile(st.BlobPath(a.SHA256))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			sum.Missing = append(sum.Missing, d.Material.Topic+": "+a.Name)
		case err != nil:
			return nil, err
		default:
			name := safeFileName(a.Name)
			if names[name] {
				name = a.SHA256[:8] + "-" + name
			}
			names[name] = true
			fa.File = "files/" + name
			if err := os.MkdirAll(filepath.Join(folder, "files"), 0o755); err != nil {
				return nil, err
			}
			if err := writeWhole(filepath.Join(folder, "files", name), content); err != nil {
				return nil, err
			}
			sum.Attachments++
		}
		out = append(out, fa)
	}
	return out, nil
}

// safeFileName keeps a file name to one path element.
func safeFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" || name == ".." || name == "" {
		return "attachment"
	}
	return name
}

// Encode writes one version file: front matter, then the body exactly.
func Encode(m data.Material, v data.MaterialVersion, atts []Attachment) ([]byte, error) {
	f := Front{Material: m.ID, Topic: m.Topic, Audience: m.Audience, Status: m.Status, Author: m.Author,
		UpdatedAt: formatTime(m.UpdatedAt), ID: v.ID, Language: v.Language, Title: v.Title,
		ChangedAt: formatTime(v.ChangedAt), EnglishAsOf: formatTime(v.EnglishAsOf),
		ReviewedBy: v.ReviewedBy, ReviewedSHA256: v.ReviewedSum, Attachments: atts}
	if !v.ReviewedOn.IsZero() {
		f.ReviewedOn = v.ReviewedOn.String()
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	enc.Close()
	b.WriteString("---\n")
	b.WriteString(v.Body)
	return b.Bytes(), nil
}

// Decode reads one version file into its front matter and body.
func Decode(content []byte) (Front, string, error) {
	var f Front
	text := string(content)
	text = strings.TrimPrefix(text, "\ufeff")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if !strings.HasPrefix(text, "---\n") {
		return f, "", errors.New(`the file does not start with front matter (a line "---")`)
	}
	rest := text[4:]
	end := strings.Index(rest, "\n---\n")
	var head, body string
	switch {
	case end >= 0:
		head, body = rest[:end+1], rest[end+5:]
	case strings.HasSuffix(rest, "\n---"):
		head = rest[:len(rest)-3]
	default:
		return f, "", errors.New(`the front matter has no closing line "---"`)
	}
	dec := yaml.NewDecoder(strings.NewReader(head))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return f, "", fmt.Errorf("front matter: %v", err)
	}
	return f, body, nil
}

// writeWhole writes content to path through a temporary file renamed into
// place once complete.
func writeWhole(path string, content []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, content) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".export-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// mediaType guesses a file's media type from its name.
func mediaType(name string) string {
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(name))); t != "" {
		return t
	}
	return "application/octet-stream"
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
