// Package summary computes, for the functions of one package, whether each
// has some property either directly or through the functions it calls, with
// the shortest chain of calls that explains why. handlerblock ("may block
// without a context"), perrequestclient ("builds a pooled client") and
// unboundedgo ("starts a goroutine") share it; each exports the result as an
// analysis fact so callers in other packages see it.
//
// The solver works backwards from the functions that have the property
// directly, breadth first over the reversed static call graph, so every chain
// is short and the result does not depend on map order. It visits
// each call edge once: recursion and mutual recursion terminate.
//
// A property crosses a call only when the call, and the operation at the end
// of the chain, are on the ordinary path of the functions in between
// (paths.go): an analyzer that describes its calls with Func.Path keeps a
// helper that builds a transport only for one kind of configuration value
// from making every caller of the helper a finding.
package summary

import (
	"go/token"
	"go/types"
	"slices"
)

// A Reason explains why a function has the property.
type Reason struct {
	// Chain names the functions from the one summarised down to the leaf
	// operation: ["deep.Retry", "deep.Backoff", "time.Sleep"].
	Chain []string
	// Where is the leaf operation's position, "file.go:12".
	Where string
	// Params are the indexes of the summarised function's parameters
	// (receiver not counted) whose values decide whether the leaf operation
	// happens: the property holds for a caller only when the caller controls
	// the arguments it passes for them (Path.Args). Empty: it happens on the
	// function's ordinary path, whatever the arguments.
	Params []int
	// Next is the function the chain goes through next (a local or
	// imported callee), nil when the leaf operation is the function's own
	// (Func.Direct). At is the position of that call or operation in the
	// summarised function. Neither is carried by facts.
	Next *types.Func
	At   token.Pos
}

// A Call is a static call from a function of the package.
type Call struct {
	Callee *types.Func
	Pos    token.Pos
}

// A Func is one function of the package to summarise.
type Func struct {
	Obj *types.Func
	// Direct, when non-nil, is the reason the function has the property by
	// itself (its Chain starts with the leaf, without the function's own
	// name; its Params say which of the function's parameters decide
	// whether the leaf operation runs, its At where the operation is).
	Direct *Reason
	// Calls are its static calls, in source order.
	Calls []Call
	// Path, when set, says when Calls[i] runs and what its arguments depend
	// on (Paths.When, Paths.Args); the solver asks only for the calls the
	// property could cross. Without it every call is on the ordinary path
	// and the callees' Params are not checked.
	Path func(i int) Path
}

// A Path says when a call runs, as the calling function's callers can tell,
// and what each of its arguments depends on, by the callee's parameter
// index.
type Path struct {
	When Cond
	Args []Cond
}

// Imported returns the reason a function of another package has the
// property (from its fact), or false.
type Imported func(*types.Func) (Reason, bool)

// Name formats a function for chains.
type Name func(*types.Func) string

// Solve returns the reason of every function in funcs that has the property.
// funcs must be in source order; the result is deterministic.
//
// A caller gets the property through a call when the call is on its
// ordinary path and the callee's Params are decided by arguments it
// controls (Through); the caller's Params are then the union of the call's
// and the arguments' dependencies. A function keeps the first reason found,
// unless a later one depends on a strict subset of its parameters (an
// unconditional reason beats a conditional one); each replacement shrinks
// a set, so the solve terminates.
func Solve(funcs []*Func, imported Imported, name Name) map[*types.Func]Reason {
	out := make(map[*types.Func]Reason)
	local := make(map[*types.Func]*Func, len(funcs))
	for _, f := range funcs {
		local[f.Obj] = f
	}
	var queue []*types.Func
	// offer gives f the reason r if it has none or r is less conditional.
	offer := func(f *Func, r Reason) {
		if old, ok := out[f.Obj]; ok && !strictSubset(r.Params, old.Params) {
			return
		}
		out[f.Obj] = r
		queue = append(queue, f.Obj)
	}
	for _, f := range funcs {
		if f.Direct != nil {
			offer(f, Reason{Chain: prepend(name(f.Obj), f.Direct.Chain), Where: f.Direct.Where, Params: f.Direct.Params, At: f.Direct.At})
		}
	}
	// callers[g] lists the calls of the local function g, in source order.
	type edge struct {
		f *Func
		i int
	}
	callers := make(map[*types.Func][]edge)
	// Calls into other packages are resolved now: they are sources too.
	for _, f := range funcs {
		for i, c := range f.Calls {
			if local[c.Callee] != nil {
				callers[c.Callee] = append(callers[c.Callee], edge{f, i})
				continue
			}
			if old, ok := out[f.Obj]; ok && len(old.Params) == 0 {
				continue
			}
			if r, ok := imported(c.Callee); ok {
				if r, ok := through(f, i, r, name); ok {
					offer(f, r)
				}
			}
		}
	}
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		for _, e := range callers[g] {
			if old, ok := out[e.f.Obj]; ok && len(old.Params) == 0 {
				continue
			}
			if r, ok := through(e.f, e.i, out[g], name); ok {
				offer(e.f, r)
			}
		}
	}
	return out
}

// through returns the reason f gets from its i-th call, whose callee has
// reason r, or false when the call is not on f's ordinary path or the
// callee's Params are decided by arguments f does not control.
func through(f *Func, i int, r Reason, name Name) (Reason, bool) {
	c := f.Calls[i]
	out := Reason{Chain: prepend(name(f.Obj), r.Chain), Where: r.Where, Next: c.Callee, At: c.Pos}
	if f.Path == nil {
		return out, true
	}
	p := f.Path(i)
	need := p.When
	for _, k := range r.Params {
		if k < 0 || k >= len(p.Args) {
			return Reason{}, false
		}
		need = need.Union(p.Args[k])
	}
	if need.Rare {
		return Reason{}, false
	}
	out.Params = need.Params
	return out, true
}

// strictSubset reports whether a is a strict subset of b (both sorted).
func strictSubset(a, b []int) bool {
	if len(a) >= len(b) {
		return false
	}
	for _, x := range a {
		if _, found := slices.BinarySearch(b, x); !found {
			return false
		}
	}
	return true
}

// Deepest follows fn's reason through the functions of m (the package's
// solve) to the last one the chain passes through, and returns it with its
// reason: its At is where the chain leaves the package, or the leaf
// operation when the chain ends in it. When fn is not in m it returns fn
// and false.
func Deepest(m map[*types.Func]Reason, fn *types.Func) (*types.Func, Reason, bool) {
	r, ok := m[fn]
	if !ok {
		return fn, Reason{}, false
	}
	seen := map[*types.Func]bool{fn: true}
	for r.Next != nil && !seen[r.Next] {
		next, ok := m[r.Next]
		if !ok {
			break
		}
		seen[r.Next] = true
		fn, r = r.Next, next
	}
	return fn, r, true
}

// LeafKey identifies the operation at the end of r's chain: its position,
// its name and the function holding it (when the chain does not elide it),
// so that two files of the same name in different packages do not meet.
// Findings through calls that share a leaf have one root cause.
func LeafKey(r Reason) string {
	n := len(r.Chain)
	if n == 0 {
		return r.Where
	}
	key := r.Where + "|" + r.Chain[n-1]
	if n > 1 && r.Chain[n-2] != "..." {
		key += "|" + r.Chain[n-2]
	}
	return key
}

// MaxChain bounds a chain's length: past it, the middle is elided as "...",
// keeping the function, its first callees and the leaf operation. Facts and
// messages stay small however deep the call graph is.
const MaxChain = 8

// prepend returns [name] + chain, bounded by MaxChain.
func prepend(name string, chain []string) []string {
	out := make([]string, 0, min(len(chain)+1, MaxChain))
	out = append(out, name)
	if len(chain)+1 <= MaxChain {
		return append(out, chain...)
	}
	out = append(out, chain[:MaxChain-3]...)
	return append(out, "...", chain[len(chain)-1])
}

// Sorted returns m's functions in a deterministic order (by position).
func Sorted(m map[*types.Func]Reason) []*types.Func {
	fns := make([]*types.Func, 0, len(m))
	for fn := range m {
		fns = append(fns, fn)
	}
	slices.SortFunc(fns, func(a, b *types.Func) int { return int(a.Pos() - b.Pos()) })
	return fns
}
