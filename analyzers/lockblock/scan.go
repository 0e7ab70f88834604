package lockblock

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file reads a function's body, from its syntax alone: its lock
// operations (with the ifs on parameters around them), the calls that run
// on its goroutine, its waits (sends, receives, selects, sleeps that are
// not a retry's backoff), and what it does to the channels, WaitGroups and
// Conds another function waits on.

// scanFunc reads fn's body: lock operations, calls, waits, and the peer
// operations on channels and WaitGroups.
func (s *scanner) scanFunc(fn *function) {
	c := s.c
	info := c.pass.TypesInfo
	s.guarded = s.paramGuarded(fn)
	inComm := make(map[ast.Node]bool)
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if n == fn.node {
				return true
			}
			s.noteLitUnlocks(fn, n)
			return false
		case *ast.GoStmt:
			if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok && s.lits[lit] != nil {
				c.goTargets[s.lits[lit]] = true
			} else if g := c.byObj[typesx.StaticCallee(info, n.Call)]; g != nil {
				c.goTargets[g] = true
			}
			// The call runs on another goroutine; its arguments here.
			for _, a := range n.Call.Args {
				ast.Inspect(a, visit)
			}
			if sel, ok := ast.Unparen(n.Call.Fun).(*ast.SelectorExpr); ok {
				ast.Inspect(sel.X, visit)
			}
			return false
		case *ast.DeferStmt:
			s.scanCall(fn, n.Call, true)
			for _, a := range n.Call.Args {
				ast.Inspect(a, visit)
			}
			return false
		case *ast.SelectStmt:
			s.scanSelect(fn, n, inComm)
		case *ast.SendStmt:
			obj := s.objOf(n.Chan)
			if !s.freshChan(fn, n.Chan) && !s.justMade(fn, n.Chan, n.Pos()) {
				c.addPeer(obj, fn, peerSend) // a value just made is no one's peer yet
			}
			if !inComm[n] {
				fn.waits = append(fn.waits, &waitSite{kind: waitSend, node: n, label: "send on " + report.Short(n.Chan), objs: []*types.Var{obj}, dur: -1, fresh: s.freshChan(fn, n.Chan) || s.justMade(fn, n.Chan, n.Pos())})
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				obj := s.objOf(n.X)
				if !s.freshChan(fn, n.X) {
					c.addPeer(obj, fn, peerRecv)
				}
				if !inComm[n] && !c.isClockOrDone(n.X) {
					fn.waits = append(fn.waits, &waitSite{kind: waitRecv, node: n, label: "receive from " + report.Short(n.X), objs: []*types.Var{obj}, dur: -1, fresh: s.freshChan(fn, n.X)})
				}
			}
		case *ast.RangeStmt:
			if _, ok := typeUnder(info.TypeOf(n.X)).(*types.Chan); ok {
				obj := s.objOf(n.X)
				c.addPeer(obj, fn, peerRecv)
				if !c.isClockOrDone(n.X) {
					fn.waits = append(fn.waits, &waitSite{kind: waitRecv, node: n, label: "range over " + report.Short(n.X), objs: []*types.Var{obj}, dur: -1})
				}
			}
		case *ast.CallExpr:
			s.scanCall(fn, n, false)
		}
		return true
	}
	ast.Inspect(fn.body, visit)
}

// scanCall records a call of fn: a lock operation, a wait, a peer
// operation, or a call whose callee runs here.
func (s *scanner) scanCall(fn *function, call *ast.CallExpr, deferred bool) {
	c := s.c
	info := c.pass.TypesInfo
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && len(call.Args) == 1 {
		if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "close" {
			c.addPeer(s.objOf(call.Args[0]), fn, peerClose)
			return
		}
	}
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		s.noteLitUnlocks(fn, lit)
		if deferred && s.callsValue(lit.Body) {
			fn.opaqueDefer = true // defer func() { release() }()
		}
		if l := s.lits[lit]; l != nil {
			fn.calls = append(fn.calls, &callSite{call: call, lit: l, deferred: deferred})
		}
		return
	}
	callee := typesx.Callee(info, call)
	if callee == nil {
		if deferred && s.mayRelease(call) {
			fn.opaqueDefer = true // defer unlock(), defer f.release()
		}
		return
	}
	if lc, ok := asLockCall(info, call, callee); ok {
		fn.ops = append(fn.ops, lockOp{lockCall: lc, deferred: deferred, guarded: s.guarded[call], conds: s.conds[call]})
		return
	}
	if deferred && typesx.Static(callee) == nil && releaseName(callee.Name()) {
		fn.opaqueDefer = true // defer l.Unlock() on a sync.Locker of another package
	}
	if name := callee.FullName(); name == "(*sync.Cond).Signal" || name == "(*sync.Cond).Broadcast" {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if obj := s.objOf(sel.X); obj != nil {
				c.signalled[obj] = true
			}
		}
		return
	}
	if w := c.waitOf(call, callee); w != nil {
		if w.kind == waitCond {
			c.condWaits = append(c.condWaits, w)
		}
		if !deferred && !(w.kind == waitSleep && (w.dur >= 0 && w.dur < int64(shortSleep) || s.backoff(fn, call))) {
			fn.waits = append(fn.waits, w)
		}
		return
	}
	if obj, op := c.waitGroupOp(call, callee); obj != nil {
		if callee.Name() != "Add" {
			// Add comes before the goroutine starts; the Done ends the wait.
			c.addPeerDeferred(obj, fn, op, deferred)
		}
		if callee.Name() == "Go" {
			// wg.Go(func() { ... }): the literal is the peer.
			for _, a := range call.Args {
				if lit, ok := ast.Unparen(a).(*ast.FuncLit); ok && s.lits[lit] != nil {
					c.addPeerDeferred(obj, s.lits[lit], peerDone, true)
				}
			}
		}
		return
	}
	if knowledge.OnceFuncs[onceNames.FullName(callee)] != "" {
		// once.Do(func() { ... }) runs the literal here.
		for _, a := range call.Args {
			if lit, ok := ast.Unparen(a).(*ast.FuncLit); ok && s.lits[lit] != nil {
				fn.calls = append(fn.calls, &callSite{call: call, lit: s.lits[lit], deferred: deferred})
			}
		}
		return
	}
	if typesx.Static(callee) == nil {
		return
	}
	fn.calls = append(fn.calls, &callSite{call: call, callee: callee, args: s.argRefs(call, callee), deferred: deferred})
}

// scanSelect records a select's channel operations as peer operations, and
// the select as a wait when nothing bounds it: no default, no case on a
// Done() channel or a clock.
func (s *scanner) scanSelect(fn *function, sel *ast.SelectStmt, inComm map[ast.Node]bool) {
	c := s.c
	w := &waitSite{kind: waitSelect, node: sel, label: "select", dur: -1}
	blocks := true
	for _, st := range sel.Body.List {
		cc, ok := st.(*ast.CommClause)
		if !ok {
			continue
		}
		if cc.Comm == nil {
			blocks = false
			continue
		}
		op, ch := control.CommOp(cc.Comm)
		if op != nil {
			inComm[op] = true
		}
		if ch == nil {
			blocks = false
			continue
		}
		if c.isClockOrDone(ch) {
			blocks = false
		}
		w.objs = append(w.objs, s.objOf(ch))
		if _, send := cc.Comm.(*ast.SendStmt); send {
			w.ops = append(w.ops, waitSend)
		} else {
			w.ops = append(w.ops, waitRecv)
		}
	}
	if blocks && len(w.objs) > 0 {
		fn.waits = append(fn.waits, w)
	}
}

// noteLitUnlocks records the locks a nested function literal of fn
// unlocks: the lock is handed to it.
func (s *scanner) noteLitUnlocks(fn *function, lit *ast.FuncLit) {
	info := s.c.pass.TypesInfo
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if lc, ok := asLockCall(info, call, typesx.Callee(info, call)); ok && lc.ok && lc.kind.releases() {
			if fn.litUnlocks == nil {
				fn.litUnlocks = make(map[string]bool)
			}
			fn.litUnlocks[lc.ref.key(&s.c.ids)] = true
		}
		return true
	})
}

// argRefs returns the refs of a call's receiver and arguments, in the order
// of paramsOf.
func (s *scanner) argRefs(call *ast.CallExpr, callee *types.Func) []*lockRef {
	info := s.c.pass.TypesInfo
	var out []*lockRef
	if callee.Signature().Recv() != nil {
		var recv *lockRef
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if selection := info.Selections[sel]; selection != nil && selection.Kind() == types.MethodVal {
				if r, ok := refOf(info, sel.X); ok {
					for _, f := range embeddedPath(selection) {
						r.path = append(r.path, f.Name())
						r.class = f.Origin()
					}
					recv = &r
				}
			}
		}
		out = append(out, recv)
	}
	for _, a := range call.Args {
		if r, ok := refOf(info, a); ok {
			out = append(out, &r)
		} else {
			out = append(out, nil)
		}
	}
	return out
}

// mayRelease reports whether a call through a function value may release
// a lock: any function value but a context's cancel function.
func (s *scanner) mayRelease(call *ast.CallExpr) bool {
	tv := s.c.pass.TypesInfo.Types[call.Fun]
	return tv.IsValue() && !typesx.IsNamed(tv.Type, "context", "CancelFunc") && !typesx.IsNamed(tv.Type, "context", "CancelCauseFunc")
}

// callsValue reports whether body calls a function value that may
// release a lock.
func (s *scanner) callsValue(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && !found {
			if _, lit := ast.Unparen(call.Fun).(*ast.FuncLit); !lit && typesx.Callee(s.c.pass.TypesInfo, call) == nil && s.mayRelease(call) {
				found = true
			}
		}
		return !found
	})
	return found
}

// releaseName reports whether an interface method's name says it may
// release a lock: Unlock, RUnlock, Release. Close, End, Stop and the like
// (defer resp.Body.Close(), defer span.End()) do not.
func releaseName(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "unlock") || strings.Contains(n, "release")
}

// paramGuarded returns the calls of fn inside an if statement (in its
// body or else branch) whose condition reads one of fn's parameters,
// the receiver aside.
func (s *scanner) paramGuarded(fn *function) map[*ast.CallExpr]bool {
	params := fn.params
	if fn.obj != nil && fn.obj.Signature().Recv() != nil && len(params) > 0 {
		params = params[1:]
	}
	info := s.c.pass.TypesInfo
	readsParam := func(e ast.Expr) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok {
					for _, p := range params {
						if p == v {
							found = true
						}
					}
				}
			}
			return !found
		})
		return found
	}
	var out map[*ast.CallExpr]bool
	s.conds = nil
	depth := 0
	var stack []ast.Node
	var guards []bool
	ast.Inspect(fn.body, func(n ast.Node) bool {
		if n == nil {
			if guards[len(guards)-1] {
				depth--
			}
			stack, guards = stack[:len(stack)-1], guards[:len(guards)-1]
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		guard := false
		switch n := n.(type) {
		case *ast.IfStmt:
			guard = len(params) > 0 && readsParam(n.Cond)
		case *ast.CallExpr:
			if depth > 0 {
				if out == nil {
					out = make(map[*ast.CallExpr]bool)
				}
				out[n] = true
			}
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && strings.Contains(strings.ToLower(sel.Sel.Name), "lock") {
				if s.conds == nil {
					s.conds = make(map[*ast.CallExpr][]string)
				}
				s.conds[n] = ifConds(stack, n)
			}
		}
		if guard {
			depth++
		}
		stack, guards = append(stack, n), append(guards, guard)
		return true
	})
	return out
}

// ifConds returns the conditions of the if statements of stack around n.
func ifConds(stack []ast.Node, n ast.Node) []string {
	var out []string
	for i, a := range stack {
		ifs, ok := a.(*ast.IfStmt)
		if !ok {
			continue
		}
		child := n
		if i+1 < len(stack) {
			child = stack[i+1]
		}
		switch child {
		case ifs.Body:
			out = append(out, types.ExprString(ifs.Cond))
		case ifs.Else:
			out = append(out, "!"+types.ExprString(ifs.Cond))
		}
	}
	return out
}

// backoff reports whether a sleep at call is the pause between attempts
// of a retry loop: it is in a loop whose body, before it, checks an error
// against nil (if err == nil { return }, if err != nil { goto fail }), so
// it runs only after an attempt failed. The lock held across it is held
// across the attempts too (a token refresh, a state file write), which,
// like network and file I/O under a lock, is the lock's purpose.
func (s *scanner) backoff(fn *function, call *ast.CallExpr) bool {
	info := s.c.pass.TypesInfo
	found := false
	inspectBody(fn.body, func(n ast.Node) bool {
		if found {
			return false
		}
		body := control.Body(n) // a loop's: inspectBody does not pass function literals
		if body == nil {
			return true
		}
		if call.Pos() < body.Pos() || call.Pos() >= body.End() {
			return false
		}
		inspectBody(body, func(m ast.Node) bool {
			ifs, ok := m.(*ast.IfStmt)
			if !ok || found {
				return !found
			}
			if ifs.End() <= call.Pos() && errCheck(info, ifs.Cond) {
				found = true
			}
			return true
		})
		return !found
	})
	return found
}

// errCheck reports whether cond compares an error with nil.
func errCheck(info *types.Info, cond ast.Expr) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.EQL && b.Op != token.NEQ {
		return false
	}
	x, y := b.X, b.Y
	if typesx.IsNil(info, x) {
		x, y = y, x
	}
	t := info.TypeOf(x)
	return typesx.IsNil(info, y) && t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}
