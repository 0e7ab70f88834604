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
		if e.stream && cancelFuncs[name] && cancelKept(info, cur) {
			return result{v: bounded} // a stream its owner ends
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

// cancelFuncs return a context and the function that cancels it, with no
// deadline.
var cancelFuncs = map[string]bool{
	"context.WithCancel":      true,
	"context.WithCancelCause": true,
}

// cancelKept reports whether the cancel function of the call at cur
// (ctx, cancel := context.WithCancel(parent)) is kept beyond the function
// that makes it: stored in a field, an element or a package variable, or
// handed to a call (d.track(id, cancel)), where a Stop can call it. Only
// calling it (cancel(), defer cancel()) does not keep it.
func cancelKept(info *types.Info, cur inspector.Cursor) bool {
	as, ok := cur.Parent().Node().(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return false
	}
	switch lhs := ast.Unparen(as.Lhs[1]).(type) {
	case *ast.SelectorExpr, *ast.IndexExpr:
		return true // s.cancel = ...: stored
	case *ast.Ident:
		v, _ := info.ObjectOf(lhs).(*types.Var)
		if v == nil {
			return false
		}
		if v.Parent() == v.Pkg().Scope() {
			return true // a package variable
		}
		fn, ok := enclosingFunc(cur)
		if !ok {
			return false
		}
		for u := range fn.Preorder((*ast.Ident)(nil)) {
			if info.Uses[u.Node().(*ast.Ident)] != v {
				continue
			}
			if u.ParentEdgeKind() == edge.CallExpr_Fun {
				continue // cancel()
			}
			if u.ParentEdgeKind() == edge.AssignStmt_Lhs {
				continue // assigned again
			}
			return true // stored, handed on, captured in a value
		}
	}
	return false
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
