package perrequestclient

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/handlers"
)

// A runPlace is the kind of place a site runs in: a handler, a declared
// function, a per-iteration loop, a guard that makes it run once.
type runPlace struct {
	handler *handlers.Handler // innermost enclosing handler, or nil
	fn      *types.Func       // enclosing declared function, or nil
	inFn    bool              // the site runs whenever fn runs (not in a handler literal or a stored closure)
	loop    ast.Node          // innermost per-iteration loop of fn around the site, or nil
	guarded bool              // under sync.Once or a lazy nil check: runs once
}

// runPlaceOf walks from a site up to its function, noting the handler it runs
// in, the loop around it, and the guards that make it run once.
//
// A site in a function literal runs when its enclosing function runs if the
// literal is called, deferred, started as a goroutine, passed to a function
// (a callback, assumed called) or assigned to a local variable (assumed
// called); not if it is returned or stored. Within a handler every literal
// counts: a closure a handler builds runs on its request.
func (c *checker) runPlaceOf(cur inspector.Cursor) runPlace {
	runs := runPlace{inFn: true}
	loopsOpen := true // loops still belong to the site's function
	for child, p := cur, cur.Parent(); p.Node() != nil; child, p = p, p.Parent() {
		kind := child.ParentEdgeKind()
		if runs.handler != nil {
			// Within a handler literal: it runs on every request whatever
			// surrounds it; only the declared function is still wanted.
			if d, ok := p.Node().(*ast.FuncDecl); ok {
				runs.fn, _ = c.pass.TypesInfo.Defs[d.Name].(*types.Func)
				return runs
			}
			continue
		}
		switch n := p.Node().(type) {
		case *ast.FuncDecl:
			runs.fn, _ = c.pass.TypesInfo.Defs[n.Name].(*types.Func)
			runs.handler = c.ix.Of(n)
			return runs
		case *ast.FuncLit:
			if c.onceArg(p) {
				runs.guarded = true
				return runs
			}
			if h := c.ix.Of(n); h != nil {
				runs.handler = h
				runs.inFn = false
				continue
			}
			if !c.litRuns(p) {
				loopsOpen = false
				if runs.handler == nil {
					runs.inFn = false
				}
			}
		case *ast.ForStmt, *ast.RangeStmt:
			// The innermost loop around the site decides: a reconnection
			// loop inside a loop over backends dials once per connection.
			if loopsOpen && (kind == edge.ForStmt_Body || kind == edge.RangeStmt_Body) {
				if c.perIteration(p) {
					runs.loop = n
				}
				loopsOpen = false
			}
		case *ast.IfStmt:
			if c.lazyInit(n, kind) {
				runs.guarded = true
				return runs
			}
		case *ast.BlockStmt:
			if kind == edge.BlockStmt_List && c.afterCacheHit(n.List[:child.ParentEdgeIndex()]) {
				runs.guarded = true
				return runs
			}
		}
	}
	// Package level: a variable's initialiser runs once, at start-up.
	runs.inFn = false
	return runs
}

// litRuns reports whether the function literal at lit runs when the code
// around it runs (see runPlaceOf): called where it stands, deferred,
// started, passed as a callback (assumed called), or bound to a variable;
// not stored in a field, an element or a slice.
func (c *checker) litRuns(lit inspector.Cursor) bool {
	run, _ := control.LitRun(c.pass.TypesInfo, lit)
	return run != control.Stored
}
