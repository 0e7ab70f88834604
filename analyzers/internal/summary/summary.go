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
	// itself (its Chain starts with the leaf, without the function's own name).
	Direct *Reason
	// Calls are its static calls, in source order.
	Calls []Call
}

// Imported returns the reason a function of another package has the
// property (from its fact), or false.
type Imported func(*types.Func) (Reason, bool)

// Name formats a function for chains.
type Name func(*types.Func) string

// Solve returns the reason of every function in funcs that has the property.
// funcs must be in source order; the result is deterministic.
func Solve(funcs []*Func, imported Imported, name Name) map[*types.Func]Reason {
	out := make(map[*types.Func]Reason)
	local := make(map[*types.Func]*Func, len(funcs))
	for _, f := range funcs {
		local[f.Obj] = f
	}
	// callers[g] lists the local functions calling g, in source order.
	callers := make(map[*types.Func][]*Func)
	var queue []*types.Func
	for _, f := range funcs {
		if f.Direct != nil {
			out[f.Obj] = Reason{Chain: prepend(name(f.Obj), f.Direct.Chain), Where: f.Direct.Where}
			queue = append(queue, f.Obj)
		}
	}
	// Calls into other packages are resolved now: they are sources too.
	for _, f := range funcs {
		if _, done := out[f.Obj]; done {
			continue
		}
		for _, c := range f.Calls {
			if local[c.Callee] != nil {
				callers[c.Callee] = append(callers[c.Callee], f)
				continue
			}
			if r, ok := imported(c.Callee); ok {
				out[f.Obj] = Reason{Chain: prepend(name(f.Obj), r.Chain), Where: r.Where}
				queue = append(queue, f.Obj)
				break
			}
		}
	}
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		for _, f := range callers[g] {
			if _, done := out[f.Obj]; done {
				continue
			}
			r := out[g]
			out[f.Obj] = Reason{Chain: prepend(name(f.Obj), r.Chain), Where: r.Where}
			queue = append(queue, f.Obj)
		}
	}
	return out
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
