package httptimeout

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: the servers reported.

const msgServer = "http.Server has neither ReadHeaderTimeout nor ReadTimeout: a client that sends its headers slowly holds a connection forever; set ReadHeaderTimeout"

// server judges an http.Server literal.
func (c *checker) server(cur inspector.Cursor, lit *ast.CompositeLit) {
	for _, f := range serverFields {
		if v := field(lit, f); v != nil && !nonPositiveConst(c.pass, v) {
			return
		}
	}
	if c.serverSetLater(cur) {
		return
	}
	var fixes []analysis.SuggestedFix
	if field(lit, "ReadHeaderTimeout") == nil {
		fixes = c.serverLitFix(lit)
	}
	c.r.Report(lit, msgServer, fixes...)
}

// newServer judges new(http.Server).
func (c *checker) newServer(cur inspector.Cursor, call *ast.CallExpr) {
	if !c.serverSetLater(cur) {
		c.r.Report(call, msgServer)
	}
}

// serverSetLater reports whether the server built at cur gets a read
// timeout after its literal: where it is stored, or by a function or an
// options loop it is handed to before it serves (setVia).
func (c *checker) serverSetLater(cur inspector.Cursor) bool {
	obj := boundTo(c.pass, cur)
	if obj == nil {
		return false
	}
	if c.assignedLater(cur, serverFields...) {
		return true
	}
	c.index()
	return c.setVia(obj, serverFields, 0)
}

// serveFunc reports http.ListenAndServe and its siblings, whose server
// cannot have timeouts.
func (c *checker) serveFunc(call *ast.CallExpr, fn *types.Func) {
	c.r.Report(call.Fun, fmt.Sprintf("%s serves with no timeouts: a client that sends its headers slowly holds a connection forever; use an http.Server with ReadHeaderTimeout set", typesx.ShortName(fn)),
		c.serveFix(call, fn)...)
}
