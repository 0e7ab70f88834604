package goroutineleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: a parent waits for a signal its goroutine may never give.
//
// A function makes a channel, starts one goroutine that closes it or sends
// on it when its work is done, and then waits for that with a plain
// receive (no select, no timeout). When the goroutine can return on some
// path without the close or the send (an early return on an error, a loop
// over an event channel that ends), the parent waits forever, once per
// call. The paths are those of the goroutine's control-flow graph; a
// deferred close is on every path after the defer. The fix is mechanical:
// close the channel in a defer at the start of the goroutine.
//
// Judged only when the channel is a local of the function, the receive is
// its only use outside the goroutine, and the goroutine (a literal, or a
// function of the package called with the channel) only closes it, sends on
// it, or compares it with nil. A goroutine that never signals at all is
// stuck.go's.

// checkSignals reports the waits for a signal a goroutine may skip.
func (a *checker) checkSignals() {
	for _, g := range a.ix.gos {
		if g.stmt == nil || g.fn == nil || g.target == nil || a.r.Skip(g.stmt.Pos()) {
			continue
		}
		// The channel: a local of the parent, passed to or used by the
		// goroutine.
		for _, v := range a.goChans(g) {
			recv := a.onlyPlainRecv(g, v)
			if recv == nil {
				continue
			}
			p := a.goVar(g, v)
			if p == nil {
				continue
			}
			closes, sends, ok := a.signals(g.target.body, p)
			if !ok || len(closes)+len(sends) == 0 {
				continue
			}
			ret := returnAvoiding(newCFG(g.target.body), nil, func(n ast.Node) bool {
				return slices.Contains(closes, n) || slices.Contains(sends, n)
			})
			if ret == nil {
				continue
			}
			how := "closing"
			if len(closes) == 0 {
				how = "sending on"
			}
			var fixes []analysis.SuggestedFix
			if g.target.obj == nil && len(sends) == 0 {
				fixes = a.deferCloseFix(g.target.body, v.Name(), closes)
			}
			a.r.ReportRelated(recv, fmt.Sprintf("the goroutine started at line %d can return (line %d) without %s %s, and nothing else signals it: this receive then blocks forever, once per call; close %s in a defer at the start of the goroutine",
				a.line(g.stmt), a.pass.Fset.Position(retPos(ret)).Line, how, v.Name(), v.Name()),
				[]analysis.RelatedInformation{{Pos: retPos(ret), End: retPos(ret), Message: "returns without signalling"}},
				fixes...)
		}
	}
}

// goChans returns the parent's local channels a goroutine uses: those
// passed to it, or captured by its literal.
func (a *checker) goChans(g *goSite) []*types.Var {
	info := a.pass.TypesInfo
	var out []*types.Var
	seen := map[*types.Var]bool{}
	add := func(id *ast.Ident) {
		v, ok := info.Uses[id].(*types.Var)
		if !ok || seen[v] || !isChan(v.Type()) || !within(v.Pos(), g.fn.node) || within(v.Pos(), g.stmt) {
			return
		}
		seen[v] = true
		out = append(out, v)
	}
	if g.target.obj != nil {
		for _, arg := range g.stmt.Call.Args {
			if id, ok := ast.Unparen(arg).(*ast.Ident); ok {
				add(id)
			}
		}
		return out
	}
	ast.Inspect(g.target.body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			add(id)
		}
		return true
	})
	return out
}

// onlyPlainRecv returns the single use of v in the parent outside the go
// statement when it is a plain receive (a statement, or the value of an
// assignment), not in a loop or a select, after a make of v; nil otherwise.
func (a *checker) onlyPlainRecv(g *goSite, v *types.Var) ast.Node {
	info := a.pass.TypesInfo
	var recv ast.Node
	made, other := false, false
	g.fn.cur.Inspect(nil, func(c inspector.Cursor) bool {
		if other {
			return false
		}
		n := c.Node()
		if n == g.stmt {
			return false
		}
		if lit, ok := n.(*ast.FuncLit); ok && lit != g.fn.node {
			other = other || mentions(info, lit, v)
			return false
		}
		id, ok := n.(*ast.Ident)
		if !ok || info.ObjectOf(id) != v {
			return true
		}
		switch c.ParentEdgeKind() {
		case edge.AssignStmt_Lhs, edge.ValueSpec_Names:
			made = true // the make (checked below) or another assignment
			if !a.madeHere(c) {
				other = true
			}
			return true
		}
		u, ok := c.Parent().Node().(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW || recv != nil {
			other = true
			return false
		}
		stmt := c.Parent().Parent()
		switch stmt.Node().(type) {
		case *ast.ExprStmt, *ast.AssignStmt, *ast.ReturnStmt:
		default:
			other = true
			return false
		}
		if stmt.ParentEdgeKind() == edge.CommClause_Comm || a.ix.siteOf(c).inLoop {
			other = true
			return false
		}
		recv = u
		return true
	})
	if other || !made || recv == nil {
		return nil
	}
	return recv
}

// madeHere reports whether the identifier at c is assigned a make(chan).
func (a *checker) madeHere(c inspector.Cursor) bool {
	info := a.pass.TypesInfo
	switch p := c.Parent().Node().(type) {
	case *ast.AssignStmt:
		i := c.ParentEdgeIndex()
		return len(p.Lhs) == len(p.Rhs) && isMake(info, p.Rhs[i]) != nil
	case *ast.ValueSpec:
		i := c.ParentEdgeIndex()
		return i < len(p.Values) && isMake(info, p.Values[i]) != nil
	}
	return false
}

// mentions reports whether n uses v.
func mentions(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// signals returns the closes of p and the sends on p in body; ok is false
// when body uses p otherwise (than comparing it with nil or setting it to
// nil).
func (a *checker) signals(body *ast.BlockStmt, p *types.Var) (closes []ast.Node, sends []ast.Node, ok bool) {
	info := a.pass.TypesInfo
	ok = eachUse(info, body, p, func(id *ast.Ident, stack []ast.Node) bool {
		switch parent := stack[len(stack)-2].(type) {
		case *ast.CallExpr:
			if fn, isFn := ast.Unparen(parent.Fun).(*ast.Ident); isFn && fn.Name == "close" {
				closes = append(closes, parent)
				return true
			}
		case *ast.SendStmt:
			if parent.Chan == id {
				sends = append(sends, parent)
				return true
			}
		case *ast.BinaryExpr:
			if typesx.IsNil(info, parent.X) || typesx.IsNil(info, parent.Y) {
				return true
			}
		case *ast.AssignStmt:
			if len(parent.Lhs) == 1 && parent.Lhs[0] == id && typesx.IsNil(info, parent.Rhs[0]) {
				return true
			}
		}
		return false
	})
	return closes, sends, ok
}

// goVar returns the parent's variable v as the goroutine g sees it: v
// itself in a literal, the parameter it is passed as to a function of the
// package; nil when it is not passed.
func (a *checker) goVar(g *goSite, v *types.Var) *types.Var {
	if g.target.obj == nil {
		return v
	}
	info := a.pass.TypesInfo
	callee := typesx.StaticCallee(info, g.stmt.Call)
	i := argIndexVar(info, g.stmt.Call, v)
	if callee == nil || i < 0 || i >= callee.Signature().Params().Len() {
		return nil
	}
	return callee.Signature().Params().At(i)
}

// argIndexVar returns the index of the argument that is v, or -1.
func argIndexVar(info *types.Info, call *ast.CallExpr, v *types.Var) int {
	for i, arg := range call.Args {
		if id, ok := ast.Unparen(arg).(*ast.Ident); ok && info.Uses[id] == v {
			return i
		}
	}
	return -1
}

// deferCloseFix closes the channel in a defer at the start of the
// goroutine and removes its other closes (a second close would panic).
func (a *checker) deferCloseFix(body *ast.BlockStmt, name string, closes []ast.Node) []analysis.SuggestedFix {
	var edits []analysis.TextEdit
	for _, c := range closes {
		// Only closes that are statements of their own can be removed.
		found := false
		ast.Inspect(body, func(n ast.Node) bool {
			if es, ok := n.(*ast.ExprStmt); ok && es.X == c {
				edits = append(edits, analysis.TextEdit{Pos: es.Pos(), End: es.End()})
				found = true
			}
			if _, ok := n.(*ast.DeferStmt); ok {
				return false
			}
			return !found
		})
		if !found {
			return nil
		}
	}
	if len(body.List) == 0 {
		return nil
	}
	indent := a.indent(body.List[0].Pos())
	edits = append(edits, analysis.TextEdit{Pos: body.Lbrace + 1, End: body.Lbrace + 1, NewText: []byte("\n" + indent + "defer close(" + name + ")")})
	return []analysis.SuggestedFix{{Message: "Close " + name + " in a defer at the start of the goroutine", TextEdits: edits}}
}
