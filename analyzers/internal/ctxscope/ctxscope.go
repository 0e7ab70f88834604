// Package ctxscope answers, once per package for every conclint analyzer,
// the question "at this point of the code, which expression yields the
// caller's context?".
//
// A variable carries the caller's context when it is:
//
//   - a named parameter of type context.Context;
//   - a named *http.Request parameter (its context is r.Context());
//   - the request parameter of a framework handler (knowledge.HandlerParams:
//     c.Request.Context() for gin, c.Request().Context() for echo,
//     c.UserContext() for fiber);
//   - a local variable of one of those types every assignment of which
//     mentions a variable that carries the caller's context
//     (ctx, cancel := context.WithTimeout(r.Context(), d);
//     req = req.WithContext(ctx)).
//
// A local assigned from anything else even once (context.Background(),
// context.WithoutCancel(ctx), http.NewRequest(...)) does not carry it: the
// analysis is flow-insensitive and prefers silence to a wrong suggestion.
package ctxscope

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// Analyzer computes the package's Info. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:             "conclintctxscope",
	Doc:              "find the caller's context in scope (internal to conclint; reports nothing)",
	URL:              "https://github.com/conclint/conclint/tree/main/analyzers/internal/ctxscope",
	Run:              run,
	Requires:         []*analysis.Analyzer{inspect.Analyzer},
	ResultType:       reflect.TypeFor[*Info](),
	RunDespiteErrors: true,
}

// Kind says where a context comes from.
type Kind int

const (
	Param   Kind = iota // a context.Context parameter, or a local derived from one
	Request             // an *http.Request or framework handler parameter, or a local derived from one
)

// A Source is the context to use at some point of the code.
type Source struct {
	Expr string     // "ctx", "r.Context()", "c.Request.Context()"
	Var  *types.Var // the variable Expr is built on
	Kind Kind
	// InGoroutine is set when Var is declared outside a function literal
	// started by a go statement that encloses the point asked about: the
	// goroutine may outlive the caller, so passing the caller's context on
	// is not always right.
	InGoroutine bool
}

// Info records the package's variables that carry the caller's context.
type Info struct {
	pkg  *types.Package
	vars map[*types.Var]varInfo
}

type varInfo struct {
	expr string
	kind Kind
}

// Carries reports whether v carries the caller's context.
func (in *Info) Carries(v *types.Var) bool {
	_, ok := in.vars[v]
	return ok
}

// Mentions reports whether e refers to a variable carrying the caller's
// context, outside function literals.
func (in *Info) Mentions(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident:
			if v, ok := info.Uses[n].(*types.Var); ok && in.Carries(v) {
				found = true
			}
		}
		return !found
	})
	return found
}

// At returns the context to use at the cursor's position: among the
// variables in scope there that carry the caller's context, the innermost,
// most recently declared one that is not shadowed. Context-typed variables
// are preferred to requests in the same scope (ctx over r.Context()).
func (in *Info) At(cur inspector.Cursor) (Source, bool) {
	if len(in.vars) == 0 {
		return Source{}, false
	}
	pos := cur.Node().Pos()
	scope := in.pkg.Scope().Innermost(pos)
	for s := scope; s != nil && s != in.pkg.Scope() && s != types.Universe; s = s.Parent() {
		var best *types.Var
		var bestInfo varInfo
		for _, name := range s.Names() {
			v, ok := s.Lookup(name).(*types.Var)
			if !ok {
				continue
			}
			vi, ok := in.vars[v]
			if !ok || v.Pos() >= pos {
				continue
			}
			if _, obj := scope.LookupParent(name, pos); obj != v {
				continue // shadowed at pos
			}
			if best == nil ||
				vi.kind < bestInfo.kind ||
				vi.kind == bestInfo.kind && v.Pos() > best.Pos() {
				best, bestInfo = v, vi
			}
		}
		if best != nil {
			return Source{Expr: bestInfo.expr, Var: best, Kind: bestInfo.kind, InGoroutine: crossesGo(cur, best.Pos())}, true
		}
	}
	return Source{}, false
}

// crossesGo reports whether a function literal started by a go statement
// encloses cur but not declPos.
func crossesGo(cur inspector.Cursor, declPos token.Pos) bool {
	for c := range cur.Enclosing((*ast.FuncLit)(nil)) {
		lit := c.Node().(*ast.FuncLit)
		if lit.Pos() <= declPos && declPos < lit.End() {
			return false
		}
		if call, ok := c.Parent().Node().(*ast.CallExpr); ok && call.Fun == lit {
			if _, ok := c.Parent().Parent().Node().(*ast.GoStmt); ok {
				return true
			}
		}
	}
	return false
}

// carrierType classifies a type that can carry the caller's context, and
// returns the expression template (%s: the variable's name).
func carrierType(t types.Type) (kind Kind, tmpl string, ok bool) {
	if typesx.IsContext(t) {
		return Param, "%s", true
	}
	if typesx.IsRequest(t) {
		return Request, "%s.Context()", true
	}
	for _, hp := range knowledge.HandlerParams {
		if hp.Pointer && typesx.IsPointerTo(t, hp.Path, hp.Type) || !hp.Pointer && typesx.IsNamed(t, hp.Path, hp.Type) {
			return Request, hp.CtxExpr, true
		}
	}
	return 0, "", false
}

func run(pass *analysis.Pass) (any, error) {
	in := &Info{pkg: pass.Pkg, vars: make(map[*types.Var]varInfo)}
	if !typesx.Imports(pass.Pkg, "context") && !typesx.Imports(pass.Pkg, "net/http") {
		fast := true
		for _, hp := range knowledge.HandlerParams {
			if typesx.Imports(pass.Pkg, hp.Path) {
				fast = false
			}
		}
		if fast {
			return in, nil
		}
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)

	// Parameters.
	addParams := func(ft *ast.FuncType) {
		if ft.Params == nil {
			return
		}
		for _, field := range ft.Params.List {
			for _, id := range field.Names {
				v, _ := pass.TypesInfo.Defs[id].(*types.Var)
				if v == nil || v.Name() == "_" {
					continue
				}
				if kind, tmpl, ok := carrierType(v.Type()); ok {
					in.vars[v] = varInfo{expr: fmt.Sprintf(tmpl, v.Name()), kind: kind}
				}
			}
		}
	}

	// Assignments to local variables of carrier types, collected then solved
	// to a fixpoint (a local may derive from a local declared earlier).
	type assign struct {
		v   *types.Var
		rhs ast.Expr // nil: assigned from something we cannot see (e.g. a multi-value call result that is not the first)
	}
	var assigns []assign
	local := func(id *ast.Ident) *types.Var {
		if id == nil || id.Name == "_" {
			return nil
		}
		obj := pass.TypesInfo.Defs[id]
		if obj == nil {
			obj = pass.TypesInfo.Uses[id]
		}
		v, _ := obj.(*types.Var)
		if v == nil || v.IsField() || v.Parent() == pass.Pkg.Scope() {
			return nil
		}
		if _, _, ok := carrierType(v.Type()); !ok {
			return nil
		}
		return v
	}
	addAssign := func(lhs []ast.Expr, rhs []ast.Expr) {
		for i, l := range lhs {
			id, _ := ast.Unparen(l).(*ast.Ident)
			v := local(id)
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
			assigns = append(assigns, assign{v, r})
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
				addAssign(n.Lhs, n.Rhs)
			}
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			if len(n.Values) > 0 {
				addAssign(lhs, n.Values)
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					if v := local(id); v != nil {
						assigns = append(assigns, assign{v, nil})
					}
				}
			}
		}
	}
	// Greatest fixpoint: start from every parameter and every assigned
	// local, then drop variables with an assignment that does not mention a
	// remaining variable, until nothing changes.
	for _, a := range assigns {
		if _, ok := in.vars[a.v]; !ok {
			kind, tmpl, _ := carrierType(a.v.Type())
			in.vars[a.v] = varInfo{expr: fmt.Sprintf(tmpl, a.v.Name()), kind: kind}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, a := range assigns {
			if !in.Carries(a.v) {
				continue
			}
			if a.rhs == nil || detaches(pass, a.rhs) || !in.Mentions(pass.TypesInfo, a.rhs) {
				delete(in.vars, a.v)
				changed = true
			}
		}
	}
	return in, nil
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
