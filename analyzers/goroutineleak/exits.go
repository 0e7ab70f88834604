package goroutineleak

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: how a loop ends. An exit is a return, a break or continue to
// the loop or beyond, a goto, or a call that does not return; the select
// cases around an exit say what it waits for. A stop case receives from a
// context's Done or from a channel that signals the end of the work.

// An exit is a statement that leaves the loop, with the select cases that
// enclose it in the loop.
type exit struct {
	node  ast.Node
	cases []*ast.CommClause
}

// A caseExits says whether a select case of the loop contains an exit, and
// the break that leaves only its select, if any.
type caseExits struct {
	cc    *ast.CommClause
	exits bool
	brk   *ast.BranchStmt
}

// loopExits lists the exits of a loop's body, and its select cases.
func loopExits(body *ast.BlockStmt, label string) ([]exit, []*caseExits) {
	inner := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if ls, ok := n.(*ast.LabeledStmt); ok {
			inner[ls.Label.Name] = true
		}
		_, lit := n.(*ast.FuncLit)
		return !lit
	})
	var exits []exit
	var cases []*caseExits
	byCase := map[*ast.CommClause]*caseExits{}
	var stack []ast.Node
	add := func(n ast.Node) {
		ex := exit{node: n}
		for _, s := range stack {
			if cc, ok := s.(*ast.CommClause); ok {
				ex.cases = append(ex.cases, cc)
				byCase[cc].exits = true
			}
		}
		exits = append(exits, ex)
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			ce := &caseExits{cc: n}
			byCase[n] = ce
			cases = append(cases, ce)
		case *ast.ReturnStmt:
			add(n)
		case *ast.BranchStmt:
			switch {
			case n.Tok == token.GOTO && !inner[n.Label.Name],
				n.Tok == token.BREAK && n.Label != nil && !inner[n.Label.Name],
				n.Tok == token.CONTINUE && n.Label != nil && !inner[n.Label.Name] && n.Label.Name != label:
				add(n)
			case n.Tok == token.BREAK && n.Label == nil:
				switch innermostBreakable(stack).(type) {
				case nil:
					add(n)
				case *ast.SelectStmt:
					for i := len(stack) - 1; i >= 0; i-- {
						if cc, ok := stack[i].(*ast.CommClause); ok {
							byCase[cc].brk = n
							break
						}
					}
				}
			}
		case *ast.CallExpr:
			if noReturn(n) {
				add(n)
			}
		}
		stack = append(stack, n)
		return true
	})
	return exits, cases
}

// innermostBreakable returns the innermost statement of stack that an
// unlabelled break leaves, or nil for the loop itself.
func innermostBreakable(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			return stack[i]
		}
	}
	return nil
}

// noReturn reports whether call does not return: panic, os.Exit,
// log.Fatal, runtime.Goexit, t.FailNow and their kin (by name, so loggers
// of other packages count: an exit assumed is recall lost, not a false
// report).
func noReturn(call *ast.CallExpr) bool {
	switch control.FuncName(call) {
	case "panic", "Exit", "Goexit", "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln", "FailNow", "SkipNow", "Skipf", "Skip":
		return true
	}
	return false
}

// caseGroup returns the group of the channel a select case receives from,
// or nil.
func (a *checker) caseGroup(cc *ast.CommClause) *chanGroup {
	if x := recvChan(cc); x != nil {
		return a.flow.group(x)
	}
	return nil
}

// recvChan returns the channel a select case receives from, or nil.
func recvChan(cc *ast.CommClause) ast.Expr {
	if u := control.CommRecv(cc.Comm); u != nil {
		return u.X
	}
	return nil
}

// stopCase reports whether a select case waits for the end of the work: it
// receives from a context's Done, or from a channel that something closes
// (a broadcast signal) or whose name says stop.
func (a *checker) stopCase(cc *ast.CommClause) bool {
	x := recvChan(cc)
	if x == nil {
		return false
	}
	if isCtxDone(a.pass.TypesInfo, x) {
		return true
	}
	if g := a.flow.group(x); g != nil && g.closes > 0 {
		return true
	}
	return stopName(exprName(x))
}

// isCtxDone reports whether e is ctx.Done() of a context.Context, or of a
// type with the methods of one (gin.Context).
func isCtxDone(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Done" {
		return false
	}
	t := info.TypeOf(sel.X)
	if t == nil {
		return false
	}
	if typesx.IsContext(t) {
		return true
	}
	ms := types.NewMethodSet(t)
	return ms.Lookup(nil, "Err") != nil && ms.Lookup(nil, "Deadline") != nil
}

// exprName is the last name of a channel expression: stop for s.stop,
// StopCh for s.StopCh(), "" otherwise.
func exprName(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.CallExpr:
		return exprName(e.Fun)
	}
	return ""
}

// stopName reports whether a channel's name says it signals a stop.
func stopName(name string) bool {
	l := strings.ToLower(name)
	for _, w := range []string{"stop", "done", "quit", "exit", "close", "shutdown", "cancel", "die", "term", "kill", "halt"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}
