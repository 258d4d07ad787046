package ui

import "strings"

// Content in the family's language: the directory shows services in the
// home language of the family being referred (the UI language otherwise),
// and anything the directory or a material has only in English carries a
// visible "English only" mark.

// contentLanguage is the language the directory shows services in: the
// family's home language while referring a family, else the UI language.
func (d *DirectoryScreen) contentLanguage() string {
	if d.target != nil && d.target.household.HomeLanguage != "" {
		return d.target.household.HomeLanguage
	}
	return d.sh.loc.Language()
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
