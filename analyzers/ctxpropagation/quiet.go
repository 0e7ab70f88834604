package ctxpropagation

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/ctxscope"
	"github.com/conclint/conclint/analyzers/internal/flagx"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file is the quiet policy: where a caller's context is in scope but
// not using it is deliberate, or there is none to use after all. A finding
// kept quiet for a reason is reported under -explain-quiet with that reason
// (QUIET(goroutine), QUIET(defer), ...); the other rules here are silent.
// Contexts kept beyond the call are in stored.go.

// deliberate returns why using no caller's context at cur is deliberate, or
// "" when it is not.
//
// Assumptions, trading recall for precision:
//   - a go statement's function literal that does not take the context as a
//     parameter runs work meant to outlive the caller (ctxscope's
//     InGoroutine);
//   - a deferred call runs when the caller is returning, often because its
//     context is done: cleanup there must not be cancelled with it;
//   - so does a function literal passed to time.AfterFunc, context.AfterFunc
//     and the other knowledge.LaterCallbacks, unless it declares the
//     context itself;
//   - after the function has waited for the context to be done (a receive
//     from ctx.Done(), or inside `case <-ctx.Done():`, or `if ctx.Err() !=
//     nil`), the context is spent: a fresh one is the only one that works.
func (c *checker) deliberate(cur inspector.Cursor, src ctxscope.Source) string {
	if src.InGoroutine {
		return "goroutine"
	}
	// Walk out to the function declaring the context: a defer or callback
	// beyond it does not concern it.
	declares := func(n ast.Node) bool { return n.Pos() <= src.Var.Pos() && src.Var.Pos() < n.End() }
outer:
	for e := range cur.Enclosing((*ast.DeferStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch n := e.Node().(type) {
		case *ast.DeferStmt:
			return "defer"
		case *ast.FuncDecl:
			break outer
		case *ast.FuncLit:
			if declares(n) {
				break outer
			}
			switch run, call := control.LitRun(c.pass.TypesInfo, e); run {
			case control.Deferred: // defer func() { ... }()
				return "defer"
			case control.Callback: // run later: time.AfterFunc(d, func() { ... })
				if _, ok := knowledge.LaterCallbacks[typesx.CallName(c.pass.TypesInfo, call.Node().(*ast.CallExpr))]; ok {
					return "callback"
				}
				if c.sharedWork(e, call) {
					return "shared"
				}
			}
		}
	}
	if c.afterDone(cur, src.Var) {
		return "after done"
	}
	return ""
}

// sharedWorkFuncs run a function for every caller that asks at the same
// time, or once for all: the result is shared, and one caller's
// cancellation must not become every caller's error.
var sharedWorkFuncs = map[string]bool{
	"(*golang.org/x/sync/singleflight.Group).Do":     true,
	"(*golang.org/x/sync/singleflight.Group).DoChan": true,
}

// sharedWork reports whether the function literal at lit, an argument of
// the call at call, computes something shared by the callers of the
// function around it: it is run once (knowledge.OnceFuncs), deduplicated
// (singleflight), or handed to a function of the package that stores what
// it returns in fields (a cache fill: pc.query, pc.err = f()). Work shared
// that way must not be cancelled with one caller's context: a cancelled
// result would be cached for all.
func (c *checker) sharedWork(lit, call inspector.Cursor) bool {
	info := c.pass.TypesInfo
	ce := call.Node().(*ast.CallExpr)
	name := typesx.CallName(info, ce)
	if _, ok := knowledge.OnceFuncs[name]; ok || sharedWorkFuncs[name] {
		return true
	}
	k, idx := lit.ParentEdge()
	if k != edge.CallExpr_Args {
		return false
	}
	fn := typesx.Static(typesx.Callee(info, ce))
	if fn == nil || fn.Pkg() != c.pass.Pkg {
		return false
	}
	params := fn.Signature().Params()
	if idx >= params.Len() || (fn.Signature().Variadic() && idx >= params.Len()-1) {
		return false
	}
	param := params.At(idx)
	decl := c.declOf(fn)
	if decl == nil || decl.Body == nil {
		return false
	}
	stores := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if stores || !ok || len(as.Rhs) != 1 {
			return !stores
		}
		call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok {
			return true
		}
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); !ok || info.Uses[id] != param {
			return true
		}
		for _, l := range as.Lhs {
			if _, ok := ast.Unparen(l).(*ast.SelectorExpr); ok {
				stores = true
			}
		}
		return !stores
	})
	return stores
}

// declOf returns the declaration of the package's function fn, or nil.
func (c *checker) declOf(fn *types.Func) *ast.FuncDecl {
	for _, f := range c.pass.Files {
		if f.FileStart <= fn.Pos() && fn.Pos() < f.FileEnd {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Pos() == fn.Pos() {
					return fd
				}
			}
		}
	}
	return nil
}

// afterDone reports whether cur follows, in its function, a wait for v's
// context to be done: a receive from v.Done() or v.Context().Done() before
// cur, a select case receiving from it that contains cur, or an `if` on
// v.Err() != nil containing cur.
func (c *checker) afterDone(cur inspector.Cursor, v *types.Var) bool {
	body := enclosingFuncNode(cur)
	if body == nil {
		return false
	}
	pos := cur.Node().Pos()
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil {
			return false
		}
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && c.isDone(n.X, v) && n.End() <= pos {
				found = true
			}
		case *ast.CommClause:
			if n.Comm != nil && n.Pos() <= pos && pos < n.End() && c.receivesDone(n.Comm, v) {
				found = true
			}
		case *ast.IfStmt:
			if n.Body.Pos() <= pos && pos < n.Body.End() && c.errNotNil(n.Cond, v) {
				found = true
			}
		}
		return !found
	})
	return found
}

// receivesDone reports whether the select case s receives from v's
// Done().
func (c *checker) receivesDone(s ast.Stmt, v *types.Var) bool {
	u := control.CommRecv(s)
	return u != nil && c.isDone(u.X, v)
}

// isDone reports whether e is v.Done() or v.Context().Done() (or any call
// chain on v ending in Done()).
func (c *checker) isDone(e ast.Expr, v *types.Var) bool {
	return c.isMethodOn(e, "Done", v)
}

// errNotNil reports whether cond is `v.Err() != nil` (or v....Err()).
func (c *checker) errNotNil(cond ast.Expr, v *types.Var) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.NEQ {
		return false
	}
	return c.isMethodOn(b.X, "Err", v) || c.isMethodOn(b.Y, "Err", v)
}

// isMethodOn reports whether e calls method, without arguments, on an
// expression mentioning v or a variable carrying the caller's context.
func (c *checker) isMethodOn(e ast.Expr, method string, v *types.Var) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != method {
		return false
	}
	// Any variable carrying the caller's context counts: `<-ctx.Done()`
	// with ctx := r.Context() spends r's context too.
	found := false
	ast.Inspect(sel.X, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if u, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && (u == v || c.scope.CarriesAt(u, id.Pos())) {
				found = true
			}
		}
		return !found
	})
	return found
}

// nilGuarded reports whether cur is in the body of an `if x == nil` on a
// context.Context in its function: the caller passed no context.
func (c *checker) nilGuarded(cur inspector.Cursor) bool {
	for e := range cur.Enclosing((*ast.IfStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		ifs, ok := e.Node().(*ast.IfStmt)
		if !ok {
			return false
		}
		pos := cur.Node().Pos()
		if pos < ifs.Body.Pos() || pos >= ifs.Body.End() {
			continue
		}
		b, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
		if !ok || b.Op != token.EQL {
			continue
		}
		for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
			tv, ok := c.pass.TypesInfo.Types[pair[1]]
			if ok && tv.IsNil() && typesx.IsContext(c.pass.TypesInfo.TypeOf(pair[0])) {
				return true
			}
		}
	}
	return false
}

// assignedTo returns the variable that the call at cur is assigned to as a
// whole (c = context.Background()), or nil.
func (c *checker) assignedTo(cur inspector.Cursor) *types.Var {
	as, ok := cur.Parent().Node().(*ast.AssignStmt)
	if !ok || len(as.Lhs) != len(as.Rhs) {
		return nil
	}
	for i, rhs := range as.Rhs {
		if rhs == cur.Node() {
			if id, ok := ast.Unparen(as.Lhs[i]).(*ast.Ident); ok {
				v, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
				return v
			}
		}
	}
	return nil
}

// contextAttachedLater reports whether call builds an *http.Request that
// gets a context later in the same function: req.WithContext(...) or
// req.Clone(...), or req passed to a call together with a variable
// carrying the caller's context (c.do(ctx, req)). The request then does
// not ignore the context; building it with NewRequestWithContext would be
// tidier, but no maintainer would call it a bug.
func (c *checker) contextAttachedLater(cur inspector.Cursor, call *ast.CallExpr) bool {
	res := c.pass.TypesInfo.TypeOf(call)
	if t, ok := res.(*types.Tuple); ok && t.Len() > 0 {
		res = t.At(0).Type()
	}
	if !typesx.IsRequest(res) {
		return false
	}
	var req *types.Var
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && p.Rhs[0] == call && len(p.Lhs) > 0 {
			if id, ok := p.Lhs[0].(*ast.Ident); ok {
				req, _ = c.pass.TypesInfo.ObjectOf(id).(*types.Var)
			}
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && p.Values[0] == call && len(p.Names) > 0 {
			req, _ = c.pass.TypesInfo.ObjectOf(p.Names[0]).(*types.Var)
		}
	}
	if req == nil {
		return false
	}
	body := enclosingFuncNode(cur)
	if body == nil {
		return false
	}
	isReq := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && c.pass.TypesInfo.Uses[id] == req
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		ce, ok := n.(*ast.CallExpr)
		if found || !ok || ce.Pos() < call.End() {
			return !found
		}
		if sel, ok := ce.Fun.(*ast.SelectorExpr); ok && isReq(sel.X) && (sel.Sel.Name == "WithContext" || sel.Sel.Name == "Clone") {
			found = true
			return false
		}
		hasReq, hasCtx := false, false
		for _, a := range ce.Args {
			hasReq = hasReq || isReq(a)
			hasCtx = hasCtx || c.scope.MentionsAt(c.pass.TypesInfo, a)
		}
		found = hasReq && hasCtx
		return !found
	})
	return found
}

// exclusions merges the built-in exclusion list with the flag's entries.
func exclusions(flag string) map[string]bool {
	m := make(map[string]bool)
	for k := range knowledge.CtxPropagationExclusions {
		m[k] = true
	}
	for _, e := range flagx.List(flag) {
		m[e] = true
	}
	return m
}

// isExcluded reports whether fn is on the exclusion list: by package, by
// receiver type, or by name.
func (c *checker) isExcluded(fn *types.Func) bool {
	if c.excluded[fn.FullName()] {
		return true
	}
	if fn.Pkg() != nil && c.excluded[fn.Pkg().Path()] {
		return true
	}
	if recv := fn.Signature().Recv(); recv != nil {
		if n := namedOf(recv.Type()); n != nil && n.Obj().Pkg() != nil {
			if c.excluded[n.Obj().Pkg().Path()+"."+n.Obj().Name()] {
				return true
			}
		}
	}
	return false
}

// enclosingFunc returns the declared function enclosing cur, through
// function literals.
func enclosingFunc(pass *analysis.Pass, cur inspector.Cursor) *types.Func {
	for e := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		fn, _ := pass.TypesInfo.Defs[e.Node().(*ast.FuncDecl).Name].(*types.Func)
		if fn != nil {
			return fn.Origin()
		}
	}
	return nil
}

// enclosingFuncNode returns the innermost function declaration or literal
// around cur, or nil.
func enclosingFuncNode(cur inspector.Cursor) ast.Node {
	for e := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return e.Node()
	}
	return nil
}
