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

// boundedTransport reports whether the transport e evaluates to sets one
// of streamingFields to a value that is not a constant <= 0: in its
// literal, by an assignment to the variable holding it, or in the function
// of this package, or of another (a funcFact), that returns it.
func (c *checker) boundedTransport(e ast.Expr, depth int) bool {
	if e == nil || depth > 4 {
		return false
	}
	info := c.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return x.Op == token.AND && c.boundedTransport(x.X, depth)
	case *ast.CompositeLit:
		if !typesx.IsNamed(info.TypeOf(x), "net/http", "Transport") {
			return false
		}
		for _, f := range streamingFields {
			if v := field(x, f); v != nil && !nonPositiveConst(c.pass, v) {
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
			if d.param >= 0 || d.unknown || !d.rhs.Valid() || d.result != 0 ||
				!c.boundedTransport(d.rhs.Node().(ast.Expr), depth+1) {
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
			return c.returnsBoundedTransport(decl, depth+1)
		}
	}
	return false
}

// returnsBoundedTransport reports whether every return of the function
// decl returns, as its first result, a bounded transport.
func (c *checker) returnsBoundedTransport(decl inspector.Cursor, depth int) bool {
	seen := false
	for ret := range decl.Preorder((*ast.ReturnStmt)(nil)) {
		if fn, _ := enclosingFunc(ret); fn != decl {
			continue
		}
		rs := ret.Node().(*ast.ReturnStmt)
		if len(rs.Results) == 0 || !c.boundedTransport(rs.Results[0], depth) {
			return false
		}
		seen = true
	}
	return seen
}

// isTransport reports whether t can hold a transport: *http.Transport or
// http.RoundTripper.
func isTransport(t types.Type) bool {
	return typesx.IsNamedOrPointer(t, "net/http", "Transport") || typesx.IsNamed(t, "net/http", "RoundTripper")
}
