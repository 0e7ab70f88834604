package httptimeout

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: the clients reported, and what their messages say.

const (
	msgNoTimeout   = "http.Client built with no Timeout waits forever on a server that stops responding"
	msgZeroTimeout = "http.Client with a Timeout of zero has no timeout and waits forever on a server that stops responding"
	msgDefault     = "http.DefaultClient has no timeout and waits forever on a server that stops responding"
)

// client judges an http.Client literal.
func (c *checker) client(cur inspector.Cursor, lit *ast.CompositeLit) {
	timeout := field(lit, "Timeout")
	switch {
	case timeout != nil && !nonPositiveConst(c.pass, timeout):
		return // a positive constant, or a value we trust
	case timeout == nil && c.boundedTransportField(lit):
		return
	case c.assignedLater(cur, "Timeout"):
		return
	case timeout == nil && c.transportSetLater(cur):
		return
	}
	res := c.follow(cur)
	if c.quiet(res) {
		return
	}
	if timeout != nil {
		c.r.Report(timeout, msgZeroTimeout+c.detail(res)+": set a positive Timeout")
		return
	}
	c.r.Report(lit, msgNoTimeout+c.detail(res)+": set Timeout")
}

// boundedTransportField reports whether the literal's Transport bounds the
// wait for response headers (a streaming client, bounded per response).
func (c *checker) boundedTransportField(lit *ast.CompositeLit) bool {
	tr := field(lit, "Transport")
	if tr == nil {
		return false
	}
	c.index()
	return c.boundedTransport(tr, nil, 0)
}

// newClient judges new(http.Client).
func (c *checker) newClient(cur inspector.Cursor, call *ast.CallExpr) {
	if c.assignedLater(cur, "Timeout") || c.transportSetLater(cur) {
		return
	}
	if res := c.follow(cur); !c.quiet(res) {
		c.r.Report(call, msgNoTimeout+c.detail(res)+": set Timeout")
	}
}

// defaultClient judges a use of http.DefaultClient.
func (c *checker) defaultClient(cur inspector.Cursor, sel *ast.SelectorExpr) {
	v, ok := c.pass.TypesInfo.Uses[sel.Sel].(*types.Var)
	if !ok || v.Pkg() == nil || v.Pkg().Path() != "net/http" || v.Name() != "DefaultClient" {
		return
	}
	switch p := cur.Parent().Node().(type) {
	case *ast.BinaryExpr:
		if p.Op == token.EQL || p.Op == token.NEQ {
			return // comparing with it is not using it
		}
	case *ast.SelectorExpr:
		if f, ok := c.pass.TypesInfo.Uses[p.Sel].(*types.Var); ok && f.IsField() {
			return // reading or setting one of its fields (http.DefaultClient.Timeout = ...)
		}
	}
	res := c.follow(cur)
	if _, copied := cur.Parent().Node().(*ast.StarExpr); copied {
		// A copy (`c := *http.DefaultClient`) is a client of its own: a
		// Timeout or a bounding transport set on it later counts.
		if c.assignedLater(cur.Parent(), "Timeout") || c.transportSetLater(cur.Parent()) {
			return
		}
	} else {
		// A Timeout set on it later would be set on the client every
		// package shares: only deadlines on its requests count.
		res.timeoutSet = false
	}
	if !c.quiet(res) {
		c.r.Report(sel, msgDefault+c.detail(res)+": use an http.Client with Timeout set")
	}
}

// defaultClientFunc reports http.Get and its siblings: they send through
// http.DefaultClient with no context, so nothing bounds them.
func (c *checker) defaultClientFunc(call *ast.CallExpr, fn *types.Func) {
	c.r.Report(call.Fun, fmt.Sprintf("%s uses http.DefaultClient, which has no timeout: use an http.Client with Timeout set", typesx.ShortName(fn)))
}

func (c *checker) assignedLater(cur inspector.Cursor, fields ...string) bool {
	obj := boundTo(c.pass, cur)
	if obj == nil {
		return false
	}
	for _, f := range fields {
		if c.assigned[fieldKey{obj, f}] {
			return true
		}
	}
	return false
}

// follow judges the client built or used at cur by where it goes.
func (c *checker) follow(cur inspector.Cursor) result {
	c.index()
	e := c.newEval()
	res := e.flow(cur, e.at(cur, nil), mClient)
	if e.exhausted {
		res = res.join(unknown)
	}
	return res
}

// quiet reports whether a client so judged is not reported: its Timeout
// is set after all, or every request it sends has a deadline, or (unless
// -caller-context) a deadline or the context of a caller of an exported
// function.
func (c *checker) quiet(res result) bool {
	switch {
	case res.timeoutSet, res.v == bounded, res.v == handed:
		return true
	case res.v == callerCtx:
		return !callerContext
	}
	return false
}

// detail says, for the message, what leaves the client unbounded: a
// request sent with no deadline, or the callers who decide.
func (c *checker) detail(res result) string {
	switch {
	case res.v == callerCtx && res.via != nil && res.viaReq:
		return " unless every caller of " + typesx.ShortName(res.via) + " passes a request whose context has a deadline"
	case res.v == callerCtx && res.via != nil:
		return " unless every caller of " + typesx.ShortName(res.via) + " passes a context with a deadline"
	case res.at.IsValid():
		p := c.pass.Fset.Position(res.at)
		return fmt.Sprintf(" (the request at %s:%d has no deadline)", filepath.Base(p.Filename), p.Line)
	}
	return ""
}
