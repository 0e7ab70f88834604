// Loops: which enclosing loops a spawn repeats in, and whether each one's
// trip count depends on input.

package unboundedgo

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
)

// enclosingLoops returns the loops of the spawn's function whose body
// contains it, innermost first.
func enclosingLoops(sp *spawn) []inspector.Cursor {
	var loops []inspector.Cursor
	for cur := range sp.cur.Parent().Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch cur.Node().(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return loops
		}
		if body := control.Body(cur.Node()); body.Pos() <= sp.node.Pos() && sp.node.End() <= body.End() {
			loops = append(loops, cur)
		}
	}
	return loops
}

type loopClass int

const (
	bounded    loopClass = iota // constant, fixed collection, worker count, configuration, timer
	unbounded                   // driven by input
	acceptLoop                  // a server's accept loop
)

type loopInfo struct {
	class loopClass
	// collection is set for loops over a slice, map, string or iterator and
	// counting loops, as opposed to loops driven by a channel or a condition.
	collection bool
	// source is the collection a collection loop goes over (the range
	// expression, or x in len(x)), for the input check.
	source   ast.Expr
	desc     string   // "the range loop over items"
	unit     string   // what one goroutine is started per: "element", "iteration"
	listener ast.Expr // the accept loop's listener
}

// classify decides whether a loop's trip count depends on input.
//
// Input-driven: range over a slice, map, string, channel or iterator that is
// not a literal (or a variable only ever assigned literals); `for {}` and
// `for cond {}`; counting loops bounded by len, cap or a Len/Count/Size
// method. Bounded: ranges over arrays, constants and literals; counting
// loops bounded by a constant, runtime.NumCPU(), runtime.GOMAXPROCS(...), a
// parameter, a struct field or a package variable (configuration: we
// assume it is not the length of the data), or by anything we cannot
// trace to a length; loops driven by a timer. An endless loop that accepts
// connections is an accept loop.
func (c *checker) classify(l inspector.Cursor, sp *spawn) loopInfo {
	switch n := l.Node().(type) {
	case *ast.RangeStmt:
		return c.classifyRange(n)
	case *ast.ForStmt:
		return c.classifyFor(l, n, sp)
	}
	return loopInfo{class: bounded}
}

func (c *checker) classifyRange(n *ast.RangeStmt) loopInfo {
	if n.X == nil {
		return loopInfo{class: bounded}
	}
	t := c.pass.TypesInfo.TypeOf(n.X)
	if t == nil {
		return loopInfo{class: bounded}
	}
	li := loopInfo{class: unbounded, collection: true, source: n.X, desc: "the range loop over " + report.Short(n.X)}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsInteger != 0:
			if c.count(n.X, 0) != countUnbounded {
				return loopInfo{class: bounded}
			}
			li.desc, li.unit, li.source = "the loop `for range "+report.Short(n.X)+"`", "iteration", c.lengthOf(n.X, 0)
		case u.Info()&types.IsString != 0:
			if tv, ok := c.pass.TypesInfo.Types[n.X]; ok && tv.Value != nil {
				return loopInfo{class: bounded}
			}
			li.unit = "character"
		default:
			return loopInfo{class: bounded}
		}
	case *types.Array:
		return loopInfo{class: bounded}
	case *types.Pointer:
		return loopInfo{class: bounded} // pointer to array
	case *types.Slice:
		if c.fixed(n.X) {
			return loopInfo{class: bounded}
		}
		li.unit = "element"
	case *types.Map:
		if c.fixed(n.X) {
			return loopInfo{class: bounded}
		}
		li.unit = "entry"
	case *types.Chan:
		if c.isTimerChan(n.X) {
			return loopInfo{class: bounded}
		}
		if isConn(u.Elem()) {
			// for c := range conns { go serve(c) }: connections handed over
			// by a listener's goroutine, an accept loop one step removed.
			return loopInfo{class: acceptLoop, desc: "the loop receiving connections from " + report.Short(n.X), listener: n.X}
		}
		li.unit, li.collection, li.source = "value received", false, nil
	case *types.Signature:
		li.unit = "value"
	default:
		return loopInfo{class: bounded} // type parameters and the like
	}
	return li
}

func (c *checker) classifyFor(l inspector.Cursor, n *ast.ForStmt, sp *spawn) loopInfo {
	if n.Cond != nil {
		if cls, ok := c.countingLoop(n); ok {
			if cls != countUnbounded {
				return loopInfo{class: bounded}
			}
			src := c.lengthOf(n.Cond, 0)
			if src == nil && n.Init != nil {
				src = c.lengthOf(n.Init, 0)
			}
			return loopInfo{class: unbounded, collection: true, source: src, desc: "the loop `" + c.header(n) + "`", unit: "iteration"}
		}
	}
	if lst := c.acceptCall(l, n.Body, sp); lst != nil {
		return loopInfo{class: acceptLoop, desc: "the accept loop over " + report.Short(lst), listener: lst}
	}
	if ch := c.connRecv(n.Body, sp); ch != nil {
		return loopInfo{class: acceptLoop, desc: "the loop receiving connections from " + report.Short(ch), listener: ch}
	}
	if ch := selectCase(sp, l); ch != nil {
		if c.isTimerChan(ch) {
			return loopInfo{class: bounded}
		}
		return loopInfo{class: unbounded, desc: "the select loop receiving from " + report.Short(ch), unit: "value received"}
	}
	if n.Cond == nil {
		return loopInfo{class: unbounded, desc: "the for loop with no condition", unit: "iteration"}
	}
	return loopInfo{class: unbounded, desc: "the loop `" + c.header(n) + "`", unit: "iteration"}
}

// header renders a for loop's header: "for i := 0; i < len(ids); i++".
func (c *checker) header(n *ast.ForStmt) string {
	src := func(n ast.Node) string {
		if text, ok := report.Source(c.pass, n); ok {
			return text
		}
		return "..."
	}
	if n.Init == nil && n.Post == nil {
		return "for " + src(n.Cond)
	}
	parts := []string{"", src(n.Cond), ""}
	if n.Init != nil {
		parts[0] = src(n.Init)
	}
	if n.Post != nil {
		parts[2] = src(n.Post)
	}
	return strings.TrimSpace("for " + strings.Join(parts, "; "))
}

// acceptCall returns the listener of a call to an Accept-like method
// (knowledge.AcceptMethodPrefix, returning an error last) in the loop body
// before the spawn, or nil.
func (c *checker) acceptCall(l inspector.Cursor, body *ast.BlockStmt, sp *spawn) ast.Expr {
	bodyCur, ok := l.FindNode(body)
	if !ok {
		return nil
	}
	var lst ast.Expr
	bodyCur.Inspect([]ast.Node{(*ast.FuncLit)(nil), (*ast.CallExpr)(nil)}, func(cur inspector.Cursor) bool {
		if lst != nil {
			return false
		}
		call, ok := cur.Node().(*ast.CallExpr)
		if !ok || call.Pos() >= sp.node.Pos() {
			return false // a function literal, or past the spawn
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || !strings.HasPrefix(sel.Sel.Name, knowledge.AcceptMethodPrefix) {
			return true
		}
		if s := c.pass.TypesInfo.Selections[sel]; s == nil || s.Kind() != types.MethodVal {
			return true
		}
		sig, ok := c.pass.TypesInfo.TypeOf(sel).(*types.Signature)
		if !ok || sig.Results().Len() == 0 {
			return true
		}
		last := sig.Results().At(sig.Results().Len() - 1).Type()
		if !types.Identical(last, types.Universe.Lookup("error").Type()) {
			return true
		}
		lst = sel.X
		return false
	})
	return lst
}

// connRecv returns the channel of a receive, in the loop body before the
// spawn (a statement, an assignment or a select case), of a value with the
// methods of a connection (isConn): the loop takes the connections another
// goroutine accepted, an accept loop one step removed. Nil if none.
func (c *checker) connRecv(body *ast.BlockStmt, sp *spawn) ast.Expr {
	var ch ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		if ch != nil || n == nil || n.Pos() >= sp.node.Pos() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && isConn(c.pass.TypesInfo.TypeOf(n)) {
				ch = n.X
			}
		}
		return ch == nil
	})
	return ch
}

// selectCase returns the channel received from by the select case, inside
// loop l, whose body holds the spawn, or nil.
func selectCase(sp *spawn, l inspector.Cursor) ast.Expr {
	for cur := range sp.cur.Enclosing((*ast.CommClause)(nil), (*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncLit)(nil)) {
		cc, ok := cur.Node().(*ast.CommClause)
		if !ok {
			return nil
		}
		return recvChan(cc.Comm)
	}
	return nil
}

// carriesIteration reports whether the goroutine of sp takes something of
// its iteration of loop l with it: a variable declared in the loop (outside
// the goroutine's own function literal), or an argument computed at the
// spawn by a call or a receive (go handle(<-ch), go process(sc.Text())).
func carriesIteration(sp *spawn, l inspector.Cursor) bool {
	loop := l.Node()
	for k := range sp.mentions {
		pos := k.obj.Pos()
		if pos < loop.Pos() || pos >= loop.End() {
			continue
		}
		if sp.lit != nil && pos >= sp.lit.Pos() && pos < sp.lit.End() {
			continue // the goroutine's own locals and parameters
		}
		return true
	}
	for _, arg := range sp.call.Args {
		if arg == ast.Expr(sp.lit) {
			continue
		}
		computed := false
		ast.Inspect(arg, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				computed = true
			case *ast.UnaryExpr:
				computed = computed || n.Op == token.ARROW
			}
			return !computed
		})
		if computed {
			return true
		}
	}
	return false
}

// exits returns how many of the spawn's loops, innermost first, the spawn
// does not repeat in: a go statement followed in its block by a statement
// that leaves a loop (control.Leaves: return, panic, log.Fatal, a break out
// of the loop, a continue of a loop around it, a goto beyond it) runs once
// per execution of that loop (go drain(ch); return false). A break that
// leaves only a switch or select around the spawn does not count.
func (c *checker) exits(sp *spawn, loops []inspector.Cursor) int {
	if len(loops) == 0 {
		return 0
	}
	cur := sp.cur
	if _, ok := sp.node.(*ast.GoStmt); !ok {
		if _, ok := cur.Parent().Node().(*ast.ExprStmt); !ok {
			return 0
		}
		cur = cur.Parent()
	}
	list := control.List(cur.Parent().Node())
	var after []ast.Stmt
	for i, s := range list {
		if s == cur.Node() {
			after = list[i+1:]
		}
	}
	for i := len(loops) - 1; i >= 0; i-- {
		if control.Leaves(c.pass.TypesInfo, cur.Parent(), after, loops[i].Node()) {
			return i + 1
		}
	}
	return 0
}
