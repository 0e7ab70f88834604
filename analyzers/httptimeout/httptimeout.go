package httptimeout

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/format"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/analysisdoc"
	"github.com/conclint/conclint/analyzers/internal/edits"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

//go:embed doc.go
var doc string

var Analyzer = newAnalyzer()

var opts report.Options

// newAnalyzer builds the Analyzer and registers its flags.
func newAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "httptimeout",
		Doc:      analysisdoc.MustExtract(doc, "httptimeout"),
		URL:      "https://github.com/conclint/conclint/blob/main/docs/httptimeout.md",
		Run:      run,
		Requires: []*analysis.Analyzer{inspect.Analyzer},
	}
	opts.Register(&a.Flags)
	return a
}

// fixReadHeaderTimeout is the value the suggested fixes set: long enough for
// any real client to send its headers, short enough to shed slow ones.
const fixReadHeaderTimeout = "10 * time.Second"

func run(pass *analysis.Pass) (any, error) {
	if !typesx.Imports(pass.Pkg, "net/http") {
		return nil, nil
	}
	r := report.New(pass, opts)
	defer r.Finish()
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{pass: pass, r: r, assigned: assignedFields(pass, in)}
	for cur := range in.Root().Preorder((*ast.File)(nil), (*ast.CompositeLit)(nil), (*ast.CallExpr)(nil), (*ast.SelectorExpr)(nil)) {
		if r.Skip(cur.Node().Pos()) {
			continue
		}
		switch n := cur.Node().(type) {
		case *ast.File:
			c.file = n
		case *ast.CompositeLit:
			c.compositeLit(cur, n)
		case *ast.CallExpr:
			c.call(cur, n)
		case *ast.SelectorExpr:
			c.defaultClient(cur, n)
		}
	}
	return nil, nil
}

type checker struct {
	pass     *analysis.Pass
	r        *report.Reporter
	file     *ast.File
	assigned map[fieldKey]bool
}

// A fieldKey names "the Timeout field of whatever variable or field v is":
// obj is the variable or struct field the client or server is stored in.
type fieldKey struct {
	obj   types.Object
	field string
}

// assignedFields records every `x.F = value` in the package where x is a
// variable or field holding an http.Client or http.Server and value is not
// a constant <= 0. A literal stored in x is then trusted to get its timeout
// there: we do not check that the assignment dominates the uses, trading
// recall for precision.
func assignedFields(pass *analysis.Pass, in *inspector.Inspector) map[fieldKey]bool {
	m := make(map[fieldKey]bool)
	for cur := range in.Root().Preorder((*ast.AssignStmt)(nil)) {
		as := cur.Node().(*ast.AssignStmt)
		if as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
			continue
		}
		for i, lhs := range as.Lhs {
			sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
			if !ok {
				continue
			}
			t := pass.TypesInfo.TypeOf(sel.X)
			if !typesx.IsNamedOrPointer(t, "net/http", "Client") && !typesx.IsNamedOrPointer(t, "net/http", "Server") {
				continue
			}
			if nonPositiveConst(pass, as.Rhs[i]) {
				continue
			}
			if obj := storage(pass, sel.X); obj != nil {
				m[fieldKey{obj, sel.Sel.Name}] = true
			}
		}
	}
	return m
}

// storage returns the variable or struct field that e denotes (x, s.client,
// *p), or nil.
func storage(pass *analysis.Pass, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return pass.TypesInfo.ObjectOf(e)
	case *ast.SelectorExpr:
		if v, ok := pass.TypesInfo.ObjectOf(e.Sel).(*types.Var); ok {
			return v
		}
	case *ast.StarExpr:
		return storage(pass, e.X)
	}
	return nil
}

// boundTo returns the variable or field a constructed value at cur is
// stored in: `c := &http.Client{}`, `s.srv = new(http.Server)`,
// `var c = http.Client{}`, `Client: &http.Client{}` in a struct literal.
func boundTo(pass *analysis.Pass, cur inspector.Cursor) types.Object {
	e := cur.Node().(ast.Expr)
	parent := cur.Parent()
	for {
		switch p := parent.Node().(type) {
		case *ast.ParenExpr:
			e, parent = p, parent.Parent()
			continue
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				e, parent = p, parent.Parent()
				continue
			}
		}
		break
	}
	switch p := parent.Node().(type) {
	case *ast.AssignStmt:
		if len(p.Lhs) == len(p.Rhs) {
			for i, rhs := range p.Rhs {
				if rhs == e {
					return storage(pass, p.Lhs[i])
				}
			}
		}
	case *ast.ValueSpec:
		for i, v := range p.Values {
			if v == e && i < len(p.Names) {
				return pass.TypesInfo.ObjectOf(p.Names[i])
			}
		}
	case *ast.KeyValueExpr:
		if id, ok := p.Key.(*ast.Ident); ok && p.Value == e {
			if v, ok := pass.TypesInfo.ObjectOf(id).(*types.Var); ok && v.IsField() {
				return v
			}
		}
	}
	return nil
}

// nonPositiveConst reports whether e is a numeric constant <= 0. Callers
// pass any field's value (srv.Addr = ":8080", a bool option), so other
// constants are possible and are not timeouts.
func nonPositiveConst(pass *analysis.Pass, e ast.Expr) bool {
	tv, ok := pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil {
		return false
	}
	switch tv.Value.Kind() {
	case constant.Int, constant.Float:
		return constant.Sign(tv.Value) <= 0
	}
	return false
}

// field returns the value of the key name in a struct literal, or nil.
func field(lit *ast.CompositeLit, name string) ast.Expr {
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
				return kv.Value
			}
		}
	}
	return nil
}

func (c *checker) compositeLit(cur inspector.Cursor, lit *ast.CompositeLit) {
	t := c.pass.TypesInfo.TypeOf(lit)
	switch {
	case typesx.IsNamed(t, "net/http", "Client"):
		c.client(cur, lit)
	case typesx.IsNamed(t, "net/http", "Server"):
		c.server(cur, lit)
	}
}

func (c *checker) client(cur inspector.Cursor, lit *ast.CompositeLit) {
	if len(lit.Elts) > 0 {
		if _, keyed := lit.Elts[0].(*ast.KeyValueExpr); !keyed {
			return // positional literal: not idiomatic, and the fields are all there
		}
	}
	timeout := field(lit, "Timeout")
	switch {
	case timeout != nil && !nonPositiveConst(c.pass, timeout):
		return // a positive constant, or a value we trust
	case timeout == nil && streamingTransport(lit):
		return
	case c.assignedLater(cur, "Timeout"):
		return
	}
	if timeout != nil {
		c.r.Report(timeout, "http.Client with a Timeout of zero has no timeout and waits forever on a server that stops responding: set a positive Timeout")
		return
	}
	c.r.Report(lit, "http.Client built with no Timeout waits forever on a server that stops responding: set Timeout")
}

// streamingTransport reports whether the client literal's Transport is an
// http.Transport literal bounding the wait for response headers.
func streamingTransport(lit *ast.CompositeLit) bool {
	tr := field(lit, "Transport")
	if u, ok := tr.(*ast.UnaryExpr); ok && u.Op == token.AND {
		tr = u.X
	}
	trLit, ok := tr.(*ast.CompositeLit)
	if !ok {
		return false
	}
	for _, f := range knowledge.StreamingTransportFields {
		if field(trLit, f) != nil {
			return true
		}
	}
	return false
}

func (c *checker) assignedLater(cur inspector.Cursor, fields ...string) bool {
	obj := boundTo(c.pass, cur)
	if obj == nil {
		return false
	}
	for _, f := range fields {
		if c.assigned[fieldKey{obj, f}] {
			return true
		}
	}
	return false
}

func (c *checker) server(cur inspector.Cursor, lit *ast.CompositeLit) {
	if len(lit.Elts) > 0 {
		if _, keyed := lit.Elts[0].(*ast.KeyValueExpr); !keyed {
			return
		}
	}
	for _, f := range knowledge.ServerReadTimeoutFields {
		if v := field(lit, f); v != nil && !nonPositiveConst(c.pass, v) {
			return
		}
	}
	if c.assignedLater(cur, knowledge.ServerReadTimeoutFields...) {
		return
	}
	var fixes []analysis.SuggestedFix
	if field(lit, "ReadHeaderTimeout") == nil {
		fixes = c.serverLitFix(lit)
	}
	c.r.Report(lit, "http.Server has neither ReadHeaderTimeout nor ReadTimeout: a client that sends its headers slowly holds a connection forever; set ReadHeaderTimeout", fixes...)
}

// serverLitFix adds ReadHeaderTimeout to a server literal.
func (c *checker) serverLitFix(lit *ast.CompositeLit) []analysis.SuggestedFix {
	timeName, imp, ok := c.timePackage(lit.Pos())
	if !ok {
		return nil
	}
	value := strings.Replace(fixReadHeaderTimeout, "time.", timeName+".", 1)
	var edit analysis.TextEdit
	rb := c.pass.Fset.Position(lit.Rbrace)
	switch {
	case len(lit.Elts) == 0:
		edit = analysis.TextEdit{Pos: lit.Rbrace, End: lit.Rbrace, NewText: []byte("ReadHeaderTimeout: " + value)}
	case c.pass.Fset.Position(lit.Elts[len(lit.Elts)-1].End()).Line == rb.Line:
		last := lit.Elts[len(lit.Elts)-1]
		edit = analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte(", ReadHeaderTimeout: " + value)}
	default:
		// Multi-line literal, gofmt-ed: the closing brace is indented with
		// tabs; insert a line before it, one level deeper.
		indent := strings.Repeat("\t", rb.Column-1)
		lineStart := lit.Rbrace - token.Pos(rb.Column-1)
		edit = analysis.TextEdit{Pos: lineStart, End: lineStart, NewText: []byte(indent + "\tReadHeaderTimeout: " + value + ",\n")}
	}
	return []analysis.SuggestedFix{edits.Fix("Set ReadHeaderTimeout: "+value, append([]analysis.TextEdit{edit}, imp...)...)}
}

// timePackage returns the name under which the current file refers to
// package time at pos, with the edits importing it if needed; ok is false
// when the name would be shadowed at pos.
func (c *checker) timePackage(pos token.Pos) (string, []analysis.TextEdit, bool) {
	name, imp := edits.AddImport(c.file, "time")
	scope := c.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return "", nil, false
	}
	if _, obj := scope.LookupParent(name, pos); obj != nil {
		if pn, ok := obj.(*types.PkgName); !ok || pn.Imported().Path() != "time" {
			return "", nil, false
		}
	}
	return name, imp, true
}

func (c *checker) call(cur inspector.Cursor, call *ast.CallExpr) {
	fn := typesx.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		c.newCall(cur, call)
		return
	}
	name := fn.FullName()
	short := typesx.ShortName(fn)
	if _, ok := knowledge.DefaultClientFuncs[name]; ok {
		c.r.Report(call.Fun, fmt.Sprintf("%s uses http.DefaultClient, which has no timeout: use an http.Client with Timeout set", short))
		return
	}
	if _, ok := knowledge.NoTimeoutServeFuncs[name]; ok {
		c.r.Report(call.Fun, fmt.Sprintf("%s serves with no timeouts: a client that sends its headers slowly holds a connection forever; use an http.Server with ReadHeaderTimeout set", short),
			c.serveFix(call, fn)...)
	}
}

// newCall handles new(http.Client) and new(http.Server).
func (c *checker) newCall(cur inspector.Cursor, call *ast.CallExpr) {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(call.Args) != 1 {
		return
	}
	if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); !ok || b.Name() != "new" {
		return
	}
	t := c.pass.TypesInfo.TypeOf(call.Args[0])
	switch {
	case typesx.IsNamed(t, "net/http", "Client"):
		if !c.assignedLater(cur, "Timeout") {
			c.r.Report(call, "http.Client built with no Timeout waits forever on a server that stops responding: set Timeout")
		}
	case typesx.IsNamed(t, "net/http", "Server"):
		if !c.assignedLater(cur, knowledge.ServerReadTimeoutFields...) {
			c.r.Report(call, "http.Server has neither ReadHeaderTimeout nor ReadTimeout: a client that sends its headers slowly holds a connection forever; set ReadHeaderTimeout")
		}
	}
}

// serveFix rewrites http.ListenAndServe(addr, h) to
// (&http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}).ListenAndServe(),
// and likewise for ListenAndServeTLS, Serve and ServeTLS.
func (c *checker) serveFix(call *ast.CallExpr, fn *types.Func) []analysis.SuggestedFix {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || call.Ellipsis.IsValid() {
		return nil
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil
	}
	timeName, imp, ok := c.timePackage(call.Pos())
	if !ok {
		return nil
	}
	src := func(e ast.Expr) string { return c.source(e) }
	args := call.Args
	var fields, method, margs string
	switch fn.Name() {
	case "ListenAndServe": // (addr, handler)
		if len(args) != 2 {
			return nil
		}
		fields, method, margs = "Addr: "+src(args[0])+", Handler: "+src(args[1]), "ListenAndServe", ""
	case "ListenAndServeTLS": // (addr, certFile, keyFile, handler)
		if len(args) != 4 {
			return nil
		}
		fields, method, margs = "Addr: "+src(args[0])+", Handler: "+src(args[3]), "ListenAndServeTLS", src(args[1])+", "+src(args[2])
	case "Serve": // (l, handler)
		if len(args) != 2 {
			return nil
		}
		fields, method, margs = "Handler: "+src(args[1]), "Serve", src(args[0])
	case "ServeTLS": // (l, handler, certFile, keyFile)
		if len(args) != 4 {
			return nil
		}
		fields, method, margs = "Handler: "+src(args[1]), "ServeTLS", src(args[0])+", "+src(args[2])+", "+src(args[3])
	default:
		return nil
	}
	if strings.Contains(fields+margs, "\x00") {
		return nil // an argument's source was unavailable
	}
	value := strings.Replace(fixReadHeaderTimeout, "time.", timeName+".", 1)
	text := fmt.Sprintf("(&%s.Server{%s, ReadHeaderTimeout: %s}).%s(%s)", pkg.Name, fields, value, method, margs)
	return []analysis.SuggestedFix{edits.Fix("Serve with an http.Server that sets ReadHeaderTimeout",
		append([]analysis.TextEdit{edits.Replace(call, text)}, imp...)...)}
}

// source returns e's source text, printed from the AST ("\x00" if it cannot).
func (c *checker) source(e ast.Expr) string {
	var b strings.Builder
	if err := format.Node(&b, c.pass.Fset, e); err != nil {
		return "\x00"
	}
	return b.String()
}

func (c *checker) defaultClient(cur inspector.Cursor, sel *ast.SelectorExpr) {
	v, ok := c.pass.TypesInfo.Uses[sel.Sel].(*types.Var)
	if !ok || v.Pkg() == nil || v.Pkg().Path() != "net/http" || v.Name() != "DefaultClient" {
		return
	}
	switch p := cur.Parent().Node().(type) {
	case *ast.BinaryExpr:
		if p.Op == token.EQL || p.Op == token.NEQ {
			return // comparing with it is not using it
		}
	case *ast.SelectorExpr:
		if f, ok := c.pass.TypesInfo.Uses[p.Sel].(*types.Var); ok && f.IsField() {
			return // reading or setting one of its fields (http.DefaultClient.Timeout = ...)
		}
	}
	c.r.Report(sel, "http.DefaultClient has no timeout and waits forever on a server that stops responding: use an http.Client with Timeout set")
}
