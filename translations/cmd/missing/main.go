// Command missing lists, for each language, the messages of the app that
// are missing, still in English, or wrong in their placeholders or plural
// forms, and helps hand them out to translators and merge them back.
//
//	go run ./translations/cmd/missing                 # report every language
//	go run ./translations/cmd/missing -lang so        # one language
//	go run ./translations/cmd/missing -extract out/   # write out/todo.<lang>.json to hand out
//	go run ./translations/cmd/missing -merge out/todo.so.json   # merge a translator's file back
//	go run ./translations/cmd/missing -prune          # drop messages English no longer has
//
// It exits 1 when a problem remains and 2 on bad usage or unreadable files.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"trellis/translations/catalog"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("missing", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "translations", "folder with the active.<lang>.json files")
	lang := fs.String("lang", "", "only this language (default: every language)")
	extract := fs.String("extract", "", "write todo.<lang>.json files for translators into this folder")
	merge := fs.String("merge", "", "merge a translated todo.<lang>.json back into its language file")
	prune := fs.Bool("prune", false, "remove messages that English no longer has")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	files, err := catalog.Load(*dir)
	if err != nil {
		fmt.Fprintln(stderr, "missing:", err)
		return 2
	}
	en, ok := files[catalog.Source]
	if !ok {
		fmt.Fprintf(stderr, "missing: no active.%s.json in %s\n", catalog.Source, *dir)
		return 2
	}
	langs := languages(files, *lang)
	if len(langs) == 0 {
		fmt.Fprintf(stderr, "missing: no active.%s.json in %s\n", *lang, *dir)
		return 2
	}
	switch {
	case *merge != "":
		if err := mergeBack(*dir, *merge, *lang, en, files); err != nil {
			fmt.Fprintln(stderr, "missing:", err)
			return 1
		}
		fmt.Fprintf(stdout, "merged %s\n", *merge)
		return 0
	case *extract != "":
		if err := writeTodo(*extract, langs, en, files, stdout); err != nil {
			fmt.Fprintln(stderr, "missing:", err)
			return 2
		}
		return 0
	case *prune:
		for _, l := range langs {
			n, err := pruneExtra(*dir, l, en, files[l])
			if err != nil {
				fmt.Fprintln(stderr, "missing:", err)
				return 2
			}
			fmt.Fprintf(stdout, "%s: removed %d messages\n", l, n)
		}
		return 0
	}
	bad := 0
	for _, l := range langs {
		ps := catalog.Check(l, en, files[l])
		fmt.Fprintf(stdout, "%-8s %4d messages, %d problems\n", l, len(files[l]), len(ps))
		for _, p := range ps {
			fmt.Fprintln(stdout, "  ", p)
		}
		bad += len(ps)
	}
	if bad > 0 {
		return 1
	}
	return 0
}

// languages returns the translated languages to work on, sorted.
func languages(files map[string]catalog.File, only string) []string {
	var out []string
	for l := range files {
		if l != catalog.Source && (only == "" || l == only) {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

// writeTodo writes, for each language with work to do, a message file of
// the English texts that need translating, with the plural forms the
// language needs (each pre-filled with the English to replace).
func writeTodo(dir string, langs []string, en catalog.File, files map[string]catalog.File, out io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, l := range langs {
		todo := catalog.File{}
		for _, p := range catalog.Check(l, en, files[l]) {
			src, ok := en[p.ID]
			if !ok {
				continue // extra messages need deleting, not translating
			}
			if !src.Plural {
				todo[p.ID] = src
				continue
			}
			m := catalog.Message{Plural: true, Forms: map[string]string{}}
			for _, f := range catalog.PluralForms(l) {
				m.Forms[f] = src.Forms["other"]
				if f == "one" && src.Forms["one"] != "" {
					m.Forms[f] = src.Forms["one"]
				}
			}
			todo[p.ID] = m
		}
		if len(todo) == 0 {
			continue
		}
		path := filepath.Join(dir, "todo."+l+".json")
		if err := os.WriteFile(path, catalog.Marshal(todo), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(out, "wrote %s (%d messages)\n", path, len(todo))
	}
	return nil
}

// mergeBack puts the messages of a translator's file into the language's
// file. Nothing is written unless every merged message passes the checks.
func mergeBack(dir, path, lang string, en catalog.File, files map[string]catalog.File) error {
	if lang == "" {
		lang = strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "todo."), ".json")
	}
	target, ok := files[lang]
	if !ok || lang == catalog.Source {
		return fmt.Errorf("%s: no translation file active.%s.json to merge into (name the file todo.<lang>.json or pass -lang)", path, lang)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	in, err := catalog.Parse(data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var errs []error
	merged := catalog.File{}
	for id, m := range target {
		merged[id] = m
	}
	for id, m := range in {
		if _, ok := en[id]; !ok {
			errs = append(errs, fmt.Errorf("%s: English has no message %q", path, id))
			continue
		}
		merged[id] = m
	}
	for _, p := range catalog.Check(lang, en, merged) {
		if _, touched := in[p.ID]; touched {
			errs = append(errs, fmt.Errorf("%s: %s", path, p))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("nothing merged:\n%w", errors.Join(errs...))
	}
	return writeAtomic(filepath.Join(dir, "active."+lang+".json"), catalog.Marshal(merged))
}

// pruneExtra removes messages English no longer has and returns how many.
func pruneExtra(dir, lang string, en, f catalog.File) (int, error) {
	n := 0
	for id := range f {
		if _, ok := en[id]; !ok {
			delete(f, id)
			n++
		}
	}
	if n == 0 {
		return 0, nil
	}
	return n, writeAtomic(filepath.Join(dir, "active."+lang+".json"), catalog.Marshal(f))
}

// writeAtomic replaces path with data so that a crash leaves either the
// old or the new file, never half of one.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*.json")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
