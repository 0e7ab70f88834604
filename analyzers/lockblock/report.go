package lockblock

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers/internal/edits"
	"github.com/conclint/conclint/analyzers/internal/report"
)

// This file writes the findings: what is locked, where it was taken, what
// blocks and the fix, naming the locks as the code writes them.

// A finding waits in the checker until every function has been checked,
// then is reported in source order.
type finding struct {
	node  analysis.Range
	msg   string
	fixes []analysis.SuggestedFix
}

func (c *checker) add(fn *function, node analysis.Range, msg string, fixes ...analysis.SuggestedFix) {
	key := fmt.Sprintf("%d:%s", node.Pos(), msg)
	if c.reported[key] {
		return
	}
	c.reported[key] = true
	c.findings = append(c.findings, finding{node: node, msg: msg, fixes: fixes})
}

// flush reports the findings in source order.
func (c *checker) flush(r *report.Reporter) {
	slices.SortStableFunc(c.findings, func(a, b finding) int { return int(a.node.Pos() - b.node.Pos()) })
	for _, f := range c.findings {
		r.Report(f.node, f.msg, f.fixes...)
	}
}

// lockWord says how a lock is held, for messages.
func lockWord(k opKind) string {
	if k == opRLock {
		return "read-locked"
	}
	return "locked"
}

// reportRelock reports a Lock of a lock the function already holds.
func (c *checker) reportRelock(fn *function, op *lockOp, h held) {
	at := c.posLine(h.pos)
	switch {
	case h.kind == opRLock && op.kind == opRLock:
		c.add(fn, op.call, fmt.Sprintf("%s.RLock while %s already holds a read lock on it (line %d): a writer calling Lock in between blocks this second RLock and waits for the first forever; read-lock once per path",
			op.ref.text, fn.name, at))
	case h.kind == opRLock:
		c.add(fn, op.call, fmt.Sprintf("%s.Lock while %s holds a read lock on it (line %d): a read lock cannot be upgraded, so this blocks forever; RUnlock before locking",
			op.ref.text, fn.name, at))
	default:
		c.add(fn, op.call, fmt.Sprintf("%s.%s while %s already holds %s (line %d): Go mutexes are not re-entrant, so this goroutine blocks forever; unlock before locking again",
			op.ref.text, lockName(op.kind), fn.name, op.ref.text, at))
	}
}

// reportRelockCall reports a call that locks a lock the caller holds.
func (c *checker) reportRelockCall(fn *function, site *callSite, h held, a *acquisition) {
	c.relocks[site.call] = true
	at := c.posLine(h.pos)
	name := report.Short(site.call.Fun)
	chain := chainString(a.chain, a.where)
	if h.kind == opRLock && a.kind == opRLock {
		c.add(fn, site.call, fmt.Sprintf("call to %s read-locks %s, which %s already read-locks (line %d): a writer calling Lock in between blocks both forever (%s); read-lock once per path",
			name, a.ref.text, fn.name, at, chain))
		return
	}
	c.add(fn, site.call, fmt.Sprintf("call to %s %s %s, which %s already holds (line %d): Go mutexes are not re-entrant, so this goroutine blocks forever (%s); call a variant that expects the lock held",
		name, lockVerb(a.kind), a.ref.text, fn.name, at, chain))
}

func lockVerb(k opKind) string {
	if k == opRLock {
		return "read-locks"
	}
	return "locks"
}

// reportLeakReturn reports a return that leaves a lock locked, with a
// fix that unlocks before it when the return is reached only with the
// lock held.
func (c *checker) reportLeakReturn(fn *function, op *lockOp, ret *ast.ReturnStmt, fixable bool) {
	unlock := op.ref.text + "." + unlockFor(op.kind) + "()"
	line := c.posLine(op.call.Pos())
	if !fixable {
		c.add(fn, op.call, fmt.Sprintf("%s.%s is not released on every path: %s can return with it %s though its other paths unlock it, and every later %s.Lock blocks forever; defer %s right after the %s",
			op.ref.text, lockName(op.kind), fn.name, lockWord(op.kind), op.ref.text, unlock, lockName(op.kind)))
		return
	}
	c.add(fn, ret, fmt.Sprintf("%s returns here with %s still %s (line %d) though its other paths unlock it: every later %s.Lock blocks forever; call %s before this return",
		fn.name, op.ref.text, lockWord(op.kind), line, op.ref.text, unlock),
		edits.Fix("Unlock "+op.ref.text+" before returning", c.insertBefore(ret, unlock)))
}

// reportLoopRelock reports a Lock in a loop that some path around the loop
// reaches again with the lock still held: the same lock (relocked), or,
// for a lock reached from a per-iteration variable, another value's while
// this one is never unlocked (dropped).
func (c *checker) reportLoopRelock(fn *function, op *lockOp, cont *ast.BranchStmt, dropped bool) {
	unlock := op.ref.text + "." + unlockFor(op.kind) + "()"
	why := "the next iteration's " + lockName(op.kind) + " blocks forever"
	if dropped {
		why = "the next iteration moves on and nothing unlocks it, so every later " + op.ref.text + ".Lock blocks forever"
	}
	if cont != nil {
		c.add(fn, cont, fmt.Sprintf("continue with %s still %s (line %d): %s; call %s before continuing",
			op.ref.text, lockWord(op.kind), c.posLine(op.call.Pos()), why, unlock),
			edits.Fix("Unlock "+op.ref.text+" before continuing", c.insertBefore(cont, unlock)))
		return
	}
	c.add(fn, op.call, fmt.Sprintf("%s.%s in a loop: some path back to the top of the loop keeps %s %s, and %s; unlock on every path back to the top of the loop",
		op.ref.text, lockName(op.kind), op.ref.text, lockWord(op.kind), why))
}

// reportHeldWait reports a wait while holding h; blocked is the function
// that would end the wait and needs h.
func (c *checker) reportHeldWait(fn *function, h held, w *waitReach, node ast.Node, site *callSite, blocked *function) {
	lock := fmt.Sprintf("%s (%s at line %d)", h.ref.text, lockWord(h.kind), c.posLine(h.pos))
	// what waits, and how: "s.wg.Wait()", "call to s.drain (...) waits".
	what, verb := w.chain[len(w.chain)-1], ""
	if site != nil {
		what = "call to " + report.Short(site.call.Fun) + " (" + chainString(prepend(calleeName(c, site), w.chain), w.where) + ")"
		verb = " waits"
	}
	// peer: "loop locks s.mu (loop -> s.process -> s.mu.Lock at x.go:3)".
	peer := ""
	if blocked != nil {
		peer = blocked.name + " locks " + h.ref.text
		if a := blocked.sum.classes[h.ref.class]; a != nil && len(a.chain) > 1 {
			peer += " (" + chainString(a.chain, a.where) + ")"
		}
	}
	var msg string
	switch w.kind {
	case waitSleep:
		if site != nil {
			verb = " sleeps"
		}
		msg = fmt.Sprintf("%s%s while holding %s: every other user of %s waits out the whole sleep; unlock before sleeping", what, verb, lock, h.ref.text)
	case waitCond:
		msg = fmt.Sprintf("%s waits on a Cond while holding %s, and Wait releases only the Cond's own lock: %s stays held until a Signal that may need it; unlock before waiting", what, lock, h.ref.text)
	case waitGroup:
		if site == nil {
			verb = " waits"
		}
		msg = fmt.Sprintf("%s%s while holding %s, and a goroutine it waits for, %s: Wait never returns; unlock before waiting", what, verb, lock, peer)
	case waitSend:
		msg = fmt.Sprintf("%s%s while holding %s, and the receiver, %s: each waits for the other forever; unlock before sending", what, verb, lock, peer)
	case waitRecv:
		msg = fmt.Sprintf("%s%s while holding %s, and the sender, %s: each waits for the other forever; unlock before receiving", what, verb, lock, peer)
	default:
		msg = fmt.Sprintf("%s%s while holding %s, and the other side of its cases, %s: each waits for the other forever; unlock before the select or add a case that gives up", what, verb, lock, peer)
	}
	c.add(fn, node, msg)
}

// reportOrderPair reports two locks taken in opposite orders.
func (c *checker) reportOrderPair(e1, e2 *edge) {
	if c.relocks[e1.node] || c.relocks[e2.node] {
		return // the same call locks a lock it holds: reported as that
	}
	how := "here"
	if e1.chain != nil {
		how = "here (" + chainString(e1.chain, e1.where) + ")"
	}
	other := c.where(e2.node)
	if e2.chain != nil {
		other += ", " + chainString(e2.chain, e2.where)
	}
	c.add(e1.fn, e1.node, fmt.Sprintf("%s takes %s while holding %s %s, and %s takes them in the opposite order (%s): two goroutines running both can each hold one and wait for the other forever; take the two locks in one order everywhere",
		e1.fn.name, e1.toText, e1.fromText, how, e2.fn.name, other))
}

// reportNoSignal reports a Cond.Wait that nothing can end.
func (c *checker) reportNoSignal(w *waitSite) {
	c.add(nil, w.node, fmt.Sprintf("%s waits for a Signal or Broadcast that nothing in this package sends: the goroutine waits forever; call Broadcast where the condition it waits for changes",
		w.label))
}

// insertBefore returns the edit inserting text as a statement before
// stmt, at its indentation.
func (c *checker) insertBefore(stmt ast.Node, text string) analysis.TextEdit {
	indent := strings.Repeat("\t", max(c.pass.Fset.Position(stmt.Pos()).Column-1, 0))
	return analysis.TextEdit{Pos: stmt.Pos(), End: stmt.Pos(), NewText: []byte(text + "\n" + indent)}
}

var _ = token.NoPos
