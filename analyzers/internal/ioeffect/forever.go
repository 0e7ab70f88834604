package ioeffect

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/conclint/conclint/analyzers/internal/control"
)

// This file recognises the loops that run until something stops them.

// endlessLoop returns the first loop of body (outside function literals)
// that runs until stopped, or nil:
//
//   - a range over a channel: it runs until the channel is closed;
//   - a `for {}` loop that waits for events (a select or a receive in its
//     body): an event loop;
//   - a `for {}` loop whose every exit (return, a break out of it, goto) is
//     under a condition on an error (if err != nil, errors.Is(err, io.EOF),
//     ctx.Err() != nil): a loop that serves a connection or a stream until
//     it fails. A loop that also leaves on a condition on data (a
//     pagination loop's `if next == "" { break }`) ends when the data does.
func endlessLoop(info *types.Info, body *ast.BlockStmt) ast.Node {
	var found ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil {
				if _, ok := t.Underlying().(*types.Chan); ok {
					found = n
				}
			}
		case *ast.ForStmt:
			if n.Cond == nil && (control.WaitsForEvents(n.Body) || exitsOnlyOnError(info, n)) {
				found = n
			}
		}
		return found == nil
	})
	return found
}

// exitsOnlyOnError reports whether every statement that leaves loop is
// under an if whose condition mentions an error value.
func exitsOnlyOnError(info *types.Info, loop *ast.ForStmt) bool {
	errType := types.Universe.Lookup("error").Type()
	mentionsError := func(e ast.Expr) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if x, ok := n.(ast.Expr); ok {
				if t := info.TypeOf(x); t != nil && types.Identical(t, errType) {
					found = true
				}
			}
			return !found
		})
		return found
	}
	ok := true
	// walk visits the statements of the loop; guarded is set under an
	// error condition, inner when a break would leave an inner statement
	// (a loop, a switch or a select) rather than loop.
	var walk func(n ast.Node, guarded, inner bool)
	walk = func(n ast.Node, guarded, inner bool) {
		if !ok || n == nil {
			return
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return
		case *ast.IfStmt:
			walk(n.Init, guarded, inner)
			walk(n.Body, guarded || mentionsError(n.Cond), inner)
			walk(n.Else, guarded, inner)
			return
		case *ast.ReturnStmt:
			if !guarded {
				ok = false
			}
			return
		case *ast.BranchStmt:
			switch {
			case n.Tok == token.GOTO:
				ok = ok && guarded
			case n.Tok == token.BREAK && n.Label == nil && !inner:
				ok = ok && guarded
			case n.Tok == token.BREAK && n.Label != nil:
				ok = ok && guarded // a labelled break may leave the loop
			}
			return
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			ast.Inspect(n, func(m ast.Node) bool {
				if m == n {
					return true
				}
				if s, isStmt := m.(ast.Stmt); isStmt {
					if _, isBlock := s.(*ast.BlockStmt); !isBlock {
						if _, isClause := s.(*ast.CaseClause); !isClause {
							if _, isComm := s.(*ast.CommClause); !isComm {
								walk(s, guarded, true)
								return false
							}
						}
					}
				}
				_, lit := m.(*ast.FuncLit)
				return !lit
			})
			return
		}
		// Other statements: visit their child statements.
		ast.Inspect(n, func(m ast.Node) bool {
			if m == n {
				return true
			}
			switch m.(type) {
			case *ast.FuncLit:
				return false
			case ast.Stmt:
				if _, isBlock := m.(*ast.BlockStmt); isBlock {
					return true
				}
				walk(m, guarded, inner)
				return false
			}
			return true
		})
	}
	for _, s := range loop.Body.List {
		walk(s, false, false)
	}
	return ok
}
