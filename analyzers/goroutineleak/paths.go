package goroutineleak

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/cfg"
)

// This file: paths through a function's control-flow graph, for the
// questions "can the function return without calling cancel?" (cancel.go)
// and "can the goroutine return without closing done?" (signal.go).

// newCFG builds the control-flow graph of body. Calls to panic and to the
// functions noReturn names do not return.
func newCFG(body *ast.BlockStmt) *cfg.CFG {
	return cfg.New(body, func(call *ast.CallExpr) bool { return !noReturn(call) })
}

// returnAvoiding returns a return statement (explicit, or the implicit one
// at the end of the body) reachable from the statement after start (from
// the entry when start is nil) on a path that meets no node for which hit
// is true; nil when there is none. A node is hit when hit holds for it or
// for any node inside it, function literals included (a deferred or
// started literal that closes the channel counts).
func returnAvoiding(g *cfg.CFG, start ast.Node, hit func(ast.Node) bool) *ast.ReturnStmt {
	contains := func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(m ast.Node) bool {
			if found || m == nil {
				return false
			}
			if hit(m) {
				found = true
			}
			return !found
		})
		return found
	}
	seen := map[*cfg.Block]bool{}
	var walk func(b *cfg.Block, from int) *ast.ReturnStmt
	walk = func(b *cfg.Block, from int) *ast.ReturnStmt {
		for _, n := range b.Nodes[from:] {
			if contains(n) {
				return nil
			}
		}
		if ret := b.Return(); ret != nil {
			return ret
		}
		for _, s := range b.Succs {
			if seen[s] {
				continue
			}
			seen[s] = true
			if ret := walk(s, 0); ret != nil {
				return ret
			}
		}
		return nil
	}
	if start == nil {
		if len(g.Blocks) == 0 {
			return nil
		}
		seen[g.Blocks[0]] = true
		return walk(g.Blocks[0], 0)
	}
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for i, n := range b.Nodes {
			if n == start {
				seen[b] = true
				return walk(b, i+1)
			}
		}
	}
	return nil
}

// retLine is the line of a return statement, for messages; the implicit
// return at the end of a body is at its closing brace.
func retPos(ret *ast.ReturnStmt) token.Pos { return ret.Return }
