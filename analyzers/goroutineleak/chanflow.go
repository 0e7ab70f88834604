package goroutineleak

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: which channels of the package can ever be sent on, closed or
// received from?
//
// A slot is a place that holds a channel: a variable, a parameter, a struct
// field or a function's result. Slots between which a channel value flows
// (assignment, composite literal, argument to parameter, return to the
// result a caller receives) are merged, flow-insensitively, into one group:
// every channel any slot of the group holds is assumed to be in every
// other. A group is
//
//   - opaque when some of its channels come from, or go to, code the
//     analysis does not see: another package's function, an exported field,
//     variable or function (outside package main), a parameter of a
//     function used as a value, an element of a slice or map, an interface.
//     Nothing is concluded about an opaque group (a channel that goes out
//     as receive-only, <-chan T, is opaque only for receiving);
//   - otherwise its channels are exactly those made by make in the group's
//     assignments (none: the slots are nil), and the package's sends,
//     closes and receives on its slots are all there are.
//
// So a group that is not opaque for writing and that nothing sends on or
// closes is a channel no receive can ever complete; one that nothing
// receives from, made unbuffered, is one no send can complete; one that
// nothing closes is one a range over it never leaves. The analysis ignores
// reflect and unsafe.

type slotKey any // *types.Var, or resultKey

type resultKey struct {
	fn *types.Func
	i  int
}

// A chanGroup is what the package does with the channels of a group.
type chanGroup struct {
	sends, closes, recvs       int
	opaqueWrite, opaqueRead    bool
	makes                      []*ast.CallExpr
	unbuffered                 bool // every make is make(chan T) or make(chan T, 0)
	field                      *types.Var
	local                      *types.Var
	declared                   bool // some slot is a var declared with no value
	firstSend, firstRecv, decl token.Pos
}

// deadRecv reports whether no receive from the group's channels can ever
// complete: nothing sends on them or closes them.
func (g *chanGroup) deadRecv() bool {
	return g != nil && g.known() && !g.opaqueWrite && g.sends == 0 && g.closes == 0
}

// neverClosed reports whether nothing closes the group's channels.
func (g *chanGroup) neverClosed() bool {
	return g != nil && g.known() && !g.opaqueWrite && g.closes == 0
}

// deadSend reports whether no send on the group's channels can ever
// complete: they are unbuffered (or nil) and nothing receives from them.
func (g *chanGroup) deadSend() bool {
	return g.unreceived() && g.unbuffered
}

// unreceived reports whether nothing receives from the group's channels:
// a buffered one fills up and then blocks its senders.
func (g *chanGroup) unreceived() bool {
	return g != nil && g.known() && !g.opaqueRead && g.recvs == 0
}

// isNil reports whether the group's slots are never given a channel.
func (g *chanGroup) isNil() bool { return len(g.makes) == 0 }

// known reports whether the analysis knows where the group's channels come
// from: a make, or slots that are fields or variables declared with no
// value (nil). A group of parameters, results or variables whose origin
// the flow did not model is not known.
func (g *chanGroup) known() bool {
	return len(g.makes) > 0 || g.field != nil || g.declared
}

// chanFlow holds the groups of one package.
type chanFlow struct {
	ix     *index
	parent map[slotKey]slotKey
	groups map[slotKey]*chanGroup // by root, after finish
	events []event
	ops    []int // the indices of the sends and receives in events
}

type eventKind int

const (
	evSend eventKind = iota
	evClose
	evRecv
	evMake
	evOpaqueWrite // some code we do not see may send or close
	evOpaqueRead  // some code we do not see may receive
	evDeclared    // var ch chan T, with no value
)

type event struct {
	key  slotKey
	kind eventKind
	node ast.Node
	// For sends and receives: the select the operation is a case of, if
	// any, and the function it is in.
	sel *ast.SelectStmt
	fn  *fn
}

func (cf *chanFlow) find(k slotKey) slotKey {
	p, ok := cf.parent[k]
	if !ok {
		cf.parent[k] = k
		return k
	}
	if p == k {
		return k
	}
	r := cf.find(p)
	cf.parent[k] = r
	return r
}

func (cf *chanFlow) union(a, b slotKey) {
	ra, rb := cf.find(a), cf.find(b)
	if ra != rb {
		cf.parent[ra] = rb
	}
}

func (cf *chanFlow) add(k slotKey, kind eventKind, n ast.Node) {
	cf.find(k)
	cf.events = append(cf.events, event{key: k, kind: kind, node: n})
}

// addOp records a send or a receive, with its select and function.
func (cf *chanFlow) addOp(k slotKey, kind eventKind, c inspector.Cursor) {
	cf.find(k)
	ev := event{key: k, kind: kind, node: c.Node(), fn: cf.ix.enclosing(c)}
	// ch <- v, <-ch, v := <-ch, v, ok = <-ch as a select case.
	p := c
	if _, ok := c.Node().(*ast.UnaryExpr); ok {
		p = c.Parent()
	}
	if p.ParentEdgeKind() == edge.CommClause_Comm {
		ev.sel, _ = p.Parent().Parent().Parent().Node().(*ast.SelectStmt)
	}
	cf.ops = append(cf.ops, len(cf.events))
	cf.events = append(cf.events, ev)
}

// group returns the group of the channel expression e, or nil when e is
// not a slot the analysis follows.
func (cf *chanFlow) group(e ast.Expr) *chanGroup {
	k := cf.key(e)
	if k == nil {
		return nil
	}
	return cf.groups[cf.find(k)]
}

// groupOf returns the group of a slot.
func (cf *chanFlow) groupOf(k slotKey) *chanGroup { return cf.groups[cf.find(k)] }

func isChan(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

func recvOnly(t types.Type) bool {
	c, ok := t.Underlying().(*types.Chan)
	return ok && c.Dir() == types.RecvOnly
}

// key returns the slot e denotes, or nil.
func (cf *chanFlow) key(e ast.Expr) slotKey {
	info := cf.ix.pass.TypesInfo
	e = ast.Unparen(e)
	if !isChan(info.TypeOf(e)) {
		return nil
	}
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		if !ok || v.Pkg() != cf.ix.pass.Pkg {
			return nil
		}
		return v
	case *ast.SelectorExpr:
		v, ok := info.Uses[e.Sel].(*types.Var)
		if !ok || v.Pkg() != cf.ix.pass.Pkg {
			return nil
		}
		return v.Origin()
	case *ast.CallExpr:
		if tv := info.Types[e.Fun]; tv.IsType() && len(e.Args) == 1 {
			return cf.key(e.Args[0]) // a conversion
		}
		if callee := typesx.StaticCallee(info, e); callee != nil && cf.ix.byObj[callee] != nil {
			return resultKey{callee, 0}
		}
	}
	return nil
}

// isMake returns e as a make(chan ...) call, or nil.
func isMake(info *types.Info, e ast.Expr) *ast.CallExpr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "make" || !isChan(info.TypeOf(call)) {
		return nil
	}
	return call
}

// isUnbufferedMake reports whether call makes a channel with no buffer.
func isUnbufferedMake(info *types.Info, call *ast.CallExpr) bool {
	if len(call.Args) < 2 {
		return true
	}
	tv := info.Types[call.Args[1]]
	return tv.Value != nil && constant.Sign(tv.Value) == 0
}

// flow records that the channel of src is stored in the slot dst; dst nil
// is a place the analysis does not follow (dstType is its type, if known).
func (cf *chanFlow) flow(dst slotKey, dstType types.Type, src ast.Expr, at ast.Node) {
	info := cf.ix.pass.TypesInfo
	if src == nil || !isChan(info.TypeOf(src)) {
		return
	}
	if _, ok := dst.(blank); ok {
		return
	}
	if mk := isMake(info, src); mk != nil {
		if dst != nil {
			cf.add(dst, evMake, mk)
		}
		return
	}
	if typesx.IsNil(info, src) {
		return
	}
	s := cf.key(src)
	switch {
	case s != nil && dst != nil:
		cf.union(dst, s)
	case s != nil:
		cf.add(s, evOpaqueRead, at)
		if dstType == nil || !recvOnly(dstType) {
			cf.add(s, evOpaqueWrite, at)
		}
	case dst != nil:
		cf.add(dst, evOpaqueRead, at)
		cf.add(dst, evOpaqueWrite, at)
	}
}

// escape records that e goes where the analysis does not follow.
func (cf *chanFlow) escape(e ast.Expr, dstType types.Type) { cf.flow(nil, dstType, e, e) }

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
		if f.run == litNow || f.run == litGo || f.run == litDeferred {
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

// finish merges the events into the groups.
func (cf *chanFlow) finish() {
	info := cf.ix.pass.TypesInfo
	cf.groups = map[slotKey]*chanGroup{}
	get := func(k slotKey) *chanGroup {
		r := cf.find(k)
		g := cf.groups[r]
		if g == nil {
			g = &chanGroup{unbuffered: true}
			cf.groups[r] = g
		}
		return g
	}
	for k := range cf.parent {
		g := get(k)
		if v, ok := k.(*types.Var); ok {
			// The first field or variable in the source names the group.
			if v.IsField() && (g.field == nil || v.Pos() < g.field.Pos()) {
				g.field = v
			} else if !v.IsField() && (g.local == nil || v.Pos() < g.local.Pos()) {
				g.local = v
			}
		}
	}
	for _, ev := range cf.events {
		g := get(ev.key)
		switch ev.kind {
		case evSend:
			g.sends++
			if g.firstSend == token.NoPos {
				g.firstSend = ev.node.Pos()
			}
		case evClose:
			g.closes++
		case evRecv:
			g.recvs++
			if g.firstRecv == token.NoPos {
				g.firstRecv = ev.node.Pos()
			}
		case evMake:
			mk := ev.node.(*ast.CallExpr)
			g.makes = append(g.makes, mk)
			if !isUnbufferedMake(info, mk) {
				g.unbuffered = false
			}
		case evOpaqueWrite:
			g.opaqueWrite = true
		case evOpaqueRead:
			g.opaqueRead = true
		case evDeclared:
			g.declared = true
		}
	}
}

// describe names a group for messages: a field (T.f), else a variable.
func (g *chanGroup) describe() string {
	if g.field != nil {
		if t := fieldOwner(g.field); t != "" {
			return t + "." + g.field.Name()
		}
		return g.field.Name()
	}
	if g.local != nil {
		return g.local.Name()
	}
	return "the channel"
}

// fieldOwner returns the name of the struct type that declares field f, or
// "".
func fieldOwner(f *types.Var) string {
	scope := f.Pkg().Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		st, ok := tn.Type().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			if st.Field(i) == f {
				return tn.Name()
			}
		}
	}
	return ""
}
