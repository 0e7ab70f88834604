// Package handlers finds the request handlers of a package, once, for every
// conclint analyzer that needs them (through Analyzer's Result).
//
// A function, method or function literal is a request handler when its
// signature is one a router calls once per request:
//
//   - func(http.ResponseWriter, *http.Request): plain net/http handlers,
//     ServeHTTP methods, literals converted with http.HandlerFunc or passed to
//     HandleFunc/Handle of http.ServeMux, chi, gorilla/mux and every router
//     that reuses net/http's shape;
//   - the framework shapes of knowledge.HandlerParams (gin, echo, fiber),
//     matched by import path and type name, so conclint does not depend on
//     the frameworks.
//
// Matching by signature rather than by registration finds handlers that are
// registered in another package or through a helper; it also counts
// middleware's inner functions, which run once per request too.
package handlers

import (
	"fmt"
	"go/ast"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// Analyzer computes the package's Index. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:             "conclinthandlers",
	Doc:              "find request handlers (internal to conclint; reports nothing)",
	URL:              "https://github.com/conclint/conclint/tree/main/analyzers/internal/handlers",
	Run:              run,
	Requires:         []*analysis.Analyzer{inspect.Analyzer},
	ResultType:       reflect.TypeFor[*Index](),
	RunDespiteErrors: true,
}

// A Handler is one request handler.
type Handler struct {
	Node      ast.Node    // *ast.FuncDecl or *ast.FuncLit
	Func      *types.Func // the declared function or method; nil for literals
	Name      string      // for messages: "Report", "Server.ServeHTTP", "func literal at main.go:12"
	Framework string      // "net/http", "gin", "echo", "fiber"
	// Param is the parameter that carries the request (r *http.Request, c
	// *gin.Context); nil when it is unnamed or blank.
	Param *types.Var
	// CtxExpr is the expression yielding the request's context from Param,
	// e.g. "r.Context()"; "" when Param is nil.
	CtxExpr string
}

// An Index lists a package's handlers.
type Index struct {
	Handlers []*Handler // in source order
	byNode   map[ast.Node]*Handler
	info     *types.Info
}

// Of returns the handler whose declaration or literal is fn, or nil.
func (ix *Index) Of(fn ast.Node) *Handler { return ix.byNode[fn] }

// Enclosing returns the handler whose body contains the cursor's node,
// looking from the innermost enclosing function outwards but not past a
// function literal started by a go statement (its work does not run on the
// request's path). It returns nil outside handlers, and for the call of a go
// statement itself (go f(): f runs off the request's path).
func (ix *Index) Enclosing(cur inspector.Cursor) *Handler {
	if _, ok := cur.Parent().Node().(*ast.GoStmt); ok {
		return nil
	}
	for c := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if h := ix.byNode[c.Node()]; h != nil {
			return h
		}
		if _, ok := c.Node().(*ast.FuncDecl); ok {
			return nil
		}
		if run, _ := control.LitRun(ix.info, c); run == control.Go {
			return nil
		}
	}
	return nil
}

func run(pass *analysis.Pass) (any, error) {
	ix := &Index{byNode: make(map[ast.Node]*Handler), info: pass.TypesInfo}
	// Fast path: no handler signature can be written without importing
	// net/http or a framework.
	paths := []string{"net/http"}
	for _, hp := range knowledge.HandlerParams {
		paths = append(paths, hp.Path)
	}
	if !typesx.ImportsAny(pass.Pkg, paths...) {
		return ix, nil
	}
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for c := range in.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var sig *types.Signature
		var fn *types.Func
		var name string
		switch n := c.Node().(type) {
		case *ast.FuncDecl:
			fn, _ = pass.TypesInfo.Defs[n.Name].(*types.Func)
			if fn == nil {
				continue
			}
			sig = fn.Type().(*types.Signature)
			name = typesx.ShortName(fn)
			if pkg := fn.Pkg(); pkg != nil {
				name = name[len(pkg.Name())+1:] // local: "Report", "Server.ServeHTTP"
			}
		case *ast.FuncLit:
			sig, _ = pass.TypesInfo.TypeOf(n).(*types.Signature)
			if sig == nil {
				continue
			}
			p := pass.Fset.Position(n.Pos())
			name = fmt.Sprintf("func literal at %s:%d", filepath.Base(p.Filename), p.Line)
		}
		framework, param, ctxExpr, ok := Match(sig)
		if !ok {
			continue
		}
		h := &Handler{Node: c.Node(), Func: fn, Name: name, Framework: framework, Param: param, CtxExpr: ctxExpr}
		ix.Handlers = append(ix.Handlers, h)
		ix.byNode[h.Node] = h
	}
	return ix, nil
}

// Match reports whether sig is a request handler's signature, and if so its
// framework, request parameter (nil if unnamed) and context expression.
func Match(sig *types.Signature) (framework string, param *types.Var, ctxExpr string, ok bool) {
	params := sig.Params()
	named := func(v *types.Var) *types.Var {
		if v.Name() == "" || v.Name() == "_" {
			return nil
		}
		return v
	}
	if params.Len() == 2 && sig.Results().Len() == 0 &&
		typesx.IsResponseWriter(params.At(0).Type()) && typesx.IsRequest(params.At(1).Type()) {
		if p := named(params.At(1)); p != nil {
			return "net/http", p, p.Name() + ".Context()", true
		}
		return "net/http", nil, "", true
	}
	if params.Len() != 1 {
		return "", nil, "", false
	}
	t := params.At(0).Type()
	for _, hp := range knowledge.HandlerParams {
		if hp.Pointer && !typesx.IsPointerTo(t, hp.Path, hp.Type) || !hp.Pointer && !typesx.IsNamed(t, hp.Path, hp.Type) {
			continue
		}
		if !resultsAre(sig.Results(), hp.Results) {
			continue
		}
		if p := named(params.At(0)); p != nil {
			return hp.Framework, p, fmt.Sprintf(hp.CtxExpr, p.Name()), true
		}
		return hp.Framework, nil, "", true
	}
	return "", nil, "", false
}

func resultsAre(res *types.Tuple, want string) bool {
	switch want {
	case "":
		return res.Len() == 0
	case "error":
		return res.Len() == 1 && types.Identical(res.At(0).Type(), types.Universe.Lookup("error").Type())
	}
	return false
}

// Sorted returns the handlers' names, sorted; for tests and debugging.
func (ix *Index) Sorted() []string {
	var names []string
	for _, h := range ix.Handlers {
		names = append(names, h.Name)
	}
	slices.Sort(names)
	return names
}
