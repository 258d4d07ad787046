package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const en = `{"hello": "Hello {{.Name}}", "items": {"one": "{{.Count}} item", "other": "{{.Count}} items"}, "bye": "Goodbye"}`

func TestReportExtractMergeWorkflow(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"active.en.json": en,
		"active.ru.json": `{"hello": "Привет {{.Name}}", "gone": "Старое"}`,
	})
	var out, errOut bytes.Buffer
	if code := run([]string{"-dir", dir}, &out, &errOut); code != 1 {
		t.Fatalf("report exit %d, want 1; %s %s", code, out.String(), errOut.String())
	}
	for _, want := range []string{"ru items: missing", "ru bye: missing", "ru gone: extra"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}

	todoDir := filepath.Join(dir, "todo")
	out.Reset()
	if code := run([]string{"-dir", dir, "-extract", todoDir}, &out, &errOut); code != 0 {
		t.Fatalf("extract exit %d: %s", code, errOut.String())
	}
	todo, err := os.ReadFile(filepath.Join(todoDir, "todo.ru.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"few": "{{.Count}} items"`, `"many"`, `"bye": "Goodbye"`} {
		if !strings.Contains(string(todo), want) {
			t.Errorf("todo file lacks %s:\n%s", want, todo)
		}
	}
	if strings.Contains(string(todo), "hello") {
		t.Error("todo file hands out a message that is already translated")
	}

	// A translator's file with a lost placeholder is refused whole.
	bad := filepath.Join(todoDir, "todo.ru.json")
	os.WriteFile(bad, []byte(`{"bye": "До свидания", "items": {"one": "{{.Count}} штука", "few": "{{.Count}} штуки", "many": "{{.Count}} штук", "other": "штуки"}}`), 0o644)
	before, _ := os.ReadFile(filepath.Join(dir, "active.ru.json"))
	if code := run([]string{"-dir", dir, "-merge", bad}, &out, &errOut); code != 1 {
		t.Fatalf("bad merge exit %d", code)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "active.ru.json")); !bytes.Equal(before, after) {
		t.Error("a refused merge changed the language file")
	}

	os.WriteFile(bad, []byte(`{"bye": "До свидания", "items": {"one": "{{.Count}} штука", "few": "{{.Count}} штуки", "many": "{{.Count}} штук", "other": "{{.Count}} штуки"}}`), 0o644)
	if code := run([]string{"-dir", dir, "-merge", bad}, &out, &errOut); code != 0 {
		t.Fatalf("merge exit %d: %s", code, errOut.String())
	}
	if code := run([]string{"-dir", dir, "-prune"}, &out, &errOut); code != 0 {
		t.Fatalf("prune exit %d", code)
	}
	out.Reset()
	if code := run([]string{"-dir", dir}, &out, &errOut); code != 0 {
		t.Errorf("after merge and prune the report still finds problems:\n%s", out.String())
	}
}

func TestBadUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"-dir", t.TempDir()}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "no active") {
		t.Errorf("empty folder: exit %d, %q", code, errOut.String())
	}
	dir := writeFiles(t, map[string]string{"active.en.json": en})
	if code := run([]string{"-dir", dir, "-lang", "xx"}, &out, &errOut); code != 2 {
		t.Errorf("unknown language: exit %d", code)
	}
}
