package lockblock

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file reads what a function's local variables hold: copies of a
// channel, WaitGroup or Cond field (aliases), values the function made and
// has not handed to anyone yet (fresh, freshAt), channels it has just made
// buffered (justMade), and so which object a channel expression denotes
// (objOf).

// localsOf reads fn's assignments to its variables: the local channels,
// WaitGroups and Conds that copy a field (var resetChan = i.resetChan:
// s.aliases), the variables assigned only values made here (composite
// literals, their addresses, new(T): fn.fresh) and those assigned after
// their declaration (fn.reassigned).
func (s *scanner) localsOf(fn *function) {
	info := s.c.pass.TypesInfo
	isNew := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = ast.Unparen(u.X)
		}
		switch e := e.(type) {
		case *ast.CompositeLit:
			return true
		case *ast.CallExpr:
			if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
				b, ok := info.Uses[id].(*types.Builtin)
				return ok && b.Name() == "new"
			}
		}
		return false
	}
	var stale map[types.Object]bool
	note := func(id *ast.Ident, rhs ast.Expr) {
		if v, _ := info.Defs[id].(*types.Var); v != nil && rhs != nil && isSyncObject(v.Type()) {
			if r, ok := refOf(info, rhs); ok && len(r.path) > 0 {
				s.aliases[v] = r.class
			} else if f := s.chanOf(rhs); f != nil {
				s.aliases[v] = f // ch := s.stopChan()
			}
		}
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
			if obj != nil {
				if fn.reassigned == nil {
					fn.reassigned = make(map[types.Object]bool)
				}
				fn.reassigned[obj] = true
			}
		}
		v, ok := obj.(*types.Var)
		if !ok || v.Pos() < fn.body.Pos() || v.Pos() >= fn.body.End() {
			return
		}
		if rhs != nil && isNew(rhs) {
			if fn.fresh == nil {
				fn.fresh = make(map[types.Object]bool)
			}
			fn.fresh[v] = true
			return
		}
		if stale == nil {
			stale = make(map[types.Object]bool)
		}
		stale[v] = true
	}
	inspectBody(fn.body, func(n ast.Node) bool {
		control.Assigns(n, note)
		return true
	})
	for v := range stale {
		delete(fn.fresh, v)
	}
	if len(fn.fresh) == 0 {
		return
	}
	// A value escapes where a nested function literal captures it (a
	// goroutine, a callback), or where it is passed, stored, sent or
	// returned. Captured anywhere, it is not fresh for the summaries;
	// lock order asks whether it had escaped yet (freshAt).
	var stack []ast.Node
	inLit := token.NoPos
	ast.Inspect(fn.body, func(n ast.Node) bool {
		if n == nil {
			if lit, ok := stack[len(stack)-1].(*ast.FuncLit); ok && lit.Pos() == inLit {
				inLit = token.NoPos
			}
			stack = stack[:len(stack)-1]
			return false
		}
		if lit, ok := n.(*ast.FuncLit); ok && inLit == token.NoPos {
			inLit = lit.Pos()
		}
		if id, ok := n.(*ast.Ident); ok && fn.fresh[info.Uses[id]] && len(stack) > 0 {
			v := info.Uses[id]
			at := token.NoPos
			switch p := stack[len(stack)-1].(type) {
			case *ast.CallExpr:
				if p.Fun != id {
					at = id.Pos()
				}
			case *ast.AssignStmt, *ast.CompositeLit, *ast.KeyValueExpr, *ast.SendStmt, *ast.ReturnStmt:
				at = id.Pos()
			}
			if inLit != token.NoPos {
				at = inLit
				fn.captured = append(fn.captured, v)
			}
			if at.IsValid() {
				if old, ok := fn.published[v]; !ok || at < old {
					if fn.published == nil {
						fn.published = make(map[types.Object]token.Pos)
					}
					fn.published[v] = at
				}
			}
		}
		stack = append(stack, n)
		return true
	})
	made := fn.fresh
	fn.fresh = make(map[types.Object]bool, len(made))
	for v := range made {
		fn.made = append(fn.made, v)
		fn.fresh[v] = true
	}
	for _, v := range fn.captured {
		delete(fn.fresh, v)
	}
}

// freshAt reports whether v holds a value fn made and had not yet handed
// to anyone at pos.
func (fn *function) freshAt(v types.Object, pos token.Pos) bool {
	if !slices.Contains(fn.made, v) {
		return false
	}
	at, ok := fn.published[v]
	return !ok || pos < at
}

// isSyncObject reports whether t is a channel, or a (pointer to a)
// sync.WaitGroup or sync.Cond.
func isSyncObject(t types.Type) bool {
	if _, ok := t.Underlying().(*types.Chan); ok {
		return true
	}
	return typesx.IsNamedOrPointer(t, "sync", "WaitGroup") || typesx.IsNamedOrPointer(t, "sync", "Cond")
}

// freshChan reports whether a channel expression is a field of a value fn
// has just made.
func (s *scanner) freshChan(fn *function, e ast.Expr) bool {
	r, ok := refOf(s.c.pass.TypesInfo, e)
	return ok && len(r.path) > 0 && fn.fresh[r.root]
}

// justMade reports whether the function assigned ch a buffered channel
// (ch = make(chan T, n)) before pos, in its own body: the sends that
// follow fill a buffer no other goroutine has been handed yet
// (p.tokens = make(chan struct{}, n); for range n { p.tokens <- x }).
func (s *scanner) justMade(fn *function, ch ast.Expr, pos token.Pos) bool {
	info := s.c.pass.TypesInfo
	want := types.ExprString(ast.Unparen(ch))
	found := false
	inspectBody(fn.body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || found || as.Pos() >= pos || len(as.Lhs) != len(as.Rhs) {
			return !found
		}
		for i, l := range as.Lhs {
			if types.ExprString(ast.Unparen(l)) != want {
				continue
			}
			call, ok := ast.Unparen(as.Rhs[i]).(*ast.CallExpr)
			if !ok || len(call.Args) != 2 {
				continue
			}
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "make" {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// objOf returns the object a channel, WaitGroup or Cond expression
// denotes: its field, or its variable (through a local alias of a field).
func (s *scanner) objOf(e ast.Expr) *types.Var {
	r, ok := refOf(s.c.pass.TypesInfo, e)
	if !ok {
		return nil
	}
	if len(r.path) == 0 {
		if v, ok := r.root.(*types.Var); ok {
			if f := s.aliases[v]; f != nil {
				return f
			}
		}
	}
	return r.class
}
