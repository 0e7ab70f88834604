package ctxpropagation

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/ctxscope"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file keeps quiet about contexts built to outlive the call that
// builds them: stored in a component, given to a goroutine, or put in place
// of a request's own.

// stored reports whether the value computed at cur, directly or through
// the calls it is an argument of (context.WithCancel(context.Background())),
// is kept beyond the function: assigned to a field, an element or a
// package-level variable, put in a composite literal, or assigned to locals
// one of which is then so kept (ctx, cancel := ...; s.cancel = cancel).
// Such a context or object has the lifetime of a component, not of the
// call that happens to create it (a server's base context, a pooled
// connection, a long-lived stream): tying it to the caller's context would
// be the bug.
func (c *checker) stored(cur inspector.Cursor) bool {
	e := cur
	for {
		p := e.Parent()
		switch pn := p.Node().(type) {
		case *ast.ParenExpr:
			e = p
			continue
		case *ast.CallExpr:
			if pn.Fun != e.Node() {
				e = p // an argument: follow the call's result
				continue
			}
		case *ast.KeyValueExpr:
			return pn.Value == e.Node()
		case *ast.CompositeLit:
			return true
		case *ast.AssignStmt:
			return c.keptAny(cur, pn.Lhs)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(pn.Names))
			for i, id := range pn.Names {
				lhs[i] = id
			}
			return c.keptAny(cur, lhs)
		}
		return false
	}
}

// replacesRequestContext reports whether the context built at cur is put in
// place of the request's own with src's request: ctx, cancel :=
// context.WithCancel(context.Background()); req = req.WithContext(ctx). The
// code replaces the request's context knowingly (a client helper setting
// its own cancellation on an outgoing request).
func (c *checker) replacesRequestContext(cur inspector.Cursor, src ctxscope.Source) bool {
	if src.Kind != ctxscope.Request || !typesx.IsRequest(src.Var.Type()) {
		return false
	}
	e := cur
	for {
		p := e.Parent()
		if call, ok := p.Node().(*ast.CallExpr); ok && call.Fun != e.Node() {
			e = p
			continue
		}
		if _, ok := p.Node().(*ast.ParenExpr); ok {
			e = p
			continue
		}
		break
	}
	var local types.Object
	switch p := e.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Lhs) > 0 {
			if id, ok := p.Lhs[0].(*ast.Ident); ok {
				local = c.pass.TypesInfo.ObjectOf(id)
			}
		}
	case *ast.ValueSpec:
		if len(p.Names) > 0 {
			local = c.pass.TypesInfo.ObjectOf(p.Names[0])
		}
	}
	if local == nil {
		return false
	}
	body := enclosingFuncNode(cur)
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found || !ok || len(call.Args) != 1 {
			return !found
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "WithContext" {
			return true
		}
		x, ok1 := ast.Unparen(sel.X).(*ast.Ident)
		arg, ok2 := ast.Unparen(call.Args[0]).(*ast.Ident)
		found = ok1 && ok2 && c.pass.TypesInfo.Uses[x] == src.Var && c.pass.TypesInfo.Uses[arg] == local
		return !found
	})
	return found
}

// keptAny reports whether any of lhs is a field, an element or a
// package-level variable, or a local later stored in one, in cur's function.
func (c *checker) keptAny(cur inspector.Cursor, lhs []ast.Expr) bool {
	locals := make(map[types.Object]bool)
	for _, l := range lhs {
		switch l := ast.Unparen(l).(type) {
		case *ast.Ident:
			obj := c.pass.TypesInfo.ObjectOf(l)
			if obj == nil || l.Name == "_" {
				continue
			}
			if obj.Parent() == c.pass.Pkg.Scope() {
				return true
			}
			locals[obj] = true
		case *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
			return true
		}
	}
	if len(locals) == 0 {
		return false
	}
	body := enclosingFuncNode(cur)
	if body == nil {
		return false
	}
	isLocal := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && locals[c.pass.TypesInfo.Uses[id]]
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, r := range n.Rhs {
					if !isLocal(r) {
						continue
					}
					switch l := ast.Unparen(n.Lhs[i]).(type) {
					case *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
						found = true
					case *ast.Ident:
						if obj := c.pass.TypesInfo.ObjectOf(l); obj != nil && obj.Parent() == c.pass.Pkg.Scope() {
							found = true
						}
					}
				}
			}
		case *ast.KeyValueExpr:
			found = found || isLocal(n.Value)
		case *ast.CompositeLit:
			for _, elt := range n.Elts {
				found = found || isLocal(elt)
			}
		}
		return !found
	})
	return found
}

// startsGoroutine reports whether the value computed at cur, directly or
// through the context package's derivations, is an argument of a go
// statement's call: go s.commitLoop(context.Background()). The goroutine is
// started to outlive the call, like a go func() {...}() literal that does
// not take the caller's context: tying it to the caller would stop it when
// the call returns.
func startsGoroutine(info *types.Info, cur inspector.Cursor) bool {
	for {
		switch cur.ParentEdgeKind() {
		case edge.ParenExpr_X:
			cur = cur.Parent()
			continue
		case edge.CallExpr_Args:
			call := cur.Parent()
			if call.ParentEdgeKind() == edge.GoStmt_Call {
				return true
			}
			fn := typesx.Callee(info, call.Node().(*ast.CallExpr))
			if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" {
				cur = call // go f(context.WithValue(context.Background(), k, v))
				continue
			}
		}
		return false
	}
}
