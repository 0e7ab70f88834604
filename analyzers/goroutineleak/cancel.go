package goroutineleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: cancellation that is never delivered.
//
// A call returns a cancel function: a context.CancelFunc, or a func() whose
// result is named cancel or stop (func startWatch() (stop func())). Until
// it is called, what it would stop goes on: the context stays registered
// with its parent, its timer runs, and every goroutine waiting on it waits.
// Reported, where the call is in code that is not only start-up code:
//
//   - the cancel function discarded, assigned to _ or with the call a
//     statement of its own;
//   - the cancel function kept in a local variable that some path from the
//     assignment to a return never uses (calls, defers, stores, returns or
//     passes it).
//
// The functions of package context are vet's lostcancel's (it checks
// WithCancel, WithTimeout and WithDeadline within one function) and are not
// reported again here. A variable used in any way on a path counts as
// delivered there: storing it or handing it to a goroutine gives the
// responsibility away.

// cancelResult returns the index of the cancel function among the results
// of call's function, or -1.
func (a *checker) cancelResult(call *ast.CallExpr) int {
	info := a.pass.TypesInfo
	sig, ok := info.TypeOf(call.Fun).(*types.Signature)
	if !ok {
		if t := info.TypeOf(call.Fun); t != nil {
			sig, ok = t.Underlying().(*types.Signature)
		}
		if !ok {
			return -1
		}
	}
	callee := typesx.Callee(info, call)
	if callee != nil && callee.Pkg() != nil && contextPkg(callee.Pkg().Path()) {
		return -1 // lostcancel's
	}
	res := sig.Results()
	for i := range res.Len() {
		v := res.At(i)
		isCancel := typesx.IsNamed(v.Type(), "context", "CancelFunc") || typesx.IsNamed(v.Type(), "context", "CancelCauseFunc")
		if f, ok := v.Type().Underlying().(*types.Signature); ok && f.Params().Len() == 0 && f.Results().Len() == 0 && cancelName(v.Name()) {
			isCancel = true
		}
		if isCancel {
			if callee != nil && a.timerBounded(callee, i) {
				return -1
			}
			return i
		}
	}
	return -1
}

// contextPkg reports whether path is package context or its old copy.
func contextPkg(path string) bool {
	return path == "context" || path == "golang.org/x/net/context"
}

// timerBounded reports whether every cancel function the package's callee
// returns as its i-th result comes from context.WithTimeout or
// WithDeadline (or is a no-op literal): dropping it holds the context only
// until its deadline, which ends it anyway.
func (a *checker) timerBounded(callee *types.Func, i int) bool {
	f := a.ix.byObj[callee]
	if f == nil {
		return false
	}
	info := a.pass.TypesInfo
	fromTimer := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		c := typesx.Callee(info, call)
		if c == nil || c.Pkg() == nil || !contextPkg(c.Pkg().Path()) {
			return false
		}
		return strings.HasPrefix(c.Name(), "WithTimeout") || strings.HasPrefix(c.Name(), "WithDeadline")
	}
	// The variables assigned from a timer-bounded context.
	bounded := map[types.Object]bool{}
	ast.Inspect(f.body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && len(as.Lhs) == 2 && fromTimer(as.Rhs[0]) {
			if id, ok := as.Lhs[1].(*ast.Ident); ok {
				bounded[info.ObjectOf(id)] = true
			}
		}
		return true
	})
	ok, returns := true, 0
	ast.Inspect(f.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			returns++
			switch {
			case len(n.Results) == 1 && fromTimer(n.Results[0]):
			case i < len(n.Results) && len(n.Results) > 1:
				switch e := ast.Unparen(n.Results[i]).(type) {
				case *ast.FuncLit:
					ok = ok && len(e.Body.List) == 0
				case *ast.Ident:
					ok = ok && bounded[info.Uses[e]]
				default:
					ok = false
				}
			default:
				ok = false
			}
		}
		return ok
	})
	return ok && returns > 0
}

// cancelName reports whether a result's name says it cancels or stops.
func cancelName(name string) bool {
	l := strings.ToLower(name)
	return strings.HasPrefix(l, "cancel") || l == "stop" || strings.HasPrefix(l, "stopfn") || strings.HasPrefix(l, "stopfunc")
}

// checkCancels reports the cancel functions that are dropped or not called
// on some path.
func (a *checker) checkCancels() {
	info := a.pass.TypesInfo
	for c := range a.ix.insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := c.Node().(*ast.CallExpr)
		if a.r.Skip(call.Pos()) {
			continue
		}
		i := a.cancelResult(call)
		if i < 0 {
			continue
		}
		f := a.ix.enclosing(c)
		if f == nil || a.rep.startupOnly(f) {
			continue
		}
		name := a.calleeName(call)
		switch p := c.Parent().Node().(type) {
		case *ast.ExprStmt:
			a.r.Reportf(call, "the cancel function %s returns is discarded: what it would stop (a context registered with its parent, its timer, the goroutines waiting on it) lives on after the work, once per call; keep it and call it when the work is done (defer cancel())", name)
		case *ast.AssignStmt:
			if len(p.Rhs) != 1 || i >= len(p.Lhs) {
				continue
			}
			id, ok := ast.Unparen(p.Lhs[i]).(*ast.Ident)
			if !ok {
				continue
			}
			if id.Name == "_" {
				a.r.Report(call, fmt.Sprintf("the cancel function %s returns is assigned to _: what it would stop (a context registered with its parent, its timer, the goroutines waiting on it) lives on after the work, once per call; keep it and call it when the work is done (defer cancel())", name),
					a.deferCancelFix(c, p, i)...)
				continue
			}
			v, ok := info.ObjectOf(id).(*types.Var)
			if !ok || v.Parent() == nil || v.Parent() == a.pass.Pkg.Scope() || f.body == nil || !within(v.Pos(), f.node) {
				continue // a field, a package variable, a named result of an outer function
			}
			if isNamedResult(f, v) {
				continue // returned to the caller
			}
			if ret := a.lostOnPath(f, p, v); ret != nil {
				a.r.Reportf(id, "%s, the cancel function %s returns, is not called on the path that returns at line %d: what it would stop lives on after the work, once per call; call it on every path (defer %s() right after this line)",
					id.Name, name, a.pass.Fset.Position(retPos(ret)).Line, id.Name)
			}
		}
	}
}

// calleeName names the called function for messages: "newCtx",
// "s.startWatch".
func (a *checker) calleeName(call *ast.CallExpr) string {
	return types.ExprString(call.Fun)
}

func within(pos token.Pos, n ast.Node) bool { return n.Pos() <= pos && pos < n.End() }

func isNamedResult(f *fn, v *types.Var) bool {
	var sig *types.Signature
	if f.obj != nil {
		sig = f.obj.Signature()
	} else {
		return false
	}
	for i := range sig.Results().Len() {
		if sig.Results().At(i) == v {
			return true
		}
	}
	return false
}

// lostOnPath returns a return statement that a path from the assignment
// reaches without using v, or nil.
//
// A return under the check of the same call's error (if err != nil {
// return err } right after it) is not such a path: by Go's convention a
// function that fails returns no usable results, and a helper that made a
// context before failing cancels it itself.
func (a *checker) lostOnPath(f *fn, as *ast.AssignStmt, v *types.Var) *ast.ReturnStmt {
	info := a.pass.TypesInfo
	g := newCFG(f.body)
	failed := a.errorReturns(f, as)
	return returnAvoiding(g, as, func(n ast.Node) bool {
		if ret, ok := n.(*ast.ReturnStmt); ok && failed[ret] {
			return true
		}
		id, ok := n.(*ast.Ident)
		return ok && info.Uses[id] == v
	})
}

// errorReturns returns the return statements in the body of the if that
// checks the error as assigns (its last result) against nil, when that if
// has as as its init or comes right after it.
func (a *checker) errorReturns(f *fn, as *ast.AssignStmt) map[*ast.ReturnStmt]bool {
	info := a.pass.TypesInfo
	if len(as.Lhs) < 2 {
		return nil
	}
	errID, ok := ast.Unparen(as.Lhs[len(as.Lhs)-1]).(*ast.Ident)
	if !ok {
		return nil
	}
	errV, ok := info.ObjectOf(errID).(*types.Var)
	if !ok || errV.Type().String() != "error" {
		return nil
	}
	var guard *ast.IfStmt
	ast.Inspect(f.body, func(n ast.Node) bool {
		if guard != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.IfStmt:
			if n.Init == as {
				guard = n
			}
		case *ast.BlockStmt:
			for i, st := range n.List {
				if st == as && i+1 < len(n.List) {
					if ifs, ok := n.List[i+1].(*ast.IfStmt); ok && ifs.Init == nil {
						guard = ifs
					}
				}
			}
		}
		return true
	})
	if guard == nil {
		return nil
	}
	cond, ok := ast.Unparen(guard.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ {
		return nil
	}
	x, y := ast.Unparen(cond.X), ast.Unparen(cond.Y)
	if typesx.IsNil(info, x) {
		x, y = y, x
	}
	if id, ok := x.(*ast.Ident); !ok || info.Uses[id] != errV || !typesx.IsNil(info, y) {
		return nil
	}
	out := map[*ast.ReturnStmt]bool{}
	ast.Inspect(guard.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			out[n] = true
		}
		return true
	})
	return out
}

// deferCancelFix names the discarded cancel function and defers its call,
// when the assignment defines variables (:=) and cancel is a free name.
func (a *checker) deferCancelFix(c inspector.Cursor, as *ast.AssignStmt, i int) []analysis.SuggestedFix {
	if as.Tok != token.DEFINE {
		return nil
	}
	if _, ok := c.Parent().Parent().Node().(*ast.BlockStmt); !ok {
		return nil // not a statement of a block (an if or switch header)
	}
	if scope := a.pass.Pkg.Scope().Innermost(as.Pos()); scope == nil {
		return nil
	} else if _, obj := scope.LookupParent("cancel", as.Pos()); obj != nil {
		return nil
	}
	blank := as.Lhs[i]
	indent := a.indent(as.Pos())
	eol := a.lineEnd(as.End())
	return []analysis.SuggestedFix{{
		Message: "Keep the cancel function and defer its call",
		TextEdits: []analysis.TextEdit{
			{Pos: blank.Pos(), End: blank.End(), NewText: []byte("cancel")},
			{Pos: eol, End: eol, NewText: []byte("\n" + indent + "defer cancel()")},
		},
	}}
}

// lineEnd returns the position of the end of the line of pos (before its
// newline), after any comment on it.
func (a *checker) lineEnd(pos token.Pos) token.Pos {
	tf := a.pass.Fset.File(pos)
	if tf == nil {
		return pos
	}
	src, err := a.pass.ReadFile(tf.Name())
	if err != nil {
		return pos
	}
	off := tf.Offset(pos)
	for off < len(src) && src[off] != '\n' {
		off++
	}
	return tf.Pos(off)
}

// indent returns the white space that starts the line of pos.
func (a *checker) indent(pos token.Pos) string {
	tf := a.pass.Fset.File(pos)
	if tf == nil {
		return "\t"
	}
	src, err := a.pass.ReadFile(tf.Name())
	if err != nil {
		return "\t"
	}
	off := tf.Offset(tf.LineStart(tf.Line(pos)))
	end := off
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[off:end])
}
