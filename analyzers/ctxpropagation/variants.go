package ctxpropagation

import (
	"go/ast"
	"go/types"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// A variant is the context-taking variant of one API.
type variant struct {
	fn    *types.Func           // the variant, when it is a function or method (rename)
	entry *knowledge.CtxVariant // the table's entry, if any
	name  string                // the variant's name for a rename
}

// variantOf returns the context-taking variant of fn called at call, from
// the table or the general rule, or nil.
func (c *checker) variantOf(call *ast.CallExpr, fn, inst *types.Func) *variant {
	if e, ok := knowledge.CtxVariants[fn.FullName()]; ok {
		v := &variant{entry: &e, name: e.Rename}
		if e.Rename != "" {
			v.fn = c.lookup(call, fn, e.Rename)
		}
		return v
	}
	// The general rule depends on the receiver type at the call for
	// methods, so only functions are memoised.
	isMethod := fn.Signature().Recv() != nil
	if !isMethod {
		if v, ok := c.variants[fn]; ok {
			return v
		}
	}
	var found *variant
	for _, s := range knowledge.CtxSuffixes {
		cand := c.lookup(call, fn, fn.Name()+s.Suffix)
		if cand != nil && takesContextThen(cand, inst) {
			found = &variant{fn: cand, name: cand.Name()}
			break
		}
	}
	if !isMethod {
		c.variants[fn] = found
	}
	return found
}

// lookup finds the function or method name beside fn: in fn's package for a
// function, in the method set of the receiver at call for a method, declared
// on the same type as fn. It returns nil when there is none, or when it is
// not accessible from the package being analysed.
func (c *checker) lookup(call *ast.CallExpr, fn *types.Func, name string) *types.Func {
	var cand *types.Func
	if recv := fn.Signature().Recv(); recv == nil {
		if fn.Pkg() == nil {
			return nil
		}
		cand, _ = fn.Pkg().Scope().Lookup(name).(*types.Func)
	} else {
		sel, ok := ast.Unparen(calledExpr(call)).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		s := c.pass.TypesInfo.Selections[sel]
		if s == nil || s.Kind() != types.MethodVal {
			return nil
		}
		obj, _, _ := types.LookupFieldOrMethod(s.Recv(), true, c.pass.Pkg, name)
		cand, _ = obj.(*types.Func)
		if cand == nil {
			return nil
		}
		// Declared on the same type: a promoted QueryContext of an embedded
		// *sql.DB is no variant of the outer type's own Query.
		if !sameRecv(cand, fn) {
			return nil
		}
	}
	if cand == nil || !cand.Exported() && cand.Pkg() != c.pass.Pkg {
		return nil
	}
	return cand
}

// sameRecv reports whether methods a and b are declared on the same named
// type (through pointers and instantiations).
func sameRecv(a, b *types.Func) bool {
	na, nb := namedOf(a.Signature().Recv().Type()), namedOf(b.Signature().Recv().Type())
	return na != nil && nb != nil && na.Origin().Obj() == nb.Origin().Obj()
}

// namedOf returns the named type t or *t is, or nil.
func namedOf(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// takesContextThen reports whether cand's parameters are a context.Context
// followed by fn's parameters, optionally followed by one more variadic
// parameter when fn is not variadic (AWS's GetObjectWithContext(ctx, in,
// opts...) for GetObject(in)). Generic functions are compared through
// their origin only when neither has type parameters of its own.
func takesContextThen(cand, fn *types.Func) bool {
	cs, fs := cand.Signature(), fn.Signature()
	if cs.TypeParams().Len() > 0 || fs.TypeParams().Len() > 0 {
		return false
	}
	cp, fp := cs.Params(), fs.Params()
	if cp.Len() < 1 || !typesx.IsContext(cp.At(0).Type()) {
		return false
	}
	switch {
	case cp.Len() == fp.Len()+1:
		if cs.Variadic() != fs.Variadic() {
			return false
		}
	case cp.Len() == fp.Len()+2 && cs.Variadic() && !fs.Variadic():
	default:
		return false
	}
	for i := 0; i < fp.Len(); i++ {
		if !types.Identical(cp.At(i+1).Type(), fp.At(i).Type()) {
			return false
		}
	}
	return true
}

// calledExpr returns the called expression without type arguments.
func calledExpr(call *ast.CallExpr) ast.Expr {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		return f.X
	case *ast.IndexListExpr:
		return f.X
	}
	return fun
}
