package ui

import (
	"slices"
	"strings"

	"trellis/data/store"
)

// Content in the navigator's and the family's languages: the directory
// shows each service in the UI language (in English where it has no
// translation), and, when its language filter is set to another language
// (the family's, while referring), the service's name in that language
// beside it; what is not translated is said.

// familyLanguage is the language the directory's filter asks services to
// be offered in, when it is not the UI language: the service's name is
// then shown in it too. "" otherwise.
func (d *DirectoryScreen) familyLanguage() string {
	lang := d.language.code()
	if lang == "" || baseLanguage(lang) == baseLanguage(d.sh.loc.Language()) {
		return ""
	}
	return lang
}

// untranslatedMark says what of a service's text is not translated into
// lang (the parts named in store.ServiceText.Untranslated): nothing, only
// some parts, or nothing at all. "" when everything is.
func (s *Shell) untranslatedMark(lang string, parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	language := s.languageName(lang)
	if slices.Contains(parts, store.PartName) {
		return s.T("content.not_translated", map[string]any{"Language": language})
	}
	names := make([]string, len(parts))
	for i, p := range parts {
		names[i] = s.T("content.part_" + p)
	}
	return s.T("content.partly_translated", map[string]any{"Language": language, "Parts": strings.Join(names, s.T("handout.list_separator"))})
}

// englishOnlyMark returns the "English only" mark when content wanted in
// lang is shown in English (in) instead, or "" when it is in the wanted
// language or English was wanted.
func (s *Shell) englishOnlyMark(lang, in string) string {
	if baseLanguage(in) != "en" || baseLanguage(lang) == "en" {
		return ""
	}
	return s.T("content.english_only")
}

// baseLanguage is the language subtag of a BCP 47 tag ("zh" of "zh-Hant"),
// except that Chinese scripts stay apart: Traditional is not Simplified.
func baseLanguage(tag string) string {
	tag = strings.ReplaceAll(strings.ToLower(tag), "_", "-")
	if strings.HasPrefix(tag, "zh-hant") || tag == "zh-tw" || tag == "zh-hk" || tag == "zh-mo" {
		return "zh-hant"
	}
	base, _, _ := strings.Cut(tag, "-")
	if base == "zh" {
		return "zh-hans"
	}
	return base
}
