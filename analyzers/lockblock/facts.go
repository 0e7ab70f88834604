package lockblock

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file carries summaries to other packages. An exported function or
// method whose summary says it locks a lock reached from its parameters
// (an exported field, an embedded mutex), releases one it was handed,
// sleeps, or waits on a Cond, exports a lockFact; a package with any
// exports a packageFact, so that a package importing none of sync and
// time can skip its work when no dependency has one either. Channel and
// WaitGroup waits stay within their package: whether their peers need a
// lock is a question of the package's own locks.

// lockFact is what an exported function does to locks, for its callers in
// other packages.
type lockFact struct {
	Acquires []factLock
	Releases []factLock
	Waits    []factWait
}

// factLock is a lock reached from a parameter: Param indexes the receiver
// (if any) and the parameters, Path the fields selected from it.
type factLock struct {
	Param int
	Path  []string
	Read  bool
	Chain []string
	Where string
}

// factWait is a sleep or a Cond.Wait the function reaches.
type factWait struct {
	Cond  bool
	Chain []string
	Where string
}

func (*lockFact) AFact() {}

func (f *lockFact) String() string {
	var parts []string
	for _, a := range f.Acquires {
		parts = append(parts, "locks "+strings.Join(a.Chain, " -> "))
	}
	for _, r := range f.Releases {
		parts = append(parts, "unlocks "+strings.Join(append([]string{"param" + string(rune('0'+r.Param))}, r.Path...), "."))
	}
	for _, w := range f.Waits {
		parts = append(parts, "waits "+strings.Join(w.Chain, " -> "))
	}
	return strings.Join(parts, "; ")
}

// packageFact marks a package that exports lockFacts.
type packageFact struct{}

func (*packageFact) AFact()         {}
func (*packageFact) String() string { return "lockblock" }

// maxFactWaits bounds the waits a fact carries.
const maxFactWaits = 2

// exportFacts exports the summaries of the package's exported functions.
func (c *checker) exportFacts() {
	any := false
	for _, fn := range c.funcs {
		if fn.obj == nil || !fn.obj.Exported() || fn.sum == nil {
			continue
		}
		f := &lockFact{}
		for _, k := range sortedKeys(fn.sum.acq) {
			a := fn.sum.acq[k]
			if fl, ok := paramLock(fn, a.ref); ok && len(a.chain) < maxRelockChain {
				fl.Read, fl.Chain, fl.Where = a.kind == opRLock, a.chain, a.where
				f.Acquires = append(f.Acquires, fl)
			}
		}
		for _, k := range sortedKeys(fn.sum.rel) {
			if fl, ok := paramLock(fn, fn.sum.rel[k]); ok {
				f.Releases = append(f.Releases, fl)
			}
		}
		for _, w := range fn.sum.waits {
			if len(f.Waits) == maxFactWaits {
				break
			}
			if (w.kind == waitSleep || w.kind == waitCond) && len(w.chain) < maxWaitChain-1 {
				f.Waits = append(f.Waits, factWait{Cond: w.kind == waitCond, Chain: w.chain, Where: w.where})
			}
		}
		if len(f.Acquires)+len(f.Releases)+len(f.Waits) > 0 {
			c.pass.ExportObjectFact(fn.obj, f)
			any = true
		}
	}
	if any {
		c.pass.ExportPackageFact(&packageFact{})
	}
}

// paramLock expresses a ref rooted at one of fn's parameters as a
// factLock. Only a lock another package can name counts: every field on
// the path exported (an embedded sync.Mutex is).
func paramLock(fn *function, r lockRef) (factLock, bool) {
	for _, f := range r.path {
		if !ast.IsExported(f) {
			return factLock{}, false
		}
	}
	for j, p := range fn.params {
		if p == r.root {
			return factLock{Param: j, Path: r.path}, true
		}
	}
	return factLock{}, false
}

// importedFact returns the fact of a function of another package, or nil.
func (c *checker) importedFact(fn *types.Func) *lockFact {
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return nil
	}
	if f, ok := c.factCache[fn]; ok {
		return f
	}
	var f lockFact
	var out *lockFact
	if c.pass.ImportObjectFact(fn, &f) {
		out = &f
	}
	c.factCache[fn] = out
	return out
}

// substituteFact rewrites a fact's lock in the caller's terms.
func (c *checker) substituteFact(s *callSite, fl factLock) (lockRef, bool) {
	if fl.Param >= len(s.args) || s.args[fl.Param] == nil {
		return lockRef{}, false
	}
	return extend(*s.args[fl.Param], lockRef{path: fl.Path})
}

// importedWaits returns the waits of a function of another package.
func (c *checker) importedWaits(fn *types.Func) []*waitReach {
	f := c.importedFact(fn)
	if f == nil {
		return nil
	}
	var out []*waitReach
	for _, w := range f.Waits {
		kind := waitSleep
		if w.Cond {
			kind = waitCond
		}
		out = append(out, &waitReach{kind: kind, chain: w.Chain, where: w.Where})
	}
	return out
}

// mergeImported adds to f's summary what a call to another package's
// function brings.
func (c *checker) mergeImported(f *function, s *callSite) {
	if s.callee == nil {
		return
	}
	fact := c.importedFact(s.callee)
	if fact == nil {
		return
	}
	for _, r := range fact.Releases {
		if m, ok := c.substituteFact(s, r); ok {
			if k := m.key(&c.ids); !f.acquires[k] {
				f.sum.rel[k] = m
			}
		}
	}
	for _, w := range c.importedWaits(s.callee) {
		if len(f.sum.waits) < maxWaits {
			w.chain = prepend(shortFunc(s.callee), w.chain)
			f.sum.waits = append(f.sum.waits, w)
		}
	}
}

// depsHaveFacts reports whether a package the pass imports exports
// lockFacts.
func (c *checker) depsHaveFacts() bool {
	for _, imp := range c.pass.Pkg.Imports() {
		if c.pass.ImportPackageFact(imp, new(packageFact)) {
			return true
		}
	}
	return false
}

// shortFunc names another package's function in chains.
func shortFunc(fn *types.Func) string { return typesx.ShortName(fn) }
