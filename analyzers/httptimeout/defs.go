package httptimeout

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// This file: where the package's variables are assigned, and which of
// those assignments may reach a given use. The deadline rules ask it what
// a request or context variable holds where a request is sent.

// A def is one assignment to a variable.
type def struct {
	// at is the assigning statement (AssignStmt, ValueSpec, RangeStmt), or
	// the function itself for a parameter.
	at inspector.Cursor
	// fn is the function (FuncDecl or FuncLit) the assignment is in.
	fn inspector.Cursor
	// rhs is the assigned expression: nil for a zero value, a range
	// variable or an operator assignment (see unknown).
	rhs inspector.Cursor
	// result is the index of the value in the results of rhs, a call with
	// several results (ctx, cancel := context.WithTimeout(...)).
	result int
	// param is the index of a parameter, or -1.
	param int
	// unknown: the value is not an expression we can follow (range
	// variable, x op= y).
	unknown bool
}

func (d def) pos() token.Pos { return d.at.Node().Pos() }
func (d def) end() token.Pos {
	if d.param >= 0 {
		return d.at.Node().Pos()
	}
	return d.at.Node().End()
}

// vars indexes the package's variables: their uses and assignments.
type vars struct {
	info *types.Info
	// uses are the identifiers that refer to an object without declaring
	// it, in source order: for a field, the Sel of selectors and the keys
	// of struct literals.
	uses map[types.Object][]inspector.Cursor
	defs map[*types.Var][]def
	// owner is the function declaring a local variable or parameter.
	owner map[*types.Var]inspector.Cursor
}

func newVars(info *types.Info, root inspector.Cursor) *vars {
	x := &vars{
		info:  info,
		uses:  make(map[types.Object][]inspector.Cursor),
		defs:  make(map[*types.Var][]def),
		owner: make(map[*types.Var]inspector.Cursor),
	}
	for cur := range root.Preorder((*ast.Ident)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil),
		(*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.Ident:
			if obj := info.Uses[n]; obj != nil {
				x.uses[obj] = append(x.uses[obj], cur)
			} else if v, ok := info.Defs[n].(*types.Var); ok && !v.IsField() {
				if fn, ok := enclosingFunc(cur); ok {
					x.owner[v] = fn
				}
			}
		case *ast.AssignStmt:
			x.assign(cur, n)
		case *ast.ValueSpec:
			fn, _ := enclosingFunc(cur)
			for i, name := range n.Names {
				v, ok := info.Defs[name].(*types.Var)
				if !ok {
					continue
				}
				d := def{at: cur, fn: fn, param: -1, result: 0}
				switch {
				case len(n.Values) == len(n.Names):
					d.rhs = cur.ChildAt(edge.ValueSpec_Values, i)
				case len(n.Values) == 1:
					d.rhs, d.result = cur.ChildAt(edge.ValueSpec_Values, 0), i
				}
				x.defs[v] = append(x.defs[v], d)
			}
		case *ast.RangeStmt:
			fn, _ := enclosingFunc(cur)
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					if v, ok := info.ObjectOf(id).(*types.Var); ok {
						x.defs[v] = append(x.defs[v], def{at: cur, fn: fn, param: -1, unknown: true})
					}
				}
			}
		case *ast.FuncDecl:
			x.params(cur, n.Recv, n.Type)
		case *ast.FuncLit:
			x.params(cur, nil, n.Type)
		}
	}
	return x
}

func (x *vars) assign(cur inspector.Cursor, as *ast.AssignStmt) {
	fn, _ := enclosingFunc(cur)
	for i, lhs := range as.Lhs {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := x.info.ObjectOf(id).(*types.Var)
		if !ok {
			continue
		}
		d := def{at: cur, fn: fn, param: -1}
		switch {
		case as.Tok != token.ASSIGN && as.Tok != token.DEFINE:
			d.unknown = true
		case len(as.Lhs) == len(as.Rhs):
			d.rhs = cur.ChildAt(edge.AssignStmt_Rhs, i)
		case len(as.Rhs) == 1:
			d.rhs, d.result = cur.ChildAt(edge.AssignStmt_Rhs, 0), i
		default:
			d.unknown = true
		}
		x.defs[v] = append(x.defs[v], d)
	}
}

// params records the parameters of a function as assigned on entry. The
// receiver is not a parameter here: calls bind only the arguments.
func (x *vars) params(fn inspector.Cursor, recv *ast.FieldList, ft *ast.FuncType) {
	i := 0
	for _, f := range ft.Params.List {
		if len(f.Names) == 0 {
			i++
			continue
		}
		for _, name := range f.Names {
			if v, ok := x.info.Defs[name].(*types.Var); ok {
				x.defs[v] = append(x.defs[v], def{at: fn, fn: fn, param: i})
				x.owner[v] = fn
			}
			i++
		}
	}
	if recv != nil {
		for _, f := range recv.List {
			for _, name := range f.Names {
				if v, ok := x.info.Defs[name].(*types.Var); ok {
					x.owner[v] = fn
					x.defs[v] = append(x.defs[v], def{at: fn, fn: fn, param: -1, unknown: true})
				}
			}
		}
	}
}

// isParam returns the index of v among the parameters of the function
// declaring it.
func (x *vars) isParam(v *types.Var) (int, bool) {
	for _, d := range x.defs[v] {
		if d.param >= 0 {
			return d.param, true
		}
	}
	return 0, false
}

// reaching returns the assignments to v that may give it its value at use,
// an identifier in the same package. The control flow is approximated on
// the syntax tree, without goto:
//   - in the function declaring v, the last assignment before the use in a
//     statement list enclosing the use (it dominates the use) kills the
//     earlier ones; assignments between it and the use, in branches, may
//     reach the use too, and so may assignments after the use in a loop
//     that encloses both the use and them but not the dominating one;
//   - a use in a function literal, or an assignment in one, sees every
//     assignment of the variable (the literal may run at any time).
func (x *vars) reaching(v *types.Var, use inspector.Cursor) []def {
	all := x.defs[v]
	useFn, _ := enclosingFunc(use)
	if owner, ok := x.owner[v]; !ok || owner != useFn {
		return all
	}
	pos := use.Node().Pos()
	var dom *def
	for i := range all {
		d := &all[i]
		if d.fn != useFn || d.end() > pos {
			continue
		}
		if d.param >= 0 || dominates(d.at, use) {
			if dom == nil || d.pos() >= dom.pos() {
				dom = d
			}
		}
	}
	var out []def
	for _, d := range all {
		switch {
		case d.fn != useFn:
			out = append(out, d) // assigned in a function literal
		case dom != nil && d.at == dom.at && d.param == dom.param:
			out = append(out, d)
		case d.end() <= pos:
			if dom == nil || d.pos() > dom.pos() {
				out = append(out, d)
			}
		default: // after the use, or around it (x = f(x))
			if loopCarried(d.at, use, dom) {
				out = append(out, d)
			}
		}
	}
	return out
}

// dominates reports whether the statement at, or the statement whose init
// it is, is in a statement list that encloses use: it runs before use on
// every path that reaches use (ignoring goto).
func dominates(at, use inspector.Cursor) bool {
	s := at
	for {
		p := s.Parent()
		switch p.Node().(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			return p.Contains(use)
		case *ast.GenDecl, *ast.DeclStmt:
			s = p
			continue
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.ForStmt:
			if k := s.ParentEdgeKind(); k == edge.IfStmt_Init || k == edge.SwitchStmt_Init || k == edge.TypeSwitchStmt_Init || k == edge.ForStmt_Init {
				s = p
				continue
			}
		}
		return false
	}
}

// loopCarried reports whether the assignment at, after use, can reach use
// on a later iteration of a loop: a loop encloses both, and not the
// dominating assignment dom (which would assign again first).
func loopCarried(at, use inspector.Cursor, dom *def) bool {
	for loop := range use.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch loop.Node().(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return false
		}
		if loop.Contains(at) && (dom == nil || dom.param >= 0 || !loop.Contains(dom.at)) {
			return true
		}
	}
	return false
}

// enclosingFunc returns the innermost FuncDecl or FuncLit around cur (cur
// itself if it is one).
func enclosingFunc(cur inspector.Cursor) (inspector.Cursor, bool) {
	for fn := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return fn, true
	}
	return inspector.Cursor{}, false
}

// funcsBetween returns the function literals enclosing cur inside fn,
// outermost first; ok is false if fn does not enclose cur.
func funcsBetween(cur, fn inspector.Cursor) (lits []inspector.Cursor, ok bool) {
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if f == fn {
			slices.Reverse(lits)
			return lits, true
		}
		lits = append(lits, f)
	}
	return nil, false
}
