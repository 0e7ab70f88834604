package perrequestclient

import (
	"go/ast"
	"go/types"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/ast/edge"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
)

// isStartup reports whether fn runs at start-up: main, init, constructors
// and life-cycle functions by name (New..., Init..., Start...), and functions called only from those (or from package
// variables' initialisers) and never used as values. Handlers never are.
func (c *checker) isStartup(fn *types.Func) bool {
	if fn == nil {
		return true // package level
	}
	if c.startup == nil {
		c.computeStartup()
	}
	return c.startup[fn]
}

func (c *checker) computeStartup() {
	c.startup = make(map[*types.Func]bool)
	isHandler := make(map[*types.Func]bool)
	for _, h := range c.ix.Handlers {
		if h.Func != nil {
			isHandler[h.Func] = true
		}
	}
	// callers[f] lists f's callers in the package; a nil caller is a
	// package-level initialiser, perRequest one a handler literal.
	perRequest := new(types.Func)
	callers := make(map[*types.Func][]*types.Func)
	escapes := make(map[*types.Func]bool)
	for cur := range c.in.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		fn, ok := c.pass.TypesInfo.Uses[id].(*types.Func)
		if !ok || c.byObj[fn] == nil {
			continue
		}
		call := cur
		if cur.ParentEdgeKind() == edge.SelectorExpr_Sel {
			call = cur.Parent()
		}
		if call.ParentEdgeKind() != edge.CallExpr_Fun {
			escapes[fn] = true
			continue
		}
		var caller *types.Func
		for e := range call.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			if c.ix.Of(e.Node()) != nil {
				if d, ok := e.Node().(*ast.FuncDecl); ok {
					caller, _ = c.pass.TypesInfo.Defs[d.Name].(*types.Func)
				} else {
					caller = perRequest
				}
				break
			}
			if d, ok := e.Node().(*ast.FuncDecl); ok {
				caller, _ = c.pass.TypesInfo.Defs[d.Name].(*types.Func)
				break
			}
		}
		callers[fn] = append(callers[fn], caller)
	}
	for _, f := range c.funcs {
		if !isHandler[f.Obj] && (startupName(f.Obj) || cliAction(f.Obj)) {
			c.startup[f.Obj] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range c.funcs {
			fn := f.Obj
			if c.startup[fn] || isHandler[fn] || escapes[fn] || len(callers[fn]) == 0 {
				continue
			}
			all := true
			for _, caller := range callers[fn] {
				if caller != nil && (caller == fn || !c.startup[caller]) {
					all = false
					break
				}
			}
			if all {
				c.startup[fn] = true
				changed = true
			}
		}
	}
}

// cliAction reports whether fn is a command-line framework's action: it
// has a parameter of a type of knowledge.CLIActionParams (*cobra.Command,
// *cli.Context, *kingpin.ParseContext), and runs once per invocation.
func cliAction(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for v := range sig.Params().Variables() {
		t := v.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
			if _, ok := knowledge.CLIActionParams[n.Obj().Pkg().Path()+"."+n.Obj().Name()]; ok {
				return true
			}
		}
	}
	return false
}

// startupName reports whether fn is main, init, a constructor or a
// life-cycle function by name (knowledge.StartupPrefixes): New, NewX, newX,
// MustNewX, Init, InitDB, Start, setupRoutes.
func startupName(fn *types.Func) bool {
	sig, _ := fn.Type().(*types.Signature)
	name := fn.Name()
	if sig != nil && sig.Recv() == nil && (name == "init" || name == "main" && fn.Pkg() != nil && fn.Pkg().Name() == "main") {
		return true
	}
	for p := range knowledge.StartupPrefixes {
		rest, ok := strings.CutPrefix(name, p)
		if !ok {
			continue
		}
		if rest == "" {
			return true
		}
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) || unicode.IsDigit(r) || r == '_' {
			return true
		}
	}
	return false
}
