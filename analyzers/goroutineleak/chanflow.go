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
