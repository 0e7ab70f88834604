package goroutineleak

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
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines that can never end.
var Analyzer = newAnalyzer()

var opts report.Options

// newAnalyzer builds the Analyzer and registers its flags.
func newAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "goroutineleak",
		Doc:      analysisdoc.Doc(doc, "goroutineleak"),
		URL:      "https://github.com/conclint/conclint/blob/main/docs/goroutineleak.md",
		Run:      run,
		Requires: []*analysis.Analyzer{inspect.Analyzer, handlers.Analyzer},
	}
	opts.Register(&a.Flags)
	return a
}

// A checker holds what the checks of one package share.
type checker struct {
	pass *analysis.Pass
	r    *report.Reporter
	ix   *index
	flow *chanFlow
	rep  *repeats
	// done marks the channel groups already reported, so that a root cause
	// is reported once.
	done map[*chanGroup]bool
	// senders caches what functions do with their channel parameters.
	senders map[paramKey]senderSummary
}

// run checks the package. Fast path: a package with no go statement that
// does not import context can neither start a goroutine nor drop a cancel
// function.
func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	hasGo := false
	for range insp.Root().Preorder((*ast.GoStmt)(nil)) {
		hasGo = true
		break
	}
	if !hasGo && !typesx.Imports(pass.Pkg, "context") {
		return nil, nil
	}
	r := report.New(pass, opts)
	defer r.Finish()
	a := &checker{pass: pass, r: r, done: map[*chanGroup]bool{}, senders: map[paramKey]senderSummary{}}
	a.ix = newIndex(pass, insp)
	h, _ := pass.ResultOf[handlers.Analyzer].(*handlers.Index)
	a.rep = newRepeats(a.ix, h)
	if hasGo {
		a.flow = newChanFlow(a.ix)
		a.checkAbandoned()     // a parent returns before it receives (abandon.go)
		a.checkLoops()         // background loops with no way out (loops.go)
		a.checkBlindSends()    // sends that ignore the loop's stop case (blindsend.go)
		a.checkStuck()         // channel operations nothing can complete (stuck.go)
		a.checkSignals()       // a wait for a signal the goroutine may skip (signal.go)
		a.checkOrphans()       // a goroutine waiting on a parent that returns first (orphan.go)
		a.checkOwners()        // goroutine-owning objects dropped (owners.go)
		a.checkWaitInLoop()    // a WaitGroup waited on in its own loop (waitgroup.go)
		a.checkWaitGroupDone() // Waits for a Done that never comes (wgdone.go)
	}
	a.checkCancels() // cancel functions dropped or not called (cancel.go)
	return nil, nil
}

// line is the line of n.
func (a *checker) line(n ast.Node) int { return a.pass.Fset.Position(n.Pos()).Line }

// text is the source of a short expression or statement, for messages.
func (a *checker) text(n ast.Node) string { return types.ExprString(exprOf(n)) }

func exprOf(n ast.Node) ast.Expr {
	switch n := n.(type) {
	case ast.Expr:
		return n
	case *ast.ExprStmt:
		return n.X
	case *ast.AssignStmt:
		if len(n.Rhs) == 1 {
			return n.Rhs[0]
		}
	case *ast.SendStmt:
		return &ast.BinaryExpr{X: n.Chan, Op: token.ARROW, Y: n.Value}
	}
	return &ast.BadExpr{}
}
