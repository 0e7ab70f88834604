package handlers_test

import (
	"fmt"
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/handlers"
)

// probe reports every handler, and every call to inner() inside a handler.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "test probe",
	Requires: []*analysis.Analyzer{handlers.Analyzer, inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		ix := pass.ResultOf[handlers.Analyzer].(*handlers.Index)
		for _, h := range ix.Handlers {
			pass.Reportf(h.Node.Pos(), "handler %s (%s) ctx=%s", h.Name, h.Framework, h.CtxExpr)
		}
		in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		for c := range in.Root().Preorder((*ast.CallExpr)(nil)) {
			call := c.Node().(*ast.CallExpr)
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "inner" {
				if h := ix.Enclosing(c); h != nil {
					pass.Reportf(call.Pos(), "inside %s", h.Name)
				}
			}
		}
		return nil, nil
	},
}

func TestHandlers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "h")
}

func ExampleIndex_Sorted() {
	ix := &handlers.Index{Handlers: []*handlers.Handler{{Name: "b"}, {Name: "a"}}}
	fmt.Println(ix.Sorted())
	// Output: [a b]
}
