package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// demoMaterial fills a profile with the demo county and returns the id of
// the material written for families.
func demoMaterial(t *testing.T, dir string) string {
	t.Helper()
	if code, _, errOut := navctl(t, dir, "demo", "--families", "12", "--services", "6"); code != 0 {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	code, out, _ := navctl(t, dir, "--json", "materials", "list")
	var mats []struct {
		Material struct{ ID, Audience string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &mats) != nil {
		t.Fatalf("materials list: %d %q", code, out)
	}
	for _, m := range mats {
		if m.Material.Audience == "families" {
			return m.Material.ID
		}
	}
	t.Fatal("the demo has no material for families")
	return ""
}

func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// navctl materials export, then import into a new profile, then export
// again: the same files byte for byte.
func TestMaterialsExportImportRoundTrip(t *testing.T) {
	a := t.TempDir()
	demoMaterial(t, a)
	first := filepath.Join(t.TempDir(), "materials")
	code, out, errOut := navctl(t, a, "materials", "export", first)
	if code != 0 || !strings.Contains(out, "Wrote 5 materials (14 language versions") {
		t.Fatalf("export: %d %q %q", code, out, errOut)
	}
	b := t.TempDir()
	code, out, errOut = navctl(t, b, "materials", "import", first)
	if code != 0 || !strings.Contains(out, "Read 5 materials (14 language versions): 14 added, 0 changed") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	second := filepath.Join(t.TempDir(), "materials")
	if code, _, errOut := navctl(t, b, "materials", "export", second); code != 0 {
		t.Fatalf("second export: %d %q", code, errOut)
	}
	x, y := tree(t, first), tree(t, second)
	if len(x) != 14 || len(x) != len(y) {
		t.Fatalf("%d files, then %d", len(x), len(y))
	}
	for name, content := range x {
		if !bytes.Equal(content, y[name]) {
			t.Errorf("%s changed in the round trip", name)
		}
	}
	// Importing the same files again changes nothing.
	code, out, _ = navctl(t, a, "materials", "import", first)
	if code != 0 || !strings.Contains(out, "0 added, 0 changed") {
		t.Fatalf("import into the profile exported from: %d %q", code, out)
	}
}

// A trainer sees which languages a material is in, which are out of date
// against English, and records a native speaker's review; the review is
// gone once the text changes.
func TestMaterialsShowReviewAndOutOfDate(t *testing.T) {
	dir := t.TempDir()
	id := demoMaterial(t, dir)
	code, out, _ := navctl(t, dir, "materials", "show", id)
	if code != 0 || !regexpMatch(`(?m)^am\s+current\s+Selam Tesfaye`, out) || !regexpMatch(`(?m)^so\s+missing`, out) || !regexpMatch(`(?m)^ar\s+current\s+-`, out) {
		t.Fatalf("show: %d\n%s", code, out)
	}
	if code, out, _ := navctl(t, dir, "materials", "review", id, "--language", "ar", "--by", "Layla Haddad"); code != 0 || !strings.Contains(out, "reviewed by Layla Haddad") {
		t.Fatalf("review: %d %q", code, out)
	}
	if code, _, errOut := navctl(t, dir, "materials", "review", id, "--language", "so", "--by", "X"); code != 1 || !strings.Contains(errOut, `language: "so"`) {
		t.Fatalf("review of a missing version: %d %q", code, errOut)
	}
	// Edit the English through export and import: every translation is
	// then out of date.
	exp := t.TempDir()
	navctl(t, dir, "materials", "export", exp)
	var en string
	filepath.WalkDir(exp, func(p string, d fs.DirEntry, err error) error {
		if b, _ := os.ReadFile(p); strings.HasSuffix(p, "en.md") && bytes.Contains(b, []byte("developmental screening")) {
			en = p
		}
		return nil
	})
	b, _ := os.ReadFile(en)
	os.WriteFile(en, bytes.Replace(b, []byte("It takes about 15 minutes."), []byte("It takes 10 to 15 minutes."), 1), 0o644)
	if code, out, _ := navctl(t, dir, "materials", "import", exp); code != 0 || !strings.Contains(out, "1 changed") {
		t.Fatalf("import of the edit: %d %q", code, out)
	}
	code, out, _ = navctl(t, dir, "materials", "show", id)
	if !regexpMatch(`(?m)^ar\s+out of date\s+Layla Haddad`, out) || !regexpMatch(`(?m)^en\s+current`, out) {
		t.Fatalf("after the English changed:\n%s", out)
	}
}

// A handout is written in the language asked for, or in English with a
// note when there is none; giving materials to a family records it on the
// family's timeline, and a draft cannot be given.
func TestMaterialsHandoutAndGive(t *testing.T) {
	dir := t.TempDir()
	id := demoMaterial(t, dir)
	out := t.TempDir()
	for _, c := range []struct{ lang, file, want, note string }{
		{"am", "am.pdf", "(am)", ""},
		{"ar", "ar.html", "(ar)", ""},
		{"zh-Hant", "zh.pdf", "(zh-Hant)", ""},
		{"so", "so.pdf", "(en)", "has no so version: the en version was used"},
	} {
		path := filepath.Join(out, c.file)
		code, stdout, errOut := navctl(t, dir, "materials", "handout", id, "--language", c.lang, "--out", path)
		if code != 0 || !strings.Contains(stdout, c.want) || !strings.Contains(errOut, c.note) {
			t.Fatalf("handout %s: %d %q %q", c.lang, code, stdout, errOut)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(c.file, ".pdf") != bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatalf("%s starts %q", c.file, b[:8])
		}
	}

	_, list, _ := navctl(t, dir, "--json", "family", "list")
	var fams struct {
		Items []struct{ ID, HomeLanguage string }
	}
	json.Unmarshal([]byte(list), &fams)
	fam := ""
	for _, f := range fams.Items {
		if f.HomeLanguage == "so" {
			fam = f.ID
		}
	}
	if fam == "" {
		t.Fatal("no Somali family in the demo")
	}
	given := t.TempDir()
	code, stdout, errOut := navctl(t, dir, "materials", "give", fam, id, "--out", given, "--navigator", "Ana Flores")
	if code != 0 || !strings.Contains(stdout, "recorded on the family's timeline") || !strings.Contains(errOut, "has no so version") {
		t.Fatalf("give: %d %q %q", code, stdout, errOut)
	}
	if files, _ := os.ReadDir(given); len(files) != 1 || !strings.HasSuffix(files[0].Name(), "-en-"+files[0].Name()[len(files[0].Name())-14:]) {
		t.Fatalf("handouts saved: %v", files)
	}
	_, show, _ := navctl(t, dir, "family", "show", fam)
	if !strings.Contains(show, "materials given:") || !strings.Contains(show, "(en, no so version) by Ana Flores") {
		t.Fatalf("family show:\n%s", show)
	}
	navctl(t, dir, "materials", "unpublish", id)
	if code, _, errOut := navctl(t, dir, "materials", "give", fam, id); code != 1 || !strings.Contains(errOut, "is a draft") {
		t.Fatalf("giving a draft: %d %q", code, errOut)
	}
}

func regexpMatch(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }
