package httptimeout

import (
	_ "embed"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/analysisdoc"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

//go:embed doc.go
var doc string

// Analyzer reports HTTP clients and servers that can wait forever.
var Analyzer = newAnalyzer()

var (
	opts report.Options
	// callerContext is the -caller-context flag: also report clients
	// whose requests are bounded only by the contexts the callers of
	// exported functions pass in.
	callerContext bool
)

// newAnalyzer builds the Analyzer and registers its flags.
func newAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:      "httptimeout",
		Doc:       analysisdoc.Doc(doc, "httptimeout"),
		URL:       "https://github.com/conclint/conclint/blob/main/docs/httptimeout.md",
		Run:       run,
		Requires:  []*analysis.Analyzer{inspect.Analyzer},
		FactTypes: []analysis.Fact{new(funcFact)},
	}
	opts.Register(&a.Flags)
	a.Flags.BoolVar(&callerContext, "caller-context", false,
		"also report clients with no Timeout whose requests carry the context a caller of an exported function passes in, "+
			"the caller deciding whether it has a deadline (library code)")
	return a
}

// fixReadHeaderTimeout is the value the suggested fixes set: long enough for
// any real client to send its headers, short enough to shed slow ones.
const fixReadHeaderTimeout = "10 * time.Second"

// serverFields are the http.Server fields of which one must be positive.
var serverFields = slices.Sorted(maps.Keys(knowledge.ServerReadTimeouts))

// run reports the clients and servers of the package that can wait
// forever, and exports the facts of its exported functions (facts.go).
//
// A server is reported when neither ReadHeaderTimeout nor ReadTimeout is
// set: in its literal, by an assignment to where it is stored, by a
// function it is passed to, or by an options loop it is handed to
// (servers.go). A client with no Timeout is reported unless one of these
// sets its Timeout, or its transport bounds the wait for response headers
// (transport.go), or every request it sends carries a context with a
// deadline (flow.go follows the client to its requests, deadline.go
// judges each request's context).
//
// Assumptions that trade recall for precision:
//   - a Timeout, or a server timeout, assigned anywhere in the package to
//     the variable or field holding the value counts, before or after the
//     first use;
//   - the options of an options loop, and an option or builder call named
//     like a request timeout next to the one handed the client, set the
//     timeout;
//   - an API client of another package built from the client (a Docker
//     client) sends with the context of each method call that takes one,
//     and sends nothing from methods called with no arguments;
//   - a function from a context to a context, or from a request to a
//     request, keeps its argument's deadline;
//   - the callers of an unexported function, or of a method of an
//     unexported type that no exported function returns, are all in the
//     package.
//
// A client whose requests carry the context a caller of an exported
// function passes in is library code: the caller decides. It is quiet by
// default and reported under -caller-context.
func run(pass *analysis.Pass) (any, error) {
	if !typesx.Imports(pass.Pkg, "net/http") {
		return nil, nil
	}
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{pass: pass, in: in}
	c.assigned, c.transports = assignedFields(pass, in)
	c.exportFacts()
	c.r = report.New(pass, opts)
	defer c.r.Finish()
	for cur := range in.Root().Preorder((*ast.File)(nil), (*ast.CompositeLit)(nil), (*ast.CallExpr)(nil), (*ast.SelectorExpr)(nil)) {
		if c.r.Skip(cur.Node().Pos()) {
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
	in       *inspector.Inspector
	r        *report.Reporter
	file     *ast.File
	assigned map[fieldKey]bool
	// transports are the values assigned to the Transport field of the
	// client held in a variable or field (`c.Transport = tr`).
	transports map[types.Object][]ast.Expr
	// vars and calls index the package; built on first need (index).
	vars  *vars
	calls *calls
}

// index builds the package's indexes of variables and calls, once.
func (c *checker) index() {
	if c.vars == nil {
		c.vars = newVars(c.pass.TypesInfo, c.in.Root())
		c.calls = newCalls(c.pass, c.in.Root())
	}
}

// A fieldKey names "the Timeout field of whatever variable or field v is":
// obj is the variable or struct field the client or server is stored in.
type fieldKey struct {
	obj   types.Object
	field string
}

// assignedFields records every `x.F = value` in the package where x is a
// variable or field holding an http.Client, http.Server or http.Transport
// and value is not a constant <= 0. A literal stored in x is then trusted
// to get its timeout there: we do not check that the assignment dominates
// the uses, trading recall for precision. It also returns the values
// assigned to a client's Transport, by where the client is held.
func assignedFields(pass *analysis.Pass, in *inspector.Inspector) (map[fieldKey]bool, map[types.Object][]ast.Expr) {
	m := make(map[fieldKey]bool)
	transports := make(map[types.Object][]ast.Expr)
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
			if !isClient(t) && !isServer(t) && !typesx.IsNamedOrPointer(t, "net/http", "Transport") {
				continue
			}
			if nonPositiveConst(pass, as.Rhs[i]) {
				continue
			}
			if obj := storage(pass, sel.X); obj != nil {
				m[fieldKey{obj, sel.Sel.Name}] = true
				if sel.Sel.Name == "Transport" && isClient(t) {
					transports[obj] = append(transports[obj], as.Rhs[i])
				}
			}
		}
	}
	return m, transports
}

// storage returns the variable or field that e denotes (x, s.client,
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
	if len(lit.Elts) > 0 {
		if _, keyed := lit.Elts[0].(*ast.KeyValueExpr); !keyed {
			return // positional literal: not idiomatic, and the fields are all there
		}
	}
	t := c.pass.TypesInfo.TypeOf(lit)
	switch {
	case typesx.IsNamed(t, "net/http", "Client"):
		c.client(cur, lit)
	case typesx.IsNamed(t, "net/http", "Server"):
		c.server(cur, lit)
	}
}

func (c *checker) call(cur inspector.Cursor, call *ast.CallExpr) {
	fn := typesx.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		c.newCall(cur, call)
		return
	}
	name := fn.FullName()
	if _, ok := knowledge.DefaultClientFuncs[name]; ok {
		c.defaultClientFunc(call, fn)
		return
	}
	if _, ok := knowledge.NoTimeoutServeFuncs[name]; ok {
		c.serveFunc(call, fn)
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
		c.newClient(cur, call)
	case typesx.IsNamed(t, "net/http", "Server"):
		c.newServer(cur, call)
	}
}
