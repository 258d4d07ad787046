package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// uiFiles parses every non-test Go file of the ui packages.
func uiFiles(t *testing.T) (*token.FileSet, []*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fset, files
}

// TestEveryMessageIDExists checks that each literal id the UI asks the
// localizer for is in the English and Spanish message files, so no screen
// shows a raw id.
func TestEveryMessageIDExists(t *testing.T) {
	msgs := map[string]map[string]any{}
	for _, lang := range []string{"en", "es"} {
		buf, err := os.ReadFile(filepath.Join("..", "translations", "active."+lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		if err := json.Unmarshal(buf, &m); err != nil {
			t.Fatal(err)
		}
		msgs[lang] = m
	}
	fset, files := uiFiles(t)
	n := 0
	for _, f := range files {
		ast.Inspect(f, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "T" && sel.Sel.Name != "N") {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			id, _ := strconv.Unquote(lit.Value)
			n++
			for lang, m := range msgs {
				if _, ok := m[id]; !ok {
					t.Errorf("%s: message %q is not in active.%s.json", fset.Position(lit.Pos()), id, lang)
				}
			}
			return true
		})
	}
	if n < 20 {
		t.Fatalf("found only %d message ids in ui/; the scan is broken", n)
	}
}

// textSetters are the widget functions whose string argument is shown to
// the user, and which argument it is.
var textSetters = map[string]int{
	"NewLabel": 0, "NewButton": 0, "NewButtonWithIcon": 0, "NewCheck": 0, "SetText": 0, "SetPlaceHolder": 0,
	"NewFormItem": 0, "NewTabItem": 0, "NewTabItemWithIcon": 0, "NewLabelWithStyle": 0, "SetTitle": 0,
	"NewConfirm": 0, "NewInformation": 0, "NewCustom": 0, "NewCustomConfirm": 0, "NewHyperlink": 0,
	"SetConfirmText": 0, "SetDismissText": 0, "NewCard": 0,
}

// TestNoEnglishLiteralsInUI checks that nothing shown to the user is written
// as a literal in ui/: every label, button and title comes from the
// translations.
func TestNoEnglishLiteralsInUI(t *testing.T) {
	fset, files := uiFiles(t)
	for _, f := range files {
		ast.Inspect(f, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			case *ast.Ident:
				name = fn.Name
			}
			i, ok := textSetters[name]
			if !ok || i >= len(call.Args) {
				return true
			}
			lit, ok := call.Args[i].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, _ := strconv.Unquote(lit.Value)
			if strings.IndexFunc(s, unicode.IsLetter) >= 0 && s != "Trellis" {
				t.Errorf("%s: %s(%s) shows a literal; use the localizer", fset.Position(lit.Pos()), name, lit.Value)
			}
			return true
		})
	}
}
