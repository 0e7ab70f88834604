package goroutineleak

import (
	"go/ast"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// A fn is one function of the package: a declaration or a literal.
type fn struct {
	node ast.Node // *ast.FuncDecl or *ast.FuncLit
	body *ast.BlockStmt
	cur  inspector.Cursor
	obj  *types.Func // the declared function; nil for a literal
	// outer is the function a literal is written in; nil for a declaration.
	outer *fn
	// For a literal: how it runs (control.LitRun) and, for Now, Deferred,
	// Go and Callback, the call that runs or receives it. A declaration's
	// run is the zero Run, Stored.
	run  control.Run
	call *ast.CallExpr
	// callers are the package's static calls of obj.
	callers []site
	// taken is set when obj is used other than by calling it (a method
	// value, a function passed as an argument): some caller is unseen.
	taken bool
}

// A site is a call or a go statement, placed in its function.
type site struct {
	fn     *fn
	node   ast.Node // *ast.CallExpr or *ast.GoStmt
	inLoop bool     // inside a loop of fn (not of an enclosing function)
	// loop is the innermost loop of fn around it that runs until something
	// stops it (for {...}, for cond {...}, a range over a channel): an
	// accept or event loop, not one over a fixed list; nil if none.
	loop ast.Stmt
}

// A goSite is one go statement, or one call that runs a function literal
// on a goroutine of its own (errgroup.Group.Go, a package function that
// starts its function argument with go), and the function the goroutine
// runs.
type goSite struct {
	site
	stmt   *ast.GoStmt // nil for a call
	at     ast.Node    // the go statement or the call, for positions
	target *fn         // the literal or the package's declaration it runs; nil if unknown
}

// An index lists the package's functions, the static calls between them and
// its go statements, built in one walk.
type index struct {
	pass   *analysis.Pass
	insp   *inspector.Inspector
	funcs  map[ast.Node]*fn
	byObj  map[*types.Func]*fn
	gos    []*goSite
	goOf   map[*ast.GoStmt]*goSite
	spawns map[*ast.CallExpr]bool // calls that run their literal on a goroutine
	ifaces map[string]bool        // method names declared by the package's interfaces
}

func newIndex(pass *analysis.Pass, insp *inspector.Inspector) *index {
	ix := &index{
		pass:   pass,
		insp:   insp,
		funcs:  make(map[ast.Node]*fn),
		byObj:  make(map[*types.Func]*fn),
		ifaces: make(map[string]bool),
		goOf:   make(map[*ast.GoStmt]*goSite),
		spawns: make(map[*ast.CallExpr]bool),
	}
	info := pass.TypesInfo
	root := insp.Root()
	for c := range root.Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.InterfaceType)(nil)) {
		switch n := c.Node().(type) {
		case *ast.FuncDecl:
			if n.Body == nil {
				continue
			}
			f := &fn{node: n, body: n.Body, cur: c}
			f.obj, _ = info.Defs[n.Name].(*types.Func)
			ix.funcs[n] = f
			if f.obj != nil {
				ix.byObj[f.obj] = f
			}
		case *ast.FuncLit:
			f := &fn{node: n, body: n.Body, cur: c}
			f.outer = ix.enclosing(c)
			// Without type information a literal passed to a conversion
			// or a builtin is a Callback, like any call argument.
			var call inspector.Cursor
			f.run, call = control.LitRun(nil, c)
			if call.Valid() {
				f.call = call.Node().(*ast.CallExpr)
			}
			ix.funcs[n] = f
		case *ast.InterfaceType:
			for _, m := range n.Methods.List {
				for _, name := range m.Names {
					ix.ifaces[name.Name] = true
				}
			}
		}
	}
	for c := range root.Preorder((*ast.CallExpr)(nil), (*ast.GoStmt)(nil), (*ast.Ident)(nil)) {
		switch n := c.Node().(type) {
		case *ast.GoStmt:
			g := &goSite{stmt: n, at: n, site: ix.siteOf(c)}
			if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
				g.target = ix.funcs[lit]
			} else if callee := typesx.StaticCallee(info, n.Call); callee != nil {
				g.target = ix.byObj[callee]
			}
			ix.gos = append(ix.gos, g)
			ix.goOf[n] = g
		case *ast.CallExpr:
			if callee := typesx.StaticCallee(info, n); callee != nil {
				if f := ix.byObj[callee]; f != nil {
					f.callers = append(f.callers, ix.siteOf(c))
				}
			}
		case *ast.Ident:
			obj, ok := info.Uses[n].(*types.Func)
			if !ok {
				continue
			}
			f := ix.byObj[obj.Origin()]
			if f == nil || isCalled(c) {
				continue
			}
			f.taken = true
		}
	}
	// Literals that calls run on goroutines of their own.
	spawners := map[*types.Func]bool{}
	for c := range root.Preorder((*ast.FuncLit)(nil)) {
		f := ix.funcs[c.Node()]
		if f == nil || f.run != control.Callback {
			continue
		}
		callee := typesx.Callee(info, f.call)
		if callee == nil {
			continue
		}
		starts, ok := spawners[callee]
		if !ok {
			starts = runsLikeGo(info, f.call) || ix.startsArg(callee)
			spawners[callee] = starts
		}
		if !starts {
			continue
		}
		callCur := c.Parent()
		for callCur.Node() != f.call {
			callCur = callCur.Parent()
		}
		ix.gos = append(ix.gos, &goSite{at: f.call, site: ix.siteOf(callCur), target: f})
		ix.spawns[f.call] = true
	}
	return ix
}

// startsArg reports whether the package's function callee starts one of
// its function parameters on a goroutine: go f(), or go func() { ...; f()
// }(), with f the parameter.
func (ix *index) startsArg(callee *types.Func) bool {
	f := ix.byObj[callee]
	if f == nil {
		return false
	}
	info := ix.pass.TypesInfo
	params := map[types.Object]bool{}
	sig := callee.Signature()
	for i := range sig.Params().Len() {
		if _, ok := sig.Params().At(i).Type().Underlying().(*types.Signature); ok {
			params[sig.Params().At(i)] = true
		}
	}
	if len(params) == 0 {
		return false
	}
	found := false
	ast.Inspect(f.body, func(n ast.Node) bool {
		g, ok := n.(*ast.GoStmt)
		if !ok || found {
			return !found
		}
		ast.Inspect(g.Call, func(m ast.Node) bool {
			if call, ok := m.(*ast.CallExpr); ok {
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && params[info.Uses[id]] {
					found = true
				}
			}
			return !found
		})
		return !found
	})
	return found
}

// isCalled reports whether the identifier at c names the function of a call
// (f(), x.f(), pkg.f(), f[T]()).
func isCalled(c inspector.Cursor) bool {
	for {
		switch c.ParentEdgeKind() {
		case edge.SelectorExpr_Sel, edge.ParenExpr_X, edge.IndexExpr_X, edge.IndexListExpr_X:
			c = c.Parent()
			continue
		case edge.CallExpr_Fun:
			return true
		}
		return false
	}
}

// enclosing returns the innermost function whose body contains c.
func (ix *index) enclosing(c inspector.Cursor) *fn {
	for p := c.Parent(); p.Node() != nil; p = p.Parent() { // Node is nil at the root
		switch p.Node().(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return ix.funcs[p.Node()]
		}
	}
	return nil
}

// siteOf places the node at c in its function.
func (ix *index) siteOf(c inspector.Cursor) site {
	s := site{node: c.Node()}
	for p := c; p.Node() != nil && p.Parent().Node() != nil; p = p.Parent() {
		switch p.ParentEdgeKind() {
		case edge.ForStmt_Body, edge.RangeStmt_Body, edge.ForStmt_Cond, edge.ForStmt_Post:
			s.inLoop = true
			if s.loop == nil && ix.unbounded(p.Parent().Node()) {
				s.loop = p.Parent().Node().(ast.Stmt)
			}
		}
		switch n := p.Parent().Node().(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			s.fn = ix.funcs[n]
			return s
		}
	}
	return s
}

// unbounded reports whether loop runs until something stops it: for {...},
// for cond {...} with no init or post statement, or a range over a
// channel. A loop over a slice, a map or a count runs a fixed number of
// times, often over configured items at start-up.
func (ix *index) unbounded(loop ast.Node) bool {
	switch l := loop.(type) {
	case *ast.ForStmt:
		return l.Cond == nil || l.Init == nil && l.Post == nil
	case *ast.RangeStmt:
		return isChan(ix.pass.TypesInfo.TypeOf(l.X))
	}
	return false
}

// name is the function's name for messages: "Server.run", "NewCache", or
// "the function literal at line N".
func (ix *index) name(f *fn) string {
	if f.obj != nil {
		return shortName(f.obj)
	}
	return "the function literal at line " + strconv.Itoa(ix.pass.Fset.Position(f.node.Pos()).Line)
}

// shortName is "Type.Method" or "Func", without the package.
func shortName(obj *types.Func) string {
	if recv := obj.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + obj.Name()
		}
	}
	return obj.Name()
}
