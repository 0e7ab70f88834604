package handlerblock

import (
	"go/ast"
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
}

func (*blockingFact) AFact() {}

func (b *blockingFact) String() string { return "blocks: " + strings.Join(b.Chain, " -> ") }

// summarise computes the package's summaries: every declared function's
// own blocking operations and static calls, solved over the package's call
// graph. Two properties are solved: sleeping (time.Sleep, timers,
// sync.Cond.Wait, the blocking table), which is exported as a fact and
// followed across packages, and waiting on a channel, which is followed
// only within the package: a channel is a package's internal protocol (a
// worker that always answers, a buffered hand-off), and outside it the
// wait is neither visible nor fixable by the caller.
func (c *checker) summarise() {
	var sleeps, waits []*summary.Func
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
		fs, fw := &summary.Func{Obj: fn}, &summary.Func{Obj: fn}
		c.walk(cur, func(o operation) {
			switch {
			case o.kind == opCall:
				fs.Calls = append(fs.Calls, summary.Call{Callee: o.callee, Pos: o.node.Pos()})
			case o.isChannelWait():
				if fw.Direct == nil {
					fw.Direct = &summary.Reason{Chain: []string{o.label}, Where: report.Where(c.pass.Fset, o.node.Pos())}
				}
			default:
				if fs.Direct == nil {
					fs.Direct = &summary.Reason{Chain: []string{o.label}, Where: report.Where(c.pass.Fset, o.node.Pos())}
				}
			}
		})
		fw.Calls = fs.Calls
		sleeps, waits = append(sleeps, fs), append(waits, fw)
	}
	c.sleeps = summary.Solve(sleeps, c.importedReason, typesx.ShortName)
	c.waits = summary.Solve(waits, func(*types.Func) (summary.Reason, bool) { return summary.Reason{}, false }, typesx.ShortName)
	for _, fn := range summary.Sorted(c.sleeps) {
		// Only exported functions and methods can be called from other
		// packages; the others' reasons live on in their callers' chains.
		if fn.Exported() {
			r := c.sleeps[fn]
			c.pass.ExportObjectFact(fn, &blockingFact{Chain: r.Chain, Where: r.Where})
		}
	}
}

// importedReason returns the reason a function of another package blocks,
// from its fact.
func (c *checker) importedReason(fn *types.Func) (summary.Reason, bool) {
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return summary.Reason{}, false
	}
	var f blockingFact
	if !c.pass.ImportObjectFact(fn, &f) {
		return summary.Reason{}, false
	}
	return summary.Reason{Chain: f.Chain, Where: f.Where}, true
}

// reasonOf returns the reason fn, called from this package, blocks.
func (c *checker) reasonOf(fn *types.Func) (summary.Reason, bool) {
	if r, ok := c.sleeps[fn]; ok {
		return r, true
	}
	if r, ok := c.importedReason(fn); ok {
		return r, true
	}
	if r, ok := c.waits[fn]; ok && len(r.Chain) <= maxWaitChain {
		return r, true
	}
	return summary.Reason{}, false
}

// maxWaitChain bounds the chains of channel waits reported at a call: the
// callee, one function it calls, and the channel operation. Deeper waits are
// the package's internals (a rarely taken path through an account lookup
// into a task queue); nearby ones are the handler's own plumbing.
const maxWaitChain = 3
