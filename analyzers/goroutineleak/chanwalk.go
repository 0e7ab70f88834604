package goroutineleak

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: the walk that builds chanflow.go's groups: how a channel goes
// from slot to slot (assignments, declarations, composite literals,
// arguments, returns) and what is done with it (send, receive, close, an
// escape to code the analysis does not see).

// newChanFlow computes the package's groups in one walk.
func newChanFlow(ix *index) *chanFlow {
	cf := &chanFlow{ix: ix, parent: map[slotKey]slotKey{}}
	info := ix.pass.TypesInfo
	main := ix.pass.Pkg.Name() == "main"
	// Slots whose channels come from code the package does not see.
	for _, f := range ix.funcs {
		cf.params(f)
	}
	kinds := []ast.Node{
		(*ast.SendStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.RangeStmt)(nil), (*ast.CallExpr)(nil),
		(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.ReturnStmt)(nil), (*ast.CompositeLit)(nil),
		(*ast.Ident)(nil), (*ast.SelectorExpr)(nil), (*ast.CaseClause)(nil),
	}
	for c := range ix.insp.Root().Preorder(kinds...) {
		switch n := c.Node().(type) {
		case *ast.SendStmt:
			if k := cf.key(n.Chan); k != nil {
				cf.addOp(k, evSend, c)
			}
			cf.escape(n.Value, nil)
		case *ast.UnaryExpr:
			switch n.Op {
			case token.ARROW:
				if k := cf.key(n.X); k != nil {
					cf.addOp(k, evRecv, c)
				}
			case token.AND:
				cf.escape(n.X, nil)
			}
		case *ast.RangeStmt:
			if k := cf.key(n.X); k != nil {
				cf.addOp(k, evRecv, c)
			}
			// The key and value of a range come from an element.
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if e == nil {
					continue
				}
				if k := cf.dest(e); k != nil {
					if _, ok := k.(blank); !ok {
						cf.add(k, evOpaqueRead, n)
						cf.add(k, evOpaqueWrite, n)
					}
				}
			}
		case *ast.CallExpr:
			cf.call(c, n)
		case *ast.AssignStmt:
			cf.assign(n.Lhs, n.Rhs, n)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
				if len(n.Values) == 0 {
					if v, ok := info.Defs[id].(*types.Var); ok && isChan(v.Type()) {
						cf.add(v, evDeclared, n)
					}
				}
			}
			cf.assign(lhs, n.Values, n)
		case *ast.ReturnStmt:
			cf.ret(c, n)
		case *ast.CompositeLit:
			cf.composite(n)
		case *ast.CaseClause:
			// switch to := x.(type): each clause's variable comes from x.
			if v, ok := info.Implicits[n].(*types.Var); ok && isChan(v.Type()) {
				cf.add(v, evOpaqueRead, n)
				cf.add(v, evOpaqueWrite, n)
			}
		case *ast.Ident:
			// Exported package variables are other packages' to use.
			if v, ok := info.Defs[n].(*types.Var); ok && isChan(v.Type()) && !main && v.Exported() && v.Parent() == ix.pass.Pkg.Scope() {
				cf.add(v, evOpaqueRead, n)
				cf.add(v, evOpaqueWrite, n)
			}
		case *ast.SelectorExpr:
			if v, ok := info.Uses[n.Sel].(*types.Var); ok && v.IsField() && isChan(v.Type()) && v.Pkg() == ix.pass.Pkg && !main && v.Exported() {
				cf.add(v.Origin(), evOpaqueRead, n)
				cf.add(v.Origin(), evOpaqueWrite, n)
			}
		}
	}
	cf.finish()
	return cf
}

// params marks the parameters (and receivers) whose arguments the package
// does not see all of: those of functions called from elsewhere or used as
// values, and of literals not called where they are written.
func (cf *chanFlow) params(f *fn) {
	info := cf.ix.pass.TypesInfo
	var sig *types.Signature
	if f.obj != nil {
		if !f.taken && !cf.ix.external(f.obj) {
			return
		}
		sig = f.obj.Signature()
	} else {
		if f.run == control.Now || f.run == control.Go || f.run == control.Deferred {
			return
		}
		sig, _ = info.TypeOf(f.node.(*ast.FuncLit)).(*types.Signature)
		if sig == nil {
			return
		}
	}
	vars := []*types.Var{sig.Recv()}
	for i := range sig.Params().Len() {
		vars = append(vars, sig.Params().At(i))
	}
	for _, v := range vars {
		if v != nil && isChan(v.Type()) {
			cf.add(v, evOpaqueWrite, f.node)
			cf.add(v, evOpaqueRead, f.node)
		}
	}
	// What an exported function returns goes to its callers elsewhere.
	if f.obj != nil {
		res := sig.Results()
		for i := range res.Len() {
			if t := res.At(i).Type(); isChan(t) {
				cf.add(resultKey{f.obj, i}, evOpaqueRead, f.node)
				if !recvOnly(t) {
					cf.add(resultKey{f.obj, i}, evOpaqueWrite, f.node)
				}
			}
		}
	}
}

// call handles close, the builtins, and the arguments of a call.
func (cf *chanFlow) call(c inspector.Cursor, call *ast.CallExpr) {
	info := cf.ix.pass.TypesInfo
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			switch b.Name() {
			case "close":
				if len(call.Args) == 1 {
					if k := cf.key(call.Args[0]); k != nil {
						cf.add(k, evClose, call)
					}
				}
			case "len", "cap":
			default:
				for _, a := range call.Args {
					cf.escape(a, nil)
				}
			}
			return
		}
	}
	if tv := info.Types[call.Fun]; tv.IsType() {
		if len(call.Args) == 1 && !isChan(tv.Type) {
			cf.escape(call.Args[0], tv.Type) // into an interface
		}
		return
	}
	sig, _ := info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if sig == nil {
		return
	}
	// The parameters of a package function or of a literal called here.
	var params *types.Tuple
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		if s, ok := info.TypeOf(lit).(*types.Signature); ok {
			params = s.Params()
		}
	} else if callee := typesx.StaticCallee(info, call); callee != nil && cf.ix.byObj[callee] != nil {
		params = callee.Signature().Params()
		if recv := callee.Signature().Recv(); recv != nil && isChan(recv.Type()) {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				cf.flow(recv, recv.Type(), sel.X, call)
			}
		}
	}
	for i, a := range call.Args {
		if params == nil || sig.Variadic() && i >= params.Len()-1 || i >= params.Len() {
			var pt types.Type
			if i < sig.Params().Len() {
				pt = sig.Params().At(i).Type()
			}
			cf.escape(a, pt)
			continue
		}
		p := params.At(i)
		cf.flow(p, p.Type(), a, call)
	}
}

// assign handles lhs = rhs, for := and var declarations too.
func (cf *chanFlow) assign(lhs, rhs []ast.Expr, at ast.Node) {
	info := cf.ix.pass.TypesInfo
	if len(rhs) == 0 {
		return
	}
	if len(lhs) == len(rhs) {
		for i := range lhs {
			cf.flow(cf.dest(lhs[i]), info.TypeOf(lhs[i]), rhs[i], at)
		}
		return
	}
	// a, b := f(): the results of a package function flow to a and b.
	call, _ := ast.Unparen(rhs[0]).(*ast.CallExpr)
	var callee *types.Func
	if call != nil {
		if c := typesx.StaticCallee(info, call); c != nil && cf.ix.byObj[c] != nil {
			callee = c
		}
	}
	for i, l := range lhs {
		d := cf.dest(l)
		if d == nil {
			continue
		}
		if _, ok := d.(blank); ok {
			continue
		}
		if callee != nil {
			cf.union(d, resultKey{callee, i})
			continue
		}
		cf.add(d, evOpaqueRead, at)
		cf.add(d, evOpaqueWrite, at)
	}
}

// dest returns the slot an assignment's left side stores into, or nil
// (blank, not a channel, or a place not followed). A channel stored where
// it is not followed escapes; flow records that when dest is nil.
func (cf *chanFlow) dest(l ast.Expr) slotKey {
	if id, ok := ast.Unparen(l).(*ast.Ident); ok && id.Name == "_" {
		return blank{}
	}
	return cf.key(l)
}

// blank is the slot of _: what goes there goes nowhere.
type blank struct{}

// ret handles a return statement: its channels flow to the function's
// results (a literal's results go to unseen callers).
func (cf *chanFlow) ret(c inspector.Cursor, r *ast.ReturnStmt) {
	f := cf.ix.enclosing(c)
	if f == nil {
		return
	}
	if f.obj == nil {
		for _, e := range r.Results {
			cf.escape(e, nil)
		}
		return
	}
	res := f.obj.Signature().Results()
	if len(r.Results) == res.Len() {
		for i, e := range r.Results {
			cf.flow(resultKey{f.obj, i}, res.At(i).Type(), e, r)
		}
		return
	}
	if len(r.Results) == 0 {
		for i := range res.Len() { // named results
			if v := res.At(i); isChan(v.Type()) {
				cf.union(resultKey{f.obj, i}, v)
			}
		}
		return
	}
	for i := range res.Len() { // return g(): g's results
		if isChan(res.At(i).Type()) {
			cf.add(resultKey{f.obj, i}, evOpaqueRead, r)
			cf.add(resultKey{f.obj, i}, evOpaqueWrite, r)
		}
	}
}

// composite handles T{f: ch} and T{ch}; channels in slices, maps and
// arrays escape.
func (cf *chanFlow) composite(lit *ast.CompositeLit) {
	info := cf.ix.pass.TypesInfo
	t := info.TypeOf(lit)
	if t == nil {
		return
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		for _, e := range lit.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				cf.escape(kv.Key, nil)
				e = kv.Value
			}
			cf.escape(e, nil)
		}
		return
	}
	for i, e := range lit.Elts {
		var field *types.Var
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				field, _ = info.Uses[id].(*types.Var)
			}
			e = kv.Value
		} else if i < st.NumFields() {
			field = st.Field(i)
		}
		if field == nil || field.Pkg() != cf.ix.pass.Pkg {
			cf.escape(e, nil)
			continue
		}
		cf.flow(field.Origin(), field.Type(), e, lit)
	}
}
