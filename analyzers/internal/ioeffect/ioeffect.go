// Package ioeffect answers, for every conclint analyzer, the question "what
// does calling this function wait for?": whether it does network, file,
// process or database I/O, or blocks on a sleep, a receive or a wait,
// directly or through the functions it calls; and whether it runs until
// stopped (an event loop, a connection's read loop).
//
// A function's effects are those of every operation in its body, nested
// function literals and goroutines included (what runs because of the
// call):
//
//   - a receive, a range over a channel, a select without default, and the
//     standard library's sleeps and waits are Wait;
//   - a call to the standard library is judged by the table of std.go: its
//     dials, requests, reads and writes of connections and files, queries,
//     processes and system calls; functions that write to or read from an
//     io.Writer or io.Reader argument take the kind of that argument
//     (nothing for in-memory buffers and the console);
//   - a call to a database, ORM or key-value store client (libs.go) is
//     Store; a call into a logging, metrics or tracing library is nothing
//     (it buffers, or writes to the console), and so is one into a library
//     of pure computation (regexp forks: computeLibs);
//   - a call to a function of the package is solved over the package's
//     static call graph (analyzers/internal/summary); a function of
//     another package has the effects of its fact;
//   - what is not seen is Unseen: a call through a function value, an
//     interface method that takes a context or other arguments and
//     returns an error (the shape of a remote call or of a write to a
//     peer), a function of a package that was not solved. An interface method of a type named like a store
//     (UserStore, OrderRepository, Queries) is Store as well.
//
// The answers for exported functions and methods are exported as facts; a
// package fact marks the packages solved, so a function of a package
// without it is judged as the standard library. Standard-library packages
// are not solved: the table speaks for them.
package ioeffect

import (
	"go/ast"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/summary"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// Analyzer solves the package and exports its facts. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:             "conclintioeffect",
	Doc:              "find which functions do blocking I/O or wait (internal to conclint; reports nothing)",
	URL:              "https://github.com/conclint/conclint/tree/main/analyzers/internal/ioeffect",
	Run:              run,
	Requires:         []*analysis.Analyzer{inspect.Analyzer},
	ResultType:       reflect.TypeFor[*Info](),
	FactTypes:        []analysis.Fact{new(effectsFact), new(solvedFact)},
	RunDespiteErrors: true,
}

// Kinds is a set of effects.
type Kinds uint8

const (
	// Net: network I/O (dials, requests, reads and writes of connections).
	Net Kinds = 1 << iota
	// File: the file system.
	File
	// Proc: processes and system calls.
	Proc
	// Store: a database, an ORM or a key-value store; what such a call
	// returns is stored data.
	Store
	// Wait: a sleep, a receive, a select without default, a WaitGroup's or
	// a Cond's wait.
	Wait
	// Unseen: a call whose target is not seen and may block (a function
	// value, a remote-shaped interface method, an unsolved package).
	Unseen
)

// numKinds is the number of kinds.
const numKinds = 6

var kindNames = [numKinds]string{"net", "file", "proc", "store", "wait", "unseen"}

// Has reports whether k holds every kind of o.
func (k Kinds) Has(o Kinds) bool { return k&o == o }

// String lists the kinds: "net, wait"; "none" for the empty set.
func (k Kinds) String() string {
	var names []string
	for i, n := range kindNames {
		if k&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// effectsFact holds an exported function's effects, with the chain that
// explains the first of them, and whether it runs until stopped.
type effectsFact struct {
	Kinds Kinds
	// Chain and Where explain the lowest kind in Kinds (summary.Reason).
	Chain   []string
	Where   string
	Forever bool
}

func (*effectsFact) AFact() {}

func (f *effectsFact) String() string {
	s := "io(" + f.Kinds.String() + ")"
	if f.Forever {
		s += " forever"
	}
	return s
}

// solvedFact marks a package this analyzer solved: a function of it with
// no effectsFact has no effect.
type solvedFact struct{}

func (*solvedFact) AFact()         {}
func (*solvedFact) String() string { return "ioeffect solved" }

// Info answers the questions for the package being analysed and, through
// facts, for its dependencies.
type Info struct {
	pass *analysis.Pass
	in   *inspector.Inspector
	// local holds the solved effects of the package's functions.
	local map[*types.Func]Kinds
	// reasons holds, per kind, the chains of the package's functions.
	reasons [numKinds]map[*types.Func]summary.Reason
	// forever holds the package's functions that run until stopped.
	forever map[*types.Func]summary.Reason
	// decls holds the package's functions with a body.
	decls map[*types.Func]*ast.FuncDecl
	// litVars holds the local variables only ever assigned function
	// literals: calling one runs a literal whose body is seen.
	litVars map[*types.Var]bool
	// solved says which packages were solved: this one, and those
	// carrying solvedFact.
	solved *summary.Solved
	// imported caches the facts of other packages' functions.
	imported map[*types.Func]*effectsFact
}

func run(pass *analysis.Pass) (any, error) {
	in := &Info{
		pass:     pass,
		in:       pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		local:    make(map[*types.Func]Kinds),
		forever:  make(map[*types.Func]summary.Reason),
		decls:    make(map[*types.Func]*ast.FuncDecl),
		solved:   summary.NewSolved(pass, func() analysis.Fact { return new(solvedFact) }, true),
		imported: make(map[*types.Func]*effectsFact),
	}
	if typesx.InStdlib(pass) {
		return in, nil // the table of std.go speaks for the standard library
	}
	in.solved.Mark()
	in.solve()
	for _, fn := range summary.Sorted(in.exportable()) {
		k := in.local[fn]
		f := &effectsFact{Kinds: k}
		if k != 0 {
			r := in.reasons[lowest(k)][fn]
			f.Chain, f.Where = r.Chain, r.Where
		}
		_, f.Forever = in.forever[fn]
		pass.ExportObjectFact(fn, f)
	}
	return in, nil
}

// exportable returns the exported functions and methods with an effect
// or that run until stopped, for facts.
func (in *Info) exportable() map[*types.Func]summary.Reason {
	out := make(map[*types.Func]summary.Reason)
	for fn := range in.decls {
		if !fn.Exported() {
			continue
		}
		if _, ok := in.forever[fn]; ok || in.local[fn] != 0 {
			out[fn] = summary.Reason{}
		}
	}
	return out
}

// lowest returns the index of the lowest kind in k (k not empty).
func lowest(k Kinds) int {
	for i := range numKinds {
		if k&(1<<i) != 0 {
			return i
		}
	}
	return 0
}

// Func returns the effects of calling fn.
func (in *Info) Func(fn *types.Func) Kinds {
	if fn == nil {
		return Unseen
	}
	fn = fn.Origin()
	if fn.Pkg() == in.pass.Pkg && in.decls[fn] != nil {
		return in.local[fn]
	}
	k, _ := in.external(fn)
	return k
}

// Why returns the chain of calls that gives fn the kind k (one kind), when
// it has it.
func (in *Info) Why(fn *types.Func, k Kinds) (summary.Reason, bool) {
	fn = fn.Origin()
	i := lowest(k)
	if fn.Pkg() == in.pass.Pkg {
		r, ok := in.reasons[i][fn]
		return r, ok
	}
	if f := in.fact(fn); f != nil && f.Kinds&k != 0 && lowest(f.Kinds) == i {
		return summary.Reason{Chain: f.Chain, Where: f.Where}, true
	}
	return summary.Reason{}, false
}

// Call returns the effects of the call expression: its callee's, or those
// the rules give a call through an interface, a function value or a
// stream.
func (in *Info) Call(call *ast.CallExpr) Kinds {
	k, callee := in.classify(call)
	if callee != nil {
		k |= in.Func(callee)
	}
	return k
}

// Node returns the effects of running n: a function literal's body, a
// block, a statement. Nested literals and goroutines count.
func (in *Info) Node(n ast.Node) Kinds {
	var k Kinds
	in.scan(n, func(d Kinds, _ ast.Node, _ string) { k |= d }, func(fn *types.Func, _ *ast.CallExpr) { k |= in.Func(fn) })
	return k
}

// RunsUntilStopped reports whether calling fn runs until something stops
// it: an endless loop that waits for events or serves a stream until it
// fails, in fn or in a function it calls on its own path.
func (in *Info) RunsUntilStopped(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	if fn.Pkg() == in.pass.Pkg {
		_, ok := in.forever[fn]
		return ok
	}
	f := in.fact(fn)
	return f != nil && f.Forever
}

// BodyRunsUntilStopped is RunsUntilStopped for a function body (a
// goroutine's literal).
func (in *Info) BodyRunsUntilStopped(body *ast.BlockStmt) bool {
	if body == nil {
		return false
	}
	if endlessLoop(in.pass.TypesInfo, body) != nil {
		return true
	}
	for _, c := range in.ownCalls(body) {
		if in.RunsUntilStopped(c.Callee) {
			return true
		}
	}
	return false
}

// fact returns the fact of a function of another solved package, or nil.
func (in *Info) fact(fn *types.Func) *effectsFact {
	if f, ok := in.imported[fn]; ok {
		return f
	}
	var f *effectsFact
	if in.solved.Has(fn.Pkg()) {
		f = new(effectsFact)
		if !in.pass.ImportObjectFact(fn, f) {
			f = nil
		}
	}
	in.imported[fn] = f
	return f
}

// external returns the effects of a function of another package and the
// chain that explains the lowest of them.
func (in *Info) external(fn *types.Func) (Kinds, summary.Reason) {
	pkg := fn.Pkg()
	if pkg == nil {
		return 0, summary.Reason{} // error.Error and other universe methods
	}
	path := pkg.Path()
	if quietLib(path) {
		return 0, summary.Reason{}
	}
	var k Kinds
	var r summary.Reason
	switch {
	case in.solved.Has(pkg):
		if f := in.fact(fn); f != nil {
			k, r = f.Kinds, summary.Reason{Chain: f.Chain, Where: f.Where}
		}
	case isStd(path):
		k = stdKinds(fn)
		if k != 0 {
			r = summary.Reason{Chain: []string{typesx.ShortName(fn)}}
		}
	default:
		k = Unseen // a package not solved (type errors, no facts)
		r = summary.Reason{Chain: []string{typesx.ShortName(fn)}}
	}
	if storeLib(path) {
		k |= Store | Net
		r = summary.Reason{Chain: []string{typesx.ShortName(fn)}}
	}
	return k, r
}

// isStd reports whether a package path is the standard library's: no dot
// in its first element. Packages of the analysed program without a dot
// (GOPATH-mode test data) are solved first, so they are never asked.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
