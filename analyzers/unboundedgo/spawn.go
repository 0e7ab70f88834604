// Spawn sites: go statements and spawner method calls, what they run, and
// the functions and handlers they are in.

package unboundedgo

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/handlers"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// A spawn is one place that starts a goroutine.
type spawn struct {
	cur  inspector.Cursor
	node ast.Node      // *ast.GoStmt, or the *ast.CallExpr of a spawner method
	call *ast.CallExpr // the go statement's call, or the spawner call
	lit  *ast.FuncLit  // the goroutine's function literal, if any
	// spawner is the knowledge entry of a spawner method; nil for go statements.
	spawner *knowledge.Spawner
	recv    ast.Expr // the spawner's receiver (g in g.Go)
	// mentions holds the variables and field paths the goroutine refers to.
	mentions map[varPath]bool
}

// name is how messages call the spawn: "go statement", "g.Go".
func (sp *spawn) name() string {
	if sp.spawner == nil {
		return "go statement"
	}
	return report.Short(sp.recv) + "." + sp.spawner.Method
}

func (c *checker) spawnAt(cur inspector.Cursor) *spawn {
	sp := &spawn{cur: cur, node: cur.Node()}
	switch n := cur.Node().(type) {
	case *ast.GoStmt:
		sp.call = n.Call
		sp.lit, _ = ast.Unparen(n.Call.Fun).(*ast.FuncLit)
	case *ast.CallExpr:
		sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
		if !ok || !spawnerMethods[sel.Sel.Name] {
			return nil // cheap test first: most calls are not spawner methods
		}
		fn := typesx.Callee(c.pass.TypesInfo, n)
		if fn == nil {
			return nil
		}
		sp.spawner = spawnerOf(fn)
		if sp.spawner == nil {
			return nil
		}
		sp.call, sp.recv = n, sel.X
		if len(n.Args) == 1 {
			sp.lit, _ = ast.Unparen(n.Args[0]).(*ast.FuncLit)
		}
	default:
		return nil
	}
	sp.mentions = c.mentions(sp.call)
	return sp
}

// spawnerMethods holds the method names of knowledge.Spawners.
var spawnerMethods = func() map[string]bool {
	m := make(map[string]bool)
	for _, s := range knowledge.Spawners {
		m[s.Method] = true
	}
	return m
}()

// spawnerOf returns fn's entry in knowledge.Spawners, or nil.
func spawnerOf(fn *types.Func) *knowledge.Spawner {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return nil
	}
	for i := range knowledge.Spawners {
		s := &knowledge.Spawners[i]
		if s.Method == fn.Name() && s.Type == named.Obj().Name() && s.Path == named.Obj().Pkg().Path() {
			return s
		}
	}
	return nil
}

// goTarget names what a go statement runs, for chains.
func goTarget(call *ast.CallExpr) string {
	if _, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return "func literal"
	}
	return report.Short(call.Fun)
}

// enclosingFunc returns the innermost function declaration or literal
// containing the spawn (not the goroutine's own literal).
func enclosingFunc(cur inspector.Cursor) inspector.Cursor {
	for f := range cur.Parent().Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return f
	}
	return inspector.Cursor{}
}

// outermostFunc returns the top-level function declaration or literal
// enclosing cur.
func outermostFunc(cur inspector.Cursor) inspector.Cursor {
	var last inspector.Cursor
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		last = f
	}
	return last
}

func (c *checker) cursorOf(n ast.Node) (inspector.Cursor, bool) {
	return c.in.Root().FindNode(n)
}

// handlerOf returns the request handler the spawn or call at cur runs in on
// every request, or nil. Code inside sync.Once.Do and its siblings runs once,
// not per request.
func (c *checker) handlerOf(cur inspector.Cursor) *handlers.Handler {
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if c.handlerIndex.Of(f.Node()) != nil {
			break
		}
		if _, ok := f.Node().(*ast.FuncLit); !ok {
			break
		}
		if run, call := control.LitRun(c.pass.TypesInfo, f); run == control.Callback {
			if _, once := knowledge.OnceFuncs[typesx.CallName(c.pass.TypesInfo, call.Node().(*ast.CallExpr))]; once {
				return nil
			}
		}
	}
	return c.handlerIndex.Enclosing(cur)
}
