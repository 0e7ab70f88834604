package ioeffect

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/summary"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file scans bodies for their operations and solves the package's
// call graph, once per kind.

// A leaf is one operation of a body with effects of its own.
type leaf struct {
	kinds Kinds
	at    ast.Node
	what  string // "receive", "net.Dial", "call of fn"
}

// scan walks n (nested literals and goroutines included) and reports each
// operation with effects of its own to direct, and each call whose effects
// are its callee's to call.
func (in *Info) scan(n ast.Node, direct func(Kinds, ast.Node, string), call func(*types.Func, *ast.CallExpr)) {
	info := in.pass.TypesInfo
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectStmt:
			// A select with a default case does not wait.
			if len(n.Body.List) > 0 && !control.HasDefault(n) {
				direct(Wait, n, "select")
			}
			for _, s := range n.Body.List {
				cc, ok := s.(*ast.CommClause)
				if !ok {
					continue
				}
				// The case's own receive was judged with the select; what
				// it evaluates (the channel expression, a sent value) and
				// its body are scanned.
				switch c := cc.Comm.(type) {
				case *ast.ExprStmt:
					in.scanRecvOperand(c.X, direct, call)
				case *ast.AssignStmt:
					for _, rhs := range c.Rhs {
						in.scanRecvOperand(rhs, direct, call)
					}
				case *ast.SendStmt:
					in.scan(c.Chan, direct, call)
					in.scan(c.Value, direct, call)
				}
				for _, st := range cc.Body {
					in.scan(st, direct, call)
				}
			}
			return false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				direct(Wait, n, "receive")
			}
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil {
				if _, ok := t.Underlying().(*types.Chan); ok {
					direct(Wait, n, "range over a channel")
				}
			}
		case *ast.CallExpr:
			k, callee := in.classify(n)
			if k != 0 {
				direct(k, n, callName(info, n))
			}
			if callee != nil {
				call(callee, n)
			}
		}
		return true
	})
}

// scanRecvOperand scans what a select case's receive evaluates, not the
// receive itself.
func (in *Info) scanRecvOperand(e ast.Expr, direct func(Kinds, ast.Node, string), call func(*types.Func, *ast.CallExpr)) {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		in.scan(u.X, direct, call)
		return
	}
	in.scan(e, direct, call)
}

// callName names a call's target for chains.
func callName(info *types.Info, call *ast.CallExpr) string {
	if fn := typesx.Callee(info, call); fn != nil {
		return typesx.ShortName(fn)
	}
	return "call of " + report.Short(call.Fun)
}

// classify returns the effects a call has by itself (through an interface,
// a function value, a stream function of the standard library), and the
// static callee whose effects it also has, if any.
func (in *Info) classify(call *ast.CallExpr) (Kinds, *types.Func) {
	info := in.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return 0, nil // a conversion or a builtin
	}
	fn := typesx.Callee(info, call)
	if fn == nil {
		return in.funcValue(call), nil
	}
	if typesx.Static(fn) == nil {
		return ifaceKinds(fn), nil
	}
	if fn.Pkg() != nil && isStd(fn.Pkg().Path()) && !in.solved.Has(fn.Pkg()) {
		if w, ok := streamFuncs[fn.FullName()]; ok {
			return streamKinds(info, call, w), nil
		}
	}
	return 0, fn
}

// funcValue judges a call through a function value: a literal called in
// place, or a variable only ever assigned literals, runs a body scanned
// with the function's; anything else is not seen.
func (in *Info) funcValue(call *ast.CallExpr) Kinds {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.FuncLit:
		return 0
	case *ast.Ident:
		if v, ok := in.pass.TypesInfo.Uses[f].(*types.Var); ok && in.literalVars()[v] {
			return 0
		}
	}
	return Unseen
}

// literalVars returns the variables of the package only ever assigned
// function literals.
func (in *Info) literalVars() map[*types.Var]bool {
	if in.litVars != nil {
		return in.litVars
	}
	info := in.pass.TypesInfo
	state := make(map[*types.Var]bool) // false once a non-literal is assigned
	note := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return
		}
		v, ok := info.ObjectOf(id).(*types.Var)
		if !ok {
			return
		}
		_, lit := ast.Unparen(rhs).(*ast.FuncLit)
		if prev, seen := state[v]; !seen || prev {
			state[v] = lit
		}
	}
	for cur := range in.in.Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil)) {
		// A var without a value holds the zero value, nil, never called:
		// Assigns skips it.
		control.Assigns(cur.Node(), func(id *ast.Ident, rhs ast.Expr) { note(id, rhs) })
		if n, ok := cur.Node().(*ast.UnaryExpr); ok && n.Op == token.AND {
			note(n.X, nil) // its address escapes: anything may be stored
		}
	}
	in.litVars = make(map[*types.Var]bool)
	for v, lit := range state {
		if lit {
			in.litVars[v] = true
		}
	}
	return in.litVars
}

// A body is one declared function's operations and calls.
type body struct {
	fn     *types.Func
	decl   *ast.FuncDecl
	direct [numKinds]*summary.Reason
	calls  []summary.Call
}

// solve computes the effects of every function of the package, and which
// ones run until stopped.
func (in *Info) solve() {
	info := in.pass.TypesInfo
	var bodies []*body
	for cur := range in.in.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		fn, _ := info.Defs[decl.Name].(*types.Func)
		if fn == nil || decl.Body == nil {
			continue
		}
		in.decls[fn] = decl
		b := &body{fn: fn, decl: decl}
		in.scan(decl.Body, func(k Kinds, at ast.Node, what string) {
			for i := range numKinds {
				if k&(1<<i) != 0 && b.direct[i] == nil {
					b.direct[i] = &summary.Reason{Chain: []string{what}, Where: report.Where(in.pass.Fset, at.Pos())}
				}
			}
		}, func(callee *types.Func, call *ast.CallExpr) {
			b.calls = append(b.calls, summary.Call{Callee: callee, Pos: call.Pos()})
		})
		bodies = append(bodies, b)
	}
	type ext struct {
		k Kinds
		r summary.Reason
	}
	exts := make(map[*types.Func]ext)
	external := func(fn *types.Func) ext {
		e, ok := exts[fn]
		if !ok {
			e.k, e.r = in.external(fn)
			exts[fn] = e
		}
		return e
	}
	for i := range numKinds {
		k := Kinds(1 << i)
		funcs := make([]*summary.Func, len(bodies))
		for j, b := range bodies {
			funcs[j] = &summary.Func{Obj: b.fn, Direct: b.direct[i], Calls: b.calls}
		}
		imported := func(fn *types.Func) (summary.Reason, bool) {
			e := external(fn)
			if e.k&k == 0 {
				return summary.Reason{}, false
			}
			if lowest(e.k) != i || len(e.r.Chain) == 0 {
				return summary.Reason{Chain: []string{typesx.ShortName(fn)}}, true
			}
			return e.r, true
		}
		in.reasons[i] = summary.Solve(funcs, imported, typesx.ShortName)
		for fn := range in.reasons[i] {
			in.local[fn] |= k
		}
	}
	in.solveForever(bodies)
}

// solveForever finds the functions that run until stopped: an endless loop
// of their own (endlessLoop), or a call on their own path (not in a
// literal, a goroutine or a defer) to such a function.
func (in *Info) solveForever(bodies []*body) {
	funcs := make([]*summary.Func, len(bodies))
	for j, b := range bodies {
		f := &summary.Func{Obj: b.fn, Calls: in.ownCalls(b.decl.Body)}
		if loop := endlessLoop(in.pass.TypesInfo, b.decl.Body); loop != nil {
			f.Direct = &summary.Reason{Chain: []string{"endless loop"}, Where: report.Where(in.pass.Fset, loop.Pos())}
		}
		funcs[j] = f
	}
	imported := func(fn *types.Func) (summary.Reason, bool) {
		if fn.Pkg() == nil || fn.Pkg() == in.pass.Pkg {
			return summary.Reason{}, false
		}
		if f := in.fact(fn); f != nil && f.Forever {
			return summary.Reason{Chain: []string{typesx.ShortName(fn)}}, true
		}
		return summary.Reason{}, false
	}
	in.forever = summary.Solve(funcs, imported, typesx.ShortName)
}

// ownCalls returns the static calls made on body's own path: not in
// function literals, not the call of a go or defer statement.
func (in *Info) ownCalls(body *ast.BlockStmt) []summary.Call {
	var calls []summary.Call
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			for _, a := range n.Call.Args {
				ast.Inspect(a, visit)
			}
			return false
		case *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if fn := typesx.StaticCallee(in.pass.TypesInfo, n); fn != nil {
				calls = append(calls, summary.Call{Callee: fn, Pos: n.Pos()})
			}
		}
		return true
	}
	ast.Inspect(body, visit)
	return calls
}
