package handlerblock

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/summary"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file holds what the analyzer knows of functions across calls: the
// package's summaries, and the facts that carry them to other packages.

// blockingFact is the fact exported for an exported function or method
// that may block without a context, directly or through the functions it
// calls. It prints as "blocks: deep.Retry -> deep.Backoff -> time.Sleep".
type blockingFact struct {
	// Chain names the functions from the one the fact is about down to the
	// blocking operation: ["deep.Retry", "deep.Backoff", "time.Sleep"].
	Chain []string
	// Where is the blocking operation's position, "backoff.go:12".
	Where string
	// Params are the parameters whose values decide whether the function
	// blocks (summary.Reason.Params); empty when it always may.
	Params []int
}

func (*blockingFact) AFact() {}

func (b *blockingFact) String() string {
	s := "blocks: " + strings.Join(b.Chain, " -> ")
	if len(b.Params) > 0 {
		s += fmt.Sprintf(" (depending on parameters %v)", b.Params)
	}
	return s
}

// summarise computes the package's summaries: every declared function's
// own blocking operations and static calls, solved over the package's call
// graph. Two properties are solved: sleeping (time.Sleep, timers,
// sync.Cond.Wait, the blocking table), which is exported as a fact and
// followed across packages, and waiting on a channel, which is followed
// only within the package: a channel is a package's internal protocol (a
// worker that always answers, a buffered hand-off), and outside it the
// wait is neither visible nor fixable by the caller.
//
// Both are carried only along ordinary paths (summary.Paths): an operation
// or a call under a condition the function's callers do not control (a
// field, a global, another call's error, a select case, a poll for a
// state, what follows a retry's success exit) does not make the function
// block for its callers.
func (c *checker) summarise() {
	var sleeps, waits []*summary.Func
	c.nodes = make(map[token.Pos]ast.Node)
	for cur := range c.in.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		fn, _ := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if decl.Body == nil || fn == nil {
			continue
		}
		if c.handlerIndex.Of(decl) != nil {
			// A handler's waits are reported in it; calling a handler (a
			// router's wrapper, one handler delegating to another) is not
			// reported again.
			continue
		}
		paths := summary.NewPaths(c.pass.TypesInfo, cur)
		fs, fw := &summary.Func{Obj: fn}, &summary.Func{Obj: fn}
		var calls []operation
		c.walk(cur, func(o operation) {
			switch {
			case o.kind == opCall:
				fs.Calls = append(fs.Calls, summary.Call{Callee: o.callee, Pos: o.node.Pos()})
				calls = append(calls, o)
			case o.isChannelWait():
				c.direct(fw, paths, o)
			default:
				c.direct(fs, paths, o)
			}
		})
		fw.Calls = fs.Calls
		if len(calls) > 0 {
			path := func(i int) summary.Path {
				o := calls[i]
				return summary.Path{When: paths.When(o.cur), Args: paths.Args(o.node.(*ast.CallExpr), o.callee)}
			}
			fs.Path, fw.Path = path, path
			for _, o := range calls {
				c.nodes[o.node.Pos()] = o.node
			}
		}
		sleeps, waits = append(sleeps, fs), append(waits, fw)
	}
	c.sleeps = summary.Solve(sleeps, c.importedReason, typesx.ShortName)
	c.waits = summary.Solve(waits, func(*types.Func) (summary.Reason, bool) { return summary.Reason{}, false }, typesx.ShortName)
	for _, fn := range summary.Sorted(c.sleeps) {
		// Only exported functions and methods can be called from other
		// packages; the others' reasons live on in their callers' chains.
		if fn.Exported() {
			r := c.sleeps[fn]
			c.pass.ExportObjectFact(fn, &blockingFact{Chain: r.Chain, Where: r.Where, Params: r.Params})
		}
	}
}

// direct makes the operation o of f's function its direct reason, when o is
// on the function's ordinary path and f has no reason yet, or only one
// that depends on more of the function's parameters.
func (c *checker) direct(f *summary.Func, paths *summary.Paths, o operation) {
	if f.Direct != nil && len(f.Direct.Params) == 0 {
		return
	}
	when := paths.When(o.cur)
	if when.Rare || f.Direct != nil && len(when.Params) >= len(f.Direct.Params) {
		return
	}
	f.Direct = &summary.Reason{Chain: []string{o.label}, Where: report.Where(c.pass.Fset, o.node.Pos()), Params: when.Params, At: o.node.Pos()}
	c.nodes[o.node.Pos()] = o.node
}

// importedReason returns the reason a function of another package blocks,
// from its fact. The facts of another module are not followed: a wait
// inside a dependency (a concurrent map's resize, a client waiting out a
// broker's throttle) is part of its design, bounded and not the caller's to
// fix; the blocking table and -blocking-funcs speak for the dependencies
// whose waits are. Without module information (GOPATH mode) every fact is
// followed.
func (c *checker) importedReason(fn *types.Func) (summary.Reason, bool) {
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg || !c.sameModule(fn.Pkg()) {
		return summary.Reason{}, false
	}
	var f blockingFact
	if !c.pass.ImportObjectFact(fn, &f) {
		return summary.Reason{}, false
	}
	return summary.Reason{Chain: f.Chain, Where: f.Where, Params: f.Params}, true
}

// sameModule reports whether pkg is in the module of the package being
// analysed, or the module is unknown.
func (c *checker) sameModule(pkg *types.Package) bool {
	m := c.pass.Module
	if m == nil || m.Path == "" {
		return true
	}
	return pkg.Path() == m.Path || strings.HasPrefix(pkg.Path(), m.Path+"/")
}

// reasonOf returns the reason fn, called from this package, blocks, and the
// package's summaries it comes from (nil for another package's fact).
func (c *checker) reasonOf(fn *types.Func) (summary.Reason, map[*types.Func]summary.Reason, bool) {
	if r, ok := c.sleeps[fn]; ok {
		return r, c.sleeps, true
	}
	if r, ok := c.importedReason(fn); ok {
		return r, nil, true
	}
	if r, ok := c.waits[fn]; ok && len(r.Chain) <= maxWaitChain {
		return r, c.waits, true
	}
	return summary.Reason{}, nil, false
}

// maxWaitChain bounds the chains of channel waits reported at a call: the
// callee, one function it calls, and the channel operation. Deeper waits are
// the package's internals (a rarely taken path through an account lookup
// into a task queue); nearby ones are the handler's own plumbing.
const maxWaitChain = 3
