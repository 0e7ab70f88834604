package goroutineleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers/internal/control"
)

// This file: objects that own a goroutine, dropped without stopping it.
//
// A function of the package builds a *T (NewWatcher, db.begin) and starts a
// goroutine that waits on a field of that T: a receive or a select case on
// a channel field, or on the Done channel of a context field. T has a
// method that ends the wait: it closes that channel field, or calls a
// cancel-function field (directly or through T's other methods). The
// caller that drops the T (the call a statement of its own, the result
// assigned to _, or kept in a local variable that is never stopped and
// never leaves the function) can never stop the goroutine: it waits
// forever, once per call.
//
// Only the package's own constructors are known; calls in code that runs
// only at start-up are not reported.

// An owner describes a constructor whose result owns a goroutine.
type owner struct {
	typ   *types.Named
	stops []*types.Func // the methods that end the goroutine, best first
	wait  ast.Node      // where the goroutine waits
	gost  ast.Node      // the go statement, or the call that starts it
}

// stopNames says which methods end the goroutine: "Stop", "Commit or
// Rollback".
func (o *owner) stopNames() string {
	names := []string{o.stops[0].Name()}
	if len(o.stops) > 1 {
		names = append(names, o.stops[1].Name())
	}
	return strings.Join(names, " or ")
}

// owners finds the package's constructors of goroutine-owning objects.
func (a *checker) owners() map[*types.Func]*owner {
	out := map[*types.Func]*owner{}
	for _, g := range a.ix.gos {
		if g.fn == nil || g.target == nil {
			continue
		}
		ctor := g.fn
		for ctor.obj == nil && ctor.outer != nil && (ctor.run == control.Now || ctor.run == control.Deferred) {
			ctor = ctor.outer
		}
		if ctor.obj == nil || out[ctor.obj] != nil {
			continue
		}
		t := resultStruct(ctor.obj)
		if t == nil {
			continue
		}
		stoppers := a.stoppers(t)
		if len(stoppers) == 0 {
			continue
		}
		for _, body := range a.runBodies(g.target) {
			if wait, field := a.waitOnField(body, t); wait != nil {
				if ms := pickStoppers(stoppers, field); len(ms) > 0 {
					out[ctor.obj] = &owner{typ: t, stops: ms, wait: wait, gost: g.at}
					break
				}
			}
		}
	}
	return out
}

// resultStruct returns T when fn's first result is *T, T a struct type of
// fn's package.
func resultStruct(fn *types.Func) *types.Named {
	res := fn.Signature().Results()
	if res.Len() == 0 {
		return nil
	}
	p, ok := res.At(0).Type().(*types.Pointer)
	if !ok {
		return nil
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() != fn.Pkg() {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	return n
}

// waitOnField returns a receive in body on a field of a T (a channel field,
// or the Done of a context field), and that field.
func (a *checker) waitOnField(body *ast.BlockStmt, t *types.Named) (ast.Node, *types.Var) {
	info := a.pass.TypesInfo
	var wait ast.Node
	var field *types.Var
	ast.Inspect(body, func(n ast.Node) bool {
		if wait != nil {
			return false
		}
		var x ast.Expr
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				x = n.X
			}
		case *ast.RangeStmt:
			x = n.X
		}
		if x == nil {
			return true
		}
		if isCtxDone(info, x) {
			x = ast.Unparen(x).(*ast.CallExpr).Fun.(*ast.SelectorExpr).X
		}
		if f := fieldOf(info, x, t); f != nil {
			wait, field = n, f
		}
		return true
	})
	return wait, field
}

// fieldOf returns the field of t that e selects (x.f, x of type T or *T).
func fieldOf(info *types.Info, e ast.Expr, t *types.Named) *types.Var {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return nil
	}
	rt := s.Recv()
	if p, ok := rt.(*types.Pointer); ok {
		rt = p.Elem()
	}
	if n, ok := types.Unalias(rt).(*types.Named); !ok || n.Origin() != t.Origin() {
		return nil
	}
	v, _ := s.Obj().(*types.Var)
	return v
}

// checkOwners reports the calls that drop a goroutine-owning object.
func (a *checker) checkOwners() {
	owners := a.owners()
	if len(owners) == 0 {
		return
	}
	info := a.pass.TypesInfo
	for callee, o := range owners {
		f := a.ix.byObj[callee]
		for _, s := range f.callers {
			call := s.node.(*ast.CallExpr)
			if s.fn == nil || a.r.Skip(call.Pos()) || a.rep.startupOnly(s.fn) {
				continue
			}
			c, ok := s.fn.cur.FindNode(call)
			if !ok {
				continue
			}
			dropped := ""
			switch p := c.Parent().Node().(type) {
			case *ast.ExprStmt:
				dropped = "the result is dropped"
			case *ast.AssignStmt:
				if len(p.Lhs) == 0 || len(p.Rhs) != 1 {
					continue
				}
				id, ok := ast.Unparen(p.Lhs[0]).(*ast.Ident)
				if !ok {
					continue
				}
				if id.Name == "_" {
					dropped = "the result is assigned to _"
					break
				}
				v, ok := info.ObjectOf(id).(*types.Var)
				if !ok || !within(v.Pos(), s.fn.node) || a.keptOrStopped(s.fn, v, o) {
					continue
				}
				dropped = fmt.Sprintf("%s is neither stopped nor kept", id.Name)
			default:
				continue
			}
			a.r.ReportRelated(call, fmt.Sprintf("%s returns a *%s whose goroutine (started at line %d) waits until %s is called, and %s: the goroutine never ends, once per call; call %s when done",
				types.ExprString(call.Fun), o.typ.Obj().Name(), a.line(o.gost), o.stopNames(), dropped, o.stops[0].Name()),
				[]analysis.RelatedInformation{{Pos: o.wait.Pos(), End: o.wait.End(), Message: "the goroutine waits here"}})
		}
	}
}

// keptOrStopped reports whether the local v, holding an owner, is stopped
// or leaves the function: any use other than a field read or a call of one
// of T's methods that does not hand its receiver on.
func (a *checker) keptOrStopped(f *fn, v *types.Var, o *owner) bool {
	info := a.pass.TypesInfo
	return !eachUse(info, f.body, v, func(id *ast.Ident, stack []ast.Node) bool {
		sel, ok := stack[len(stack)-2].(*ast.SelectorExpr)
		if !ok || sel.X != id {
			return false // passed, returned, stored, compared
		}
		s := info.Selections[sel]
		if s == nil {
			return false
		}
		if s.Kind() == types.MethodVal {
			m, _ := s.Obj().(*types.Func)
			if m == nil || slices.Contains(o.stops, m) || a.receiverEscapes(m) {
				return false
			}
		}
		return true
	})
}

// receiverEscapes reports whether method m hands its receiver on (stores
// it, passes it, returns it): then whoever receives it may stop it.
func (a *checker) receiverEscapes(m *types.Func) bool {
	f := a.ix.byObj[m]
	recv := m.Signature().Recv()
	if f == nil || recv == nil {
		return true
	}
	info := a.pass.TypesInfo
	return !eachUse(info, f.body, recv, func(id *ast.Ident, stack []ast.Node) bool {
		sel, ok := stack[len(stack)-2].(*ast.SelectorExpr)
		return ok && sel.X == id
	})
}
