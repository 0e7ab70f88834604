// Package ctxuse answers, for every conclint analyzer, the question "does
// this function use its context for cancellation?": whether passing it a
// caller's context instead of context.Background() changes what the
// function does when the caller gives up.
//
// A context.Context parameter is used when its value reaches:
//
//   - its Done, Err or Deadline method (a method value of it too);
//   - a function of the standard library that takes it (they honour it),
//     except those that read only its values (std.go: log/slog,
//     runtime/trace, ...) and those whose context changes nothing by
//     nature (binding a listener waits on no peer);
//   - a function or method whose own summary says it uses that parameter
//     (this package's, solved here; another package's, from its fact);
//   - a method of an interface declared in a solved package: what its
//     implementations in that package do (the most any of them does), when
//     it has some there; the interfaces a package returns its own types
//     behind (a circuit breaker's Breaker) are implemented by them;
//   - a function value, a goroutine, a field, an element, a composite
//     literal, a channel, a package variable or a method promoted from an
//     embedded interface: what happens there is not seen, so it is assumed
//     to be used.
//
// A method of an interface no type of its package implements is a plug-in
// point (a secret manager, a consensus module the program plugs in, or
// not): not seen, and not counted as a use (one returning a context
// returns it derived).
//
// A context that is only checked once, without waiting, outside any loop
// (ctx.Err() at the top, a select on ctx.Done() with a default) is
// Checked: the function notices a caller that has already gone, and
// nothing later. A call of such a function in a loop is a use.
//
// A context whose cancellation only ends one wait on channels (a select
// with no default and a case on ctx.Done(), outside any loop, the
// function's other uses of it at most checks) is Parked: cancelling it
// frees a goroutine parked on someone else's work, and stops no work of
// its own. Whether that matters depends on the context: a caller's
// context.Background() bounded by WithTimeout parks for at most the
// timeout, an unbounded one may park forever (ctxpropagation decides). A
// call of such a function in a loop is a use.
//
// Through a derived context (context.WithTimeout, WithValue, a tracing
// span, any call returning a context.Context it was given) the question is
// asked again of the derived value. Reading its values (ctx.Value, a
// logger, a metrics label) and comparing it with nil do not count. A
// parameter that is returned (or returned derived) is Returned: its use is
// the caller's.
//
// The package is solved over its static call graph: a worklist starts from
// every function with a context parameter assumed not to use it, and a
// function is evaluated again when a function it consulted changes, until
// nothing changes (the answers only grow, so it ends). The answers for the
// exported functions and methods are exported as facts, so callers in
// other packages see them; a package fact marks the packages solved, so a
// function of a package without it is judged as the standard library.
// Standard-library packages are not solved at all.
package ctxuse

import (
	"fmt"
	"go/ast"
	"go/token"
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
	Name:       "conclintctxuse",
	Doc:        "find which context parameters are used for cancellation (internal to conclint; reports nothing)",
	URL:        "https://github.com/conclint/conclint/tree/main/analyzers/internal/ctxuse",
	Run:        run,
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	ResultType: reflect.TypeFor[*Info](),
	FactTypes:  []analysis.Fact{new(paramsFact), new(solvedFact)},
}

// A Flow says what becomes of a context value.
type Flow uint8

const (
	// Ignored: its cancellation is never observed (unused, values read,
	// compared with nil).
	Ignored Flow = iota
	// Checked: its cancellation is observed only at the moment of the
	// call, by a check that does not wait (ctx.Err(), a select on Done with
	// a default) outside any loop, and by nothing after it. Passing a
	// caller's context changes something only where the call is repeated:
	// a call in a loop (or in a function value that may be called again)
	// counts it as Used.
	Checked
	// Parked: its cancellation only ends one wait on channels, outside any
	// loop (a select with no default, a case on ctx.Done() and the others
	// on channels): it frees a parked goroutine and stops no work. A call
	// in a loop counts it as Used.
	Parked
	// Returned: it is returned, itself or derived; the caller's use of the
	// result decides.
	Returned
	// Used: its cancellation is observed, or may be.
	Used
)

var flowNames = [...]string{"ignored", "checked", "parked", "returned", "used"}

func (f Flow) String() string {
	if int(f) < len(flowNames) {
		return flowNames[f]
	}
	return fmt.Sprintf("Flow(%d)", f)
}

// paramsFact is exported for every exported function or method with a
// context.Context parameter: what becomes of each parameter. Flows[i] is
// parameter i's (a parameter that is not a context.Context is Used).
type paramsFact struct{ Flows []Flow }

func (*paramsFact) AFact() {}

func (f *paramsFact) String() string {
	parts := make([]string, len(f.Flows))
	for i, fl := range f.Flows {
		parts[i] = fl.String()
	}
	return "ctxuse(" + strings.Join(parts, ", ") + ")"
}

// solvedFact marks a package this analyzer solved: a function of it with
// no paramsFact has no context parameter.
type solvedFact struct{}

func (*solvedFact) AFact()         {}
func (*solvedFact) String() string { return "ctxuse solved" }

// Info answers the question for the package being analysed and, through
// facts, for its dependencies.
type Info struct {
	pass  *analysis.Pass
	in    *inspector.Inspector
	nodes map[*types.Func]*node // the package's functions with a body
	order []*node               // the same, in source order
	// solved says which packages were solved: this one once run solves
	// it (not the standard library), and those carrying solvedFact.
	solved *summary.Solved
	// indexes caches the uses of context variables per outermost function.
	indexes map[ast.Node]map[*types.Var][]inspector.Cursor
	// impls holds the methods of the package's own types that implement
	// each context-taking method of its interfaces (findImpls).
	impls map[*types.Func][]*types.Func
}

// Param returns what fn does with its parameter i: from this package's
// solution, from fn's fact, or by the rules for the standard library,
// interface methods and unknown functions. fn is a declared function or
// method (an instantiation is mapped to its origin).
func (in *Info) Param(fn *types.Func, i int) Flow {
	fn = fn.Origin()
	sig := fn.Signature()
	if i < 0 || i >= sig.Params().Len() {
		return Used
	}
	return in.param(fn, i, sig.Params().At(i).Type(), nil)
}

// ParamAt is Param for the call at call, given the context held by the
// variable holder (nil when not known): a parameter that is only Checked
// or Parked is Used when the call may be repeated for one call of the function that
// declares holder (in a loop, or in a function value that may be called
// again).
func (in *Info) ParamAt(fn *types.Func, i int, call inspector.Cursor, holder *types.Var) Flow {
	f := in.Param(fn, i)
	pos := token.NoPos
	if holder != nil {
		pos = holder.Pos()
	}
	if (f == Checked || f == Parked) && in.repeated(call, pos) {
		return Used
	}
	return f
}

// Expr returns what becomes of the context value of the expression at cur
// (a context.Background() call, say) in the function around it: Used when
// it reaches a use for cancellation, Returned when it leaves through a
// return statement, Ignored otherwise. A local it is assigned to is
// followed from the assignment on.
func (in *Info) Expr(cur inspector.Cursor) Flow {
	root := outermost(cur)
	if root == nil {
		return Used // at package level: not followed
	}
	e := &eval{in: in, root: root, seen: make(map[*types.Var]bool)}
	return e.expr(cur)
}

// outermost returns the outermost function declaration or literal
// enclosing cur, or nil.
func outermost(cur inspector.Cursor) ast.Node {
	var root ast.Node
	for c := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		root = c.Node()
	}
	return root
}

func run(pass *analysis.Pass) (any, error) {
	in := &Info{
		pass:    pass,
		in:      pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		nodes:   make(map[*types.Func]*node),
		solved:  summary.NewSolved(pass, func() analysis.Fact { return new(solvedFact) }, false),
		indexes: make(map[ast.Node]map[*types.Var][]inspector.Cursor),
	}
	if typesx.InStdlib(pass) {
		return in, nil // judged by the rules for the standard library
	}
	in.solved.Mark()
	in.findImpls()
	in.solve()
	for _, n := range in.order {
		if n.obj.Exported() && n.hasCtx {
			pass.ExportObjectFact(n.obj, &paramsFact{Flows: n.flows})
		}
	}
	in.exportInterfaces()
	return in, nil
}

// isContext reports whether t is context.Context.
func isContext(t types.Type) bool { return typesx.IsContext(t) }
