package lockblock

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// This file finds the paths that leave a lock locked: from a Lock to a
// return that no Unlock (direct, deferred, or by a callee) comes between,
// or back around a loop to the same Lock, which then blocks forever.
//
// A function may mean to return holding a lock (a lock helper, a Begin
// whose Commit unlocks). The finding is kept to the inconsistent shape of
// the real bugs: the function releases the lock on its other paths, and a
// path that leaves it locked either loops back to the Lock or returns
// before a later return that releases it (an early error return that
// forgot the Unlock). A function named like a lock helper (lockX, xLock),
// a lock also unlocked in a function literal (handed to
// a goroutine or a callback), a defer whose effect cannot be seen, or a
// lock that a caller releases after the call without having taken it (the
// other half of a lock helper) are left alone.

// leaks checks every Lock of fn.
func (fl *flow) leaks() {
	fn := fl.fn
	if fn.opaqueDefer || lockHelperName(fn) {
		return
	}
	for bi, evs := range fl.events {
		if fl.in[bi] == nil {
			continue
		}
		for ei, e := range evs {
			if e.kind != evOp || e.op.deferred || !e.op.ok || !e.op.kind.acquires() {
				continue
			}
			k := e.op.ref.key(&fl.c.ids)
			if e.op.guarded || fn.litUnlocks[k] || fl.reacquire(e.op, k) || fl.c.callerReleases(fn, e.op.ref) || fl.conditional(e.op, k) {
				continue
			}
			fl.leakFrom(bi, ei, e.op, k)
		}
	}
}

// reacquire reports whether op takes back a lock the function released
// before (it was handed the lock: n.Unlock(); work(); n.Lock()), or whose
// deferred release was registered before it.
func (fl *flow) reacquire(op *lockOp, k string) bool {
	for _, o := range fl.fn.ops {
		if o.ok && o.kind.releases() && o.call.Pos() < op.call.Pos() && o.ref.key(&fl.c.ids) == k {
			if o.deferred {
				return true
			}
			if _, ok := fl.fn.sum.rel[k]; ok {
				return true
			}
		}
	}
	return false
}

// perIteration reports whether op's lock is reached from a variable
// declared inside a loop around it (for _, mb := range blks {
// mb.mu.RLock() }): each iteration locks another value.
func (fl *flow) perIteration(op *lockOp) bool {
	root := op.ref.root.Pos()
	in := false
	ast.Inspect(fl.fn.body, func(n ast.Node) bool {
		if in {
			return false
		}
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			if n.Pos() <= op.call.Pos() && op.call.Pos() < n.End() && n.Pos() <= root && root < n.End() {
				in = true
			}
		}
		return true
	})
	return in
}

// conditional reports whether the lock of op is taken and released under
// conditions the paths cannot see: an Unlock under the same condition as
// the Lock (if shared { mu.Lock() } ... if shared { mu.Unlock() }), or
// under a flag (if locked { mu.Unlock() }).
func (fl *flow) conditional(op *lockOp, k string) bool {
	for _, o := range fl.fn.ops {
		if !o.ok || !o.kind.releases() || o.ref.key(&fl.c.ids) != k {
			continue
		}
		for _, c := range o.conds {
			if slices.Contains(op.conds, c) || fl.isFlag(strings.TrimPrefix(c, "!")) {
				return true
			}
		}
	}
	return false
}

// isFlag reports whether name is a variable the function sets to true or
// false: locked := true.
func (fl *flow) isFlag(name string) bool {
	if !token.IsIdentifier(name) {
		return false
	}
	found := false
	ast.Inspect(fl.fn.body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
			for i, l := range as.Lhs {
				id, ok := l.(*ast.Ident)
				v, ok2 := as.Rhs[i].(*ast.Ident)
				if ok && ok2 && id.Name == name && (v.Name == "true" || v.Name == "false") {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// callerReleases reports whether a caller of fn releases the lock r
// after the call without having taken it: fn is the half of a lock helper
// that takes it.
func (c *checker) callerReleases(fn *function, r lockRef) bool {
	for _, cs := range c.sites[fn] {
		if m, ok := c.substitute(cs.site, fn, r); ok {
			if _, ok := cs.f.sum.rel[m.key(&c.ids)]; ok {
				return true
			}
		}
	}
	return false
}

// lockHelperName reports whether fn is named like a function that returns
// holding a lock.
func lockHelperName(fn *function) bool {
	if fn.obj == nil {
		return false
	}
	n := strings.ToLower(fn.obj.Name())
	for _, p := range []string{"lock", "rlock"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return strings.HasSuffix(n, "lock") && !strings.HasSuffix(n, "unlock")
}

// pathEnd is what a search from a Lock found.
type pathEnd struct {
	heldRets     []*ast.ReturnStmt // returns reached with the lock held
	releasedRets []*ast.ReturnStmt // returns reached with it released
	relock       bool              // the Lock reached again with the lock held
	dropped      bool              // the Lock, on a per-iteration value, reached again with this value's lock held
	loop         bool              // a Lock of it reached again after a release
}

// leakFrom searches the paths from the Lock at event ei of block bi.
func (fl *flow) leakFrom(bi, ei int, op *lockOp, k string) {
	var end pathEnd
	type visit struct {
		b    int32
		held bool
	}
	seen := make(map[visit]bool)
	perIter := fl.perIteration(op)
	var walk func(b int32, from int, held bool)
	walk = func(b int32, from int, held bool) {
		evs := fl.events[b]
		for i := from; i < len(evs); i++ {
			e := evs[i]
			switch e.kind {
			case evOp:
				if !e.op.ok || e.op.ref.key(&fl.c.ids) != k {
					continue
				}
				switch {
				case e.op.kind.releases():
					held = false // an Unlock, or a deferred one: released at return
				case e.op.kind.acquires() && !e.op.deferred:
					switch {
					case e.op == op && held && !perIter:
						end.relock = true
					case e.op == op && held:
						// Another value's lock next time round: this one
						// is never unlocked.
						end.dropped = true
					case !held:
						// Released, then locked again: the function's
						// convention is to release it here.
						end.loop = true
					}
					return // from here on, the path belongs to that Lock
				}
			case evCall:
				if held && fl.callReleases(e.site, k) {
					held = false
				}
			}
		}
		blk := fl.g.Blocks[b]
		if ret := blk.Return(); ret != nil {
			if held {
				end.heldRets = append(end.heldRets, ret)
			} else {
				end.releasedRets = append(end.releasedRets, ret)
			}
			return
		}
		for _, s := range blk.Succs {
			v := visit{s.Index, held}
			if !seen[v] {
				seen[v] = true
				walk(s.Index, 0, held)
			}
		}
	}
	walk(int32(bi), ei+1, true)
	fl.reportLeak(op, k, end)
}

// callReleases reports whether a call (or a deferred call) releases the
// lock of key k.
func (fl *flow) callReleases(s *callSite, k string) bool {
	for _, r := range fl.c.releasedBy(s) {
		if r.key(&fl.c.ids) == k {
			return true
		}
	}
	return false
}

// reportLeak turns the search's result into at most one finding.
func (fl *flow) reportLeak(op *lockOp, k string, end pathEnd) {
	c := fl.c
	if end.relock {
		c.reportLoopRelock(fl.fn, op, fl.continueAfter(op, k), false)
		return
	}
	if end.dropped && (end.loop || len(end.releasedRets) > 0) {
		c.reportLoopRelock(fl.fn, op, fl.continueAfter(op, k), true)
		return
	}
	if len(end.heldRets) == 0 {
		return
	}
	// The earliest return that leaves the lock held, and whether a later
	// return, or the loop, releases it.
	first := end.heldRets[0]
	for _, r := range end.heldRets[1:] {
		if r.Pos() < first.Pos() {
			first = r
		}
	}
	later := end.loop
	for _, r := range end.releasedRets {
		if r.Pos() > first.Pos() {
			later = true
		}
	}
	if !later {
		return
	}
	alsoReleased := false
	for _, r := range end.releasedRets {
		if r == first {
			alsoReleased = true
		}
	}
	c.reportLeakReturn(fl.fn, op, first, !alsoReleased && fl.explicit(first))
}

// explicit reports whether ret is a return statement of the source, not
// the one the graph adds at the closing brace.
func (fl *flow) explicit(ret *ast.ReturnStmt) bool {
	explicit := false
	ast.Inspect(fl.fn.body, func(n ast.Node) bool {
		if n == ret {
			explicit = true
		}
		_, lit := n.(*ast.FuncLit)
		return !explicit && !lit
	})
	return explicit
}

// continueAfter returns the first continue statement after the Lock, in
// the loop around it, with no unlock of the lock before it in its block:
// the likely way back to the Lock. It returns nil when it finds none.
func (fl *flow) continueAfter(op *lockOp, k string) *ast.BranchStmt {
	var found *ast.BranchStmt
	var visitList func(list []ast.Stmt) bool
	unlocks := func(s ast.Stmt) bool {
		hit := false
		ast.Inspect(s, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				for _, o := range fl.fn.ops {
					if o.call == call && o.ok && o.kind.releases() && o.ref.key(&fl.c.ids) == k {
						hit = true
					}
				}
			}
			return !hit
		})
		return hit
	}
	visitList = func(list []ast.Stmt) bool {
		for _, s := range list {
			if s.End() < op.call.Pos() {
				continue
			}
			if unlocks(s) {
				return false
			}
			if br, ok := s.(*ast.BranchStmt); ok && br.Tok == token.CONTINUE {
				found = br
				return true
			}
			for _, inner := range innerLists(s) {
				if visitList(inner) {
					return true
				}
			}
		}
		return false
	}
	ast.Inspect(fl.fn.body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			body = n.Body
		case *ast.RangeStmt:
			body = n.Body
		}
		if body != nil && body.Pos() <= op.call.Pos() && op.call.Pos() < body.End() {
			visitList(body.List)
		}
		return true
	})
	return found
}

// innerLists returns the statement lists directly inside s that share its
// loop (not those of a nested loop, whose continue is its own).
func innerLists(s ast.Stmt) [][]ast.Stmt {
	switch s := s.(type) {
	case *ast.BlockStmt:
		return [][]ast.Stmt{s.List}
	case *ast.IfStmt:
		out := [][]ast.Stmt{s.Body.List}
		if s.Else != nil {
			out = append(out, innerLists(s.Else)...)
		}
		return out
	case *ast.SwitchStmt:
		return clauses(s.Body)
	case *ast.TypeSwitchStmt:
		return clauses(s.Body)
	case *ast.SelectStmt:
		return clauses(s.Body)
	case *ast.LabeledStmt:
		return innerLists(s.Stmt)
	}
	return nil
}

func clauses(b *ast.BlockStmt) [][]ast.Stmt {
	var out [][]ast.Stmt
	for _, st := range b.List {
		switch cc := st.(type) {
		case *ast.CaseClause:
			out = append(out, cc.Body)
		case *ast.CommClause:
			out = append(out, cc.Body)
		}
	}
	return out
}
