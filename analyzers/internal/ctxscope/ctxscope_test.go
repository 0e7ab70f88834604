package ctxscope_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/ctxscope"
)

// probe reports, at every call to use(), the context in scope there.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "test probe",
	Requires: []*analysis.Analyzer{ctxscope.Analyzer, inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		info := pass.ResultOf[ctxscope.Analyzer].(*ctxscope.Info)
		in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		for c := range in.Root().Preorder((*ast.CallExpr)(nil)) {
			call := c.Node().(*ast.CallExpr)
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "use" {
				continue
			}
			src, ok := info.At(c)
			if !ok {
				pass.Reportf(call.Pos(), "none")
				continue
			}
			kind := map[ctxscope.Kind]string{ctxscope.Param: "param", ctxscope.Request: "request"}[src.Kind]
			goSuffix := ""
			if src.InGoroutine {
				goSuffix = " go"
			}
			pass.Reportf(call.Pos(), "ctx=%s kind=%s%s", src.Expr, kind, goSuffix)
		}
		return nil, nil
	},
}

func TestAt(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "c")
}
