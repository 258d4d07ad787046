// Package translations holds the app's messages in every language it speaks
// (go-i18n message files, embedded) and the app-owned Localizer that the UI
// asks for every user-facing string. Unlike Fyne's lang package it can switch
// language while the app runs, and it keeps Traditional and Simplified Chinese
// apart.
package translations

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Fallback is the language used for anything not translated.
const Fallback = "en"

//go:embed active.*.json
var files embed.FS

// Language is a language the app can be shown in.
type Language struct {
	Tag        string // BCP 47 tag, as in the file name active.<Tag>.json
	NativeName string // the language's name written in that language
}

var supported = []Language{
	{"en", "English"},
	{"es", "Español"},
	{"vi", "Tiếng Việt"},
	{"zh-Hans", "简体中文"},
	{"zh-Hant", "繁體中文"},
	{"so", "Soomaali"},
	{"ru", "Русский"},
	{"uk", "Українська"},
	{"ko", "한국어"},
	{"am", "አማርኛ"},
	{"ti", "ትግርኛ"},
	{"tl", "Tagalog"},
	{"pa", "ਪੰਜਾਬੀ"},
	{"ar", "العربية"},
}

// Supported lists every language the app offers, English first.
func Supported() []Language {
	return append([]Language(nil), supported...)
}

// IsSupported reports whether tag is exactly one of Supported's tags.
func IsSupported(tag string) bool {
	for _, l := range supported {
		if l.Tag == tag {
			return true
		}
	}
	return false
}

// NativeName returns the language's own name for a supported tag, or the tag.
func NativeName(tag string) string {
	for _, l := range supported {
		if l.Tag == tag {
			return l.NativeName
		}
	}
	return tag
}

var (
	bundleOnce sync.Once
	bundle     *i18n.Bundle
	loadErrs   []error
)

// loadBundle parses every embedded message file once. A file that does not
// parse is left out (its language falls back to English) and reported by
// LoadErrors.
func loadBundle() *i18n.Bundle {
	bundleOnce.Do(func() {
		bundle = i18n.NewBundle(language.English)
		bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
		names, _ := fs.Glob(files, "active.*.json")
		for _, name := range names {
			buf, err := files.ReadFile(name)
			if err == nil {
				_, err = bundle.ParseMessageFileBytes(buf, name)
			}
			if err != nil {
				loadErrs = append(loadErrs, fmt.Errorf("%s: %w", name, err))
			}
		}
	})
	return bundle
}

// LoadErrors returns the problems found while loading the message files;
// none is expected.
func LoadErrors() []error {
	loadBundle()
	return loadErrs
}

// Files returns the tags of the languages that have a message file.
func Files() []string {
	names, _ := fs.Glob(files, "active.*.json")
	var tags []string
	for _, n := range names {
		tags = append(tags, strings.TrimSuffix(strings.TrimPrefix(path.Base(n), "active."), ".json"))
	}
	return tags
}

// Localizer gives the app's messages in one language, falling back to
// English for anything that language does not have.
type Localizer struct {
	lang string
	loc  *i18n.Localizer
}

// New returns a Localizer for lang, one of Supported's tags. An unknown or
// empty lang gives English.
func New(lang string) *Localizer {
	if !IsSupported(lang) {
		lang = Fallback
	}
	return &Localizer{lang: lang, loc: i18n.NewLocalizer(loadBundle(), lang, Fallback)}
}

// Language returns the tag of the language this Localizer speaks.
func (l *Localizer) Language() string { return l.lang }

// T returns the message with the given id, filled in with data (the
// message's {{.Name}} placeholders). A message missing from the language is
// taken from English; an id missing everywhere is returned as it is so that
// the gap shows.
func (l *Localizer) T(id string, data ...map[string]any) string {
	var td map[string]any
	if len(data) > 0 {
		td = data[0]
	}
	msg, err := l.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: td})
	if msg == "" && err != nil {
		return id
	}
	return msg
}

// N returns the plural message with the given id in the form the language
// uses for count. data may be nil; {{.Count}} is always available.
func (l *Localizer) N(id string, count int, data map[string]any) string {
	td := map[string]any{"Count": count}
	for k, v := range data {
		td[k] = v
	}
	msg, err := l.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: td, PluralCount: count})
	if msg == "" && err != nil {
		return id
	}
	return msg
}

// Has reports whether the message id exists in this Localizer's own
// language (not counting the English fallback).
func (l *Localizer) Has(id string) bool {
	// go-i18n reports an error for PluralCount on a plain message but
	// still finds it, so the message text decides.
	// go-i18n names the language by its canonical tag (Tagalog's "tl" is
	// "fil"), so the tags are compared, not their names.
	msg, tag, _ := l.loc.LocalizeWithTag(&i18n.LocalizeConfig{MessageID: id, PluralCount: 1})
	return msg != "" && tag == language.Make(l.lang)
}

// Match picks the supported language for an operating-system locale such as
// "zh_TW.UTF-8", "es-MX" or "en_US": Chinese by script (Taiwan, Hong Kong and
// Macau write Traditional), anything else by its base language, and English
// when the language is not one the app speaks.
func Match(osLocale string) string {
	s := osLocale
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	s = strings.ReplaceAll(strings.TrimSpace(s), "_", "-")
	tag, err := language.Parse(s)
	if err != nil || s == "" {
		return Fallback
	}
	base, _ := tag.Base()
	if base.String() == "zh" {
		script, _ := tag.Script()
		if script.String() == "Hant" {
			return "zh-Hant"
		}
		return "zh-Hans"
	}
	if base.String() == "fil" {
		return "tl"
	}
	if IsSupported(base.String()) {
		return base.String()
	}
	return Fallback
}
