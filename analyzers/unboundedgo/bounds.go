// Bounds: semaphores, group limits (SetLimit, WithMaxGoroutines) and
// limited listeners.

package unboundedgo

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/summary"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// boundedInside reports whether the goroutine bounds its own work: it
// acquires a semaphore (sem <- token ... <-sem, or an Acquire call), itself
// or through a function of the package it calls (a client whose requests
// take a slot). The goroutines still exist, but they wait cheaply and the
// work they do downstream is bounded.
func (c *checker) boundedInside(sp *spawn) bool {
	if sp.lit == nil {
		fn := typesx.StaticCallee(c.pass.TypesInfo, sp.call)
		_, ok := c.acquirers()[fn]
		return fn != nil && ok
	}
	if c.acquiresIn(sp.lit.Body) {
		return true
	}
	found := false
	ast.Inspect(sp.lit.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn := typesx.StaticCallee(c.pass.TypesInfo, call); fn != nil {
				_, found = c.acquirers()[fn]
			}
		}
		return !found
	})
	return found
}

// acquireNames holds the bare names of knowledge.SemaphoreAcquireFuncs.
var acquireNames = typesx.NamesOf(knowledge.SemaphoreAcquireFuncs)

// isAcquire reports whether call acquires a semaphore slot.
func (c *checker) isAcquire(call *ast.CallExpr) bool {
	fn := typesx.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	if _, ok := knowledge.SemaphoreAcquireFuncs[acquireNames.FullName(fn)]; ok {
		return true
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		_, ok := knowledge.SemaphoreAcquireNames[fn.Name()]
		return ok
	}
	return false
}

// acquirers returns the functions of the package that acquire a semaphore
// slot (an Acquire call, or a send and a receive on the same channel of
// tokens), directly or through the functions they call.
func (c *checker) acquirers() map[*types.Func]summary.Reason {
	if c.acq != nil {
		return c.acq
	}
	var funcs []*summary.Func
	for cur := range c.in.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		obj, _ := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if obj == nil || decl.Body == nil {
			continue
		}
		f := &summary.Func{Obj: obj}
		if c.acquiresIn(decl.Body) {
			f.Direct = &summary.Reason{Chain: []string{"semaphore"}, Where: report.Where(c.pass.Fset, decl.Pos())}
		}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if callee := typesx.StaticCallee(c.pass.TypesInfo, call); callee != nil {
					f.Calls = append(f.Calls, summary.Call{Callee: callee, Pos: call.Pos()})
				}
			}
			return true
		})
		funcs = append(funcs, f)
	}
	none := func(*types.Func) (summary.Reason, bool) { return summary.Reason{}, false }
	c.acq = summary.Solve(funcs, none, typesx.ShortName)
	return c.acq
}

// acquiresIn reports whether n acquires a semaphore slot itself.
func (c *checker) acquiresIn(n ast.Node) bool {
	sent, received := map[varPath]bool{}, map[varPath]bool{}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			if k, ok := c.varPathOf(n.Chan); ok {
				sent[k] = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				if k, ok := c.varPathOf(n.X); ok {
					received[k] = true
				}
			}
		case *ast.CallExpr:
			if c.isAcquire(n) {
				found = true
			}
		}
		return !found
	})
	if found {
		return true
	}
	for k := range sent {
		if received[k] && c.isTokenChan(k) {
			return true
		}
	}
	return false
}

// isTokenChan reports whether the channel named by k carries no data worth
// receiving (chan struct{}, chan bool, chan int...): a value sent and then
// received back inside one goroutine is a semaphore token, whereas a channel
// of results is not.
func (c *checker) isTokenChan(k varPath) bool {
	t := k.obj.Type()
	if k.path != "" {
		return true // a field path: we cannot cheaply type it; the send/receive pair is telling enough
	}
	ch, ok := t.Underlying().(*types.Chan)
	if !ok {
		return false
	}
	switch e := ch.Elem().Underlying().(type) {
	case *types.Struct:
		return e.NumFields() == 0
	case *types.Basic:
		return true
	}
	return false
}

// groupLimited reports whether a group spawner's group may be bounded: its
// limit method is called on it in the function (or in the expression that
// builds it), or it is not a local variable built in the function, in
// which case its owner may have bounded it and we stay quiet.
func (c *checker) groupLimited(sp *spawn) bool {
	if sp.spawner == nil || len(sp.spawner.LimitMethods) == 0 {
		return false
	}
	k, ok := c.varPathOf(sp.recv)
	if !ok || k.path != "" {
		return true
	}
	outer := outermostFunc(sp.cur)
	body := control.Body(outer.Node())
	if body == nil || k.obj.Pos() < body.Pos() || k.obj.Pos() >= body.End() {
		return true // a parameter, field or package variable: bounded by its owner, perhaps
	}
	isLimit := func(call *ast.CallExpr) bool {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		for _, m := range sp.spawner.LimitMethods {
			if sel.Sel.Name == m {
				return true
			}
		}
		return false
	}
	// Every definition must be a fresh group built without a limit.
	for _, rhs := range c.defsOf(k.obj) {
		if rhs == nil {
			return true
		}
		if rhs == zeroValue {
			continue
		}
		limited, fresh := false, false
		ast.Inspect(rhs, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if isLimit(call) {
					limited = true
				}
				if fn := typesx.Callee(c.pass.TypesInfo, call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == sp.spawner.Path {
					fresh = true
				}
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "new" {
					fresh = true
				}
			}
			if _, ok := n.(*ast.CompositeLit); ok {
				fresh = true
			}
			return true
		})
		if limited || !fresh {
			return true
		}
	}
	limited := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && isLimit(call) {
			sel := ast.Unparen(call.Fun).(*ast.SelectorExpr) // isLimit checked it
			if k2, ok := c.varPathOf(sel.X); ok && k2 == k {
				limited = true
			}
		}
		return !limited
	})
	return limited
}

// limitedListener reports whether the listener of an accept loop is
// assigned from netutil.LimitListener.
func (c *checker) limitedListener(l ast.Expr) bool {
	k, ok := c.varPathOf(l)
	if !ok {
		return false
	}
	for _, rhs := range c.defsOf(k.obj) {
		if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok && k.path == "" {
			if _, ok := knowledge.LimitListenerFuncs[typesx.CallName(c.pass.TypesInfo, call)]; ok {
				return true
			}
		}
	}
	return false
}
