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

// This file: a goroutine waits for its parent, and the parent can return
// first.
//
// A function makes a channel, starts a goroutine that receives from it,
// and later sends on it or closes it. When the function can return on some
// path after the go statement without the send or the close (an early
// return on an error between the start and the hand-off), the goroutine
// waits forever, once per call. A goroutine that ranges over the channel,
// or receives from it in a loop, waits for the close: only a close
// releases it. The paths are those of the parent's control-flow graph; a
// deferred close covers every path after it, and a panic or log.Fatal is
// not a return.
//
// Judged only when the channel is a local of the parent made there, the
// parent uses it only to send on it, close it or start that goroutine, and
// the goroutine (a literal, or a function of the package called with the
// channel) only receives from it with plain receives or a range, outside
// any select. A channel nothing ever sends on or closes is stuck.go's.

// checkOrphans reports the returns that leave a goroutine waiting.
func (a *checker) checkOrphans() {
	for _, g := range a.ix.gos {
		if g.stmt == nil || g.fn == nil || g.target == nil || a.r.Skip(g.stmt.Pos()) || a.rep.startupOnly(g.fn) {
			continue
		}
		for _, v := range a.goChans(g) {
			p := a.goVar(g, v)
			if p == nil {
				continue
			}
			recv, loops, ok := a.onlyReceives(g.target.body, p)
			if !ok {
				continue
			}
			sends, closes, ok := a.parentSignals(g, v)
			if !ok || len(closes) == 0 && (loops || len(sends) == 0) {
				continue
			}
			releases := closes
			if !loops {
				releases = append(releases, sends...)
			}
			ret := returnAvoiding(newCFG(g.fn.body), g.stmt, func(n ast.Node) bool { return slices.Contains(releases, n) })
			if ret == nil {
				continue
			}
			what := "sending on " + v.Name() + " or closing it"
			if loops {
				what = "closing " + v.Name()
			}
			a.r.ReportRelated(ret, fmt.Sprintf("this return leaves without %s, and the goroutine started at line %d waits on %s (line %d): it blocks forever, once per call; close %s on this path too (defer close(%s) after the go statement)",
				what, a.line(g.stmt), v.Name(), a.line(recv), v.Name(), v.Name()),
				[]analysis.RelatedInformation{{Pos: recv.Pos(), End: recv.End(), Message: "the goroutine waits here"}})
		}
	}
}

// onlyReceives reports whether body uses p only to receive from it with a
// plain receive or a range outside a select (or to compare it with nil),
// and returns the first receive and whether any is a range or in a loop.
func (a *checker) onlyReceives(body *ast.BlockStmt, p *types.Var) (first ast.Node, loops, ok bool) {
	info := a.pass.TypesInfo
	ok = eachUse(info, body, p, func(id *ast.Ident, stack []ast.Node) bool {
		inLoop := false
		for _, s := range stack[:len(stack)-1] {
			switch s.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				inLoop = true
			case *ast.FuncLit:
				return false // captured by a closure of the goroutine
			}
		}
		switch parent := stack[len(stack)-2].(type) {
		case *ast.UnaryExpr:
			if parent.Op == token.ARROW && !inComm(stack) {
				if first == nil {
					first = parent
				}
				loops = loops || inLoop
				return true
			}
		case *ast.RangeStmt:
			if parent.X == id {
				if first == nil {
					first = parent
				}
				loops = true
				return true
			}
		case *ast.BinaryExpr:
			if typesx.IsNil(info, parent.X) || typesx.IsNil(info, parent.Y) {
				return true
			}
		}
		return false
	})
	return first, loops, ok && first != nil
}

// inComm reports whether the innermost node of stack is inside the
// communication of a select case.
func inComm(stack []ast.Node) bool {
	for i := len(stack) - 1; i > 0; i-- {
		if cc, ok := stack[i-1].(*ast.CommClause); ok {
			return cc.Comm == stack[i]
		}
	}
	return false
}

// parentSignals returns the sends on v and closes of v in g's parent; ok
// is false when the parent uses v otherwise (besides making it and
// starting g), or before it starts g.
func (a *checker) parentSignals(g *goSite, v *types.Var) (sends, closes []ast.Node, ok bool) {
	info := a.pass.TypesInfo
	ok = true
	made := false
	g.fn.cur.Inspect(nil, func(c inspector.Cursor) bool {
		if !ok {
			return false
		}
		n := c.Node()
		if n == g.stmt {
			return false
		}
		id, isID := n.(*ast.Ident)
		if !isID || info.ObjectOf(id) != v {
			return true
		}
		switch c.ParentEdgeKind() {
		case edge.AssignStmt_Lhs, edge.ValueSpec_Names:
			if !a.madeHere(c) || made {
				ok = false
			}
			made = true
			return true
		}
		if id.Pos() < g.stmt.Pos() {
			ok = false // handed on before the goroutine starts
			return false
		}
		switch p := c.Parent().Node().(type) {
		case *ast.SendStmt:
			if p.Chan == id {
				sends = append(sends, p)
				return true
			}
		case *ast.CallExpr:
			if fn, isFn := ast.Unparen(p.Fun).(*ast.Ident); isFn && fn.Name == "close" && len(p.Args) == 1 {
				closes = append(closes, p)
				return true
			}
		}
		ok = false
		return false
	})
	return sends, closes, ok && made
}
