package goroutineleak

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers/internal/report"
)

// A use is one occurrence of a tracked channel variable.
type use struct {
	id     *ast.Ident
	kind   int          // useSend, useRecv or useOther
	goLit  *ast.FuncLit // the goroutine it is in, nil in the parent
	goStmt *ast.GoStmt
	inLoop bool            // in a loop of its own function (parent or goroutine)
	loop   ast.Stmt        // the innermost such loop
	sel    *ast.SelectStmt // the select it is a case of, if any
	send   *ast.SendStmt
}

const (
	useOther = iota
	useSend
	useRecv
	useClose // close(ch)
)

// checkFunc finds, in one function body, the unbuffered channels it makes
// and judges each one (see the package doc for the shapes and assumptions).
func checkFunc(pass *analysis.Pass, r *report.Reporter, body *ast.BlockStmt) {
	makes := map[*types.Var]*ast.CallExpr{}
	var order []*types.Var
	// Channels made directly in this function, not in a nested literal.
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, rhs := range n.Rhs {
				id, ok := n.Lhs[i].(*ast.Ident)
				if !ok {
					continue
				}
				if call := unbufferedMake(pass, rhs); call != nil {
					if v, ok := pass.TypesInfo.ObjectOf(id).(*types.Var); ok && makes[v] == nil {
						makes[v] = call
						order = append(order, v)
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) != len(n.Values) {
				return true
			}
			for i, rhs := range n.Values {
				if call := unbufferedMake(pass, rhs); call != nil {
					if v, ok := pass.TypesInfo.Defs[n.Names[i]].(*types.Var); ok {
						makes[v] = call
						order = append(order, v)
					}
				}
			}
		}
		return true
	})
	if len(makes) == 0 {
		return
	}
	uses := collectUses(pass, body, makes)
	for _, v := range order {
		judge(pass, r, v, makes, uses[v])
	}
}

// unbufferedMake returns e if it is make(chan T) or make(chan T, 0) of a
// bidirectional channel.
func unbufferedMake(pass *analysis.Pass, e ast.Expr) *ast.CallExpr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || len(call.Args) > 2 {
		return nil
	}
	fn, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	if b, ok := pass.TypesInfo.Uses[fn].(*types.Builtin); !ok || b.Name() != "make" {
		return nil
	}
	ch, ok := pass.TypesInfo.TypeOf(call.Args[0]).Underlying().(*types.Chan)
	if !ok || ch.Dir() != types.SendRecv {
		return nil
	}
	if len(call.Args) == 2 {
		tv := pass.TypesInfo.Types[call.Args[1]]
		if tv.Value == nil || constant.Sign(tv.Value) != 0 {
			return nil
		}
	}
	return call
}

// collectUses classifies every use of the tracked variables in body. A use
// inside a function literal other than one started directly by a go
// statement of body is recorded as useOther with goLit set to that literal
// and goStmt nil, which disqualifies the channel.
func collectUses(pass *analysis.Pass, body *ast.BlockStmt, makes map[*types.Var]*ast.CallExpr) map[*types.Var][]use {
	out := map[*types.Var][]use{}
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || makes[v] == nil {
			return true
		}
		out[v] = append(out[v], classify(id, stack))
		return true
	})
	return out
}

// classify places one use given the stack of its ancestors (innermost last).
func classify(id *ast.Ident, stack []ast.Node) use {
	u := use{id: id, kind: useOther}
	// Find the outermost function literal: the goroutine, if it is one.
	litAt := -1
	for i := 1; i < len(stack); i++ {
		if lit, ok := stack[i].(*ast.FuncLit); ok {
			u.goLit = lit
			litAt = i
			if i >= 2 {
				if call, ok := stack[i-1].(*ast.CallExpr); ok && call.Fun == lit {
					if g, ok := stack[i-2].(*ast.GoStmt); ok && g.Call == call {
						u.goStmt = g
					}
				}
			}
			break
		}
	}
	if u.goLit != nil && u.goStmt == nil {
		return u // captured by some other closure
	}
	if u.goLit != nil {
		for _, n := range stack[litAt+1:] {
			if _, ok := n.(*ast.FuncLit); ok {
				u.goStmt = nil // nested deeper in the goroutine
				return u
			}
		}
	}
	// Loops of the use's own function.
	from := 0
	if litAt >= 0 {
		from = litAt + 1
	}
	for _, n := range stack[from:] {
		switch n := n.(type) {
		case *ast.ForStmt:
			u.inLoop, u.loop = true, n
		case *ast.RangeStmt:
			u.inLoop, u.loop = true, n
		}
	}
	parent := stack[len(stack)-2]
	switch p := parent.(type) {
	case *ast.SendStmt:
		if p.Chan == id {
			u.kind = useSend
			u.send = p
		}
	case *ast.UnaryExpr:
		if p.Op == token.ARROW {
			u.kind = useRecv
		}
	case *ast.CallExpr:
		if fn, ok := ast.Unparen(p.Fun).(*ast.Ident); ok && fn.Name == "close" && len(p.Args) == 1 && p.Args[0] == id {
			u.kind = useClose
		}
	}
	// Is the operation a select case?
	for i := len(stack) - 2; i >= 2; i-- {
		cc, ok := stack[i].(*ast.CommClause)
		if !ok {
			continue
		}
		if containsNode(cc.Comm, id) {
			if sel, ok := stack[i-2].(*ast.SelectStmt); ok {
				u.sel = sel
			}
		}
		break
	}
	return u
}

func containsNode(root ast.Node, target ast.Node) bool {
	found := false
	if root == nil {
		return false
	}
	ast.Inspect(root, func(n ast.Node) bool {
		if n == target {
			found = true
		}
		return !found
	})
	return found
}

// goInLoop reports whether the go statement is inside a loop of body.
func goInLoop(body *ast.BlockStmt, g *ast.GoStmt) bool {
	in := false
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if in {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if n == g {
			for _, a := range stack {
				switch a.(type) {
				case *ast.ForStmt, *ast.RangeStmt:
					in = true
				case *ast.FuncLit:
					in = false
				}
			}
			return false
		}
		stack = append(stack, n)
		return true
	})
	return in
}

// judge reports the channel v when it fits one of the two shapes.
func judge(pass *analysis.Pass, r *report.Reporter, v *types.Var, makes map[*types.Var]*ast.CallExpr, uses []use) {
	mk := makes[v]
	var sends []use
	var recvs []use
	var gostmt *ast.GoStmt
	for _, u := range uses {
		switch {
		case u.goLit != nil && u.goStmt == nil:
			return
		case u.goStmt != nil && u.kind == useClose:
			// A close after the send does not help a blocked sender.
		case u.goStmt != nil:
			if u.kind != useSend || u.sel != nil || u.inLoop {
				return
			}
			if gostmt != nil && gostmt != u.goStmt {
				return // several goroutines: not judged in this version
			}
			gostmt = u.goStmt
			sends = append(sends, u)
		default:
			if u.kind != useRecv {
				return
			}
			recvs = append(recvs, u)
		}
	}
	if len(sends) == 0 || len(recvs) == 0 {
		return
	}
	name := v.Name()
	elem := types.TypeString(v.Type().Underlying().(*types.Chan).Elem(), types.RelativeTo(pass.Pkg))
	// Shape 1: every receive is a case of one select, or is in the body of
	// one of that select's cases, and another case of it, not touching the
	// channel, returns (or leaves the select for good: it is not in a loop).
	var sel *ast.SelectStmt
	for _, u := range recvs {
		if u.sel != nil {
			if sel != nil && sel != u.sel {
				sel = nil
				break
			}
			sel = u.sel
		}
	}
	allSelect := sel != nil
	for _, u := range recvs {
		if allSelect && u.sel == nil && !containsNode(sel, u.id) {
			allSelect = false
		}
	}
	var exit *ast.CommClause
	if allSelect {
		exit = exitCase(pass, sel, v, makes, !inLoop(pass, sel))
		allSelect = exit != nil
	}
	fnBody := enclosingBody(pass, gostmt)
	if allSelect {
		var fixes []analysis.SuggestedFix
		if len(sends) == 1 && fnBody != nil && !goInLoop(fnBody, gostmt) {
			fixes = append(fixes, bufferFix(mk, name))
		}
		line := pass.Fset.Position(exit.Pos()).Line
		for _, s := range sends {
			r.Report(s.send, fmt.Sprintf("goroutine blocks forever on this send when the parent returns from the select case at line %d without receiving from %s: make the channel buffered (make(chan %s, 1))", line, name, elem), fixes...)
		}
		return
	}
	// Shape 2: one goroutine per loop iteration, one plain receive.
	if len(recvs) != 1 || recvs[0].sel != nil || fnBody == nil || !goInLoop(fnBody, gostmt) {
		return
	}
	rv := recvs[0]
	line := pass.Fset.Position(rv.id.Pos()).Line
	switch {
	case !rv.inLoop:
		for _, s := range sends {
			r.Reportf(s.send, "goroutines started in a loop send on %s, but the parent receives only once (line %d): every other sender blocks forever; give the channel one slot per sender (make(chan %s, n))", name, line, elem)
		}
	case !isRange(rv.loop, rv.id) && loopReturns(rv.loop):
		// Shape 3: the receiving loop can return before it has every result.
		for _, s := range sends {
			r.Reportf(s.send, "goroutines started in a loop send on %s, but the loop receiving them (line %d) can return early: the remaining senders block forever; give the channel one slot per sender (make(chan %s, n))", name, line, elem)
		}
	}
}

// exitCase returns a receive case of sel, other than default, that does
// not use v and whose body returns; when leaves is set (the select is not
// in a loop), any such case will do. A case receiving from another channel
// made by the function is a last resort, since the same goroutine may send
// on it instead.
func exitCase(pass *analysis.Pass, sel *ast.SelectStmt, v *types.Var, makes map[*types.Var]*ast.CallExpr, leaves bool) *ast.CommClause {
	var fallback *ast.CommClause
	for _, s := range sel.Body.List {
		cc := s.(*ast.CommClause)
		if cc.Comm == nil || usesVar(pass, cc, v) {
			continue
		}
		if !leaves && !hasReturn(cc.Body) {
			continue
		}
		if localChanCase(pass, cc, makes) {
			if fallback == nil {
				fallback = cc
			}
			continue
		}
		return cc
	}
	return fallback
}

// usesVar reports whether n mentions v.
func usesVar(pass *analysis.Pass, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && pass.TypesInfo.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// localChanCase reports whether the case receives from a channel made by
// the function.
func localChanCase(pass *analysis.Pass, cc *ast.CommClause, makes map[*types.Var]*ast.CallExpr) bool {
	found := false
	ast.Inspect(cc.Comm, func(m ast.Node) bool {
		if u, ok := m.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			if id, ok := ast.Unparen(u.X).(*ast.Ident); ok {
				if w, ok := pass.TypesInfo.Uses[id].(*types.Var); ok && makes[w] != nil {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// inLoop reports whether n is inside a loop of its own function.
func inLoop(pass *analysis.Pass, n ast.Node) bool {
	body := enclosingBody(pass, n)
	if body == nil {
		return true
	}
	in := false
	var stack []ast.Node
	ast.Inspect(body, func(m ast.Node) bool {
		if m == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if m == n {
			for _, a := range stack {
				switch a.(type) {
				case *ast.ForStmt, *ast.RangeStmt:
					in = true
				case *ast.FuncLit:
					in = false
				}
			}
			return false
		}
		stack = append(stack, m)
		return true
	})
	return in
}

func hasReturn(stmts []ast.Stmt) bool {
	found := false
	for _, s := range stmts {
		ast.Inspect(s, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				found = true
			}
			return !found
		})
	}
	return found
}

// enclosingBody finds the body of the innermost function containing n.
func enclosingBody(pass *analysis.Pass, n ast.Node) *ast.BlockStmt {
	for _, f := range pass.Files {
		if f.Pos() > n.Pos() || n.End() > f.End() {
			continue
		}
		var best *ast.BlockStmt
		ast.Inspect(f, func(m ast.Node) bool {
			if m == nil || m.Pos() > n.Pos() || m.End() < n.End() {
				return m == nil
			}
			switch m := m.(type) {
			case *ast.FuncDecl:
				best = m.Body
			case *ast.FuncLit:
				if m.Body.Pos() <= n.Pos() && n.End() <= m.Body.End() && m.Body != nil {
					best = m.Body
				}
			}
			return true
		})
		return best
	}
	return nil
}

// bufferFix adds a buffer of 1 to the make call.
func bufferFix(mk *ast.CallExpr, name string) analysis.SuggestedFix {
	var edit analysis.TextEdit
	if len(mk.Args) == 2 {
		edit = analysis.TextEdit{Pos: mk.Args[1].Pos(), End: mk.Args[1].End(), NewText: []byte("1")}
	} else {
		edit = analysis.TextEdit{Pos: mk.Args[0].End(), End: mk.Args[0].End(), NewText: []byte(", 1")}
	}
	return analysis.SuggestedFix{Message: fmt.Sprintf("Make %s buffered (cap 1)", name), TextEdits: []analysis.TextEdit{edit}}
}

// isRange reports whether loop is a range over the channel itself.
func isRange(loop ast.Stmt, id *ast.Ident) bool {
	rs, ok := loop.(*ast.RangeStmt)
	return ok && ast.Unparen(rs.X) == id
}

// loopReturns reports whether the body of loop has a return statement.
func loopReturns(loop ast.Stmt) bool {
	switch l := loop.(type) {
	case *ast.ForStmt:
		return hasReturn(l.Body.List)
	case *ast.RangeStmt:
		return hasReturn(l.Body.List)
	}
	return false
}
