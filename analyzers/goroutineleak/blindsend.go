package goroutineleak

import (
	"go/ast"

	"golang.org/x/tools/go/ast/inspector"
)

// This file: a loop that checks for its stop but sends blind.
//
// A goroutine's loop selects on a stop case (<-ctx.Done(), <-stop) and, in
// another case or the default, sends on a channel with a plain send. Its
// receivers can all stop receiving (each is in a select with a case that
// leaves, or in a loop with an exit, or receives once): when they do
// first, the send blocks forever and the loop never gets back to its stop
// case. The pipeline rule is to send in a select with the stop case too.
// Reported once per channel, when the goroutine is started per request,
// connection, reload or object (repeat.go), and when the package sees every
// receive of the channel and it has no buffer. A buffered channel blocks
// its sender only once the buffer is full, and whether it fills is a count
// of sends per channel value that the package cannot make when channels
// are made per object or per iteration (a notify channel with one slot for
// its one send, a reply channel per request).

// checkBlindSends reports the plain sends of stoppable loops whose
// receivers can stop first.
func (a *checker) checkBlindSends() {
	seen := map[ast.Stmt]bool{}
	for _, g := range a.ix.gos {
		if g.target == nil || a.r.Skip(g.at.Pos()) {
			continue
		}
		for _, body := range a.runBodies(g.target) {
			loops, _ := outerLoops(body)
			for _, loop := range loops {
				if seen[loop] {
					continue
				}
				seen[loop] = true
				stop := a.stopCaseOf(loop)
				if stop == nil {
					continue
				}
				for _, send := range plainSends(loop) {
					grp := a.flow.group(send.Chan)
					if grp == nil || a.done[grp] || !grp.known() || grp.opaqueRead || grp.recvs == 0 || !a.bounded(grp) {
						continue
					}
					leave := a.receiversLeave(grp)
					if leave == nil {
						continue
					}
					why := a.rep.goRepeated(g)
					if why == "" {
						continue
					}
					a.done[grp] = true
					a.r.Reportf(send, "this send on %s is not in a select with %s (line %d): when the receiver stops first (it can leave at line %d), the goroutine started at line %d, %s, blocks here forever; send in a select with that case",
						a.text(send.Chan), a.text(stop.Comm), a.line(stop), a.line(leave), a.line(g.at), why)
				}
			}
		}
	}
}

// stopCaseOf returns a stop case of a select in loop whose body leaves the
// loop (a return), or nil.
func (a *checker) stopCaseOf(loop ast.Stmt) *ast.CommClause {
	var found *ast.CommClause
	ast.Inspect(loop, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			if a.stopCase(n) && hasReturn(n.Body) {
				found = n
			}
		}
		return true
	})
	return found
}

// plainSends returns the sends of loop that are not select cases, outside
// function literals.
func plainSends(loop ast.Stmt) []*ast.SendStmt {
	var out []*ast.SendStmt
	comm := map[ast.Stmt]bool{}
	ast.Inspect(loop, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			if n.Comm != nil {
				comm[n.Comm] = true
			}
		case *ast.SendStmt:
			if !comm[n] {
				out = append(out, n)
			}
		}
		return true
	})
	return out
}

// bounded reports whether the group's channels have no buffer: a send
// blocks until a receiver takes it.
func (a *checker) bounded(g *chanGroup) bool {
	return len(g.makes) > 0 && g.unbuffered
}

// receiversLeave returns, when every receive of the group can stop
// receiving, a place where one leaves; nil when some receiver drains the
// channel until it is closed or waits for its value with a plain receive.
func (a *checker) receiversLeave(g *chanGroup) ast.Node {
	var leave ast.Node
	for _, i := range a.flow.ops {
		ev := a.flow.events[i]
		if ev.kind != evRecv || a.flow.groupOf(ev.key) != g || ev.fn == nil {
			continue
		}
		c, ok := ev.fn.cur.FindNode(ev.node)
		if !ok {
			return nil
		}
		l := a.recvLeaves(c, ev)
		if l == nil {
			return nil
		}
		if leave == nil {
			leave = l
		}
	}
	return leave
}

// recvLeaves returns where the receive at c stops receiving: another case
// of its select that returns, or the exit of a range over the channel;
// nil when it keeps receiving.
func (a *checker) recvLeaves(c inspector.Cursor, ev event) ast.Node {
	if ev.sel != nil {
		for _, s := range ev.sel.Body.List {
			cc := s.(*ast.CommClause)
			if cc.Comm != nil && !containsNode(cc.Comm, ev.node) && hasReturn(cc.Body) {
				return cc
			}
		}
	}
	if r, ok := ev.node.(*ast.RangeStmt); ok {
		// A range drains until the close; a return or break in it leaves
		// early.
		return earlyExit(r)
	}
	// A plain receive outside a select waits for its value: once, it is
	// the reply a request waits for (p.reconfig <- r; <-r.done), matched
	// by the one send. In a loop, whether its exits are early or the close
	// (if !ok { return }) is not told apart; assumed to drain.
	return nil
}
