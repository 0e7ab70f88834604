package unboundedgo

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/build"
	"go/format"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
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
	Name:      "unboundedgo",
	Doc:       analysisdoc.MustExtract(doc, "unboundedgo"),
	URL:       "https://github.com/conclint/conclint/blob/main/docs/unboundedgo.md",
	Run:       run,
	Requires:  []*analysis.Analyzer{inspect.Analyzer, handlers.Analyzer, ctxscope.Analyzer},
	FactTypes: []analysis.Fact{(*spawnsFact)(nil), (*spawnersFact)(nil)},
}

var (
	opts        report.Options
	acceptLoops bool
)

func init() {
	opts.Register(&Analyzer.Flags)
	Analyzer.Flags.BoolVar(&acceptLoops, "accept-loops", false,
		"also report accept loops that start a goroutine per connection on a listener not wrapped with netutil.LimitListener")
}

// spawnsFact marks a function that, on every call, starts a goroutine it
// neither waits for nor bounds. Module is the module (or, without module
// information, the first import path element) of the function's package:
// facts are only followed within one module, because libraries start
// goroutines tied to their own objects' lifetimes (connection read loops,
// timers) that a caller cannot and need not bound.
type spawnsFact struct {
	Chain  []string
	Where  string
	Module string
}

func (*spawnsFact) AFact() {}

func (f *spawnsFact) String() string { return "spawns(" + strings.Join(f.Chain, " -> ") + ")" }

// spawnersFact marks a package with spawnsFacts, so that the through-call
// analysis skips packages that neither start goroutines nor import such a
// package: their functions can have no spawnsFact.
type spawnersFact struct{}

func (*spawnersFact) AFact()         {}
func (*spawnersFact) String() string { return "has functions that spawn" }

// maxChain bounds the through-call analysis: a handler's helper, or a
// helper of a helper, that starts a goroutine ("notify.Send -> go
// notify.deliver") is the work of the handler; a go statement ten calls
// deep behind conditions is a subsystem's own business, not the handler's.
const maxChain = 3

const remedies = "a buffered-channel semaphore, errgroup.Group.SetLimit, golang.org/x/sync/semaphore or a fixed pool of workers fed by a channel"

func run(pass *analysis.Pass) (any, error) {
	if inGOROOT(pass) {
		return nil, nil // the standard library's goroutines are its own business
	}
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	r := report.New(pass, opts)
	defer r.Finish()
	c := &checker{
		pass:   pass,
		in:     in,
		ix:     pass.ResultOf[handlers.Analyzer].(*handlers.Index),
		ctx:    pass.ResultOf[ctxscope.Analyzer].(*ctxscope.Info),
		r:      r,
		module: moduleKey(pass),
		direct: make(map[*types.Func]*summary.Reason),
	}

	for cur := range in.Root().Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		sp := c.spawnAt(cur)
		if sp == nil {
			continue
		}
		c.check(sp)
	}
	if len(c.direct) > 0 || importsSpawners(pass) {
		c.throughCalls()
	}
	return nil, nil
}

// importsSpawners reports whether a package the package imports has
// functions with a spawnsFact.
func importsSpawners(pass *analysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		if pass.ImportPackageFact(imp, new(spawnersFact)) {
			return true
		}
	}
	return false
}

// inGOROOT reports whether the package is part of the standard library.
func inGOROOT(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 || build.Default.GOROOT == "" {
		return false
	}
	f := pass.Fset.File(pass.Files[0].FileStart)
	if f == nil {
		return false
	}
	root := filepath.Join(build.Default.GOROOT, "src") + string(filepath.Separator)
	return strings.HasPrefix(f.Name(), root)
}

// moduleKey names the package's module for spawnsFact.Module.
func moduleKey(pass *analysis.Pass) string {
	if pass.Module != nil && pass.Module.Path != "" {
		return pass.Module.Path
	}
	first, _, _ := strings.Cut(pass.Pkg.Path(), "/")
	return first
}

type checker struct {
	pass   *analysis.Pass
	in     *inspector.Inspector
	ix     *handlers.Index
	ctx    *ctxscope.Info
	r      *report.Reporter
	module string
	defs   map[types.Object][]ast.Expr // built on demand by defsOf
	// direct holds, for functions declared in the package, the first go
	// statement that outlives the call (the property summarised).
	direct map[*types.Func]*summary.Reason
	decls  map[*types.Func]*ast.FuncDecl  // built on demand by declBody
	acq    map[*types.Func]summary.Reason // built on demand by acquirers
	// helpers holds the unexported functions' parameters that callers pass
	// input to; built on demand by helperParams.
	helpers map[types.Object]bool
}

// A spawn is one place that starts a goroutine.
type spawn struct {
	cur  inspector.Cursor
	node ast.Node      // *ast.GoStmt, or the *ast.CallExpr of a spawner method
	call *ast.CallExpr // the go statement's call, or the spawner call
	lit  *ast.FuncLit  // the goroutine's function literal, if any
	// spawner is the knowledge entry of a spawner method; nil for go statements.
	spawner *knowledge.Spawner
	recv    ast.Expr // the spawner's receiver (g in g.Go)
	// mentions holds the variables and field paths the goroutine refers to.
	mentions map[key]bool
}

// name is how messages call the spawn: "go statement", "g.Go".
func (sp *spawn) name() string {
	if sp.spawner == nil {
		return "go statement"
	}
	return short(sp.recv) + "." + sp.spawner.Method
}

func (c *checker) spawnAt(cur inspector.Cursor) *spawn {
	sp := &spawn{cur: cur, node: cur.Node()}
	switch n := cur.Node().(type) {
	case *ast.GoStmt:
		sp.call = n.Call
		sp.lit, _ = ast.Unparen(n.Call.Fun).(*ast.FuncLit)
	case *ast.CallExpr:
		sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
		if !ok || !spawnerMethods[sel.Sel.Name] {
			return nil // cheap test first: most calls are not spawner methods
		}
		fn := typesx.Callee(c.pass.TypesInfo, n)
		if fn == nil {
			return nil
		}
		sp.spawner = spawnerOf(fn)
		if sp.spawner == nil {
			return nil
		}
		sp.call, sp.recv = n, sel.X
		if len(n.Args) == 1 {
			sp.lit, _ = ast.Unparen(n.Args[0]).(*ast.FuncLit)
		}
	default:
		return nil
	}
	sp.mentions = c.mentions(sp.call)
	return sp
}

// acquireNames holds the bare names of knowledge.SemaphoreAcquireFuncs.
var acquireNames = typesx.NamesOf(knowledge.SemaphoreAcquireFuncs)

// spawnerMethods holds the method names of knowledge.Spawners.
var spawnerMethods = func() map[string]bool {
	m := make(map[string]bool)
	for _, s := range knowledge.Spawners {
		m[s.Method] = true
	}
	return m
}()

// spawnerOf returns fn's entry in knowledge.Spawners, or nil.
func spawnerOf(fn *types.Func) *knowledge.Spawner {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return nil
	}
	for i := range knowledge.Spawners {
		s := &knowledge.Spawners[i]
		if s.Method == fn.Name() && s.Type == named.Obj().Name() && s.Path == named.Obj().Pkg().Path() {
			return s
		}
	}
	return nil
}

// defsOf returns what is assigned to o in the package (collectDefs),
// collecting the package's assignments on first use: most packages start
// no goroutine in a loop and never need them.
func (c *checker) defsOf(o types.Object) []ast.Expr {
	if c.defs == nil {
		c.defs = collectDefs(c.pass, c.in)
	}
	return c.defs[o]
}

// A key names a variable or a path of fields from one (s.sem, sems[]).
type key struct {
	obj  types.Object
	path string
}

func (c *checker) keyOf(e ast.Expr) (key, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := c.pass.TypesInfo.ObjectOf(e).(*types.Var); ok {
			return key{obj: v}, true
		}
	case *ast.SelectorExpr:
		if sel := c.pass.TypesInfo.Selections[e]; sel != nil {
			if sel.Kind() != types.FieldVal {
				return key{}, false
			}
			k, ok := c.keyOf(e.X)
			if !ok {
				return key{}, false
			}
			k.path += "." + e.Sel.Name
			return k, true
		}
		if v, ok := c.pass.TypesInfo.Uses[e.Sel].(*types.Var); ok {
			return key{obj: v}, true // pkg.Var
		}
	case *ast.StarExpr:
		return c.keyOf(e.X)
	case *ast.IndexExpr:
		k, ok := c.keyOf(e.X)
		if ok {
			k.path += "[]"
		}
		return k, ok
	}
	return key{}, false
}

// mentions collects the keys of every variable and field path in n.
func (c *checker) mentions(n ast.Node) map[key]bool {
	m := make(map[key]bool)
	ast.Inspect(n, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			switch e.(type) {
			case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr:
				if k, ok := c.keyOf(e); ok {
					m[k] = true
				}
			}
		}
		return true
	})
	return m
}

func (c *checker) mentioned(sp *spawn, e ast.Expr) bool {
	k, ok := c.keyOf(e)
	return ok && sp.mentions[k]
}

// check decides whether a spawn is bounded, and reports it when it is not.
//
// A spawn is judged, in order:
//  1. bounded by a semaphore taken in the goroutine (or by a function of the
//     package it calls), by the limit of its group (errgroup SetLimit, conc
//     WithMaxGoroutines), by a single-flight guard, or opted into by a
//     sequential alternative;
//  2. for each enclosing loop of its function that it repeats in (not one
//     it leaves right after: go f(); return), innermost first: bounded when
//     the iteration waits for its goroutines (a Wait, a receive from a
//     channel the goroutine mentions), is paced by a timer or a throttle,
//     or acquires a semaphore before the spawn;
//  3. reported when an enclosing loop's trip count depends on input (see
//     classify and input), unless the goroutine is long-lived or the loop
//     is an accept loop (-accept-loops);
//  4. otherwise, when its function does not wait for it afterwards, it
//     outlives the call: reported if the function is a request handler,
//     summarised for the through-call analysis if it is a declared function.
func (c *checker) check(sp *spawn) {
	fn := enclosingFunc(sp.cur)
	if !fn.Valid() {
		return // package-level: var x = func() { go ... } is only reached through a call
	}
	if c.boundedInside(sp) || c.groupLimited(sp) || c.singleFlight(sp) || c.optIn(sp) {
		return
	}
	loops := enclosingLoops(sp)
	loops = loops[exits(sp, loops):]
	for _, l := range loops {
		if c.waitsOrAcquires(l, sp, true) {
			return
		}
	}
	longLived := -1 // unknown yet
	for _, l := range loops {
		li := c.classify(l, sp)
		switch li.class {
		case unbounded:
			if li.source != nil && !c.input(li.source, l) {
				continue // configuration or the function's own data, not input
			}
			if !li.collection && !carriesIteration(sp, l) {
				// for { <-reload; go refresh() }: the same work on each
				// event, not one goroutine per item of input.
				continue
			}
			// One long-lived goroutine per element or per event: starting a
			// service's components, or a session per key or stream, which
			// is bounded like an accept loop's connections are.
			if longLived < 0 {
				longLived = 0
				if c.longLived(sp) {
					longLived = 1
				}
			}
			if longLived == 1 {
				continue
			}
			c.reportLoop(sp, li)
			return
		case acceptLoop:
			if acceptLoops && !c.limitedListener(li.listener) {
				c.r.Report(c.at(sp), fmt.Sprintf("%s in %s starts one goroutine per connection with no limit, so a flood of connections exhausts memory and file descriptors: wrap the listener with netutil.LimitListener or bound the handlers with a buffered-channel semaphore", sp.name(), li.desc))
			}
			return
		}
	}
	// Not in an input-driven loop: does the goroutine outlive the call?
	if c.waitsOrAcquires(fn, sp, false) {
		return
	}
	if sp.spawner != nil && sp.spawner.LimitMethods != nil {
		return // a group that outlives the call is waited for by its owner
	}
	if h := c.handlerOf(sp.cur); h != nil {
		if hc, ok := c.cursorOf(h.Node); ok && hc != fn && c.waitsOrAcquires(hc, sp, false) {
			return
		}
		if c.requestScoped(sp) {
			return
		}
		if c.takesOverConn(h) {
			if acceptLoops {
				c.r.Report(c.at(sp), fmt.Sprintf("%s in handler %s, which takes over its connection, starts goroutines per connection with no limit, so a flood of connections exhausts memory: limit connections with netutil.LimitListener on the server's listener", sp.name(), h.Name))
			}
			return
		}
		c.r.Report(c.at(sp), fmt.Sprintf("%s in handler %s starts a goroutine per request that nothing waits for or bounds, so under load goroutines pile up with traffic: hand the work to a fixed pool of workers fed by a channel, or bound it with a buffered-channel semaphore or golang.org/x/sync/semaphore", sp.name(), h.Name))
		return
	}
	if decl, ok := fn.Node().(*ast.FuncDecl); ok && sp.spawner == nil {
		obj, _ := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if obj != nil && c.direct[obj] == nil {
			c.direct[obj] = &summary.Reason{Chain: []string{"go " + goTarget(sp.call)}, Where: c.where(sp.node.Pos())}
		}
	}
}

// at is the range reported for a spawn: the go keyword and the called
// function, or the spawner call's selector.
func (c *checker) at(sp *spawn) analysis.Range {
	if g, ok := sp.node.(*ast.GoStmt); ok {
		end := g.Call.Fun.End()
		if sp.lit != nil {
			end = sp.lit.Type.End()
		}
		return rng{g.Go, end}
	}
	return rng{sp.call.Pos(), sp.call.Fun.End()}
}

type rng struct{ pos, end token.Pos }

func (r rng) Pos() token.Pos { return r.pos }
func (r rng) End() token.Pos { return r.end }

func (c *checker) where(pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// goTarget names what a go statement runs, for chains.
func goTarget(call *ast.CallExpr) string {
	if _, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return "func literal"
	}
	return short(call.Fun)
}

func (c *checker) reportLoop(sp *spawn, li loopInfo) {
	var msg string
	switch {
	case sp.spawner != nil && len(sp.spawner.LimitMethods) > 0:
		limit := sp.spawner.LimitMethods[0]
		msg = fmt.Sprintf("%s in %s starts one goroutine per %s and %s has no limit, so goroutines and downstream load grow with the input: call %s.%s(n) on it before the loop",
			sp.name(), li.desc, li.unit, short(sp.recv), short(sp.recv), limit)
		if limit == "WithMaxGoroutines" {
			msg = fmt.Sprintf("%s in %s starts one goroutine per %s and pool %s has no limit, so goroutines and downstream load grow with the input: build it with WithMaxGoroutines(n)",
				sp.name(), li.desc, li.unit, short(sp.recv))
		}
	default:
		msg = fmt.Sprintf("%s in %s starts one goroutine per %s with nothing bounding how many run at once, so goroutines and downstream load grow with the input: bound it with %s",
			sp.name(), li.desc, li.unit, remedies)
	}
	c.r.Report(c.at(sp), msg)
}

// enclosingFunc returns the innermost function declaration or literal
// containing the spawn (not the goroutine's own literal).
func enclosingFunc(cur inspector.Cursor) inspector.Cursor {
	for f := range cur.Parent().Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return f
	}
	return inspector.Cursor{}
}

// enclosingLoops returns the loops of the spawn's function whose body
// contains it, innermost first.
func enclosingLoops(sp *spawn) []inspector.Cursor {
	var loops []inspector.Cursor
	for cur := range sp.cur.Parent().Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var body *ast.BlockStmt
		switch n := cur.Node().(type) {
		case *ast.ForStmt:
			body = n.Body
		case *ast.RangeStmt:
			body = n.Body
		default:
			return loops
		}
		if body.Pos() <= sp.node.Pos() && sp.node.End() <= body.End() {
			loops = append(loops, cur)
		}
	}
	return loops
}

func (c *checker) cursorOf(n ast.Node) (inspector.Cursor, bool) {
	return c.in.Root().FindNode(n)
}

// handlerOf returns the request handler the spawn or call at cur runs in on
// every request, or nil. Code inside sync.Once.Do and its siblings runs once,
// not per request.
func (c *checker) handlerOf(cur inspector.Cursor) *handlers.Handler {
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if c.ix.Of(f.Node()) != nil {
			break
		}
		if _, ok := f.Node().(*ast.FuncLit); !ok {
			break
		}
		if call, ok := f.Parent().Node().(*ast.CallExpr); ok {
			if _, once := knowledge.OnceFuncs[typesx.CallName(c.pass.TypesInfo, call)]; once {
				return nil
			}
		}
	}
	return c.ix.Enclosing(cur)
}

// boundedInside reports whether the goroutine bounds its own work: it
// acquires a semaphore (sem <- token ... <-sem, or an Acquire call), itself
// or through a function of the package it calls (a client whose requests
// take a slot). The goroutines still exist, but they wait cheaply and the
// work they do downstream is bounded.
func (c *checker) boundedInside(sp *spawn) bool {
	if sp.lit == nil {
		fn := typesx.StaticCallee(c.pass.TypesInfo, sp.call)
		_, ok := c.acquirers()[fn]
		return fn != nil && ok
	}
	if c.acquiresIn(sp.lit.Body) {
		return true
	}
	found := false
	ast.Inspect(sp.lit.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn := typesx.StaticCallee(c.pass.TypesInfo, call); fn != nil {
				_, found = c.acquirers()[fn]
			}
		}
		return !found
	})
	return found
}

// isTokenChan reports whether the channel named by k carries no data worth
// receiving (chan struct{}, chan bool, chan int...): a value sent and then
// received back inside one goroutine is a semaphore token, whereas a channel
// of results is not.
func (c *checker) isTokenChan(k key) bool {
	t := k.obj.Type()
	if k.path != "" {
		return true // a field path: we cannot cheaply type it; the send/receive pair is telling enough
	}
	ch, ok := t.Underlying().(*types.Chan)
	if !ok {
		return false
	}
	switch e := ch.Elem().Underlying().(type) {
	case *types.Struct:
		return e.NumFields() == 0
	case *types.Basic:
		return true
	}
	return false
}

// isAcquire reports whether call acquires a semaphore slot.
func (c *checker) isAcquire(call *ast.CallExpr) bool {
	fn := typesx.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	if _, ok := knowledge.SemaphoreAcquireFuncs[acquireNames.FullName(fn)]; ok {
		return true
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		_, ok := knowledge.SemaphoreAcquireNames[fn.Name()]
		return ok
	}
	return false
}

// groupLimited reports whether a group spawner's group may be bounded: its
// limit method is called on it in the function (or in the expression that
// builds it), or it is not a local variable built in the function, in
// which case its owner may have bounded it and we stay quiet.
func (c *checker) groupLimited(sp *spawn) bool {
	if sp.spawner == nil || len(sp.spawner.LimitMethods) == 0 {
		return false
	}
	k, ok := c.keyOf(sp.recv)
	if !ok || k.path != "" {
		return true
	}
	outer := outermostFunc(sp.cur)
	body := funcBody(outer.Node())
	if body == nil || k.obj.Pos() < body.Pos() || k.obj.Pos() >= body.End() {
		return true // a parameter, field or package variable: bounded by its owner, perhaps
	}
	isLimit := func(call *ast.CallExpr) bool {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		for _, m := range sp.spawner.LimitMethods {
			if sel.Sel.Name == m {
				return true
			}
		}
		return false
	}
	// Every definition must be a fresh group built without a limit.
	for _, rhs := range c.defsOf(k.obj) {
		if rhs == nil {
			return true
		}
		if rhs == zeroValue {
			continue
		}
		limited, fresh := false, false
		ast.Inspect(rhs, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if isLimit(call) {
					limited = true
				}
				if fn := typesx.Callee(c.pass.TypesInfo, call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == sp.spawner.Path {
					fresh = true
				}
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "new" {
					fresh = true
				}
			}
			if _, ok := n.(*ast.CompositeLit); ok {
				fresh = true
			}
			return true
		})
		if limited || !fresh {
			return true
		}
	}
	limited := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && isLimit(call) {
			sel := ast.Unparen(call.Fun).(*ast.SelectorExpr) // isLimit checked it
			if k2, ok := c.keyOf(sel.X); ok && k2 == k {
				limited = true
			}
		}
		return !limited
	})
	return limited
}

// outermostFunc returns the top-level function declaration or literal
// enclosing cur.
func outermostFunc(cur inspector.Cursor) inspector.Cursor {
	var last inspector.Cursor
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		last = f
	}
	return last
}

func funcBody(n ast.Node) *ast.BlockStmt {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return n.Body
	case *ast.FuncLit:
		return n.Body
	}
	return nil
}

// waitsOrAcquires reports whether scope (a loop, or the spawn's function)
// bounds the spawn. In a loop body, anywhere in the iteration:
//
//   - a Wait call on a WaitGroup-like value, or on something the goroutine
//     mentions (the iteration waits for its goroutines);
//   - a blocking receive from, or range over, a channel the goroutine
//     mentions (go f(done); <-done);
//   - time.Sleep, or a receive from a timer channel (spawning is paced by
//     the clock, not driven by input);
//
// and before the spawn: a send into a channel the goroutine mentions or of
// tokens (sem <- struct{}{}), or an Acquire call. In a function (inLoop
// false) the waits must come after the spawn, or be deferred, and timers do
// not count.
func (c *checker) waitsOrAcquires(scope inspector.Cursor, sp *spawn, inLoop bool) bool {
	var body *ast.BlockStmt
	switch n := scope.Node().(type) {
	case *ast.ForStmt:
		body = n.Body
	case *ast.RangeStmt:
		body = n.Body
	case *ast.FuncDecl:
		body = n.Body
	case *ast.FuncLit:
		body = n.Body
	}
	if body == nil {
		return false
	}
	bodyCur, ok := scope.FindNode(body)
	if !ok {
		return false
	}
	spawnPos := sp.node.Pos()
	found := false
	bodyCur.Inspect(nil, func(cur inspector.Cursor) bool {
		if found {
			return false
		}
		n := cur.Node()
		if n == sp.node {
			return false
		}
		if lit, ok := n.(*ast.FuncLit); ok && !deferred(cur, lit) {
			return false
		}
		pos := n.Pos()
		waitOK := inLoop || pos > sp.node.End() || inDefer(cur)
		switch n := n.(type) {
		case *ast.CallExpr:
			if waitOK && c.isWait(n, sp) {
				found = true
			}
			if inLoop {
				if _, ok := knowledge.PacingFuncs[typesx.CallName(c.pass.TypesInfo, n)]; ok {
					found = true
				}
			}
			if pos < spawnPos && c.isAcquire(n) {
				found = true
			}
		case *ast.UnaryExpr:
			if n.Op != token.ARROW {
				break
			}
			// A receive whose value is discarded, before the spawn, is a
			// throttle or a token: <-limiter.C; go fetch(x).
			throttle := inLoop && pos < spawnPos && isExprStmt(cur)
			if !(waitOK && c.mentioned(sp, n.X) || inLoop && c.isTimerChan(n.X) || throttle) {
				break
			}
			if sel := commSelect(cur); sel != nil && !c.pureWait(sel, sp) {
				break // one case of an event loop's select: it need not wait for this one
			}
			found = true
		case *ast.RangeStmt:
			if waitOK && c.isChan(n.X) && c.mentioned(sp, n.X) {
				found = true
			}
		case *ast.SendStmt:
			if pos < spawnPos && (c.mentioned(sp, n.Chan) || c.isEmptyStructChan(n.Chan)) {
				found = true
			}
		}
		return !found
	})
	return found
}

// deferred reports whether the literal at cur is deferred (defer func() {...}()).
func deferred(cur inspector.Cursor, lit *ast.FuncLit) bool {
	call, ok := cur.Parent().Node().(*ast.CallExpr)
	if !ok || call.Fun != lit {
		return false
	}
	_, ok = cur.Parent().Parent().Node().(*ast.DeferStmt)
	return ok
}

// inDefer reports whether the node at cur runs at function exit: it is a
// deferred call, or inside a deferred literal.
func inDefer(cur inspector.Cursor) bool {
	for e := range cur.Enclosing((*ast.DeferStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch e.Node().(type) {
		case *ast.DeferStmt:
			return true
		case *ast.FuncDecl:
			return false
		case *ast.FuncLit:
			if !deferred(e, e.Node().(*ast.FuncLit)) {
				return false
			}
		}
	}
	return false
}

// commSelect returns the select statement of which the receive at cur is a
// case's communication, or nil.
func commSelect(cur inspector.Cursor) *ast.SelectStmt {
	for e := range cur.Enclosing((*ast.CommClause)(nil), (*ast.BlockStmt)(nil), (*ast.FuncLit)(nil)) {
		cc, ok := e.Node().(*ast.CommClause)
		if !ok || cc.Comm == nil || cc.Comm.Pos() > cur.Node().Pos() || cur.Node().End() > cc.Comm.End() {
			return nil // not in a case's communication
		}
		sel, _ := e.Parent().Parent().Node().(*ast.SelectStmt)
		return sel
	}
	return nil
}

// pureWait reports whether a select only waits: it has no default, and each
// case receives from a channel the goroutine mentions, from a timer or from
// a Done() channel, or stops the loop (return, break). A select that also
// serves other channels is an event loop's, and one of its cases
// receiving from the goroutine's channel does not make every iteration wait.
func (c *checker) pureWait(sel *ast.SelectStmt, sp *spawn) bool {
	for _, s := range sel.Body.List {
		cc, ok := s.(*ast.CommClause)
		if !ok || cc.Comm == nil {
			return false
		}
		ch := recvChan(cc.Comm)
		switch {
		case ch != nil && (c.mentioned(sp, ch) || c.isTimerChan(ch) || isDoneCall(ch)):
		case stops(cc.Body):
		default:
			return false
		}
	}
	return true
}

// recvChan returns the channel a select case receives from, or nil.
func recvChan(comm ast.Stmt) ast.Expr {
	var x ast.Expr
	switch s := comm.(type) {
	case *ast.ExprStmt:
		x = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			x = s.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(x).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u.X
	}
	return nil
}

// isDoneCall reports whether e is a call x.Done() (a context's, a quit signal's).
func isDoneCall(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Done"
}

// stops reports whether a case body leaves the loop or function.
func stops(body []ast.Stmt) bool {
	for _, s := range body {
		switch s := s.(type) {
		case *ast.ReturnStmt:
			return true
		case *ast.BranchStmt:
			if s.Tok == token.BREAK || s.Tok == token.GOTO {
				return true
			}
		}
	}
	return false
}

// isWait reports whether call waits for goroutines the spawn belongs to.
func (c *checker) isWait(call *ast.CallExpr, sp *spawn) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if _, ok := knowledge.WaitMethodNames[sel.Sel.Name]; !ok {
		return false
	}
	if c.mentioned(sp, sel.X) {
		return true
	}
	if sp.recv != nil {
		if k1, ok := c.keyOf(sp.recv); ok {
			if k2, ok := c.keyOf(sel.X); ok && k1 == k2 {
				return true
			}
		}
	}
	t := c.pass.TypesInfo.TypeOf(sel.X)
	for _, wt := range knowledge.WaitTypes {
		if typesx.IsNamedOrPointer(t, wt[0], wt[1]) {
			return true
		}
	}
	return false
}

func (c *checker) isChan(e ast.Expr) bool {
	t := c.pass.TypesInfo.TypeOf(e)
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

func (c *checker) isEmptyStructChan(e ast.Expr) bool {
	t := c.pass.TypesInfo.TypeOf(e)
	if t == nil {
		return false
	}
	ch, ok := t.Underlying().(*types.Chan)
	if !ok {
		return false
	}
	s, ok := ch.Elem().Underlying().(*types.Struct)
	return ok && s.NumFields() == 0
}

// isTimerChan reports whether e is a channel that delivers on a clock:
// time.After(d), time.Tick(d), t.C of a *time.Ticker or *time.Timer.
func (c *checker) isTimerChan(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		_, ok := knowledge.TimerChanFuncs[typesx.CallName(c.pass.TypesInfo, e)]
		return ok
	case *ast.SelectorExpr:
		if e.Sel.Name != "C" {
			return false
		}
		t := c.pass.TypesInfo.TypeOf(e.X)
		for _, tt := range knowledge.TimerTypes {
			if typesx.IsNamedOrPointer(t, tt[0], tt[1]) {
				return true
			}
		}
	case *ast.Ident:
		// A local holding a timer's channel: tc = t.C (or nil, to disable the case).
		v, ok := c.pass.TypesInfo.ObjectOf(e).(*types.Var)
		if !ok || v.IsField() {
			return false
		}
		timer := false
		for _, rhs := range c.defsOf(v) {
			switch {
			case rhs == zeroValue || isNil(c.pass, rhs):
			case rhs != nil && !isIdent(rhs) && c.isTimerChan(rhs):
				timer = true
			default:
				return false
			}
		}
		return timer
	}
	return false
}

func isIdent(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.Ident)
	return ok
}

func isNil(pass *analysis.Pass, e ast.Expr) bool {
	tv, ok := pass.TypesInfo.Types[e]
	return ok && tv.IsNil()
}

// limitedListener reports whether the listener of an accept loop is
// assigned from netutil.LimitListener.
func (c *checker) limitedListener(l ast.Expr) bool {
	k, ok := c.keyOf(l)
	if !ok {
		return false
	}
	for _, rhs := range c.defsOf(k.obj) {
		if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok && k.path == "" {
			if _, ok := knowledge.LimitListenerFuncs[typesx.CallName(c.pass.TypesInfo, call)]; ok {
				return true
			}
		}
	}
	return false
}

// throughCalls finds the functions that start a goroutine outliving the
// call, directly or through the functions they call (summary.Solve), exports
// them as facts, and reports the calls to them from request handlers.
// Handlers are left out of the summary: their own go statements are
// reported where they are.
func (c *checker) throughCalls() {
	var funcs []*summary.Func
	for cur := range c.in.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		obj, _ := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if obj == nil || decl.Body == nil || c.ix.Of(decl) != nil || returnsHandle(obj) {
			continue
		}
		f := &summary.Func{Obj: obj, Direct: c.direct[obj]}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // not run by the call itself
			case *ast.GoStmt:
				// The goroutine's call is not made by this function; its
				// arguments are.
				for _, arg := range n.Call.Args {
					ast.Inspect(arg, func(m ast.Node) bool { return c.addCall(f, m) })
				}
				return false
			}
			return c.addCall(f, n)
		})
		funcs = append(funcs, f)
	}
	res := summary.Solve(funcs, c.imported, typesx.ShortName)
	for fn, reason := range res {
		if len(reason.Chain) > maxChain {
			delete(res, fn)
		}
	}
	for _, fn := range summary.Sorted(res) {
		reason := res[fn]
		c.pass.ExportObjectFact(fn, &spawnsFact{Chain: reason.Chain, Where: reason.Where, Module: c.module})
	}
	if len(res) > 0 {
		c.pass.ExportPackageFact(new(spawnersFact))
	}
	if len(c.ix.Handlers) == 0 {
		return // no handler to report calls in
	}
	for cur := range c.in.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if _, ok := cur.Parent().Node().(*ast.GoStmt); ok {
			continue
		}
		callee := typesx.StaticCallee(c.pass.TypesInfo, call)
		if callee == nil {
			continue
		}
		reason, ok := res[callee]
		if !ok {
			reason, ok = c.imported(callee)
		}
		if !ok {
			continue
		}
		h := c.handlerOf(cur)
		if h == nil || c.takesOverConn(h) {
			continue
		}
		c.r.Report(rng{call.Pos(), call.Fun.End()}, fmt.Sprintf("call to %s in handler %s starts a goroutine per request that nothing waits for or bounds (%s at %s), so under load goroutines pile up with traffic: hand the work to a fixed pool of workers fed by a channel, or bound it with a buffered-channel semaphore",
			typesx.ShortName(callee), h.Name, strings.Join(reason.Chain, " -> "), reason.Where))
	}
}

// addCall records n in f's calls when it is a call to a static callee,
// and tells ast.Inspect whether to go on: not into function literals.
func (c *checker) addCall(f *summary.Func, n ast.Node) bool {
	switch n := n.(type) {
	case *ast.FuncLit:
		return false
	case *ast.CallExpr:
		if callee := typesx.StaticCallee(c.pass.TypesInfo, n); callee != nil {
			f.Calls = append(f.Calls, summary.Call{Callee: callee, Pos: n.Pos()})
		}
	}
	return true
}

// returnsHandle reports whether fn returns something its caller can wait
// on (a channel, or a value with a Wait method: a WaitGroup, an errgroup, a
// future): an asynchronous API whose goroutine the caller may well wait for.
func returnsHandle(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for v := range sig.Results().Variables() {
		t := v.Type()
		if _, ok := t.Underlying().(*types.Chan); ok {
			return true
		}
		for name := range knowledge.WaitMethodNames {
			if obj, _, _ := types.LookupFieldOrMethod(t, true, fn.Pkg(), name); obj != nil {
				if _, ok := obj.(*types.Func); ok {
					return true
				}
			}
		}
	}
	return false
}

// imported returns the reason of a function of another package of the same
// module.
func (c *checker) imported(fn *types.Func) (summary.Reason, bool) {
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return summary.Reason{}, false
	}
	var f spawnsFact
	if !c.pass.ImportObjectFact(fn, &f) || f.Module != c.module {
		return summary.Reason{}, false
	}
	return summary.Reason{Chain: f.Chain, Where: f.Where}, true
}

// short renders an expression for messages, abbreviated when long.
func short(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
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
	li := loopInfo{class: unbounded, collection: true, source: n.X, desc: "the range loop over " + short(n.X)}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsInteger != 0:
			if c.count(n.X, 0) != countUnbounded {
				return loopInfo{class: bounded}
			}
			li.desc, li.unit, li.source = "the loop `for range "+short(n.X)+"`", "iteration", c.lengthOf(n.X, 0)
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
		return loopInfo{class: acceptLoop, desc: "the accept loop over " + short(lst), listener: lst}
	}
	if ch := selectCase(sp, l); ch != nil {
		if c.isTimerChan(ch) {
			return loopInfo{class: bounded}
		}
		return loopInfo{class: unbounded, desc: "the select loop receiving from " + short(ch), unit: "value received"}
	}
	if n.Cond == nil {
		return loopInfo{class: unbounded, desc: "the for loop with no condition", unit: "iteration"}
	}
	return loopInfo{class: unbounded, desc: "the loop `" + c.header(n) + "`", unit: "iteration"}
}

// header renders a for loop's header: "for i := 0; i < len(ids); i++".
func (c *checker) header(n *ast.ForStmt) string {
	src := func(n ast.Node) string {
		var b strings.Builder
		if err := format.Node(&b, c.pass.Fset, n); err != nil {
			return "..."
		}
		return b.String()
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

// countingLoop recognises `for i := a; i < b; i++` and its variants: the
// condition compares a loop variable (assigned by the post statement, or
// declared by the init statement) with a bound. The loop is input-driven
// when a bound or a start value is a length.
func (c *checker) countingLoop(n *ast.ForStmt) (countClass, bool) {
	vars := make(map[types.Object]bool)
	switch p := n.Post.(type) {
	case *ast.IncDecStmt:
		if id, ok := ast.Unparen(p.X).(*ast.Ident); ok {
			vars[c.pass.TypesInfo.ObjectOf(id)] = true
		}
	case *ast.AssignStmt:
		for _, lhs := range p.Lhs {
			if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
				vars[c.pass.TypesInfo.ObjectOf(id)] = true
			}
		}
	}
	var starts []ast.Expr
	if as, ok := n.Init.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
		for i, lhs := range as.Lhs {
			if id, ok := lhs.(*ast.Ident); ok {
				obj := c.pass.TypesInfo.ObjectOf(id)
				if n.Post == nil {
					vars[obj] = true
				}
				if vars[obj] {
					starts = append(starts, as.Rhs[i])
				}
			}
		}
	}
	delete(vars, nil)
	isVar := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok || !vars[c.pass.TypesInfo.ObjectOf(id)] {
			return false
		}
		t := c.pass.TypesInfo.TypeOf(id)
		if t == nil {
			return false
		}
		b, ok := t.Underlying().(*types.Basic)
		return ok && b.Info()&types.IsInteger != 0 // not e != nil; e = e.Next()
	}
	// cond classifies a condition; ok is false when it is not a counting one.
	var cond func(e ast.Expr) (countClass, bool)
	cond = func(e ast.Expr) (countClass, bool) {
		b, ok := ast.Unparen(e).(*ast.BinaryExpr)
		if !ok {
			return countUnknown, false
		}
		switch b.Op {
		case token.LAND: // runs while both hold: bounded by either
			x, xok := cond(b.X)
			y, yok := cond(b.Y)
			// A second counter: it.queries < alpha.
			if !xok && c.boundedCmp(b.X) || !yok && c.boundedCmp(b.Y) {
				return countBounded, true
			}
			switch {
			case xok && yok && (x == countBounded || y == countBounded):
				return countBounded, true
			case xok && yok && (x == countUnbounded || y == countUnbounded):
				return countUnbounded, true
			case xok && yok:
				return countUnknown, true
			case xok:
				return x, true
			case yok:
				return y, true
			}
		case token.LSS, token.LEQ, token.GTR, token.GEQ, token.NEQ:
			switch {
			case isVar(b.X):
				return c.count(b.Y, 0), true
			case isVar(b.Y):
				return c.count(b.X, 0), true
			}
		}
		return countUnknown, false
	}
	cls, ok := cond(n.Cond)
	if !ok {
		return countUnknown, false
	}
	// A loop counting down from a length: for i := len(x) - 1; i >= 0; i--.
	for _, e := range starts {
		if c.count(e, 0) == countUnbounded {
			return countUnbounded, true
		}
	}
	return cls, true
}

type countClass int

const (
	countUnknown   countClass = iota // cannot tell: treated as bounded
	countBounded                     // a constant, a worker count, configuration
	countUnbounded                   // the length of some data
)

// count classifies an integer expression used as a loop's bound.
func (c *checker) count(e ast.Expr, depth int) countClass {
	if depth > 4 {
		return countUnknown
	}
	e = ast.Unparen(e)
	info := c.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return countBounded
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return c.count(e.Args[0], depth+1) // conversion
		}
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				switch b.Name() {
				case "len", "cap":
					return countUnbounded
				case "min": // bounded by any bounded argument
					all := countUnbounded
					for _, a := range e.Args {
						switch c.count(a, depth+1) {
						case countBounded:
							return countBounded
						case countUnknown:
							all = countUnknown
						}
					}
					return all
				case "max":
					all := countBounded
					for _, a := range e.Args {
						switch c.count(a, depth+1) {
						case countUnbounded:
							return countUnbounded
						case countUnknown:
							all = countUnknown
						}
					}
					return all
				}
				return countUnknown
			}
		}
		fn := typesx.Callee(info, e)
		if fn == nil {
			return countUnknown
		}
		if _, ok := knowledge.WorkerCountFuncs[fn.FullName()]; ok {
			return countBounded
		}
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
			if _, ok := knowledge.DataLengthMethods[fn.Name()]; ok {
				return countUnbounded
			}
		}
		return countUnknown
	case *ast.BinaryExpr:
		x, y := c.count(e.X, depth+1), c.count(e.Y, depth+1)
		switch {
		case x == countUnbounded || y == countUnbounded:
			return countUnbounded
		case x == countBounded && y == countBounded:
			return countBounded
		}
		return countUnknown
	case *ast.UnaryExpr:
		return c.count(e.X, depth+1)
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		if !ok {
			return countUnknown
		}
		return c.countVar(v, depth)
	case *ast.SelectorExpr:
		if v, ok := info.ObjectOf(e.Sel).(*types.Var); ok {
			if v.IsField() {
				return countBounded // configuration: cfg.Workers, s.concurrency
			}
			return c.countVar(v, depth)
		}
	}
	return countUnknown
}

// countVar classifies a variable used as a loop bound by its assignments.
// Parameters and package variables never assigned from a length are
// configuration.
func (c *checker) countVar(v *types.Var, depth int) countClass {
	defs := c.defsOf(v)
	if len(defs) == 0 {
		return countBounded // a parameter or package variable set elsewhere
	}
	all := countBounded
	for _, rhs := range defs {
		switch {
		case rhs == nil:
			all = countUnknown
		case rhs == zeroValue:
		default:
			switch c.count(rhs, depth+1) {
			case countUnbounded:
				return countUnbounded
			case countUnknown:
				all = countUnknown
			}
		}
	}
	return all
}

// fixed reports whether a slice or map has a length fixed in the source: a
// composite literal, or a variable only ever assigned composite literals.
func (c *checker) fixed(e ast.Expr) bool {
	e = ast.Unparen(e)
	if _, ok := e.(*ast.CompositeLit); ok {
		return true
	}
	var obj types.Object
	switch e := e.(type) {
	case *ast.Ident:
		obj = c.pass.TypesInfo.ObjectOf(e)
	case *ast.SelectorExpr:
		if c.pass.TypesInfo.Selections[e] == nil {
			obj = c.pass.TypesInfo.ObjectOf(e.Sel) // pkg.Var
		}
	}
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() {
		return false
	}
	defs := c.defsOf(v)
	if len(defs) == 0 {
		return false
	}
	for _, rhs := range defs {
		if rhs == zeroValue {
			continue
		}
		if _, ok := ast.Unparen(rhs).(*ast.CompositeLit); !ok {
			return false
		}
	}
	return true
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

// zeroValue stands, in defs, for a declaration without a value.
var zeroValue ast.Expr = &ast.BadExpr{}

// collectDefs records, for every variable and field of the package, the
// expressions assigned to it, or their origin: the call of a tuple
// assignment (x, err := f()), the call x's address is passed to
// (json.Unmarshal(data, &x)), the ranged collection for range variables;
// nil for an assignment whose value we cannot see (op-assignment, ++, other
// address taking); zeroValue for `var x T`.
func collectDefs(pass *analysis.Pass, in *inspector.Inspector) map[types.Object][]ast.Expr {
	defs := make(map[types.Object][]ast.Expr)
	info := pass.TypesInfo
	add := func(lhs ast.Expr, rhs ast.Expr) {
		var obj types.Object
		switch l := ast.Unparen(lhs).(type) {
		case *ast.Ident:
			obj = info.ObjectOf(l)
		case *ast.SelectorExpr:
			obj = info.ObjectOf(l.Sel)
		}
		if obj != nil {
			defs[obj] = append(defs[obj], rhs)
		}
	}
	for cur := range in.Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil), (*ast.IncDecStmt)(nil), (*ast.UnaryExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				var rhs ast.Expr
				switch {
				case n.Tok != token.ASSIGN && n.Tok != token.DEFINE:
				case len(n.Lhs) == len(n.Rhs):
					rhs = n.Rhs[i]
				case len(n.Rhs) == 1:
					// g, ctx := errgroup.WithContext(ctx): the value's origin,
					// which is all fixed, count and groupLimited ask about
					// a tuple (none of them takes a call for a literal or a
					// constant).
					rhs = n.Rhs[0]
				}
				add(lhs, rhs)
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				switch {
				case len(n.Values) == 0:
					add(name, zeroValue)
				case len(n.Values) == len(n.Names):
					add(name, n.Values[i])
				default:
					add(name, nil)
				}
			}
		case *ast.RangeStmt:
			// for k, v := range x: x is the variables' origin.
			if n.Key != nil {
				add(n.Key, n.X)
			}
			if n.Value != nil {
				add(n.Value, n.X)
			}
		case *ast.IncDecStmt:
			add(n.X, nil)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				// json.Unmarshal(data, &x): the call is x's origin.
				var origin ast.Expr
				if call, ok := cur.Parent().Node().(*ast.CallExpr); ok && call.Fun != ast.Expr(n) {
					origin = call
				}
				add(n.X, origin)
			}
		}
	}
	return defs
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
// does not repeat in: a go statement followed in its block by return,
// panic, goto or a break out of the loop runs once per execution of that
// loop (go drain(ch); return false).
func exits(sp *spawn, loops []inspector.Cursor) int {
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
	var list []ast.Stmt
	switch p := cur.Parent().Node().(type) {
	case *ast.BlockStmt:
		list = p.List
	case *ast.CaseClause:
		list = p.Body
	case *ast.CommClause:
		list = p.Body
	}
	after := false
	for _, s := range list {
		if s == cur.Node() {
			after = true
			continue
		}
		if !after {
			continue
		}
		switch s := s.(type) {
		case *ast.ReturnStmt:
			return len(loops)
		case *ast.BranchStmt:
			switch s.Tok {
			case token.GOTO:
				return len(loops)
			case token.BREAK:
				if s.Label == nil {
					if breaksSwitch(cur) {
						return 0
					}
					return 1
				}
				for i, l := range loops {
					if ls, ok := l.Parent().Node().(*ast.LabeledStmt); ok && ls.Label.Name == s.Label.Name {
						return i + 1
					}
				}
				return 0
			case token.CONTINUE:
				return 0
			}
		case *ast.ExprStmt:
			if call, ok := s.X.(*ast.CallExpr); ok {
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
					return len(loops)
				}
			}
		}
	}
	return 0
}

// breaksSwitch reports whether an unlabeled break at cur leaves a switch or
// select rather than a loop.
func breaksSwitch(cur inspector.Cursor) bool {
	for e := range cur.Enclosing((*ast.SwitchStmt)(nil), (*ast.TypeSwitchStmt)(nil), (*ast.SelectStmt)(nil), (*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)) {
		switch e.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return false
		default:
			return true
		}
	}
	return false
}

// longLived reports whether the goroutine runs until stopped: its function
// is named like a main loop (knowledge.LongLivedNames), or its body (the
// literal's, or the called function's when declared in this package) has an
// endless loop or a range over a channel, or calls such a function (looking
// one call deep into the package).
func (c *checker) longLived(sp *spawn) bool {
	if sp.lit != nil {
		return c.runsForever(sp.lit.Body, 1)
	}
	fn := typesx.Callee(c.pass.TypesInfo, sp.call)
	if fn == nil {
		return false
	}
	if longLivedName(fn.Name()) {
		return true
	}
	if fn.Pkg() == c.pass.Pkg {
		if body := c.declBody(fn); body != nil {
			return c.runsForever(body, 1)
		}
	}
	return false
}

func (c *checker) runsForever(body *ast.BlockStmt, depth int) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			// An event loop, not a pagination loop (for { page...; if last { break } }).
			if n.Cond == nil && waitsForEvents(n.Body) {
				found = true
			}
		case *ast.RangeStmt:
			if c.isChan(n.X) {
				found = true
			}
		case *ast.CallExpr:
			fn := typesx.Callee(c.pass.TypesInfo, n)
			if fn == nil {
				break
			}
			if longLivedName(fn.Name()) {
				found = true
			} else if depth > 0 && fn.Pkg() == c.pass.Pkg {
				if b := c.declBody(fn); b != nil && b != body {
					found = c.runsForever(b, depth-1)
				}
			}
		}
		return !found
	})
	return found
}

// waitsForEvents reports whether a loop body selects or receives from a
// channel (outside function literals): an event loop.
func waitsForEvents(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			found = true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				found = true
			}
		}
		return !found
	})
	return found
}

func longLivedName(name string) bool {
	name = strings.ToLower(name)
	if _, ok := knowledge.LongLivedNames[name]; ok {
		return true
	}
	for _, s := range knowledge.LongLivedSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	for _, p := range knowledge.LongLivedPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// isExprStmt reports whether the node at cur is a statement of its own
// (its value discarded), not a select case's communication.
func isExprStmt(cur inspector.Cursor) bool {
	_, ok := cur.Parent().Node().(*ast.ExprStmt)
	if !ok {
		return false
	}
	_, comm := cur.Parent().Parent().Node().(*ast.CommClause)
	return !comm
}

// declBody returns the body of a function declared in the package.
func (c *checker) declBody(fn *types.Func) *ast.BlockStmt {
	if c.decls == nil {
		c.decls = make(map[*types.Func]*ast.FuncDecl)
		for cur := range c.in.Root().Preorder((*ast.FuncDecl)(nil)) {
			d := cur.Node().(*ast.FuncDecl)
			if obj, ok := c.pass.TypesInfo.Defs[d.Name].(*types.Func); ok {
				c.decls[obj] = d
			}
		}
	}
	if d := c.decls[fn]; d != nil {
		return d.Body
	}
	return nil
}

// takesOverConn reports whether the handler takes over its connection
// (Hijack, a websocket upgrade): goroutines it starts then serve the
// connection, like an accept loop's.
func (c *checker) takesOverConn(h *handlers.Handler) bool {
	body := funcBody(h.Node)
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		var name string
		switch f := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			name = f.Name
		case *ast.SelectorExpr:
			name = f.Sel.Name
		}
		name = strings.ToLower(name)
		if _, ok := knowledge.ConnTakeoverNames[name]; ok || strings.Contains(name, "upgrade") {
			if name != "accept" || len(call.Args) > 0 && typesx.IsResponseWriter(c.pass.TypesInfo.TypeOf(call.Args[0])) {
				found = true
			}
		}
		return !found
	})
	return found
}

// requestScoped reports whether the goroutine's literal waits on the
// request's (or caller's) context: <-r.Context().Done(), case
// <-ctx.Done(). It ends when the request does, so such goroutines are
// bounded by the requests in flight (a streaming handler's watcher).
func (c *checker) requestScoped(sp *spawn) bool {
	if sp.lit == nil {
		return false
	}
	found := false
	ast.Inspect(sp.lit.Body, func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.ARROW && isDoneCall(u.X) {
			call := ast.Unparen(u.X).(*ast.CallExpr)
			sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if c.ctx.Mentions(c.pass.TypesInfo, sel.X) {
				found = true
			}
		}
		return !found
	})
	return found
}

// input reports whether the collection e, ranged over by loop l, holds data
// that comes into the program rather than configuration or the function's
// own bookkeeping. Input is:
//
//   - a parameter of a function literal, of a request handler, or of an
//     exported function or method (an API boundary; not the receiver,
//     whose fields are the configured components: s.backends, s.shards),
//     and a parameter of an unexported function that a call in the
//     package passes input to;
//   - a local assigned from a call that can fail (x, err := list(ctx)), or
//     decoded into (json.Unmarshal(data, &x));
//   - what is derived from those: fields, elements, slices, method calls on
//     them, calls taking them, append, and locals assigned from them.
//
// Anything else (a receiver field, a package variable, the result of a call
// that cannot fail, such as expandURLs(s.URLs), a helper's parameter no
// caller passes input to) is trusted to be small.
func (c *checker) input(e ast.Expr, l inspector.Cursor) bool {
	return c.inputExpr(e, c.paramsAt(l, c.helperParams()), 0)
}

// paramsAt returns the parameters that hold input at cur: those of the
// enclosing function literals, handlers and exported functions, and the
// helper parameters in extra.
func (c *checker) paramsAt(cur inspector.Cursor, extra map[types.Object]bool) map[types.Object]bool {
	params := make(map[types.Object]bool, len(extra))
	for p := range extra {
		params[p] = true
	}
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var ft *ast.FuncType
		switch n := f.Node().(type) {
		case *ast.FuncDecl:
			if !n.Name.IsExported() && c.ix.Of(n) == nil {
				continue
			}
			ft = n.Type
		case *ast.FuncLit:
			ft = n.Type
		}
		for _, field := range ft.Params.List {
			for _, name := range field.Names {
				if obj := c.pass.TypesInfo.Defs[name]; obj != nil {
					params[obj] = true
				}
			}
		}
	}
	return params
}

// helperParams returns the parameters of the package's unexported
// functions to which some call in the package passes input: a helper
// fanning out over the slice its caller fetched.
func (c *checker) helperParams() map[types.Object]bool {
	if c.helpers != nil {
		return c.helpers
	}
	c.helpers = make(map[types.Object]bool)
	for range 3 { // helpers of helpers
		changed := false
		for cur := range c.in.Root().Preorder((*ast.CallExpr)(nil)) {
			call := cur.Node().(*ast.CallExpr)
			fn := typesx.StaticCallee(c.pass.TypesInfo, call)
			if fn == nil || fn.Pkg() != c.pass.Pkg || fn.Exported() {
				continue
			}
			sig, ok := fn.Type().(*types.Signature)
			if !ok || call.Ellipsis.IsValid() {
				continue
			}
			var callerParams map[types.Object]bool
			for i, arg := range call.Args {
				if i >= sig.Params().Len() || sig.Variadic() && i >= sig.Params().Len()-1 {
					break
				}
				p := sig.Params().At(i)
				if c.helpers[p] || !isCollection(p.Type()) {
					continue
				}
				if callerParams == nil {
					callerParams = c.paramsAt(cur, c.helpers)
				}
				if c.inputExpr(arg, callerParams, 0) {
					c.helpers[p] = true
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	return c.helpers
}

func (c *checker) inputExpr(e ast.Expr, params map[types.Object]bool, depth int) bool {
	if depth > 4 || e == nil {
		return false
	}
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		if !ok || v.IsField() {
			return false
		}
		if params[v] {
			return true
		}
		if v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
			return false // a package variable: configuration
		}
		for _, rhs := range c.defsOf(v) {
			if rhs == nil || rhs == zeroValue {
				continue
			}
			if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok && returnsError(info, call) {
				return true
			}
			if c.inputExpr(rhs, params, depth+1) {
				return true
			}
		}
	case *ast.SelectorExpr:
		if sel := info.Selections[e]; sel != nil {
			return c.inputExpr(e.X, params, depth+1)
		}
	case *ast.IndexExpr:
		return c.inputExpr(e.X, params, depth+1)
	case *ast.SliceExpr:
		return c.inputExpr(e.X, params, depth+1)
	case *ast.StarExpr:
		return c.inputExpr(e.X, params, depth+1)
	case *ast.TypeAssertExpr:
		return c.inputExpr(e.X, params, depth+1)
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() {
			return len(e.Args) == 1 && c.inputExpr(e.Args[0], params, depth+1)
		}
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
			if s := info.Selections[sel]; s != nil && c.inputExpr(sel.X, params, depth+1) {
				return true // req.GetItems(), r.URL.Query()
			}
		}
		isAppend := false
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			b, ok := info.Uses[id].(*types.Builtin)
			isAppend = ok && b.Name() == "append"
		}
		for _, a := range e.Args {
			if (isAppend || isCollection(info.TypeOf(a))) && c.inputExpr(a, params, depth+1) {
				return true // filter(items), append(todo, item)
			}
		}
	}
	return false
}

func isCollection(t types.Type) bool {
	if t == nil {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Slice, *types.Map, *types.Chan, *types.Array, *types.Pointer:
		return true
	}
	return false
}

// returnsError reports whether call's last result is an error: the call
// can fail, as I/O does.
func returnsError(info *types.Info, call *ast.CallExpr) bool {
	t := info.TypeOf(call)
	if tup, ok := t.(*types.Tuple); ok {
		if tup.Len() == 0 {
			return false
		}
		t = tup.At(tup.Len() - 1).Type()
	}
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

// lengthOf returns the collection whose length e depends on (x in len(x),
// l in l.Len(), through local variables), or nil.
func (c *checker) lengthOf(n ast.Node, depth int) ast.Expr {
	if n == nil || depth > 4 {
		return nil
	}
	var found ast.Expr
	ast.Inspect(n, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) == 1 {
				if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
					found = n.Args[0]
					return false
				}
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				if _, ok := knowledge.DataLengthMethods[sel.Sel.Name]; ok && c.pass.TypesInfo.Selections[sel] != nil {
					found = sel.X
					return false
				}
			}
		case *ast.Ident:
			if v, ok := c.pass.TypesInfo.Uses[n].(*types.Var); ok && !v.IsField() {
				for _, rhs := range c.defsOf(v) {
					if rhs != nil && rhs != zeroValue {
						if f := c.lengthOf(rhs, depth+1); f != nil {
							found = f
							return false
						}
					}
				}
			}
		}
		return true
	})
	return found
}

// boundedCmp reports whether e is `x < b` or `x <= b` with b a constant or
// another bound: a second counter in a loop condition (it.queries < alpha).
func (c *checker) boundedCmp(e ast.Expr) bool {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case token.LSS, token.LEQ:
		return c.count(b.Y, 0) == countBounded && c.count(b.X, 0) != countBounded
	case token.GTR, token.GEQ:
		return c.count(b.X, 0) == countBounded && c.count(b.Y, 0) != countBounded
	}
	return false
}

// singleFlight reports whether the spawn is guarded so that at most one
// such goroutine runs: inside `if x == nil { x = ...; go f(x) }`,
// `if !s.running { s.running = true; go s.run() }` or
// `if s.running.CompareAndSwap(false, true) { go s.run() }`.
func (c *checker) singleFlight(sp *spawn) bool {
	for e := range sp.cur.Enclosing((*ast.IfStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil), (*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)) {
		ifs, ok := e.Node().(*ast.IfStmt)
		if !ok {
			return false
		}
		if sp.node.Pos() < ifs.Body.Pos() || sp.node.End() > ifs.Body.End() {
			continue // in the else branch
		}
		if call, ok := ast.Unparen(ifs.Cond).(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "CompareAndSwap" {
				return true
			}
		}
		k, ok := c.guardKey(ifs.Cond)
		if !ok {
			continue
		}
		assigned := false
		ast.Inspect(ifs.Body, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok {
				for _, lhs := range as.Lhs {
					if k2, ok := c.keyOf(lhs); ok && k2 == k {
						assigned = true
					}
				}
			}
			_, lit := n.(*ast.FuncLit)
			return !assigned && !lit
		})
		if assigned {
			return true
		}
	}
	return false
}

// guardKey returns x for a condition `x == nil`, `!x`, `x == false`, `x == 0`.
func (c *checker) guardKey(cond ast.Expr) (key, bool) {
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return c.keyOf(e.X)
		}
	case *ast.BinaryExpr:
		if e.Op != token.EQL {
			break
		}
		zero := func(x ast.Expr) bool {
			tv, ok := c.pass.TypesInfo.Types[x]
			if !ok {
				return false
			}
			if tv.IsNil() {
				return true
			}
			return tv.Value != nil && (tv.Value.String() == "false" || tv.Value.String() == "0")
		}
		if zero(e.Y) {
			return c.keyOf(e.X)
		}
		if zero(e.X) {
			return c.keyOf(e.Y)
		}
	}
	return key{}, false
}

// optIn reports whether the go statement is one branch of a choice whose
// other branch calls the same function synchronously
// (switch mode { case "concurrent": go f(x) case "sequential": f(x) }):
// concurrency the user opted into, with a sequential mode offered for
// large inputs.
func (c *checker) optIn(sp *spawn) bool {
	if _, ok := sp.node.(*ast.GoStmt); !ok || sp.lit != nil {
		return false
	}
	fn := typesx.Callee(c.pass.TypesInfo, sp.call)
	if fn == nil {
		return false
	}
	callsFn := func(nodes ...ast.Node) bool {
		found := false
		for _, n := range nodes {
			ast.Inspect(n, func(n ast.Node) bool {
				if g, ok := n.(*ast.GoStmt); ok && g != nil {
					return false
				}
				if call, ok := n.(*ast.CallExpr); ok && typesx.Callee(c.pass.TypesInfo, call) == fn {
					found = true
				}
				return !found
			})
		}
		return found
	}
	for e := range sp.cur.Enclosing((*ast.CaseClause)(nil), (*ast.IfStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil), (*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)) {
		switch n := e.Node().(type) {
		case *ast.CaseClause:
			sw, ok := e.Parent().Node().(*ast.BlockStmt)
			if !ok {
				return false
			}
			for _, other := range sw.List {
				if other != ast.Stmt(n) && callsFn(other) {
					return true
				}
			}
			return false
		case *ast.IfStmt:
			if n.Else == nil {
				continue
			}
			if sp.node.Pos() >= n.Body.Pos() && sp.node.End() <= n.Body.End() {
				return callsFn(n.Else)
			}
			return callsFn(n.Body)
		default:
			return false
		}
	}
	return false
}

// acquirers returns the functions of the package that acquire a semaphore
// slot (an Acquire call, or a send and a receive on the same channel of
// tokens), directly or through the functions they call.
func (c *checker) acquirers() map[*types.Func]summary.Reason {
	if c.acq != nil {
		return c.acq
	}
	var funcs []*summary.Func
	for cur := range c.in.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		obj, _ := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if obj == nil || decl.Body == nil {
			continue
		}
		f := &summary.Func{Obj: obj}
		if c.acquiresIn(decl.Body) {
			f.Direct = &summary.Reason{Chain: []string{"semaphore"}, Where: c.where(decl.Pos())}
		}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if callee := typesx.StaticCallee(c.pass.TypesInfo, call); callee != nil {
					f.Calls = append(f.Calls, summary.Call{Callee: callee, Pos: call.Pos()})
				}
			}
			return true
		})
		funcs = append(funcs, f)
	}
	none := func(*types.Func) (summary.Reason, bool) { return summary.Reason{}, false }
	c.acq = summary.Solve(funcs, none, typesx.ShortName)
	return c.acq
}

// acquiresIn reports whether n acquires a semaphore slot itself.
func (c *checker) acquiresIn(n ast.Node) bool {
	sent, received := map[key]bool{}, map[key]bool{}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			if k, ok := c.keyOf(n.Chan); ok {
				sent[k] = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				if k, ok := c.keyOf(n.X); ok {
					received[k] = true
				}
			}
		case *ast.CallExpr:
			if c.isAcquire(n) {
				found = true
			}
		}
		return !found
	})
	if found {
		return true
	}
	for k := range sent {
		if received[k] && c.isTokenChan(k) {
			return true
		}
	}
	return false
}
