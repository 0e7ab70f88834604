// Guards: spawns that run one at a time, and concurrency the user opted
// into.

package unboundedgo

import (
	"go/ast"
	"go/token"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// singleFlight reports whether the spawn is guarded so that at most one
// such goroutine runs: inside `if x == nil { x = ...; go f(x) }`,
// `if !s.running { s.running = true; go s.run() }` or
// `if s.running.CompareAndSwap(false, true) { go s.run() }`.
func (c *checker) singleFlight(sp *spawn) bool {
	for e := range sp.cur.Enclosing((*ast.IfStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil), (*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)) {
		ifs, ok := e.Node().(*ast.IfStmt)
		if !ok {
			return false
		}
		if sp.node.Pos() < ifs.Body.Pos() || sp.node.End() > ifs.Body.End() {
			continue // in the else branch
		}
		if call, ok := ast.Unparen(ifs.Cond).(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "CompareAndSwap" {
				return true
			}
		}
		k, ok := c.guardVar(ifs.Cond)
		if !ok {
			continue
		}
		assigned := false
		ast.Inspect(ifs.Body, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok {
				for _, lhs := range as.Lhs {
					if k2, ok := c.varPathOf(lhs); ok && k2 == k {
						assigned = true
					}
				}
			}
			_, lit := n.(*ast.FuncLit)
			return !assigned && !lit
		})
		if assigned {
			return true
		}
	}
	return false
}

// guardVar returns x for a condition `x == nil`, `!x`, `x == false`, `x == 0`.
func (c *checker) guardVar(cond ast.Expr) (varPath, bool) {
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return c.varPathOf(e.X)
		}
	case *ast.BinaryExpr:
		if e.Op != token.EQL {
			break
		}
		zero := func(x ast.Expr) bool {
			tv, ok := c.pass.TypesInfo.Types[x]
			if !ok {
				return false
			}
			if tv.IsNil() {
				return true
			}
			return tv.Value != nil && (tv.Value.String() == "false" || tv.Value.String() == "0")
		}
		if zero(e.Y) {
			return c.varPathOf(e.X)
		}
		if zero(e.X) {
			return c.varPathOf(e.Y)
		}
	}
	return varPath{}, false
}

// optIn reports whether the go statement is one branch of a choice whose
// other branch calls the same function synchronously
// (switch mode { case "concurrent": go f(x) case "sequential": f(x) }):
// concurrency the user opted into, with a sequential mode offered for
// large inputs.
func (c *checker) optIn(sp *spawn) bool {
	if _, ok := sp.node.(*ast.GoStmt); !ok || sp.lit != nil {
		return false
	}
	fn := typesx.Callee(c.pass.TypesInfo, sp.call)
	if fn == nil {
		return false
	}
	callsFn := func(nodes ...ast.Node) bool {
		found := false
		for _, n := range nodes {
			ast.Inspect(n, func(n ast.Node) bool {
				if g, ok := n.(*ast.GoStmt); ok && g != nil {
					return false
				}
				if call, ok := n.(*ast.CallExpr); ok && typesx.Callee(c.pass.TypesInfo, call) == fn {
					found = true
				}
				return !found
			})
		}
		return found
	}
	for e := range sp.cur.Enclosing((*ast.CaseClause)(nil), (*ast.IfStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil), (*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)) {
		switch n := e.Node().(type) {
		case *ast.CaseClause:
			sw, ok := e.Parent().Node().(*ast.BlockStmt)
			if !ok {
				return false
			}
			for _, other := range sw.List {
				if other != ast.Stmt(n) && callsFn(other) {
					return true
				}
			}
			return false
		case *ast.IfStmt:
			if n.Else == nil {
				continue
			}
			if sp.node.Pos() >= n.Body.Pos() && sp.node.End() <= n.Body.End() {
				return callsFn(n.Else)
			}
			return callsFn(n.Body)
		default:
			return false
		}
	}
	return false
}
