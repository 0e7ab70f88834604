package lockblock

import (
	"go/types"
	"slices"
)

// This file finds two locks taken in opposite orders: one function takes
// B while holding A (directly or through the functions it calls), another
// takes A while holding B. Two goroutines running them at once can each
// hold one lock and wait for the other forever.
//
// Locks are compared by class (the struct field or package variable that
// declares them), so a.mu then b.mu is the same order wherever a and b are
// values of those types. Assumptions that trade recall for precision: two
// locks of one class (a parent and a child node) are not ordered here;
// only fields and package variables take part (a lock in a local variable
// or parameter has no order outside its function); one of the two orders
// must take both locks in one function (when both go through calls, each
// lock is taken deep in a helper, on values the two sides may never
// share); a pair is not reported when both orders are taken under a third
// lock held in both places or by every caller (the gate serialises them),
// nor when no one of the two acquisitions of each lock excludes the other
// (two read locks).

// reportOrder reports each pair of lock classes taken in both orders,
// once, at the first place in source order.
func (c *checker) reportOrder() {
	keys := make([][2]*types.Var, 0, len(c.edges))
	for k := range c.edges {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]*types.Var) int {
		if a[0] != b[0] {
			return int(a[0].Pos() - b[0].Pos())
		}
		return int(a[1].Pos() - b[1].Pos())
	})
	done := make(map[[2]*types.Var]bool)
	for _, k := range keys {
		rev := [2]*types.Var{k[1], k[0]}
		if done[k] || done[rev] {
			continue
		}
		e1, e2 := c.conflict(c.edges[k], c.edges[rev])
		if e1 == nil {
			continue
		}
		done[k], done[rev] = true, true
		if e2.node.Pos() < e1.node.Pos() {
			e1, e2 = e2, e1
		}
		c.reportOrderPair(e1, e2)
	}
}

// gated reports whether the two edges are taken under a common third
// lock: held where the edge is taken, or by every caller of the function
// that takes it.
func (c *checker) gated(e1, e2 *edge) bool {
	gates := func(e *edge) map[*types.Var]bool {
		out := make(map[*types.Var]bool)
		for _, g := range e.gates {
			out[g] = true
		}
		for g := range c.callerGates(e.fn) {
			if g != e.from && g != e.to {
				out[g] = true
			}
		}
		return out
	}
	g1, g2 := gates(e1), gates(e2)
	for g := range g1 {
		if g2[g] {
			return true
		}
	}
	return false
}

// conflict returns an edge of each order that can deadlock together.
func (c *checker) conflict(ab, ba []*edge) (*edge, *edge) {
	for _, e1 := range ab {
		for _, e2 := range ba {
			if e1.chain != nil && e2.chain != nil {
				// Both orders only through calls: each lock is taken deep
				// in a helper, on values the two sides may never share (a
				// leaf connection's lock and a gateway's, both of type
				// client).
				continue
			}
			// Each lock must be held by one side in a mode that excludes
			// the other side's acquisition.
			if !(e1.toWrite || e2.fromWrite) || !(e1.fromWrite || e2.toWrite) {
				continue
			}
			if c.gated(e1, e2) {
				continue
			}
			return e1, e2
		}
	}
	return nil, nil
}
