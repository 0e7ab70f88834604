package goroutineleak

import (
	"fmt"
	"go/ast"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: background loops with no way out.
//
// A goroutine runs a loop that can only end by leaving it: a return, a
// break or continue to the loop or beyond, a goto, a panic or a call that
// does not return (os.Exit, log.Fatal, runtime.Goexit), or, for a range over
// a channel, the channel's close. Each of those exits is live unless it is
// in the body of a select case that receives from a channel no one ever
// sends on or closes (chanflow.go): the stop case of a stop channel nothing
// closes, or that is nil. A loop whose exits are all dead never ends:
//
//   - with no exit at all (for { select { case <-ticker.C: ... } }), or a
//     range over a channel nothing closes, it is reported when the go
//     statement runs more than once (repeat.go): a loop started once to run
//     for the life of the process is not a leak;
//   - with a stop case that cannot fire, or one whose body does not leave
//     the loop (break in a select leaves only the select), the author meant
//     the loop to stop: it is reported unless the goroutine is started only
//     at start-up.
//
// The loops judged are those of the function the goroutine runs (the
// literal of go func() {...}(), or the package's function of go s.run()),
// and of the package's functions that it calls as statements of its body
// (go func() { defer wg.Done(); s.loop() }()). A loop inside another loop
// or in a function literal is not judged.

// A stuckLoop is a loop that cannot end, and why.
type stuckLoop struct {
	loop   ast.Stmt
	noExit bool            // it has no exit at all
	deadBy *ast.CommClause // an exit's case on a channel that never delivers
	ranges ast.Expr        // the channel a range loop waits to be closed, never closed
	idle   *ast.CommClause // a stop case whose body does not leave the loop
	group  *chanGroup      // the group of deadBy's or ranges' channel
	breaks *ast.BranchStmt // the break in idle, if any
}

// checkLoops reports the stuck loops of goroutines.
func (a *checker) checkLoops() {
	seen := map[ast.Stmt]bool{}
	for _, g := range a.ix.gos {
		if g.target == nil || a.r.Skip(g.at.Pos()) {
			continue
		}
		for _, body := range a.runBodies(g.target) {
			loops, labels := outerLoops(body)
			for _, loop := range loops {
				if seen[loop] {
					continue
				}
				st := a.stuck(loop, labels[loop])
				if st == nil || !a.reportLoop(g, st) {
					continue
				}
				seen[loop] = true
			}
		}
	}
}

// runBodies returns the body of the function a goroutine runs, and those
// of the package's functions it calls as statements of that body.
func (a *checker) runBodies(t *fn) []*ast.BlockStmt {
	out := []*ast.BlockStmt{t.body}
	for _, s := range t.body.List {
		var call *ast.CallExpr
		switch s := s.(type) {
		case *ast.ExprStmt:
			call, _ = s.X.(*ast.CallExpr)
		case *ast.ReturnStmt:
			if len(s.Results) == 1 {
				call, _ = s.Results[0].(*ast.CallExpr)
			}
		}
		if call == nil {
			continue
		}
		if callee := typesx.StaticCallee(a.pass.TypesInfo, call); callee != nil {
			if f := a.ix.byObj[callee]; f != nil && f != t {
				out = append(out, f.body)
			}
		}
	}
	return out
}

// outerLoops returns the loops of body that run until something stops them
// (for {...}, for range over a channel), outside other loops and literals,
// and their labels.
func outerLoops(body *ast.BlockStmt) ([]ast.Stmt, map[ast.Stmt]string) {
	var out []ast.Stmt
	labels := map[ast.Stmt]string{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			labels[n.Stmt] = n.Label.Name
		case *ast.ForStmt:
			if n.Cond == nil {
				out = append(out, n)
			}
			return false
		case *ast.RangeStmt:
			out = append(out, n) // kept only if it ranges over a channel
			return false
		}
		return true
	})
	return out, labels
}

// stuck returns why loop cannot end, or nil.
func (a *checker) stuck(loop ast.Stmt, label string) *stuckLoop {
	info := a.pass.TypesInfo
	st := &stuckLoop{loop: loop}
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		if !isChan(info.TypeOf(l.X)) {
			return nil
		}
		g := a.flow.group(l.X)
		if !g.neverClosed() {
			return nil
		}
		st.ranges, st.group = l.X, g
		body = l.Body
	}
	exits, cases := loopExits(body, label)
	for _, ex := range exits {
		dead := false
		for _, cc := range ex.cases {
			if g := a.caseGroup(cc); g.deadRecv() {
				dead = true
				if st.deadBy == nil {
					st.deadBy, st.group = cc, g
				}
				break
			}
		}
		if !dead {
			return nil
		}
	}
	st.noExit = len(exits) == 0 && st.ranges == nil
	// A stop case whose body does not leave the loop.
	for _, cc := range cases {
		if cc.exits || !a.stopCase(cc.cc) {
			continue
		}
		st.idle, st.breaks = cc.cc, cc.brk
		break
	}
	return st
}

// reportLoop reports a stuck loop started by g, if g runs often enough;
// it reports whether it did.
func (a *checker) reportLoop(g *goSite, st *stuckLoop) bool {
	goLine := a.line(g.at)
	switch {
	case st.idle != nil && (st.noExit || st.deadBy != nil):
		if a.rep.goStartup(g) {
			return false
		}
		what := "its body does not return"
		at := ast.Node(st.idle)
		if st.breaks != nil {
			what, at = "break leaves only the select, not the for loop", st.breaks
		}
		a.r.Reportf(at, "case %s does not end the goroutine started at line %d: %s, so the loop goes on (and spins once the channel is closed); return from the case, or break to a label on the loop",
			a.text(st.idle.Comm), goLine, what)
	case st.deadBy != nil:
		if a.rep.goStartup(g) {
			return false
		}
		a.r.Reportf(st.loop, "the only way out of this loop, case %s (line %d), waits on %s: the goroutine started at line %d never ends, once per start; %s",
			a.text(st.deadBy.Comm), a.line(st.deadBy), a.never(st.group), goLine, a.closeFix(st.group))
		a.done[st.group] = true
	case st.ranges != nil:
		why := a.rep.goRepeated(g)
		if why == "" && localTo(st.group, g.fn) && !a.rep.goStartup(g) {
			// A channel made by the function that starts the goroutine:
			// one stuck goroutine per call.
			why = "once per call of " + a.ix.name(g.fn)
		}
		if why == "" {
			return false
		}
		where := "when its sender is done (in Stop or Close)"
		if localTo(st.group, g.fn) {
			where = "after its last send"
		}
		a.r.Reportf(st.loop, "this range over %s ends only when %s is closed, and nothing in this package closes it: the goroutine started at line %d, %s, never ends; close %s %s",
			a.text(st.ranges), a.text(st.ranges), goLine, why, a.text(st.ranges), where)
		a.done[st.group] = true
	case st.noExit:
		why := a.rep.goRepeated(g)
		if why == "" {
			return false
		}
		a.r.Reportf(st.loop, "this loop has no way out (no return, break or stop case) and runs in the goroutine started at line %d, %s: every start leaks a goroutine that never ends; add a case <-ctx.Done() or <-stop that returns, with stop closed in Stop or Close",
			goLine, why)
	default:
		return false
	}
	return true
}

// never says why a group's channel never delivers.
func (a *checker) never(g *chanGroup) string {
	if g.isNil() {
		return fmt.Sprintf("%s, which is never given a channel (a nil channel never delivers)", g.describe())
	}
	return fmt.Sprintf("%s, which nothing in this package closes or sends on", g.describe())
}

// closeFix says how to make a group's channel deliver.
func (a *checker) closeFix(g *chanGroup) string {
	if g.isNil() {
		return fmt.Sprintf("make %s where its owner is built and close it in Stop or Close", g.describe())
	}
	return fmt.Sprintf("close %s in Stop or Close", g.describe())
}

// localTo reports whether the group's channels are made by f and held by
// no field: a new channel, and a new stuck reader, per call of f.
func localTo(g *chanGroup, f *fn) bool {
	if g == nil || f == nil || g.field != nil || len(g.makes) == 0 {
		return false
	}
	for _, mk := range g.makes {
		if !within(mk.Pos(), f.node) {
			return false
		}
	}
	return true
}
