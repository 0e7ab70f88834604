// Effects: what a goroutine waits for (analyzers/internal/ioeffect), and
// the shapes that tie a goroutine's life to an object's.

package unboundedgo

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/conclint/conclint/analyzers/internal/ioeffect"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// effects returns what the goroutine of sp does that can block: the
// effects of its literal's body, of the function it calls (through calls
// and facts), or Unseen when it runs a function value.
func (c *checker) effects(sp *spawn) ioeffect.Kinds {
	if sp.lit != nil {
		return c.io.Node(sp.lit.Body)
	}
	if sp.spawner != nil {
		// g.Go(f): the function handed over.
		if len(sp.call.Args) != 1 {
			return ioeffect.Unseen
		}
		var fn *types.Func
		switch f := ast.Unparen(sp.call.Args[0]).(type) {
		case *ast.Ident:
			fn, _ = c.pass.TypesInfo.Uses[f].(*types.Func)
		case *ast.SelectorExpr:
			fn, _ = c.pass.TypesInfo.Uses[f.Sel].(*types.Func)
		}
		if fn == nil || typesx.Static(fn) == nil {
			return ioeffect.Unseen
		}
		return c.io.Func(fn)
	}
	return c.io.Call(sp.call)
}

// inMemory reports whether the goroutine does no I/O and waits for
// nothing, through the calls it makes: it builds labels, fills a map under
// a lock, sends a result. Such goroutines cost CPU and a stack while they
// run, but nothing downstream (a connection pool, a disk, another service)
// grows with their number, and none of them lingers.
func (c *checker) inMemory(sp *spawn) bool {
	return c.effects(sp) == 0
}

// watches reports whether the goroutine's literal starts by waiting for
// an object to end, <-conn.Closed(), <-ctx.Done(), <-sess.Done(): it runs
// for that object's life (then cleans up after it), one per live object,
// and ends with it.
func (c *checker) watches(sp *spawn) bool {
	if sp.lit == nil || len(sp.lit.Body.List) == 0 {
		return false
	}
	es, ok := sp.lit.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	u, ok := ast.Unparen(es.X).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return false
	}
	call, ok := ast.Unparen(u.X).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := c.pass.TypesInfo.Selections[sel]
	return s != nil && s.Kind() == types.MethodVal && c.isChan(call)
}

// isConn reports whether t has the methods of a connection (Read, Write,
// Close and RemoteAddr), as net.Conn and the types wrapping one do.
func isConn(t types.Type) bool {
	if t == nil {
		return false
	}
	ms := types.NewMethodSet(t)
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr && !types.IsInterface(t) {
		ms = types.NewMethodSet(types.NewPointer(t))
	}
	for _, name := range [...]string{"Read", "Write", "Close", "RemoteAddr"} {
		found := false
		for m := range ms.Methods() {
			if m.Obj().Name() == name {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// readsInput reports whether a call that can fail brings input into the
// program: it reads stored data (a database, an ORM, a store: the set
// grows with what users stored), or it is given input and does no network,
// file or process I/O of its own (decoding a request's body, parsing a
// caller's bytes, a call through an interface handed what a request
// names). A call that lists
// another service's resources (the nodes of a cluster, the containers of a
// host, the targets a discovery API returns) or reads the host's own
// state (its interfaces, disks, a state file) is the deployment's
// inventory, sized by configuration or hardware, not by traffic.
func (c *checker) readsInput(call *ast.CallExpr, params map[types.Object]bool, depth int) bool {
	k := c.io.Call(call)
	if k&ioeffect.Store != 0 {
		return true
	}
	if k&(ioeffect.Net|ioeffect.File|ioeffect.Proc) != 0 {
		// It fetches: from another service, or from the host's files
		// and processes, even when it is told what to fetch.
		return false
	}
	info := c.pass.TypesInfo
	given := func(e ast.Expr) bool {
		if t := info.TypeOf(e); t != nil && typesx.IsContext(t) {
			return false
		}
		if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
			return false // the value decoded into
		}
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.Ident:
				if v, ok := info.Uses[n].(*types.Var); ok && !v.IsField() {
					if t := v.Type(); t != nil && typesx.IsContext(t) {
						return false
					}
					found = c.inputExpr(n, params, depth+1)
				}
			}
			return !found
		})
		return found
	}
	for _, a := range call.Args {
		if given(a) {
			return true
		}
	}
	// The receiver chain of a method call: json.NewDecoder(r.Body).Decode(&x).
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil {
			if inner, ok := ast.Unparen(sel.X).(*ast.CallExpr); ok {
				for _, a := range inner.Args {
					if given(a) {
						return true
					}
				}
			}
		}
	}
	return false
}
