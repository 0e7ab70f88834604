package handlerblock

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers/internal/handlers"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/summary"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file reports the findings through calls: one per root cause. All
// the handlers of a package whose calls end at the same blocking operation
// (the same leaf position) make one finding, reported at the deepest call
// of the chain inside the package (where the chain leaves it, or the
// operation itself), naming the handlers that reach it. Two handlers
// calling serveFile, which calls vfs.File.Open, which sleeps, give one
// finding at serveFile's call to vfs.File.Open. In another package the
// same operation is reported again, once.

// A root is one blocking operation reached from handlers through calls.
type root struct {
	// site is where it is reported: the deepest call of the chain in the
	// package, or the first handler's own call when the chain leaves the
	// package at once. siteFn is the function holding site, nil for a
	// handler's call; callee the function site calls (nil when site is the
	// operation itself); chain the chain from site's function.
	site   ast.Node
	siteFn *types.Func
	callee *types.Func
	chain  summary.Reason
	// first is the first handler's call, with its handler and reason.
	first   operation
	firstH  *handlers.Handler
	firstR  summary.Reason
	names   []string // the handlers reaching it, in order, once each
	related []analysis.RelatedInformation
}

// roots collects a package's roots, in the order found.
type roots struct {
	byLeaf map[string]*root
	list   []*root
}

// addCall records the call o of handler h when its callee blocks on a path
// h's arguments decide (summary.Reason.Params).
func (c *checker) addCall(rs *roots, h *handlers.Handler, paths *summary.Paths, o operation) {
	reason, m, ok := c.reasonOf(o.callee)
	if !ok || !controlled(paths, o, reason) {
		return
	}
	key := summary.LeafKey(reason)
	rt := rs.byLeaf[key]
	if rt == nil {
		rt = &root{site: o.node, callee: o.callee, chain: reason, first: o, firstH: h, firstR: reason}
		if m != nil {
			if fn, r, ok := summary.Deepest(m, o.callee); ok && c.nodes[r.At] != nil {
				rt.site, rt.siteFn, rt.callee, rt.chain = c.nodes[r.At], fn, r.Next, r
			}
		}
		if rs.byLeaf == nil {
			rs.byLeaf = make(map[string]*root)
		}
		rs.byLeaf[key] = rt
		rs.list = append(rs.list, rt)
	}
	for _, n := range rt.names {
		if n == h.Name {
			return
		}
	}
	rt.names = append(rt.names, h.Name)
	rt.related = append(rt.related, analysis.RelatedInformation{Pos: o.node.Pos(), End: o.node.End(), Message: "called from handler " + h.Name})
}

// controlled reports whether the call o passes arguments its handler
// controls for the parameters that decide whether the callee blocks.
func controlled(paths *summary.Paths, o operation, r summary.Reason) bool {
	if len(r.Params) == 0 {
		return true
	}
	args := paths.Args(o.node.(*ast.CallExpr), o.callee)
	for _, k := range r.Params {
		if k >= len(args) || args[k].Rare {
			return false
		}
	}
	return true
}

// reportRoots reports each root once.
func (c *checker) reportRoots(r *report.Reporter, rs *roots) {
	for _, rt := range rs.list {
		if rt.siteFn == nil {
			c.reportAtHandler(r, rt)
			continue
		}
		what := rt.chain.Chain[len(rt.chain.Chain)-1]
		if rt.callee != nil {
			what = "call to " + typesx.ShortName(rt.callee)
		}
		fix := "pass the request's context down to " + typesx.ShortName(rt.siteFn) + " and wait in a select with a case on its Done()"
		if arg := contextArg(c.pass.TypesInfo, rt.site); arg != "" {
			fix = "it is given " + arg + " but does not watch it there: wait in a select with a case on its Done()"
		}
		r.ReportRelated(rt.site, fmt.Sprintf("%s in %s blocks %s without the request's context: %s at %s; %s",
			what, typesx.ShortName(rt.siteFn), handlerNames(rt.names), strings.Join(rt.firstR.Chain, " -> "), rt.firstR.Where, fix), rt.related)
	}
}

// reportAtHandler reports a root whose chain leaves the package at the
// first handler's call.
func (c *checker) reportAtHandler(r *report.Reporter, rt *root) {
	o := rt.first
	ctxExpr := c.ctxExpr(rt.firstH, o)
	fix := "pass the request's context down and wait in a select with a case on its Done()"
	if ctxExpr != "" {
		fix = "pass " + ctxExpr + " down and wait in a select with a case on its Done()"
	}
	if arg := c.passedContext(o.node); arg != "" {
		fix = "it is given " + arg + " but does not watch it there: wait in a select with a case on its Done()"
	}
	also := ""
	if len(rt.names) > 1 {
		also = " (also from " + handlerNames(rt.names[1:]) + ")"
	}
	r.ReportRelated(o.node, fmt.Sprintf("call to %s blocks without the request's context%s: %s at %s; %s",
		typesx.ShortName(o.callee), also, strings.Join(rt.firstR.Chain, " -> "), rt.firstR.Where, fix), rt.related[1:])
}

// handlerNames names the handlers of a root: "handler A", "handlers A and
// B", "handlers A, B and 3 more".
func handlerNames(names []string) string {
	switch len(names) {
	case 1:
		return "handler " + names[0]
	case 2:
		return "handlers " + names[0] + " and " + names[1]
	}
	return fmt.Sprintf("handlers %s, %s and %d more", names[0], names[1], len(names)-2)
}

// contextArg returns the source of the first argument of the call n whose
// type is a context, or "".
func contextArg(info *types.Info, n ast.Node) string {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return ""
	}
	for _, a := range call.Args {
		if implementsContext(info.TypeOf(a)) {
			return report.Short(a)
		}
	}
	return ""
}
