package perrequestclient

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// onceNames are the bare names of knowledge.OnceFuncs, looked up on every
// function literal passed to a call.
var onceNames = typesx.NamesOf(knowledge.OnceFuncs)

// onceArg reports whether the function literal at lit is the argument of
// sync.Once.Do, sync.OnceValue and the like.
func (c *checker) onceArg(lit inspector.Cursor) bool {
	run, call := control.LitRun(c.pass.TypesInfo, lit)
	if run != control.Callback {
		return false
	}
	fn := typesx.Callee(c.pass.TypesInfo, call.Node().(*ast.CallExpr))
	if fn == nil {
		return false
	}
	_, ok := knowledge.OnceFuncs[onceNames.FullName(fn)]
	return ok
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
	if typesx.IsNil(c.pass.TypesInfo, x) {
		x = be.Y
	} else if !typesx.IsNil(c.pass.TypesInfo, be.Y) {
		return false
	}
	// A field tested for nil may also be set by a method of this package
	// the branch calls on the same variable (if b.client == nil { b.resolve() }).
	var root *types.Var
	if _, ok := ast.Unparen(x).(*ast.SelectorExpr); ok {
		root = typesx.RootVar(c.pass.TypesInfo, x)
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
					s.Obj().Pkg() == c.pass.Pkg && typesx.RootVar(c.pass.TypesInfo, sel.X) == root {
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
				if root := typesx.RootVar(c.pass.TypesInfo, r); root != nil && (!c.isLocal(root) || c.isParam(root)) {
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
		root := typesx.RootVar(c.pass.TypesInfo, e.X)
		return root != nil && (!c.isLocal(root) || c.isParam(root))
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
			return sel.Sel.Name == "Load" || sel.Sel.Name == "Get"
		}
	}
	return false
}
