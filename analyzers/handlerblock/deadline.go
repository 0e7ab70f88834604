package handlerblock

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// clockFuncs read the clock: a loop that compares them with a deadline
// polls for a bounded time.
var clockFuncs = map[string]bool{
	"time.Now":   true,
	"time.Since": true,
	"time.Until": true,
}

// inDeadlineLoop reports whether the sleep at cur polls within a deadline:
// the innermost loop around it in its function checks the clock in its
// condition (for time.Now().Before(end)) or leaves when a clock check
// fires (if time.Since(start) > d { return err }). Like a select with a
// timeout case, that is a bounded wait whose bound the author chose.
func (c *checker) inDeadlineLoop(cur inspector.Cursor) bool {
	for p := range cur.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		loop, ok := p.Node().(*ast.ForStmt)
		if !ok {
			return false
		}
		if loop.Cond != nil && c.readsClock(loop.Cond) {
			return true
		}
		found := false
		ast.Inspect(loop.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.IfStmt:
				if c.readsClock(n.Cond) && leaves(n.Body) {
					found = true
				}
			}
			return !found
		})
		return found
	}
	return false
}

// readsClock reports whether e calls time.Now, time.Since or time.Until.
func (c *checker) readsClock(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && clockFuncs[typesx.CallName(c.pass.TypesInfo, call)] {
			found = true
		}
		return !found
	})
	return found
}

// leaves reports whether a block ends by leaving the loop or the function.
func leaves(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	switch s := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.BREAK || s.Tok == token.GOTO
	case *ast.ExprStmt:
		call, ok := s.X.(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := call.Fun.(*ast.Ident)
		return ok && id.Name == "panic"
	}
	return false
}
