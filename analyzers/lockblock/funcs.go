package lockblock

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file lists the package's functions (declarations and literals) and
// what each does, read from its syntax alone: its lock operations, the
// calls that run on its goroutine, its waits, and the channels, WaitGroups
// and Conds it touches (the peers of another function's wait).

// A function is a declared function or a function literal of the package.
type function struct {
	node   ast.Node // *ast.FuncDecl or *ast.FuncLit
	body   *ast.BlockStmt
	obj    *types.Func // nil for a literal
	name   string      // for messages and chains: "Store.Save", "Store.Save (func literal)"
	params []*types.Var
	file   *ast.File

	ops   []lockOp    // lock operations, in source order
	calls []*callSite // calls that run on this goroutine, in source order
	waits []*waitSite // waits, in source order
	// litUnlocks are the keys unlocked inside a function literal of this
	// function: a lock handed to a goroutine or a callback to release.
	litUnlocks map[string]bool
	// fresh are its local variables that only ever hold a value made
	// here (v := &T{...}, new(T)): no other goroutine has it yet.
	// reassigned are the variables (parameters included) it assigns after
	// their declaration: a lock reached from one may be another value's.
	fresh, reassigned map[types.Object]bool
	// made are the variables holding a value made here (fresh, or
	// captured later); published where each first escaped; captured those
	// a function literal uses.
	made      []types.Object
	published map[types.Object]token.Pos
	captured  []types.Object
	// acquires and releases are the keys of the locks its own body takes
	// and releases.
	acquires, releases map[string]bool
	// opaqueDefer is set by a defer whose effect on locks cannot be seen
	// (a function value, an interface method): it may release anything.
	opaqueDefer bool

	sum *lockSummary // computed by summarise
}

// A lockOp is one call of a lock method.
type lockOp struct {
	lockCall
	deferred bool
	// guarded is set when the call is inside an if whose condition reads
	// a parameter: if hasLock { ... } else { mu.Lock() }. The caller's
	// argument decides whether it locks.
	guarded bool
	// conds are the conditions of the if statements around the call, as
	// source text ("!" before one whose else branch holds the call).
	conds []string
}

// A callSite is a call whose callee runs on the caller's goroutine: a
// static call, or a function literal called where it stands (or passed to
// sync.Once.Do).
type callSite struct {
	call     *ast.CallExpr
	callee   *types.Func // nil for a literal
	lit      *function   // the literal called
	args     []*lockRef  // receiver first; nil where an argument is not a path
	deferred bool
}

// waitKind says what a wait waits for.
type waitKind int

const (
	waitSleep  waitKind = iota // time passing: time.Sleep, a rate limiter
	waitCond                   // a Cond's Signal or Broadcast
	waitSend                   // a receiver
	waitRecv                   // a sender, or close
	waitSelect                 // one of its cases' peers
	waitGroup                  // every Done of a WaitGroup
)

// A waitSite is an operation that blocks until something else happens.
type waitSite struct {
	kind  waitKind
	node  ast.Node
	label string // for messages: "time.Sleep", "send on s.ch", "s.wg.Wait()"
	// objs are the channels or the WaitGroup whose other users can end
	// the wait (for a select, one per case); cond is the Cond waited on.
	objs []*types.Var
	// ops are, for a select, what each case does with its channel
	// (waitSend or waitRecv), parallel to objs.
	ops  []waitKind
	cond lockRef
	// dur is a time.Sleep's constant duration, or -1.
	dur int64
	// fresh is set for an operation on a channel of a value the function
	// has just made: no one else can be on the other side yet.
	fresh bool
}

// peerOp is what a function does to a channel or WaitGroup.
type peerOp int

const (
	peerSend peerOp = 1 << iota
	peerRecv
	peerClose
	peerDone // WaitGroup.Add, Done or Go
)

// scanner holds the package-wide indexes the scan fills.
type scanner struct {
	c *checker
	// lits maps each function literal to its function.
	lits map[*ast.FuncLit]*function
	// aliases maps a local variable assigned once from a field (ch :=
	// s.ch, ch := s.stopChan()) to that field, and a channel parameter
	// every call binds to one field (aliases.go) to that field.
	aliases map[*types.Var]*types.Var
	// getters maps a function returning a channel field to the field.
	getters map[*types.Func]*types.Var
	// guarded are the calls of the function being scanned that are
	// inside an if on a parameter; conds the conditions around its lock
	// calls.
	guarded map[*ast.CallExpr]bool
	conds   map[*ast.CallExpr][]string
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

// collect lists the package's functions and scans each.
func (c *checker) collect() {
	s := &scanner{c: c, lits: make(map[*ast.FuncLit]*function), aliases: make(map[*types.Var]*types.Var)}
	c.scan = s
	info := c.pass.TypesInfo
	for _, file := range c.pass.Files {
		if tf := c.pass.Fset.File(file.FileStart); !opts.Tests && tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
			continue // nothing in a test file is reported, and no other package calls it
		}
		// stack holds, for each node being visited, the innermost
		// function around it.
		var stack []*function
		ast.Inspect(file, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			var outer *function
			if len(stack) > 0 {
				outer = stack[len(stack)-1]
			}
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body == nil {
					return false
				}
				obj, _ := info.Defs[n.Name].(*types.Func)
				fn := &function{node: n, body: n.Body, obj: obj, name: declName(n), file: file}
				if obj != nil {
					fn.params = paramsOf(obj.Signature())
					c.byObj[obj] = fn
				}
				c.funcs = append(c.funcs, fn)
				outer = fn
			case *ast.FuncLit:
				name := "func literal"
				if outer != nil {
					name = outer.name + " (func literal)"
				}
				fn := &function{node: n, body: n.Body, name: name, file: file}
				if sig, ok := info.TypeOf(n).(*types.Signature); ok {
					fn.params = paramsOf(sig)
				}
				s.lits[n] = fn
				c.funcs = append(c.funcs, fn)
				outer = fn
			}
			stack = append(stack, outer)
			return true
		})
	}
	s.chanGetters()
	for _, fn := range c.funcs {
		s.localsOf(fn)
	}
	s.chanParams()
	for _, fn := range c.funcs {
		s.scanFunc(fn)
	}
}

// declName names a declared function for messages: "Save" or "Store.Save".
func declName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	t := d.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.IndexListExpr:
			t = x.X
			continue
		case *ast.ParenExpr:
			t = x.X
			continue
		}
		break
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + d.Name.Name
	}
	return d.Name.Name
}

// paramsOf returns a signature's receiver (if any) and parameters, the
// order of callSite.args.
func paramsOf(sig *types.Signature) []*types.Var {
	var out []*types.Var
	if sig.Recv() != nil {
		out = append(out, sig.Recv())
	}
	for v := range sig.Params().Variables() {
		out = append(out, v)
	}
	return out
}

// localsOf reads fn's assignments to its variables: the local channels,
// WaitGroups and Conds that copy a field (var resetChan = i.resetChan:
// s.aliases), the variables assigned only values made here (composite
// literals, their addresses, new(T): fn.fresh) and those assigned after
// their declaration (fn.reassigned).
func (s *scanner) localsOf(fn *function) {
	info := s.c.pass.TypesInfo
	isNew := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = ast.Unparen(u.X)
		}
		switch e := e.(type) {
		case *ast.CompositeLit:
			return true
		case *ast.CallExpr:
			if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
				b, ok := info.Uses[id].(*types.Builtin)
				return ok && b.Name() == "new"
			}
		}
		return false
	}
	var stale map[types.Object]bool
	note := func(id *ast.Ident, rhs ast.Expr) {
		if v, _ := info.Defs[id].(*types.Var); v != nil && rhs != nil && isSyncObject(v.Type()) {
			if r, ok := refOf(info, rhs); ok && len(r.path) > 0 {
				s.aliases[v] = r.class
			} else if f := s.chanOf(rhs); f != nil {
				s.aliases[v] = f // ch := s.stopChan()
			}
		}
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
			if obj != nil {
				if fn.reassigned == nil {
					fn.reassigned = make(map[types.Object]bool)
				}
				fn.reassigned[obj] = true
			}
		}
		v, ok := obj.(*types.Var)
		if !ok || v.Pos() < fn.body.Pos() || v.Pos() >= fn.body.End() {
			return
		}
		if rhs != nil && isNew(rhs) {
			if fn.fresh == nil {
				fn.fresh = make(map[types.Object]bool)
			}
			fn.fresh[v] = true
			return
		}
		if stale == nil {
			stale = make(map[types.Object]bool)
		}
		stale[v] = true
	}
	inspectBody(fn.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok {
					var rhs ast.Expr
					if len(n.Lhs) == len(n.Rhs) {
						rhs = n.Rhs[i]
					}
					note(id, rhs)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if len(n.Values) == len(n.Names) {
					note(id, n.Values[i])
				} else if len(n.Values) > 0 {
					note(id, nil)
				}
			}
		}
		return true
	})
	for v := range stale {
		delete(fn.fresh, v)
	}
	if len(fn.fresh) == 0 {
		return
	}
	// A value escapes where a nested function literal captures it (a
	// goroutine, a callback), or where it is passed, stored, sent or
	// returned. Captured anywhere, it is not fresh for the summaries;
	// lock order asks whether it had escaped yet (freshAt).
	var stack []ast.Node
	inLit := token.NoPos
	ast.Inspect(fn.body, func(n ast.Node) bool {
		if n == nil {
			if lit, ok := stack[len(stack)-1].(*ast.FuncLit); ok && lit.Pos() == inLit {
				inLit = token.NoPos
			}
			stack = stack[:len(stack)-1]
			return false
		}
		if lit, ok := n.(*ast.FuncLit); ok && inLit == token.NoPos {
			inLit = lit.Pos()
		}
		if id, ok := n.(*ast.Ident); ok && fn.fresh[info.Uses[id]] && len(stack) > 0 {
			v := info.Uses[id]
			at := token.NoPos
			switch p := stack[len(stack)-1].(type) {
			case *ast.CallExpr:
				if p.Fun != id {
					at = id.Pos()
				}
			case *ast.AssignStmt, *ast.CompositeLit, *ast.KeyValueExpr, *ast.SendStmt, *ast.ReturnStmt:
				at = id.Pos()
			}
			if inLit != token.NoPos {
				at = inLit
				fn.captured = append(fn.captured, v)
			}
			if at.IsValid() {
				if old, ok := fn.published[v]; !ok || at < old {
					if fn.published == nil {
						fn.published = make(map[types.Object]token.Pos)
					}
					fn.published[v] = at
				}
			}
		}
		stack = append(stack, n)
		return true
	})
	made := fn.fresh
	fn.fresh = make(map[types.Object]bool, len(made))
	for v := range made {
		fn.made = append(fn.made, v)
		fn.fresh[v] = true
	}
	for _, v := range fn.captured {
		delete(fn.fresh, v)
	}
}

// freshAt reports whether v holds a value fn made and had not yet handed
// to anyone at pos.
func (fn *function) freshAt(v types.Object, pos token.Pos) bool {
	if !slices.Contains(fn.made, v) {
		return false
	}
	at, ok := fn.published[v]
	return !ok || pos < at
}

// isSyncObject reports whether t is a channel, or a (pointer to a)
// sync.WaitGroup or sync.Cond.
func isSyncObject(t types.Type) bool {
	if _, ok := t.Underlying().(*types.Chan); ok {
		return true
	}
	return typesx.IsNamedOrPointer(t, "sync", "WaitGroup") || typesx.IsNamedOrPointer(t, "sync", "Cond")
}

// inspectBody is ast.Inspect over a function body that does not enter
// nested function literals: they are functions of their own.
func inspectBody(body ast.Node, f func(ast.Node) bool) {
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok && n != body {
			return false
		}
		return f(n)
	})
}

// freshChan reports whether a channel expression is a field of a value fn
// has just made.
func (s *scanner) freshChan(fn *function, e ast.Expr) bool {
	r, ok := refOf(s.c.pass.TypesInfo, e)
	return ok && len(r.path) > 0 && fn.fresh[r.root]
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
		var body *ast.BlockStmt
		switch l := n.(type) {
		case *ast.ForStmt:
			body = l.Body
		case *ast.RangeStmt:
			body = l.Body
		default:
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

// justMade reports whether the function assigned ch a buffered channel
// (ch = make(chan T, n)) before pos, in its own body: the sends that
// follow fill a buffer no other goroutine has been handed yet
// (p.tokens = make(chan struct{}, n); for range n { p.tokens <- x }).
func (s *scanner) justMade(fn *function, ch ast.Expr, pos token.Pos) bool {
	info := s.c.pass.TypesInfo
	want := types.ExprString(ast.Unparen(ch))
	found := false
	inspectBody(fn.body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || found || as.Pos() >= pos || len(as.Lhs) != len(as.Rhs) {
			return !found
		}
		for i, l := range as.Lhs {
			if types.ExprString(ast.Unparen(l)) != want {
				continue
			}
			call, ok := ast.Unparen(as.Rhs[i]).(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				continue
			}
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "make" {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// objOf returns the object a channel, WaitGroup or Cond expression
// denotes: its field, or its variable (through a local alias of a field).
func (s *scanner) objOf(e ast.Expr) *types.Var {
	r, ok := refOf(s.c.pass.TypesInfo, e)
	if !ok {
		return nil
	}
	if len(r.path) == 0 {
		if v, ok := r.root.(*types.Var); ok {
			if f := s.aliases[v]; f != nil {
				return f
			}
		}
	}
	return r.class
}

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
		var ch ast.Expr
		switch comm := cc.Comm.(type) {
		case nil:
			blocks = false
			continue
		case *ast.SendStmt:
			inComm[comm] = true
			ch = comm.Chan
		case *ast.ExprStmt:
			if u := recvExpr(comm.X); u != nil {
				inComm[u] = true
				ch = u.X
			}
		case *ast.AssignStmt:
			if len(comm.Rhs) == 1 {
				if u := recvExpr(comm.Rhs[0]); u != nil {
					inComm[u] = true
					ch = u.X
				}
			}
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

// recvExpr returns e as a receive <-ch, or nil.
func recvExpr(e ast.Expr) *ast.UnaryExpr {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u
	}
	return nil
}

// typeUnder returns t's underlying type, or nil for a nil t.
func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}
