package perrequestclient

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/analysisdoc"
	"github.com/conclint/conclint/analyzers/internal/handlers"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/summary"
)

//go:embed doc.go
var doc string

// Analyzer reports pooled clients built per request or per loop iteration.
var Analyzer = newAnalyzer()

var (
	opts report.Options
	// extraConstructors is the -constructors flag: extra pooled-client
	// constructors, as full names.
	extraConstructors string
)

// newAnalyzer builds the Analyzer and registers its flags.
func newAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:      "perrequestclient",
		Doc:       analysisdoc.Doc(doc, "perrequestclient"),
		URL:       "https://github.com/conclint/conclint/blob/main/docs/perrequestclient.md",
		Run:       run,
		Requires:  []*analysis.Analyzer{inspect.Analyzer, handlers.Analyzer},
		FactTypes: []analysis.Fact{new(buildsFact), new(packageFact)},
	}
	opts.Register(&a.Flags)
	a.Flags.StringVar(&extraConstructors, "constructors", "",
		"comma-separated extra pooled-client constructors, by full name: functions (example.com/pool.New), "+
			"methods ((*example.com/pool.Factory).Open) or types whose literals build one (example.com/pool.Pool)")
	return a
}

// run reports the constructions of pooled clients that run on every request
// or on every iteration of a loop over input, in three steps:
//
//  1. collect records the sites (sites.go): each construction of a pooled
//     client from the constructor table (constructors.go), and each call of
//     a function that may build one, of this package or exporting a
//     buildsFact. classify notes where each site runs (runplace.go: in a
//     handler, whenever its function runs, in a per-iteration loop
//     (loops.go), under a guard that makes it run once (guards.go)) and
//     where the client goes (flow.go: dropped, collected, kept).
//  2. solve finds the functions that build a client on every call, through
//     calls too, and exports their facts (facts.go).
//  3. report reports (report.go) a site that is not suppressed, not guarded
//     and whose client is not kept, when it runs in a handler, or in a
//     per-iteration loop of a function that is not start-up code
//     (startup.go) and its client is not collected; a call only when its
//     callee builds a client on every call.
//
// Assumptions that trade recall for precision:
//   - a client stored where it outlives the call (a field of the receiver
//     or of a parameter, a package variable, an element of a map or slice
//     that is not local, a channel, a method named like a cache's) or
//     returned by a function literal passed to a call is cached and
//     reused: a handler that overwrites a field on every request is missed;
//   - `if x == nil` whose branch assigns x, or calls a method of the
//     package on x's variable, is a lazy initialisation, and a construction
//     after an `if ... { return cached }` runs on a cache miss only;
//   - only loops whose trip count depends on input build per iteration: a
//     range over a non-constant, a counting loop with a non-constant bound,
//     and not a retry loop; the innermost loop decides;
//   - functions named like constructors or life-cycle functions (New...,
//     Init..., Start...), and those called only from start-up code and never
//     used as values, run once;
//   - a construction in a function literal that is returned or stored
//     outside a handler does not run when its function does.
func run(pass *analysis.Pass) (any, error) {
	constructors := newConstructorTable()
	if !mayBuild(pass, constructors) {
		return nil, nil
	}
	r := report.New(pass, opts)
	defer r.Finish()
	c := &checker{
		pass:         pass,
		r:            r,
		constructors: constructors,
		in:           pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		ix:           pass.ResultOf[handlers.Analyzer].(*handlers.Index),
		does:         make(map[string]string),
		calls:        make(map[*summary.Func][]*site),
		nodes:        make(map[token.Pos]*site),
		paths:        make(map[ast.Node]*summary.Paths),
		flows:        make(map[*types.Var]flow),
	}
	c.collect()
	c.solve()
	c.report()
	return nil, nil
}

// mayBuild is the fast path: a package can build a pooled client only by
// naming a constructor's package or calling a function that builds one, whose
// package it imports.
func mayBuild(pass *analysis.Pass, constructors *constructorTable) bool {
	if constructors.paths[pass.Pkg.Path()] {
		return true
	}
	for _, imp := range pass.Pkg.Imports() {
		if constructors.paths[imp.Path()] || pass.ImportPackageFact(imp, new(packageFact)) {
			return true
		}
	}
	return false
}

// A checker holds one package's pass: the sites found, the functions
// summarised, and the indexes built on first need.
type checker struct {
	pass         *analysis.Pass
	r            *report.Reporter
	constructors *constructorTable
	in           *inspector.Inspector
	ix           *handlers.Index

	sites   []*site
	funcs   []*summary.Func
	byObj   map[*types.Func]*summary.Func
	reasons map[*types.Func]summary.Reason
	// does maps a construction ("where|leaf") to what it does, for the
	// messages of findings through calls.
	does map[string]string
	// calls are the sites of each function's summary.Func.Calls, in
	// order; nodes the sites summaries go through, by position
	// (summary.Reason.At); paths the summary.Paths of functions, by node.
	calls map[*summary.Func][]*site
	nodes map[token.Pos]*site
	paths map[ast.Node]*summary.Paths

	decls   []inspector.Cursor      // the package's top-level declarations, by position; built on first need
	locals  map[ast.Decl]*declIndex // built on first need, per declaration
	flows   map[*types.Var]flow     // memo of varFlow
	startup map[*types.Func]bool
}
