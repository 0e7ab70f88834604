package handlerblock

import (
	"fmt"
	"go/ast"
	"strings"

	"github.com/conclint/conclint/analyzers/internal/handlers"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file writes the findings' messages: what blocks, in which handler,
// and the fix, naming the request's context as the handler has it.

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

// reportOp reports the operation o of handler h.
func (c *checker) reportOp(r *report.Reporter, h *handlers.Handler, o operation) {
	ctxExpr := h.CtxExpr
	if src, ok := c.scope.At(o.cur); ok && !src.InGoroutine {
		ctxExpr = src.Expr
	}
	doneCase := "a case on the request context's Done()"
	if ctxExpr != "" {
		doneCase = "a case <-" + ctxExpr + ".Done()"
	}
	const why = "blocks without the request's context and keeps waiting after the client has gone"
	switch o.kind {
	case opCall:
		reason, ok := c.reasonOf(o.callee)
		if !ok {
			return
		}
		fix := "pass the request's context down and wait in a select with a case on its Done()"
		if ctxExpr != "" {
			fix = "pass " + ctxExpr + " down and wait in a select with a case on its Done()"
		}
		if arg := c.passedContext(o.node); arg != "" {
			fix = "it is given " + arg + " but does not watch it there: wait in a select with a case on its Done()"
		}
		r.Report(o.node, fmt.Sprintf("call to %s blocks without the request's context: %s at %s; %s",
			typesx.ShortName(o.callee), strings.Join(reason.Chain, " -> "), reason.Where, fix))
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
