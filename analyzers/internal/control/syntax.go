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
	var x ast.Expr
	switch s := comm.(type) {
	case *ast.ExprStmt:
		x = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			x = s.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(x).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u
	}
	return nil
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
