package ctxuse

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file follows one context value through a function: where each use
// of it, or of a context derived from it, leads.

// An eval follows context values through the function root.
type eval struct {
	in   *Info
	root ast.Node // the outermost function declaration or literal
	from *node    // the function being solved, which records what it reads; nil for queries
	seen map[*types.Var]bool
}

// index returns the uses of context.Context variables in e.root.
func (e *eval) index() map[*types.Var][]inspector.Cursor {
	if idx, ok := e.in.indexes[e.root]; ok {
		return idx
	}
	idx := make(map[*types.Var][]inspector.Cursor)
	if root, ok := e.in.in.Root().FindNode(e.root); ok {
		for cur := range root.Preorder((*ast.Ident)(nil)) {
			v, ok := e.in.pass.TypesInfo.Uses[cur.Node().(*ast.Ident)].(*types.Var)
			if ok && !v.IsField() && isContext(v.Type()) {
				idx[v] = append(idx[v], cur)
			}
		}
	}
	e.in.indexes[e.root] = idx
	return idx
}

// variable returns what becomes of v's value: the most a use of it at or
// after from does. A variable is followed once per evaluation (loops of
// assignments end).
func (e *eval) variable(v *types.Var, from token.Pos) Flow {
	if e.seen[v] {
		return Ignored
	}
	e.seen[v] = true
	best := Ignored
	for _, u := range e.index()[v] {
		if u.Node().Pos() < from {
			continue
		}
		f := Used
		if !e.inGoroutine(u, v) {
			f = e.expr(u)
		}
		if f > best {
			best = f
			if best == Used {
				break
			}
		}
	}
	return best
}

// inGoroutine reports whether the use u of v is inside a function literal
// started by a go statement that does not declare v: the goroutine may
// outlive the call, and is assumed to use the context.
func (e *eval) inGoroutine(u inspector.Cursor, v *types.Var) bool {
	for lit := range u.Enclosing((*ast.FuncLit)(nil)) {
		n := lit.Node()
		if n.Pos() <= v.Pos() && v.Pos() < n.End() {
			return false
		}
		if run, _ := control.LitRun(e.in.pass.TypesInfo, lit); run == control.Go {
			return true
		}
	}
	return false
}

// expr returns what becomes of the context value of the expression at cur.
func (e *eval) expr(cur inspector.Cursor) Flow {
	for {
		parent := cur.Parent()
		k, idx := cur.ParentEdge()
		switch k {
		case edge.ParenExpr_X:
			cur = parent
			continue
		case edge.SelectorExpr_X:
			// ctx.Value(k) reads a value; Done, Err, Deadline and method
			// values observe cancellation.
			sel := parent.Node().(*ast.SelectorExpr)
			if sel.Sel.Name == "Value" && parent.ParentEdgeKind() == edge.CallExpr_Fun {
				return Ignored
			}
			return e.method(parent, sel.Sel.Name)
		case edge.CallExpr_Args:
			return e.arg(parent, idx)
		case edge.AssignStmt_Lhs, edge.BinaryExpr_X, edge.BinaryExpr_Y, edge.ExprStmt_X:
			return Ignored // assigned to, compared (ctx == nil), discarded
		case edge.AssignStmt_Rhs:
			as := parent.Node().(*ast.AssignStmt)
			if len(as.Lhs) == len(as.Rhs) {
				return e.target(as.Lhs[idx], parent)
			}
			return e.targets(as.Lhs, parent)
		case edge.ValueSpec_Values:
			vs := parent.Node().(*ast.ValueSpec)
			lhs := make([]ast.Expr, len(vs.Names))
			for i, id := range vs.Names {
				lhs[i] = id
			}
			if len(vs.Names) == len(vs.Values) {
				return e.target(lhs[idx], parent)
			}
			return e.targets(lhs, parent)
		case edge.ReturnStmt_Results:
			for range cur.Enclosing((*ast.FuncLit)(nil)) {
				return Used // returned by a literal: whoever calls it is not seen
			}
			return Returned
		}
		// Stored (a field, an element, a composite literal, a channel),
		// converted to an interface, its address taken: not followed.
		return Used
	}
}

// target returns what becomes of a context value assigned to lhs by the
// statement at stmt.
func (e *eval) target(lhs ast.Expr, stmt inspector.Cursor) Flow {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return Used // a field, an element, *p: stored
	}
	if id.Name == "_" {
		return Ignored
	}
	v, _ := e.in.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if v == nil || v.Parent() == e.in.pass.Pkg.Scope() {
		return Used
	}
	for fn := range stmt.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var ft *ast.FuncType
		switch n := fn.Node().(type) {
		case *ast.FuncDecl:
			ft = n.Type
		case *ast.FuncLit:
			ft = n.Type
		}
		if declares(e.in.pass.TypesInfo, ft.Results, v) {
			if _, lit := fn.Node().(*ast.FuncLit); lit {
				return Used
			}
			return Returned // a named result, returned by a bare return
		}
	}
	if !isContext(v.Type()) {
		return Used // an interface holding it: not followed
	}
	return e.variable(v, stmt.Node().End())
}

// targets returns what becomes of a call's context results assigned to lhs
// (ctx, cancel := context.WithTimeout(parent, d)): the most any
// context.Context target does; Used when none is a context.
func (e *eval) targets(lhs []ast.Expr, stmt inspector.Cursor) Flow {
	best, any := Ignored, false
	for _, l := range lhs {
		t := e.in.pass.TypesInfo.TypeOf(l)
		if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
			continue
		}
		if t == nil || !isContext(t) {
			continue
		}
		any = true
		best = max(best, e.target(l, stmt))
	}
	if !any {
		for _, l := range lhs {
			if id, ok := l.(*ast.Ident); !ok || id.Name != "_" {
				return Used
			}
		}
	}
	return best
}

// declares reports whether the field list fl declares v.
func declares(info *types.Info, fl *ast.FieldList, v *types.Var) bool {
	if fl == nil {
		return false
	}
	for _, f := range fl.List {
		for _, id := range f.Names {
			if info.Defs[id] == v {
				return true
			}
		}
	}
	return false
}

// arg returns what becomes of a context value passed as argument idx of
// the call at callCur.
func (e *eval) arg(callCur inspector.Cursor, idx int) Flow {
	info := e.in.pass.TypesInfo
	call := callCur.Node().(*ast.CallExpr)
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return e.expr(callCur) // a conversion: the same value
	}
	fun := ast.Unparen(call.Fun)
	if id, ok := fun.(*ast.Ident); ok {
		if _, ok := info.Uses[id].(*types.Builtin); ok {
			return Used // append(list, ctx): stored
		}
	}
	if callCur.ParentEdgeKind() == edge.GoStmt_Call {
		return Used // a goroutine may outlive the call: assumed to use it
	}
	if lit, ok := fun.(*ast.FuncLit); ok {
		// Called in place: follow the literal's parameter.
		if p := paramAt(info, lit.Type, idx); p != nil && isContext(p.Type()) {
			return e.variable(p, 0)
		}
		return Used
	}
	fn := typesx.Callee(info, call)
	if fn == nil {
		return Used // a function value: not seen
	}
	if isMethodExpr(info, call) {
		if idx == 0 {
			return Used // the receiver of (*T).M(x, ...)
		}
		idx-- // (*T).M(recv, ctx): the receiver comes first
	}
	sig := fn.Signature()
	params := sig.Params()
	var pt types.Type
	j := idx
	switch {
	case sig.Variadic() && idx >= params.Len()-1:
		if call.Ellipsis.IsValid() {
			return Used
		}
		j = params.Len() - 1
		s, ok := params.At(j).Type().Underlying().(*types.Slice)
		if !ok {
			return Used
		}
		pt = s.Elem()
	case idx < params.Len():
		pt = params.At(j).Type()
	default:
		return Used
	}
	f := e.in.param(fn, j, pt, e.from)
	if f == Returned {
		return e.expr(callCur) // a derived context: where it goes decides
	}
	if (f == Checked || f == Parked) && e.in.repeated(callCur, token.NoPos) {
		return Used // checked or waited on at every call of a loop: the loop ends early
	}
	return f
}

// paramAt returns the parameter of a function literal's type that the
// argument at idx binds, or nil.
func paramAt(info *types.Info, ft *ast.FuncType, idx int) *types.Var {
	i := 0
	for _, f := range ft.Params.List {
		if len(f.Names) == 0 {
			if i == idx {
				return nil
			}
			i++
			continue
		}
		for _, id := range f.Names {
			if i == idx {
				v, _ := info.Defs[id].(*types.Var)
				return v
			}
			i++
		}
	}
	return nil
}

// isMethodExpr reports whether call calls a method expression, T.M(recv,
// args...), whose first argument is the receiver.
func isMethodExpr(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := info.Selections[sel]
	return s != nil && s.Kind() == types.MethodExpr
}
