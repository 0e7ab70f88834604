// Messages and the ranges they are reported at.

package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers/internal/handlers"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/summary"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

const remedies = "a buffered-channel semaphore, errgroup.Group.SetLimit, golang.org/x/sync/semaphore or a fixed pool of workers fed by a channel"

func (c *checker) reportLoop(sp *spawn, li loopInfo) {
	var msg string
	switch {
	case sp.spawner != nil && len(sp.spawner.LimitMethods) > 0:
		limit := sp.spawner.LimitMethods[0]
		msg = fmt.Sprintf("%s in %s starts one goroutine per %s and %s has no limit, so goroutines and downstream load grow with the input: call %s.%s(n) on it before the loop",
			sp.name(), li.desc, li.unit, report.Short(sp.recv), report.Short(sp.recv), limit)
		if limit == "WithMaxGoroutines" {
			msg = fmt.Sprintf("%s in %s starts one goroutine per %s and pool %s has no limit, so goroutines and downstream load grow with the input: build it with WithMaxGoroutines(n)",
				sp.name(), li.desc, li.unit, report.Short(sp.recv))
		}
	default:
		msg = fmt.Sprintf("%s in %s starts one goroutine per %s with nothing bounding how many run at once, so goroutines and downstream load grow with the input: bound it with %s",
			sp.name(), li.desc, li.unit, remedies)
	}
	c.r.Report(c.spawnRange(sp), msg)
}

// reportAcceptLoop reports a spawn per connection in an accept loop whose
// listener is not limited (-accept-loops).
func (c *checker) reportAcceptLoop(sp *spawn, li loopInfo) {
	c.r.Report(c.spawnRange(sp), fmt.Sprintf("%s in %s starts one goroutine per connection with no limit, so a flood of connections exhausts memory and file descriptors: wrap the listener with netutil.LimitListener or bound the handlers with a buffered-channel semaphore", sp.name(), li.desc))
}

// reportConnTakeover reports a spawn in handler h, which takes over its
// connection (-accept-loops).
func (c *checker) reportConnTakeover(sp *spawn, h *handlers.Handler) {
	c.r.Report(c.spawnRange(sp), fmt.Sprintf("%s in handler %s, which takes over its connection, starts goroutines per connection with no limit, so a flood of connections exhausts memory: limit connections with netutil.LimitListener on the server's listener", sp.name(), h.Name))
}

// reportHandler reports a spawn in handler h that outlives the request.
func (c *checker) reportHandler(sp *spawn, h *handlers.Handler) {
	c.r.Report(c.spawnRange(sp), fmt.Sprintf("%s in handler %s starts a goroutine per request that nothing waits for or bounds, so under load goroutines pile up with traffic: hand the work to a fixed pool of workers fed by a channel, or bound it with a buffered-channel semaphore or golang.org/x/sync/semaphore", sp.name(), h.Name))
}

// reportCall reports a call in handler h to callee, which starts a
// goroutine that outlives the call for the reason given (the chain); others
// are the other handlers of the package that reach the same go statement.
func (c *checker) reportCall(call *ast.CallExpr, callee *types.Func, h *handlers.Handler, others []string, reason summary.Reason) {
	in := "handler " + h.Name
	switch n := len(others); {
	case n == 1:
		in += " (and handler " + others[0] + ")"
	case n > 1 && n <= 3:
		in += " (and handlers " + strings.Join(others, ", ") + ")"
	case n > 3:
		in += fmt.Sprintf(" (and %d other handlers: %s, ...)", n, strings.Join(others[:3], ", "))
	}
	c.r.Report(posRange{call.Pos(), call.Fun.End()}, fmt.Sprintf("call to %s in %s starts a goroutine per request that nothing waits for or bounds (%s at %s), so under load goroutines pile up with traffic: hand the work to a fixed pool of workers fed by a channel, or bound it with a buffered-channel semaphore",
		typesx.ShortName(callee), in, strings.Join(reason.Chain, " -> "), reason.Where))
}

// spawnRange is the range reported for a spawn: the go keyword and the called
// function, or the spawner call's selector.
func (c *checker) spawnRange(sp *spawn) analysis.Range {
	if g, ok := sp.node.(*ast.GoStmt); ok {
		end := g.Call.Fun.End()
		if sp.lit != nil {
			end = sp.lit.Type.End()
		}
		return posRange{g.Go, end}
	}
	return posRange{sp.call.Pos(), sp.call.Fun.End()}
}

// posRange is an analysis.Range between two positions.
type posRange struct{ pos, end token.Pos }

func (r posRange) Pos() token.Pos { return r.pos }

func (r posRange) End() token.Pos { return r.end }
