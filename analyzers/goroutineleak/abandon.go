package goroutineleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/conclint/conclint/analyzers/internal/typesx"
	"golang.org/x/tools/go/analysis"
)

// This file: a goroutine sends on an unbuffered channel made by its
// parent, and the parent can return first (on ctx.Done(), a timeout, the
// first of N results, the first error): the sender blocks forever.

// checkAbandoned judges the unbuffered channels each function makes.
func (a *checker) checkAbandoned() {
	for c := range a.ix.insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if f := a.ix.funcs[c.Node()]; f != nil && !a.r.Skip(f.node.Pos()) {
			a.checkFunc(f)
		}
	}
}

// checkFunc finds, in one function body, the channels it makes with a
// constant buffer and judges each one.
func (a *checker) checkFunc(f *fn) {
	pass, body := a.pass, f.body
	makes := map[*types.Var]*ast.CallExpr{}
	caps := map[*types.Var]int64{}
	var order []*types.Var
	add := func(id *ast.Ident, rhs ast.Expr) {
		call, n := chanMake(pass, rhs)
		if call == nil {
			return
		}
		if v, ok := pass.TypesInfo.ObjectOf(id).(*types.Var); ok && makes[v] == nil {
			makes[v], caps[v] = call, n
			order = append(order, v)
		}
	}
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
				if id, ok := n.Lhs[i].(*ast.Ident); ok {
					add(id, rhs)
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) != len(n.Values) {
				return true
			}
			for i, rhs := range n.Values {
				add(n.Names[i], rhs)
			}
		}
		return true
	})
	if len(makes) == 0 {
		return
	}
	uses := collectUses(pass, body, makes)
	for _, v := range order {
		a.judge(f, v, makes, caps[v], uses[v])
	}
}

// senders are the goroutines that send on one channel, and their sends.
type senders struct {
	gos   []*ast.GoStmt
	sends []*ast.SendStmt
	multi bool // more than one send: several goroutines, or a loop
	loops bool // some goroutine is started in a loop, or sends in one
}

// collectSenders gathers the goroutines' uses of a channel; ok is false
// when one is not a plain send (a select case, a receive, a use elsewhere),
// or when the channel is used by a closure that is not a goroutine.
func (a *checker) collectSenders(uses []use) (s senders, recvs []use, ok bool) {
	seen := map[*ast.GoStmt]bool{}
	addGo := func(g *ast.GoStmt) {
		if !seen[g] {
			seen[g] = true
			s.gos = append(s.gos, g)
			if gs := a.ix.goOf[g]; gs == nil || gs.inLoop {
				s.loops = true
			}
		}
	}
	for _, u := range uses {
		switch {
		case u.goLit != nil && u.goStmt == nil:
			return s, nil, false
		case u.kind == useGoArg:
			callee := typesx.StaticCallee(a.pass.TypesInfo, u.goStmt.Call)
			if callee == nil {
				return s, nil, false
			}
			sum := a.paramSends(callee, argIndex(u.goStmt.Call, u.id))
			if !sum.ok {
				return s, nil, false
			}
			addGo(u.goStmt)
			s.sends = append(s.sends, sum.sends...)
			s.loops = s.loops || sum.multi
		case u.kind == useCallArg:
			// The goroutine hands the channel to a helper of the package
			// that sends on it, once or in a loop; a call in a loop of the
			// goroutine sends on every iteration.
			callee := typesx.StaticCallee(a.pass.TypesInfo, u.call)
			if callee == nil {
				return s, nil, false
			}
			sum := a.paramSends(callee, argIndex(u.call, u.id))
			if !sum.ok {
				return s, nil, false
			}
			addGo(u.goStmt)
			s.sends = append(s.sends, sum.sends...)
			s.loops = s.loops || sum.multi || u.inLoop
		case u.goStmt != nil && u.kind == useClose:
			// A close after the send does not help a blocked sender.
		case u.goStmt != nil:
			if u.kind != useSend || u.sel != nil {
				return s, nil, false
			}
			addGo(u.goStmt)
			s.sends = append(s.sends, u.send)
			s.loops = s.loops || u.inLoop
		default:
			if u.kind != useRecv {
				return s, nil, false
			}
			recvs = append(recvs, u)
		}
	}
	s.multi = s.loops || len(s.gos) > 1
	return s, recvs, len(s.sends) > 0 && len(recvs) > 0
}

// judge reports the channel v, made by mk with a buffer of size n, when
// its senders can be abandoned: the parent returns from a select without
// receiving, receives once from many senders, or leaves the loop that
// receives from them early. A buffered channel is judged only when there
// may be more sends than its buffer holds (a send in a loop, goroutines
// started in one).
func (a *checker) judge(f *fn, v *types.Var, makes map[*types.Var]*ast.CallExpr, n int64, uses []use) {
	mk := makes[v]
	s, recvs, ok := a.collectSenders(uses)
	// A buffer holds every send when no sender loops and each goroutine
	// sends once.
	if !ok || n > 0 && (!s.multi || !s.loops && n >= int64(len(s.gos))) {
		return
	}
	if a.rep.startupOnly(f) || a.handlesSignals(f) {
		return // once, at start-up, or for the life of the process
	}
	name := v.Name()
	elem := types.TypeString(v.Type().Underlying().(*types.Chan).Elem(), types.RelativeTo(a.pass.Pkg))
	related := a.sendsRelated(s)
	who := a.who(s)
	// Shape 1: every receive is a case of one select, or is in the body of
	// one of that select's cases, and another case of it, not touching the
	// channel, returns (or leaves the select for good: it is not in a loop).
	if sel, inLoop := oneSelect(recvs); sel != nil {
		if exit := exitCase(a.pass, sel, v, makes, !inLoop); exit != nil {
			line := a.line(exit)
			if !s.multi {
				a.r.ReportRelated(mk, fmt.Sprintf("%s is unbuffered and %s on it, but the parent can return from the select case at line %d without receiving: the goroutine blocks forever on its send, once per call; make it buffered (make(chan %s, 1))", name, who, line, elem),
					related, bufferFix(mk, name))
				return
			}
			a.r.ReportRelated(mk, fmt.Sprintf("%s on %s, but the parent can return from the select case at line %d and stop receiving: the remaining sends block forever, once per call; give %s a slot per send, or have the senders select on a channel closed when the parent returns", who, name, line, name),
				related)
			return
		}
	}
	if len(recvs) != 1 || recvs[0].sel != nil || !s.multi {
		return
	}
	rv := recvs[0]
	line := a.line(rv.id)
	switch {
	case !rv.inLoop:
		// Shape 2: many sends, one plain receive.
		a.r.ReportRelated(mk, fmt.Sprintf("%s on %s, but the parent receives only once (line %d): every other send blocks forever, once per call; give %s one slot per send (make(chan %s, n))", who, name, line, name, elem),
			related)
	case earlyExit(rv.loop) != nil:
		// Shape 3: the receiving loop can leave before it has every result.
		ex := earlyExit(rv.loop)
		related = append([]analysis.RelatedInformation{{Pos: ex.Pos(), End: ex.End(), Message: "the loop leaves here"}}, related...)
		a.r.ReportRelated(mk, fmt.Sprintf("%s on %s, but the loop receiving from it (line %d) can %s at line %d before it has every value: the remaining sends block forever, once per call; give %s one slot per send, or keep receiving until the senders are done", who, name, line, exitVerb(ex), a.line(ex), name),
			related)
	}
}

// who says who sends: "the goroutine started at line N sends", "goroutines
// started in a loop (line N) send".
func (a *checker) who(s senders) string {
	g := s.gos[0]
	switch {
	case len(s.gos) > 1:
		lines := make([]string, len(s.gos))
		for i, g := range s.gos {
			lines[i] = strconv.Itoa(a.line(g))
		}
		return fmt.Sprintf("the goroutines started at lines %s send", strings.Join(lines, ", "))
	case a.ix.goOf[g] != nil && a.ix.goOf[g].inLoop:
		return fmt.Sprintf("goroutines started in a loop (line %d) send", a.line(g))
	case s.multi:
		return fmt.Sprintf("the goroutine started at line %d sends in a loop", a.line(g))
	}
	return fmt.Sprintf("the goroutine started at line %d sends", a.line(g))
}

// sendsRelated lists the sends as related positions.
func (a *checker) sendsRelated(s senders) []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	for _, snd := range s.sends {
		out = append(out, analysis.RelatedInformation{Pos: snd.Pos(), End: snd.End(), Message: "the send that blocks"})
	}
	return out
}

// oneSelect returns the select every receive is a case of or is in the
// body of a case of, and whether that select is in a loop; nil if there is
// none.
func oneSelect(recvs []use) (*ast.SelectStmt, bool) {
	var sel *ast.SelectStmt
	inLoop := true
	for _, u := range recvs {
		if u.sel != nil {
			if sel != nil && sel != u.sel {
				return nil, false
			}
			sel, inLoop = u.sel, u.selInLoop
		}
	}
	if sel == nil {
		return nil, false
	}
	for _, u := range recvs {
		if u.sel == nil && !containsNode(sel, u.id) {
			return nil, false
		}
	}
	return sel, inLoop
}

// earlyExit returns a return, or a break or goto out of loop, in its body;
// nil if there is none.
func earlyExit(loop ast.Stmt) ast.Node {
	var body *ast.BlockStmt
	label := ""
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	default:
		return nil
	}
	exits, _ := loopExits(body, label)
	for _, ex := range exits {
		switch n := ex.node.(type) {
		case *ast.ReturnStmt:
			return n
		case *ast.BranchStmt:
			if n.Tok == token.BREAK || n.Tok == token.GOTO {
				return n
			}
		}
	}
	return nil
}

func exitVerb(n ast.Node) string {
	if b, ok := n.(*ast.BranchStmt); ok {
		return b.Tok.String()
	}
	return "return"
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

// handlesSignals reports whether f, or a literal in it, subscribes to the
// process's signals (os/signal.Notify): it is the process's top-level
// lifecycle (serve until SIGTERM, run the root command), entered once, and
// what it leaves behind when it returns ends with the process.
func (a *checker) handlesSignals(f *fn) bool {
	found := false
	ast.Inspect(f.body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && !found {
			if callee := typesx.StaticCallee(a.pass.TypesInfo, call); callee != nil && callee.Pkg() != nil && callee.Pkg().Path() == "os/signal" && callee.Name() == "Notify" {
				found = true
			}
		}
		return !found
	})
	return found
}
