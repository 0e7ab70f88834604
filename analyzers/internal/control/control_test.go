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
	// Unused labels are errors the cases would have to work around.
	conf := types.Config{Importer: importer.Default(), Error: func(err error) {
		if !strings.Contains(err.Error(), "declared and not used") {
			t.Error(err)
		}
	}}
	_, _ = conf.Check("p", fset, []*ast.File{f}, info)
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

// leavesCases are statement runs, each after a call to mark(), with whether
// they leave the loop labelled inner and the function.
var leavesCases = []struct {
	src      string
	loop, fn bool
	name     string
}{
	{"mark(); return", true, true, "return"},
	{"mark(); break", true, false, "break in the loop's body"},
	{"select { case <-ch: mark(); break }", false, false, "break in a select case leaves the select only"},
	{"switch { case x: mark(); break }", false, false, "break in a switch case leaves the switch only"},
	{"switch { case x: mark(); if x { break } else { return } }", false, false, "one branch leaves the switch only"},
	{"select { case <-ch: mark(); break inner }", true, false, "labelled break to the loop"},
	{"select { case <-ch: mark(); break outer }", true, false, "labelled break beyond the loop"},
	{"for { mark(); break }", false, false, "break out of a loop inside the scope"},
	{"mark(); continue", false, false, "continue"},
	{"mark(); continue inner", false, false, "continue of the loop itself"},
	{"mark(); continue outer", true, false, "continue of a loop around it"},
	{"mark(); goto out", true, false, "goto a label after the loop"},
	{"again: mark(); goto again", false, false, "goto a label inside the loop"},
	{"mark(); panic(1)", true, true, "panic"},
	{"mark(); os.Exit(1)", true, true, "os.Exit"},
	{"mark(); log.Fatal(1)", true, true, "log.Fatal"},
	{"mark(); log.Default().Fatalf(\"%d\", 1)", true, true, "a log.Logger's Fatalf"},
	{"mark(); if x { return } else { break }", true, false, "both branches leave"},
	{"mark(); if x { return }", false, false, "one branch leaves"},
	{"mark(); { return }", true, true, "a block that returns"},
	{"panic := func(int) {}; mark(); panic(1)", false, false, "a local func named panic"},
	{"mark(); fmt.Println(); return", true, true, "a return after a call"},
	{"mark(); fmt.Println()", false, false, "a call"},
	{"mark(); func() { return }()", false, false, "a return in a literal"},
}

func TestLeaves(t *testing.T) {
	for _, tc := range leavesCases {
		t.Run(tc.name, func(t *testing.T) {
			src := `package p

import ("fmt"; "log"; "os")

var _, _, _ = fmt.Println, log.Fatal, os.Exit

func mark() {}

func f(ch chan int, x bool) {
outer:
	for {
	inner:
		for range 3 {
			` + tc.src + `
		}
	}
out:
}
`
			_, f, in, info := load(t, src)
			var decl *ast.FuncDecl
			var loop ast.Node
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "f" {
					decl = fd
				}
			}
			ast.Inspect(decl, func(n ast.Node) bool {
				if l, ok := n.(*ast.LabeledStmt); ok && l.Label.Name == "inner" {
					loop = l.Stmt
				}
				return loop == nil
			})
			var at inspector.Cursor
			var rest []ast.Stmt
			for cur := range in.Root().Preorder((*ast.CallExpr)(nil)) {
				if id, ok := cur.Node().(*ast.CallExpr).Fun.(*ast.Ident); !ok || id.Name != "mark" {
					continue
				}
				stmt := cur.Parent()
				if _, ok := stmt.Parent().Node().(*ast.LabeledStmt); ok {
					stmt = stmt.Parent()
				}
				at = stmt.Parent()
				list := List(at.Node())
				for i, s := range list {
					if s == stmt.Node() {
						rest = list[i+1:]
					}
				}
			}
			if rest == nil {
				t.Fatal("no statements after mark()")
			}
			if got := Leaves(info, at, rest, loop); got != tc.loop {
				t.Errorf("leaves the loop: got %v, want %v", got, tc.loop)
			}
			if got := Leaves(info, at, rest, decl); got != tc.fn {
				t.Errorf("leaves the function: got %v, want %v", got, tc.fn)
			}
		})
	}
}

func TestBodyAndList(t *testing.T) {
	_, f, in, _ := load(t, `package p

func f(ch chan int, x int) {
	for {
	}
	for range ch {
	}
	_ = func() {}
	switch x {
	case 1:
		x++
	}
	select {
	case <-ch:
		x--
	}
}

func g()
`)
	n := 0
	for cur := range in.Root().Preorder((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		decl, ok := cur.Node().(*ast.FuncDecl)
		if got := Body(cur.Node()); (got == nil) != (ok && decl.Name.Name == "g") {
			t.Errorf("Body(%T) = %v", cur.Node(), got)
		}
		n++
	}
	if n != 5 {
		t.Errorf("%d loops and functions, want 5", n)
	}
	if Body(f) != nil || List(f) != nil {
		t.Error("Body or List of a file is not nil")
	}
	for cur := range in.Root().Preorder((*ast.CaseClause)(nil), (*ast.CommClause)(nil)) {
		if l := List(cur.Node()); len(l) != 1 {
			t.Errorf("List(%T) = %v, want its one statement", cur.Node(), l)
		}
	}
}

func TestCommRecv(t *testing.T) {
	fset, f, in, _ := load(t, `package p

func f(ch chan int) {
	var v int
	var ok bool
	select {
	case <-ch: // recv
	case w := <-ch: // recv
		_ = w
	case v, ok = <-ch: // recv
	case ch <- 1: // none
	default: // none
	}
	_, _ = v, ok
}
`)
	for cur := range in.Root().Preorder((*ast.CommClause)(nil)) {
		cc := cur.Node().(*ast.CommClause)
		u := CommRecv(cc.Comm)
		w := want(fset, f, cc.Pos())
		if (u != nil) != (w == "recv") {
			t.Errorf("%s: CommRecv = %v, want %s", fset.Position(cc.Pos()), u, w)
		}
		op, ch := CommOp(cc.Comm)
		switch {
		case w == "recv" && (op != u || ch != u.X):
			t.Errorf("%s: CommOp = %v, %v, want the receive and its channel", fset.Position(cc.Pos()), op, ch)
		case w != "recv" && cc.Comm == nil && (op != nil || ch != nil):
			t.Errorf("%s: CommOp of a default = %v, %v, want nil", fset.Position(cc.Pos()), op, ch)
		case w != "recv" && cc.Comm != nil && (op != cc.Comm || ch != cc.Comm.(*ast.SendStmt).Chan):
			t.Errorf("%s: CommOp = %v, %v, want the send and its channel", fset.Position(cc.Pos()), op, ch)
		}
	}
}

func TestWaitsForEvents(t *testing.T) {
	fset, f, in, _ := load(t, `package p

func f(ch chan int, n int) {
	for { // events
		select {
		case <-ch:
		}
	}
	for { // events
		v := <-ch
		_ = v
	}
	for { // none
		n++
		ch <- n
	}
	for { // none
		go func() { <-ch }()
	}
}
`)
	n := 0
	for cur := range in.Root().Preorder((*ast.ForStmt)(nil)) {
		loop := cur.Node().(*ast.ForStmt)
		if got, w := WaitsForEvents(loop.Body), want(fset, f, loop.Pos()) == "events"; got != w {
			t.Errorf("%s: WaitsForEvents = %v, want %v", fset.Position(loop.Pos()), got, w)
		}
		n++
	}
	if n != 4 {
		t.Errorf("%d loops, want 4", n)
	}
}

func TestStmtExpr(t *testing.T) {
	_, _, in, _ := load(t, `package p

func f(ch chan int, x any) {
	<-ch
	v := <-ch
	v, ok := <-ch
	a, b := 1, 2
	ch <- 1
	switch y := x.(type) {
	default:
		_ = y
	}
	switch x.(type) {
	}
	_, _, _, _ = v, ok, a, b
}
`)
	var got []string
	for cur := range in.Root().Preorder((*ast.ExprStmt)(nil), (*ast.AssignStmt)(nil), (*ast.SendStmt)(nil)) {
		s := cur.Node().(ast.Stmt)
		e := StmtExpr(s)
		str := "<nil>"
		if ta, ok := e.(*ast.TypeAssertExpr); ok && ta.Type == nil {
			str = types.ExprString(ta.X) + ".(type)"
		} else if e != nil {
			str = types.ExprString(e)
		}
		got = append(got, str)
	}
	want := []string{"<-ch", "<-ch", "<-ch", "<nil>", "<nil>", "x.(type)", "y", "x.(type)", "<nil>"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("StmtExpr: got %q, want %q", got, want)
	}
}

func TestFuncName(t *testing.T) {
	_, _, in, _ := load(t, `package p

import "strings"

type T struct{ fs []func() }

func (T) M() {}

func f(t T) {
	f(t)
	t.M()
	_ = strings.ToLower("")
	func() {}()
	t.fs[0]()
	(f)(t)
	_ = (*T).M
}
`)
	var got []string
	for cur := range in.Root().Preorder((*ast.CallExpr)(nil)) {
		got = append(got, FuncName(cur.Node().(*ast.CallExpr)))
	}
	want := []string{"f", "M", "ToLower", "", "", "f"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("FuncName: got %q, want %q", got, want)
	}
}

func TestAssigns(t *testing.T) {
	_, _, in, _ := load(t, `package p

type T struct{ f int }

func g() (int, int) { return 0, 0 }

func f(m map[int]int, t *T) {
	a, b := 1, 2
	c, ok := m[a]
	a += b
	t.f, a = 3, 4
	var d = 5
	var e, h = g()
	var i int
	_ = 6
	_, _, _, _, _, _ = c, ok, d, e, h, i
}
`)
	var got []string
	for cur := range in.Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)) {
		Assigns(cur.Node(), func(id *ast.Ident, rhs ast.Expr) {
			str := "<nil>"
			if rhs != nil {
				str = types.ExprString(rhs)
			}
			got = append(got, id.Name+"="+str)
		})
	}
	want := []string{"a=1", "b=2", "c=<nil>", "ok=<nil>", "a=<nil>", "a=4", "d=5", "e=<nil>", "h=<nil>", "_=6",
		"_=c", "_=ok", "_=d", "_=e", "_=h", "_=i"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Assigns: got %q, want %q", got, want)
	}
}

func TestHasDefault(t *testing.T) {
	_, _, in, _ := load(t, `package p

func f(ch chan int) {
	select {
	case <-ch:
	default:
	}
	select {
	case <-ch:
	}
}
`)
	var got []bool
	for cur := range in.Root().Preorder((*ast.SelectStmt)(nil)) {
		got = append(got, HasDefault(cur.Node().(*ast.SelectStmt)))
	}
	if len(got) != 2 || !got[0] || got[1] {
		t.Errorf("HasDefault = %v, want [true false]", got)
	}
}
