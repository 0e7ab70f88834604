package httptimeout

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: transports that bound the wait for a response by themselves,
// so that a client using one needs no Timeout to give up on a server that
// stalls.

// streamingFields are the http.Transport fields of the knowledge table, in
// a fixed order.
var streamingFields = slices.Sorted(maps.Keys(knowledge.StreamingTransportTimeouts))

// A tenv binds the parameters of a function of the package entered
// through a call to that call's arguments, so that a helper wrapping the
// transport it is given (`newTransport(ci, t)`) is judged by what it is
// given.
type tenv struct {
	decl  inspector.Cursor // the FuncDecl entered
	call  *ast.CallExpr
	outer *tenv // where the call's arguments are evaluated
}

// boundedTransport reports whether the transport e evaluates to sets one
// of streamingFields to a value that is not a constant <= 0: in its
// literal, by an assignment to the variable holding it, in the function
// of this package, or of another (a funcFact), that returns it, or in the
// transport a round-tripper of the package's own wraps
// (`&Transport{Transport: t}`, `&authRoundTripper{next: t}`).
func (c *checker) boundedTransport(e ast.Expr, env *tenv, depth int) bool {
	if e == nil || depth > 6 {
		return false
	}
	info := c.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return x.Op == token.AND && c.boundedTransport(x.X, env, depth)
	case *ast.CompositeLit:
		t := info.TypeOf(x)
		if typesx.IsNamed(t, "net/http", "Transport") {
			for _, f := range streamingFields {
				if v := field(x, f); v != nil && !nonPositiveConst(c.pass, v) {
					return true
				}
			}
			return false
		}
		if !isTransport(t) && !isTransport(types.NewPointer(t)) {
			return false
		}
		// A round-tripper wrapping another: bounded when the transport it
		// holds is.
		for _, elt := range x.Elts {
			v := elt
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				v = kv.Value
			}
			if isTransport(info.TypeOf(v)) && c.boundedTransport(v, env, depth+1) {
				return true
			}
		}
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if !ok {
			return false
		}
		for _, f := range streamingFields {
			if c.assigned[fieldKey{v, f}] {
				return true
			}
		}
		defs := c.vars.defs[v]
		for _, d := range defs {
			switch {
			case d.param >= 0:
				if env == nil || d.at != env.decl || !c.boundedArg(env, d.param, depth) {
					return false
				}
			case d.unknown || !d.rhs.Valid() || d.result != 0 ||
				!c.boundedTransport(d.rhs.Node().(ast.Expr), env, depth+1):
				return false
			}
		}
		return len(defs) > 0
	case *ast.CallExpr:
		fn := typesx.Callee(info, x)
		if fn == nil || typesx.Static(fn) == nil {
			return false
		}
		if fn.Pkg() != c.pass.Pkg {
			var ff funcFact
			return c.pass.ImportObjectFact(fn, &ff) && ff.BoundedTransport
		}
		if decl, ok := c.calls.decls[fn]; ok {
			return c.returnsBoundedTransport(decl, &tenv{decl: decl, call: x, outer: env}, depth+1)
		}
	}
	return false
}

// boundedArg reports whether argument i of env's call, a transport
// parameter, is bounded where the call is made.
func (c *checker) boundedArg(env *tenv, i, depth int) bool {
	sig, ok := c.pass.TypesInfo.TypeOf(env.call.Fun).Underlying().(*types.Signature)
	if !ok || i >= len(env.call.Args) || sig.Variadic() && i >= sig.Params().Len()-1 || len(env.call.Args) != sig.Params().Len() {
		return false
	}
	return c.boundedTransport(env.call.Args[i], env.outer, depth+1)
}

// returnsBoundedTransport reports whether every return of the function
// decl returns, as its first result, a bounded transport; env binds its
// parameters when it is entered through a call.
func (c *checker) returnsBoundedTransport(decl inspector.Cursor, env *tenv, depth int) bool {
	seen := false
	for ret := range decl.Preorder((*ast.ReturnStmt)(nil)) {
		if fn, _ := enclosingFunc(ret); fn != decl {
			continue
		}
		rs := ret.Node().(*ast.ReturnStmt)
		if len(rs.Results) == 0 || !c.boundedTransport(rs.Results[0], env, depth) {
			return false
		}
		seen = true
	}
	return seen
}

// transportSetLater reports whether the client built at cur is given a
// bounded transport after its literal: `c.Transport = tr` anywhere in the
// package on the variable or field holding it, tr bounded.
func (c *checker) transportSetLater(cur inspector.Cursor) bool {
	obj := boundTo(c.pass, cur)
	if obj == nil || len(c.transports[obj]) == 0 {
		return false
	}
	c.index()
	for _, tr := range c.transports[obj] {
		if c.boundedTransport(tr, nil, 0) {
			return true
		}
	}
	return false
}

// isTransport reports whether t can hold a transport: *http.Transport,
// http.RoundTripper, or a type with a RoundTrip method (a round-tripper
// of its own, often embedding *http.Transport).
func isTransport(t types.Type) bool {
	if t == nil {
		return false
	}
	if typesx.IsNamedOrPointer(t, "net/http", "Transport") || typesx.IsNamed(t, "net/http", "RoundTripper") {
		return true
	}
	obj, _, _ := types.LookupFieldOrMethod(t, false, nil, "RoundTrip")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	params := fn.Signature().Params()
	return params.Len() == 1 && typesx.IsRequest(params.At(0).Type())
}
