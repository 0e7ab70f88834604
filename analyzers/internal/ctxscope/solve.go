package ctxscope

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"math"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// solve finds the variables of the package that carry a caller's context.
func solve(pass *analysis.Pass, in *Info) {
	if !typesx.Imports(pass.Pkg, "context") && !typesx.Imports(pass.Pkg, "net/http") {
		fast := true
		for _, hp := range knowledge.HandlerParams {
			if typesx.Imports(pass.Pkg, hp.Path) {
				fast = false
			}
		}
		if fast {
			return
		}
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	params := make(map[*types.Var]bool)

	// Parameters.
	addParams := func(ft *ast.FuncType) {
		if ft.Params == nil {
			return
		}
		for _, field := range ft.Params.List {
			for _, id := range field.Names {
				v, _ := pass.TypesInfo.Defs[id].(*types.Var)
				if v == nil || strings.HasPrefix(v.Name(), "_") {
					continue // _ and _ctx: the author means not to use it
				}
				if kind, tmpl, ok := carrierType(v.Type()); ok {
					in.vars[v] = &varInfo{expr: fmt.Sprintf(tmpl, v.Name()), kind: kind, isCtx: kind == Param}
					params[v] = true
				}
			}
		}
	}

	// Assignments to local variables of carrier types, collected then solved
	// to a fixpoint (a local may derive from a local declared earlier).
	type assign struct {
		v    *types.Var
		rhs  ast.Expr // nil: assigned from something we cannot see (e.g. a range variable)
		def  bool     // the assignment declares v
		stmt inspector.Cursor
		bad  bool // found not to carry the caller's context
	}
	var assigns []*assign
	local := func(id *ast.Ident) (*types.Var, bool) {
		if id == nil || id.Name == "_" {
			return nil, false
		}
		def := true
		obj := pass.TypesInfo.Defs[id]
		if obj == nil {
			obj = pass.TypesInfo.Uses[id]
			def = false
		}
		v, _ := obj.(*types.Var)
		if v == nil || v.IsField() || v.Parent() == pass.Pkg.Scope() {
			return nil, false
		}
		if _, _, ok := carrierType(v.Type()); !ok {
			return nil, false
		}
		return v, def
	}
	addAssign := func(stmt inspector.Cursor, lhs []ast.Expr, rhs []ast.Expr) {
		for i, l := range lhs {
			id, _ := ast.Unparen(l).(*ast.Ident)
			v, def := local(id)
			if v == nil {
				continue
			}
			var r ast.Expr
			switch {
			case len(rhs) == len(lhs):
				r = rhs[i]
			case len(rhs) == 1 && i == 0:
				r = rhs[0] // ctx, cancel := context.WithTimeout(parent, d)
			case len(rhs) == 1:
				r = rhs[0] // req, err := http.NewRequestWithContext(ctx, ...): the call decides for all results
			}
			assigns = append(assigns, &assign{v: v, rhs: r, def: def, stmt: stmt})
		}
	}
	for c := range ins.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil)) {
		switch n := c.Node().(type) {
		case *ast.FuncDecl:
			addParams(n.Type)
		case *ast.FuncLit:
			addParams(n.Type)
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE || n.Tok == token.ASSIGN {
				if isNilGuard(pass, c, n) {
					continue // if ctx == nil { ctx = context.Background() }
				}
				addAssign(c, n.Lhs, n.Rhs)
			}
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			if len(n.Values) > 0 {
				addAssign(c, lhs, n.Values)
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					if v, def := local(id); v != nil {
						assigns = append(assigns, &assign{v: v, def: def, stmt: c})
					}
				}
			}
		}
	}
	// Greatest fixpoint: start from every parameter and every assigned
	// local, then mark bad each assignment that does not mention a variable
	// carrying the caller's context where it does, and kill the variable it
	// assigns from there on, until nothing changes. Kills only grow, so this
	// terminates.
	for _, a := range assigns {
		if _, ok := in.vars[a.v]; !ok {
			kind, tmpl, _ := carrierType(a.v.Type())
			// Optimistically Request; demoted below if derived from a Param.
			in.vars[a.v] = &varInfo{expr: fmt.Sprintf(tmpl, a.v.Name()), kind: Request, isCtx: kind == Param}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, a := range assigns {
			vi, ok := in.vars[a.v]
			if a.bad || !ok {
				continue
			}
			if a.rhs != nil && !detaches(pass, a.rhs) && in.mentionsAt(pass.TypesInfo, contextPart(pass, a.rhs)) {
				continue
			}
			a.bad, changed = true, true
			kills, all := killRange(a.stmt, a.v, a.def)
			if all {
				delete(in.vars, a.v)
			} else {
				vi.kills = append(vi.kills, kills...)
			}
		}
	}
	// A local none of whose assignments carries the caller's context never
	// does (var ctx context.Context; ctx, s.cancel = context.WithCancel(
	// context.Background())).
	good := make(map[*types.Var]bool)
	for _, a := range assigns {
		if !a.bad {
			good[a.v] = true
		}
	}
	for _, a := range assigns {
		if !params[a.v] && !good[a.v] {
			delete(in.vars, a.v)
		}
	}
	// Kinds: a local is of kind Request when every assignment of it that
	// carries the caller's context mentions only variables of kind Request.
	// Start optimistic and demote to a fixpoint.
	for changed := true; changed; {
		changed = false
		for _, a := range assigns {
			vi, ok := in.vars[a.v]
			if !ok || a.bad || params[a.v] || vi.kind == Param {
				continue
			}
			ast.Inspect(a.rhs, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.Ident:
					if v, ok := pass.TypesInfo.Uses[n].(*types.Var); ok {
						if ui, ok := in.vars[v]; ok && ui.carriesAt(n.Pos()) && ui.kind == Param {
							vi.kind, changed = Param, true
						}
					}
				}
				return vi.kind != Param
			})
		}
	}
	return
}

// killRange returns where v no longer carries the caller's context after
// the assignment at stmt: from the statement's end on, and over the
// outermost loop of v's function that contains the statement. all is set
// when v never does: the assignment declares it, assigns a range variable,
// or sits in a function literal that may run at any time.
func killRange(stmt inspector.Cursor, v *types.Var, def bool) (kills []span, all bool) {
	if def {
		return nil, true
	}
	if _, ok := stmt.Node().(*ast.RangeStmt); ok {
		return nil, true
	}
	end := stmt.Node().End()
	if _, ok := stmt.Node().(*ast.ValueSpec); ok {
		return nil, true // var declarations always declare
	}
	kills = append(kills, span{end, token.Pos(math.MaxInt)})
	var loop ast.Node
	for c := range stmt.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)) {
		switch n := c.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if n.Pos() > v.Pos() { // v is declared before the loop: the assignment reaches the loop's start again
				loop = n
			}
			continue
		case *ast.FuncLit:
			if !(n.Pos() <= v.Pos() && v.Pos() < n.End()) {
				return nil, true // assigned in a closure: may run at any time
			}
		}
		break
	}
	if loop != nil {
		kills = append(kills, span{loop.Pos(), loop.End()})
	}
	return kills, false
}

// isNilGuard reports whether as is `v = x` as the only statement of an if
// whose condition is v == nil: it replaces no caller's context.
func isNilGuard(pass *analysis.Pass, c inspector.Cursor, as *ast.AssignStmt) bool {
	if as.Tok != token.ASSIGN || len(as.Lhs) != 1 {
		return false
	}
	id, ok := ast.Unparen(as.Lhs[0]).(*ast.Ident)
	if !ok {
		return false
	}
	v := pass.TypesInfo.Uses[id]
	block, ok := c.Parent().Node().(*ast.BlockStmt)
	if !ok || len(block.List) != 1 {
		return false
	}
	ifs, ok := c.Parent().Parent().Node().(*ast.IfStmt)
	if !ok || ifs.Body != block {
		return false
	}
	cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.EQL {
		return false
	}
	isV := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && v != nil && pass.TypesInfo.Uses[id] == v
	}
	isNil := func(e ast.Expr) bool {
		tv, ok := pass.TypesInfo.Types[e]
		return ok && tv.IsNil()
	}
	return isV(cond.X) && isNil(cond.Y) || isNil(cond.X) && isV(cond.Y)
}

// contextPart returns the part of e that decides which context it carries:
// for req.WithContext(ctx) and req.Clone(ctx), the argument, whose context
// replaces the request's own; otherwise e.
func contextPart(pass *analysis.Pass, e ast.Expr) ast.Expr {
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && len(call.Args) == 1 {
		switch typesx.CallName(pass.TypesInfo, call) {
		case "(*net/http.Request).WithContext", "(*net/http.Request).Clone":
			return call.Args[0]
		}
	}
	return e
}

// detaches reports whether e calls, anywhere outside function literals, a
// function that deliberately separates from the caller's cancellation
// (context.WithoutCancel(ctx), r.WithContext(context.Background())).
func detaches(pass *analysis.Pass, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if _, ok := knowledge.DetachingFuncs[typesx.CallName(pass.TypesInfo, n)]; ok {
				found = true
			}
		}
		return !found
	})
	return found
}
