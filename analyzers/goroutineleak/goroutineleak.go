package goroutineleak

import (
	_ "embed"
	"go/ast"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/analysisdoc"
	"github.com/conclint/conclint/analyzers/internal/report"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines left blocked on a channel their parent abandoned.
var Analyzer = newAnalyzer()

var opts report.Options

// newAnalyzer builds the Analyzer and registers its flags.
func newAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     "goroutineleak",
		Doc:      analysisdoc.Doc(doc, "goroutineleak"),
		URL:      "https://github.com/conclint/conclint/blob/main/docs/goroutineleak.md",
		Run:      run,
		Requires: []*analysis.Analyzer{inspect.Analyzer},
	}
	opts.Register(&a.Flags)
	return a
}

// run checks every function that contains a go statement (fast path: a
// package with none is skipped).
func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	hasGo := false
	insp.Preorder([]ast.Node{(*ast.GoStmt)(nil)}, func(ast.Node) { hasGo = true })
	if !hasGo {
		return nil, nil
	}
	r := report.New(pass, opts)
	defer r.Finish()
	insp.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node) {
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.FuncDecl:
			body = n.Body
		case *ast.FuncLit:
			body = n.Body
		}
		if body != nil {
			checkFunc(pass, r, body)
		}
	})
	return nil, nil
}
