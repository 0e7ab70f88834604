package goroutineleak

import (
	"go/ast"
	"go/types"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: what a function of the package does with a channel passed to
// it, for go f(ch): where it sends on it, and whether it may send more than
// once.

// A senderSummary is how a function uses one of its channel parameters.
type senderSummary struct {
	ok    bool            // only sends (and closes, and compares with nil)
	sends []*ast.SendStmt // plain sends, not select cases
	multi bool            // a send is in a loop, or in goroutines started in one
}

type paramKey struct {
	fn *types.Func
	i  int
}

// paramSends summarises what callee does with its i-th parameter, following
// it into the package's functions it is passed to (three calls deep).
func (a *checker) paramSends(callee *types.Func, i int) senderSummary {
	return a.paramSendsDepth(callee, i, 3)
}

func (a *checker) paramSendsDepth(callee *types.Func, i int, depth int) senderSummary {
	key := paramKey{callee, i}
	if s, ok := a.senders[key]; ok {
		return s
	}
	a.senders[key] = senderSummary{} // a recursive call is not followed
	s := a.summarize(callee, i, depth)
	a.senders[key] = s
	return s
}

func (a *checker) summarize(callee *types.Func, i int, depth int) senderSummary {
	f := a.ix.byObj[callee]
	sig := callee.Signature()
	if f == nil || depth == 0 || i >= sig.Params().Len() || sig.Variadic() && i == sig.Params().Len()-1 {
		return senderSummary{}
	}
	p := sig.Params().At(i)
	info := a.pass.TypesInfo
	var sum senderSummary
	sum.ok = eachUse(info, f.body, p, func(id *ast.Ident, stack []ast.Node) bool {
		loop, ok := senderPlace(stack)
		if !ok {
			return false
		}
		switch parent := stack[len(stack)-2].(type) {
		case *ast.SendStmt:
			if parent.Chan != id || isCommCase(stack, len(stack)-2) {
				return false
			}
			sum.sends = append(sum.sends, parent)
			sum.multi = sum.multi || loop && !returnsAfter(stack[len(stack)-3], parent)
		case *ast.BinaryExpr: // ch != nil
		case *ast.CallExpr:
			if fn, ok := ast.Unparen(parent.Fun).(*ast.Ident); ok && (fn.Name == "close" || fn.Name == "len" || fn.Name == "cap") {
				break
			}
			next := typesx.StaticCallee(info, parent)
			j := argIndex(parent, id)
			if next == nil || j < 0 {
				return false
			}
			sub := a.paramSendsDepth(next, j, depth-1)
			if !sub.ok {
				return false
			}
			sum.sends = append(sum.sends, sub.sends...)
			sum.multi = sum.multi || sub.multi || loop && len(sub.sends) > 0
		default:
			return false
		}
		return true
	})
	if len(sum.sends) == 0 {
		sum.ok = false
	}
	return sum
}

// senderPlace reports whether the innermost node of stack is in a loop (or
// in a goroutine started in one), and whether its place is one a summary
// follows: the function itself, or literals of it that are deferred,
// called now or started as goroutines.
func senderPlace(stack []ast.Node) (loop, ok bool) {
	for j, n := range stack {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			loop = true
		case *ast.FuncLit:
			if j < 2 {
				return false, false
			}
			call, isCall := stack[j-1].(*ast.CallExpr)
			if !isCall || call.Fun != n {
				return false, false
			}
		}
	}
	return loop, true
}

// isCommCase reports whether stack[i] is the communication of a select
// case.
func isCommCase(stack []ast.Node, i int) bool {
	if i < 1 {
		return false
	}
	cc, ok := stack[i-1].(*ast.CommClause)
	return ok && cc.Comm == stack[i]
}

// argIndex returns the index of id among call's arguments, or -1.
func argIndex(call *ast.CallExpr, id *ast.Ident) int {
	for i, a := range call.Args {
		if ast.Unparen(a) == id {
			return i
		}
	}
	return -1
}
