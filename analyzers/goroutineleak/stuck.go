package goroutineleak

import (
	"go/ast"
)

// This file: channel operations nothing can ever complete.
//
// A receive from a channel that nothing in the package sends on or closes
// (chanflow.go), or a send on an unbuffered channel nothing receives from,
// blocks forever; so does a select all of whose cases are such operations,
// with no default. The goroutine that reaches one leaks with everything it
// references. Operations in code that runs only at start-up (main, init and
// what only they call) are not reported: blocking there forever is how a
// program waits for its end.

// checkStuck reports, once per channel, the first operation that blocks
// forever.
func (a *checker) checkStuck() {
	for _, i := range a.flow.ops {
		ev := a.flow.events[i]
		g := a.flow.groupOf(ev.key)
		if g == nil || a.done[g] {
			continue
		}
		full := false // a buffered channel nobody receives from, sent on in a loop
		if ev.kind == evSend && !g.deadSend() && g.unreceived() && ev.sel == nil {
			full = a.sendRepeats(ev)
		}
		if ev.kind == evRecv && !g.deadRecv() || ev.kind == evSend && !g.deadSend() && !full {
			continue
		}
		if ev.sel != nil && !a.selectBlocks(ev.sel) {
			continue
		}
		if a.r.Skip(ev.node.Pos()) || ev.fn == nil || a.rep.startupOnly(ev.fn) {
			continue
		}
		a.done[g] = true
		ch := a.text(opChan(ev.node))
		op := "this receive from " + ch
		if ev.sel != nil {
			op = "this select"
		} else if _, ok := ev.node.(*ast.RangeStmt); ok {
			op = "this range over " + ch
		}
		name := g.describe()
		at := ev.node
		if ev.sel != nil {
			at = ev.sel
		}
		switch {
		case ev.kind == evRecv && g.isNil():
			a.r.Reportf(at, "%s blocks forever: %s is never given a channel, and a nil channel never delivers, so every goroutine that gets here leaks; make %s where its owner is built and close it when the work ends",
				op, name, name)
		case ev.kind == evRecv:
			a.r.Reportf(at, "%s blocks forever: nothing in this package sends on %s or closes it, so every goroutine that gets here leaks; close %s when the work it waits for is done",
				op, name, name)
		case full:
			a.r.Reportf(at, "this send on %s blocks forever once the buffer of %s is full: nothing in this package receives from it, and it is sent on again and again, so every goroutine that gets here then leaks; receive from %s, or stop sending on it",
				ch, name, name)
		default:
			if ev.sel == nil {
				op = "this send on " + ch
			}
			a.r.Reportf(at, "%s blocks forever: %s is unbuffered and nothing in this package receives from it, so every goroutine that gets here leaks; receive from %s, or give it a buffer if it gets one value",
				op, name, name)
		}
	}
}

// sendRepeats reports whether a send runs again and again: in a loop of
// its function, or in a function the package calls in a loop.
func (a *checker) sendRepeats(ev event) bool {
	if ev.fn == nil {
		return false
	}
	if c, ok := ev.fn.cur.FindNode(ev.node); ok && a.ix.siteOf(c).inLoop {
		return true
	}
	for _, s := range ev.fn.callers {
		if s.inLoop {
			return true
		}
	}
	return false
}

// selectBlocks reports whether every case of sel waits forever and it has
// no default.
func (a *checker) selectBlocks(sel *ast.SelectStmt) bool {
	for _, s := range sel.Body.List {
		cc := s.(*ast.CommClause)
		switch comm := cc.Comm.(type) {
		case nil:
			return false
		case *ast.SendStmt:
			if g := a.flow.group(comm.Chan); !g.deadSend() {
				return false
			}
		default:
			if g := a.caseGroup(cc); !g.deadRecv() {
				return false
			}
		}
	}
	return true
}

// opChan returns the channel of a send, receive or range.
func opChan(n ast.Node) ast.Expr {
	switch n := n.(type) {
	case *ast.SendStmt:
		return n.Chan
	case *ast.UnaryExpr:
		return n.X
	case *ast.RangeStmt:
		return n.X
	}
	return &ast.BadExpr{}
}
