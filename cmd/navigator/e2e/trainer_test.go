package e2e

import (
	"fmt"
	"testing"
)

// materials is navctl materials list --json.
type materials []struct {
	Material struct {
		ID, Topic, Audience, Status string
	}
	Versions []struct {
		Language, Title, Body string
	}
}

// TestTrainerFlow is a trainer writing a material in the UI language,
// publishing it and adding a version in a second language, in English
// and in Arabic, with the mouse and keyboard in the real app.
func TestTrainerFlow(t *testing.T) {
	for _, c := range []struct{ lang, second string }{{"en", "es"}, {"ar", "en"}} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			trainerFlow(t, c.lang, c.second)
		})
	}
}

func trainerFlow(t *testing.T, lang, second string) {
	a := newApp(t, lang)
	a.start("--name", "Tess Trainer", "--screen", "materials")

	a.click(a.button("materials.new"))
	a.fill(a.field("*ui.textEntry", "field.topic"), "Sleep")
	a.choose(a.field("*ui.choice", "field.audience"), a.loc.T("audience.families"))
	a.choose(a.field("*ui.choice", "field.status"), a.loc.T("material_status.published"))
	a.fill(a.field("*ui.textEntry", "field.title"), "Bedtime routines")
	a.fill(a.placeholder("materials.body_hint"), "A calm hour before bed helps.")
	a.shot("first-version")
	a.click(a.blueButton("action.save"))
	var mats materials
	a.eventually(func() string {
		a.navctl(&mats, "materials", "list")
		if len(mats) != 1 || mats[0].Material.Status != "published" || mats[0].Material.Audience != "families" ||
			len(mats[0].Versions) != 1 || mats[0].Versions[0].Language != lang || mats[0].Versions[0].Title != "Bedtime routines" {
			return fmt.Sprintf("navctl lists %+v, want one published material for families with a %s version", mats, lang)
		}
		return ""
	})

	// The second language's version.
	a.choose(a.field("*ui.choice", "materials.version_language"), a.languageName(second))
	a.fill(a.field("*ui.textEntry", "field.title"), "Rutinas para dormir")
	a.fill(a.placeholder("materials.body_hint"), "Una hora tranquila antes de dormir ayuda.")
	a.shot("second-version")
	a.click(a.blueButton("action.save"))
	a.eventually(func() string {
		a.navctl(&mats, "materials", "list")
		if len(mats) != 1 || len(mats[0].Versions) != 2 {
			return fmt.Sprintf("navctl lists %+v, want one material with 2 versions", mats)
		}
		for _, v := range mats[0].Versions {
			if v.Language == second && v.Title == "Rutinas para dormir" {
				return ""
			}
		}
		return fmt.Sprintf("navctl lists the versions %+v, want a %s one", mats[0].Versions, second)
	})
	a.shot("saved")
}
