// Variables: the paths a goroutine mentions, and what the package assigns
// to each variable.

package unboundedgo

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// A varPath names a variable or a path of fields from one (s.sem, sems[]).
type varPath struct {
	obj  types.Object
	path string
}

func (c *checker) varPathOf(e ast.Expr) (varPath, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := c.pass.TypesInfo.ObjectOf(e).(*types.Var); ok {
			return varPath{obj: v}, true
		}
	case *ast.SelectorExpr:
		if sel := c.pass.TypesInfo.Selections[e]; sel != nil {
			if sel.Kind() != types.FieldVal {
				return varPath{}, false
			}
			k, ok := c.varPathOf(e.X)
			if !ok {
				return varPath{}, false
			}
			k.path += "." + e.Sel.Name
			return k, true
		}
		if v, ok := c.pass.TypesInfo.Uses[e.Sel].(*types.Var); ok {
			return varPath{obj: v}, true // pkg.Var
		}
	case *ast.StarExpr:
		return c.varPathOf(e.X)
	case *ast.IndexExpr:
		k, ok := c.varPathOf(e.X)
		if ok {
			k.path += "[]"
		}
		return k, ok
	}
	return varPath{}, false
}

// mentions collects the varPath of every variable and field path in n.
func (c *checker) mentions(n ast.Node) map[varPath]bool {
	m := make(map[varPath]bool)
	ast.Inspect(n, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			switch e.(type) {
			case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr:
				if k, ok := c.varPathOf(e); ok {
					m[k] = true
				}
			}
		}
		return true
	})
	return m
}

func (c *checker) mentioned(sp *spawn, e ast.Expr) bool {
	k, ok := c.varPathOf(e)
	return ok && sp.mentions[k]
}

// zeroValue stands, in defs, for a declaration without a value.
var zeroValue ast.Expr = &ast.BadExpr{}

// defsOf returns what is assigned to o in the package (collectDefs),
// collecting the package's assignments on first use: most packages start
// no goroutine in a loop and never need them.
func (c *checker) defsOf(o types.Object) []ast.Expr {
	if c.defs == nil {
		c.defs = collectDefs(c.pass, c.in)
	}
	return c.defs[o]
}

// collectDefs records, for every variable and field of the package, the
// expressions assigned to it, or their origin: the call of a tuple
// assignment (x, err := f()), the call x's address is passed to
// (json.Unmarshal(data, &x)), the ranged collection for range variables;
// nil for an assignment whose value we cannot see (op-assignment, ++, other
// address taking); zeroValue for `var x T`.
func collectDefs(pass *analysis.Pass, in *inspector.Inspector) map[types.Object][]ast.Expr {
	defs := make(map[types.Object][]ast.Expr)
	info := pass.TypesInfo
	add := func(lhs ast.Expr, rhs ast.Expr) {
		var obj types.Object
		switch l := ast.Unparen(lhs).(type) {
		case *ast.Ident:
			obj = info.ObjectOf(l)
		case *ast.SelectorExpr:
			obj = info.ObjectOf(l.Sel)
		}
		if obj != nil {
			defs[obj] = append(defs[obj], rhs)
		}
	}
	for cur := range in.Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil), (*ast.IncDecStmt)(nil), (*ast.UnaryExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				var rhs ast.Expr
				switch {
				case n.Tok != token.ASSIGN && n.Tok != token.DEFINE:
				case len(n.Lhs) == len(n.Rhs):
					rhs = n.Rhs[i]
				case len(n.Rhs) == 1:
					// g, ctx := errgroup.WithContext(ctx): the value's origin,
					// which is all fixed, count and groupLimited ask about
					// a tuple (none of them takes a call for a literal or a
					// constant).
					rhs = n.Rhs[0]
				}
				add(lhs, rhs)
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				switch {
				case len(n.Values) == 0:
					add(name, zeroValue)
				case len(n.Values) == len(n.Names):
					add(name, n.Values[i])
				default:
					add(name, nil)
				}
			}
		case *ast.RangeStmt:
			// for k, v := range x: x is the variables' origin.
			if n.Key != nil {
				add(n.Key, n.X)
			}
			if n.Value != nil {
				add(n.Value, n.X)
			}
		case *ast.IncDecStmt:
			add(n.X, nil)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				// json.Unmarshal(data, &x): the call is x's origin.
				var origin ast.Expr
				if call, ok := cur.Parent().Node().(*ast.CallExpr); ok && call.Fun != ast.Expr(n) {
					origin = call
				}
				add(n.X, origin)
			}
		}
	}
	return defs
}
