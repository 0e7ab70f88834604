package goroutineleak

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: a WaitGroup's Wait for a Done that never comes.
//
// Wait returns when every Add has been matched by a Done. Two shapes leave
// it waiting forever, with the goroutine that called it:
//
//   - Nothing calls Done at all: a WaitGroup the package keeps to itself (an
//     unexported field or a local variable of type sync.WaitGroup, never
//     passed, copied or stored elsewhere, only its methods called) that the
//     package Adds to and Waits on, with no Done and no Go anywhere. Once an
//     Add has run, every Wait blocks for good (cockroach's Stopper, whose
//     drain group lost its Done).
//   - A counted goroutine can skip its Done: the parent Adds, starts a
//     goroutine that calls wg.Done() at its end rather than in a defer, and
//     Waits; the goroutine has a return path (an early return on an error)
//     that meets no Done. The goroutine must be the one the Add counts:
//     nothing else in the parent calls Done on the WaitGroup, and the
//     goroutine's Done is not in a loop (a drainer that calls Done for each
//     job it discards finishes others' tasks, not its own). The paths are the goroutine's control-flow graph;
//     a deferred Done covers every path after it, and a panic or log.Fatal
//     is not a return. The fix is mechanical: defer wg.Done() at the start.
//
// Waits in code that runs only at start-up (main, init and what only they
// call) are judged like the others' here: the program hangs instead of
// starting, which nobody meant.

// checkWaitGroupDone reports Waits whose Done never comes.
func (a *checker) checkWaitGroupDone() {
	a.checkNeverDone()
	a.checkSkippedDone()
}

// wgOps are the method calls on one WaitGroup the package keeps to itself.
type wgOps struct {
	adds, waits []*ast.CallExpr
	dones       bool // Done or Go is called
	escaped     bool // used other than by calling Add, Done, Wait or Go
}

// wgObj returns the variable or field (its generic origin) of a
// sync.WaitGroup value named by e, nil if e is not one.
func wgObj(info *types.Info, e ast.Expr) *types.Var {
	var v *types.Var
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, _ = info.Uses[x].(*types.Var)
	case *ast.SelectorExpr:
		v, _ = info.Uses[x.Sel].(*types.Var)
	}
	if v == nil || !typesx.IsNamed(v.Type(), "sync", "WaitGroup") {
		return nil
	}
	return v.Origin()
}

// checkNeverDone reports the Waits of WaitGroups nothing calls Done on.
func (a *checker) checkNeverDone() {
	info := a.pass.TypesInfo
	ops := map[*types.Var]*wgOps{}
	for c := range a.ix.insp.Root().Preorder((*ast.Ident)(nil)) {
		id := c.Node().(*ast.Ident)
		v, ok := info.Uses[id].(*types.Var)
		if !ok || !typesx.IsNamed(v.Type(), "sync", "WaitGroup") {
			continue
		}
		v = v.Origin()
		o := ops[v]
		if o == nil {
			o = &wgOps{}
			ops[v] = o
		}
		// The WaitGroup expression: the identifier, or the selector it
		// ends (s.wg).
		at := c
		if c.ParentEdgeKind() == edge.SelectorExpr_Sel {
			at = c.Parent()
		}
		if at.ParentEdgeKind() != edge.SelectorExpr_X || at.Parent().ParentEdgeKind() != edge.CallExpr_Fun {
			o.escaped = true
			continue
		}
		call := at.Parent().Parent().Node().(*ast.CallExpr)
		switch at.Parent().Node().(*ast.SelectorExpr).Sel.Name {
		case "Add":
			o.adds = append(o.adds, call)
		case "Wait":
			o.waits = append(o.waits, call)
		case "Done", "Go":
			o.dones = true
		default:
			o.escaped = true
		}
	}
	for v, o := range ops {
		if o.escaped || o.dones || len(o.adds) == 0 || len(o.waits) == 0 || v.Exported() || v.Embedded() {
			continue
		}
		for _, w := range o.waits {
			if a.r.Skip(w.Pos()) {
				continue
			}
			sel := ast.Unparen(w.Fun).(*ast.SelectorExpr)
			name := report.Short(sel.X)
			a.r.ReportRelated(w, fmt.Sprintf("%s.Wait() waits for a Done that nothing in this package calls: %s is only ever added to (%s.Add at line %d), so once Add has run this Wait blocks forever and every goroutine that gets here leaks; call %s.Done() when each counted task ends (defer it)",
				name, name, name, a.line(o.adds[0]), name),
				[]analysis.RelatedInformation{{Pos: o.adds[0].Pos(), End: o.adds[0].End(), Message: "the Add no Done matches"}})
		}
	}
}

// checkSkippedDone reports the return paths of counted goroutines that
// skip their Done while the parent Waits.
func (a *checker) checkSkippedDone() {
	info := a.pass.TypesInfo
	for _, g := range a.ix.gos {
		if g.stmt == nil || g.fn == nil || g.target == nil || g.target.obj != nil || a.r.Skip(g.stmt.Pos()) {
			continue
		}
		// The goroutine's Dones, on WaitGroups of the parent. A Done in a
		// loop is not the goroutine's own: it finishes tasks for others
		// (a drainer calling Done for each job it discards).
		dones := map[*types.Var][]ast.Node{}
		looped := map[*types.Var]bool{}
		var stack []ast.Node
		ast.Inspect(g.target.body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Done" {
				if v := wgObj(info, sel.X); v != nil && !v.IsField() && within(v.Pos(), g.fn.node) && !within(v.Pos(), g.stmt) {
					dones[v] = append(dones[v], call)
					for _, s := range stack {
						switch s.(type) {
						case *ast.ForStmt, *ast.RangeStmt:
							looped[v] = true
						}
					}
				}
			}
			return true
		})
		for v, calls := range dones {
			if looped[v] || a.donesElsewhere(g, v) {
				continue
			}
			add, wait := a.addAndWait(g, v)
			if add == nil || wait == nil {
				continue
			}
			ret := returnAvoiding(newCFG(g.target.body), nil, func(n ast.Node) bool {
				for _, c := range calls {
					if n == c {
						return true
					}
				}
				return false
			})
			if ret == nil {
				continue
			}
			a.r.ReportRelated(ret, fmt.Sprintf("the goroutine started at line %d returns here without calling %s.Done(), and %s.Wait() at line %d waits for it: Wait then blocks forever, once per call; defer %s.Done() at the start of the goroutine",
				a.line(g.stmt), v.Name(), v.Name(), a.line(wait), v.Name()),
				[]analysis.RelatedInformation{{Pos: wait.Pos(), End: wait.End(), Message: "the Wait that blocks"}})
		}
	}
}

// donesElsewhere reports whether the parent of g, or another goroutine
// it starts, calls v.Done (or v.Go) outside g: then the Add before g may
// count their work, not g.
func (a *checker) donesElsewhere(g *goSite, v *types.Var) bool {
	info := a.pass.TypesInfo
	found := false
	ast.Inspect(g.fn.body, func(n ast.Node) bool {
		if found || n == g.stmt {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "Done" || sel.Sel.Name == "Go") && wgObj(info, sel.X) == v {
				found = true
			}
		}
		return !found
	})
	return found
}

// addAndWait returns a plain v.Add before the go statement of g and a
// v.Wait after it, both in the parent's own body (not in a literal); nil
// when either is missing.
func (a *checker) addAndWait(g *goSite, v *types.Var) (add, wait *ast.CallExpr) {
	info := a.pass.TypesInfo
	g.fn.cur.Inspect(nil, func(c inspector.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			return n == g.fn.node
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok || wgObj(info, sel.X) != v {
				return true
			}
			switch {
			case sel.Sel.Name == "Add" && n.Pos() < g.stmt.Pos() && add == nil:
				add = n
			case sel.Sel.Name == "Wait" && n.Pos() > g.stmt.End() && wait == nil:
				wait = n
			}
		}
		return true
	})
	return add, wait
}
