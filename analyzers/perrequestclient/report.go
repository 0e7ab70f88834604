package perrequestclient

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/summary"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// report reports the sites that build a client on every request or on every
// iteration of a loop over input. Constructions are reported where they
// are; calls of functions that build one are reported once per root cause
// (roots).
func (c *checker) report() {
	var rs roots
	for _, s := range c.sites {
		if c.r.Skip(s.node.Pos()) || s.runs.guarded || s.flow == kept {
			continue
		}
		if s.runs.handler == nil && (s.runs.loop == nil || s.flow == collected || c.isStartup(s.runs.fn)) {
			continue
		}
		if s.callee == nil {
			c.reportLeaf(s)
			continue
		}
		c.addCall(&rs, s)
	}
	for _, rt := range rs.list {
		c.reportRoot(rt)
	}
}

// reportLeaf reports a construction in a handler or a per-input loop.
func (c *checker) reportLeaf(s *site) {
	if s.runs.handler != nil {
		c.r.Reportf(s.node, "%s in handler %s %s on every request: %s", s.name, s.runs.handler.Name, s.entry.Does, s.entry.Fix)
		return
	}
	c.r.Reportf(s.node, "%s in a loop in %s %s %s: %s", s.name, localName(s.runs.fn), s.entry.Does, c.repeats(s), s.entry.Fix)
}

// repeats says how often a construction in a per-input loop runs: "for
// each element of c.Servers on every call", "for each value received from
// msgs", "on every iteration of its loop".
func (c *checker) repeats(s *site) string {
	loop, ok := s.runs.loop.(*ast.RangeStmt)
	if !ok {
		return "on every iteration"
	}
	x := report.Short(loop.X)
	if _, isChan := typeUnder(c.pass.TypesInfo.TypeOf(loop.X)).(*types.Chan); isChan {
		return "for each value received from " + x
	}
	return "for each element of " + x + " on every call"
}

func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// This part reports the findings through calls: one per root cause. All
// the sites of a package whose callees end at the same construction (the
// same leaf position) make one finding, reported at the deepest call of
// the chain inside the package (where it leaves the package, or the
// construction itself), naming the handlers and loops that reach it. In
// another package the same construction is reported again, once.

// A root is one construction reached through calls from handlers and
// per-input loops.
type root struct {
	// site is where it is reported, in siteFn (nil when site is the first
	// caller's own call); callee is the function site calls, nil when site
	// is the construction.
	site   *site
	siteFn *types.Func
	callee *types.Func
	// first is the first call reaching it, with its reason; members all of
	// them, in order.
	first   *site
	firstR  summary.Reason
	does    string
	members []*site
}

// roots collects a package's roots, in the order found.
type roots struct {
	byLeaf map[string]*root
	list   []*root
}

// addCall adds the call site s, in a handler or a per-input loop, to its
// root when its callee builds a client for the arguments s passes.
func (c *checker) addCall(rs *roots, s *site) {
	r, does, ok := c.reason(s.callee)
	if !ok || !c.controlled(s, r) {
		return
	}
	key := summary.LeafKey(r)
	rt := rs.byLeaf[key]
	if rt == nil {
		rt = &root{site: s, callee: s.callee, first: s, firstR: r, does: does}
		if _, local := c.reasons[s.callee]; local {
			// The deepest call in the package, unless it is a construction
			// reported where it is (in a handler or a per-input loop).
			if fn, dr, ok := summary.Deepest(c.reasons, s.callee); ok && c.nodes[dr.At] != nil && !c.reported(c.nodes[dr.At]) {
				rt.site, rt.siteFn, rt.callee = c.nodes[dr.At], fn, dr.Next
			}
		}
		if rs.byLeaf == nil {
			rs.byLeaf = make(map[string]*root)
		}
		rs.byLeaf[key] = rt
		rs.list = append(rs.list, rt)
	}
	rt.members = append(rt.members, s)
}

// reported reports whether the construction s is reported where it is.
func (c *checker) reported(s *site) bool {
	return s.callee == nil && !s.runs.guarded && s.flow != kept &&
		(s.runs.handler != nil || s.runs.loop != nil && s.flow != collected && !c.isStartup(s.runs.fn))
}

// controlled reports whether the call site s passes arguments its function
// controls for the parameters that decide whether the callee builds a
// client (summary.Reason.Params).
func (c *checker) controlled(s *site, r summary.Reason) bool {
	if len(r.Params) == 0 {
		return true
	}
	var root ast.Node
	if s.runs.handler != nil {
		root = s.runs.handler.Node
	}
	args := c.pathsOf(s.cur, root).Args(s.node.(*ast.CallExpr), s.callee)
	for _, k := range r.Params {
		if k >= len(args) || args[k].Rare {
			return false
		}
	}
	return true
}

// reportRoot reports a root once, at its site.
func (c *checker) reportRoot(rt *root) {
	chain := " (" + strings.Join(rt.firstR.Chain, " -> ") + ")"
	var related []analysis.RelatedInformation
	for _, m := range rt.members {
		related = append(related, analysis.RelatedInformation{Pos: m.node.Pos(), End: m.node.End(), Message: "called " + c.where(m)})
	}
	if rt.siteFn == nil {
		// The chain leaves the package at the first caller's own call.
		s := rt.first
		name := "call to " + typesx.ShortName(s.callee)
		also := ""
		if others := c.others(rt); len(others) > 0 {
			also = " (also " + c.places(others) + ")"
		}
		const fix = "call it once at start-up and share the result"
		if s.runs.handler != nil {
			c.r.ReportRelated(s.node, fmt.Sprintf("%s in handler %s %s on every request%s: %s%s", name, s.runs.handler.Name, rt.does, also, fix, chain), related[1:])
		} else {
			c.r.ReportRelated(s.node, fmt.Sprintf("%s in a loop in %s %s %s%s: %s%s", name, localName(s.runs.fn), rt.does, c.repeats(s), also, fix, chain), related[1:])
		}
		return
	}
	name, fix := rt.site.name, rt.site.entry.Fix
	if rt.callee != nil {
		name, fix = "call to "+typesx.ShortName(rt.callee), "call it once at start-up and share the result"
	}
	c.r.ReportRelated(rt.site.node, fmt.Sprintf("%s in %s %s on every call, and it is called %s: %s%s",
		name, typesx.ShortName(rt.siteFn), rt.does, c.places(rt.members), fix, chain), related)
}

// others returns the members of a root that are not in the first
// member's function.
func (c *checker) others(rt *root) []*site {
	var out []*site
	for _, m := range rt.members[1:] {
		if m.runs.handler != rt.first.runs.handler || m.runs.fn != rt.first.runs.fn {
			out = append(out, m)
		}
	}
	return out
}

// where says where a call site runs: "from handler H on every request",
// "in a loop in Mysql.Gather for each element of m.Servers on every call".
func (c *checker) where(s *site) string {
	if s.runs.handler != nil {
		return "from handler " + s.runs.handler.Name + " on every request"
	}
	return "in a loop in " + localName(s.runs.fn) + " " + c.repeats(s)
}

// places says where the call sites of a root run: the first, then how
// many more: "from handlers A and B on every request", "in F for each
// element of xs on every call and 2 more places".
func (c *checker) places(sites []*site) string {
	var handlers []string
	seen := make(map[string]bool)
	allHandlers := true
	for _, s := range sites {
		if s.runs.handler == nil {
			allHandlers = false
			break
		}
		if !seen[s.runs.handler.Name] {
			seen[s.runs.handler.Name] = true
			handlers = append(handlers, s.runs.handler.Name)
		}
	}
	if allHandlers {
		switch len(handlers) {
		case 1:
			return "from handler " + handlers[0] + " on every request"
		case 2:
			return "from handlers " + handlers[0] + " and " + handlers[1] + " on every request"
		}
		return fmt.Sprintf("from handlers %s, %s and %d more on every request", handlers[0], handlers[1], len(handlers)-2)
	}
	out := c.where(sites[0])
	switch n := len(sites) - 1; n {
	case 0:
	case 1:
		out += " and in 1 more place"
	default:
		out += fmt.Sprintf(" and in %d more places", n)
	}
	return out
}

// localName is a function's name without its package: "Collector.Gather".
func localName(fn *types.Func) string {
	name := typesx.ShortName(fn)
	if fn.Pkg() != nil {
		name = strings.TrimPrefix(name, fn.Pkg().Name()+".")
	}
	return name
}
