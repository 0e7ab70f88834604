package perrequestclient

import (
	"go/types"
	"strings"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// report reports the sites that build a client on every request or on every
// iteration of a loop over input.
func (c *checker) report() {
	for _, s := range c.sites {
		if c.r.Skip(s.node.Pos()) || s.runs.guarded || s.flow == kept {
			continue
		}
		if s.runs.handler == nil && (s.runs.loop == nil || s.flow == collected || c.isStartup(s.runs.fn)) {
			continue
		}
		name, does, fix, chain := s.name, s.entry.Does, s.entry.Fix, ""
		if s.callee != nil {
			r, d, ok := c.reason(s.callee)
			if !ok {
				continue
			}
			name = "call to " + typesx.ShortName(s.callee)
			does, fix = d, "call it once at start-up and share the result"
			chain = " (" + strings.Join(r.Chain, " -> ") + ")"
		}
		if s.runs.handler != nil {
			c.r.Reportf(s.node, "%s in handler %s %s on every request: %s%s", name, s.runs.handler.Name, does, fix, chain)
		} else {
			c.r.Reportf(s.node, "%s in a loop in %s %s on every iteration: %s%s", name, localName(s.runs.fn), does, fix, chain)
		}
	}
}

// localName is a function's name without its package: "Collector.Gather".
func localName(fn *types.Func) string {
	name := typesx.ShortName(fn)
	if fn.Pkg() != nil {
		name = strings.TrimPrefix(name, fn.Pkg().Name()+".")
	}
	return name
}
