package handlerblock

import (
	"go/ast"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file decides which waits are on timers, and which of those are
// bounded by the author's choice rather than by the request's context: a
// timeout case in a select, a poll until a deadline, a ticker loop that
// checks the context at every tick.

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
		p.ChildAt(edge.ForStmt_Body, -1).Inspect([]ast.Node{(*ast.FuncLit)(nil), (*ast.IfStmt)(nil)}, func(cur inspector.Cursor) bool {
			n, ok := cur.Node().(*ast.IfStmt)
			if !ok {
				return false // a function literal
			}
			if c.readsClock(n.Cond) && control.Leaves(c.pass.TypesInfo, cur.ChildAt(edge.IfStmt_Body, -1), n.Body.List, loop) {
				found = true
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

// isTimer reports whether e is time.After(d), time.Tick(d), or the C field
// of a time.Timer or time.Ticker.
func (c *checker) isTimer(e ast.Expr) bool {
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok && sel.Sel.Name == "C" {
		t := c.pass.TypesInfo.TypeOf(sel.X)
		return typesx.IsNamedOrPointer(t, "time", "Timer") || typesx.IsNamedOrPointer(t, "time", "Ticker")
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	switch timerNames.CallName(c.pass.TypesInfo, call) {
	case "time.After", "time.Tick":
		return true
	}
	return false
}

// isTimeout reports whether e is time.After(d) or a time.Timer's C: a
// one-off deadline, unlike a Ticker's periodic channel.
func (c *checker) isTimeout(e ast.Expr) bool {
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok && sel.Sel.Name == "C" {
		return typesx.IsNamedOrPointer(c.pass.TypesInfo.TypeOf(sel.X), "time", "Timer")
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && timerNames.CallName(c.pass.TypesInfo, call) == "time.After"
}

// checksContext reports whether body calls Err or Done on a context: a
// loop over a ticker that checks it at every tick gives up on cancellation
// within a tick.
func (c *checker) checksContext(body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "Err" || sel.Sel.Name == "Done") &&
			implementsContext(c.pass.TypesInfo.TypeOf(sel.X)) {
			found = true
		}
		return true
	})
	return found
}
