package ctxpropagation

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/ctxscope"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file keeps quiet in code that runs once: a command-line tool's
// commands, examples, test helpers, a main package. A hang there is seen
// and fixed by the person who ran it; the context passed along changes
// nothing for a server under load. A request's context is never in code
// that runs once: a handler serves a request wherever it is declared.
//
// The rule, as documented: the context in scope is a caller's (not a
// request's), and
//
//   - the package is a command: named main, cli, cmd, ctl, command,
//     commands or tools, or named ...ctl (etcdctl);
//   - or a directory of its import path is named cli, tools, tool, or
//     ...ctl (a command's packages), example, examples, _example,
//     _examples (examples), testutil, testutils, testhelper, testhelpers,
//     testing, e2e (test helpers), or the package's name ends in test
//     (zaptest, e2etest);
//   - or the function around the call is a command's action: a function
//     literal or function given as Run, RunE and their Pre/Post and
//     Persistent variants of a cobra.Command, Action, Before or After of an
//     urfave/cli Command or App, or to kingpin's Action and PreAction.
//
// Directories named cmd are not in the list: servers keep their code
// under cmd/NAME/app, and a package under cmd that is not main serves
// requests as often as not.

var (
	commandPkgNames = map[string]bool{
		"main": true, "cli": true, "cmd": true, "ctl": true, "command": true, "commands": true, "tools": true,
	}
	runOnceDirs = map[string]bool{
		"cli": true, "tools": true, "tool": true,
		"example": true, "examples": true, "_example": true, "_examples": true,
		"testutil": true, "testutils": true, "testhelper": true, "testhelpers": true, "testing": true, "e2e": true,
	}
	// commandActions are the fields and methods through which command-line
	// frameworks run a command's action, by the package that declares them.
	commandActions = map[string]map[string]bool{
		"github.com/spf13/cobra": {
			"Run": true, "RunE": true, "PreRun": true, "PreRunE": true, "PostRun": true, "PostRunE": true,
			"PersistentPreRun": true, "PersistentPreRunE": true, "PersistentPostRun": true, "PersistentPostRunE": true,
		},
		"github.com/urfave/cli":            {"Action": true, "Before": true, "After": true},
		"github.com/urfave/cli/v2":         {"Action": true, "Before": true, "After": true},
		"github.com/urfave/cli/v3":         {"Action": true, "Before": true, "After": true},
		"gopkg.in/alecthomas/kingpin.v2":   {"Action": true, "PreAction": true},
		"github.com/alecthomas/kingpin/v2": {"Action": true, "PreAction": true},
		"github.com/alecthomas/kingpin":    {"Action": true, "PreAction": true},
	}
)

// runsOnce reports whether the code at cur, with src in scope, runs once
// per process or per command (see the rule above).
func (c *checker) runsOnce(cur inspector.Cursor, src ctxscope.Source) bool {
	if src.Kind == ctxscope.Request {
		return false
	}
	if c.onceReady == 0 {
		c.onceReady = 2
		if runOncePackage(c.pass.Pkg) {
			c.onceReady = 1
		}
	}
	if c.onceReady == 1 {
		return true
	}
	return c.inCommandAction(cur)
}

// runOncePackage reports whether pkg is a command, an example or a test
// helper by its name or its path.
func runOncePackage(pkg *types.Package) bool {
	name := pkg.Name()
	if commandPkgNames[name] || strings.HasSuffix(name, "ctl") || len(name) > len("test") && strings.HasSuffix(name, "test") && name != "latest" {
		return true
	}
	for _, dir := range strings.Split(pkg.Path(), "/") {
		if runOnceDirs[dir] || len(dir) >= len("ctl") && strings.HasSuffix(dir, "ctl") {
			return true
		}
	}
	return false
}

// inCommandAction reports whether a function around cur is a command's
// action: a literal given to a command framework's action field or method,
// or a function of the package given to one (computed once).
func (c *checker) inCommandAction(cur inspector.Cursor) bool {
	for e := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch n := e.Node().(type) {
		case *ast.FuncLit:
			if c.isCommandAction(e) {
				return true
			}
		case *ast.FuncDecl:
			if c.actions == nil {
				c.actions = c.commandActionFuncs()
			}
			fn, _ := c.pass.TypesInfo.Defs[n.Name].(*types.Func)
			return fn != nil && c.actions[fn]
		}
	}
	return false
}

// commandActionFuncs returns the package's functions and methods given as
// a command's action (Action: run, cmd.Action(c.run)).
func (c *checker) commandActionFuncs() map[*types.Func]bool {
	out := make(map[*types.Func]bool)
	if !c.importsCommandFramework() {
		return out
	}
	for cur := range c.inspector.Root().Preorder((*ast.Ident)(nil)) {
		fn, ok := c.pass.TypesInfo.Uses[cur.Node().(*ast.Ident)].(*types.Func)
		if !ok || fn.Pkg() != c.pass.Pkg {
			continue
		}
		e := cur
		if e.ParentEdgeKind() == edge.SelectorExpr_Sel {
			e = e.Parent()
		}
		if c.isCommandAction(e) {
			out[fn] = true
		}
	}
	return out
}

// importsCommandFramework reports whether the package imports a command
// framework of commandActions.
func (c *checker) importsCommandFramework() bool {
	for _, imp := range c.pass.Pkg.Imports() {
		if commandActions[imp.Path()] != nil {
			return true
		}
	}
	return false
}

// isCommandAction reports whether the expression at e (a function literal
// or a function's name) is given to a command framework as an action: the
// value of an action field in a composite literal or an assignment, or the
// argument of an action method.
func (c *checker) isCommandAction(e inspector.Cursor) bool {
	info := c.pass.TypesInfo
	for e.ParentEdgeKind() == edge.ParenExpr_X {
		e = e.Parent()
	}
	switch e.ParentEdgeKind() {
	case edge.KeyValueExpr_Value:
		kv := e.Parent().Node().(*ast.KeyValueExpr)
		key, ok := kv.Key.(*ast.Ident)
		if !ok {
			return false
		}
		field, ok := info.Uses[key].(*types.Var)
		return ok && field.IsField() && isAction(field.Pkg(), field.Name())
	case edge.AssignStmt_Rhs:
		as := e.Parent().Node().(*ast.AssignStmt)
		idx := e.ParentEdgeIndex()
		if len(as.Lhs) != len(as.Rhs) {
			return false
		}
		sel, ok := as.Lhs[idx].(*ast.SelectorExpr)
		if !ok {
			return false
		}
		field, ok := info.Uses[sel.Sel].(*types.Var)
		return ok && field.IsField() && isAction(field.Pkg(), field.Name())
	case edge.CallExpr_Args:
		fn := typesx.Callee(info, e.Parent().Node().(*ast.CallExpr))
		return fn != nil && fn.Signature().Recv() != nil && isAction(fn.Pkg(), fn.Name())
	}
	return false
}

// isAction reports whether name is an action field or method of a command
// framework declared in pkg.
func isAction(pkg *types.Package, name string) bool {
	return pkg != nil && commandActions[pkg.Path()][name]
}
