package ctxpropagation

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/ctxscope"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file answers whether the context in scope can be cancelled at all:
// a parameter of an unexported function that every call in the package
// gives context.Background() or context.TODO() carries nothing to pass on.

// cannotCancel returns why passing src's context at cur would change
// nothing for cancellation, or "": no caller can cancel it ("never
// cancelled"), or the code runs once ("runs once", once.go).
func (c *checker) cannotCancel(cur inspector.Cursor, src ctxscope.Source) string {
	if c.neverCancelled(src) {
		return "never cancelled"
	}
	if c.runsOnce(cur, src) {
		return "runs once"
	}
	return ""
}

// neverCancelled reports whether src's variable is a context parameter of
// an unexported function of the package that no caller can cancel: every
// call of the function in the package passes context.Background(),
// context.TODO(), a value derived from them without a deadline or a cancel
// (WithValue, WithoutCancel), a local assigned only such values, or a
// parameter that is itself never cancelled. A function referenced other
// than by calling it (a method value, a callback, a method an interface of
// the package may call) has callers that are not seen, and so has a
// function no call of the package reaches.
func (c *checker) neverCancelled(src ctxscope.Source) bool {
	if src.Kind != ctxscope.Param || !typesx.IsContext(src.Var.Type()) {
		return false
	}
	if c.cancel == nil {
		c.cancel = c.solveCancel()
	}
	p, ok := c.cancel.params[src.Var]
	return ok && !p.cancellable
}

// A cancelSolution holds, for the context parameters of the package's
// unexported functions, whether a caller may pass a cancellable context.
type cancelSolution struct {
	params map[*types.Var]*cancelParam
	// assigns are the values assigned to the package's local context
	// variables (nil: something not seen, a range variable).
	assigns map[*types.Var][]ast.Expr
	// isParam holds every parameter of the package's functions and
	// literals: their values come from calls.
	isParam map[*types.Var]bool
}

type cancelParam struct {
	fn          *types.Func
	index       int
	args        []ast.Expr // the arguments of the calls in the package
	cancellable bool
}

// solveCancel finds the unexported functions' context parameters, their
// call sites, and solves which may be given a cancellable context, to a
// fixpoint (a parameter passed on to another function makes that one's
// cancellable in turn).
func (c *checker) solveCancel() *cancelSolution {
	s := &cancelSolution{
		params:  make(map[*types.Var]*cancelParam),
		assigns: make(map[*types.Var][]ast.Expr),
		isParam: make(map[*types.Var]bool),
	}
	info := c.pass.TypesInfo
	byFunc := make(map[*types.Func][]*cancelParam)
	ifaceMethods := interfaceMethodNames(c.pass.Pkg)
	root := c.inspector.Root()
	for cur := range root.Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		fn, _ := info.Defs[decl.Name].(*types.Func)
		if fn == nil || fn.Exported() || decl.Name.Name == "main" || decl.Name.Name == "init" {
			continue
		}
		if decl.Recv != nil && ifaceMethods[fn.Name()] {
			continue // an interface of the package may call it
		}
		params := fn.Signature().Params()
		for i := range params.Len() {
			if p := params.At(i); typesx.IsContext(p.Type()) {
				cp := &cancelParam{fn: fn, index: i}
				s.params[p] = cp
				byFunc[fn] = append(byFunc[fn], cp)
			}
		}
	}
	if len(byFunc) == 0 {
		return s
	}
	// Call sites, other references, and assignments to context locals.
	for cur := range root.Preorder((*ast.Ident)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.FuncType)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.FuncType:
			for _, f := range n.Params.List {
				for _, id := range f.Names {
					if v, ok := info.Defs[id].(*types.Var); ok {
						s.isParam[v] = true
					}
				}
			}
		case *ast.Ident:
			fn, ok := info.Uses[n].(*types.Func)
			if !ok || byFunc[fn.Origin()] == nil {
				continue
			}
			call, ok := calledBy(cur)
			if !ok {
				for _, cp := range byFunc[fn.Origin()] {
					cp.cancellable = true // a value: callers not seen
				}
				continue
			}
			off := 0
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
					off = 1 // (*T).m(recv, ctx)
				}
			}
			for _, cp := range byFunc[fn.Origin()] {
				if cp.index+off < len(call.Args) && !call.Ellipsis.IsValid() {
					cp.args = append(cp.args, call.Args[cp.index+off])
				} else {
					cp.cancellable = true
				}
			}
		case *ast.AssignStmt:
			s.addAssigns(info, n.Lhs, n.Rhs)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			s.addAssigns(info, lhs, n.Values)
		}
	}
	for _, cp := range s.params {
		if len(cp.args) == 0 {
			cp.cancellable = true // no call seen: dead code, or callers not seen (tests, linkname)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, cp := range s.params {
			if cp.cancellable {
				continue
			}
			for _, a := range cp.args {
				if s.mayCancel(info, a, make(map[*types.Var]bool)) {
					cp.cancellable = true
					changed = true
					break
				}
			}
		}
	}
	return s
}

// calledBy returns the call whose function is the identifier at cur
// (f(...), x.f(...), pkg.f(...), f[T](...)), or false when the identifier
// is used otherwise.
func calledBy(cur inspector.Cursor) (*ast.CallExpr, bool) {
	if cur.ParentEdgeKind() == edge.SelectorExpr_Sel {
		cur = cur.Parent()
	}
	for {
		switch cur.ParentEdgeKind() {
		case edge.ParenExpr_X, edge.IndexExpr_X, edge.IndexListExpr_X:
			cur = cur.Parent()
			continue
		case edge.CallExpr_Fun:
			return cur.Parent().Node().(*ast.CallExpr), true
		}
		return nil, false
	}
}

// addAssigns records the values assigned to local context variables.
func (s *cancelSolution) addAssigns(info *types.Info, lhs, rhs []ast.Expr) {
	for i, l := range lhs {
		id, ok := ast.Unparen(l).(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := info.ObjectOf(id).(*types.Var)
		if !ok || v.IsField() || !typesx.IsContext(v.Type()) {
			continue
		}
		var r ast.Expr
		switch {
		case len(rhs) == len(lhs):
			r = rhs[i]
		case len(rhs) == 1 && i == 0:
			r = rhs[0] // ctx, cancel := context.WithCancel(...)
		}
		s.assigns[v] = append(s.assigns[v], r)
	}
}

// mayCancel reports whether the context value e may be cancelled.
func (s *cancelSolution) mayCancel(info *types.Info, e ast.Expr, seen map[*types.Var]bool) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn := typesx.Callee(info, e)
		if fn == nil {
			return true
		}
		switch fn.FullName() {
		case "context.Background", "context.TODO", "context.WithoutCancel":
			return false
		case "context.WithValue":
			return len(e.Args) == 0 || s.mayCancel(info, e.Args[0], seen)
		}
		return true
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return true
		}
		if seen[v] {
			return false // a cycle of assignments adds nothing
		}
		seen[v] = true
		rhs, assigned := s.assigns[v]
		if cp, ok := s.params[v]; ok {
			if cp.cancellable {
				return true
			}
		} else if s.isParam[v] || !assigned || v.Parent() == nil || v.Parent().Parent() == types.Universe {
			return true // a parameter of an exported function or a literal, a package variable: anything
		}
		for _, r := range rhs {
			if r == nil || s.mayCancel(info, r, seen) {
				return true
			}
		}
		return false
	}
	return true
}

// interfaceMethodNames returns the names of the methods of the interfaces
// declared at the top level of pkg.
func interfaceMethodNames(pkg *types.Package) map[string]bool {
	names := make(map[string]bool)
	for _, n := range pkg.Scope().Names() {
		tn, ok := pkg.Scope().Lookup(n).(*types.TypeName)
		if !ok {
			continue
		}
		if it, ok := tn.Type().Underlying().(*types.Interface); ok {
			for i := range it.NumMethods() {
				names[it.Method(i).Name()] = true
			}
		}
	}
	return names
}
