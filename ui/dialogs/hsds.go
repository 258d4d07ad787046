package dialogs

import (
	"trellis/data/hsds"
	"trellis/translations"
	"trellis/ui/bidi"
)

// ProblemMessageID is the id of the message that words an HSDS problem of
// the given code.
func ProblemMessageID(c hsds.Code) string { return "hsds.problem." + string(c) }

// KindMessageID is the id of the message that names a kind of JSON value.
func KindMessageID(k hsds.Kind) string { return "hsds.kind." + string(k) }

// ProblemText says in the UI language where an HSDS problem is (the file,
// and a row, a line and column or a JSON path in it) and what is wrong.
// File names, JSON paths, field names, values and ids are the file's own
// and stay as they are, so that whoever fixes the file can find them.
func ProblemText(loc *translations.Localizer, p hsds.Problem) string {
	name := names(loc)
	what := loc.T(ProblemMessageID(p.Code), map[string]any{
		"Field":    name(p.Field),
		"Value":    name(p.Value),
		"Expected": kindText(loc, p.Expected),
		"Found":    kindText(loc, p.Found),
		"Target":   name(p.Target),
		"Record":   name(p.Record),
		"ID":       name(p.ID),
		"Other":    PlaceText(loc, p.Other),
		"Got":      p.Got,
		"Want":     p.Want,
		"Limit":    p.Limit,
	})
	where := name(p.File)
	if where == "" { // the input as a whole
		return what
	}
	if place := PlaceText(loc, p.At); place != "" {
		where = loc.T("hsds.where", map[string]any{"File": where, "Place": place})
	}
	return loc.T("hsds.line", map[string]any{"Where": where, "Problem": what})
}

// names returns how the file's own names are put into a sentence of the
// UI language. Written right to left, each is fenced with left-to-right
// marks, so that the bidi ordering (ui/bidi) keeps it whole and in its own
// order: "$[1]" or "a-b" would otherwise have their brackets and signs
// taken into the Arabic around them and drawn reversed.
func names(loc *translations.Localizer) func(string) string {
	if !bidi.IsRTL(loc.Language()) {
		return func(s string) string { return s }
	}
	return func(s string) string {
		if s == "" {
			return s
		}
		return "\u200e" + s + "\u200e"
	}
}

// PlaceText says where in a file something is, in the UI language: "row
// 3", "line 1, column 9", or a JSON path as it is.
func PlaceText(loc *translations.Localizer, pl hsds.Place) string {
	switch {
	case pl.Row > 0:
		return loc.T("hsds.place.row", map[string]any{"Row": pl.Row})
	case pl.Line > 0:
		return loc.T("hsds.place.line", map[string]any{"Line": pl.Line, "Column": pl.Column})
	}
	return names(loc)(pl.Path)
}

func kindText(loc *translations.Localizer, k hsds.Kind) string {
	if k == "" {
		return ""
	}
	return loc.T(KindMessageID(k))
}
