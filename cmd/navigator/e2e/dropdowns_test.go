package e2e

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"trellis/ui/bidi"
	"trellis/ui/widgetmap"
)

// TestEveryDropDown opens, with a click, every drop-down of every screen
// and form of the app, in English and in Arabic, on a demo county; it
// checks that its list opens next to it with options in the UI language,
// and keeps a screenshot of each open list for a person to look at.
func TestEveryDropDown(t *testing.T) {
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			everyDropDown(t, lang)
		})
	}
}

func everyDropDown(t *testing.T, lang string) {
	a := newApp(t, lang)
	a.navctl(nil, "init", "--navigator", "Ana Navigator")
	a.navctl(nil, "demo", "--families", "12", "--services", "30", "--seed", "7")

	a.start("--screen", "firstrun")
	a.tour("firstrun")
	a.stop()

	a.start("--screen", "family")
	a.wait(a.button("family.add_child"))
	forms := []struct{ name, button string }{
		{"child", "family.add_child"},
		{"caregiver", "family.add_caregiver"},
		{"contact", "family.log_contact"},
		{"screening", "family.record_screening"},
		{"family-edit", "action.edit"},
	}
	for _, f := range forms {
		a.click(a.button(f.button))
		a.wait(a.button("action.cancel"))
		a.tour(f.name)
		a.click(a.button("action.cancel"))
		a.waitGone(a.button("action.cancel"))
	}
	// Refer: the directory in referral mode, then the referral form.
	a.click(a.button("family.refer"))
	a.wait(a.msg("directory.stop_referring"))
	a.tour("directory-referring")
	a.clickFirstRow()
	a.click(a.blueButton("directory.refer"))
	a.wait(a.button("action.cancel"))
	a.tour("referral")
	a.click(a.button("action.cancel"))
	a.waitGone(a.button("action.cancel"))

	a.click(a.msg("nav.families"))
	a.click(a.button("action.back")) // from the family's page to the list
	a.click(a.button("families.new"))
	a.wait(a.button("action.cancel"))
	a.tour("family-new")
	a.click(a.button("action.cancel"))
	a.waitGone(a.button("action.cancel"))

	a.click(a.msg("nav.directory"))
	a.wait(a.placeholder("directory.search_hint"))
	a.tour("directory")

	a.click(a.msg("nav.referrals"))
	a.wait(a.placeholder("referrals.search_hint"))
	a.clickFirstRow()
	a.wait(a.button("referrals.change_status"))
	a.tour("referrals")

	a.click(a.msg("nav.materials"))
	a.wait(a.button("materials.new"))
	a.tour("materials")

	a.click(a.msg("nav.settings"))
	a.wait(a.button("settings.directory_import_file"))
	a.tour("settings")
}

// isDropDown says o is a drop-down: the app's choice or Fyne's Select.
func isDropDown(o widgetmap.Object) bool {
	return o.Kind == "*ui.choice" || o.Kind == "*widget.Select"
}

// messageID looks like a translation's id left untranslated.
var messageID = regexp.MustCompile(`^[a-z_]+\.[a-z_.0-9-]+$`)

// tour opens each drop-down shown on the top layer, one after the other,
// checks its list and keeps a screenshot of it.
func (a *app) tour(screen string) {
	a.t.Helper()
	m := a.snapshot()
	layer := topLayer(m)
	var drops []widgetmap.Object
	for _, o := range m.Objects {
		if isDropDown(o) && o.Layer == layer && !o.Visible.Empty() && !o.Disabled {
			drops = append(drops, o)
		}
	}
	if len(drops) == 0 {
		a.t.Fatalf("%s: no drop-down shown:\n%s", screen, describe(m))
	}
	rtl := bidi.IsRTL(a.lang)
	sort.SliceStable(drops, func(i, j int) bool { // in reading order
		if drops[i].Rect.Y != drops[j].Rect.Y {
			return drops[i].Rect.Y < drops[j].Rect.Y
		}
		return (drops[i].Rect.X < drops[j].Rect.X) != rtl
	})
	for i, d := range drops {
		name := fmt.Sprintf("%s-%d", screen, i+1)
		a.clickAt(d.Visible)
		var pop []widgetmap.Object
		popLayer := layer + 1
		a.waitUntil(fmt.Sprintf("%s: the list of drop-down %d (%q, %q) open", screen, i+1, d.Field, d.PlaceHolder), func(m widgetmap.Map) bool {
			pop = nil
			for _, o := range m.Objects {
				if o.Layer == popLayer && o.Kind == "*canvas.Text" && o.Text != "" {
					pop = append(pop, o)
				}
			}
			return len(pop) > 0
		})
		path := a.shotAs(a.lang + "-" + name)
		a.checkPopUp(name, d, pop, path)
		a.key("Escape")
		a.waitUntil(name+": the list closed by Esc", func(m widgetmap.Map) bool { return topLayer(m) < popLayer })
	}
}

// checkPopUp checks the open list of drop-down d: next to it (under or
// above, overlapping it across), and its options translated.
func (a *app) checkPopUp(name string, d widgetmap.Object, options []widgetmap.Object, path string) {
	a.t.Helper()
	top, bottom, left, right := options[0].Rect.Y, 0, options[0].Rect.X, 0
	for _, o := range options {
		top, bottom = min(top, o.Rect.Y), max(bottom, o.Rect.Y+o.Rect.H)
		left, right = min(left, o.Rect.X), max(right, o.Rect.X+o.Rect.W)
		if messageID.MatchString(o.Text) {
			a.t.Errorf("%s: option %q is a message id, not translated (%s)", name, o.Text, path)
		}
	}
	if right < d.Rect.X || left > d.Rect.X+d.Rect.W {
		a.t.Errorf("%s: the options (x %d-%d) are not across from the drop-down (x %d-%d) (%s)", name, left, right, d.Rect.X, d.Rect.X+d.Rect.W, path)
	}
	if top > d.Rect.Y+d.Rect.H+d.Rect.H && bottom < d.Rect.Y-d.Rect.H {
		a.t.Errorf("%s: the options (y %d-%d) are far from the drop-down (y %d-%d) (%s)", name, top, bottom, d.Rect.Y, d.Rect.Y+d.Rect.H, path)
	}
}

// waitUntil waits until ok says yes of the app's widget map.
func (a *app) waitUntil(desc string, ok func(widgetmap.Map) bool) {
	a.t.Helper()
	a.waitMap(desc, waitShort, ok)
}

// clickFirstRow clicks the first row of the list on screen (the widest
// text under the search field's row, in the list's half).
func (a *app) clickFirstRow() {
	a.t.Helper()
	a.click(matcher{"a list row", func(o widgetmap.Object) bool {
		return o.Kind == "*widget.listItem" || strings.HasSuffix(o.Kind, ".listItem")
	}})
}

// shotAs saves a screenshot named name (.png) and returns its path.
func (a *app) shotAs(name string) string {
	path := filepath.Join(a.shots, name+".png")
	a.capture(path)
	return path
}
