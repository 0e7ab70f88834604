package lockblock

import (
	"go/ast"
	"go/types"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: which field a channel parameter or a getter's result is.
//
// The two sides of a wait are matched by the channel's field: a send on
// h.stop and a receive from h.stop are peers. A channel often reaches its
// receiver through a getter (func (h *Health) StopChan() chan struct{} {
// return h.stop }) and a parameter (go monitor(c, h.StopChan())): the
// receive is then on the parameter, and without this the field would have
// no receiver at all. A getter is a declared function with one channel
// result whose every return returns the same field. A channel parameter of
// a declared function is that field when every call of the function in
// the package passes it (directly, through a local copy, or through a
// getter) and the function is never used as a value (a caller out of
// sight could pass another channel).

// chanGetters finds the package's getters of channel fields.
func (s *scanner) chanGetters() {
	info := s.c.pass.TypesInfo
	s.getters = make(map[*types.Func]*types.Var)
	for _, fn := range s.c.funcs {
		if fn.obj == nil {
			continue
		}
		res := fn.obj.Signature().Results()
		if res.Len() != 1 || res.At(0).Name() != "" {
			continue
		}
		if _, ok := res.At(0).Type().Underlying().(*types.Chan); !ok {
			continue
		}
		var field *types.Var
		ok := true
		inspectBody(fn.body, func(n ast.Node) bool {
			ret, isRet := n.(*ast.ReturnStmt)
			if !isRet || !ok {
				return ok
			}
			if len(ret.Results) != 1 {
				ok = false
				return false
			}
			r, isRef := refOf(info, ret.Results[0])
			if !isRef || len(r.path) == 0 || field != nil && r.class != field {
				ok = false
				return false
			}
			field = r.class
			return true
		})
		if ok && field != nil {
			s.getters[fn.obj] = field
		}
	}
}

// chanOf is the field a channel expression is: a field, a local copy of
// one, a parameter bound to one, or a getter's call.
func (s *scanner) chanOf(e ast.Expr) *types.Var {
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		if fn := typesx.StaticCallee(s.c.pass.TypesInfo, call); fn != nil {
			return s.getters[fn]
		}
		return nil
	}
	r, ok := refOf(s.c.pass.TypesInfo, e)
	if !ok {
		return nil
	}
	if len(r.path) == 0 {
		if v, ok := r.root.(*types.Var); ok {
			return s.aliases[v]
		}
		return nil
	}
	return r.class
}

// chanParams binds the channel parameters every call passes the same field
// to (s.aliases).
func (s *scanner) chanParams() {
	info := s.c.pass.TypesInfo
	// The calls of each declared function, and the uses of its name: a
	// use that is not a call's makes it a value someone else may call.
	calls := make(map[*types.Func][]*ast.CallExpr)
	for _, file := range s.c.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if fn := typesx.StaticCallee(info, call); fn != nil {
					calls[fn] = append(calls[fn], call)
				}
			}
			return true
		})
	}
	uses := make(map[*types.Func]int)
	for _, file := range s.c.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if fn, ok := info.Uses[id].(*types.Func); ok {
					uses[fn]++
				}
			}
			return true
		})
	}
	for _, fn := range s.c.funcs {
		if fn.obj == nil || len(calls[fn.obj]) == 0 || uses[fn.obj] != len(calls[fn.obj]) {
			continue
		}
		sig := fn.obj.Signature()
		if sig.Variadic() {
			continue
		}
		for i := range sig.Params().Len() {
			p := sig.Params().At(i)
			if _, ok := p.Type().Underlying().(*types.Chan); !ok || s.aliases[p] != nil {
				continue
			}
			var field *types.Var
			for _, call := range calls[fn.obj] {
				if len(call.Args) != sig.Params().Len() {
					field = nil
					break
				}
				f := s.chanOf(call.Args[i])
				if f == nil || field != nil && f != field {
					field = nil
					break
				}
				field = f
			}
			if field != nil {
				s.aliases[p] = field
			}
		}
	}
}
