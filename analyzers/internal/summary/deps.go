package summary

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file decides what a value in a function depends on, as its callers
// see it (Deps): the function's parameters it is computed from, through
// local variables (every value assigned to them, flow-insensitively),
// operators, fields, conversions, builtins and calls of function-valued
// parameters; or rare, when it reads anything else (the receiver's fields,
// a global, another call's result, a channel). Args applies it to the
// arguments of a call, so a caller's conditions can be checked against
// what it passes.

// maxDepth bounds the expressions and variables followed by Deps.
const maxDepth = 32

// Args returns what each argument of call depends on, by the callee's
// parameter index (a variadic parameter depends on all its arguments). The
// receiver is not an argument.
func (p *Paths) Args(call *ast.CallExpr, callee *types.Func) []Cond {
	sig, ok := callee.Type().(*types.Signature)
	if !ok {
		return nil
	}
	args := call.Args
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := p.info.Selections[sel]; ok && s.Kind() == types.MethodExpr && len(args) > 0 {
			args = args[1:] // T.M(x, ...): x is the receiver
		}
	}
	n := sig.Params().Len()
	out := make([]Cond, n)
	if len(args) == 1 && n > 1 {
		// f(g()): every parameter depends on g's results.
		d := p.Deps(args[0])
		for i := range out {
			out[i] = d
		}
		return out
	}
	for i, a := range args {
		k := min(i, n-1)
		if k < 0 {
			break
		}
		if i >= n-1 && sig.Variadic() && i > k {
			out[k] = out[k].Union(p.Deps(a))
			continue
		}
		out[k] = p.Deps(a)
	}
	return out
}

// Deps returns what the value of e depends on: the function's parameters it
// is computed from (through local variables, operators, fields of
// parameters, conversions, builtins and calls of function-valued
// parameters), or rare when it reads anything else (a field of the
// receiver, a global, another call's result, a channel).
func (p *Paths) Deps(e ast.Expr) Cond { return p.deps(e, 0) }

func (p *Paths) deps(e ast.Expr, depth int) Cond {
	if e == nil {
		return Cond{}
	}
	if depth > maxDepth {
		return rare
	}
	if tv, ok := p.info.Types[e]; ok && (tv.Value != nil || tv.IsType() || tv.IsNil()) {
		return Cond{}
	}
	switch e := e.(type) {
	case *ast.Ident:
		return p.identDeps(e, depth)
	case *ast.BasicLit:
		return Cond{}
	case *ast.ParenExpr:
		return p.deps(e.X, depth+1)
	case *ast.StarExpr:
		return p.deps(e.X, depth+1)
	case *ast.UnaryExpr:
		if e.Op == token.ARROW {
			return rare
		}
		return p.deps(e.X, depth+1)
	case *ast.BinaryExpr:
		return p.deps(e.X, depth+1).Union(p.deps(e.Y, depth+1))
	case *ast.SelectorExpr:
		if s, ok := p.info.Selections[e]; ok {
			if s.Kind() != types.FieldVal {
				return rare
			}
			return p.deps(e.X, depth+1)
		}
		return p.identDeps(e.Sel, depth) // pkg.Name
	case *ast.IndexExpr:
		if tv, ok := p.info.Types[e.X]; ok && tv.IsValue() {
			return p.deps(e.X, depth+1).Union(p.deps(e.Index, depth+1))
		}
		return p.deps(e.X, depth+1) // an instantiation f[T]
	case *ast.IndexListExpr:
		return p.deps(e.X, depth+1)
	case *ast.SliceExpr:
		c := p.deps(e.X, depth+1)
		for _, x := range []ast.Expr{e.Low, e.High, e.Max} {
			c = c.Union(p.deps(x, depth+1))
		}
		return c
	case *ast.TypeAssertExpr:
		return p.deps(e.X, depth+1)
	case *ast.KeyValueExpr:
		return p.deps(e.Value, depth+1)
	case *ast.CompositeLit:
		var c Cond
		for _, x := range e.Elts {
			if c = c.Union(p.deps(x, depth+1)); c.Rare {
				break
			}
		}
		return c
	case *ast.CallExpr:
		return p.callDeps(e, depth)
	case *ast.FuncLit:
		return Cond{} // the caller's own code: retry.Do(func() error {...})
	}
	return rare
}

// callDeps is Deps of a call: conversions and builtins depend on their
// arguments, calls of a function-valued parameter on it and its arguments;
// other calls' results are not the caller's to control.
func (p *Paths) callDeps(call *ast.CallExpr, depth int) Cond {
	var c Cond
	fun := ast.Unparen(call.Fun)
	switch tv := p.info.Types[fun]; {
	case tv.IsType(), tv.IsBuiltin():
	default:
		id, ok := fun.(*ast.Ident)
		if !ok {
			return rare
		}
		v, ok := p.info.Uses[id].(*types.Var)
		if !ok {
			return rare
		}
		if _, isParam := p.params[v]; !isParam {
			return rare
		}
		c = p.identDeps(id, depth)
	}
	for _, a := range call.Args {
		if c = c.Union(p.deps(a, depth+1)); c.Rare {
			break
		}
	}
	return c
}

// identDeps is Deps of an identifier.
func (p *Paths) identDeps(id *ast.Ident, depth int) Cond {
	obj := p.info.Uses[id]
	if obj == nil {
		obj = p.info.Defs[id]
	}
	v, ok := obj.(*types.Var)
	if !ok {
		return Cond{} // constants, functions, types, nil, packages
	}
	if i, ok := p.params[v]; ok {
		return Cond{Params: []int{i}}
	}
	fn := p.fn.Node()
	if v == p.recv || v.IsField() || v.Pos() < fn.Pos() || v.Pos() >= fn.End() {
		return rare // a global, the receiver, a captured variable
	}
	return p.localDeps(v, depth)
}

// localDeps is Deps of a local variable: what every value assigned to it
// depends on (flow-insensitive).
func (p *Paths) localDeps(v *types.Var, depth int) Cond {
	if c, ok := p.memo[v]; ok {
		return c
	}
	if p.locals == nil {
		p.index()
	}
	if p.opaque[v] {
		return rare
	}
	if p.pending[v] {
		return Cond{} // a cycle: x = x + 1; its other assignments decide
	}
	p.pending[v] = true
	var c Cond
	for _, src := range p.locals[v] {
		if c = c.Union(p.deps(src, depth+1)); c.Rare {
			break
		}
	}
	delete(p.pending, v)
	p.memo[v] = c
	return c
}

// index records the assignments to the function's local variables.
func (p *Paths) index() {
	p.locals = make(map[*types.Var][]ast.Expr)
	p.opaque = make(map[*types.Var]bool)
	p.memo = make(map[*types.Var]Cond)
	p.pending = make(map[*types.Var]bool)
	info := p.info
	add := func(lhs ast.Expr, src ast.Expr) {
		if v := typesx.RootVar(info, lhs); v != nil {
			p.locals[v] = append(p.locals[v], src)
		}
	}
	for cur := range p.fn.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil),
		(*ast.UnaryExpr)(nil), (*ast.FuncLit)(nil), (*ast.TypeSwitchStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				switch {
				case len(n.Lhs) == len(n.Rhs):
					add(l, n.Rhs[i])
				case len(n.Rhs) == 1:
					add(l, n.Rhs[0])
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				switch {
				case len(n.Values) == len(n.Names):
					add(name, n.Values[i])
				case len(n.Values) == 1:
					add(name, n.Values[0])
				}
			}
		case *ast.RangeStmt:
			for _, x := range []ast.Expr{n.Key, n.Value} {
				if x != nil {
					add(x, n.X)
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := typesx.RootVar(info, n.X); v != nil {
					p.opaque[v] = true // written through a pointer
				}
			}
		case *ast.FuncLit:
			// Its parameters are bound by whoever calls it.
			for _, f := range n.Type.Params.List {
				for _, name := range f.Names {
					if v, ok := info.Defs[name].(*types.Var); ok {
						p.opaque[v] = true
					}
				}
			}
		case *ast.TypeSwitchStmt:
			as, ok := n.Assign.(*ast.AssignStmt)
			if !ok || len(as.Rhs) != 1 {
				break
			}
			for _, st := range n.Body.List {
				if obj, ok := info.Implicits[st].(*types.Var); ok {
					p.locals[obj] = append(p.locals[obj], as.Rhs[0])
				}
			}
		}
	}
}
