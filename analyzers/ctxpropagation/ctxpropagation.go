package ctxpropagation

import (
	_ "embed"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/conclint/conclint/analyzers/internal/analysisdoc"
	"github.com/conclint/conclint/analyzers/internal/ctxscope"
	"github.com/conclint/conclint/analyzers/internal/ctxuse"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

//go:embed doc.go
var doc string

var Analyzer = newAnalyzer()

var (
	reportOpts report.Options
	exclude    string // -exclude, read by exclusions
	// explainQuiet (-explain-quiet) reports the findings the analyzer keeps
	// quiet about too, saying why.
	explainQuiet bool
)

// newAnalyzer builds the Analyzer and registers its flags.
func newAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "ctxpropagation",
		Doc:      analysisdoc.Doc(doc, "ctxpropagation"),
		URL:      "https://github.com/conclint/conclint/blob/main/docs/ctxpropagation.md",
		Run:      run,
		Requires: []*analysis.Analyzer{inspect.Analyzer, ctxscope.Analyzer, ctxuse.Analyzer},
	}
	reportOpts.Register(&a.Flags)
	a.Flags.StringVar(&exclude, "exclude", "",
		"comma-separated extra APIs whose context-less calls are not reported: a package path, "+
			"a type (example.com/log.Logger) or a function's full name (example.com/log.Info, (*example.com/log.Logger).Info)")
	a.Flags.BoolVar(&explainQuiet, "explain-quiet", false,
		"also report the calls kept quiet on purpose, each prefixed with why (QUIET(goroutine), QUIET(defer), ...): for judging the policy on your code")
	return a
}

// run checks every call in a package where some variable carries a
// caller's context (ctxscope). Where such a context is in scope at the
// call, it reports, in this order of checks:
//
//   - context.Background() and context.TODO() (background);
//   - a call to an API that has a context-taking variant (contextless): an
//     entry of the knowledge table, or F beside FContext, FCtx or
//     FWithContext (variants.go).
//
// Assumptions, trading recall for precision:
//   - only a variable carrying the caller's context counts; where none is
//     in scope (main, init, constructors, thin wrappers that pass
//     context.Background() to FContext) nothing is reported;
//   - a variant found by name must be declared beside the API (its package,
//     or the same receiver type, not a promoted method) and take a context
//     and then exactly the API's parameters: anything else may not be a
//     drop-in replacement;
//   - a call of F inside F or inside its variant is the implementation or a
//     recursion;
//   - APIs on the exclusion list (knowledge and -exclude) use the context
//     for values, not cancellation;
//   - the context is dropped on purpose in goroutines, deferred calls,
//     callbacks run later, after the context is done, under an `if ctx ==
//     nil`, for a context stored beyond the function or put in place of a
//     request's own, and for a request that gets its context later
//     (quiet.go, stored.go). -explain-quiet reports those too, prefixed
//     with why.
func run(pass *analysis.Pass) (any, error) {
	scope := pass.ResultOf[ctxscope.Analyzer].(*ctxscope.Info)
	if !scope.Any() {
		return nil, nil // no variable carries a caller's context: nothing to propagate
	}
	r := report.New(pass, reportOpts)
	defer r.Finish()
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{
		pass:      pass,
		inspector: in,
		reporter:  r,
		scope:     scope,
		uses:      pass.ResultOf[ctxuse.Analyzer].(*ctxuse.Info),
		excluded:  exclusions(exclude),
		variants:  make(map[*types.Func]*variant),
	}
	for cur := range in.Root().Preorder((*ast.File)(nil), (*ast.CallExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.File:
			c.file = n
		case *ast.CallExpr:
			if r.Skip(n.Pos()) {
				continue
			}
			c.checkCall(cur, n)
		}
	}
	return nil, nil
}

// A checker holds one package's pass and what it computes.
type checker struct {
	pass      *analysis.Pass
	inspector *inspector.Inspector
	reporter  *report.Reporter
	scope     *ctxscope.Info
	uses      *ctxuse.Info // whether a context reaching a call is used for cancellation
	file      *ast.File
	excluded  map[string]bool
	variants  map[*types.Func]*variant // memo of variantOf, nil for none
	// Computed on first use: the parameters no caller can cancel
	// (cancel.go), whether the package runs once (0 unknown, 1 yes, 2 no)
	// and its functions given as commands' actions (once.go).
	cancel    *cancelSolution
	onceReady int
	actions   map[*types.Func]bool
}

// checkCall checks one call: context.Background() and context.TODO(), or
// any other call for a context-taking variant.
func (c *checker) checkCall(cur inspector.Cursor, call *ast.CallExpr) {
	fn := typesx.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return
	}
	switch fn.FullName() {
	case "context.Background", "context.TODO":
		c.background(cur, call, fn)
		return
	}
	c.contextless(cur, call, fn)
}

// background reports context.Background() and context.TODO() where a
// caller's context is in scope.
func (c *checker) background(cur inspector.Cursor, call *ast.CallExpr, fn *types.Func) {
	src, ok := c.scope.AtExcept(cur, c.assignedTo(cur))
	if !ok {
		return
	}
	if c.nilGuarded(cur) {
		return // if ctx == nil { ctx = context.Background() }: there is no context to pass
	}
	why := c.deliberate(cur, src)
	if why == "" && startsGoroutine(c.pass.TypesInfo, cur) {
		why = "goroutine"
	}
	if why == "" && c.stored(cur) {
		why = "stored"
	}
	if why == "" && c.replacesRequestContext(cur, src) {
		why = "replaces"
	}
	if why == "" {
		why = c.purpose(cur, src, c.receiverOf(cur), true)
	}
	if why == "" {
		switch c.uses.Expr(cur) {
		case ctxuse.Used:
		case ctxuse.Parked:
			if withDeadline(c.pass.TypesInfo, cur) {
				why = "bounded wait" // it only ends a wait the timeout already bounds
			}
		default:
			why = "unused" // the callee, or the code it flows to, does not use it for cancellation
		}
	}
	if why == "" {
		why = c.cannotCancel(cur, src)
	}
	if why != "" && !explainQuiet {
		return
	}
	c.reporter.Report(call, quietPrefix(why, backgroundMessage(fn, src)), c.backgroundFix(call, src.Expr))
}

// waits reports whether a context that reaches code with the flow f
// changes what it does when cancelled: it is used, or it ends a wait (the
// caller's own context is not bounded by a timeout the way a
// context.Background() wrapped in WithTimeout is).
func waits(f ctxuse.Flow) bool { return f == ctxuse.Used || f == ctxuse.Parked }

// withDeadline reports whether the context.Background() or TODO() call at
// cur is the parent of a context.WithTimeout or WithDeadline (directly, or
// through a cause variant): the context it stands for ends by itself.
func withDeadline(info *types.Info, cur inspector.Cursor) bool {
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	if k, idx := cur.ParentEdge(); k != edge.CallExpr_Args || idx != 0 {
		return false
	}
	fn := typesx.Callee(info, cur.Parent().Node().(*ast.CallExpr))
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "context" {
		return false
	}
	switch fn.Name() {
	case "WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause":
		return true
	}
	return false
}

// contextless reports a call to an API with a context-taking variant.
func (c *checker) contextless(cur inspector.Cursor, call *ast.CallExpr, fn *types.Func) {
	if c.isExcluded(fn) {
		return
	}
	inst, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func) // instantiated, for comparing signatures
	v := c.variantOf(call, fn, inst)
	if v == nil {
		return
	}
	// Inside the variant itself, or F itself, the call is the implementation
	// or a recursion, not a missed context.
	if encl := enclosingFunc(c.pass, cur); encl != nil && (encl == v.fn || encl == fn) {
		return
	}
	src, ok := c.scope.At(cur)
	if !ok {
		return
	}
	why := c.deliberate(cur, src)
	if why == "" && c.contextAttachedLater(cur, call) {
		why = "attached later"
	}
	if why == "" && v.fn != nil && !waits(c.uses.ParamAt(v.fn, 0, cur, src.Var)) {
		why = "unused" // the variant does not use its context for cancellation
	}
	if why == "" {
		why = c.purpose(cur, src, nil, false)
	}
	if why == "" && c.byHand(cur, call, src) {
		why = "by hand"
	}
	if why == "" {
		why = c.cannotCancel(cur, src)
	}
	if why != "" && !explainQuiet {
		return
	}
	use, args := v.nameAt(c, call), v.argsText(call, src.Expr)
	msg := quietPrefix(why, contextlessMessage(c.calleeText(call, fn), src, use, args))
	c.reporter.Report(call, msg, v.fixes(c, call, src.Expr, use, args)...)
}
