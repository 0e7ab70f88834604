package perrequestclient

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// perIteration reports whether a loop's trip count depends on input: a range
// over a collection, channel or iterator, or a counting for loop with a
// non-constant bound. Loops with no condition or only a condition (event,
// wait and reconnection loops) and retry loops (which stop once the
// construction succeeds) run a construction once per connection, not once
// per input.
func (c *checker) perIteration(loop inspector.Cursor) bool {
	var body inspector.Cursor
	switch l := loop.Node().(type) {
	case *ast.RangeStmt:
		if tv, ok := c.pass.TypesInfo.Types[l.X]; !ok || tv.Value != nil {
			return false // range over a constant: a fixed count
		}
		body = loop.ChildAt(edge.RangeStmt_Body, -1)
	case *ast.ForStmt:
		// A counting loop (for i := 0; i < n; i++) runs per input; a loop
		// with only a condition (for ctx.Err() == nil, for !done) waits,
		// retries or reconnects.
		if l.Cond == nil || l.Post == nil || c.constantBound(l.Cond) {
			return false
		}
		body = loop.ChildAt(edge.ForStmt_Body, -1)
	default:
		return false
	}
	return !c.retryLoop(loop.Node(), body)
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
// it leaves the loop (control.Leaves: return, a break out of the loop,
// panic, log.Fatal), or it leaves it when an error is nil. A break that
// leaves only a switch or select in the body does not end the loop.
func (c *checker) retryLoop(loop ast.Node, body inspector.Cursor) bool {
	info := c.pass.TypesInfo
	if control.Leaves(info, body, body.Node().(*ast.BlockStmt).List, loop) {
		return true
	}
	found := false
	body.Inspect([]ast.Node{(*ast.FuncLit)(nil), (*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.IfStmt)(nil)}, func(cur inspector.Cursor) bool {
		n, ok := cur.Node().(*ast.IfStmt)
		if !ok {
			return false // a function literal or a nested loop
		}
		if be, ok := ast.Unparen(n.Cond).(*ast.BinaryExpr); ok && be.Op == token.EQL &&
			(isError(info, be.X) && typesx.IsNil(info, be.Y) || isError(info, be.Y) && typesx.IsNil(info, be.X)) &&
			control.Leaves(info, cur.ChildAt(edge.IfStmt_Body, -1), n.Body.List, loop) {
			found = true
		}
		return !found
	})
	return found
}

func isError(info *types.Info, e ast.Expr) bool {
	t := info.TypeOf(e)
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}
