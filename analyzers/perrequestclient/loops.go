package perrequestclient

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

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
				(isError(pass, be.X) && typesx.IsNil(pass.TypesInfo, be.Y) || isError(pass, be.Y) && typesx.IsNil(pass.TypesInfo, be.X)) &&
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
