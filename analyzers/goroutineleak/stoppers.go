package goroutineleak

import (
	"go/ast"
	"go/types"
	"slices"
	"sort"
)

// This file: the methods of a type that stop its goroutine: those that
// close one of its channel fields or call one of its cancel fields,
// directly or through its other methods.

// A stopper is a method of T that closes a channel field of T or calls a
// function field of T, directly or through T's other methods.
type stopper struct {
	m      *types.Func
	closes map[*types.Var]bool // channel fields it closes
	cancel bool                // calls a function field (a cancel)
}

// stoppers lists T's methods that stop something, each with what it
// stops (through three calls to T's methods).
func (a *checker) stoppers(t *types.Named) []*stopper {
	info := a.pass.TypesInfo
	direct := map[*types.Func]*stopper{}
	calls := map[*types.Func][]*types.Func{}
	for i := range t.NumMethods() {
		m := t.Method(i)
		f := a.ix.byObj[m]
		if f == nil {
			continue
		}
		s := &stopper{m: m, closes: map[*types.Var]bool{}}
		ast.Inspect(f.body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "close" && len(call.Args) == 1 {
				if fv := fieldOf(info, call.Args[0], t); fv != nil {
					s.closes[fv] = true
				}
				return true
			}
			if fv := fieldOf(info, call.Fun, t); fv != nil {
				if typesIsNamed(fv.Type(), "context", "CancelFunc") || typesIsNamed(fv.Type(), "context", "CancelCauseFunc") || cancelName(fv.Name()) {
					s.cancel = true
				}
				return true
			}
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				if ms := info.Selections[sel]; ms != nil && ms.Kind() == types.MethodVal {
					if callee, ok := ms.Obj().(*types.Func); ok && isMethodOf(callee, t) {
						calls[m] = append(calls[m], callee)
					}
				}
			}
			return true
		})
		direct[m] = s
	}
	var out []*stopper
	for i := range t.NumMethods() {
		m := t.Method(i)
		s := direct[m]
		if s == nil {
			continue
		}
		merged := &stopper{m: m, closes: map[*types.Var]bool{}}
		var visit func(m *types.Func, depth int)
		visit = func(m *types.Func, depth int) {
			d := direct[m]
			if d == nil || depth < 0 {
				return
			}
			for f := range d.closes {
				merged.closes[f] = true
			}
			merged.cancel = merged.cancel || d.cancel
			for _, c := range calls[m] {
				visit(c, depth-1)
			}
		}
		visit(m, 3)
		if len(merged.closes) > 0 || merged.cancel {
			out = append(out, merged)
		}
	}
	return out
}

func isMethodOf(m *types.Func, t *types.Named) bool {
	recv := m.Signature().Recv()
	if recv == nil {
		return false
	}
	rt := recv.Type()
	if p, ok := rt.(*types.Pointer); ok {
		rt = p.Elem()
	}
	n, ok := types.Unalias(rt).(*types.Named)
	return ok && n.Origin() == t.Origin()
}

// pickStoppers returns the methods that end a wait on field: those that
// close it, or, for a context field, call a cancel. The usual names
// (Stop, Close, Shutdown) come first, then the other exported methods, in
// name order.
func pickStoppers(ss []*stopper, field *types.Var) []*types.Func {
	score := func(m *types.Func) int {
		sc := 0
		if m.Exported() {
			sc++
		}
		if slices.Contains(stopMethods, m.Name()) {
			sc += 2
		}
		return sc
	}
	var out []*types.Func
	for _, s := range ss {
		if s.closes[field] || typesIsContext(field.Type()) && s.cancel {
			out = append(out, s.m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		si, sj := score(out[i]), score(out[j])
		if si != sj {
			return si > sj
		}
		return out[i].Name() < out[j].Name()
	})
	// Unexported helpers of an exported stopper are not named.
	if len(out) > 1 && out[0].Exported() {
		kept := out[:0]
		for _, m := range out {
			if m.Exported() {
				kept = append(kept, m)
			}
		}
		out = kept
	}
	return out
}

func typesIsContext(t types.Type) bool { return typesIsNamed(t, "context", "Context") }

func typesIsNamed(t types.Type, path, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == path && n.Obj().Name() == name
}
