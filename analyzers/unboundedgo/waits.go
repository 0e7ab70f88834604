// Waits: what makes an iteration or a function wait for the goroutines it
// starts, or paces them.

package unboundedgo

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

// waitsOrAcquires reports whether scope (a loop, or the spawn's function)
// bounds the spawn. In a loop body, anywhere in the iteration:
//
//   - a Wait call on a WaitGroup-like value, or on something the goroutine
//     mentions (the iteration waits for its goroutines);
//   - a blocking receive from, or range over, a channel the goroutine
//     mentions (go f(done); <-done);
//   - time.Sleep, or a receive from a timer channel (spawning is paced by
//     the clock, not driven by input);
//
// and before the spawn: a send into a channel the goroutine mentions or of
// tokens (sem <- struct{}{}), or an Acquire call. In a function (inLoop
// false) the waits must come after the spawn, or be deferred, and timers do
// not count.
func (c *checker) waitsOrAcquires(scope inspector.Cursor, sp *spawn, inLoop bool) bool {
	body := control.Body(scope.Node())
	if body == nil {
		return false
	}
	bodyCur, ok := scope.FindNode(body)
	if !ok {
		return false
	}
	spawnPos := sp.node.Pos()
	found := false
	bodyCur.Inspect(nil, func(cur inspector.Cursor) bool {
		if found {
			return false
		}
		n := cur.Node()
		if n == sp.node {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok && !c.deferred(cur) {
			return false
		}
		pos := n.Pos()
		waitOK := inLoop || pos > sp.node.End() || c.inDefer(cur)
		switch n := n.(type) {
		case *ast.CallExpr:
			if waitOK && c.isWait(n, sp) {
				found = true
			}
			if inLoop {
				if _, ok := knowledge.Sleeps[typesx.CallName(c.pass.TypesInfo, n)]; ok {
					found = true
				}
			}
			if pos < spawnPos && c.isAcquire(n) {
				found = true
			}
			// defer close(exit): the goroutine handed exit is told to stop
			// when the function returns (go waitForDone(ctx, exit, f)).
			if !inLoop && c.inDefer(cur) && isBuiltinClose(c.pass.TypesInfo, n) && c.mentioned(sp, n.Args[0]) {
				found = true
			}
		case *ast.UnaryExpr:
			if n.Op != token.ARROW {
				break
			}
			// A receive whose value is discarded, before the spawn, is a
			// throttle or a token: <-limiter.C; go fetch(x).
			throttle := inLoop && pos < spawnPos && isExprStmt(cur)
			if !(waitOK && c.mentioned(sp, n.X) || inLoop && c.isTimerChan(n.X) || throttle) {
				break
			}
			if sel, ok := commSelect(cur); ok && !c.pureWait(sel, sp, scope.Node()) {
				break // one case of an event loop's select: it need not wait for this one
			}
			found = true
		case *ast.RangeStmt:
			if waitOK && c.isChan(n.X) && c.mentioned(sp, n.X) {
				found = true
			}
		case *ast.SendStmt:
			if pos < spawnPos && (c.mentioned(sp, n.Chan) || c.isEmptyStructChan(n.Chan)) {
				found = true
			}
		}
		return !found
	})
	return found
}

// deferred reports whether the literal at cur is deferred (defer func() {...}()).
func (c *checker) deferred(cur inspector.Cursor) bool {
	run, _ := control.LitRun(c.pass.TypesInfo, cur)
	return run == control.Deferred
}

// inDefer reports whether the node at cur runs at function exit: it is a
// deferred call, or inside a deferred literal.
func (c *checker) inDefer(cur inspector.Cursor) bool {
	for e := range cur.Enclosing((*ast.DeferStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch e.Node().(type) {
		case *ast.DeferStmt:
			return true
		case *ast.FuncDecl:
			return false
		case *ast.FuncLit:
			if !c.deferred(e) {
				return false
			}
		}
	}
	return false
}

// isExprStmt reports whether the node at cur is a statement of its own
// (its value discarded), not a select case's communication.
func isExprStmt(cur inspector.Cursor) bool {
	_, ok := cur.Parent().Node().(*ast.ExprStmt)
	if !ok {
		return false
	}
	_, comm := cur.Parent().Parent().Node().(*ast.CommClause)
	return !comm
}

// commSelect returns the select statement of which the receive at cur is a
// case's communication.
func commSelect(cur inspector.Cursor) (inspector.Cursor, bool) {
	for e := range cur.Enclosing((*ast.CommClause)(nil), (*ast.BlockStmt)(nil), (*ast.FuncLit)(nil)) {
		cc, ok := e.Node().(*ast.CommClause)
		if !ok || cc.Comm == nil || cc.Comm.Pos() > cur.Node().Pos() || cur.Node().End() > cc.Comm.End() {
			return inspector.Cursor{}, false // not in a case's communication
		}
		sel := e.Parent().Parent()
		_, ok = sel.Node().(*ast.SelectStmt)
		return sel, ok
	}
	return inspector.Cursor{}, false
}

// pureWait reports whether the select at sel only waits: it has no
// default, and each case receives from a channel the goroutine mentions,
// from a timer or from a Done() channel, or leaves scope (the loop, or
// the function: return, a break out of the loop; a break that leaves
// only the select does not stop the iteration). A select that also serves
// other channels is an event loop's, and one of its cases receiving from
// the goroutine's channel does not make every iteration wait.
func (c *checker) pureWait(sel inspector.Cursor, sp *spawn, scope ast.Node) bool {
	body := sel.ChildAt(edge.SelectStmt_Body, -1)
	for i, s := range sel.Node().(*ast.SelectStmt).Body.List {
		cc, ok := s.(*ast.CommClause)
		if !ok || cc.Comm == nil {
			return false
		}
		ch := recvChan(cc.Comm)
		switch {
		case ch != nil && (c.mentioned(sp, ch) || c.isTimerChan(ch) || isDoneCall(ch)):
		case control.Leaves(c.pass.TypesInfo, body.ChildAt(edge.BlockStmt_List, i), cc.Body, scope):
		default:
			return false
		}
	}
	return true
}

// recvChan returns the channel a select case receives from, or nil.
func recvChan(comm ast.Stmt) ast.Expr {
	if u := control.CommRecv(comm); u != nil {
		return u.X
	}
	return nil
}

// isBuiltinClose reports whether call is close(ch).
func isBuiltinClose(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(call.Args) != 1 {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "close"
}

// isDoneCall reports whether e is a call x.Done() (a context's, a quit signal's).
func isDoneCall(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Done"
}

// isWait reports whether call waits for goroutines the spawn belongs to.
func (c *checker) isWait(call *ast.CallExpr, sp *spawn) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if _, ok := knowledge.WaitMethodNames[sel.Sel.Name]; !ok {
		return false
	}
	if c.mentioned(sp, sel.X) {
		return true
	}
	if sp.recv != nil {
		if k1, ok := c.varPathOf(sp.recv); ok {
			if k2, ok := c.varPathOf(sel.X); ok && k1 == k2 {
				return true
			}
		}
	}
	_, ok = knowledge.GoroutineWaitTypes[typesx.NamedName(c.pass.TypesInfo.TypeOf(sel.X))]
	return ok
}

// chanOf returns e's channel type, or nil when e is not a channel.
func (c *checker) chanOf(e ast.Expr) *types.Chan {
	t := c.pass.TypesInfo.TypeOf(e)
	if t == nil {
		return nil
	}
	ch, _ := t.Underlying().(*types.Chan)
	return ch
}

func (c *checker) isChan(e ast.Expr) bool { return c.chanOf(e) != nil }

// isEmptyStructChan reports whether e is a chan struct{}: its values are
// tokens (sem <- struct{}{}).
func (c *checker) isEmptyStructChan(e ast.Expr) bool {
	ch := c.chanOf(e)
	if ch == nil {
		return false
	}
	s, ok := ch.Elem().Underlying().(*types.Struct)
	return ok && s.NumFields() == 0
}

// isTimerChan reports whether e is a channel that delivers on a clock:
// time.After(d), time.Tick(d), t.C of a *time.Ticker or *time.Timer.
func (c *checker) isTimerChan(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		_, ok := knowledge.ClockChanFuncs[typesx.CallName(c.pass.TypesInfo, e)]
		return ok
	case *ast.SelectorExpr:
		if e.Sel.Name != knowledge.ClockChanField {
			return false
		}
		_, ok := knowledge.ClockChanTypes[typesx.NamedName(c.pass.TypesInfo.TypeOf(e.X))]
		return ok
	case *ast.Ident:
		// A local holding a timer's channel: tc = t.C (or nil, to disable the case).
		v, ok := c.pass.TypesInfo.ObjectOf(e).(*types.Var)
		if !ok || v.IsField() {
			return false
		}
		timer := false
		for _, rhs := range c.defsOf(v) {
			switch {
			case rhs == zeroValue || typesx.IsNil(c.pass.TypesInfo, rhs):
			case rhs != nil && !isIdent(rhs) && c.isTimerChan(rhs):
				timer = true
			default:
				return false
			}
		}
		return timer
	}
	return false
}

func isIdent(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.Ident)
	return ok
}
