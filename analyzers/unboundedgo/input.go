// Input: whether a collection comes into the program, or is its own
// configuration and bookkeeping.

package unboundedgo

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// input reports whether the collection e, ranged over by loop l, holds data
// that comes into the program rather than configuration or the function's
// own bookkeeping. Input is:
//
//   - a parameter of a function literal, of a request handler, or of an
//     exported function or method (an API boundary; not the receiver,
//     whose fields are the configured components: s.backends, s.shards),
//     and a parameter of an unexported function that a call in the
//     package passes input to;
//   - a local assigned from, or decoded into by, a call that can fail
//     and that reads stored data or is given input (readsInput): rows, err
//     := db.QueryContext(ctx, q); json.Unmarshal(body, &x) with body input;
//   - what is derived from those: fields, elements, slices, method calls on
//     them, calls taking them, append, and locals assigned from them.
//
// Anything else (a receiver field, a package variable, the result of a call
// that cannot fail, such as expandURLs(s.URLs), a list fetched from another
// service or from the host, a helper's parameter no caller passes input
// to) is trusted to be small, or sized by the deployment.
func (c *checker) input(e ast.Expr, l inspector.Cursor) bool {
	return c.inputExpr(e, c.paramsAt(l, c.helperParams()), 0)
}

// paramsAt returns the parameters that hold input at cur: those of the
// enclosing function literals, handlers and exported functions, and the
// helper parameters in extra.
func (c *checker) paramsAt(cur inspector.Cursor, extra map[types.Object]bool) map[types.Object]bool {
	params := make(map[types.Object]bool, len(extra))
	for p := range extra {
		params[p] = true
	}
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var ft *ast.FuncType
		switch n := f.Node().(type) {
		case *ast.FuncDecl:
			if !n.Name.IsExported() && c.handlerIndex.Of(n) == nil {
				continue
			}
			ft = n.Type
		case *ast.FuncLit:
			ft = n.Type
		}
		for _, field := range ft.Params.List {
			for _, name := range field.Names {
				if obj := c.pass.TypesInfo.Defs[name]; obj != nil {
					params[obj] = true
				}
			}
		}
	}
	return params
}

// helperParams returns the parameters of the package's unexported
// functions to which some call in the package passes input: a helper
// fanning out over the slice its caller fetched.
func (c *checker) helperParams() map[types.Object]bool {
	if c.helpers != nil {
		return c.helpers
	}
	c.helpers = make(map[types.Object]bool)
	for range 3 { // helpers of helpers
		changed := false
		for cur := range c.in.Root().Preorder((*ast.CallExpr)(nil)) {
			call := cur.Node().(*ast.CallExpr)
			fn := typesx.StaticCallee(c.pass.TypesInfo, call)
			if fn == nil || fn.Pkg() != c.pass.Pkg || fn.Exported() {
				continue
			}
			sig, ok := fn.Type().(*types.Signature)
			if !ok || call.Ellipsis.IsValid() {
				continue
			}
			var callerParams map[types.Object]bool
			for i, arg := range call.Args {
				if i >= sig.Params().Len() || sig.Variadic() && i >= sig.Params().Len()-1 {
					break
				}
				p := sig.Params().At(i)
				if c.helpers[p] || !isCollection(p.Type()) {
					continue
				}
				if callerParams == nil {
					callerParams = c.paramsAt(cur, c.helpers)
				}
				if c.inputExpr(arg, callerParams, 0) {
					c.helpers[p] = true
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	return c.helpers
}

func (c *checker) inputExpr(e ast.Expr, params map[types.Object]bool, depth int) bool {
	if depth > 4 || e == nil {
		return false
	}
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		if !ok || v.IsField() {
			return false
		}
		if params[v] {
			return true
		}
		if v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
			return false // a package variable: configuration
		}
		for _, rhs := range c.defsOf(v) {
			if rhs == nil || rhs == zeroValue {
				continue
			}
			if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok && returnsError(info, call) {
				if c.readsInput(call, params, depth) {
					return true
				}
				continue
			}
			if c.inputExpr(rhs, params, depth+1) {
				return true
			}
		}
	case *ast.SelectorExpr:
		if sel := info.Selections[e]; sel != nil {
			return c.inputExpr(e.X, params, depth+1)
		}
	case *ast.IndexExpr:
		return c.inputExpr(e.X, params, depth+1)
	case *ast.SliceExpr:
		return c.inputExpr(e.X, params, depth+1)
	case *ast.StarExpr:
		return c.inputExpr(e.X, params, depth+1)
	case *ast.TypeAssertExpr:
		return c.inputExpr(e.X, params, depth+1)
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() {
			return len(e.Args) == 1 && c.inputExpr(e.Args[0], params, depth+1)
		}
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
			if s := info.Selections[sel]; s != nil && c.inputExpr(sel.X, params, depth+1) {
				return true // req.GetItems(), r.URL.Query()
			}
		}
		isAppend := false
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			b, ok := info.Uses[id].(*types.Builtin)
			isAppend = ok && b.Name() == "append"
		}
		for _, a := range e.Args {
			if (isAppend || isCollection(info.TypeOf(a))) && c.inputExpr(a, params, depth+1) {
				return true // filter(items), append(todo, item)
			}
		}
	}
	return false
}

func isCollection(t types.Type) bool {
	if t == nil {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Slice, *types.Map, *types.Chan, *types.Array, *types.Pointer:
		return true
	}
	return false
}

// returnsError reports whether call's last result is an error: the call
// can fail, as I/O does.
func returnsError(info *types.Info, call *ast.CallExpr) bool {
	t := info.TypeOf(call)
	if tup, ok := t.(*types.Tuple); ok {
		if tup.Len() == 0 {
			return false
		}
		t = tup.At(tup.Len() - 1).Type()
	}
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}
