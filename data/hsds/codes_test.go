package hsds

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// constants returns the values of the string constants declared in file
// with the given type name ("" for untyped ones).
func constants(t *testing.T, file, typ string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			name := ""
			if id, ok := v.Type.(*ast.Ident); ok {
				name = id.Name
			}
			if name != typ {
				continue
			}
			for _, e := range v.Values {
				if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// Codes and Kinds list every constant declared, so that whoever words
// them (the app's translations) can be checked against them; and every
// code has its own English message.
func TestEveryCodeIsListedAndWorded(t *testing.T) {
	declared := constants(t, "codes.go", "Code")
	if len(declared) < 20 {
		t.Fatalf("only %d codes found in codes.go", len(declared))
	}
	listed := map[Code]bool{}
	for _, c := range Codes() {
		if listed[c] {
			t.Errorf("%s is listed twice", c)
		}
		listed[c] = true
	}
	for _, c := range declared {
		if !listed[Code(c)] {
			t.Errorf("Codes() lacks %q", c)
		}
	}
	if len(listed) != len(declared) {
		t.Errorf("Codes() has %d codes, codes.go declares %d", len(listed), len(declared))
	}
	for _, c := range Codes() {
		p := Problem{Code: c, Field: "name", Value: "x", Detail: "detail", Target: "service", Record: "phone", Expected: KindNumber, Found: KindString}
		if msg := p.english(); msg == "" || strings.HasPrefix(msg, "invalid (") {
			t.Errorf("%s has no English message: %q", c, msg)
		}
	}
	var kinds []string
	for _, k := range Kinds() {
		kinds = append(kinds, string(k))
		if k.english() == string(k) && k != KindNull {
			t.Errorf("kind %s has no English words", k)
		}
	}
	if declared := constants(t, "codes.go", "Kind"); !slices.Equal(kinds, declared) {
		t.Errorf("Kinds() %v, declared %v", kinds, declared)
	}
}

// Every code a record's validation can give (data's Code constants) has
// a Code of its own.
func TestEveryFieldErrorCodeHasACode(t *testing.T) {
	declared := constants(t, "../validate.go", "")
	if len(declared) < 10 {
		t.Fatalf("only %d codes found in data/validate.go", len(declared))
	}
	for _, c := range declared {
		if _, ok := fieldCodes[c]; !ok {
			t.Errorf("data code %q has no hsds Code", c)
		}
	}
}
