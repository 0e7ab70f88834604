package lockblock

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/cfg"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file follows the locks a function holds through its control-flow
// graph: at each point, the locks held on every path that reaches it (a
// must analysis: a lock taken on one branch only is not held after the
// branches join). The checks of held.go run on that state.

// held is a lock held at a point of a function.
type held struct {
	ref  lockRef
	kind opKind    // opLock or opRLock
	pos  token.Pos // where it was taken
	// entry marks a lock the function was called with (it releases it
	// without taking it): its callers' business, counted only as a gate
	// for lock order.
	entry bool
}

// heldSet maps a lock's key to how it is held.
type heldSet map[string]held

func (s heldSet) clone() heldSet {
	out := make(heldSet, len(s))
	for k, v := range s {
		out[k] = v
	}
	return out
}

// meet keeps the locks held in both sets; a lock read-locked on one path
// and write-locked on the other counts as read-locked.
func meet(a, b heldSet) heldSet {
	out := make(heldSet)
	for k, v := range a {
		if w, ok := b[k]; ok {
			if w.kind == opRLock {
				v.kind = opRLock
			}
			out[k] = v
		}
	}
	return out
}

func sameSet(a, b heldSet) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w.kind != v.kind {
			return false
		}
	}
	return true
}

// eventKind is the kind of a step of a function that the flow sees.
type eventKind int

const (
	evOp   eventKind = iota // a lock operation
	evCall                  // a call that runs here
	evWait                  // a wait
)

type event struct {
	kind eventKind
	op   *lockOp
	site *callSite
	wait *waitSite
	node ast.Node
}

// A flow is one function's control-flow graph with its events.
type flow struct {
	c      *checker
	fn     *function
	g      *cfg.CFG
	events [][]event // per block, in order
	in     []heldSet // locks held on entry to each block; nil: unreachable
}

// newFlow builds fn's graph and places its events in the blocks.
func (c *checker) newFlow(fn *function) *flow {
	g := cfg.New(fn.body, c.mayReturn)
	fl := &flow{c: c, fn: fn, g: g, events: make([][]event, len(g.Blocks))}
	at := make(map[ast.Node][]event)
	for i := range fn.ops {
		at[fn.ops[i].call] = append(at[fn.ops[i].call], event{kind: evOp, op: &fn.ops[i], node: fn.ops[i].call})
	}
	for _, s := range fn.calls {
		at[s.call] = append(at[s.call], event{kind: evCall, site: s, node: s.call})
	}
	ranges := make(map[*ast.RangeStmt]*waitSite)
	for _, w := range fn.waits {
		switch n := w.node.(type) {
		case *ast.SelectStmt:
			// The select waits where its first case's operation is in
			// the graph.
			for _, st := range n.Body.List {
				if cc, ok := st.(*ast.CommClause); ok && cc.Comm != nil {
					at[cc.Comm] = append(at[cc.Comm], event{kind: evWait, wait: w, node: n})
					break
				}
			}
		case *ast.RangeStmt:
			ranges[n] = w
		default:
			at[w.node] = append(at[w.node], event{kind: evWait, wait: w, node: w.node})
		}
	}
	for i, b := range g.Blocks {
		if rs, ok := b.Stmt.(*ast.RangeStmt); ok && b.Kind == cfg.KindRangeLoop && ranges[rs] != nil {
			// A range over a channel receives at the head of the loop.
			fl.events[i] = append(fl.events[i], event{kind: evWait, wait: ranges[rs], node: rs})
		}
		for _, n := range b.Nodes {
			fl.events[i] = appendEvents(fl.events[i], n, at)
		}
	}
	return fl
}

// appendEvents appends the events of node n, children before parents (a
// call's arguments are evaluated before the call), not entering function
// literals.
func appendEvents(out []event, n ast.Node, at map[ast.Node][]event) []event {
	var stack []ast.Node
	ast.Inspect(n, func(m ast.Node) bool {
		if m == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			out = append(out, at[top]...)
			return false
		}
		if _, ok := m.(*ast.FuncLit); ok {
			return false
		}
		stack = append(stack, m)
		return true
	})
	return out
}

// solve computes the locks held on entry to each block.
func (fl *flow) solve() {
	blocks := fl.g.Blocks
	fl.in = make([]heldSet, len(blocks))
	fl.in[0] = heldSet{}
	for k, r := range fl.fn.sum.rel {
		fl.in[0][k] = held{ref: r, kind: opLock, pos: fl.fn.body.Pos(), entry: true}
	}
	work := []int32{0}
	queued := make([]bool, len(blocks))
	queued[0] = true
	for steps := 0; len(work) > 0 && steps < 50*len(blocks)+100; steps++ {
		i := work[0]
		work = work[1:]
		queued[i] = false
		out := fl.in[i].clone()
		for _, e := range fl.events[i] {
			fl.apply(out, e)
		}
		for _, s := range blocks[i].Succs {
			var next heldSet
			if fl.in[s.Index] == nil {
				next = out.clone()
			} else {
				next = meet(fl.in[s.Index], out)
				if sameSet(next, fl.in[s.Index]) {
					continue
				}
			}
			fl.in[s.Index] = next
			if !queued[s.Index] {
				queued[s.Index] = true
				work = append(work, s.Index)
			}
		}
	}
}

// apply updates the held set after event e.
func (fl *flow) apply(s heldSet, e event) {
	c := fl.c
	switch e.kind {
	case evOp:
		op := e.op
		if op.deferred || !op.ok {
			return
		}
		k := op.ref.key(&c.ids)
		switch {
		case op.kind.acquires():
			if _, ok := s[k]; !ok {
				s[k] = held{ref: op.ref, kind: op.kind, pos: op.call.Pos()}
			}
		case op.kind.releases():
			delete(s, k)
		}
	case evCall:
		if e.site.deferred {
			return
		}
		for _, r := range c.releasedBy(e.site) {
			delete(s, r.key(&c.ids))
		}
		if g := c.calleeOf(e.site); g != nil && g.sum != nil {
			for _, k := range sortedKeys(g.sum.holds) {
				a := g.sum.holds[k]
				if m, ok := c.substitute(e.site, g, a.ref); ok {
					mk := m.key(&c.ids)
					if _, ok := s[mk]; !ok {
						s[mk] = held{ref: m, kind: a.kind, pos: e.site.call.Pos()}
					}
				}
			}
		}
	}
}

// releasedBy returns the locks of the caller that a call releases: the
// callee's handed-in releases, in the caller's terms.
func (c *checker) releasedBy(s *callSite) []lockRef {
	if g := c.calleeOf(s); g != nil {
		if g.sum == nil {
			return nil
		}
		var out []lockRef
		for _, k := range sortedKeys(g.sum.rel) {
			if m, ok := c.substitute(s, g, g.sum.rel[k]); ok {
				out = append(out, m)
			}
		}
		return out
	}
	if s.callee == nil {
		return nil
	}
	f := c.importedFact(s.callee)
	if f == nil {
		return nil
	}
	var out []lockRef
	for _, r := range f.Releases {
		if m, ok := c.substituteFact(s, r); ok {
			out = append(out, m)
		}
	}
	return out
}

// noReturnMethods are methods that do not return, matched by name
// whatever their type: the Fatal and Panic of loggers outside the
// standard library (control.NoReturn knows the standard library's),
// testing's FailNow and Skip.
var noReturnMethods = map[string]bool{
	"Fatal": true, "Fatalf": true, "Fatalln": true, "Fatalw": true,
	"Panic": true, "Panicf": true, "Panicln": true, "Panicw": true,
	"FailNow": true, "SkipNow": true, "Skipf": true,
}

// mayReturn reports whether a call may return, for the graph builder.
func (c *checker) mayReturn(call *ast.CallExpr) bool {
	if control.NoReturn(c.pass.TypesInfo, call) {
		return false
	}
	fn := typesx.Callee(c.pass.TypesInfo, call)
	return fn == nil || fn.Signature().Recv() == nil || !noReturnMethods[fn.Name()]
}
