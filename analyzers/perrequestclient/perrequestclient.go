package perrequestclient

import (
	"cmp"
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/analysisdoc"
	"github.com/conclint/conclint/analyzers/internal/handlers"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/summary"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      "perrequestclient",
	Doc:       analysisdoc.MustExtract(doc, "perrequestclient"),
	URL:       "https://github.com/conclint/conclint/blob/main/docs/perrequestclient.md",
	Run:       run,
	Requires:  []*analysis.Analyzer{inspect.Analyzer, handlers.Analyzer},
	FactTypes: []analysis.Fact{new(buildsFact), new(packageFact)},
}

var (
	opts report.Options
	// constructors is the -constructors flag: extra pooled-client
	// constructors, as full names.
	constructors string
)

func init() {
	opts.Register(&Analyzer.Flags)
	Analyzer.Flags.StringVar(&constructors, "constructors", "",
		"comma-separated extra pooled-client constructors, by full name: functions (example.com/pool.New), "+
			"methods ((*example.com/pool.Factory).Open) or types whose literals build one (example.com/pool.Pool)")
}

// buildsFact marks a function every call of which builds a pooled client,
// itself or through the functions it calls.
type buildsFact struct {
	Chain []string // ["deep.NewTransport", "deep.build", "http.Transport"]
	Where string   // position of the construction: "deep.go:12"
	Does  string   // what the construction does: "builds a new connection pool"
}

func (*buildsFact) AFact() {}
func (f *buildsFact) String() string {
	return "builds a pooled client: " + strings.Join(f.Chain, " -> ")
}

// packageFact marks a package that has buildsFacts, so that packages
// importing none such, and none of the constructors' packages, are skipped.
type packageFact struct{}

func (*packageFact) AFact()         {}
func (*packageFact) String() string { return "has pooled-client builders" }

// genericEntry describes the constructors added with -constructors.
var genericEntry = knowledge.PooledClient{
	Does:   "builds a new pooled client",
	Fix:    "build it once at start-up and share it",
	Reason: "named with -constructors",
}

// table is the knowledge tables plus the -constructors flag.
type table struct {
	funcs, types map[string]knowledge.PooledClient
	paths        map[string]bool // import paths of the constructors
	// names are the bare names of funcs and of
	// knowledge.NonPoolingBuilders: a callee whose name is in neither is
	// looked up without building its full name (typesx.Names).
	names typesx.Names
}

// The bare names of the other tables looked up on every call.
var (
	nonPoolingNames = typesx.NamesOf(knowledge.NonPoolingBuilders)
	onceNames       = typesx.NamesOf(knowledge.OnceGuards)
)

func newTable() *table {
	t := &table{funcs: make(map[string]knowledge.PooledClient), types: make(map[string]knowledge.PooledClient), paths: make(map[string]bool)}
	for k, v := range knowledge.PooledClientFuncs {
		t.funcs[k] = v
		t.paths[pathOf(k)] = true
	}
	for k, v := range knowledge.PooledClientTypes {
		t.types[k] = v
		t.paths[pathOf(k)] = true
	}
	for name := range strings.SplitSeq(constructors, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if _, ok := t.funcs[name]; !ok {
			t.funcs[name] = genericEntry
		}
		if _, ok := t.types[name]; !ok {
			t.types[name] = genericEntry
		}
		t.paths[pathOf(name)] = true
	}
	t.names = typesx.NamesOf(t.funcs).Union(nonPoolingNames)
	return t
}

// pathOf returns the import path in a full name: "net/http" for
// "(*net/http.Transport).Clone", "github.com/nats-io/nats.go" for
// "github.com/nats-io/nats.go.Connect".
func pathOf(name string) string {
	name = strings.TrimLeft(name, "(*")
	if i := strings.Index(name, ")"); i >= 0 {
		name = name[:i]
	}
	if i := strings.LastIndex(name, "."); i >= 0 {
		return name[:i]
	}
	return name
}

func run(pass *analysis.Pass) (any, error) {
	tab := newTable()
	if !mayBuild(pass, tab) {
		return nil, nil
	}
	r := report.New(pass, opts)
	defer r.Finish()
	c := &checker{
		pass:  pass,
		r:     r,
		tab:   tab,
		in:    pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		ix:    pass.ResultOf[handlers.Analyzer].(*handlers.Index),
		does:  make(map[string]string),
		flows: make(map[*types.Var]flow),
	}
	c.collect()
	c.solve()
	c.report()
	return nil, nil
}

// mayBuild is the fast path: a package can build a pooled client only by
// naming a constructor's package or calling a function that builds one, whose
// package it imports.
func mayBuild(pass *analysis.Pass, tab *table) bool {
	if tab.paths[pass.Pkg.Path()] {
		return true
	}
	for _, imp := range pass.Pkg.Imports() {
		if tab.paths[imp.Path()] || pass.ImportPackageFact(imp, new(packageFact)) {
			return true
		}
	}
	return false
}

type checker struct {
	pass *analysis.Pass
	r    *report.Reporter
	tab  *table
	in   *inspector.Inspector
	ix   *handlers.Index

	sites   []*site
	funcs   []*summary.Func
	byObj   map[*types.Func]*summary.Func
	reasons map[*types.Func]summary.Reason
	// does maps a construction ("where|leaf") to what it does, for the
	// messages of findings through calls.
	does map[string]string

	decls   []inspector.Cursor      // the package's top-level declarations, by position; built on first need
	locals  map[ast.Decl]*declIndex // built on first need, per declaration
	flows   map[*types.Var]flow     // memo of varFlow
	startup map[*types.Func]bool
}

// A site is a construction of a pooled client (a table constructor, a
// literal of a table type) or a call to a function that builds one.
type site struct {
	cur  inspector.Cursor
	node ast.Node
	// Leaf constructions:
	name  string // "sql.Open", "http.Transport literal"
	leaf  string // name in chains: "sql.Open", "http.Transport"
	entry knowledge.PooledClient
	// Calls (callee set, leaf fields empty):
	callee *types.Func

	where string
	ctx   context
	flow  flow
}

// context is where a site runs.
type context struct {
	handler *handlers.Handler // innermost enclosing handler, or nil
	fn      *types.Func       // enclosing declared function, or nil
	inFn    bool              // the site runs whenever fn runs (not in a handler literal or a stored closure)
	loop    ast.Node          // innermost per-iteration loop of fn around the site, or nil
	guarded bool              // under sync.Once or a lazy nil check: runs once
}

// collect finds the sites and the package's functions with their calls.
func (c *checker) collect() {
	c.byObj = make(map[*types.Func]*summary.Func)
	for cur := range c.in.Root().Preorder((*ast.FuncDecl)(nil), (*ast.CompositeLit)(nil), (*ast.CallExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			if fn, ok := c.pass.TypesInfo.Defs[n.Name].(*types.Func); ok && n.Body != nil {
				f := &summary.Func{Obj: fn}
				c.funcs = append(c.funcs, f)
				c.byObj[fn] = f
			}
		case *ast.CompositeLit:
			c.literal(cur, n)
		case *ast.CallExpr:
			c.call(cur, n)
		}
	}
	// Calls are resolved once every local function is known.
	for _, s := range c.sites {
		if s.callee == nil {
			continue
		}
		if c.byObj[s.callee] == nil && !c.importedFact(s.callee) {
			continue
		}
		c.place(s)
	}
}

// literal records T{...} for a table type T.
func (c *checker) literal(cur inspector.Cursor, lit *ast.CompositeLit) {
	name, entry, ok := c.tableType(c.pass.TypesInfo.TypeOf(lit))
	if !ok || nonPooling(c.pass, lit) {
		return
	}
	c.addLeaf(cur, lit, name+" literal", name, entry)
}

// nonPooling reports whether a transport literal keeps no idle
// connections (DisableKeepAlives: true): it loses nothing built per request.
func nonPooling(pass *analysis.Pass, lit *ast.CompositeLit) bool {
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		id, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		for _, f := range knowledge.NonPoolingTransportFields {
			if id.Name == f {
				if tv, ok := pass.TypesInfo.Types[kv.Value]; ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value) {
					return true
				}
			}
		}
	}
	return false
}

func (c *checker) tableType(t types.Type) (string, knowledge.PooledClient, bool) {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", knowledge.PooledClient{}, false
	}
	obj := n.Obj()
	e, ok := c.tab.types[obj.Pkg().Path()+"."+obj.Name()]
	return obj.Pkg().Name() + "." + obj.Name(), e, ok
}

// call records new(T) for a table type T, calls of table constructors, and
// calls of other functions, which may build one (resolved in collect).
func (c *checker) call(cur inspector.Cursor, call *ast.CallExpr) {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && len(call.Args) == 1 {
		if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok && b.Name() == "new" {
			if name, entry, ok := c.tableType(c.pass.TypesInfo.TypeOf(call.Args[0])); ok {
				c.addLeaf(cur, call, "new("+name+")", name, entry)
			}
			return
		}
	}
	fn := typesx.StaticCallee(c.pass.TypesInfo, call)
	if fn == nil {
		return
	}
	full := c.tab.names.FullName(fn)
	if e, ok := c.tab.funcs[full]; ok {
		name := typesx.ShortName(fn)
		c.addLeaf(cur, call, name, name, e)
		return
	}
	if _, ok := knowledge.NonPoolingBuilders[full]; ok {
		return
	}
	c.sites = append(c.sites, &site{cur: cur, node: call, callee: fn})
}

func (c *checker) addLeaf(cur inspector.Cursor, n ast.Node, name, leaf string, e knowledge.PooledClient) {
	s := &site{cur: cur, node: n, name: name, leaf: leaf, entry: e, where: c.where(n.Pos())}
	c.does[s.where+"|"+leaf] = e.Does
	c.sites = append(c.sites, s)
	c.place(s)
	if f := c.byObj[s.ctx.fn]; f != nil && f.Direct == nil && c.counts(s) && c.summarised(s.ctx.fn) {
		f.Direct = &summary.Reason{Chain: []string{leaf}, Where: s.where}
	}
}

// place computes where a site runs and where its value goes.
func (c *checker) place(s *site) {
	s.ctx = c.contextOf(s.cur)
	if !s.ctx.guarded && (s.callee == nil || mayCarry(s.callee)) {
		s.flow = c.flowUp(s.cur, 0)
	}
	if s.callee != nil && c.byObj[s.ctx.fn] != nil && c.counts(s) && c.summarised(s.ctx.fn) && !isHandlerSig(s.callee) {
		f := c.byObj[s.ctx.fn]
		f.Calls = append(f.Calls, summary.Call{Callee: s.callee, Pos: s.node.Pos()})
	}
}

// summarised reports whether fn may be summarised as building a pooled
// client on every call. Handlers are not: what they build is reported in
// them, not at their callers. Nor are knowledge.NonPoolingBuilders.
func (c *checker) summarised(fn *types.Func) bool {
	if isHandlerSig(fn) {
		return false
	}
	_, ok := knowledge.NonPoolingBuilders[nonPoolingNames.FullName(fn)]
	return !ok
}

func isHandlerSig(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	_, _, _, ok = handlers.Match(sig)
	return ok
}

// mayCarry reports whether a function's results may hold the client it
// builds. One returning only an error or basic values built it and dropped
// it: where its result goes (acc.AddError(m.gather())) says nothing about
// the client.
func mayCarry(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return true
	}
	for v := range sig.Results().Variables() {
		t := v.Type()
		if types.Identical(t, types.Universe.Lookup("error").Type()) {
			continue
		}
		if _, ok := t.Underlying().(*types.Basic); ok {
			continue
		}
		return true
	}
	return false
}

// counts reports whether a site builds a client each time its function
// runs: it runs with the function, not once, and its client is not cached.
func (c *checker) counts(s *site) bool {
	return s.ctx.inFn && !s.ctx.guarded && s.flow != kept
}

func (c *checker) where(pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

func (c *checker) importedFact(fn *types.Func) bool {
	return fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, new(buildsFact))
}

// solve computes which functions build a pooled client on every call,
// through calls too, and exports the facts.
func (c *checker) solve() {
	imported := func(fn *types.Func) (summary.Reason, bool) {
		var f buildsFact
		if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg || !c.pass.ImportObjectFact(fn, &f) || len(f.Chain) == 0 {
			return summary.Reason{}, false
		}
		c.does[f.Where+"|"+f.Chain[len(f.Chain)-1]] = f.Does
		return summary.Reason{Chain: f.Chain, Where: f.Where}, true
	}
	c.reasons = summary.Solve(c.funcs, imported, typesx.ShortName)
	// Only functions other packages can call need a fact: exported ones,
	// not in test files.
	exported := false
	for _, fn := range summary.Sorted(c.reasons) {
		if !fn.Exported() || strings.HasSuffix(c.pass.Fset.Position(fn.Pos()).Filename, "_test.go") {
			continue
		}
		r := c.reasons[fn]
		c.pass.ExportObjectFact(fn, &buildsFact{Chain: r.Chain, Where: r.Where, Does: c.doesOf(r)})
		exported = true
	}
	if exported {
		c.pass.ExportPackageFact(new(packageFact))
	}
}

func (c *checker) doesOf(r summary.Reason) string {
	if len(r.Chain) > 0 {
		if d, ok := c.does[r.Where+"|"+r.Chain[len(r.Chain)-1]]; ok {
			return d
		}
	}
	return genericEntry.Does
}

// reason returns why a call's callee builds a pooled client and what it
// builds, or false.
func (c *checker) reason(fn *types.Func) (summary.Reason, string, bool) {
	if r, ok := c.reasons[fn]; ok {
		return r, c.doesOf(r), true
	}
	var f buildsFact
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg || !c.pass.ImportObjectFact(fn, &f) || len(f.Chain) == 0 {
		return summary.Reason{}, "", false
	}
	return summary.Reason{Chain: f.Chain, Where: f.Where}, f.Does, true
}

// report reports the sites that build a client on every request or on every
// iteration of a loop over input.
func (c *checker) report() {
	for _, s := range c.sites {
		if c.r.Skip(s.node.Pos()) || s.ctx.guarded || s.flow == kept {
			continue
		}
		if s.ctx.handler == nil && (s.ctx.loop == nil || s.flow == collected || c.isStartup(s.ctx.fn)) {
			continue
		}
		name, does, fix, chain := s.name, s.entry.Does, s.entry.Fix, ""
		if s.callee != nil {
			r, d, ok := c.reason(s.callee)
			if !ok {
				continue
			}
			name = "call to " + typesx.ShortName(s.callee)
			does, fix = d, "call it once at start-up and share the result"
			chain = " (" + strings.Join(r.Chain, " -> ") + ")"
		}
		if s.ctx.handler != nil {
			c.r.Reportf(s.node, "%s in handler %s %s on every request: %s%s", name, s.ctx.handler.Name, does, fix, chain)
		} else {
			c.r.Reportf(s.node, "%s in a loop in %s %s on every iteration: %s%s", name, localName(s.ctx.fn), does, fix, chain)
		}
	}
}

// localName is a function's name without its package: "Collector.Gather".
func localName(fn *types.Func) string {
	name := typesx.ShortName(fn)
	if fn.Pkg() != nil {
		name = strings.TrimPrefix(name, fn.Pkg().Name()+".")
	}
	return name
}

// contextOf walks from a site up to its function, noting the handler it runs
// in, the loop around it, and the guards that make it run once.
//
// A site in a function literal runs when its enclosing function runs if the
// literal is called, deferred, started as a goroutine, passed to a function
// (a callback, assumed called) or assigned to a local variable (assumed
// called); not if it is returned or stored. Within a handler every literal
// counts: a closure a handler builds runs on its request.
func (c *checker) contextOf(cur inspector.Cursor) context {
	ctx := context{inFn: true}
	loopsOpen := true // loops still belong to the site's function
	for child, p := cur, cur.Parent(); p.Node() != nil; child, p = p, p.Parent() {
		kind := child.ParentEdgeKind()
		if ctx.handler != nil {
			// Within a handler literal: it runs on every request whatever
			// surrounds it; only the declared function is still wanted.
			if d, ok := p.Node().(*ast.FuncDecl); ok {
				ctx.fn, _ = c.pass.TypesInfo.Defs[d.Name].(*types.Func)
				return ctx
			}
			continue
		}
		switch n := p.Node().(type) {
		case *ast.FuncDecl:
			ctx.fn, _ = c.pass.TypesInfo.Defs[n.Name].(*types.Func)
			ctx.handler = c.ix.Of(n)
			return ctx
		case *ast.FuncLit:
			if c.onceArg(p) {
				ctx.guarded = true
				return ctx
			}
			if h := c.ix.Of(n); h != nil {
				ctx.handler = h
				ctx.inFn = false
				continue
			}
			if !c.litRuns(p) {
				loopsOpen = false
				if ctx.handler == nil {
					ctx.inFn = false
				}
			}
		case *ast.ForStmt, *ast.RangeStmt:
			// The innermost loop around the site decides: a reconnection
			// loop inside a loop over backends dials once per connection.
			if loopsOpen && (kind == edge.ForStmt_Body || kind == edge.RangeStmt_Body) {
				if c.perIteration(n) {
					ctx.loop = n
				}
				loopsOpen = false
			}
		case *ast.IfStmt:
			if c.lazyInit(n, kind) {
				ctx.guarded = true
				return ctx
			}
		case *ast.BlockStmt:
			if kind == edge.BlockStmt_List && c.afterCacheHit(n.List[:child.ParentEdgeIndex()]) {
				ctx.guarded = true
				return ctx
			}
		}
	}
	// Package level: a variable's initialiser runs once, at start-up.
	ctx.inFn = false
	return ctx
}

// onceArg reports whether the function literal at lit is the argument of
// sync.Once.Do, sync.OnceValue and the like.
func (c *checker) onceArg(lit inspector.Cursor) bool {
	if lit.ParentEdgeKind() != edge.CallExpr_Args {
		return false
	}
	fn := typesx.Callee(c.pass.TypesInfo, lit.Parent().Node().(*ast.CallExpr))
	if fn == nil {
		return false
	}
	_, ok := knowledge.OnceGuards[onceNames.FullName(fn)]
	return ok
}

// litRuns reports whether the function literal at lit runs when the code
// around it runs (see contextOf).
func (c *checker) litRuns(lit inspector.Cursor) bool {
	switch lit.ParentEdgeKind() {
	case edge.CallExpr_Fun:
		return true
	case edge.CallExpr_Args:
		// A callback, assumed called; not an element appended to a slice.
		call := lit.Parent().Node().(*ast.CallExpr)
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if _, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok {
				return false
			}
		}
		return true
	case edge.AssignStmt_Rhs:
		as := lit.Parent().Node().(*ast.AssignStmt)
		for _, l := range as.Lhs {
			if _, ok := ast.Unparen(l).(*ast.Ident); !ok {
				return false
			}
		}
		return true
	case edge.ValueSpec_Values:
		return true
	}
	return false
}

// lazyInit reports whether the branch kind of the if statement builds a
// default or a cache: `if x == nil { x = ... }`, or the else branch of
// `if x != nil`, assigning x; when x is a field, a method of the package
// called on the same variable may assign it. The construction then runs only while x
// is unset, and x is usually kept.
func (c *checker) lazyInit(ifs *ast.IfStmt, kind edge.Kind) bool {
	be, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	var branch ast.Node
	switch {
	case be.Op == token.EQL && kind == edge.IfStmt_Body:
		branch = ifs.Body
	case be.Op == token.NEQ && kind == edge.IfStmt_Else:
		branch = ifs.Else
	default:
		return false
	}
	x := be.X
	if isNil(c.pass, x) {
		x = be.Y
	} else if !isNil(c.pass, be.Y) {
		return false
	}
	// A field tested for nil may also be set by a method of this package
	// the branch calls on the same variable (if b.client == nil { b.resolve() }).
	var root *types.Var
	if _, ok := ast.Unparen(x).(*ast.SelectorExpr); ok {
		root = c.rootVar(x)
	}
	want := types.ExprString(ast.Unparen(x))
	assigns := false
	ast.Inspect(branch, func(n ast.Node) bool {
		if assigns {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if types.ExprString(ast.Unparen(l)) == want {
					assigns = true
				}
			}
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && root != nil {
				if s, ok := c.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodVal &&
					s.Obj().Pkg() == c.pass.Pkg && c.rootVar(sel.X) == root {
					assigns = true
				}
			}
		}
		return true
	})
	return assigns
}

// afterCacheHit reports whether one of stmts, which precede a construction
// in its block, returns a cached value: `if h.token.Valid() { return
// h.token, nil }`, `if c, ok := s.clients[key]; ok { return c, nil }`. The
// construction after it runs on a cache miss only.
func (c *checker) afterCacheHit(stmts []ast.Stmt) bool {
	for _, st := range stmts {
		ifs, ok := st.(*ast.IfStmt)
		if !ok || len(ifs.Body.List) == 0 {
			continue
		}
		ret, ok := ifs.Body.List[len(ifs.Body.List)-1].(*ast.ReturnStmt)
		if !ok {
			continue
		}
		// Variables the if statement's init reads from a map or cache.
		looked := make(map[*types.Var]bool)
		if as, ok := ifs.Init.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && len(as.Lhs) == 2 {
			if c.cacheLookup(as.Rhs[0]) {
				if id, ok := as.Lhs[0].(*ast.Ident); ok {
					if v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
						looked[v] = true
					}
				}
			}
		}
		for _, r := range ret.Results {
			r = ast.Unparen(r)
			if u, ok := r.(*ast.UnaryExpr); ok && u.Op == token.AND {
				r = ast.Unparen(u.X)
			}
			switch r := r.(type) {
			case *ast.Ident:
				if v, ok := c.pass.TypesInfo.ObjectOf(r).(*types.Var); ok && (looked[v] || !c.isLocal(v)) {
					return true
				}
			case *ast.SelectorExpr:
				if root := c.rootVar(r); root != nil && (!c.isLocal(root) || c.isParam(root)) {
					return true
				}
			}
		}
	}
	return false
}

// cacheLookup reports whether e reads a map that is not local (m[key]), or
// calls a Load or Get method: the first half of a comma-ok cache lookup.
func (c *checker) cacheLookup(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.IndexExpr:
		root := c.rootVar(e.X)
		return root != nil && (!c.isLocal(root) || c.isParam(root))
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
			return sel.Sel.Name == "Load" || sel.Sel.Name == "Get"
		}
	}
	return false
}

func isNil(pass *analysis.Pass, e ast.Expr) bool {
	tv, ok := pass.TypesInfo.Types[e]
	return ok && tv.IsNil()
}

// perIteration reports whether a loop's trip count depends on input: a range
// over a collection, channel or iterator, or a counting for loop with a
// non-constant bound. Loops with no condition or only a condition (event,
// wait and reconnection loops) and retry loops (which stop once the
// construction succeeds) run a construction once per connection, not once
// per input.
func (c *checker) perIteration(loop ast.Node) bool {
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.RangeStmt:
		if tv, ok := c.pass.TypesInfo.Types[l.X]; !ok || tv.Value != nil {
			return false // range over a constant: a fixed count
		}
		body = l.Body
	case *ast.ForStmt:
		// A counting loop (for i := 0; i < n; i++) runs per input; a loop
		// with only a condition (for ctx.Err() == nil, for !done) waits,
		// retries or reconnects.
		if l.Cond == nil || l.Post == nil || c.constantBound(l.Cond) {
			return false
		}
		body = l.Body
	default:
		return false
	}
	return !retryLoop(c.pass, body)
}

// constantBound reports whether a loop condition is constant or compares
// with a constant (i < 3): a fixed number of attempts.
func (c *checker) constantBound(cond ast.Expr) bool {
	isConst := func(e ast.Expr) bool {
		tv, ok := c.pass.TypesInfo.Types[e]
		return ok && tv.Value != nil
	}
	if isConst(cond) {
		return true
	}
	if be, ok := ast.Unparen(cond).(*ast.BinaryExpr); ok {
		switch be.Op {
		case token.LSS, token.LEQ, token.GTR, token.GEQ:
			return isConst(be.X) || isConst(be.Y)
		}
	}
	return false
}

// retryLoop reports whether a loop body retries until something succeeds:
// it ends with a return or break, or it returns or breaks when an error is
// nil.
func retryLoop(pass *analysis.Pass, body *ast.BlockStmt) bool {
	if len(body.List) > 0 && exits(body.List[len(body.List)-1]) {
		return true
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt:
			return false
		case *ast.IfStmt:
			if be, ok := ast.Unparen(n.Cond).(*ast.BinaryExpr); ok && be.Op == token.EQL &&
				(isError(pass, be.X) && isNil(pass, be.Y) || isError(pass, be.Y) && isNil(pass, be.X)) &&
				len(n.Body.List) > 0 && exits(n.Body.List[len(n.Body.List)-1]) {
				found = true
			}
		}
		return true
	})
	return found
}

func exits(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.BREAK
	}
	return false
}

func isError(pass *analysis.Pass, e ast.Expr) bool {
	t := pass.TypesInfo.TypeOf(e)
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// flow says where a constructed client goes.
type flow int

const (
	discarded flow = iota // used and dropped, or returned: built anew on every call
	collected             // put in a local slice or map: one per element, as a set
	kept                  // stored where it outlives the call (field, global, cache): built once and reused
)

// maxFlowDepth bounds how many local variables flowUp follows.
const maxFlowDepth = 4

// flowUp follows the value of the expression at cur: through parentheses,
// &, composite literals that wrap it, calls that wrap it (a constructor's
// argument), to the variable, field or element it is stored in.
//
// Storing into a field of a receiver or parameter, a package variable, an
// element of a map or slice that is not local, sending it on a channel, or
// handing it to a method named like a cache's (knowledge.KeepingMethods)
// keeps the client: the code is caching it, not throwing it away. This
// trades recall (a handler that overwrites a field on every request) for
// precision.
func (c *checker) flowUp(cur inspector.Cursor, depth int) flow {
	if depth > maxFlowDepth {
		return discarded
	}
	contained := false
	for {
		p := cur.Parent()
		kind, idx := cur.ParentEdge()
		switch pn := p.Node().(type) {
		case *ast.ParenExpr:
		case *ast.UnaryExpr:
			if pn.Op != token.AND {
				return discarded
			}
		case *ast.TypeAssertExpr:
			if kind != edge.TypeAssertExpr_X {
				return discarded
			}
		case *ast.KeyValueExpr:
			if kind != edge.KeyValueExpr_Value {
				return discarded
			}
		case *ast.CompositeLit:
			if kind != edge.CompositeLit_Elts {
				return discarded
			}
			if t := c.pass.TypesInfo.TypeOf(pn); t != nil {
				switch t.Underlying().(type) {
				case *types.Slice, *types.Array, *types.Map:
					contained = true
				}
			}
		case *ast.CallExpr:
			if kind != edge.CallExpr_Args {
				return discarded
			}
			if tv, ok := c.pass.TypesInfo.Types[pn.Fun]; ok && tv.IsType() {
				break // conversion
			}
			if id, ok := ast.Unparen(pn.Fun).(*ast.Ident); ok {
				if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok {
					if b.Name() == "append" && idx > 0 {
						contained = true
						break
					}
					return discarded
				}
			}
			if sel, ok := ast.Unparen(pn.Fun).(*ast.SelectorExpr); ok && keepingMethod(sel.Sel.Name) {
				if s, ok := c.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodVal {
					return kept
				}
			}
			if sig, ok := c.pass.TypesInfo.TypeOf(pn.Fun).(*types.Signature); !ok || sig.Results().Len() == 0 {
				return discarded
			}
			// A wrapper (otelhttp.NewTransport(tr), &Client{...}): follow its result.
		case *ast.AssignStmt:
			if kind != edge.AssignStmt_Rhs {
				return discarded
			}
			var lhs ast.Expr
			switch {
			case len(pn.Lhs) == len(pn.Rhs):
				lhs = pn.Lhs[idx]
			case idx == 0:
				lhs = pn.Lhs[0] // v, err := f(...): the client is the first result
			default:
				return discarded
			}
			return c.store(lhs, contained, depth)
		case *ast.ValueSpec:
			if kind != edge.ValueSpec_Values {
				return discarded
			}
			var name *ast.Ident
			switch {
			case len(pn.Names) == len(pn.Values):
				name = pn.Names[idx]
			case idx == 0 && len(pn.Names) > 0:
				name = pn.Names[0]
			default:
				return discarded
			}
			return c.store(name, contained, depth)
		case *ast.SendStmt:
			if kind == edge.SendStmt_Value {
				return kept
			}
			return discarded
		case *ast.ReturnStmt:
			return c.returned(p)
		default:
			return discarded
		}
		cur = p
	}
}

// returned is flowUp's verdict for a returned value. A function literal
// passed as an argument and returning the client is a factory
// (cache.GetResource(key, func() (io.Closer, error) {...}),
// lru.GetOrAdd): the function it is passed to decides when to call it,
// usually on a cache miss, and keeps the result.
func (c *checker) returned(ret inspector.Cursor) flow {
	for e := range ret.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if _, ok := e.Node().(*ast.FuncLit); ok && e.ParentEdgeKind() == edge.CallExpr_Args {
			return kept
		}
		break
	}
	return discarded
}

// keepingMethod reports whether a method's name says it stores its argument
// (knowledge.KeepingMethods).
func keepingMethod(name string) bool {
	for p := range knowledge.KeepingMethods {
		for _, q := range []string{p, strings.ToLower(p[:1]) + p[1:]} {
			rest, ok := strings.CutPrefix(name, q)
			if !ok {
				continue
			}
			if rest == "" {
				return true
			}
			if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) || unicode.IsDigit(r) {
				return true
			}
		}
	}
	return false
}

// store is flowUp's verdict for a value assigned to lhs.
func (c *checker) store(lhs ast.Expr, contained bool, depth int) flow {
	atLeast := func(f, min flow) flow {
		if f < min {
			return min
		}
		return f
	}
	switch l := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		if l.Name == "_" {
			return discarded
		}
		v, ok := c.pass.TypesInfo.ObjectOf(l).(*types.Var)
		if !ok {
			return discarded
		}
		if !c.isLocal(v) {
			return kept
		}
		f := c.varFlow(v, depth+1)
		if contained {
			f = atLeast(f, collected)
		}
		return f
	case *ast.SelectorExpr:
		root := c.rootVar(l.X)
		if root == nil || !c.isLocal(root) || c.isParam(root) {
			return kept
		}
		return c.varFlow(root, depth+1) // a field of a local struct: it goes where the struct goes
	case *ast.IndexExpr:
		root := c.rootVar(l.X)
		if root == nil || !c.isLocal(root) || c.isParam(root) {
			return kept
		}
		return atLeast(c.varFlow(root, depth+1), collected)
	}
	return kept // *p = v and the like: stored for the caller
}

// isLocal reports whether v is a variable of a function of this package
// (parameters included) rather than a package variable or a field.
func (c *checker) isLocal(v *types.Var) bool {
	if v.IsField() || v.Pkg() != c.pass.Pkg || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
		return false
	}
	return true
}

// rootVar returns the variable at the root of s.a.b, s[i].f, (*p).f.
func (c *checker) rootVar(e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := c.pass.TypesInfo.ObjectOf(x).(*types.Var)
			return v
		case *ast.SelectorExpr:
			if _, ok := c.pass.TypesInfo.Selections[x]; !ok {
				v, _ := c.pass.TypesInfo.ObjectOf(x.Sel).(*types.Var) // pkg.Var
				return v
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// varFlow is the flow of a local variable: the strongest of the flows of its
// uses. A named result is returned.
func (c *checker) varFlow(v *types.Var, depth int) flow {
	if depth > maxFlowDepth || c.local(v).results[v] {
		return discarded
	}
	if f, ok := c.flows[v]; ok {
		return f
	}
	c.flows[v] = discarded // cycles: x = y; y = x
	f := discarded
	for _, u := range c.local(v).uses[v] {
		if u.ParentEdgeKind() == edge.AssignStmt_Lhs {
			continue
		}
		if g := c.flowUp(u, depth); g > f {
			f = g
			if f == kept {
				break
			}
		}
	}
	c.flows[v] = f
	return f
}

// A declIndex indexes the uses of the variables of one top-level
// declaration, and the parameters and named results of its functions.
type declIndex struct {
	uses    map[*types.Var][]inspector.Cursor
	params  map[*types.Var]bool // parameters and receivers
	results map[*types.Var]bool // named results
}

// isParam reports whether the local variable v is a parameter or receiver.
func (c *checker) isParam(v *types.Var) bool { return c.local(v).params[v] }

// local returns the index of the top-level declaration that declares the
// local variable v: a local variable is used, and a parameter declared, only
// within the declaration of its function. Each declaration is indexed on
// first need: most of a package's functions hold no construction of a
// client and no call of a function that builds one, and are never indexed.
func (c *checker) local(v *types.Var) *declIndex {
	if c.decls == nil {
		c.locals = make(map[ast.Decl]*declIndex)
		c.decls = []inspector.Cursor{}
		for file := range c.in.Root().Children() {
			for d := range file.Children() {
				if _, ok := d.Node().(ast.Decl); ok {
					c.decls = append(c.decls, d)
				}
			}
		}
		slices.SortFunc(c.decls, func(a, b inspector.Cursor) int { return cmp.Compare(a.Node().Pos(), b.Node().Pos()) })
	}
	pos := v.Pos()
	i, _ := slices.BinarySearchFunc(c.decls, pos, func(d inspector.Cursor, p token.Pos) int { return cmp.Compare(d.Node().Pos(), p) })
	// decls[i] is the first declaration starting at or after pos.
	if i == len(c.decls) || c.decls[i].Node().Pos() != pos {
		i--
	}
	if i < 0 || pos >= c.decls[i].Node().End() {
		return &declIndex{}
	}
	decl := c.decls[i].Node().(ast.Decl)
	if ix, ok := c.locals[decl]; ok {
		return ix
	}
	ix := &declIndex{
		uses:    make(map[*types.Var][]inspector.Cursor),
		params:  make(map[*types.Var]bool),
		results: make(map[*types.Var]bool),
	}
	for cur := range c.decls[i].Preorder((*ast.Ident)(nil), (*ast.FuncType)(nil), (*ast.FuncDecl)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.Ident:
			if v, ok := c.pass.TypesInfo.Uses[n].(*types.Var); ok && !v.IsField() {
				ix.uses[v] = append(ix.uses[v], cur)
			}
		case *ast.FuncDecl:
			if n.Recv != nil {
				c.fieldVars(n.Recv, ix.params)
			}
		case *ast.FuncType:
			c.fieldVars(n.Params, ix.params)
			c.fieldVars(n.Results, ix.results)
		}
	}
	c.locals[decl] = ix
	return ix
}

func (c *checker) fieldVars(fl *ast.FieldList, into map[*types.Var]bool) {
	if fl == nil {
		return
	}
	for _, f := range fl.List {
		for _, name := range f.Names {
			if v, ok := c.pass.TypesInfo.Defs[name].(*types.Var); ok {
				into[v] = true
			}
		}
	}
}

// isStartup reports whether fn runs at start-up: main, init, constructors
// and life-cycle functions by name (New..., Init..., Start...), and functions called only from those (or from package
// variables' initialisers) and never used as values. Handlers never are.
func (c *checker) isStartup(fn *types.Func) bool {
	if fn == nil {
		return true // package level
	}
	if c.startup == nil {
		c.computeStartup()
	}
	return c.startup[fn]
}

func (c *checker) computeStartup() {
	c.startup = make(map[*types.Func]bool)
	isHandler := make(map[*types.Func]bool)
	for _, h := range c.ix.Handlers {
		if h.Func != nil {
			isHandler[h.Func] = true
		}
	}
	// callers[f] lists f's callers in the package; a nil caller is a
	// package-level initialiser, perRequest one a handler literal.
	perRequest := new(types.Func)
	callers := make(map[*types.Func][]*types.Func)
	escapes := make(map[*types.Func]bool)
	for cur := range c.in.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		fn, ok := c.pass.TypesInfo.Uses[id].(*types.Func)
		if !ok || c.byObj[fn] == nil {
			continue
		}
		call := cur
		if cur.ParentEdgeKind() == edge.SelectorExpr_Sel {
			call = cur.Parent()
		}
		if call.ParentEdgeKind() != edge.CallExpr_Fun {
			escapes[fn] = true
			continue
		}
		var caller *types.Func
		for e := range call.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			if c.ix.Of(e.Node()) != nil {
				if d, ok := e.Node().(*ast.FuncDecl); ok {
					caller, _ = c.pass.TypesInfo.Defs[d.Name].(*types.Func)
				} else {
					caller = perRequest
				}
				break
			}
			if d, ok := e.Node().(*ast.FuncDecl); ok {
				caller, _ = c.pass.TypesInfo.Defs[d.Name].(*types.Func)
				break
			}
		}
		callers[fn] = append(callers[fn], caller)
	}
	for _, f := range c.funcs {
		if !isHandler[f.Obj] && startupName(f.Obj) {
			c.startup[f.Obj] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range c.funcs {
			fn := f.Obj
			if c.startup[fn] || isHandler[fn] || escapes[fn] || len(callers[fn]) == 0 {
				continue
			}
			all := true
			for _, caller := range callers[fn] {
				if caller != nil && (caller == fn || !c.startup[caller]) {
					all = false
					break
				}
			}
			if all {
				c.startup[fn] = true
				changed = true
			}
		}
	}
}

// startupName reports whether fn is main, init, a constructor or a
// life-cycle function by name (knowledge.StartupPrefixes): New, NewX, newX,
// MustNewX, Init, InitDB, Start, setupRoutes.
func startupName(fn *types.Func) bool {
	sig, _ := fn.Type().(*types.Signature)
	name := fn.Name()
	if sig != nil && sig.Recv() == nil && (name == "init" || name == "main" && fn.Pkg() != nil && fn.Pkg().Name() == "main") {
		return true
	}
	for p := range knowledge.StartupPrefixes {
		rest, ok := strings.CutPrefix(name, p)
		if !ok {
			continue
		}
		if rest == "" {
			return true
		}
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) || unicode.IsDigit(r) || r == '_' {
			return true
		}
	}
	return false
}
