package goroutineleak

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: a WaitGroup waited on inside the loop that starts its
// goroutines.
//
// wg.Add(n) before a loop promises n calls of Done; a Wait inside the loop,
// after the first goroutine is started, waits for all n while only one has
// started: it blocks forever (moby's plugin manager). Reported when the
// Add is outside the loop with a count that is not the constant 1, the
// loop starts a goroutine that calls Done on the same WaitGroup, and the
// loop's own body (not a goroutine) calls Wait.

// checkWaitInLoop reports the Waits inside the loop that starts the
// goroutines they wait for.
func (a *checker) checkWaitInLoop() {
	info := a.pass.TypesInfo
	for c := range a.ix.insp.Root().Preorder((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)) {
		loop := c.Node().(ast.Stmt)
		if a.r.Skip(loop.Pos()) {
			continue
		}
		body := control.Body(loop)
		// Waits and Adds in the loop's own body; Dones in its goroutines.
		waits := map[types.Object]*ast.CallExpr{}
		adds := map[types.Object]bool{}
		dones := map[types.Object]bool{}
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.GoStmt:
				if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
					ast.Inspect(lit.Body, func(m ast.Node) bool {
						if call, ok := m.(*ast.CallExpr); ok {
							if obj, name := wgCall(info, call); obj != nil && name == "Done" {
								dones[obj] = true
							}
						}
						return true
					})
				}
				return false
			case *ast.CallExpr:
				obj, name := wgCall(info, n)
				switch {
				case obj == nil:
				case name == "Wait" && waits[obj] == nil:
					waits[obj] = n
				case name == "Add" || name == "Go":
					adds[obj] = true
				}
			}
			return true
		})
		for obj, wait := range waits {
			if !dones[obj] || adds[obj] {
				continue
			}
			add := a.addBefore(c.Parent().Node(), loop, obj)
			if add == nil {
				continue
			}
			a.r.Reportf(wait, "%s.Wait inside the loop that starts the goroutines waits, on the first iteration, for every Done promised by %s.Add at line %d while only one goroutine has started: it blocks forever; call Wait after the loop",
				obj.Name(), obj.Name(), a.line(add))
		}
	}
}

// wgCall returns the WaitGroup variable or field a call of one of its
// methods is on, and the method's name.
func wgCall(info *types.Info, call *ast.CallExpr) (types.Object, string) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, ""
	}
	callee := typesx.Callee(info, call)
	if callee == nil || callee.Pkg() == nil || callee.Pkg().Path() != "sync" {
		return nil, ""
	}
	recv := callee.Signature().Recv()
	if recv == nil || !typesx.IsNamedOrPointer(recv.Type(), "sync", "WaitGroup") {
		return nil, ""
	}
	var obj types.Object
	switch x := ast.Unparen(sel.X).(type) {
	case *ast.Ident:
		obj = info.ObjectOf(x)
	case *ast.SelectorExpr:
		obj = info.ObjectOf(x.Sel)
	}
	return obj, callee.Name()
}

// addBefore returns a call obj.Add(n), n not the constant 1, among the
// statements of parent that come before loop.
func (a *checker) addBefore(parent ast.Node, loop ast.Stmt, obj types.Object) *ast.CallExpr {
	info := a.pass.TypesInfo
	var found *ast.CallExpr
	for _, s := range control.List(parent) {
		if s == loop {
			return found
		}
		es, ok := s.(*ast.ExprStmt)
		if !ok {
			continue
		}
		call, ok := es.X.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			continue
		}
		if o, name := wgCall(info, call); o == obj && name == "Add" {
			if tv := info.Types[call.Args[0]]; tv.Value != nil && constant.Compare(tv.Value, token.EQL, constant.MakeInt64(1)) {
				continue
			}
			found = call
		}
	}
	return nil
}
