package lockblock

import (
	_ "embed"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers/internal/analysisdoc"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

//go:embed doc.go
var doc string

// Analyzer reports locks held across waits, locked twice, left locked, or
// taken in opposite orders.
var Analyzer = newAnalyzer()

var opts report.Options

// newAnalyzer builds the Analyzer and registers its flags.
func newAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:      "lockblock",
		Doc:       analysisdoc.Doc(doc, "lockblock"),
		URL:       "https://github.com/conclint/conclint/blob/main/docs/lockblock.md",
		Run:       run,
		FactTypes: []analysis.Fact{new(lockFact), new(packageFact)},
	}
	opts.Register(&a.Flags)
	return a
}

// A checker holds one package's pass and what it computes.
type checker struct {
	pass  *analysis.Pass
	ids   objIDs
	funcs []*function               // every function, declarations and literals, in source order
	byObj map[*types.Func]*function // declared functions
	scan  *scanner
	// peers lists, for each channel and WaitGroup, the functions that
	// operate on it; conds the lock each Cond was made with; signalled
	// the Conds something signals.
	peers map[*types.Var][]peer
	// goTargets are the functions a go statement of the package starts.
	goTargets map[*function]bool
	conds     map[*types.Var]condLock
	// condWaits are the package's Cond.Waits; signalled the Conds that
	// something signals or broadcasts.
	condWaits []*waitSite
	signalled map[*types.Var]bool
	// sites lists the call sites of each function of the package.
	sites     map[*function][]caller
	edges     map[[2]*types.Var][]*edge
	factCache map[*types.Func]*lockFact
	findings  []finding
	reported  map[string]bool
	relocks   map[ast.Node]bool // calls reported for locking a held lock
	// callerHeld are the lock classes held at every call of a function
	// seen so far, callerHeldN the number of those calls.
	callerHeld  map[*function]map[*types.Var]bool
	callerHeldN map[*function]int
}

// run checks the package's functions in order: what each does to locks
// (funcs.go), what they do through calls (summaries.go, facts.go), then
// for each function that takes a lock, the locks held at each point
// (flow.go) and what they forbid there (held.go: locking again, waiting),
// the paths that leave a lock locked (leaks.go), and across the package,
// locks taken in opposite orders (order.go).
//
// Fast path: the standard library is not summarised (its waits are its
// own business), and a package that imports neither sync nor time, and
// none of whose imports has a fact, has nothing to say.
func run(pass *analysis.Pass) (any, error) {
	if typesx.InStdlib(pass) {
		return nil, nil
	}
	c := &checker{
		pass:        pass,
		byObj:       make(map[*types.Func]*function),
		peers:       make(map[*types.Var][]peer),
		goTargets:   make(map[*function]bool),
		conds:       make(map[*types.Var]condLock),
		signalled:   make(map[*types.Var]bool),
		sites:       make(map[*function][]caller),
		edges:       make(map[[2]*types.Var][]*edge),
		factCache:   make(map[*types.Func]*lockFact),
		reported:    make(map[string]bool),
		relocks:     make(map[ast.Node]bool),
		callerHeld:  make(map[*function]map[*types.Var]bool),
		callerHeldN: make(map[*function]int),
	}
	if !typesx.ImportsAny(pass.Pkg, "sync", "time") && !c.depsHaveFacts() {
		return nil, nil
	}
	c.collect()
	c.indexConds()
	c.summarise()
	c.exportFacts()

	r := report.New(pass, opts)
	defer r.Finish()
	for _, fn := range c.funcs {
		if r.Skip(fn.node.Pos()) || !c.takesLocks(fn) {
			continue
		}
		fl := c.newFlow(fn)
		fl.solve()
		fl.check()
		fl.leaks()
	}
	c.reportOrder()
	c.reportUnsignalled()
	c.flush(r)
	return nil, nil
}

// takesLocks reports whether fn locks anything itself, calls a function
// that returns holding a lock, or releases a lock it was called with.
func (c *checker) takesLocks(fn *function) bool {
	for _, op := range fn.ops {
		if op.ok && op.kind.acquires() && !op.deferred {
			return true
		}
	}
	for _, s := range fn.calls {
		if g := c.calleeOf(s); g != nil && g.sum != nil && len(g.sum.holds) > 0 {
			return true
		}
	}
	return len(fn.sum.rel) > 0 // called with a lock held: a gate for its callees' lock order
}
