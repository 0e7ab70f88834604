package handlerblock

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/analysisdoc"
	"github.com/conclint/conclint/analyzers/internal/ctxscope"
	"github.com/conclint/conclint/analyzers/internal/flagx"
	"github.com/conclint/conclint/analyzers/internal/handlers"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/summary"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

//go:embed doc.go
var doc string

var Analyzer = newAnalyzer()

var (
	reportOpts    report.Options
	extraBlocking funcSet // -blocking-funcs
)

// newAnalyzer builds the Analyzer and registers its flags.
func newAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:      "handlerblock",
		Doc:       analysisdoc.Doc(doc, "handlerblock"),
		URL:       "https://github.com/conclint/conclint/blob/main/docs/handlerblock.md",
		Run:       run,
		Requires:  []*analysis.Analyzer{inspect.Analyzer, handlers.Analyzer, ctxscope.Analyzer},
		FactTypes: []analysis.Fact{new(blockingFact)},
	}
	reportOpts.Register(&a.Flags)
	a.Flags.Var(&extraBlocking, "blocking-funcs",
		"comma-separated full names of more functions that block without a context, e.g. example.com/retry.Do,(*example.com/queue.Queue).Wait")
	return a
}

// The bare names of the knowledge tables' functions: a callee whose name is
// in none of them is looked up without building its full name
// (typesx.Names). blockingNames has -blocking-funcs added per run.
var (
	blockingNames  = typesx.NamesOf(knowledge.Sleeps, knowledge.ContextlessWaits)
	cancelNames    = typesx.NamesOf(knowledge.CancelChanMethods)
	takeoverNames  = typesx.NamesOf(knowledge.ConnTakeoverFuncs)
	clockChanNames = typesx.NamesOf(knowledge.ClockChanFuncs)
)

// funcSet is the value of -blocking-funcs.
type funcSet map[string]bool

func (s *funcSet) String() string {
	if s == nil {
		return ""
	}
	names := make([]string, 0, len(*s))
	for n := range *s {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ",")
}

func (s *funcSet) Set(v string) error {
	m := make(funcSet)
	for _, name := range flagx.List(v) {
		m[name] = true
	}
	*s = m
	return nil
}

// run reports, in each request handler of the package (handlers.Index),
// the operations that may block without watching the request's context:
// sleeps and waits of the blocking table, timers, channel operations and
// selects with no way out on cancellation (walk.go), and calls to functions
// that do any of these, with the chain (facts.go). What follows a hijack of
// the connection is not reported.
//
// Assumptions, trading recall for precision (detailed at walk and
// selectBlocks): only operations on the handler's own goroutine count;
// calls through interfaces and function values do not block; channel
// waits are followed only within the package and for short chains; a
// channel the function owns, a Done() channel, a timeout the author chose
// (deadline.go) and a release of what an earlier operation acquired are
// not waits to report; the standard library's bodies are not summarised.
func run(pass *analysis.Pass) (any, error) {
	// The standard library's bodies are not summarised: its waits are I/O,
	// locks and internal channels whose chains would not be actionable; the
	// blocking table speaks for it instead.
	if typesx.InStdlib(pass) {
		return nil, nil
	}
	c := &checker{
		pass:         pass,
		in:           pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		handlerIndex: pass.ResultOf[handlers.Analyzer].(*handlers.Index),
		scope:        pass.ResultOf[ctxscope.Analyzer].(*ctxscope.Info),
		blocking:     blockingNames,
	}
	if len(extraBlocking) > 0 {
		c.blocking = blockingNames.Union(typesx.NamesOf(extraBlocking))
	}
	c.summarise()

	r := report.New(pass, reportOpts)
	defer r.Finish()
	var rs roots
	for _, h := range c.handlerIndex.Handlers {
		if r.Skip(h.Node.Pos()) {
			continue
		}
		cur, ok := c.in.Root().FindNode(h.Node)
		if !ok {
			continue
		}
		hijack := c.hijackPos(cur)
		paths := summary.NewPaths(pass.TypesInfo, cur)
		c.walk(cur, func(o operation) {
			if hijack.IsValid() && o.node.Pos() > hijack {
				return // serving a connection taken over from net/http
			}
			if o.kind == opCall {
				c.addCall(&rs, h, paths, o)
				return
			}
			c.reportOp(r, h, o)
		})
	}
	c.reportRoots(r, &rs)
	return nil, nil
}

// hijackPos returns the position of the first call in the handler at cur
// that takes the connection over from net/http (knowledge.ConnTakeoverFuncs), or
// token.NoPos. What follows serves the connection for as long as it lives,
// and the request's context no longer tracks the client.
func (c *checker) hijackPos(cur inspector.Cursor) token.Pos {
	for call := range cur.Preorder((*ast.CallExpr)(nil)) {
		if knowledge.ConnTakeoverFuncs[takeoverNames.CallName(c.pass.TypesInfo, call.Node().(*ast.CallExpr))] != "" {
			return call.Node().Pos()
		}
	}
	return token.NoPos
}

// A checker holds one package's pass and what it computes.
type checker struct {
	pass         *analysis.Pass
	in           *inspector.Inspector
	handlerIndex *handlers.Index
	scope        *ctxscope.Info
	blocking     typesx.Names // bare names of Sleeps, ContextlessWaits and -blocking-funcs
	// sleeps and waits are the package's functions that sleep (directly,
	// through calls, or through imported functions' facts) and that wait
	// on a channel (directly or through calls within the package).
	sleeps, waits map[*types.Func]summary.Reason
	// nodes are the operations and calls summaries go through, by
	// position (summary.Reason.At), where findings through calls are
	// reported.
	nodes map[token.Pos]ast.Node
}
