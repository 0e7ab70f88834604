package control

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// Leaves reports whether running stmts, in order, ends by leaving scope:
// scope is a loop (*ast.ForStmt, *ast.RangeStmt) that encloses them, or
// their function (*ast.FuncDecl, *ast.FuncLit). at is the cursor of the
// block or clause that holds stmts (a BlockStmt, CaseClause or
// CommClause): it places unlabelled breaks.
//
// A statement leaves the scope when it
//
//   - returns, panics or calls a function that does not return
//     (knowledge.NoReturnFuncs: os.Exit, log.Fatal, runtime.Goexit, ...);
//   - breaks out of the loop or of a statement around it: `break` whose
//     innermost for, range, switch or select is the loop, or `break L` to
//     the loop or beyond. A `break` in a switch or select case leaves only
//     that statement: the iteration goes on;
//   - continues a loop around the scope (`continue outer`);
//   - jumps to a label outside the scope (`goto out`);
//   - is a block that leaves, or an if statement both of whose branches
//     leave.
//
// Breaks, continues and gotos never leave a function scope. The statements
// after one that leaves are not reached, so any statement of stmts that
// leaves makes the whole run leave.
func Leaves(info *types.Info, at inspector.Cursor, stmts []ast.Stmt, scope ast.Node) bool {
	for _, s := range stmts {
		if leaves(info, at, s, scope) {
			return true
		}
	}
	return false
}

func leaves(info *types.Info, at inspector.Cursor, s ast.Stmt, scope ast.Node) bool {
	_, isFunc := scope.(*ast.FuncDecl)
	if _, ok := scope.(*ast.FuncLit); ok {
		isFunc = true
	}
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		return ok && NoReturn(info, call)
	case *ast.BlockStmt:
		return Leaves(info, at, s.List, scope)
	case *ast.LabeledStmt:
		return leaves(info, at, s.Stmt, scope)
	case *ast.IfStmt:
		if s.Else == nil || !Leaves(info, at, s.Body.List, scope) {
			return false
		}
		return leaves(info, at, s.Else, scope)
	case *ast.BranchStmt:
		if isFunc {
			return false
		}
		switch s.Tok {
		case token.BREAK:
			t := breakTarget(at, s.Label)
			return t != nil && encloses(t, scope)
		case token.CONTINUE:
			if s.Label == nil {
				return false // the innermost loop: scope or one inside it
			}
			t := breakTarget(at, s.Label)
			return t != nil && t != scope && encloses(t, scope)
		case token.GOTO:
			l := labelled(at, s.Label.Name)
			return l == nil || !encloses(scope, l)
		}
	}
	return false
}

// NoReturn reports whether call never returns to its caller: the builtin
// panic, or a function of knowledge.NoReturnFuncs.
func NoReturn(info *types.Info, call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
		if info == nil {
			return true
		}
		obj, known := info.Uses[id]
		_, builtin := obj.(*types.Builtin)
		return builtin || !known
	}
	if info == nil {
		return false
	}
	_, ok := knowledge.NoReturnFuncs[typesx.CallName(info, call)]
	return ok
}

// breakTarget returns the statement a break (or continue) at at leaves:
// with a label, the statement it labels; without, the innermost for,
// range, switch, type switch or select. It returns nil when there is none
// within the function.
func breakTarget(at inspector.Cursor, label *ast.Ident) ast.Node {
	if label != nil {
		if l := labelled(at, label.Name); l != nil {
			return l.Stmt
		}
		return nil
	}
	for e := range at.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.SwitchStmt)(nil),
		(*ast.TypeSwitchStmt)(nil), (*ast.SelectStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch e.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		}
		return e.Node()
	}
	return nil
}

// labelled returns the statement labelled name in the function around at,
// or nil. Labels are the function's, not its literals'.
func labelled(at inspector.Cursor, name string) *ast.LabeledStmt {
	var body ast.Node
	for e := range at.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch n := e.Node().(type) {
		case *ast.FuncLit:
			body = n.Body
		case *ast.FuncDecl:
			body = n.Body
		}
		break
	}
	if body == nil {
		return nil
	}
	var found *ast.LabeledStmt
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			if n.Label.Name == name {
				found = n
			}
		}
		return found == nil
	})
	return found
}

// encloses reports whether a's source range holds b's.
func encloses(a, b ast.Node) bool {
	return a.Pos() <= b.Pos() && b.End() <= a.End()
}
