package ctxpropagation

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/ctxscope"
)

// This file keeps quiet where the function honours the context by hand
// for a context-less call: it copies the context's deadline (a dialer's
// Deadline), or it stops what the call started when the context is done
// (kills the process, closes the connection). Passing the context as well
// would change nothing, or would replace a graceful stop with an abrupt
// one.

// byHand reports whether the function around cur honours src's context by
// hand for call: it reads the context's Deadline() before cur, or the
// variable the call's result is assigned to is used in a `case
// <-ctx.Done():` or after a `<-ctx.Done()` in the same function.
func (c *checker) byHand(cur inspector.Cursor, call *ast.CallExpr, src ctxscope.Source) bool {
	body := outermostFunc(cur)
	if body == nil {
		return false
	}
	res := c.resultVar(cur, call)
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if n.End() <= call.Pos() && c.isMethodOn(n, "Deadline", src.Var) {
				found = true // deadline, ok := ctx.Deadline(); dialer.Deadline = deadline
			}
		case *ast.CommClause:
			if res != nil && n.Comm != nil && c.receivesDone(n.Comm, src.Var) && mentionsVar(c.pass.TypesInfo, n.Body, res) {
				found = true // case <-ctx.Done(): cmd.Process.Kill()
			}
		case *ast.BlockStmt:
			if res != nil {
				found = c.stopsAfterDone(n.List, src.Var, res)
			}
		}
		return !found
	})
	return found
}

// stopsAfterDone reports whether a statement of list receives from v's
// Done() and a later statement mentions res: <-ctx.Done(); conn.Close().
func (c *checker) stopsAfterDone(list []ast.Stmt, v, res *types.Var) bool {
	for i, s := range list {
		es, ok := s.(*ast.ExprStmt)
		if !ok {
			continue
		}
		u, ok := ast.Unparen(es.X).(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW || !c.isDone(u.X, v) {
			continue
		}
		for _, later := range list[i+1:] {
			if mentionsVar(c.pass.TypesInfo, []ast.Stmt{later}, res) {
				return true
			}
		}
	}
	return false
}

// resultVar returns the local variable the call at cur is assigned to
// (cmd := exec.Command(...), conn, err = net.Dial(...)), or nil.
func (c *checker) resultVar(cur inspector.Cursor, call *ast.CallExpr) *types.Var {
	var lhs ast.Expr
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && p.Rhs[0] == call && len(p.Lhs) > 0 {
			lhs = p.Lhs[0]
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && p.Values[0] == call && len(p.Names) > 0 {
			lhs = p.Names[0]
		}
	}
	id, ok := lhs.(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	v, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	return v
}

// mentionsVar reports whether any of stmts refers to v.
func mentionsVar(info *types.Info, stmts []ast.Stmt, v *types.Var) bool {
	found := false
	for _, s := range stmts {
		ast.Inspect(s, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// outermostFunc returns the outermost function declaration or literal
// around cur, or nil.
func outermostFunc(cur inspector.Cursor) ast.Node {
	var out ast.Node
	for e := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		out = e.Node()
	}
	return out
}
