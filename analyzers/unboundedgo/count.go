// Counting loops and loop bounds: a length of data, a fixed size, or a
// worker count.

package unboundedgo

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// countingLoop recognises `for i := a; i < b; i++` and its variants: the
// condition compares a loop variable (assigned by the post statement, or
// declared by the init statement) with a bound. The loop is input-driven
// when a bound or a start value is a length.
func (c *checker) countingLoop(n *ast.ForStmt) (countClass, bool) {
	vars := make(map[types.Object]bool)
	switch p := n.Post.(type) {
	case *ast.IncDecStmt:
		if id, ok := ast.Unparen(p.X).(*ast.Ident); ok {
			vars[c.pass.TypesInfo.ObjectOf(id)] = true
		}
	case *ast.AssignStmt:
		for _, lhs := range p.Lhs {
			if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
				vars[c.pass.TypesInfo.ObjectOf(id)] = true
			}
		}
	}
	var starts []ast.Expr
	if as, ok := n.Init.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
		for i, lhs := range as.Lhs {
			if id, ok := lhs.(*ast.Ident); ok {
				obj := c.pass.TypesInfo.ObjectOf(id)
				if n.Post == nil {
					vars[obj] = true
				}
				if vars[obj] {
					starts = append(starts, as.Rhs[i])
				}
			}
		}
	}
	delete(vars, nil)
	isVar := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok || !vars[c.pass.TypesInfo.ObjectOf(id)] {
			return false
		}
		t := c.pass.TypesInfo.TypeOf(id)
		if t == nil {
			return false
		}
		b, ok := t.Underlying().(*types.Basic)
		return ok && b.Info()&types.IsInteger != 0 // not e != nil; e = e.Next()
	}
	// cond classifies a condition; ok is false when it is not a counting one.
	var cond func(e ast.Expr) (countClass, bool)
	cond = func(e ast.Expr) (countClass, bool) {
		b, ok := ast.Unparen(e).(*ast.BinaryExpr)
		if !ok {
			return countUnknown, false
		}
		switch b.Op {
		case token.LAND: // runs while both hold: bounded by either
			x, xok := cond(b.X)
			y, yok := cond(b.Y)
			// A second counter: it.queries < alpha.
			if !xok && c.boundedCmp(b.X) || !yok && c.boundedCmp(b.Y) {
				return countBounded, true
			}
			switch {
			case xok && yok && (x == countBounded || y == countBounded):
				return countBounded, true
			case xok && yok && (x == countUnbounded || y == countUnbounded):
				return countUnbounded, true
			case xok && yok:
				return countUnknown, true
			case xok:
				return x, true
			case yok:
				return y, true
			}
		case token.LSS, token.LEQ, token.GTR, token.GEQ, token.NEQ:
			switch {
			case isVar(b.X):
				return c.count(b.Y, 0), true
			case isVar(b.Y):
				return c.count(b.X, 0), true
			}
		}
		return countUnknown, false
	}
	cls, ok := cond(n.Cond)
	if !ok {
		return countUnknown, false
	}
	// A loop counting down from a length: for i := len(x) - 1; i >= 0; i--.
	for _, e := range starts {
		if c.count(e, 0) == countUnbounded {
			return countUnbounded, true
		}
	}
	return cls, true
}

type countClass int

const (
	countUnknown   countClass = iota // cannot tell: treated as bounded
	countBounded                     // a constant, a worker count, configuration
	countUnbounded                   // the length of some data
)

// countExtreme classifies min or max of args: one argument classified
// decisive decides; otherwise one unknown argument makes it unknown, and
// arguments that are all other make it other.
func (c *checker) countExtreme(args []ast.Expr, decisive, other countClass, depth int) countClass {
	all := other
	for _, a := range args {
		switch c.count(a, depth+1) {
		case decisive:
			return decisive
		case countUnknown:
			all = countUnknown
		}
	}
	return all
}

// count classifies an integer expression used as a loop's bound.
func (c *checker) count(e ast.Expr, depth int) countClass {
	if depth > 4 {
		return countUnknown
	}
	e = ast.Unparen(e)
	info := c.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return countBounded
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return c.count(e.Args[0], depth+1) // conversion
		}
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				switch b.Name() {
				case "len", "cap":
					return countUnbounded
				case "min": // bounded by any bounded argument
					return c.countExtreme(e.Args, countBounded, countUnbounded, depth)
				case "max": // unbounded by any unbounded argument
					return c.countExtreme(e.Args, countUnbounded, countBounded, depth)
				}
				return countUnknown
			}
		}
		fn := typesx.Callee(info, e)
		if fn == nil {
			return countUnknown
		}
		if _, ok := knowledge.WorkerCountFuncs[fn.FullName()]; ok {
			return countBounded
		}
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
			if _, ok := knowledge.DataLengthMethods[fn.Name()]; ok {
				return countUnbounded
			}
		}
		return countUnknown
	case *ast.BinaryExpr:
		x, y := c.count(e.X, depth+1), c.count(e.Y, depth+1)
		switch {
		case x == countUnbounded || y == countUnbounded:
			return countUnbounded
		case x == countBounded && y == countBounded:
			return countBounded
		}
		return countUnknown
	case *ast.UnaryExpr:
		return c.count(e.X, depth+1)
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		if !ok {
			return countUnknown
		}
		return c.countVar(v, depth)
	case *ast.SelectorExpr:
		if v, ok := info.ObjectOf(e.Sel).(*types.Var); ok {
			if v.IsField() {
				return countBounded // configuration: cfg.Workers, s.concurrency
			}
			return c.countVar(v, depth)
		}
	}
	return countUnknown
}

// countVar classifies a variable used as a loop bound by its assignments.
// Parameters and package variables never assigned from a length are
// configuration.
func (c *checker) countVar(v *types.Var, depth int) countClass {
	defs := c.defsOf(v)
	if len(defs) == 0 {
		return countBounded // a parameter or package variable set elsewhere
	}
	all := countBounded
	for _, rhs := range defs {
		switch {
		case rhs == nil:
			all = countUnknown
		case rhs == zeroValue:
		default:
			switch c.count(rhs, depth+1) {
			case countUnbounded:
				return countUnbounded
			case countUnknown:
				all = countUnknown
			}
		}
	}
	return all
}

// boundedCmp reports whether e is `x < b` or `x <= b` with b a constant or
// another bound: a second counter in a loop condition (it.queries < alpha).
func (c *checker) boundedCmp(e ast.Expr) bool {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case token.LSS, token.LEQ:
		return c.count(b.Y, 0) == countBounded && c.count(b.X, 0) != countBounded
	case token.GTR, token.GEQ:
		return c.count(b.X, 0) == countBounded && c.count(b.Y, 0) != countBounded
	}
	return false
}

// lengthOf returns the collection whose length e depends on (x in len(x),
// l in l.Len(), through local variables), or nil.
func (c *checker) lengthOf(n ast.Node, depth int) ast.Expr {
	if n == nil || depth > 4 {
		return nil
	}
	var found ast.Expr
	ast.Inspect(n, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) == 1 {
				if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
					found = n.Args[0]
					return false
				}
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				if _, ok := knowledge.DataLengthMethods[sel.Sel.Name]; ok && c.pass.TypesInfo.Selections[sel] != nil {
					found = sel.X
					return false
				}
			}
		case *ast.Ident:
			if v, ok := c.pass.TypesInfo.Uses[n].(*types.Var); ok && !v.IsField() {
				for _, rhs := range c.defsOf(v) {
					if rhs != nil && rhs != zeroValue {
						if f := c.lengthOf(rhs, depth+1); f != nil {
							found = f
							return false
						}
					}
				}
			}
		}
		return true
	})
	return found
}

// fixed reports whether a slice or map has a length fixed in the source: a
// composite literal, or a variable only ever assigned composite literals.
func (c *checker) fixed(e ast.Expr) bool {
	e = ast.Unparen(e)
	if _, ok := e.(*ast.CompositeLit); ok {
		return true
	}
	var obj types.Object
	switch e := e.(type) {
	case *ast.Ident:
		obj = c.pass.TypesInfo.ObjectOf(e)
	case *ast.SelectorExpr:
		if c.pass.TypesInfo.Selections[e] == nil {
			obj = c.pass.TypesInfo.ObjectOf(e.Sel) // pkg.Var
		}
	}
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() {
		return false
	}
	defs := c.defsOf(v)
	if len(defs) == 0 {
		return false
	}
	for _, rhs := range defs {
		if rhs == zeroValue {
			continue
		}
		if _, ok := ast.Unparen(rhs).(*ast.CompositeLit); !ok {
			return false
		}
	}
	return true
}
