package dialogs

import (
	"strings"
	"testing"

	"trellis/data/hsds"
	"trellis/translations"
)

// Every kind of HSDS problem, every kind of JSON value and every way of
// saying where has a message of its own in every language: none falls
// back to English or to the bare message id.
func TestEveryHSDSProblemHasAMessageInEveryLanguage(t *testing.T) {
	ids := []string{"hsds.where", "hsds.line", "hsds.place.row", "hsds.place.line"}
	for _, c := range hsds.Codes() {
		ids = append(ids, ProblemMessageID(c))
	}
	for _, k := range hsds.Kinds() {
		ids = append(ids, KindMessageID(k))
	}
	for _, l := range translations.Supported() {
		loc := translations.New(l.Tag)
		for _, id := range ids {
			if !loc.Has(id) {
				t.Errorf("%s has no message %s", l.Tag, id)
			}
		}
	}
}

func TestProblemTextNamesFileRowAndField(t *testing.T) {
	p := hsds.Problem{File: "services.csv", At: hsds.Place{Row: 3}, Record: "service", ID: "x", Field: "minimum_age",
		Code: hsds.CodeNotANumber, Value: "zero"}
	cases := map[string]string{
		"en": `services.csv, row 3: "minimum_age" should be a number, but it is "zero".`,
		"es": `services.csv, fila 3: «minimum_age» debería ser un número, pero es «zero».`,
		// The file's names are fenced with left-to-right marks, so that
		// the bidi ordering keeps each whole.
		"ar": "الصف 3 في \u200eservices.csv\u200e: يجب أن يكون «\u200eminimum_age\u200e» رقمًا، لكنه «\u200ezero\u200e».",
	}
	for lang, want := range cases {
		if got := ProblemText(translations.New(lang), p); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	// A JSON path is the file's own and stays as it is; the kinds of value
	// are words of the language.
	p = hsds.Problem{File: "county.json", At: hsds.Place{Path: "$[0].phones"}, Field: "phones", Code: hsds.CodeWrongType,
		Expected: hsds.KindList, Found: hsds.KindString}
	if got := ProblemText(translations.New("es"), p); got != `county.json, $[0].phones: «phones» debería ser una lista, pero es texto.` {
		t.Errorf("es: %q", got)
	}
	// A problem with the input as a whole names no file.
	if got := ProblemText(translations.New("es"), hsds.Problem{Code: hsds.CodeNoneValid}); got != "Todos los servicios del archivo tienen algún problema, así que no se pudo importar nada." {
		t.Errorf("es: %q", got)
	}
	// A duplicate id says where else it is, in words.
	p = hsds.Problem{File: "services.csv", At: hsds.Place{Row: 3}, ID: "abc", Field: "id", Code: hsds.CodeDuplicateID, Other: hsds.Place{Row: 2}}
	if got := ProblemText(translations.New("ru"), p); !strings.Contains(got, "строка 3") || !strings.Contains(got, "строка 2") || !strings.Contains(got, "abc") {
		t.Errorf("ru: %q", got)
	}
}
