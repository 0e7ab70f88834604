package handlerblock

import (
	"go/ast"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file decides which waits are on timers, and which of those are
// bounded by the author's choice rather than by the request's context: a
// timeout case in a select, a poll until a deadline, a ticker loop that
// checks the context at every tick.

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

// inContextLoop reports whether the sleep at cur is in a loop whose
// condition or body checks a context (ctx.Err(), ctx.Done()): the loop
// gives up on cancellation within one sleep, like a ticker loop that
// checks the context at every tick.
func (c *checker) inContextLoop(cur inspector.Cursor) bool {
	for p := range cur.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch loop := p.Node().(type) {
		case *ast.ForStmt:
			return loop.Cond != nil && c.checksContext(loop.Cond) || c.checksContext(loop.Body)
		case *ast.RangeStmt:
			return c.checksContext(loop.Body)
		}
		return false
	}
	return false
}

// readsClock reports whether e reads the clock (knowledge.ClockReads:
// time.Now, time.Since, time.Until).
func (c *checker) readsClock(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && knowledge.ClockReads[typesx.CallName(c.pass.TypesInfo, call)] != "" {
			found = true
		}
		return !found
	})
	return found
}

// clockChan returns what knowledge says of e if e is a channel that
// delivers on the clock: time.After(d) or time.Tick(d)
// (knowledge.ClockChanFuncs), or the C of a time.Timer or time.Ticker
// (knowledge.ClockChanTypes).
func (c *checker) clockChan(e ast.Expr) (knowledge.ClockChan, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		if e.Sel.Name == knowledge.ClockChanField {
			cc, ok := knowledge.ClockChanTypes[typesx.NamedName(c.pass.TypesInfo.TypeOf(e.X))]
			return cc, ok
		}
	case *ast.CallExpr:
		cc, ok := knowledge.ClockChanFuncs[clockChanNames.CallName(c.pass.TypesInfo, e)]
		return cc, ok
	}
	return knowledge.ClockChan{}, false
}

// isTimer reports whether e is a clock channel, one-off or periodic.
func (c *checker) isTimer(e ast.Expr) bool {
	_, ok := c.clockChan(e)
	return ok
}

// isTimeout reports whether e is a one-off clock channel (time.After(d), a
// time.Timer's C): a deadline, unlike a Ticker's periodic channel.
func (c *checker) isTimeout(e ast.Expr) bool {
	cc, ok := c.clockChan(e)
	return ok && !cc.Periodic
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
