package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"trellis/data"
	"trellis/data/materialfiles"
	"trellis/data/store"
	"trellis/translations"
	"trellis/ui/handout"
)

func init() {
	register(
		&command{name: "materials list", args: "[--published]", summary: "list training materials with the state of each language version", run: materialsList},
		&command{name: "materials show", args: "MATERIAL_ID [--language TAG]", summary: "a material in every app language: written, out of date against English, reviewed", run: materialsShow},
		&command{name: "materials export", args: "DIR", summary: "write every material to DIR: one folder per material, one Markdown file per language", run: materialsExport},
		&command{name: "materials import", args: "DIR", summary: "read materials from Markdown files with front matter (as export writes them)", run: materialsImport},
		&command{name: "materials publish", args: "MATERIAL_ID", summary: "publish a material to every navigator", run: materialsPublish(data.MaterialPublished)},
		&command{name: "materials unpublish", args: "MATERIAL_ID", summary: "take a material back to draft", run: materialsPublish(data.MaterialDraft)},
		&command{name: "materials review", args: "MATERIAL_ID --language TAG --by NAME [--on DATE]", summary: "record that a native speaker reviewed a version", run: materialsReview},
		&command{name: "materials handout", args: "MATERIAL_ID --language TAG --out FILE.pdf|FILE.html", summary: "print a material as a handout (PDF or web page)", run: materialsHandout},
		&command{name: "materials give", args: "FAMILY_ID MATERIAL_ID... [--out DIR]", summary: "give a family materials in its language (recorded on its timeline; handouts saved to DIR)", run: materialsGive},
	)
}

// versionsText lists a material's versions with their state: "en,
// am (reviewed), so (out of date)".
func versionsText(d store.MaterialDetail) string {
	var parts []string
	for _, v := range d.Versions {
		st := d.StateIn(v.Language)
		var notes []string
		if st.State == store.VersionOutOfDate {
			notes = append(notes, "out of date")
		}
		if st.Reviewed {
			notes = append(notes, "reviewed")
		}
		if len(notes) > 0 {
			parts = append(parts, v.Language+" ("+strings.Join(notes, ", ")+")")
		} else {
			parts = append(parts, v.Language)
		}
	}
	return strings.Join(parts, ", ")
}

func materialsList(e *env, args []string) error {
	fs := flag.NewFlagSet("materials list", flag.ContinueOnError)
	published := fs.Bool("published", false, "only published materials")
	_, st, err := e.begin(fs, args)
	if err != nil {
		return err
	}
	mats, err := st.Materials(e.ctx, !*published)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(mats)
	}
	tw := e.table("ID", "STATUS", "AUDIENCE", "TOPIC", "VERSIONS")
	for _, d := range mats {
		row(tw, d.Material.ID, d.Material.Status, d.Material.Audience, d.Material.Topic, versionsText(d))
	}
	return tw.Flush()
}

// materialState is one app language's row of materials show.
type materialState struct {
	Language string `json:"language"`
	State    string `json:"state"`
	Version  string `json:"version,omitempty"` // the tag of the version a reader of Language gets
	Title    string `json:"title,omitempty"`
	Reviewed bool   `json:"reviewed"`
	By       string `json:"reviewed_by,omitempty"`
}

func materialsShow(e *env, args []string) error {
	fs := flag.NewFlagSet("materials show", flag.ContinueOnError)
	lang := fs.String("language", "", "also print the text of the version in this language")
	rest, st, err := e.begin(fs, args, "MATERIAL_ID")
	if err != nil {
		return err
	}
	d, err := st.Material(e.ctx, rest[0])
	if err != nil {
		return err
	}
	var states []materialState
	for _, l := range translations.Supported() {
		s := d.StateIn(l.Tag)
		row := materialState{Language: l.Tag, State: s.State, Reviewed: s.Reviewed}
		if s.State != store.VersionMissing {
			row.Version, row.Title = s.Version.Language, s.Version.Title
			if s.Reviewed {
				row.By = s.Version.ReviewedBy
			}
		}
		states = append(states, row)
	}
	if e.json {
		return e.printJSON(struct {
			store.MaterialDetail
			Languages []materialState `json:"languages"`
		}{d, states})
	}
	m := d.Material
	w := e.stdout
	fmt.Fprintf(w, "%s (%s)\n  audience: %s; %s; by %s; updated %s\n", m.Topic, m.ID, m.Audience, m.Status, orDash(m.Author), m.UpdatedAt.Format("2006-01-02 15:04"))
	tw := e.table("LANGUAGE", "STATE", "REVIEWED", "TITLE")
	for _, s := range states {
		reviewed := "-"
		if s.Reviewed {
			reviewed = s.By
		}
		row(tw, s.Language, strings.ReplaceAll(s.State, "_", " "), reviewed, s.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(d.Attachments) > 0 {
		fmt.Fprintln(w, "attachments:")
		for _, a := range d.Attachments {
			here := "not on this laptop yet"
			if _, err := os.Stat(st.BlobPath(a.SHA256)); err == nil {
				here = "on this laptop"
			}
			fmt.Fprintf(w, "  %s (%s, %s, %d bytes): %s\n", a.Name, orDash(a.Language), a.MediaType, a.Size, here)
		}
	}
	if *lang != "" {
		v, ok := d.Version(*lang)
		if !ok {
			return fmt.Errorf("the material has no version in %s", *lang)
		}
		fmt.Fprintf(w, "\n%s\n\n%s", v.Title, v.Body)
	}
	return nil
}

func materialsExport(e *env, args []string) error {
	_, st, err := e.begin(flag.NewFlagSet("materials export", flag.ContinueOnError), args, "DIR")
	if err != nil {
		return err
	}
	sum, err := materialfiles.Export(e.ctx, st, args[0])
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(sum)
	}
	fmt.Fprintf(e.stdout, "Wrote %d materials (%d language versions, %d attachments) to %s\n", sum.Materials, sum.Versions, sum.Attachments, args[0])
	for _, m := range sum.Missing {
		fmt.Fprintf(e.stderr, "navctl: attachment %s is not on this laptop yet: listed without its file\n", m)
	}
	return nil
}

func materialsImport(e *env, args []string) error {
	_, st, err := e.begin(flag.NewFlagSet("materials import", flag.ContinueOnError), args, "DIR")
	if err != nil {
		return err
	}
	if dev, ok, err := st.SyncDevice(e.ctx); err == nil && ok && !dev.SharesTable("materials") {
		fmt.Fprintln(e.stderr, "navctl: this laptop is enrolled with a navigator's account: the county server will refuse these materials (they stay on this laptop)")
	}
	sum, err := materialfiles.Import(e.ctx, st, args[0])
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(sum)
	}
	fmt.Fprintf(e.stdout, "Read %d materials (%d language versions): %d added, %d changed, %d attachment files\n",
		sum.Materials, sum.Versions, sum.Added, sum.Changed, sum.Attachments)
	return nil
}

func materialsPublish(status string) func(e *env, args []string) error {
	return func(e *env, args []string) error {
		_, st, err := e.begin(flag.NewFlagSet("materials publish", flag.ContinueOnError), args, "MATERIAL_ID")
		if err != nil {
			return err
		}
		err = st.Write(e.ctx, func(tx *store.Tx) error {
			m, err := store.GetTx[data.Material](tx, args[0])
			if err != nil {
				return err
			}
			if m.Status == status {
				return nil
			}
			m.Status, m.UpdatedAt = status, tx.Now()
			return tx.Update(&m)
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Material %s is %s\n", args[0], status)
		return nil
	}
}

func materialsReview(e *env, args []string) error {
	fs := flag.NewFlagSet("materials review", flag.ContinueOnError)
	lang := fs.String("language", "", "the version's language")
	by := fs.String("by", "", "the native speaker who reviewed it")
	on := fs.String("on", "", "when (YYYY-MM-DD; default today)")
	rest, st, err := e.begin(fs, args, "MATERIAL_ID")
	if err != nil {
		return err
	}
	if *lang == "" {
		return usagef("--language is required")
	}
	day, err := parseDate("material version", "reviewed_on", *on)
	if err != nil {
		return err
	}
	if day.IsZero() {
		day = data.DateOf(st.Now())
	}
	d, err := st.Material(e.ctx, rest[0])
	if err != nil {
		return err
	}
	var version data.MaterialVersion
	for _, v := range d.Versions {
		if v.Language == *lang {
			version = v
		}
	}
	if version.ID == "" {
		return fieldError("material version", "language", data.CodeInvalidChoice, *lang)
	}
	if err := st.Write(e.ctx, func(tx *store.Tx) error { return tx.MarkVersionReviewed(version.ID, *by, day) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "The %s version is reviewed by %s on %s\n", version.Language, *by, day)
	return nil
}

func materialsHandout(e *env, args []string) error {
	fs := flag.NewFlagSet("materials handout", flag.ContinueOnError)
	lang := fs.String("language", "en", "the reader's language (the English version, said so, when there is none in it)")
	out := fs.String("out", "", "the file to write: .pdf for a PDF, .html for a web page")
	rest, st, err := e.begin(fs, args, "MATERIAL_ID")
	if err != nil {
		return err
	}
	if *out == "" {
		return usagef("--out is required")
	}
	d, err := st.Material(e.ctx, rest[0])
	if err != nil {
		return err
	}
	if len(d.Versions) == 0 {
		return fmt.Errorf("the material has no text in any language yet")
	}
	nav, err := e.navigatorName(st, "")
	if err != nil {
		return err
	}
	sheet := handout.NewMaterialSheet(d, *lang, "", nav, st.Now())
	if err := sheet.Save(*out); err != nil {
		return err
	}
	e.reportSheet(sheet, *out)
	return nil
}

// reportSheet says what was written and, when the material has no version
// in the language asked for, which one was used instead.
func (e *env) reportSheet(s handout.MaterialSheet, path string) {
	if s.FellBack() {
		fmt.Fprintf(e.stderr, "navctl: %q has no %s version: the %s version was used, with a note saying so\n", s.Title, s.Wanted, s.Lang)
	}
	fmt.Fprintf(e.stdout, "Wrote %s (%s)\n", path, s.Lang)
}

func materialsGive(e *env, args []string) error {
	fs := flag.NewFlagSet("materials give", flag.ContinueOnError)
	out := fs.String("out", "", "a folder to save the handouts in (PDF)")
	nav := fs.String("navigator", "", "who gave them (default: the profile's navigator)")
	rest, err := flags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) < 2 {
		return usagef("want FAMILY_ID and at least one MATERIAL_ID")
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	h, err := st.Household(e.ctx, rest[0])
	if err != nil {
		return err
	}
	by, err := e.navigatorName(st, *nav)
	if err != nil {
		return err
	}
	var sheets []handout.MaterialSheet
	var given []data.MaterialGiven
	for _, id := range rest[1:] {
		d, err := st.Material(e.ctx, id)
		if err != nil {
			return fmt.Errorf("material %s: %w", id, err)
		}
		if d.Material.Status != data.MaterialPublished {
			return fmt.Errorf("material %s is a draft: publish it before giving it to a family", id)
		}
		if len(d.Versions) == 0 {
			return fmt.Errorf("material %s has no text in any language yet", id)
		}
		s := handout.NewMaterialSheet(d, h.HomeLanguage, h.Name, by, st.Now())
		sheets = append(sheets, s)
		given = append(given, data.MaterialGiven{HouseholdID: h.ID, MaterialID: id, Title: s.Title, Language: s.Lang,
			Wanted: h.HomeLanguage, Navigator: by})
	}
	if *out != "" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return err
		}
		for _, s := range sheets {
			path := filepath.Join(*out, s.FileName(".pdf"))
			if err := s.Save(path); err != nil {
				return err
			}
			e.reportSheet(s, path)
		}
	} else {
		for _, s := range sheets {
			if s.FellBack() {
				fmt.Fprintf(e.stderr, "navctl: %q has no %s version: the %s version was given\n", s.Title, s.Wanted, s.Lang)
			}
		}
	}
	err = st.Write(e.ctx, func(tx *store.Tx) error {
		for i := range given {
			if err := tx.AddMaterialGiven(&given[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(given)
	}
	fmt.Fprintf(e.stdout, "Gave %s %d material(s), recorded on the family's timeline\n", h.Name, len(given))
	return nil
}
