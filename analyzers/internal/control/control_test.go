package control

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/ast/inspector"
)

// load type-checks one file and returns its inspector, its comments by
// line, and its type information.
func load(t *testing.T, src string) (*token.FileSet, *ast.File, *inspector.Inspector, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: make(map[ast.Expr]types.TypeAndValue),
		Defs:  make(map[*ast.Ident]types.Object),
		Uses:  make(map[*ast.Ident]types.Object),
	}
	conf := types.Config{Importer: importer.Default()}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	return fset, f, inspector.New([]*ast.File{f}), info
}

// want returns the text of the comment on the line of pos, or "".
func want(fset *token.FileSet, f *ast.File, pos token.Pos) string {
	line := fset.Position(pos).Line
	for _, cg := range f.Comments {
		if fset.Position(cg.Pos()).Line == line {
			return strings.TrimSpace(strings.TrimPrefix(cg.List[0].Text, "//"))
		}
	}
	return ""
}

const litSrc = `package p

type H func()

func call(f func()) {}

var v = func() {} // bound

func f() {
	func() {}()       // now
	defer func() {}() // deferred
	go func() {}()    // go
	call(func() {})   // callback
	g := func() {}    // bound
	var fs []func()
	fs = append(fs, func() {}) // stored
	s := struct{ f func() }{}
	s.f = func() {}           // stored
	call(H(func() {}))        // callback
	h := H(func() {})         // bound
	(func() {})()             // now
	_ = []func(){func() {}}   // stored
	defer (H(func() {}))()    // deferred
	ch := make(chan func(), 1)
	ch <- func() {}           // stored
	_, _, _ = g, h, fs
}

func r() func() { return func() {} } // stored
`

func TestLitRun(t *testing.T) {
	fset, f, in, info := load(t, litSrc)
	n := 0
	for cur := range in.Root().Preorder((*ast.FuncLit)(nil)) {
		n++
		w := want(fset, f, cur.Node().Pos())
		run, call := LitRun(info, cur)
		if run.String() != w {
			t.Errorf("%s: LitRun = %s, want %s", fset.Position(cur.Node().Pos()), run, w)
		}
		hasCall := call != inspector.Cursor{}
		if wantCall := run == Callback || run.Called(); hasCall != wantCall {
			t.Errorf("%s: %s: call returned %v, want %v", fset.Position(cur.Node().Pos()), run, hasCall, wantCall)
		}
		if hasCall {
			if _, ok := call.Node().(*ast.CallExpr); !ok {
				t.Errorf("%s: the call cursor holds a %T", fset.Position(cur.Node().Pos()), call.Node())
			}
		}
	}
	if n != 15 {
		t.Errorf("%d literals seen, want 15", n)
	}
	// Without type information an argument is a callback.
	for cur := range in.Root().Preorder((*ast.FuncLit)(nil)) {
		if want(fset, f, cur.Node().Pos()) == "stored" && cur.ParentEdgeKind().String() == "CallExpr.Args" {
			if run, _ := LitRun(nil, cur); run != Callback {
				t.Errorf("%s: LitRun(nil) = %s, want callback", fset.Position(cur.Node().Pos()), run)
			}
		}
	}
}
