package httptimeout

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: timeouts set after the literal, by the options a client or
// server is handed to.

// optionLoopCall reports whether call applies one of a list of options:
// `for _, opt := range opts { opt(srv) }`, the callee being the value of a
// range over a slice or array of functions. The options are the caller's
// way to configure what they are given, timeouts included: a value handed
// to them is trusted to get its timeout there.
func (c *checker) optionLoopCall(call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	for _, d := range c.vars.defs[v] {
		rs, ok := d.at.Node().(*ast.RangeStmt)
		if !ok || rs.Value == nil {
			continue
		}
		if id := identOf(rs.Value); id == nil || c.pass.TypesInfo.ObjectOf(id) != v {
			continue
		}
		var elem types.Type
		switch t := c.pass.TypesInfo.TypeOf(rs.X).Underlying().(type) {
		case *types.Slice:
			elem = t.Elem()
		case *types.Array:
			elem = t.Elem()
		}
		if elem != nil && isOption(elem) {
			return true
		}
	}
	return false
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// timeoutOption reports whether opt, the call of another package that is
// handed the client (an option, a builder's method), sits among calls that
// set a timeout on what it configures: an option function or builder
// method named like a request timeout (isTimeoutOption) with an argument
// that is not a constant <= 0, in the same call's arguments, the same list
// of options (a slice literal, or the appends to the variable holding it),
// or the same chain of builder calls. Which client the timeout applies to
// is the API's business: we trust that it is the one handed over.
func (c *checker) timeoutOption(opt inspector.Cursor) bool {
	info := c.pass.TypesInfo
	var items []ast.Expr
	o := climb(opt)
	p := o.Parent()
	switch o.ParentEdgeKind() {
	case edge.CallExpr_Args:
		items = append(items, p.Node().(*ast.CallExpr).Args...)
		if isAppend(info, p.Node().(*ast.CallExpr)) {
			items = append(items, c.listItems(assignedVar(info, p))...)
		}
	case edge.CompositeLit_Elts:
		items = append(items, p.Node().(*ast.CompositeLit).Elts...)
		items = append(items, c.listItems(assignedVar(info, p))...)
	}
	// A chain of builder calls: b.WithClient(c).WithTimeout(d).Build().
	for x := opt.Node().(*ast.CallExpr); ; {
		sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
		if !ok {
			break
		}
		inner, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		if !ok {
			break
		}
		items = append(items, inner)
		x = inner
	}
	for up := opt; up.ParentEdgeKind() == edge.SelectorExpr_X && up.Parent().ParentEdgeKind() == edge.CallExpr_Fun; {
		up = up.Parent().Parent()
		items = append(items, up.Node().(*ast.CallExpr))
	}
	for _, it := range items {
		if call, ok := ast.Unparen(it).(*ast.CallExpr); ok && c.setsTimeout(call) {
			return true
		}
	}
	return false
}

// listItems returns the options put in the list variable v: the elements
// of slice literals assigned to it and the arguments appended to it.
func (c *checker) listItems(v *types.Var) []ast.Expr {
	if v == nil {
		return nil
	}
	var items []ast.Expr
	for _, d := range c.vars.defs[v] {
		if !d.rhs.Valid() {
			continue
		}
		switch r := ast.Unparen(d.rhs.Node().(ast.Expr)).(type) {
		case *ast.CompositeLit:
			items = append(items, r.Elts...)
		case *ast.CallExpr:
			if isAppend(c.pass.TypesInfo, r) && len(r.Args) > 1 {
				items = append(items, r.Args[1:]...)
			}
		}
	}
	return items
}

// setsTimeout reports whether call is an option or builder call named like
// a request timeout, given a value that is not a constant <= 0.
func (c *checker) setsTimeout(call *ast.CallExpr) bool {
	var name string
	if fn := typesx.Callee(c.pass.TypesInfo, call); fn != nil {
		name = fn.Name()
	} else if id := identOf(call.Fun); id != nil {
		name = id.Name
	}
	if !isTimeoutOption(name) || len(call.Args) == 0 {
		return false
	}
	for _, a := range call.Args {
		if nonPositiveConst(c.pass, a) {
			return false
		}
	}
	return true
}

// setVia reports whether one of fields is set on the value stored in obj
// (a variable, parameter or field): assigned in the package, or set by a
// function of the package or of another package (serverFact) it is passed
// to, or by an options loop it is handed to.
func (c *checker) setVia(obj types.Object, fields []string, depth int) bool {
	for _, f := range fields {
		if c.assigned[fieldKey{obj, f}] {
			return true
		}
	}
	if depth > 4 {
		return false
	}
	for _, u := range c.vars.uses[obj] {
		if u.ParentEdgeKind() == edge.SelectorExpr_Sel {
			u = u.Parent()
		}
		u = climb(u)
		k, i := u.ParentEdge()
		if k != edge.CallExpr_Args {
			continue
		}
		call := u.Parent().Node().(*ast.CallExpr)
		fn := typesx.Callee(c.pass.TypesInfo, call)
		switch {
		case fn == nil:
			if c.optionLoopCall(call) {
				return true
			}
		case typesx.Static(fn) == nil || i >= fn.Signature().Params().Len() || fn.Signature().Variadic() && i >= fn.Signature().Params().Len()-1:
		case fn.Pkg() == c.pass.Pkg:
			if _, ok := c.calls.decls[fn]; ok && c.setVia(fn.Signature().Params().At(i), fields, depth+1) {
				return true
			}
		default:
			var ff funcFact
			if c.pass.ImportObjectFact(fn, &ff) && ff.setsServer(i) {
				return true
			}
		}
	}
	return false
}
