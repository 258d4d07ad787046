package translations

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"trellis/translations/catalog"
)

// loadCatalog reads the message files of this folder with the checker the
// translators' command uses.
func loadCatalog(t *testing.T) map[string]catalog.File {
	t.Helper()
	files, err := catalog.Load(".")
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Every supported language has a file, and each file has every English
// message, none left in English, the same placeholders, and the plural
// forms the language needs.
func TestEveryLanguageIsComplete(t *testing.T) {
	files := loadCatalog(t)
	en := files[catalog.Source]
	if len(en) == 0 {
		t.Fatal("no English messages")
	}
	for _, l := range Supported() {
		f, ok := files[l.Tag]
		if !ok {
			t.Errorf("no active.%s.json for %s", l.Tag, l.NativeName)
			continue
		}
		for _, p := range catalog.Check(l.Tag, en, f) {
			t.Error(p)
		}
	}
}

// The plural forms the checker demands must be the ones go-i18n picks at
// run time (go-i18n quietly uses "other" for a missing form, so a wrong
// table would let grammatical errors through). A message whose forms are
// their own names shows which form each count selects.
func TestPluralTableMatchesGoI18n(t *testing.T) {
	counts := []any{0, 1, 2, 3, 4, 5, 6, 9, 11, 21, 22, 25, 100, 101, 111, 1000000, "0.5", "1.5"}
	for _, l := range Supported() {
		tag := language.MustParse(l.Tag)
		b := i18n.NewBundle(tag)
		msg := &i18n.Message{ID: "probe", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
		if err := b.AddMessages(tag, msg); err != nil {
			t.Fatal(err)
		}
		loc := i18n.NewLocalizer(b, l.Tag)
		picked := map[string]bool{}
		for _, n := range counts {
			form, err := loc.Localize(&i18n.LocalizeConfig{MessageID: "probe", PluralCount: n})
			if err != nil {
				t.Fatalf("%s count %v: %v", l.Tag, n, err)
			}
			picked[form] = true
		}
		want := catalog.PluralForms(l.Tag)
		for form := range picked {
			if !slices.Contains(want, form) {
				t.Errorf("%s: go-i18n picks %q, which the checker does not demand (%v)", l.Tag, form, want)
			}
		}
		for _, form := range want {
			if !picked[form] {
				t.Errorf("%s: the checker demands %q, which go-i18n never picks", l.Tag, form)
			}
		}
	}
}

var reviewRow = regexp.MustCompile(`(?m)^\|\s*([A-Za-z-]+)\s*\|[^|]*\|\s*([^|]+?)\s*\|`)

// REVIEW.md says, for every translated language, whether a native
// speaker has reviewed it.
func TestReviewStatusIsRecordedForEveryLanguage(t *testing.T) {
	body, err := os.ReadFile("REVIEW.md")
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, m := range reviewRow.FindAllStringSubmatch(string(body), -1) {
		status[m[1]] = m[2]
	}
	for _, l := range Supported() {
		if l.Tag == catalog.Source {
			continue
		}
		s, ok := status[l.Tag]
		if !ok {
			t.Errorf("REVIEW.md has no row for %s", l.Tag)
			continue
		}
		if !strings.HasPrefix(s, "reviewed") && !strings.HasPrefix(s, "not reviewed") {
			t.Errorf("REVIEW.md status of %s is %q; want \"reviewed …\" or \"not reviewed …\"", l.Tag, s)
		}
	}
}
