package handlerblock

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file decides which channels a function's waits are on: a
// cancellation channel (x.Done() and the like), which a select may wait
// on, or a channel the function owns, whose operations wait for its own
// goroutines.

// isCancelChan reports whether receiving from e waits for a cancellation:
// e is x.Done() for an x whose type implements context.Context, a call to a
// method of knowledge.CancelChanMethods, or a local variable only ever
// assigned such a channel.
func (c *checker) isCancelChan(e ast.Expr, vars chanVars) bool {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
		return v != nil && vars[v]&chanCancel != 0
	}
	return c.cancelCall(e)
}

// cancelCall reports whether e is a call that returns a cancellation
// channel: x.Done() on a context, or a knowledge.CancelChanMethods method.
func (c *checker) cancelCall(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := typesx.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	if knowledge.CancelChanMethods[cancelNames.FullName(fn)] != "" {
		return true
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && fn.Name() == "Done" && implementsContext(c.pass.TypesInfo.TypeOf(sel.X))
}

// implementsContext reports whether t's method set has context.Context's
// methods (Deadline, Done, Err, Value).
func implementsContext(t types.Type) bool {
	if t == nil {
		return false
	}
	if typesx.IsContext(t) {
		return true
	}
	ms := types.NewMethodSet(t)
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr && !types.IsInterface(t) {
		ms = types.NewMethodSet(types.NewPointer(t))
	}
	for _, name := range []string{"Deadline", "Done", "Err", "Value"} {
		if ms.Lookup(nil, name) == nil {
			return false
		}
	}
	return true
}

// chanVars classifies a function's local channel variables.
type chanVars map[*types.Var]chanClass

// chanClass is a set of the classes below.
type chanClass int

const (
	chanOwned  chanClass = 1 << iota // made here, handed only to goroutines and closures started here
	chanCancel                       // only ever assigned a Done() channel
)

// owned reports whether e is a variable of vars that the function owns.
func (vars chanVars) owned(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, _ := info.Uses[id].(*types.Var)
	return v != nil && vars[v]&chanOwned != 0
}

// classifyChans finds the channel variables declared in the function at fn
// (in its body or nested literals) that it owns, or that hold a Done()
// channel. A variable is owned when every value assigned to it is a
// make(chan ...) and it is used only as the operand of channel operations,
// close, len and cap, or inside a go statement or function literal of the
// function: passing it to a call, storing it, sending it or returning it
// hands it to code that may hold it for longer (a worker waiting to reply).
func (c *checker) classifyChans(fn inspector.Cursor) chanVars {
	info := c.pass.TypesInfo
	vars := make(chanVars)
	isLocalChan := func(id *ast.Ident) *types.Var {
		if id == nil || id.Name == "_" {
			return nil
		}
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
		}
		v, _ := obj.(*types.Var)
		if v == nil || v.IsField() || v.Pos() < fn.Node().Pos() || v.Pos() >= fn.Node().End() {
			return nil
		}
		if _, ok := typeUnder(v.Type()).(*types.Chan); !ok {
			return nil
		}
		return v
	}
	candidates := make(map[*types.Var]chanClass)
	seen := make(map[*types.Var]bool)
	assign := func(id *ast.Ident, rhs ast.Expr) {
		v := isLocalChan(id)
		if v == nil {
			return
		}
		var cls chanClass
		if rhs != nil {
			if isMakeChan(info, rhs) {
				cls = chanOwned
			} else if c.cancelCall(rhs) {
				cls = chanCancel
			}
		}
		if !seen[v] {
			seen[v] = true
			candidates[v] = cls
		} else {
			candidates[v] &= cls
		}
	}
	// Assignments (the parameters of fn are not local: they start unknown;
	// var ch chan T is a nil channel until assigned: the assignments decide).
	for cur := range fn.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil)) {
		control.Assigns(cur.Node(), assign)
		if n, ok := cur.Node().(*ast.RangeStmt); ok {
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					assign(id, nil)
				}
			}
		}
	}
	for v, cls := range candidates {
		if cls != 0 {
			vars[v] = cls
		}
	}
	// A signal channel the caller passes in (done <-chan struct{}) is its
	// way to stop the wait: ReadOrDone(done, ch), a stop or quit channel.
	for _, v := range signalParams(info, fn.Node()) {
		vars[v] |= chanCancel
	}
	if len(vars) == 0 {
		return vars
	}
	// Uses: an owned channel must not escape.
	for cur := range fn.Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		v, _ := info.Uses[id].(*types.Var)
		if v == nil || vars[v]&chanOwned == 0 {
			continue
		}
		if !ownedUse(info, fn, cur) {
			vars[v] &^= chanOwned
		}
	}
	return vars
}

// signalParams returns the parameters of the function fn whose type is a
// channel of struct{} that can be received from: channels that carry no
// data, only a signal (a close), passed in by the caller to stop a wait.
func signalParams(info *types.Info, fn ast.Node) []*types.Var {
	var ft *ast.FuncType
	switch n := fn.(type) {
	case *ast.FuncDecl:
		ft = n.Type
	case *ast.FuncLit:
		ft = n.Type
	}
	if ft == nil || ft.Params == nil {
		return nil
	}
	var out []*types.Var
	for _, f := range ft.Params.List {
		for _, name := range f.Names {
			v, ok := info.Defs[name].(*types.Var)
			if !ok {
				continue
			}
			ch, ok := typeUnder(v.Type()).(*types.Chan)
			if !ok || ch.Dir() == types.SendOnly {
				continue
			}
			if st, ok := ch.Elem().Underlying().(*types.Struct); ok && st.NumFields() == 0 {
				out = append(out, v)
			}
		}
	}
	return out
}

// ownedUse reports whether the use of an owned-channel candidate at cur
// keeps it owned.
func ownedUse(info *types.Info, fn, cur inspector.Cursor) bool {
	switch cur.ParentEdgeKind() {
	case edge.SendStmt_Chan, edge.RangeStmt_X:
		return true
	case edge.UnaryExpr_X:
		if u := cur.Parent().Node().(*ast.UnaryExpr); u.Op == token.ARROW {
			return true
		}
	case edge.AssignStmt_Lhs:
		return true
	case edge.CallExpr_Args:
		call := cur.Parent().Node().(*ast.CallExpr)
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				switch b.Name() {
				case "close", "len", "cap":
					return true
				}
			}
		}
	}
	// Anywhere inside a goroutine or closure the function starts.
	for p := range cur.Enclosing((*ast.GoStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		if p.Node() == fn.Node() {
			return false
		}
		if _, ok := p.Node().(*ast.FuncDecl); ok {
			return false
		}
		return true
	}
	return false
}

// isMakeChan reports whether e is make(chan T, ...).
func isMakeChan(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "make" {
		return false
	}
	_, ok = typeUnder(info.TypeOf(call.Args[0])).(*types.Chan)
	return ok
}

// typeUnder returns t's underlying type, or nil for a nil t.
func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}
