package lockblock

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// This file checks, at each step of a function, what the locks held there
// forbid: locking one of them again (a Go mutex is not re-entrant, and a
// second read lock deadlocks behind a waiting writer), and waiting while
// holding one for something that cannot come (waits.go). It also records
// the order in which the function takes two locks, for order.go.

// check replays fn's events with the locks held on every path.
func (fl *flow) check() {
	for i := range fl.g.Blocks {
		s := fl.in[i]
		if s == nil {
			continue
		}
		s = s.clone()
		for _, e := range fl.events[i] {
			fl.checkEvent(s, e)
			fl.apply(s, e)
		}
	}
}

func (fl *flow) checkEvent(s heldSet, e event) {
	c := fl.c
	switch e.kind {
	case evOp:
		op := e.op
		if op.deferred || !op.ok || !op.kind.acquires() {
			return
		}
		k := op.ref.key(&c.ids)
		if h, ok := s[k]; ok && !h.entry {
			c.reportRelock(fl.fn, op, h)
			return
		}
		for _, hk := range sortedKeys(s) {
			if s[hk].entry {
				continue
			}
			c.addEdge(fl.fn, s, nil, s[hk], op.ref, op.kind, op.call, nil, "")
		}
	case evCall:
		if e.site.deferred {
			return
		}
		fl.checkCall(s, e.site)
	case evWait:
		for _, hk := range sortedKeys(s) {
			h := s[hk]
			if h.entry {
				continue
			}
			if fl.reportWait(h, &waitReach{site: e.wait, fn: fl.fn, kind: e.wait.kind, chain: []string{e.wait.label}, where: c.where(e.wait.node)}, e.wait.node, nil) {
				return
			}
		}
	}
}

// checkCall checks a call made with the locks of s held: the callee
// locking one of them again, waiting while they are held, taking another
// lock after them.
func (fl *flow) checkCall(s heldSet, site *callSite) {
	c := fl.c
	if len(s) == 0 {
		return
	}
	released := make(map[string]bool)
	for _, r := range c.releasedBy(site) {
		released[r.key(&c.ids)] = true
	}
	g := c.calleeOf(site)
	if g != nil {
		c.noteCallerHeld(g, s, released)
	}
	// From here on, only the locks this function took count.
	for k, h := range s {
		if h.entry {
			released[k] = true
		}
	}
	// Locking a held lock again.
	for _, a := range c.acquiredBy(site, g) {
		k := a.ref.key(&c.ids)
		if h, ok := s[k]; ok && !released[k] && len(a.chain) <= maxRelockChain {
			c.reportRelockCall(fl.fn, site, h, a)
			break
		}
	}
	// Waiting while holding.
	var waits []*waitReach
	if g != nil {
		waits = g.sum.waits
	} else if site.callee != nil {
		waits = c.importedWaits(site.callee)
	}
	for _, hk := range sortedKeys(s) {
		if released[hk] {
			continue
		}
		done := false
		for _, w := range waits {
			if fl.reportWait(s[hk], w, site.call, site) {
				done = true
				break
			}
		}
		if done {
			break
		}
	}
	// Lock order.
	if g != nil {
		for _, hk := range sortedKeys(s) {
			if released[hk] {
				continue
			}
			for _, cl := range sortedClasses(g.sum.classes) {
				a := g.sum.classes[cl]
				if len(a.chain) > maxOrderChain-1 {
					continue
				}
				to := a.ref
				if m, ok := c.substitute(site, g, a.ref); ok {
					to = m // in the caller's terms, when it is reached from an argument
				}
				c.addEdge(fl.fn, s, released, s[hk], to, a.kind, site.call, prepend(calleeName(c, site), a.chain), a.where)
			}
		}
	}
}

// noteCallerHeld records the lock classes held at a call of g: the locks
// every caller of g holds are a gate for the locks g takes (order.go).
func (c *checker) noteCallerHeld(g *function, s heldSet, released map[string]bool) {
	held := make(map[*types.Var]bool)
	for k, h := range s {
		if h.ref.class != nil && !released[k] {
			held[h.ref.class] = true
		}
	}
	if old, ok := c.callerHeld[g]; ok {
		for cl := range old {
			if !held[cl] {
				delete(old, cl)
			}
		}
	} else {
		c.callerHeld[g] = held
	}
	c.callerHeldN[g]++
}

// callerGates returns the lock classes every call of fn in the package
// is made holding, or nil when some call holds none or fn has no caller.
func (c *checker) callerGates(fn *function) map[*types.Var]bool {
	if n := c.callerHeldN[fn]; n == 0 || n != len(c.sites[fn]) {
		return nil
	}
	return c.callerHeld[fn]
}

// acquiredBy returns the locks a call acquires, in the caller's terms.
func (c *checker) acquiredBy(site *callSite, g *function) []*acquisition {
	var out []*acquisition
	if g != nil {
		for _, k := range sortedKeys(g.sum.acq) {
			a := g.sum.acq[k]
			if m, ok := c.substitute(site, g, a.ref); ok {
				out = append(out, &acquisition{ref: m, kind: a.kind, chain: prepend(g.name, a.chain), where: a.where})
			}
		}
		return out
	}
	if site.callee == nil {
		return nil
	}
	f := c.importedFact(site.callee)
	if f == nil {
		return nil
	}
	for _, fl := range f.Acquires {
		if m, ok := c.substituteFact(site, fl); ok {
			kind := opLock
			if fl.Read {
				kind = opRLock
			}
			out = append(out, &acquisition{ref: m, kind: kind, chain: prepend(calleeName(c, site), fl.Chain), where: fl.Where})
		}
	}
	return out
}

// reportWait reports wait w, reached at node (through site when not nil),
// if it is a finding while h is held, and reports whether it was.
func (fl *flow) reportWait(h held, w *waitReach, node ast.Node, site *callSite) bool {
	c := fl.c
	var blocked *function
	if site != nil && len(w.chain) > maxWaitChain-1 || site != nil && w.kind != waitSleep && w.kind != waitCond && len(w.chain) > maxChanWaitChain-1 {
		return false
	}
	switch w.kind {
	case waitSleep:
	case waitCond:
		if w.site != nil && !c.condOnOtherLock(w.site, h) {
			return false
		}
	default:
		if w.site == nil || w.site.fresh {
			return false
		}
		if blocked = c.blockedPeer(w.site, w.fn, h); blocked == nil {
			return false
		}
	}
	c.reportHeldWait(fl.fn, h, w, node, site, blocked)
	return true
}

// Chains are bounded where they are reported: a long chain of calls
// crosses so much of a package that what it reaches is rarely on the path
// the code takes (a wait deep inside an account lookup reached from a
// Raft step), and a maintainer cannot check it. The bounds count the
// functions of the chain and its last step: maxWaitChain 4 is the callee,
// two functions below it and the sleep.
const (
	maxRelockChain   = 4 // a call that locks the held lock again
	maxWaitChain     = 4 // a call that sleeps or waits on a Cond
	maxChanWaitChain = 3 // a call that waits on a channel or WaitGroup
	maxOrderChain    = 4 // a call that takes a second lock
	maxPeerChain     = 3 // the peer of a wait taking the held lock
)

// An edge is one place where a function takes lock class to while holding
// lock class from.
type edge struct {
	from, to         *types.Var
	fromText, toText string
	fromWrite        bool
	toWrite          bool
	fn               *function
	node             ast.Node
	chain            []string // through a call: the chain to the Lock
	where            string
	gates            []*types.Var // other classes held at the same time
}

// addEdge records that fn, holding h (and the rest of s, less what the
// call releases), takes the lock to (directly at node, or through the
// call chain).
func (c *checker) addEdge(fn *function, s heldSet, released map[string]bool, h held, to lockRef, kind opKind, node ast.Node, chain []string, where string) {
	from := h.ref.class
	if from == nil || to.class == nil || from == to.class || isLockerField(from) || isLockerField(to.class) {
		return
	}
	if !isLockField(from) || !isLockField(to.class) {
		return // a lock in a local variable or parameter has no order outside its function
	}
	if fn.freshAt(h.ref.root, node.Pos()) || fn.freshAt(to.root, node.Pos()) {
		return // a value made here and not yet handed on: no other goroutine can hold its lock
	}
	for _, k := range sortedKeys(s) {
		if s[k].ref.class == to.class && !released[k] {
			return // its class is held already: another value, or a lock taken twice
		}
	}
	var gates []*types.Var
	for _, k := range sortedKeys(s) {
		if g := s[k].ref.class; g != nil && g != from && g != to.class && (!released[k] || s[k].entry) {
			gates = append(gates, g)
		}
	}
	key := [2]*types.Var{from, to.class}
	if len(c.edges[key]) >= 4 || slices.ContainsFunc(c.edges[key], func(e *edge) bool { return e.fn == fn }) {
		return
	}
	c.edges[key] = append(c.edges[key], &edge{
		from: from, to: to.class, fromText: h.ref.text, toText: to.text,
		fromWrite: h.kind == opLock, toWrite: kind == opLock,
		fn: fn, node: node, chain: chain, where: where, gates: gates,
	})
}

// isLockField reports whether a lock class is a struct field or a package
// variable: a lock every function of the package can reach.
func isLockField(v *types.Var) bool {
	if v.IsField() {
		return true
	}
	return v.Parent() != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

// calleeName names a call's callee in chains.
func calleeName(c *checker, site *callSite) string {
	if g := c.calleeOf(site); g != nil {
		return g.name
	}
	if site.callee != nil {
		return shortFunc(site.callee)
	}
	return "func"
}

// posLine returns pos's line, for messages.
func (c *checker) posLine(pos token.Pos) int {
	return c.pass.Fset.Position(pos).Line
}
