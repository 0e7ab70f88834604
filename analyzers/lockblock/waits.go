package lockblock

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"time"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file decides which waits are findings when a lock is held across
// them. A channel operation or a WaitGroup.Wait under a lock is reported
// only when the code that would end the wait needs the same lock: every
// receiver of the channel (for a send), every sender or closer (for a
// receive), or any goroutine the WaitGroup counts locks it, directly or
// through calls. Then the two wait for each other and neither ever
// proceeds. A wait whose other side does not take the lock is a hand-off,
// the way a lock-protected queue feeds a worker; it is not reported. A
// sleep under a lock stalls every other user of the lock for its whole
// duration, and a Cond.Wait on another lock's Cond keeps the held lock
// until a signal that may never come: both are reported whatever the peers.

// Bare names of the knowledge tables this file reads.
var (
	sleepNames    = typesx.NamesOf(knowledge.Sleeps, knowledge.ContextlessWaits)
	onceNames     = typesx.NamesOf(knowledge.OnceFuncs)
	cancelNames   = typesx.NamesOf(knowledge.CancelChanMethods)
	clockNames    = typesx.NamesOf(knowledge.ClockChanFuncs)
	waitTypeNames = typesx.NamesOf(map[string]bool{"Wait": true, "Done": true, "Add": true, "Go": true})
)

// shortSleep bounds the constant sleeps that are not reported under a
// lock: a pause shorter than this (a retry's step, a spin, a file-lock
// poll) is a bounded, short wait.
const shortSleep = 100 * time.Millisecond

// waitOf returns the wait a call is, or nil: a sleep, a Cond.Wait, a
// WaitGroup.Wait (or the Wait of another goroutine group), a wait of the
// blocking table.
func (c *checker) waitOf(call *ast.CallExpr, fn *types.Func) *waitSite {
	name := sleepNames.FullName(fn)
	switch {
	case name == "(*sync.Cond).Wait":
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		r, ok := refOf(c.pass.TypesInfo, sel.X)
		if !ok {
			return nil
		}
		return &waitSite{kind: waitCond, node: call, label: report.Short(sel.X) + ".Wait()", cond: r, objs: []*types.Var{c.scan.objOf(sel.X)}, dur: -1}
	case knowledge.Sleeps[name] != "" || knowledge.ContextlessWaits[name] != "":
		w := &waitSite{kind: waitSleep, node: call, label: typesx.ShortName(fn), dur: -1}
		if len(call.Args) == 1 && c.pacing(call.Args[0]) {
			return nil
		}
		if len(call.Args) == 1 {
			if tv, ok := c.pass.TypesInfo.Types[call.Args[0]]; ok && tv.Value != nil {
				if d, ok := constant.Int64Val(constant.ToInt(tv.Value)); ok {
					w.dur = d
				}
			}
		}
		return w
	}
	if fn.Name() == "Wait" {
		if obj := c.groupObj(call, fn); obj != nil {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				return &waitSite{kind: waitGroup, node: call, label: report.Short(sel.X) + ".Wait()", objs: []*types.Var{obj}, dur: -1}
			}
		}
	}
	return nil
}

// pacing reports whether a sleep's duration is the rest of an interval:
// time.Sleep(limit - time.Since(last)), time.Sleep(time.Until(next)). A
// lock held across it is a rate limiter's, serialising callers on
// purpose.
func (c *checker) pacing(d ast.Expr) bool {
	switch d := ast.Unparen(d).(type) {
	case *ast.BinaryExpr:
		return d.Op == token.SUB
	case *ast.CallExpr:
		fn := typesx.Callee(c.pass.TypesInfo, d)
		return fn != nil && fn.FullName() == "time.Until"
	}
	return false
}

// waitGroupOp returns the WaitGroup (or goroutine group) a call of Add,
// Done or Go acts on.
func (c *checker) waitGroupOp(call *ast.CallExpr, fn *types.Func) (*types.Var, peerOp) {
	if !waitTypeNames[fn.Name()] || fn.Name() == "Wait" {
		return nil, 0
	}
	if obj := c.groupObj(call, fn); obj != nil {
		return obj, peerDone
	}
	return nil, 0
}

// groupObj returns the object of a method call on a type of
// knowledge.GoroutineWaitTypes (sync.WaitGroup, errgroup.Group), or nil.
func (c *checker) groupObj(call *ast.CallExpr, fn *types.Func) *types.Var {
	recv := fn.Signature().Recv()
	if recv == nil {
		return nil
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || knowledge.GoroutineWaitTypes[named.Obj().Pkg().Path()+"."+named.Obj().Name()] == "" {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	return c.scan.objOf(sel.X)
}

// isClockOrDone reports whether a channel expression is a cancellation or
// a clock: ctx.Done(), a CancelChanMethods method, time.After(d), t.C of a
// Timer or Ticker. A wait on one is bounded or cancellable.
func (c *checker) isClockOrDone(e ast.Expr) bool {
	info := c.pass.TypesInfo
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok {
		fn := typesx.Callee(info, call)
		if fn == nil {
			return false
		}
		if fn.Name() == "Done" && fn.Signature().Recv() != nil {
			return true
		}
		return knowledge.CancelChanMethods[cancelNames.FullName(fn)] != "" || knowledge.ClockChanFuncs[clockNames.FullName(fn)] != (knowledge.ClockChan{})
	}
	if sel, ok := e.(*ast.SelectorExpr); ok && sel.Sel.Name == knowledge.ClockChanField {
		t := info.TypeOf(sel.X)
		for name := range knowledge.ClockChanTypes {
			i := len(name) - 1
			for i >= 0 && name[i] != '.' {
				i--
			}
			if t != nil && typesx.IsNamedOrPointer(t, name[:i], name[i+1:]) {
				return true
			}
		}
	}
	return false
}

// A peer is a function that operates on a channel or WaitGroup.
type peer struct {
	fn *function
	op peerOp
	// deferred is set for a deferred Done: the function signals the
	// WaitGroup when it returns.
	deferred bool
}

// addPeer records that fn does op on obj.
func (c *checker) addPeer(obj *types.Var, fn *function, op peerOp) {
	c.addPeerDeferred(obj, fn, op, false)
}

func (c *checker) addPeerDeferred(obj *types.Var, fn *function, op peerOp, deferred bool) {
	if obj == nil {
		return
	}
	c.peers[obj] = append(c.peers[obj], peer{fn: fn, op: op, deferred: deferred})
}

// complement returns the operations that end a wait of kind k on a
// channel.
func complement(k waitKind) peerOp {
	switch k {
	case waitSend:
		return peerRecv // a close does not end a send: it panics it
	case waitRecv:
		return peerSend | peerClose
	case waitGroup:
		return peerDone
	}
	return peerSend | peerRecv | peerClose
}

// blockedPeer returns a function that must run to end wait w, in a function
// other than waiter, and that takes the lock h holds: then the lock holder
// waits for it and it waits for the lock. For a channel, every function that
// can end the wait must take the lock (one that does not could end it); for
// a WaitGroup, one is enough (Wait needs every Done).
func (c *checker) blockedPeer(w *waitSite, waiter *function, h held) *function {
	if h.ref.class == nil || isLockerField(h.ref.class) || len(w.objs) == 0 {
		return nil
	}
	var found *function
	for i, obj := range w.objs {
		if obj == nil {
			return nil
		}
		want := complement(w.kind)
		if w.kind == waitSelect && len(w.ops) == len(w.objs) {
			// A select case is ended by its own channel's other side:
			// a receiver for a send case, a sender or closer for a
			// receive case.
			want = complement(w.ops[i])
		}
		n := 0
		var blocked *function
		for _, p := range c.peers[obj] {
			if p.op&want == 0 || p.fn == waiter {
				continue
			}
			if w.kind == waitGroup && !p.deferred && !c.goTargets[p.fn] {
				// A Done that is not a goroutine's exit undoes an Add this
				// function made (if !started { wg.Done() }): Wait counts it
				// only after the Add, which comes after its lock.
				continue
			}
			n++
			if c.takes(p.fn, h) {
				if blocked == nil {
					blocked = p.fn
				}
				if w.kind == waitGroup {
					return p.fn
				}
			} else if w.kind != waitGroup {
				return nil
			}
		}
		if n == 0 || blocked == nil {
			return nil
		}
		if found == nil {
			found = blocked
		}
	}
	return found
}

// takes reports whether fn acquires the class of the held lock, directly
// or through calls, in a mode that conflicts with how it is held.
func (c *checker) takes(fn *function, h held) bool {
	if fn.sum == nil {
		return false
	}
	e := fn.sum.classes[h.ref.class]
	if e == nil || e.kind != opLock && h.kind != opLock || len(e.chain) > maxPeerChain {
		return false
	}
	// A lock reached from a variable fn assigns again (mset, err =
	// lookup()) may belong to another value than the one the wait is on.
	return !fn.reassigned[e.ref.root]
}

// condLock is what the package says of a Cond's lock.
type condLock struct {
	class *types.Var // the lock's class, nil for a lock made with the Cond
	fresh bool       // sync.NewCond(&sync.Mutex{}): a lock no other code holds
	mixed bool       // assigned different locks: unknown
}

// indexConds finds, for each Cond field or variable of the package, the
// lock it was made with: sync.NewCond(&x.mu), sync.NewCond(&sync.Mutex{}),
// cond.L = &x.mu.
func (c *checker) indexConds() {
	info := c.pass.TypesInfo
	set := func(cond *types.Var, lock ast.Expr) {
		if cond == nil {
			return
		}
		l := c.condLockOf(lock)
		old, ok := c.conds[cond]
		if ok && (old.class != l.class || old.fresh != l.fresh) {
			l.mixed = true
		}
		c.conds[cond] = l
	}
	newCondArg := func(e ast.Expr) ast.Expr {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return nil
		}
		if fn := typesx.Callee(info, call); fn != nil && fn.FullName() == "sync.NewCond" {
			return call.Args[0]
		}
		return nil
	}
	for _, file := range c.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) != len(n.Rhs) {
					return true
				}
				for i, l := range n.Lhs {
					if arg := newCondArg(n.Rhs[i]); arg != nil {
						set(c.scan.objOf(l), arg)
						continue
					}
					// cond.L = &x.mu
					if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok && sel.Sel.Name == "L" && typesx.IsNamedOrPointer(info.TypeOf(sel.X), "sync", "Cond") {
						set(c.scan.objOf(sel.X), n.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, id := range n.Names {
						if arg := newCondArg(n.Values[i]); arg != nil {
							set(c.scan.objOf(id), arg)
						}
					}
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					if arg := newCondArg(n.Value); arg != nil {
						if f, ok := info.Uses[id].(*types.Var); ok && f.IsField() {
							set(f.Origin(), arg)
						}
					}
				}
			}
			return true
		})
	}
}

// condLockOf reads the lock argument of sync.NewCond or an assignment to
// a Cond's L.
func (c *checker) condLockOf(e ast.Expr) condLock {
	info := c.pass.TypesInfo
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		if _, ok := ast.Unparen(u.X).(*ast.CompositeLit); ok {
			return condLock{fresh: true} // &sync.Mutex{}
		}
	}
	if call, ok := e.(*ast.CallExpr); ok {
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "new" {
				return condLock{fresh: true}
			}
		}
		// x.mu.RLocker()
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "RLocker" {
			e = sel.X
		} else {
			return condLock{mixed: true}
		}
	}
	r, ok := refOf(info, e)
	if !ok {
		return condLock{mixed: true}
	}
	if t := info.TypeOf(e); !isMutexType(t) {
		if f := embeddedMutex(t); f != nil {
			return condLock{class: f.Origin()}
		}
	}
	return condLock{class: r.class}
}

// isMutexType reports whether t is (a pointer to) sync.Mutex or RWMutex.
func isMutexType(t types.Type) bool {
	return t != nil && (typesx.IsNamedOrPointer(t, "sync", "Mutex") || typesx.IsNamedOrPointer(t, "sync", "RWMutex"))
}

// embeddedMutex returns the sync.Mutex or RWMutex field a struct type (or
// pointer to one) embeds, or nil.
func embeddedMutex(t types.Type) *types.Var {
	if t == nil {
		return nil
	}
	st := structOf(t)
	if st == nil {
		return nil
	}
	for f := range st.Fields() {
		if f.Embedded() && isMutexType(f.Type()) {
			return f
		}
	}
	return nil
}

// condOnOtherLock reports whether a Cond.Wait on cond does not release the
// held lock h: the Cond was made with another lock. An unknown Cond is
// taken to be on h.
func (c *checker) condOnOtherLock(w *waitSite, h held) bool {
	if w.cond.root != nil && h.ref.root == w.cond.root && len(h.ref.path) == len(w.cond.path)+1 && h.ref.path[len(h.ref.path)-1] == "L" {
		return false // c.L.Lock(); c.Wait()
	}
	if len(w.objs) == 0 || w.objs[0] == nil {
		return false
	}
	l, ok := c.conds[w.objs[0]]
	switch {
	case !ok || l.mixed:
		return false
	case l.fresh:
		return true
	}
	return l.class != nil && h.ref.class != nil && l.class != h.ref.class && !isLockerField(h.ref.class)
}

// reportUnsignalled reports the Cond.Waits of Conds that nothing in the
// package signals: the waiter sleeps until a Signal or Broadcast, and
// none will come. Only a Cond the package keeps to itself is judged: an
// unexported field or a local variable, never passed, returned or stored
// elsewhere (another package could signal it).
func (c *checker) reportUnsignalled() {
	candidates := make(map[*types.Var]bool)
	for _, w := range c.condWaits {
		if obj := w.objs[0]; obj != nil && !c.signalled[obj] && !obj.Exported() {
			candidates[obj] = true
		}
	}
	if len(candidates) == 0 {
		return
	}
	info := c.pass.TypesInfo
	escaped := make(map[*types.Var]bool)
	for _, file := range c.pass.Files {
		var stack []ast.Node
		ast.Inspect(file, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			var obj *types.Var
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if sel := info.Selections[n]; sel != nil && sel.Kind() == types.FieldVal {
					obj, _ = sel.Obj().(*types.Var)
				}
			case *ast.Ident:
				if v, ok := info.Uses[n].(*types.Var); ok && !v.IsField() {
					obj = v
				}
			}
			if obj != nil && candidates[obj.Origin()] && len(stack) > 0 && !condUse(stack[len(stack)-1], n) {
				escaped[obj.Origin()] = true
			}
			stack = append(stack, n)
			return true
		})
	}
	for _, w := range c.condWaits {
		if obj := w.objs[0]; obj != nil && candidates[obj] && !escaped[obj] {
			c.reportNoSignal(w)
		}
	}
}

// condUse reports whether the Cond expression n, whose parent is p, is
// used the way a Cond kept to its package is: its methods called, its L
// used, assigned, or named as a composite literal's field.
func condUse(p, n ast.Node) bool {
	switch p := p.(type) {
	case *ast.SelectorExpr:
		if p.X == n {
			switch p.Sel.Name {
			case "Wait", "Signal", "Broadcast", "L":
				return true
			}
			return false
		}
		return p.Sel == n // the field name of its own selection
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == n {
				return true
			}
		}
	case *ast.KeyValueExpr:
		return p.Key == n
	}
	return false
}
