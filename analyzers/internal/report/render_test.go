package report

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

const renderSrc = `package p

func f(s struct{ jobs chan int }, m map[string][]chan int) {
	s.jobs <- 1
	m["a very long key that does not fit in a message"][0] <- 2
	g(1 /* one */,   2)
}

func g(a, b int) {}
`

func parseRender(t *testing.T) (*token.FileSet, *ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "/src/p/render.go", renderSrc, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	return fset, f
}

// stmts returns the statements of f's first function.
func stmts(f *ast.File) []ast.Stmt { return f.Decls[0].(*ast.FuncDecl).Body.List }

func TestWhere(t *testing.T) {
	fset, f := parseRender(t)
	if got, want := Where(fset, stmts(f)[1].Pos()), "render.go:5"; got != want {
		t.Errorf("Where = %q, want %q", got, want)
	}
}

func TestShort(t *testing.T) {
	_, f := parseRender(t)
	if got, want := Short(stmts(f)[0].(*ast.SendStmt).Chan), "s.jobs"; got != want {
		t.Errorf("Short = %q, want %q", got, want)
	}
	long := Short(stmts(f)[1].(*ast.SendStmt).Chan)
	if len(long) != maxShort || !strings.HasSuffix(long, "...") || !strings.HasPrefix(long, `m["a very long key`) {
		t.Errorf("Short of a long expression = %q (%d bytes), want its first %d bytes ending in ...", long, len(long), maxShort)
	}
}

func TestSource(t *testing.T) {
	fset, f := parseRender(t)
	call := stmts(f)[2].(*ast.ExprStmt).X
	files := map[string]string{"/src/p/render.go": renderSrc}
	read := func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, os.ErrNotExist
	}
	pass := &analysis.Pass{Fset: fset, ReadFile: read}
	if got, ok := Source(pass, call); !ok || got != "g(1 /* one */,   2)" {
		t.Errorf("Source with file access = %q, %v; want the text as written", got, ok)
	}
	// Without file access (nogo), or when the file cannot be read, the
	// expression is printed from the syntax tree.
	for _, p := range []*analysis.Pass{
		{Fset: fset},
		{Fset: fset, ReadFile: func(string) ([]byte, error) { return nil, errors.New("denied") }},
	} {
		if got, ok := Source(p, call); !ok || got != "g(1, 2)" {
			t.Errorf("Source without file access = %q, %v; want the printed g(1, 2)", got, ok)
		}
	}
	// What cannot be printed has no source.
	if got, ok := Source(&analysis.Pass{Fset: fset}, &ast.FieldList{}); ok {
		t.Errorf("Source of a field list = %q, true; want false", got)
	}
}
