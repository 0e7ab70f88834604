package perrequestclient

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/handlers"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/summary"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

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
	runs  runPlace
	flow  flow
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
		c.classify(s)
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
	full := c.constructors.names.FullName(fn)
	if e, ok := c.constructors.funcs[full]; ok {
		name := typesx.ShortName(fn)
		c.addLeaf(cur, call, name, name, e)
		return
	}
	if _, ok := knowledge.NonPoolingBuilders[full]; ok {
		return
	}
	c.sites = append(c.sites, &site{cur: cur, node: call, callee: fn})
}

// addLeaf records a construction of a pooled client, and makes it the
// direct reason of its function's summary when it builds one on every call.
func (c *checker) addLeaf(cur inspector.Cursor, n ast.Node, name, leaf string, e knowledge.PooledClient) {
	if c.closingRequests(cur, n) {
		return
	}
	s := &site{cur: cur, node: n, name: name, leaf: leaf, entry: e, where: report.Where(c.pass.Fset, n.Pos())}
	c.does[s.where+"|"+leaf] = e.Does
	c.sites = append(c.sites, s)
	c.classify(s)
	if f := c.byObj[s.runs.fn]; f != nil && c.buildsEveryCall(s) && c.summarised(s.runs.fn) {
		if f.Direct != nil && len(f.Direct.Params) == 0 {
			return
		}
		// Only a construction on the function's ordinary path builds on
		// every call (summary.Paths): not one for a rare configuration.
		when := c.pathsOf(s.cur, nil).When(s.cur)
		if when.Rare || f.Direct != nil && len(when.Params) >= len(f.Direct.Params) {
			return
		}
		f.Direct = &summary.Reason{Chain: []string{leaf}, Where: s.where, Params: when.Params, At: n.Pos()}
		c.nodes[n.Pos()] = s
	}
}

// classify computes where a site runs and where its value goes, and adds a
// call that builds a client on every call of its function to that
// function's summary.
func (c *checker) classify(s *site) {
	s.runs = c.runPlaceOf(s.cur)
	if !s.runs.guarded && (s.callee == nil || mayCarry(s.callee)) {
		s.flow = c.flowUp(s.cur, 0)
	}
	if s.callee != nil && c.byObj[s.runs.fn] != nil && c.buildsEveryCall(s) && c.summarised(s.runs.fn) && !isHandlerSig(s.callee) {
		f := c.byObj[s.runs.fn]
		f.Calls = append(f.Calls, summary.Call{Callee: s.callee, Pos: s.node.Pos()})
		c.calls[f] = append(c.calls[f], s)
		c.nodes[s.node.Pos()] = s
		if f.Path == nil {
			calls := c.calls
			f.Path = func(i int) summary.Path {
				s := calls[f][i]
				paths := c.pathsOf(s.cur, nil)
				return summary.Path{When: paths.When(s.cur), Args: paths.Args(s.node.(*ast.CallExpr), s.callee)}
			}
		}
	}
}

// pathsOf returns the summary.Paths of the function around cur that is
// root (a declaration or a handler's literal), or of the declared function
// around cur when root is nil.
func (c *checker) pathsOf(cur inspector.Cursor, root ast.Node) *summary.Paths {
	for e := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		_, decl := e.Node().(*ast.FuncDecl)
		if root != nil && e.Node() != root || root == nil && !decl {
			continue
		}
		p, ok := c.paths[e.Node()]
		if !ok {
			p = summary.NewPaths(c.pass.TypesInfo, e)
			c.paths[e.Node()] = p
		}
		return p
	}
	return summary.NewPaths(c.pass.TypesInfo, cur)
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

// isHandlerSig reports whether fn has a handler's signature.
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

// buildsEveryCall reports whether a site builds a client each time its function
// runs: it runs with the function, not once, and its client is not cached.
func (c *checker) buildsEveryCall(s *site) bool {
	return s.runs.inFn && !s.runs.guarded && s.flow != kept
}
