package ctxpropagation

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/conclint/conclint/analyzers/internal/ctxscope"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file writes the findings' messages:
//
//	context.Background() ignores the request's context: use r.Context()
//	db.Query ignores the caller's context: use db.QueryContext(ctx, ...)
//
// and, under -explain-quiet, the same prefixed with why they are kept quiet.

// backgroundMessage is the message for context.Background() or
// context.TODO() (fn) where src is in scope.
func backgroundMessage(fn *types.Func, src ctxscope.Source) string {
	return fmt.Sprintf("context.%s() ignores %s: use %s", fn.Name(), whoseContext(src), src.Expr)
}

// contextlessMessage is the message for a call to callee where src is in
// scope and the variant use, called with args, takes it.
func contextlessMessage(callee string, src ctxscope.Source, use, args string) string {
	return fmt.Sprintf("%s ignores %s: use %s(%s)", callee, whoseContext(src), use, args)
}

// quietPrefix marks a message reported only under -explain-quiet with why
// the finding is kept quiet: QUIET(defer) ..., or returns msg when why is
// "".
func quietPrefix(why, msg string) string {
	if why == "" {
		return msg
	}
	return "QUIET(" + why + ") " + msg
}

// whoseContext names the context in messages.
func whoseContext(src ctxscope.Source) string {
	if src.Kind == ctxscope.Request {
		return "the request's context"
	}
	return "the caller's context"
}

// calleeText names the called API in messages: the call's own text when it
// is short (db.Query, exec.Command), else the API's short name.
func (c *checker) calleeText(call *ast.CallExpr, fn *types.Func) string {
	if s := types.ExprString(calledExpr(call)); len(s) <= 40 {
		return s
	}
	return typesx.ShortName(fn)
}

// nameAt names the variant in messages, as it would be called at call:
// db.QueryContext, FetchContext, or the table's template filled in.
func (v *variant) nameAt(c *checker, call *ast.CallExpr) string {
	if v.name != "" {
		fun := calledExpr(call)
		switch f := fun.(type) {
		case *ast.SelectorExpr:
			if x := types.ExprString(f.X); len(x) <= 30 {
				return x + "." + v.name
			}
		case *ast.Ident:
			return v.name
		}
		if v.fn != nil {
			return typesx.ShortName(v.fn)
		}
		return v.name
	}
	return v.fillTemplate(c, call, v.entry.Use, "")
}

// argsText shows the variant's arguments in messages: the context, then
// "..." when the call has arguments or the variant is a table template,
// which adds its own (BeginTx(ctx, nil)).
func (v *variant) argsText(call *ast.CallExpr, ctx string) string {
	if len(call.Args) > 0 || v.name == "" {
		return ctx + ", ..."
	}
	return ctx
}
