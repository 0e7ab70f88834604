// Facts: the through-call analysis of functions that start goroutines
// outliving the call, within one module.

package unboundedgo

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers/internal/handlers"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/summary"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// spawnsFact marks a function that, on every call, starts a goroutine it
// neither waits for nor bounds. Module is the module (or, without module
// information, the first import path element) of the function's package:
// facts are only followed within one module, because libraries start
// goroutines tied to their own objects' lifetimes (connection read loops,
// timers) that a caller cannot and need not bound.
type spawnsFact struct {
	Chain  []string
	Where  string
	Module string
}

func (*spawnsFact) AFact() {}

func (f *spawnsFact) String() string { return "spawns(" + strings.Join(f.Chain, " -> ") + ")" }

// spawnersFact marks a package with spawnsFacts, so that the through-call
// analysis skips packages that neither start goroutines nor import such a
// package: their functions can have no spawnsFact.
type spawnersFact struct{}

func (*spawnersFact) AFact()         {}
func (*spawnersFact) String() string { return "has functions that spawn" }

// maxChain bounds the through-call analysis: a handler's helper, or a
// helper of a helper, that starts a goroutine ("notify.Send -> go
// notify.deliver") is the work of the handler; a go statement ten calls
// deep behind conditions is a subsystem's own business, not the handler's.
const maxChain = 3

// moduleKey names the package's module for spawnsFact.Module.
func moduleKey(pass *analysis.Pass) string {
	if pass.Module != nil && pass.Module.Path != "" {
		return pass.Module.Path
	}
	first, _, _ := strings.Cut(pass.Pkg.Path(), "/")
	return first
}

// importsSpawners reports whether a package the package imports has
// functions with a spawnsFact.
func importsSpawners(pass *analysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		if pass.ImportPackageFact(imp, new(spawnersFact)) {
			return true
		}
	}
	return false
}

// throughCalls finds the functions that start a goroutine outliving the
// call, directly or through the functions they call (summary.Solve), exports
// them as facts, and reports the calls to them from request handlers: once
// per go statement reached, at the first call, naming the other handlers
// that reach it.
// Handlers are left out of the summary: their own go statements are
// reported where they are.
func (c *checker) throughCalls() {
	var funcs []*summary.Func
	for cur := range c.in.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		obj, _ := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if obj == nil || decl.Body == nil || c.handlerIndex.Of(decl) != nil || returnsHandle(obj) {
			continue
		}
		f := &summary.Func{Obj: obj, Direct: c.direct[obj]}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // not run by the call itself
			case *ast.GoStmt:
				// The goroutine's call is not made by this function; its
				// arguments are.
				for _, arg := range n.Call.Args {
					ast.Inspect(arg, func(m ast.Node) bool { return c.addCall(f, m) })
				}
				return false
			}
			return c.addCall(f, n)
		})
		funcs = append(funcs, f)
	}
	res := summary.Solve(funcs, c.imported, typesx.ShortName)
	for fn, reason := range res {
		if len(reason.Chain) > maxChain {
			delete(res, fn)
		}
	}
	for _, fn := range summary.Sorted(res) {
		reason := res[fn]
		c.pass.ExportObjectFact(fn, &spawnsFact{Chain: reason.Chain, Where: reason.Where, Module: c.module})
	}
	if len(res) > 0 {
		c.pass.ExportPackageFact(new(spawnersFact))
	}
	if len(c.handlerIndex.Handlers) == 0 {
		return // no handler to report calls in
	}
	// One root cause (a go statement) is one finding, at the first call that
	// reaches it; the other handlers that reach it are named there.
	type site struct {
		call   *ast.CallExpr
		callee *types.Func
		h      *handlers.Handler
		reason summary.Reason
		others []string
	}
	var sites []*site
	byRoot := make(map[string]*site)
	for cur := range c.in.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if _, ok := cur.Parent().Node().(*ast.GoStmt); ok {
			continue
		}
		callee := typesx.StaticCallee(c.pass.TypesInfo, call)
		if callee == nil {
			continue
		}
		reason, ok := res[callee]
		if !ok {
			reason, ok = c.imported(callee)
		}
		if !ok {
			continue
		}
		h := c.handlerOf(cur)
		if h == nil || c.takesOverConn(h) {
			continue
		}
		root := reason.Where + " " + strings.Join(reason.Chain[len(reason.Chain)-1:], "")
		if first := byRoot[root]; first != nil {
			if first.h.Name != h.Name && !slices.Contains(first.others, h.Name) {
				first.others = append(first.others, h.Name)
			}
			continue
		}
		st := &site{call: call, callee: callee, h: h, reason: reason}
		byRoot[root] = st
		sites = append(sites, st)
	}
	for _, st := range sites {
		c.reportCall(st.call, st.callee, st.h, st.others, st.reason)
	}
}

// addCall records n in f's calls when it is a call to a static callee,
// and tells ast.Inspect whether to go on: not into function literals.
func (c *checker) addCall(f *summary.Func, n ast.Node) bool {
	switch n := n.(type) {
	case *ast.FuncLit:
		return false
	case *ast.CallExpr:
		if callee := typesx.StaticCallee(c.pass.TypesInfo, n); callee != nil {
			f.Calls = append(f.Calls, summary.Call{Callee: callee, Pos: n.Pos()})
		}
	}
	return true
}

// returnsHandle reports whether fn returns something its caller can wait
// on (a channel, or a value with a Wait method: a WaitGroup, an errgroup, a
// future): an asynchronous API whose goroutine the caller may well wait for.
func returnsHandle(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for v := range sig.Results().Variables() {
		t := v.Type()
		if _, ok := t.Underlying().(*types.Chan); ok {
			return true
		}
		for name := range knowledge.WaitMethodNames {
			if obj, _, _ := types.LookupFieldOrMethod(t, true, fn.Pkg(), name); obj != nil {
				if _, ok := obj.(*types.Func); ok {
					return true
				}
			}
		}
	}
	return false
}

// imported returns the reason of a function of another package of the same
// module.
func (c *checker) imported(fn *types.Func) (summary.Reason, bool) {
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return summary.Reason{}, false
	}
	var f spawnsFact
	if !c.pass.ImportObjectFact(fn, &f) || f.Module != c.module {
		return summary.Reason{}, false
	}
	return summary.Reason{Chain: f.Chain, Where: f.Where}, true
}
