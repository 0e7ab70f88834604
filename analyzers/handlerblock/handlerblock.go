package handlerblock

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/analysisdoc"
	"github.com/conclint/conclint/analyzers/internal/ctxscope"
	"github.com/conclint/conclint/analyzers/internal/handlers"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/summary"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      "handlerblock",
	Doc:       analysisdoc.MustExtract(doc, "handlerblock"),
	URL:       "https://github.com/conclint/conclint/blob/main/docs/handlerblock.md",
	Run:       run,
	Requires:  []*analysis.Analyzer{inspect.Analyzer, handlers.Analyzer, ctxscope.Analyzer},
	FactTypes: []analysis.Fact{new(blocks)},
}

var (
	opts  report.Options
	extra funcSet // -blocking-funcs
)

// The bare names of the knowledge tables' functions: a callee whose name is
// in none of them is looked up without building its full name
// (typesx.Names). blockingNames has -blocking-funcs added per run.
var (
	blockingNames = typesx.NamesOf(knowledge.BlockingFuncs)
	cancelNames   = typesx.NamesOf(knowledge.CancelChanMethods)
	hijackNames   = typesx.NamesOf(knowledge.HijackFuncs)
	timerNames    = typesx.NamesOf(map[string]bool{"time.After": true, "time.Tick": true})
)

func init() {
	opts.Register(&Analyzer.Flags)
	Analyzer.Flags.Var(&extra, "blocking-funcs",
		"comma-separated full names of more functions that block without a context, e.g. example.com/retry.Do,(*example.com/queue.Queue).Wait")
}

// funcSet is the value of -blocking-funcs.
type funcSet map[string]bool

func (s *funcSet) String() string {
	if s == nil {
		return ""
	}
	names := make([]string, 0, len(*s))
	for n := range *s {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ",")
}

func (s *funcSet) Set(v string) error {
	m := make(funcSet)
	for name := range strings.SplitSeq(v, ",") {
		if name = strings.TrimSpace(name); name != "" {
			m[name] = true
		}
	}
	*s = m
	return nil
}

// blocks is the fact exported for an exported function or method that may
// block without a context, directly or through the functions it calls.
type blocks struct {
	// Chain names the functions from the one the fact is about down to the
	// blocking operation: ["deep.Retry", "deep.Backoff", "time.Sleep"].
	Chain []string
	// Where is the blocking operation's position, "backoff.go:12".
	Where string
}

func (*blocks) AFact() {}

func (b *blocks) String() string { return "blocks: " + strings.Join(b.Chain, " -> ") }

func run(pass *analysis.Pass) (any, error) {
	// The standard library's bodies are not summarised: its waits are I/O,
	// locks and internal channels whose chains would not be actionable; the
	// blocking table speaks for it instead.
	if isStdlib(pass) {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		in:       pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		ix:       pass.ResultOf[handlers.Analyzer].(*handlers.Index),
		ctx:      pass.ResultOf[ctxscope.Analyzer].(*ctxscope.Info),
		blocking: blockingNames,
	}
	if len(extra) > 0 {
		c.blocking = blockingNames.Union(typesx.NamesOf(extra))
	}

	// Summaries: every declared function's own blocking operations and
	// static calls, solved over the package's call graph. Two properties are
	// solved: sleeping (time.Sleep, timers, sync.Cond.Wait, the blocking
	// table), which is exported as a fact and followed across packages, and
	// waiting on a channel, which is followed only within the package: a
	// channel is a package's internal protocol (a worker that always answers,
	// a buffered hand-off), and outside it the wait is neither visible nor
	// fixable by the caller.
	var sleeps, waits []*summary.Func
	for cur := range c.in.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		fn, _ := pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if decl.Body == nil || fn == nil {
			continue
		}
		if c.ix.Of(decl) != nil {
			// A handler's waits are reported in it; calling a handler (a
			// router's wrapper, one handler delegating to another) is not
			// reported again.
			continue
		}
		fs, fw := &summary.Func{Obj: fn}, &summary.Func{Obj: fn}
		c.walk(cur, func(o op) {
			switch {
			case o.kind == opCall:
				fs.Calls = append(fs.Calls, summary.Call{Callee: o.callee, Pos: o.node.Pos()})
			case o.weak():
				if fw.Direct == nil {
					fw.Direct = &summary.Reason{Chain: []string{o.label}, Where: c.where(o.node)}
				}
			default:
				if fs.Direct == nil {
					fs.Direct = &summary.Reason{Chain: []string{o.label}, Where: c.where(o.node)}
				}
			}
		})
		fw.Calls = fs.Calls
		sleeps, waits = append(sleeps, fs), append(waits, fw)
	}
	c.sleeps = summary.Solve(sleeps, c.imported, typesx.ShortName)
	c.waits = summary.Solve(waits, func(*types.Func) (summary.Reason, bool) { return summary.Reason{}, false }, typesx.ShortName)
	for _, fn := range summary.Sorted(c.sleeps) {
		// Only exported functions and methods can be called from other
		// packages; the others' reasons live on in their callers' chains.
		if fn.Exported() {
			r := c.sleeps[fn]
			pass.ExportObjectFact(fn, &blocks{Chain: r.Chain, Where: r.Where})
		}
	}

	r := report.New(pass, opts)
	defer r.Finish()
	for _, h := range c.ix.Handlers {
		if r.Skip(h.Node.Pos()) {
			continue
		}
		cur, ok := c.in.Root().FindNode(h.Node)
		if !ok {
			continue
		}
		hijack := c.hijackPos(cur)
		c.walk(cur, func(o op) {
			if hijack.IsValid() && o.node.Pos() > hijack {
				return // serving a connection taken over from net/http
			}
			c.report(r, h, o)
		})
	}
	return nil, nil
}

// hijackPos returns the position of the first call in the handler at cur
// that takes the connection over from net/http (knowledge.HijackFuncs), or
// token.NoPos. What follows serves the connection for as long as it lives,
// and the request's context no longer tracks the client.
func (c *checker) hijackPos(cur inspector.Cursor) token.Pos {
	for call := range cur.Preorder((*ast.CallExpr)(nil)) {
		if knowledge.HijackFuncs[hijackNames.CallName(c.pass.TypesInfo, call.Node().(*ast.CallExpr))] != "" {
			return call.Node().Pos()
		}
	}
	return token.NoPos
}

// isStdlib reports whether the package is part of the standard library: its
// path has no dot in its first element and its files are in GOROOT.
func isStdlib(pass *analysis.Pass) bool {
	path := pass.Pkg.Path()
	if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
		return false
	}
	if len(pass.Files) == 0 || build.Default.GOROOT == "" {
		return false
	}
	tf := pass.Fset.File(pass.Files[0].Pos())
	if tf == nil {
		return false
	}
	root := filepath.Join(build.Default.GOROOT, "src") + string(filepath.Separator)
	return strings.HasPrefix(filepath.Clean(tf.Name()), root)
}

type checker struct {
	pass     *analysis.Pass
	in       *inspector.Inspector
	ix       *handlers.Index
	ctx      *ctxscope.Info
	blocking typesx.Names // bare names of BlockingFuncs and -blocking-funcs
	// sleeps and waits are the package's functions that sleep (directly,
	// through calls, or through imported functions' facts) and that wait
	// on a channel (directly or through calls within the package).
	sleeps, waits map[*types.Func]summary.Reason
}

// imported returns the reason a function of another package blocks, from
// its fact.
func (c *checker) imported(fn *types.Func) (summary.Reason, bool) {
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return summary.Reason{}, false
	}
	var f blocks
	if !c.pass.ImportObjectFact(fn, &f) {
		return summary.Reason{}, false
	}
	return summary.Reason{Chain: f.Chain, Where: f.Where}, true
}

// reasonOf returns the reason fn, called from this package, blocks.
func (c *checker) reasonOf(fn *types.Func) (summary.Reason, bool) {
	if r, ok := c.sleeps[fn]; ok {
		return r, true
	}
	if r, ok := c.imported(fn); ok {
		return r, true
	}
	if r, ok := c.waits[fn]; ok && len(r.Chain) <= maxWaitChain {
		return r, true
	}
	return summary.Reason{}, false
}

// maxWaitChain bounds the chains of channel waits reported at a call: the
// callee, one function it calls, and the channel operation. Deeper waits are
// the package's internals (a rarely taken path through an account lookup
// into a task queue); nearby ones are the handler's own plumbing.
const maxWaitChain = 3

func (c *checker) where(n ast.Node) string {
	p := c.pass.Fset.Position(n.Pos())
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

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

// weak reports whether the operation is a wait on a channel, rather than a
// sleep.
func (o op) weak() bool { return o.kind >= opRecv }

// An op is an operation of a function body that blocks, or may block (a
// call).
type op struct {
	kind   opKind
	node   ast.Node
	cur    inspector.Cursor
	label  string      // for chains: "time.Sleep", "receive from s.ready"
	callee *types.Func // the function called, for opCall and opBlocking
}

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
//     sync.WaitGroup.Wait, and do not count.
func (c *checker) walk(fn inspector.Cursor, visit func(op)) {
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
	inComm := make(map[ast.Node]bool) // channel operations of select cases
	info := c.pass.TypesInfo
	// sent and received record, by expression, the channels the function
	// has already sent on and received from: an operation in the other
	// direction on the same channel releases what the first one acquired
	// (sem <- token ... <-sem) and does not wait.
	sent, received := make(map[string]bool), make(map[string]bool)

	var inspect func(root inspector.Cursor)
	inspect = func(root inspector.Cursor) {
		root.Inspect(nil, func(cur inspector.Cursor) bool {
			switch n := cur.Node().(type) {
			case *ast.FuncLit:
				return c.calledInPlace(cur)
			case *ast.GoStmt:
				call := cur.ChildAt(edge.GoStmt_Call, -1)
				for i := range n.Call.Args {
					inspect(call.ChildAt(edge.CallExpr_Args, i))
				}
				return false
			case *ast.SelectStmt:
				switch blocks, timers := c.selectBlocks(n, chans(), inComm); {
				case blocks && timers:
					visit(op{kind: opTimer, node: n, cur: cur, label: "select on timers only"})
				case blocks:
					visit(op{kind: opSelect, node: n, cur: cur, label: "select with no Done case"})
				}
			case *ast.SendStmt:
				key := types.ExprString(n.Chan)
				release := received[key]
				sent[key] = true
				if !inComm[n] && !release && !chans().owned(info, n.Chan) {
					visit(op{kind: opSend, node: n, cur: cur, label: "send on " + exprString(n.Chan)})
				}
			case *ast.UnaryExpr:
				if n.Op != token.ARROW {
					break
				}
				key := types.ExprString(n.X)
				release := sent[key]
				received[key] = true
				switch {
				case inComm[n], release:
				case c.isTimer(n.X):
					label := "<-" + exprString(n.X)
					if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok {
						label = "<-" + exprString(call.Fun)
					}
					visit(op{kind: opTimer, node: n, cur: cur, label: label})
				case c.isCancelChan(n.X, chans()), chans().owned(info, n.X):
				default:
					visit(op{kind: opRecv, node: n, cur: cur, label: "receive from " + exprString(n.X)})
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
				visit(op{kind: kind, node: n, cur: cur, label: "range over " + exprString(n.X)})
			case *ast.CallExpr:
				callee := typesx.Callee(info, n)
				if name := c.blocking.FullName(callee); name != "" && (knowledge.BlockingFuncs[name] != "" || extra[name]) {
					if name == "time.Sleep" && c.inDeadlineLoop(cur) {
						break // polling until a deadline: a bounded wait
					}
					visit(op{kind: opBlocking, node: n, cur: cur, label: typesx.ShortName(callee), callee: callee})
					break
				}
				if callee := typesx.Static(callee); callee != nil && callee.Pkg() != nil {
					visit(op{kind: opCall, node: n, cur: cur, label: typesx.ShortName(callee), callee: callee})
				}
			}
			return true
		})
	}
	inspect(body)
}

// checksContext reports whether body calls Err or Done on a context: a
// loop over a ticker that checks it at every tick gives up on cancellation
// within a tick.
func (c *checker) checksContext(body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "Err" || sel.Sel.Name == "Done") &&
			implementsContext(c.pass.TypesInfo.TypeOf(sel.X)) {
			found = true
		}
		return true
	})
	return found
}

// calledInPlace reports whether the function literal at cur runs on the
// enclosing function's goroutine: it is called where it stands, not by a go
// statement, and it is not itself a handler.
func (c *checker) calledInPlace(cur inspector.Cursor) bool {
	if c.ix.Of(cur.Node()) != nil || cur.ParentEdgeKind() != edge.CallExpr_Fun {
		return false
	}
	return cur.Parent().ParentEdgeKind() != edge.GoStmt_Call
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
		var ch ast.Expr
		switch comm := cc.Comm.(type) {
		case nil:
			blocks = false // default
			continue
		case *ast.SendStmt:
			inComm[comm] = true
			ch = comm.Chan
		case *ast.ExprStmt:
			if u := recvExpr(comm.X); u != nil {
				inComm[u] = true
				ch = u.X
			}
		case *ast.AssignStmt:
			if len(comm.Rhs) == 1 {
				if u := recvExpr(comm.Rhs[0]); u != nil {
					inComm[u] = true
					ch = u.X
				}
			}
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

// isTimeout reports whether e is time.After(d) or a time.Timer's C: a
// one-off deadline, unlike a Ticker's periodic channel.
func (c *checker) isTimeout(e ast.Expr) bool {
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok && sel.Sel.Name == "C" {
		return typesx.IsNamedOrPointer(c.pass.TypesInfo.TypeOf(sel.X), "time", "Timer")
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && timerNames.CallName(c.pass.TypesInfo, call) == "time.After"
}

func recvExpr(e ast.Expr) *ast.UnaryExpr {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u
	}
	return nil
}

// isTimer reports whether e is time.After(d), time.Tick(d), or the C field
// of a time.Timer or time.Ticker.
func (c *checker) isTimer(e ast.Expr) bool {
	if sel, ok := ast.Unparen(e).(*ast.SelectorExpr); ok && sel.Sel.Name == "C" {
		t := c.pass.TypesInfo.TypeOf(sel.X)
		return typesx.IsNamedOrPointer(t, "time", "Timer") || typesx.IsNamedOrPointer(t, "time", "Ticker")
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	switch timerNames.CallName(c.pass.TypesInfo, call) {
	case "time.After", "time.Tick":
		return true
	}
	return false
}

// isCancelChan reports whether receiving from e waits for a cancellation:
// e is x.Done() for an x whose type implements context.Context, a call to a
// method of knowledge.CancelChanMethods, or a local variable only ever
// assigned such a channel.
func (c *checker) isCancelChan(e ast.Expr, vars chanVars) bool {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
		return v != nil && vars[v]&chanCancel != 0
	}
	return c.cancelCall(e)
}

func (c *checker) cancelCall(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := typesx.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	if knowledge.CancelChanMethods[cancelNames.FullName(fn)] != "" {
		return true
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && fn.Name() == "Done" && implementsContext(c.pass.TypesInfo.TypeOf(sel.X))
}

// implementsContext reports whether t's method set has context.Context's
// methods (Deadline, Done, Err, Value).
func implementsContext(t types.Type) bool {
	if t == nil {
		return false
	}
	if typesx.IsContext(t) {
		return true
	}
	ms := types.NewMethodSet(t)
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr && !types.IsInterface(t) {
		ms = types.NewMethodSet(types.NewPointer(t))
	}
	for _, name := range []string{"Deadline", "Done", "Err", "Value"} {
		if ms.Lookup(nil, name) == nil {
			return false
		}
	}
	return true
}

// chanVars classifies a function's local channel variables.
type chanVars map[*types.Var]chanClass

type chanClass int

const (
	chanOwned  chanClass = 1 << iota // made here, handed only to goroutines and closures started here
	chanCancel                       // only ever assigned a Done() channel
)

func (vars chanVars) owned(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, _ := info.Uses[id].(*types.Var)
	return v != nil && vars[v]&chanOwned != 0
}

// classifyChans finds the channel variables declared in the function at fn
// (in its body or nested literals) that it owns, or that hold a Done()
// channel. A variable is owned when every value assigned to it is a
// make(chan ...) and it is used only as the operand of channel operations,
// close, len and cap, or inside a go statement or function literal of the
// function: passing it to a call, storing it, sending it or returning it
// hands it to code that may hold it for longer (a worker waiting to reply).
func (c *checker) classifyChans(fn inspector.Cursor) chanVars {
	info := c.pass.TypesInfo
	vars := make(chanVars)
	isLocalChan := func(id *ast.Ident) *types.Var {
		if id == nil || id.Name == "_" {
			return nil
		}
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
		}
		v, _ := obj.(*types.Var)
		if v == nil || v.IsField() || v.Pos() < fn.Node().Pos() || v.Pos() >= fn.Node().End() {
			return nil
		}
		if _, ok := typeUnder(v.Type()).(*types.Chan); !ok {
			return nil
		}
		return v
	}
	candidates := make(map[*types.Var]chanClass)
	seen := make(map[*types.Var]bool)
	assign := func(id *ast.Ident, rhs ast.Expr) {
		v := isLocalChan(id)
		if v == nil {
			return
		}
		var cls chanClass
		if rhs != nil {
			if isMakeChan(info, rhs) {
				cls = chanOwned
			} else if c.cancelCall(rhs) {
				cls = chanCancel
			}
		}
		if !seen[v] {
			seen[v] = true
			candidates[v] = cls
		} else {
			candidates[v] &= cls
		}
	}
	// Assignments (the parameters of fn are not local: they start unknown).
	for cur := range fn.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, _ := ast.Unparen(l).(*ast.Ident)
				var rhs ast.Expr
				if len(n.Rhs) == len(n.Lhs) && (n.Tok == token.DEFINE || n.Tok == token.ASSIGN) {
					rhs = n.Rhs[i]
				}
				assign(id, rhs)
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if len(n.Values) == len(n.Names) {
					assign(id, n.Values[i])
				} else if len(n.Values) > 0 {
					assign(id, nil)
				}
				// var ch chan T: a nil channel until assigned; the
				// assignments decide.
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					assign(id, nil)
				}
			}
		}
	}
	for v, cls := range candidates {
		if cls != 0 {
			vars[v] = cls
		}
	}
	if len(vars) == 0 {
		return vars
	}
	// Uses: an owned channel must not escape.
	for cur := range fn.Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		v, _ := info.Uses[id].(*types.Var)
		if v == nil || vars[v]&chanOwned == 0 {
			continue
		}
		if !ownedUse(info, fn, cur) {
			vars[v] &^= chanOwned
		}
	}
	return vars
}

// ownedUse reports whether the use of an owned-channel candidate at cur
// keeps it owned.
func ownedUse(info *types.Info, fn, cur inspector.Cursor) bool {
	switch cur.ParentEdgeKind() {
	case edge.SendStmt_Chan, edge.RangeStmt_X:
		return true
	case edge.UnaryExpr_X:
		if u := cur.Parent().Node().(*ast.UnaryExpr); u.Op == token.ARROW {
			return true
		}
	case edge.AssignStmt_Lhs:
		return true
	case edge.CallExpr_Args:
		call := cur.Parent().Node().(*ast.CallExpr)
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				switch b.Name() {
				case "close", "len", "cap":
					return true
				}
			}
		}
	}
	// Anywhere inside a goroutine or closure the function starts.
	for p := range cur.Enclosing((*ast.GoStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		if p.Node() == fn.Node() {
			return false
		}
		if _, ok := p.Node().(*ast.FuncDecl); ok {
			return false
		}
		return true
	}
	return false
}

func isMakeChan(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "make" {
		return false
	}
	_, ok = typeUnder(info.TypeOf(call.Args[0])).(*types.Chan)
	return ok
}

func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// exprString renders a channel expression for messages, shortened.
func exprString(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// passedContext returns the source of the call's argument that passes the
// request's context on, or "".
func (c *checker) passedContext(n ast.Node) string {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return ""
	}
	for _, a := range call.Args {
		if implementsContext(c.pass.TypesInfo.TypeOf(a)) && c.ctx.Mentions(c.pass.TypesInfo, a) {
			return exprString(a)
		}
	}
	return ""
}

// report reports the operation o of handler h.
func (c *checker) report(r *report.Reporter, h *handlers.Handler, o op) {
	ctxExpr := h.CtxExpr
	if src, ok := c.ctx.At(o.cur); ok && !src.InGoroutine {
		ctxExpr = src.Expr
	}
	doneCase := "a case on the request context's Done()"
	if ctxExpr != "" {
		doneCase = "a case <-" + ctxExpr + ".Done()"
	}
	const why = "blocks without the request's context and keeps waiting after the client has gone"
	switch o.kind {
	case opCall:
		reason, ok := c.reasonOf(o.callee)
		if !ok {
			return
		}
		fix := "pass the request's context down and wait in a select with a case on its Done()"
		if ctxExpr != "" {
			fix = "pass " + ctxExpr + " down and wait in a select with a case on its Done()"
		}
		if arg := c.passedContext(o.node); arg != "" {
			fix = "it is given " + arg + " but does not watch it there: wait in a select with a case on its Done()"
		}
		r.Report(o.node, fmt.Sprintf("call to %s blocks without the request's context: %s at %s; %s",
			typesx.ShortName(o.callee), strings.Join(reason.Chain, " -> "), reason.Where, fix))
	case opBlocking:
		fix := "wait in a select with " + doneCase + " instead"
		if o.label == "time.Sleep" {
			fix = "wait in a select on a time.Timer's channel and " + doneCase + " instead"
		}
		r.Report(o.node, fmt.Sprintf("%s in handler %s %s: %s", o.label, h.Name, why, fix))
	case opTimer:
		switch o.node.(type) {
		case *ast.SelectStmt:
			r.Report(o.node, fmt.Sprintf("select on timers only in handler %s %s: add %s", h.Name, why, doneCase))
			return
		case *ast.RangeStmt:
			r.Report(o.node, fmt.Sprintf("%s in handler %s %s: receive in a loop around a select with %s", o.label, h.Name, why, doneCase))
			return
		}
		r.Report(o.node, fmt.Sprintf("%s in handler %s %s: receive from it in a select with %s", o.label, h.Name, why, doneCase))
	case opRecv:
		r.Report(o.node, fmt.Sprintf("%s in handler %s %s: receive in a select with %s", o.label, h.Name, why, doneCase))
	case opSend:
		r.Report(o.node, fmt.Sprintf("%s in handler %s %s: send in a select with %s", o.label, h.Name, why, doneCase))
	case opRange:
		r.Report(o.node, fmt.Sprintf("%s in handler %s %s: receive in a loop around a select with %s", o.label, h.Name, why, doneCase))
	case opSelect:
		r.Report(o.node, fmt.Sprintf("select in handler %s has no default and no case for the request's cancellation, so it keeps waiting after the client has gone: add %s", h.Name, doneCase))
	}
}
