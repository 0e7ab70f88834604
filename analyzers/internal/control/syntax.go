package control

import (
	"go/ast"
	"go/token"
)

// Body returns the block a loop or a function runs: the body of a
// *ast.ForStmt, *ast.RangeStmt, *ast.FuncDecl (nil for a function declared
// without one) or *ast.FuncLit, and nil for any other node. These are the
// scopes Leaves asks about.
func Body(n ast.Node) *ast.BlockStmt {
	switch n := n.(type) {
	case *ast.ForStmt:
		return n.Body
	case *ast.RangeStmt:
		return n.Body
	case *ast.FuncDecl:
		return n.Body
	case *ast.FuncLit:
		return n.Body
	}
	return nil
}

// List returns the statements a block, a switch case or a select case
// holds, in order, and nil for any other node: the runs Leaves reads.
func List(n ast.Node) []ast.Stmt {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List
	case *ast.CaseClause:
		return n.Body
	case *ast.CommClause:
		return n.Body
	}
	return nil
}

// CommRecv returns the receive a select case's communication makes (<-ch,
// v := <-ch, v, ok = <-ch), or nil for a send, a default (nil comm) or
// anything else.
func CommRecv(comm ast.Stmt) *ast.UnaryExpr {
	if u, ok := ast.Unparen(StmtExpr(comm)).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u
	}
	return nil
}

// CommOp returns the operation a select case's communication makes and the
// channel it makes it on: the *ast.SendStmt for a send, the receive (an
// *ast.UnaryExpr, as CommRecv) for a receive; nil, nil for a default (nil
// comm) or anything else.
func CommOp(comm ast.Stmt) (op ast.Node, ch ast.Expr) {
	if s, ok := comm.(*ast.SendStmt); ok {
		return s, s.Chan
	}
	if u := CommRecv(comm); u != nil {
		return u, u.X
	}
	return nil, nil
}

// StmtExpr returns the one expression a statement evaluates: X of an
// expression statement, the right-hand side of an assignment with one
// (v := <-ch, v, ok = <-ch, v := x.(type)); nil for anything else. It reads
// a select case's communication and a type switch's guard.
func StmtExpr(s ast.Stmt) ast.Expr {
	switch s := s.(type) {
	case *ast.ExprStmt:
		return s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			return s.Rhs[0]
		}
	}
	return nil
}

// FuncName returns the name a call's function is written with: f for
// f(...), M for x.M(...) and pkg.F(...); "" for a function literal, a
// call's result, an index expression or anything else.
func FuncName(call *ast.CallExpr) string {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

// Assigns calls f for each identifier an *ast.AssignStmt or *ast.ValueSpec
// assigns, with the value it is given: its own right-hand side when there
// is one per name (for = and :=), nil when the names share one
// multi-valued expression (v, ok := m[k]) or for an operator assignment
// (x += 1). Left-hand sides that are not identifiers (a field, an element)
// and a ValueSpec without values (var ch chan T) are skipped; any other
// node does nothing.
func Assigns(n ast.Node, f func(id *ast.Ident, rhs ast.Expr)) {
	switch n := n.(type) {
	case *ast.AssignStmt:
		for i, l := range n.Lhs {
			id, ok := ast.Unparen(l).(*ast.Ident)
			if !ok {
				continue
			}
			var rhs ast.Expr
			if len(n.Rhs) == len(n.Lhs) && (n.Tok == token.DEFINE || n.Tok == token.ASSIGN) {
				rhs = n.Rhs[i]
			}
			f(id, rhs)
		}
	case *ast.ValueSpec:
		for i, id := range n.Names {
			if len(n.Values) == len(n.Names) {
				f(id, n.Values[i])
			} else if len(n.Values) > 0 {
				f(id, nil)
			}
		}
	}
}

// WaitsForEvents reports whether a loop body selects or receives from a
// channel, outside function literals: the body of an event loop.
func WaitsForEvents(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			found = true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				found = true
			}
		}
		return !found
	})
	return found
}

// HasDefault reports whether the select statement has a default case: it
// does not wait.
func HasDefault(s *ast.SelectStmt) bool {
	for _, c := range s.Body.List {
		if cc, ok := c.(*ast.CommClause); ok && cc.Comm == nil {
			return true
		}
	}
	return false
}
