package httptimeout

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: whether a request carries a deadline. A request's context is
// followed back through assignments (defs.go), through the parameters of
// the function it is in to that function's callers (callers.go), and
// through the results of the package's functions that build it.

// A verdict is what is known of the requests a client sends, from best to
// worst; joining two takes the worse.
type verdict uint8

const (
	// noSend: no request seen (yet). A client whose verdict stays noSend
	// is reported: nothing shows that it is bounded.
	noSend verdict = iota
	// bounded: every request seen carries a context with a deadline.
	bounded
	// handed: the client is handed to another package's configuration
	// (a field of its struct, a setter), which sends the requests with
	// the contexts its own API takes and owns their deadlines.
	handed
	// callerCtx: every request carries a deadline or the context the
	// caller of an exported function passes in (library code: the caller
	// decides).
	callerCtx
	// unbounded: some request has no deadline, or the value goes where it
	// is not followed.
	unbounded
)

func (v verdict) String() string {
	return [...]string{"deps", "bounded", "handed", "caller", "unbounded"}[v]
}

// A result is a verdict with what explains it.
type result struct {
	v verdict
	// timeoutSet: the client's Timeout is set after all, by a function or
	// option it is handed to.
	timeoutSet bool
	// at is a request sent with no deadline, for the message.
	at token.Pos
	// via is the exported function whose callers' context decides, for
	// callerCtx, and viaReq whether its callers pass the request (not a
	// context).
	via    *types.Func
	viaReq bool
	// deps are the parameters of the function a fact is computed for
	// (symbolic frame) whose argument decides, as a bit set.
	deps uint64
}

func (a result) join(b result) result {
	if b.v > a.v {
		a.v = b.v
	}
	a.timeoutSet = a.timeoutSet || b.timeoutSet
	if !a.at.IsValid() {
		a.at = b.at
	}
	if a.via == nil {
		a.via, a.viaReq = b.via, b.viaReq
	}
	a.deps |= b.deps
	return a
}

var unknown = result{v: unbounded}

// A frame is a function being evaluated: entered through a call (bound:
// its parameters are that call's arguments), or on its own (its
// parameters come from all its callers), or as the subject of a fact
// (symbolic: its parameters are left to the caller in another package).
type frame struct {
	fn     inspector.Cursor // FuncDecl or FuncLit
	obj    *types.Func      // for a FuncDecl
	call   inspector.Cursor // bound: the call that entered fn
	caller *frame           // bound: the frame of that call
	// outer is the frame of the function around a function literal.
	outer    *frame
	symbolic bool
	depth    int
}

func (f *frame) bound() bool { return f.caller != nil }

// maxDepth bounds how many calls deep a value is followed, and maxSteps
// the work for one finding; past them the value is unknown (reported).
const (
	maxDepth = 12
	maxSteps = 20000
)

// An eval follows one client, with its own memory of what is in progress.
type eval struct {
	c *checker
	// fact: the eval computes a fact, which holds for every call of the
	// function: a Timeout assigned to a field somewhere in its package (by
	// an option its callers may not use) does not count there.
	fact   bool
	busy   map[any]bool
	roots  map[inspector.Cursor]*frame
	boundF map[[2]any]*frame
	steps  int
	// exhausted: maxSteps was reached; what was found is incomplete, and
	// the client counts as unbounded.
	exhausted bool
}

func (c *checker) newEval() *eval {
	return &eval{c: c, busy: make(map[any]bool), roots: make(map[inspector.Cursor]*frame), boundF: make(map[[2]any]*frame)}
}

// enter marks key in progress; a key met again while in progress adds
// nothing (the least fixed point of the join).
func (e *eval) enter(key any) bool {
	e.steps++
	if e.steps > maxSteps {
		e.exhausted = true
		return false
	}
	if e.busy[key] {
		return false
	}
	e.busy[key] = true
	return true
}

func (e *eval) leave(key any) { delete(e.busy, key) }

// root returns the frame of fn evaluated on its own.
func (e *eval) root(fn inspector.Cursor) *frame {
	if f, ok := e.roots[fn]; ok {
		return f
	}
	f := &frame{fn: fn}
	e.roots[fn] = f
	switch n := fn.Node().(type) {
	case *ast.FuncDecl:
		f.obj, _ = e.c.pass.TypesInfo.Defs[n.Name].(*types.Func)
	case *ast.FuncLit:
		if out, ok := enclosingFunc(fn.Parent()); ok {
			f.outer = e.root(out)
		}
	}
	return f
}

// enterCall returns the frame of the function decl entered through call,
// made in frame caller.
func (e *eval) enterCall(decl inspector.Cursor, call inspector.Cursor, caller *frame) *frame {
	key := [2]any{call, caller}
	if f, ok := e.boundF[key]; ok {
		return f
	}
	f := &frame{fn: decl, call: call, caller: caller, depth: caller.depth + 1}
	f.obj, _ = e.c.pass.TypesInfo.Defs[decl.Node().(*ast.FuncDecl).Name].(*types.Func)
	e.boundF[key] = f
	return f
}

// at returns the frame for code at cur, seen from frame fr: fr itself, or
// the function literals inside fr around cur, or, when fr does not enclose
// cur, the root frame of the function around cur.
func (e *eval) at(cur inspector.Cursor, fr *frame) *frame {
	fn, ok := enclosingFunc(cur)
	if !ok {
		return nil // package level
	}
	if fr != nil {
		if fn == fr.fn {
			return fr
		}
		if lits, ok := funcsBetween(cur, fr.fn); ok {
			f := fr
			for _, lit := range lits {
				f = &frame{fn: lit, outer: f, depth: f.depth}
			}
			return f
		}
	}
	return e.root(fn)
}

// frameOf returns the frame of function fn as seen from fr: fr or one of
// the frames around it, else fn's root frame.
func (e *eval) frameOf(fn inspector.Cursor, fr *frame) *frame {
	for f := fr; f != nil; f = f.outer {
		if f.fn == fn {
			return f
		}
	}
	return e.root(fn)
}

// A kind is the type of value whose deadline is asked for.
type kind uint8

const (
	kCtx kind = iota // a context.Context
	kReq             // an *http.Request: its context
)

// value returns the verdict for the deadline of the context (or the
// request's context) cur evaluates to, in frame fr; idx is the index in
// the results of a call.
func (e *eval) value(cur inspector.Cursor, fr *frame, k kind, idx int) result {
	for cur.Node() != nil {
		if _, ok := cur.Node().(*ast.ParenExpr); !ok {
			break
		}
		cur = cur.ChildAt(edge.ParenExpr_X, -1)
	}
	if typesx.IsNil(e.c.pass.TypesInfo, cur.Node().(ast.Expr)) {
		return result{} // no request, no context: nothing is sent with it
	}
	switch n := cur.Node().(type) {
	case *ast.Ident:
		if v, ok := e.c.pass.TypesInfo.Uses[n].(*types.Var); ok && !v.IsField() {
			return e.variable(v, cur, fr, k)
		}
	case *ast.CallExpr:
		return e.callValue(cur, n, fr, k, idx)
	case *ast.SelectorExpr:
		if f, ok := e.c.pass.TypesInfo.Uses[n.Sel].(*types.Var); ok && f.IsField() {
			return e.fieldValue(f, k)
		}
	}
	return unknown
}

// fieldValue judges a context (or request) read from struct field f: by
// every value stored in it in the package, in a struct literal or by an
// assignment, each judged where it is stored (`&upload{ctx: ctx}` in a
// method whose callers pass the context). A field of another package, an
// exported field, or one whose address is taken, may be stored where we
// cannot see.
func (e *eval) fieldValue(f *types.Var, k kind) result {
	if f.Pkg() != e.c.pass.Pkg || f.Exported() {
		return unknown
	}
	key := [2]any{f, k}
	if !e.enter(key) {
		return result{}
	}
	defer e.leave(key)
	var res result
	stored := false
	for _, u := range e.c.vars.uses[f] {
		var val inspector.Cursor
		idx := 0
		switch u.ParentEdgeKind() {
		case edge.KeyValueExpr_Key:
			val = u.Parent().ChildAt(edge.KeyValueExpr_Value, -1)
		case edge.SelectorExpr_Sel:
			sel := u.Parent()
			switch k, i := sel.ParentEdge(); k {
			case edge.AssignStmt_Lhs:
				as := sel.Parent().Node().(*ast.AssignStmt)
				switch {
				case as.Tok != token.ASSIGN:
					return unknown
				case len(as.Lhs) == len(as.Rhs):
					val = sel.Parent().ChildAt(edge.AssignStmt_Rhs, i)
				case len(as.Rhs) == 1:
					val, idx = sel.Parent().ChildAt(edge.AssignStmt_Rhs, 0), i
				default:
					return unknown
				}
			case edge.UnaryExpr_X:
				return unknown // &x.f: stored through a pointer
			default:
				continue // a read
			}
		default:
			return unknown
		}
		stored = true
		res = res.join(e.value(val, e.at(val, nil), k, idx))
	}
	if !stored {
		return unknown
	}
	return res
}

// variable judges v at its use cur by the assignments that may reach it.
func (e *eval) variable(v *types.Var, use inspector.Cursor, fr *frame, k kind) result {
	if _, local := e.c.vars.owner[v]; !local {
		return unknown // a package variable: anyone may assign it
	}
	var res result
	defs := e.c.vars.reaching(v, use)
	if len(defs) == 0 {
		return unknown
	}
	for _, d := range defs {
		key := [4]any{v, d.at, d.param, fr}
		if !e.enter(key) {
			continue
		}
		var r result
		df := e.frameOf(d.fn, fr)
		switch {
		case d.param >= 0:
			r = e.param(df, d.param, k)
		case d.unknown || !d.rhs.Valid():
			r = unknown
		default:
			r = e.value(d.rhs, df, k, d.result)
		}
		e.leave(key)
		res = res.join(r)
	}
	return res
}

// param judges parameter i of the function of frame fr.
func (e *eval) param(fr *frame, i int, k kind) result {
	if fr.depth > maxDepth {
		return unknown
	}
	switch {
	case fr.symbolic:
		if i < 64 {
			return result{deps: 1 << i}
		}
		return unknown
	case fr.bound():
		return e.argument(fr.call, i, fr.caller, k)
	}
	if _, ok := fr.fn.Node().(*ast.FuncLit); ok {
		// A literal called where it is written; other literals are
		// called from where we cannot see.
		if run, call := control.LitRun(e.c.pass.TypesInfo, fr.fn); run.Called() && fr.outer != nil {
			return e.argument(call, i, e.at(call, fr.outer), k)
		}
		return unknown
	}
	fn := fr.obj
	if fn == nil {
		return unknown
	}
	key := [3]any{fn, i, k}
	if !e.enter(key) {
		return result{}
	}
	defer e.leave(key)
	sites, known := e.c.calls.callersOf(fn)
	var res result
	if !known {
		res = unknown
	}
	if e.c.calls.externallyCallable(fn) {
		res = res.join(result{v: callerCtx, via: fn, viaReq: k == kReq})
	}
	for _, call := range sites {
		r := e.argument(call, i, e.at(call, nil), k)
		if r.v == unbounded {
			if w := e.c.variantWrapper(call, fn); w != nil {
				// The caller of w chose it over fn, which takes the context.
				r = result{v: callerCtx, via: w}
			}
		}
		res = res.join(r)
	}
	return res
}

// variantWrapper returns the function around call when it is the
// context-less variant of fn that the package offers beside it, for its
// callers to choose: fn is F+Context (or Ctx, WithContext), called from F
// (`func (c *Client) Call(...) { return c.CallContext(context.Background(), ...) }`),
// both callable from other packages, F taking no context or request.
func (c *checker) variantWrapper(call inspector.Cursor, fn *types.Func) *types.Func {
	in, ok := enclosingFunc(call)
	if !ok {
		return nil
	}
	decl, ok := in.Node().(*ast.FuncDecl)
	if !ok {
		return nil
	}
	w, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok || !c.calls.externallyCallable(w) || !c.calls.externallyCallable(fn) || !sameOwner(w, fn) {
		return nil
	}
	for p := range w.Signature().Params().Variables() {
		if typesx.IsContext(p.Type()) || typesx.IsRequest(p.Type()) {
			return nil
		}
	}
	for _, s := range knowledge.CtxSuffixes {
		if fn.Name() == w.Name()+s.Suffix {
			return w
		}
	}
	return nil
}

// sameOwner reports whether a and b are both functions of the package or
// both methods of the same named type.
func sameOwner(a, b *types.Func) bool {
	ra, rb := a.Signature().Recv(), b.Signature().Recv()
	if ra == nil || rb == nil {
		return ra == nil && rb == nil && a.Pkg() == b.Pkg()
	}
	na := typesx.NamedName(ra.Type())
	return na != "" && na == typesx.NamedName(rb.Type()) && a.Pkg() == b.Pkg()
}

// argument judges argument i of call, made in frame fr.
func (e *eval) argument(call inspector.Cursor, i int, fr *frame, k kind) result {
	ce := call.Node().(*ast.CallExpr)
	if i >= len(ce.Args) {
		return unknown
	}
	if t := e.c.pass.TypesInfo.TypeOf(ce.Fun); t == nil {
		return unknown
	} else if sig, ok := t.Underlying().(*types.Signature); ok {
		n := sig.Params().Len()
		if sig.Variadic() && i >= n-1 || !sig.Variadic() && n != len(ce.Args) {
			return unknown // a variadic argument, or f(g()) with g returning several values
		}
	}
	if fr == nil {
		return unknown
	}
	return e.value(call.ChildAt(edge.CallExpr_Args, i), fr, k, 0)
}

// callValue judges a call's result.
func (e *eval) callValue(cur inspector.Cursor, call *ast.CallExpr, fr *frame, k kind, idx int) result {
	info := e.c.pass.TypesInfo
	fn := typesx.Callee(info, call)
	name := ""
	if fn != nil {
		name = fn.FullName()
	}
	if k == kCtx {
		if _, ok := deadlineFuncs[name]; ok {
			return result{v: bounded}
		}
		if _, ok := knowledge.DetachingFuncs[name]; ok {
			return unknown
		}
		if name == "(*net/http.Request).Context" {
			if fun := cur.ChildAt(edge.CallExpr_Fun, -1); fun.ParentEdgeKind() == edge.CallExpr_Fun {
				if _, ok := fun.Node().(*ast.SelectorExpr); ok {
					return e.value(fun.ChildAt(edge.SelectorExpr_X, -1), fr, kReq, 0)
				}
			}
		}
	} else {
		if arg, ok := requestFuncs[name]; ok {
			if arg < 0 || arg >= len(call.Args) {
				return unknown
			}
			return e.value(cur.ChildAt(edge.CallExpr_Args, arg), fr, kCtx, 0)
		}
	}
	if fn != nil && typesx.Static(fn) != nil {
		if decl, ok := e.c.calls.decls[fn]; ok && fr != nil && fr.depth < maxDepth {
			return e.returned(decl, cur, fr, k, idx)
		}
	}
	// A function from a context to a context (a tracer's Start, a
	// metadata helper) derives the result from its argument, and a
	// function from a request to a request (an option, an interceptor)
	// keeps the request's context: both keep the argument's deadline.
	want := typesx.IsContext
	if k == kReq {
		want = typesx.IsRequest
	}
	rt := info.TypeOf(call)
	if tup, ok := rt.(*types.Tuple); ok {
		if idx >= tup.Len() {
			return unknown
		}
		rt = tup.At(idx).Type()
	}
	if rt == nil || !want(rt) {
		return unknown
	}
	for i, a := range call.Args {
		if want(info.TypeOf(a)) {
			return e.value(cur.ChildAt(edge.CallExpr_Args, i), fr, k, 0)
		}
	}
	return unknown
}

// returned judges what a function of the package returns, as result
// number idx, when entered through call.
func (e *eval) returned(decl, call inspector.Cursor, fr *frame, k kind, idx int) result {
	bf := e.enterCall(decl, call, fr)
	key := [3]any{bf, k, idx}
	if !e.enter(key) {
		return noResult
	}
	defer e.leave(key)
	var res result
	seen := false
	for ret := range decl.Preorder((*ast.ReturnStmt)(nil)) {
		rs := ret.Node().(*ast.ReturnStmt)
		if fn, _ := enclosingFunc(ret); fn != decl {
			continue
		}
		seen = true
		if len(rs.Results) <= idx || (len(rs.Results) == 1 && idx > 0) {
			return unknown // bare return of named results, or return f()
		}
		res = res.join(e.value(ret.ChildAt(edge.ReturnStmt_Results, idx), bf, k, 0))
	}
	if !seen {
		return unknown
	}
	return res
}

var noResult result
