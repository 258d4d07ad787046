package materialfiles

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trellis/data"
	"trellis/data/store"
)

var ctx = context.Background()

type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

func openStore(t *testing.T) (*store.Store, *clock) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	st, err := store.Open(t.TempDir(), store.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, clk
}

// fill writes two materials: one with English, Amharic (reviewed) and
// Arabic versions and an attachment, one draft in Traditional Chinese
// only.
func fill(t *testing.T, st *store.Store) data.Material {
	t.Helper()
	m := data.Material{Topic: "Developmental screening", Audience: "families", Status: data.MaterialPublished, Author: "Cedar County"}
	err := st.Write(ctx, func(tx *store.Tx) error {
		m.UpdatedAt = tx.Now()
		if err := tx.Insert(&m); err != nil {
			return err
		}
		for _, v := range []data.MaterialVersion{
			{Language: "en", Title: "What is a screening?", Body: "A short set of questions.\n\n- It is **free**.\n"},
			{Language: "am", Title: "ምርመራ ምንድን ነው?", Body: "አጭር ጥያቄዎች ናቸው።\n"},
			{Language: "ar", Title: "ما هو الفحص؟: دليل", Body: "أسئلة قصيرة.\n---\nnot front matter\n"},
		} {
			v.MaterialID = m.ID
			if err := tx.SaveMaterialVersion(&v, false); err != nil {
				return err
			}
			if v.Language == "am" {
				if err := tx.MarkVersionReviewed(v.ID, "Selam Tesfaye", data.DateOf(tx.Now())); err != nil {
					return err
				}
			}
		}
		d := data.Material{Topic: "服務導航", Audience: "navigators", Status: data.MaterialDraft}
		d.UpdatedAt = tx.Now()
		if err := tx.Insert(&d); err != nil {
			return err
		}
		return tx.SaveMaterialVersion(&data.MaterialVersion{MaterialID: d.ID, Language: "zh-Hant", Title: "轉介", Body: "沒有結尾的換行"}, false)
	})
	if err != nil {
		t.Fatal(err)
	}
	sum, _, err := st.PutBlob(strings.NewReader("ID3 a recording"))
	if err != nil {
		t.Fatal(err)
	}
	a := data.MaterialAttachment{MaterialID: m.ID, SHA256: sum, Name: "screening.mp3", Size: 15, MediaType: "audio/mpeg", Language: "so"}
	if err := st.Write(ctx, func(tx *store.Tx) error { return tx.Insert(&a) }); err != nil {
		t.Fatal(err)
	}
	return m
}

// readTree returns every file under dir with its content.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(path)
			rel, _ := filepath.Rel(dir, path)
			out[rel] = string(b)
		}
		return nil
	})
	return out
}

func outboxLen(t *testing.T, st *store.Store) int {
	t.Helper()
	n, err := st.PendingChanges(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Materials exported, imported into a new profile and exported again give
// the same files, byte for byte; imported again into either profile they
// change nothing.
func TestExportImportRoundTrip(t *testing.T) {
	a, _ := openStore(t)
	fill(t, a)
	first := t.TempDir()
	sum, err := Export(ctx, a, first)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Materials != 2 || sum.Versions != 4 || sum.Attachments != 1 {
		t.Fatalf("export summary %+v", sum)
	}
	files := readTree(t, first)
	if len(files) != 5 {
		t.Fatalf("exported %d files: %v", len(files), keys(files))
	}

	b, _ := openStore(t)
	if _, err := Import(ctx, b, first); err != nil {
		t.Fatal(err)
	}
	second := t.TempDir()
	if _, err := Export(ctx, b, second); err != nil {
		t.Fatal(err)
	}
	again := readTree(t, second)
	for name, content := range files {
		if again[name] != content {
			t.Errorf("%s differs after the round trip:\n%s\n---- now ----\n%s", name, content, again[name])
		}
	}
	if len(again) != len(files) {
		t.Errorf("round trip made %v, want %v", keys(again), keys(files))
	}

	for _, st := range []*store.Store{a, b} {
		before := outboxLen(t, st)
		sum, err := Import(ctx, st, first)
		if err != nil {
			t.Fatal(err)
		}
		if after := outboxLen(t, st); after != before || sum.Added != 0 || sum.Changed != 0 {
			t.Fatalf("importing unchanged files wrote %d changes (summary %+v)", after-before, sum)
		}
	}
	// The imported profile reads the same materials.
	ma, _ := a.Materials(ctx, true)
	mb, _ := b.Materials(ctx, true)
	if len(ma) != len(mb) {
		t.Fatalf("%d materials, %d after import", len(ma), len(mb))
	}
	for i := range ma {
		if ma[i].Material != mb[i].Material || len(ma[i].Versions) != len(mb[i].Versions) {
			t.Fatalf("material %d: %+v, after import %+v", i, ma[i].Material, mb[i].Material)
		}
		for j := range ma[i].Versions {
			va, vb := ma[i].Versions[j], mb[i].Versions[j]
			if va != vb {
				t.Fatalf("version %s: %+v, after import %+v", va.Language, va, vb)
			}
		}
	}
	var screening store.MaterialDetail
	for _, d := range mb {
		if d.Material.Topic == "Developmental screening" {
			screening = d
		}
	}
	am, _ := screening.Version("am")
	if !am.Reviewed() {
		t.Fatal("the Amharic review did not survive the round trip")
	}
	if len(screening.Attachments) != 1 {
		t.Fatalf("attachments after import: %+v", screening.Attachments)
	}
	blob, err := os.ReadFile(b.BlobPath(screening.Attachments[0].SHA256))
	if err != nil || string(blob) != "ID3 a recording" {
		t.Fatalf("attachment content after import: %q, %v", blob, err)
	}
}

func keys(m map[string]string) []string { return sortedKeys(m) }

// A trainer edits the English in an editor: importing marks it changed now,
// the translations out of date, and the version's review of a changed
// text no longer holds.
func TestImportOfAnEditedFile(t *testing.T) {
	st, clk := openStore(t)
	m := fill(t, st)
	dir := t.TempDir()
	if _, err := Export(ctx, st, dir); err != nil {
		t.Fatal(err)
	}
	d, _ := st.Material(ctx, m.ID)
	folder := filepath.Join(dir, folderName(d.Material))
	edit := func(lang, old, new string) {
		p := filepath.Join(folder, lang+".md")
		b, _ := os.ReadFile(p)
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s has no %q", p, old)
		}
		os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644)
	}
	edit("en", "It is **free**.", "It is **free**, and private.")
	edit("am", "አጭር ጥያቄዎች", "አጭር ጥያቄዎች ብቻ")
	clk.t = clk.t.Add(time.Hour)
	sum, err := Import(ctx, st, dir)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Changed != 2 || sum.Added != 0 {
		t.Fatalf("summary %+v, want 2 changed", sum)
	}
	d, _ = st.Material(ctx, m.ID)
	en, _ := d.Version("en")
	if !en.ChangedAt.Equal(clk.t) || !strings.Contains(en.Body, "private") {
		t.Fatalf("English after import: changed %v, body %q", en.ChangedAt, en.Body)
	}
	if got := d.StateIn("ar").State; got != store.VersionOutOfDate {
		t.Fatalf("Arabic after the English changed: %s", got)
	}
	if st := d.StateIn("am"); st.Reviewed {
		t.Fatal("a review of the old Amharic text still holds for the new one")
	}
}

// A new material written in an editor, without ids, is created; files with
// mistakes are refused with the file and field named, and nothing is
// written.
func TestImportNewAndBadFiles(t *testing.T) {
	st, _ := openStore(t)
	dir := t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("sleep/en.md", "---\ntopic: Sleep\naudience: families\nstatus: published\nlanguage: en\ntitle: Safe sleep\n---\nOn the back, every time.\n")
	write("sleep/so.md", "---\ntopic: Sleep\naudience: families\nstatus: published\nlanguage: so\ntitle: Hurdo ammaan ah\n---\nDhabarka, mar walba.\n")
	sum, err := Import(ctx, st, dir)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Materials != 1 || sum.Added != 2 {
		t.Fatalf("summary %+v", sum)
	}
	mats, _ := st.Materials(ctx, true)
	if len(mats) != 1 || len(mats[0].Versions) != 2 || mats[0].StateIn("so").State != store.VersionCurrent {
		t.Fatalf("imported %+v", mats)
	}

	for _, c := range []struct{ name, content, want string }{
		{"no front matter", "# Just Markdown\n", "does not start with front matter"},
		{"unclosed", "---\ntopic: x\n", `no closing line "---"`},
		{"unknown field", "---\ntopic: x\ncolour: red\nlanguage: en\ntitle: t\n---\n", "colour"},
		{"bad language", "---\ntopic: x\naudience: families\nlanguage: xx-!!\ntitle: t\n---\n", `language: "xx-!!" is not a language tag`},
		{"bad audience", "---\ntopic: x\naudience: everybody\nlanguage: en\ntitle: t\n---\n", "audience"},
		{"no title", "---\ntopic: x\naudience: families\nlanguage: en\n---\nbody\n", "title"},
		{"bad time", "---\ntopic: x\naudience: families\nlanguage: en\ntitle: t\nchanged_at: yesterday\n---\n", `changed_at: "yesterday" is not a time`},
		{"escaping attachment", "---\ntopic: x\naudience: families\nlanguage: en\ntitle: t\nattachments:\n  - file: ../../etc/passwd\n---\n", "outside the material's folder"},
	} {
		bad := t.TempDir()
		os.WriteFile(filepath.Join(bad, "m.md"), []byte(c.content), 0o644)
		before := outboxLen(t, st)
		_, err := Import(ctx, st, bad)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "m.md") {
			t.Errorf("%s: error %v, want one naming m.md and saying %q", c.name, err, c.want)
		}
		if outboxLen(t, st) != before {
			t.Errorf("%s: a refused import wrote something", c.name)
		}
	}

	// Two files of one material that disagree are refused, naming both.
	write("sleep/so.md", "---\ntopic: Sleeping\naudience: families\nstatus: published\nlanguage: so\ntitle: Hurdo ammaan ah\n---\nDhabarka.\n")
	_, err = Import(ctx, st, dir)
	if err == nil || !strings.Contains(err.Error(), "disagree on its topic") || !strings.Contains(err.Error(), filepath.Join("sleep", "en.md")) {
		t.Fatalf("disagreeing files: %v", err)
	}
}
