package handlerblock

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file walks a function body for the operations that block on the
// function's own goroutine: the handlers' bodies, to report them, and every
// other function's, to summarise it (facts.go).

// opKind says what blocks in an operation.
type opKind int

const (
	opCall     opKind = iota // a static call: blocks if the callee does
	opBlocking               // a call to a function of the blocking table or -blocking-funcs
	opTimer                  // <-time.After(d), <-t.C, a select on timers only
	opRecv                   // <-ch outside a select
	opSend                   // ch <- v outside a select
	opRange                  // for range ch
	opSelect                 // select with no default and no Done case
)

// An operation is a step of a function body that blocks, or may block (a
// call).
type operation struct {
	kind   opKind
	node   ast.Node
	cur    inspector.Cursor
	label  string      // for chains: "time.Sleep", "receive from s.ready"
	callee *types.Func // the function called, for opCall and opBlocking
}

// isChannelWait reports whether the operation is a wait on a channel,
// rather than a sleep: only sleeps are followed across packages.
func (o operation) isChannelWait() bool { return o.kind >= opRecv }

// walk calls visit, in source order, for each operation of the function at
// fn (an *ast.FuncDecl or *ast.FuncLit) that runs on the function's own
// goroutine before it returns and may block:
//
//   - the body of a function literal counts only when the literal is called
//     where it stands (func(){...}() and defer func(){...}()): a literal
//     passed on or stored is called through a function value, maybe on
//     another goroutine (errgroup.Go, a callback), and a literal that is
//     itself a handler is reported on its own;
//   - a go statement's function does not count, but its arguments, evaluated
//     by the caller, do;
//   - the channel operations of a select's cases are the select's, which
//     blocks only with no default and no case on a Done() channel;
//   - channel operations on a channel the function makes and hands only to
//     goroutines and closures it starts are waits for its own work, like
//     sync.WaitGroup.Wait, and do not count;
//   - a receive from a channel of a writer the function handed its
//     http.ResponseWriter to (writerPartners) waits for that writer, which
//     owns the response until a write fails, and does not count.
func (c *checker) walk(fn inspector.Cursor, visit func(operation)) {
	var body inspector.Cursor
	switch n := fn.Node().(type) {
	case *ast.FuncDecl:
		if n.Body == nil {
			return // declared without a body (assembly)
		}
		body = fn.ChildAt(edge.FuncDecl_Body, -1)
	case *ast.FuncLit:
		body = fn.ChildAt(edge.FuncLit_Body, -1)
	default:
		return
	}
	// The function's channel variables are classified on the first channel
	// operation: most functions have none.
	var classified chanVars
	chans := func() chanVars {
		if classified == nil {
			classified = c.classifyChans(fn)
		}
		return classified
	}
	// So are the variables handed to a writer together with the
	// ResponseWriter.
	var partnerVars map[*types.Var]bool
	partnersDone := false
	partners := func() map[*types.Var]bool {
		if !partnersDone {
			partnerVars, partnersDone = writerPartners(c.pass.TypesInfo, fn.Node()), true
		}
		return partnerVars
	}
	inComm := make(map[ast.Node]bool) // channel operations of select cases
	info := c.pass.TypesInfo
	// sent and received record, by expression, the channels the function
	// has already sent on and received from: an operation in the other
	// direction on the same channel releases what the first one acquired
	// (sem <- token ... <-sem) and does not wait.
	sent, received := make(map[string]bool), make(map[string]bool)
	// repliesTo records the local channels the function handed to a peer
	// in a blocking send (s.reqs <- request{reply: ch}): waiting for the
	// reply is the second half of the same round trip, one finding at the
	// send, and a reply the peer already accepted to give.
	repliesTo := make(map[*types.Var]bool)

	var scan func(root inspector.Cursor)
	scan = func(root inspector.Cursor) {
		root.Inspect(nil, func(cur inspector.Cursor) bool {
			switch n := cur.Node().(type) {
			case *ast.FuncLit:
				return c.calledInPlace(cur)
			case *ast.GoStmt:
				call := cur.ChildAt(edge.GoStmt_Call, -1)
				for i := range n.Call.Args {
					scan(call.ChildAt(edge.CallExpr_Args, i))
				}
				return false
			case *ast.SelectStmt:
				switch blocks, timers := c.selectBlocks(n, chans(), inComm); {
				case blocks && timers:
					visit(operation{kind: opTimer, node: n, cur: cur, label: "select on timers only"})
				case blocks:
					visit(operation{kind: opSelect, node: n, cur: cur, label: "select with no Done case"})
				}
			case *ast.SendStmt:
				key := types.ExprString(n.Chan)
				release := received[key]
				sent[key] = true
				if !inComm[n] && !release && !chans().owned(info, n.Chan) {
					visit(operation{kind: opSend, node: n, cur: cur, label: "send on " + report.Short(n.Chan)})
					for _, v := range localChans(info, fn.Node(), n.Value) {
						repliesTo[v] = true
					}
				}
			case *ast.UnaryExpr:
				if n.Op != token.ARROW {
					break
				}
				key := types.ExprString(n.X)
				release := sent[key]
				received[key] = true
				switch {
				case inComm[n], release, repliesTo[localChan(info, n.X)]:
				case c.isTimer(n.X):
					label := "<-" + report.Short(n.X)
					if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok {
						label = "<-" + report.Short(call.Fun)
					}
					visit(operation{kind: opTimer, node: n, cur: cur, label: label})
				case c.isCancelChan(n.X, chans()), chans().owned(info, n.X), partners()[chanRoot(info, n.X)]:
				default:
					visit(operation{kind: opRecv, node: n, cur: cur, label: "receive from " + report.Short(n.X)})
				}
			case *ast.RangeStmt:
				if _, ok := typeUnder(info.TypeOf(n.X)).(*types.Chan); !ok || chans().owned(info, n.X) || c.isCancelChan(n.X, chans()) {
					break
				}
				kind := opRange
				if c.isTimer(n.X) {
					if c.checksContext(n.Body) {
						break // for range ticker.C { if ctx.Err() != nil { return } ... }
					}
					kind = opTimer
				}
				visit(operation{kind: kind, node: n, cur: cur, label: "range over " + report.Short(n.X)})
			case *ast.CallExpr:
				callee := typesx.Callee(info, n)
				if name := c.blocking.FullName(callee); name != "" && (knowledge.Sleeps[name] != "" || knowledge.ContextlessWaits[name] != "" || extraBlocking[name]) {
					if knowledge.Sleeps[name] != "" && (c.inDeadlineLoop(cur) || c.inContextLoop(cur)) {
						break // polling until a deadline or the context's end: a bounded wait
					}
					visit(operation{kind: opBlocking, node: n, cur: cur, label: typesx.ShortName(callee), callee: callee})
					break
				}
				if callee := typesx.Static(callee); callee != nil && callee.Pkg() != nil {
					visit(operation{kind: opCall, node: n, cur: cur, label: typesx.ShortName(callee), callee: callee})
				}
			}
			return true
		})
	}
	scan(body)
}

// writerPartners returns the variables that the function fn puts together
// with an http.ResponseWriter in a composite literal: the variable the
// literal is assigned to and the other variables in it
// (conn := &outgoingConn{Writer: w, Closer: c}). Code that gets such a
// literal writes the response from another goroutine; a receive from a
// partner's channel (<-c.closeNotify(), <-conn.done) waits for that writer
// to let go of w, which it does when a write fails: the handler must not
// return while the writer still writes to w.
func writerPartners(info *types.Info, fn ast.Node) map[*types.Var]bool {
	var vars map[*types.Var]bool
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i := range n.Rhs {
				addPartners(info, n.Lhs[i], n.Rhs[i], &vars)
			}
		case *ast.ValueSpec:
			if len(n.Names) != len(n.Values) {
				return true
			}
			for i := range n.Values {
				addPartners(info, n.Names[i], n.Values[i], &vars)
			}
		}
		return true
	})
	return vars
}

// addPartners adds to *vars the variable lhs and the variables in the
// composite literal rhs (or &rhs) when one of its elements is an
// http.ResponseWriter.
func addPartners(info *types.Info, lhs, rhs ast.Expr, vars *map[*types.Var]bool) {
	if u, ok := ast.Unparen(rhs).(*ast.UnaryExpr); ok && u.Op == token.AND {
		rhs = u.X
	}
	lit, ok := ast.Unparen(rhs).(*ast.CompositeLit)
	if !ok {
		return
	}
	var in []*types.Var
	writer := false
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		id, ok := ast.Unparen(el).(*ast.Ident)
		if !ok {
			continue
		}
		v, _ := info.Uses[id].(*types.Var)
		if v == nil {
			continue
		}
		if typesx.IsResponseWriter(v.Type()) {
			writer = true
		} else {
			in = append(in, v)
		}
	}
	if !writer {
		return
	}
	if *vars == nil {
		*vars = make(map[*types.Var]bool)
	}
	if v := typesx.RootVar(info, lhs); v != nil {
		(*vars)[v] = true
	}
	for _, v := range in {
		(*vars)[v] = true
	}
}

// chanRoot returns the variable a channel expression comes from: v for v
// and v.done, recv for recv.m() (a method returning the channel); nil
// otherwise.
func chanRoot(info *types.Info, e ast.Expr) *types.Var {
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && len(call.Args) == 0 {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && info.Selections[sel] != nil {
			return typesx.RootVar(info, sel.X)
		}
		return nil
	}
	return typesx.RootVar(info, e)
}

// localChans returns the channel variables declared in the function fn
// that the expression e mentions (ch, request{reply: ch}).
func localChans(info *types.Info, fn ast.Node, e ast.Expr) []*types.Var {
	var vs []*types.Var
	ast.Inspect(e, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			if v := localChan(info, id); v != nil && v.Pos() >= fn.Pos() && v.Pos() < fn.End() {
				vs = append(vs, v)
			}
		}
		return true
	})
	return vs
}

// localChan returns the variable of channel type e names, or nil.
func localChan(info *types.Info, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.Uses[id].(*types.Var)
	if v == nil || v.IsField() {
		return nil
	}
	if _, ok := typeUnder(v.Type()).(*types.Chan); !ok {
		return nil
	}
	return v
}

// calledInPlace reports whether the function literal at cur runs on the
// enclosing function's goroutine: it is called where it stands, not by a go
// statement, and it is not itself a handler.
func (c *checker) calledInPlace(cur inspector.Cursor) bool {
	if c.handlerIndex.Of(cur.Node()) != nil {
		return false
	}
	run, _ := control.LitRun(c.pass.TypesInfo, cur)
	return run == control.Now || run == control.Deferred
}

// selectBlocks reports whether a select blocks without a way out on
// cancellation: it has no default, no case receiving from a Done() channel,
// no timeout case besides other cases (a bound the author chose), and it is
// not a wait for the function's own goroutines (every case on a channel the
// function owns, or on a timer). timers reports that its cases are all
// timers: it is a sleep. It records the cases' channel operations in
// inComm.
func (c *checker) selectBlocks(sel *ast.SelectStmt, vars chanVars, inComm map[ast.Node]bool) (blocks, timers bool) {
	info := c.pass.TypesInfo
	blocks = true
	own, timer, timeout, other := 0, 0, 0, 0
	for _, s := range sel.Body.List {
		cc, ok := s.(*ast.CommClause)
		if !ok {
			continue
		}
		if cc.Comm == nil {
			blocks = false // default
			continue
		}
		op, ch := control.CommOp(cc.Comm)
		if op != nil {
			inComm[op] = true
		}
		switch {
		case ch == nil:
			other++
		case c.isCancelChan(ch, vars):
			blocks = false
		case vars.owned(info, ch):
			own++
		case c.isTimer(ch):
			timer++
			if c.isTimeout(ch) {
				timeout++
			}
		default:
			other++
		}
	}
	if blocks && timeout > 0 && (own > 0 || other > 0) {
		// select { case v := <-ch: case <-time.After(d): }: a bounded wait
		// whose bound the author chose.
		return false, false
	}
	blocks = blocks && (own == 0 || other > 0)
	return blocks, blocks && timer > 0 && own == 0 && other == 0
}
