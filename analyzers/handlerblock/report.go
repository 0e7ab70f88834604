package handlerblock

import (
	"fmt"
	"go/ast"

	"github.com/conclint/conclint/analyzers/internal/handlers"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
)

// This file writes the findings' messages: what blocks, in which handler,
// and the fix, naming the request's context as the handler has it.

// ctxExpr returns the expression of the request's context at the
// operation o of handler h, or "".
func (c *checker) ctxExpr(h *handlers.Handler, o operation) string {
	if src, ok := c.scope.At(o.cur); ok && !src.InGoroutine {
		return src.Expr
	}
	return h.CtxExpr
}

// doneCase names the select case the fix adds at the operation o of h.
func (c *checker) doneCase(h *handlers.Handler, o operation) string {
	if e := c.ctxExpr(h, o); e != "" {
		return "a case <-" + e + ".Done()"
	}
	return "a case on the request context's Done()"
}

// passedContext returns the source of the call's argument that passes the
// request's context on, or "".
func (c *checker) passedContext(n ast.Node) string {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return ""
	}
	for _, a := range call.Args {
		if implementsContext(c.pass.TypesInfo.TypeOf(a)) && c.scope.Mentions(c.pass.TypesInfo, a) {
			return report.Short(a)
		}
	}
	return ""
}

// reportOp reports the operation o of handler h; calls are collected into
// roots (roots.go) and reported once per root.
func (c *checker) reportOp(r *report.Reporter, h *handlers.Handler, o operation) {
	doneCase := c.doneCase(h, o)
	const why = "blocks without the request's context and keeps waiting after the client has gone"
	switch o.kind {
	case opBlocking:
		fix := "wait in a select with " + doneCase + " instead"
		if o.callee != nil && knowledge.Sleeps[o.callee.FullName()] != "" {
			fix = "wait in a select on a time.Timer's channel and " + doneCase + " instead"
		}
		r.Report(o.node, fmt.Sprintf("%s in handler %s %s: %s", o.label, h.Name, why, fix))
	case opTimer:
		switch o.node.(type) {
		case *ast.SelectStmt:
			r.Report(o.node, fmt.Sprintf("select on timers only in handler %s %s: add %s", h.Name, why, doneCase))
			return
		case *ast.RangeStmt:
			r.Report(o.node, fmt.Sprintf("%s in handler %s %s: receive in a loop around a select with %s", o.label, h.Name, why, doneCase))
			return
		}
		r.Report(o.node, fmt.Sprintf("%s in handler %s %s: receive from it in a select with %s", o.label, h.Name, why, doneCase))
	case opRecv:
		r.Report(o.node, fmt.Sprintf("%s in handler %s %s: receive in a select with %s", o.label, h.Name, why, doneCase))
	case opSend:
		r.Report(o.node, fmt.Sprintf("%s in handler %s %s: send in a select with %s", o.label, h.Name, why, doneCase))
	case opRange:
		r.Report(o.node, fmt.Sprintf("%s in handler %s %s: receive in a loop around a select with %s", o.label, h.Name, why, doneCase))
	case opSelect:
		r.Report(o.node, fmt.Sprintf("select in handler %s has no default and no case for the request's cancellation, so it keeps waiting after the client has gone: add %s", h.Name, doneCase))
	}
}
