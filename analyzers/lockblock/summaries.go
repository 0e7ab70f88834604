package lockblock

import (
	"go/ast"
	"go/types"
	"maps"
	"slices"
	"strings"

	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/summary"
)

// This file summarises what each function does to locks, directly and
// through the functions it calls on its own goroutine: which locks it
// acquires (named by its parameters, so that a caller can tell "locks
// s.mu" from "locks other.mu"), which lock classes it acquires (for the
// peers of a wait and for lock order), which locks it releases without
// having taken them (a lock handed to it), which it returns holding, and
// where it waits.
//
// internal/summary solves one property per function; here each function
// has a set of locks and waits, rewritten at every call by substituting
// the arguments for the parameters, so the propagation is its own: a
// worklist over the package's reversed call graph, each function's sets
// bounded (maxAcquires, maxWaits) so that it ends however the calls recurse.

// A caller is a call site of a function of the package.
type caller struct {
	f    *function
	site *callSite
}

// An acquisition is a lock a function takes, with the chain of calls that
// leads to the Lock.
type acquisition struct {
	ref   lockRef
	kind  opKind   // opLock or opRLock
	chain []string // ["Store.flush", "s.mu.Lock"]
	where string   // the Lock's position, "store.go:30"
}

// A waitReach is a wait a function reaches, directly or through calls.
type waitReach struct {
	site  *waitSite // nil for a wait known from another package's fact
	fn    *function // the function whose body waits (nil for a fact)
	kind  waitKind
	chain []string
	where string
}

// A summary is what a function does to locks, through its calls.
type lockSummary struct {
	acq     map[string]*acquisition     // locks acquired, by key (roots: parameters, globals, captured variables)
	classes map[*types.Var]*acquisition // lock classes acquired
	rel     map[string]lockRef          // locks released without having been acquired here
	holds   map[string]*acquisition     // locks acquired and never released here: returned held
	waits   []*waitReach
}

const (
	maxAcquires = 32
	maxClasses  = 64
	maxWaits    = 16
)

// summarise computes every function's summary: first what its own body
// does, then what its callees do, until nothing changes.
func (c *checker) summarise() {
	sites := c.sites
	for _, f := range c.funcs {
		f.sum = c.direct(f)
	}
	for _, f := range c.funcs {
		for _, s := range f.calls {
			if s.deferred {
				continue
			}
			g := s.lit
			if g == nil {
				g = c.byObj[s.callee]
			}
			if g != nil {
				sites[g] = append(sites[g], caller{f, s})
				continue
			}
			c.mergeImported(f, s)
		}
	}
	queue := slices.Clone(c.funcs)
	queued := make(map[*function]bool, len(queue))
	for _, f := range queue {
		queued[f] = true
	}
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		queued[g] = false
		if g.sum.empty() {
			continue
		}
		for _, fs := range sites[g] {
			if c.merge(fs.f, fs.site, g) && !queued[fs.f] {
				queued[fs.f] = true
				queue = append(queue, fs.f)
			}
		}
	}
}

func (s *lockSummary) empty() bool {
	return len(s.acq) == 0 && len(s.classes) == 0 && len(s.rel) == 0 && len(s.holds) == 0 && len(s.waits) == 0
}

// direct summarises what f's own body does. An acquisition counts when no
// release of the same lock comes before it in the function (a function
// that releases a lock and takes it back expects it held); a release
// counts as handed-in when no acquisition of the lock comes before it.
func (c *checker) direct(f *function) *lockSummary {
	s := &lockSummary{acq: map[string]*acquisition{}, classes: map[*types.Var]*acquisition{}, rel: map[string]lockRef{}, holds: map[string]*acquisition{}}
	acquired, released := map[string]bool{}, map[string]bool{}
	for _, op := range f.ops {
		if !op.ok {
			continue
		}
		k := op.ref.key(&c.ids)
		switch {
		case op.kind == opTry:
			acquired[k] = true // if mu.TryLock() { defer mu.Unlock() }
		case op.kind.acquires() && !op.deferred && op.guarded:
			acquired[k] = true // whether it locks is the caller's choice
		case op.kind.acquires() && !op.deferred:
			a := &acquisition{ref: op.ref, kind: op.kind, chain: []string{op.ref.text + "." + lockName(op.kind)}, where: c.where(op.call)}
			if !released[k] && s.acq[k] == nil {
				s.acq[k] = a
			}
			if cl := op.ref.class; cl != nil && !isLockerField(cl) && !f.fresh[op.ref.root] {
				if old := s.classes[cl]; old == nil || old.kind == opRLock && a.kind == opLock {
					s.classes[cl] = a
				}
			}
			acquired[k] = true
		case op.kind.releases():
			if !acquired[k] {
				s.rel[k] = op.ref
			}
			released[k] = true
		}
	}
	f.acquires, f.releases = acquired, released
	if !f.opaqueDefer {
		for k, a := range s.acq {
			if !released[k] && !f.litUnlocks[k] {
				s.holds[k] = a
			}
		}
	}
	for _, w := range f.waits {
		if len(s.waits) < maxWaits {
			s.waits = append(s.waits, &waitReach{site: w, fn: f, kind: w.kind, chain: []string{w.label}, where: c.where(w.node)})
		}
	}
	return s
}

// lockName names a lock method for chains.
func lockName(k opKind) string {
	if k == opRLock {
		return "RLock"
	}
	return "Lock"
}

// merge adds to f's summary what its call site s of g brings, and
// reports whether f's summary changed.
func (c *checker) merge(f *function, s *callSite, g *function) bool {
	changed := false
	fs, gs := f.sum, g.sum
	for _, k := range sortedKeys(gs.acq) {
		a := gs.acq[k]
		if _, ok := gs.rel[k]; ok {
			continue // g releases the lock first: it expects it held
		}
		m, ok := c.substitute(s, g, a.ref)
		if !ok {
			continue
		}
		mk := m.key(&c.ids)
		if fs.acq[mk] == nil && len(fs.acq) < maxAcquires {
			fs.acq[mk] = &acquisition{ref: m, kind: a.kind, chain: prepend(g.name, a.chain), where: a.where}
			changed = true
		}
	}
	for _, cl := range sortedClasses(gs.classes) {
		a := gs.classes[cl]
		ref := a.ref
		if m, ok := c.substitute(s, g, a.ref); ok {
			if f.fresh[m.root] {
				continue // the lock of a value f has just made: no one else holds it
			}
			ref = m
		}
		if old := fs.classes[cl]; old == nil && len(fs.classes) < maxClasses || old != nil && old.kind == opRLock && a.kind == opLock {
			fs.classes[cl] = &acquisition{ref: ref, kind: a.kind, chain: prepend(g.name, a.chain), where: a.where}
			changed = true
		}
	}
	for _, k := range sortedKeys(gs.rel) {
		m, ok := c.substitute(s, g, gs.rel[k])
		if !ok {
			continue
		}
		mk := m.key(&c.ids)
		if _, done := fs.rel[mk]; !done && !f.acquires[mk] {
			fs.rel[mk] = m
			changed = true
		}
	}
	// A lock g returns holding, f returns holding too when it does not
	// release it itself: lockAll() calling lock().
	if !f.opaqueDefer {
		for _, k := range sortedKeys(gs.holds) {
			a := gs.holds[k]
			m, ok := c.substitute(s, g, a.ref)
			if !ok {
				continue
			}
			mk := m.key(&c.ids)
			if fs.holds[mk] == nil && !f.releases[mk] && !f.litUnlocks[mk] {
				fs.holds[mk] = &acquisition{ref: m, kind: a.kind, chain: prepend(g.name, a.chain), where: a.where}
				changed = true
			}
		}
	}
	for _, w := range gs.waits {
		if len(fs.waits) >= maxWaits {
			break
		}
		if slices.ContainsFunc(fs.waits, func(x *waitReach) bool { return x.site == w.site && x.where == w.where }) {
			continue
		}
		fs.waits = append(fs.waits, &waitReach{site: w.site, fn: w.fn, kind: w.kind, chain: prepend(g.name, w.chain), where: w.where})
		changed = true
	}
	return changed
}

// substitute rewrites a ref of callee g in the caller's terms: a ref rooted
// at g's parameter is rooted at the call's argument instead; a package
// variable or a variable g captures stays; g's own local variables mean
// nothing to the caller.
func (c *checker) substitute(s *callSite, g *function, r lockRef) (lockRef, bool) {
	for j, p := range g.params {
		if p != r.root {
			continue
		}
		if j >= len(s.args) || s.args[j] == nil {
			return lockRef{}, false
		}
		return extend(*s.args[j], r)
	}
	if r.root.Pos() >= g.node.Pos() && r.root.Pos() < g.node.End() {
		return lockRef{}, false
	}
	return r, true
}

// extend appends r's path to the argument a it is rooted at.
func extend(a lockRef, r lockRef) (lockRef, bool) {
	if len(a.path)+len(r.path) > maxPath {
		return lockRef{}, false
	}
	out := lockRef{root: a.root, path: append(slices.Clip(a.path), r.path...), class: r.class}
	if len(r.path) == 0 {
		out.class = a.class
	}
	out.text = a.text
	for _, f := range r.path {
		if f == "Mutex" || f == "RWMutex" {
			continue // s.Lock() on an embedded mutex: the lock is "s"
		}
		out.text += "." + f
	}
	return out, true
}

// prepend returns [name] + chain, bounded like internal/summary's chains.
func prepend(name string, chain []string) []string {
	out := make([]string, 0, min(len(chain)+1, summary.MaxChain))
	out = append(out, name)
	if len(chain)+1 <= summary.MaxChain {
		return append(out, chain...)
	}
	out = append(out, chain[:summary.MaxChain-3]...)
	return append(out, "...", chain[len(chain)-1])
}

// sortedKeys returns m's keys in order, for output that does not depend on
// map iteration.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func sortedClasses(m map[*types.Var]*acquisition) []*types.Var {
	keys := make([]*types.Var, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b *types.Var) int { return int(a.Pos() - b.Pos()) })
	return keys
}

// calleeOf returns the package's function a call site runs, or nil.
func (c *checker) calleeOf(s *callSite) *function {
	if s.lit != nil {
		return s.lit
	}
	return c.byObj[s.callee]
}

// where gives a node's position in chains: "store.go:30".
func (c *checker) where(n ast.Node) string {
	return report.Where(c.pass.Fset, n.Pos())
}

// chainString renders a chain for messages.
func chainString(chain []string, where string) string {
	return strings.Join(chain, " -> ") + " at " + where
}
