package ctxuse

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
)

// This file tells a context that is checked once, at the moment of the
// call, or that ends one wait, from one whose cancellation is polled or
// stops work.

// method returns what the use of a context's method name at sel (a
// selector expression ctx.Err, ctx.Done, ctx.Deadline) does with its
// cancellation: Checked when it only checks, without waiting, whether the
// context is already done, once (ctx.Err() outside any loop, <-ctx.Done()
// as a case of a select that has a default, outside any loop); Parked when
// <-ctx.Done() is a case of a select with no default outside any loop, its
// other cases channel operations (the context ends that one wait); Used
// otherwise.
func (e *eval) method(sel inspector.Cursor, name string) Flow {
	if sel.ParentEdgeKind() != edge.CallExpr_Fun {
		return Used // a method value: not followed
	}
	call := sel.Parent()
	switch name {
	case "Err":
		if !e.in.repeated(call, token.NoPos) {
			return Checked
		}
	case "Done":
		recv := call.Parent()
		if call.ParentEdgeKind() != edge.UnaryExpr_X || recv.Node().(*ast.UnaryExpr).Op != token.ARROW {
			return Used
		}
		comm := recv.Parent()
		switch recv.ParentEdgeKind() {
		case edge.ExprStmt_X:
		case edge.AssignStmt_Rhs:
		default:
			return Used
		}
		if comm.ParentEdgeKind() != edge.CommClause_Comm {
			return Used
		}
		selCur := comm.Parent().Parent().Parent() // CommClause -> BlockStmt -> SelectStmt
		stmt, ok := selCur.Node().(*ast.SelectStmt)
		if !ok || e.in.repeated(selCur, token.NoPos) {
			return Used
		}
		if control.HasDefault(stmt) {
			return Checked
		}
		return Parked
	}
	return Used
}

// repeated reports whether the code at cur may run more than once for one
// call of the function around it that declares the context (the one
// containing the position holder; with token.NoPos, the function
// declaration): it is inside a loop, or inside a function literal that is
// not called in place or deferred (a callback, a stored function, a
// goroutine).
func (in *Info) repeated(cur inspector.Cursor, holder token.Pos) bool {
	for c := range cur.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch n := c.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.FuncDecl:
			return false
		case *ast.FuncLit:
			if c == cur {
				continue
			}
			if n.Pos() <= holder && holder < n.End() {
				return false // the literal declares the context: one call of it
			}
			switch run, _ := control.LitRun(in.pass.TypesInfo, c); run {
			case control.Now, control.Deferred:
				continue
			}
			return true
		}
	}
	return false
}
