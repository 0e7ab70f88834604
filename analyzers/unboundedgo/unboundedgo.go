package unboundedgo

import (
	_ "embed"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/analysisdoc"
	"github.com/conclint/conclint/analyzers/internal/ctxscope"
	"github.com/conclint/conclint/analyzers/internal/handlers"
	"github.com/conclint/conclint/analyzers/internal/ioeffect"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/summary"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines started in numbers driven by input, with
// nothing bounding how many run at once.
var Analyzer = newAnalyzer()

// The analyzer's flags, set through Analyzer.Flags.
var (
	opts        report.Options // -tests
	acceptLoops bool           // -accept-loops
)

// newAnalyzer builds the Analyzer and registers its flags. run reads the
// flags' variables, never Analyzer itself, so there is no initialization
// cycle.
func newAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:      "unboundedgo",
		Doc:       analysisdoc.Doc(doc, "unboundedgo"),
		URL:       "https://github.com/conclint/conclint/blob/main/docs/unboundedgo.md",
		Run:       run,
		Requires:  []*analysis.Analyzer{inspect.Analyzer, handlers.Analyzer, ctxscope.Analyzer, ioeffect.Analyzer},
		FactTypes: []analysis.Fact{(*spawnsFact)(nil), (*spawnersFact)(nil)},
	}
	opts.Register(&a.Flags)
	a.Flags.BoolVar(&acceptLoops, "accept-loops", false,
		"also report accept loops that start a goroutine per connection on a listener not wrapped with netutil.LimitListener")
	return a
}

// run finds every go statement and every call to a spawner method
// (knowledge.Spawners: (*errgroup.Group).Go, (*sync.WaitGroup).Go, conc
// pools) in the package and judges each with check, which lists the checks
// in the order they apply. Spawns that outlive their function are then
// followed through calls (throughCalls): a handler's call to a function of
// its module that starts such a goroutine is reported with the chain.
//
// A finding should be a goroutine whose number grows with input or traffic.
// To keep findings precise, run assumes, at the cost of recall, that:
//   - ranges over the receiver's fields, package variables, results of
//     calls that cannot fail and parameters of unexported helpers that no
//     caller passes input to are configuration or the program's own data,
//     and small (input);
//   - a counting loop bounded by a constant, a parameter, a field, a worker
//     count or anything not traced to a length is a worker pool (count);
//   - one long-lived goroutine per element or event (a Run or ...Loop
//     function, an endless event loop) is a component or session, bounded
//     like an accept loop's connections (longLived);
//   - a group or pool not built in the function is bounded by its owner,
//     and a semaphore acquired in a function of the package that the
//     goroutine calls bounds it (groupLimited, boundedInside);
//   - a spawn guarded by a variable that the guarded block sets
//     (if x == nil { x = ...; go f(x) }) runs one at a time, and one with a
//     sequential alternative was opted into (singleFlight, optIn);
//   - a go statement followed by return or break runs once (exits);
//   - the standard library's goroutines are its own business; in a
//     handler, code in sync.Once.Do runs once, not per request;
//   - goroutines serving a connection, in an accept loop or in a handler
//     that took over its connection, are Go's server idiom and are reported
//     only with -accept-loops;
//   - through calls, only functions of the same module are followed, at
//     most maxChain calls deep, and not functions that return a channel or
//     a value to Wait on (returnsHandle).
func run(pass *analysis.Pass) (any, error) {
	if typesx.InStdlib(pass) {
		return nil, nil // the standard library's goroutines are its own business
	}
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	r := report.New(pass, opts)
	defer r.Finish()
	c := &checker{
		pass:         pass,
		in:           in,
		handlerIndex: pass.ResultOf[handlers.Analyzer].(*handlers.Index),
		ctx:          pass.ResultOf[ctxscope.Analyzer].(*ctxscope.Info),
		io:           pass.ResultOf[ioeffect.Analyzer].(*ioeffect.Info),
		r:            r,
		module:       moduleKey(pass),
		direct:       make(map[*types.Func]*summary.Reason),
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

// A checker holds one package's pass and the indexes built on demand
// while its spawns are judged.
type checker struct {
	pass         *analysis.Pass
	in           *inspector.Inspector
	handlerIndex *handlers.Index
	ctx          *ctxscope.Info
	io           *ioeffect.Info // what the goroutines wait for
	r            *report.Reporter
	module       string
	defs         map[types.Object][]ast.Expr // built on demand by defsOf
	// direct holds, for functions declared in the package, the first go
	// statement that outlives the call (the property summarised).
	direct map[*types.Func]*summary.Reason
	decls  map[*types.Func]*ast.FuncDecl  // built on demand by declBody
	acq    map[*types.Func]summary.Reason // built on demand by acquirers
	// helpers holds the unexported functions' parameters that callers pass
	// input to; built on demand by helperParams.
	helpers map[types.Object]bool
	// loopsReported holds the loops already reported: a loop that starts
	// several goroutines per item is one finding, at its first spawn.
	loopsReported map[ast.Node]bool
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
	if c.inMemory(sp) {
		return // nothing downstream grows with the goroutines: no I/O, no wait
	}
	if c.boundedInside(sp) || c.groupLimited(sp) || c.singleFlight(sp) || c.optIn(sp) {
		return
	}
	loops := enclosingLoops(sp)
	loops = loops[c.exits(sp, loops):]
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
			if !c.loopsReported[l.Node()] {
				if c.loopsReported == nil {
					c.loopsReported = make(map[ast.Node]bool)
				}
				c.loopsReported[l.Node()] = true
				c.reportLoop(sp, li)
			}
			return
		case acceptLoop:
			if acceptLoops && !c.limitedListener(li.listener) {
				c.reportAcceptLoop(sp, li)
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
				c.reportConnTakeover(sp, h)
			}
			return
		}
		c.reportHandler(sp, h)
		return
	}
	if decl, ok := fn.Node().(*ast.FuncDecl); ok && sp.spawner == nil {
		obj, _ := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if obj != nil && c.direct[obj] == nil {
			c.direct[obj] = &summary.Reason{Chain: []string{"go " + goTarget(sp.call)}, Where: report.Where(c.pass.Fset, sp.node.Pos())}
		}
	}
}
