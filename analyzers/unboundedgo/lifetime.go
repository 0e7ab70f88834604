// Lifetime: long-lived goroutines, request-scoped ones, and handlers that
// take over their connection.

package unboundedgo

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/handlers"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// longLived reports whether the goroutine runs until stopped: its function
// is named like a main loop (knowledge.LongLivedNames), or its body (the
// literal's, or the called function's when declared in this package) has an
// endless loop or a range over a channel, or calls such a function (looking
// one call deep into the package).
//
// Through any number of calls and across packages, ioeffect answers the
// same question (a read loop that ends only on an error, an event loop in a
// library's Serve), and a literal that starts by waiting for an object to
// end (watches) lives as long as that object.
func (c *checker) longLived(sp *spawn) bool {
	if sp.lit != nil {
		return c.runsForever(sp.lit.Body, 1) || c.io.BodyRunsUntilStopped(sp.lit.Body) || c.watches(sp)
	}
	fn := typesx.Callee(c.pass.TypesInfo, sp.call)
	if fn == nil {
		return false
	}
	if longLivedName(fn.Name()) || c.io.RunsUntilStopped(fn) {
		return true
	}
	if fn.Pkg() == c.pass.Pkg {
		if body := c.declBody(fn); body != nil {
			return c.runsForever(body, 1)
		}
	}
	return false
}

func (c *checker) runsForever(body *ast.BlockStmt, depth int) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			// An event loop, not a pagination loop (for { page...; if last { break } }).
			if n.Cond == nil && control.WaitsForEvents(n.Body) {
				found = true
			}
		case *ast.RangeStmt:
			if c.isChan(n.X) {
				found = true
			}
		case *ast.CallExpr:
			fn := typesx.Callee(c.pass.TypesInfo, n)
			if fn == nil {
				break
			}
			if longLivedName(fn.Name()) {
				found = true
			} else if depth > 0 && fn.Pkg() == c.pass.Pkg {
				if b := c.declBody(fn); b != nil && b != body {
					found = c.runsForever(b, depth-1)
				}
			}
		}
		return !found
	})
	return found
}

// connTakeoverNames are the bare names of knowledge.ConnTakeoverFuncs, in
// lower case: "hijack", "upgrade", "accept", "upgradehttp".
var connTakeoverNames = func() map[string]bool {
	m := make(map[string]bool)
	for name := range typesx.NamesOf(knowledge.ConnTakeoverFuncs) {
		m[strings.ToLower(name)] = true
	}
	return m
}()

func longLivedName(name string) bool {
	name = strings.ToLower(name)
	if _, ok := knowledge.LongLivedNames[name]; ok {
		return true
	}
	for s := range knowledge.LongLivedNameSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	for p := range knowledge.LongLivedNamePrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// declBody returns the body of a function declared in the package.
func (c *checker) declBody(fn *types.Func) *ast.BlockStmt {
	if c.decls == nil {
		c.decls = make(map[*types.Func]*ast.FuncDecl)
		for cur := range c.in.Root().Preorder((*ast.FuncDecl)(nil)) {
			d := cur.Node().(*ast.FuncDecl)
			if obj, ok := c.pass.TypesInfo.Defs[d.Name].(*types.Func); ok {
				c.decls[obj] = d
			}
		}
	}
	if d := c.decls[fn]; d != nil {
		return d.Body
	}
	return nil
}

// requestScoped reports whether the goroutine's literal waits on the
// request's (or caller's) context: <-r.Context().Done(), case
// <-ctx.Done(). It ends when the request does, so such goroutines are
// bounded by the requests in flight (a streaming handler's watcher).
func (c *checker) requestScoped(sp *spawn) bool {
	if sp.lit == nil {
		return false
	}
	found := false
	ast.Inspect(sp.lit.Body, func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.ARROW && isDoneCall(u.X) {
			call := ast.Unparen(u.X).(*ast.CallExpr)
			sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if c.ctx.Mentions(c.pass.TypesInfo, sel.X) {
				found = true
			}
		}
		return !found
	})
	return found
}

// takesOverConn reports whether the handler takes over its connection
// (Hijack, a websocket upgrade): goroutines it starts then serve the
// connection, like an accept loop's.
func (c *checker) takesOverConn(h *handlers.Handler) bool {
	body := control.Body(h.Node)
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		name := strings.ToLower(control.FuncName(call))
		if connTakeoverNames[name] || strings.Contains(name, "upgrade") {
			if name != "accept" || len(call.Args) > 0 && typesx.IsResponseWriter(c.pass.TypesInfo.TypeOf(call.Args[0])) {
				found = true
			}
		}
		return !found
	})
	return found
}
