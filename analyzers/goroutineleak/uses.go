package goroutineleak

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers/internal/control"
)

// This file: the uses of a channel a function makes, for abandon.go: who
// sends, who receives, in a select or a loop, in the function or in a
// goroutine it starts.

// A use is one occurrence of a tracked channel variable.
type use struct {
	id     *ast.Ident
	kind   int          // useSend, useRecv or useOther
	goLit  *ast.FuncLit // the goroutine it is in, nil in the parent
	goStmt *ast.GoStmt
	inLoop bool            // in a loop of its own function (parent or goroutine)
	loop   ast.Stmt        // the innermost such loop
	sel    *ast.SelectStmt // the select it is a case of, if any
	// selInLoop is set when sel is inside a loop of the use's function.
	selInLoop bool
	send      *ast.SendStmt
	// call is the call that hands the channel on: go f(ch) in the parent
	// (useGoArg), or f(ch) in the goroutine (useCallArg).
	call *ast.CallExpr
}

const (
	useOther = iota
	useSend
	useRecv
	useClose // close(ch)
	useGoArg // go f(ch): f, a function of the package, sends on its parameter
	// useCallArg: f(ch) in the goroutine, where f, a function of the
	// package, sends on its parameter (go func() { defer close(ch);
	// produce(ctx, ch) }()).
	useCallArg
)

// chanMake returns e if it is make(chan T), make(chan T, 0) or make(chan T,
// N) of a bidirectional channel, with N, a constant.
func chanMake(pass *analysis.Pass, e ast.Expr) (*ast.CallExpr, int64) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || len(call.Args) > 2 {
		return nil, 0
	}
	fn, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil, 0
	}
	if b, ok := pass.TypesInfo.Uses[fn].(*types.Builtin); !ok || b.Name() != "make" {
		return nil, 0
	}
	ch, ok := pass.TypesInfo.TypeOf(call.Args[0]).Underlying().(*types.Chan)
	if !ok || ch.Dir() != types.SendRecv {
		return nil, 0
	}
	if len(call.Args) == 2 {
		tv := pass.TypesInfo.Types[call.Args[1]]
		if tv.Value == nil {
			return nil, 0
		}
		n, exact := constant.Int64Val(constant.ToInt(tv.Value))
		if !exact || n < 0 {
			return nil, 0
		}
		return call, n
	}
	return call, 0
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
		// A literal deeper in the goroutine is part of it when it is
		// deferred or called where it is written.
		for j := litAt + 1; j < len(stack); j++ {
			lit, ok := stack[j].(*ast.FuncLit)
			if !ok {
				continue
			}
			call, ok := stack[j-1].(*ast.CallExpr)
			if !ok || call.Fun != lit {
				u.goStmt = nil // captured by a closure of the goroutine
				return u
			}
			if _, ok := stack[j-2].(*ast.GoStmt); ok {
				u.goStmt = nil // another goroutine
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
			// A send in a loop followed by a return sends once.
			if u.inLoop && len(stack) >= 3 && returnsAfter(stack[len(stack)-3], p) {
				u.inLoop = false
			}
		}
	case *ast.UnaryExpr:
		if p.Op == token.ARROW {
			u.kind = useRecv
		}
	case *ast.RangeStmt:
		if p.X == id {
			u.kind, u.inLoop, u.loop = useRecv, true, p
		}
	case *ast.CallExpr:
		if fn, ok := ast.Unparen(p.Fun).(*ast.Ident); ok && fn.Name == "close" && len(p.Args) == 1 && p.Args[0] == id {
			u.kind = useClose
			break
		}
		// go f(ch), in the parent.
		if len(stack) >= 3 && u.goLit == nil {
			g, _ := stack[len(stack)-3].(*ast.GoStmt)
			if g != nil && g.Call == p {
				if _, lit := ast.Unparen(p.Fun).(*ast.FuncLit); !lit {
					u.kind, u.goStmt, u.call = useGoArg, g, p
				}
			}
		}
		// f(ch), a statement of the goroutine: f's sends are the
		// goroutine's.
		if u.goStmt != nil && u.goLit != nil && len(stack) >= 3 {
			if es, ok := stack[len(stack)-3].(*ast.ExprStmt); ok && es.X == p {
				if _, lit := ast.Unparen(p.Fun).(*ast.FuncLit); !lit {
					u.kind, u.call = useCallArg, p
				}
			}
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
				for _, n := range stack[from : i-2] {
					switch n.(type) {
					case *ast.ForStmt, *ast.RangeStmt:
						u.selInLoop = true
					}
				}
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

// returnsAfter reports whether stmt, a statement of the block (or case)
// parent, is followed there by a return: a send in a loop that returns
// right after it sends once.
func returnsAfter(parent ast.Node, stmt ast.Stmt) bool {
	list := control.List(parent)
	for i, s := range list {
		if s == stmt {
			if i+1 < len(list) {
				_, ok := list[i+1].(*ast.ReturnStmt)
				return ok
			}
			return false
		}
	}
	return false
}

// eachUse calls f for each use of v in body, in source order, with the
// stack of nodes from body down to the identifier (the identifier last,
// its parent before it). It stops at the first call of f that returns
// false, and then returns false.
func eachUse(info *types.Info, body ast.Node, v *types.Var, f func(id *ast.Ident, stack []ast.Node) bool) bool {
	ok := true
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		id, isID := n.(*ast.Ident)
		if !isID || info.Uses[id] != v {
			return true
		}
		ok = f(id, stack)
		return ok
	})
	return ok
}
