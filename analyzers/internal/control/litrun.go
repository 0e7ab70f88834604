// Package control answers the control-flow questions every analyzer asks of
// the syntax: when the body of a function literal runs (LitRun), and
// whether a run of statements leaves a loop or the function (Leaves).
package control

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// A Run says when the body of a function literal runs, seen from the code
// around the literal.
type Run int

const (
	// Stored: the literal is kept (in a field, an element, a composite
	// literal, a channel, a result, or appended to a slice) and runs
	// whenever, and on whichever goroutine, its holder calls it.
	Stored Run = iota
	// Now: called where it is written, func() {...}(), on the goroutine
	// and in the iteration that reach it.
	Now
	// Deferred: defer func() {...}(), on the same goroutine when the
	// enclosing function returns.
	Deferred
	// Go: go func() {...}(), on a goroutine of its own.
	Go
	// Callback: an argument of a call (sync.Once.Do, errgroup.Go,
	// sort.Slice, time.AfterFunc); the callee decides when and where it
	// runs. The call is returned with it.
	Callback
	// Bound: the value of a variable (f := func() {...}, var f = ...), run
	// when the code calls it through that name.
	Bound
)

var runNames = [...]string{"stored", "now", "deferred", "go", "callback", "bound"}

func (r Run) String() string {
	if r < 0 || int(r) >= len(runNames) {
		return "Run(?)"
	}
	return runNames[r]
}

// Called reports whether the literal is called where it is written: Now,
// Deferred or Go. Its parameters are bound to the call's arguments,
// evaluated there.
func (r Run) Called() bool { return r == Now || r == Deferred || r == Go }

// LitRun returns when the function literal at lit runs, and, for Now,
// Deferred, Go and Callback, the cursor of the call that calls it or
// receives it. Parentheses are looked through, and so are conversions
// (http.HandlerFunc(func(w, r) {...}) runs when the converted value does);
// an argument of a builtin (append) is Stored. info may be nil: then every
// call argument is a Callback.
func LitRun(info *types.Info, lit inspector.Cursor) (Run, inspector.Cursor) {
	cur := lit
	for {
		switch cur.ParentEdgeKind() {
		case edge.ParenExpr_X:
			cur = cur.Parent()
			continue
		case edge.CallExpr_Fun:
			call := cur.Parent()
			switch call.ParentEdgeKind() {
			case edge.DeferStmt_Call:
				return Deferred, call
			case edge.GoStmt_Call:
				return Go, call
			}
			return Now, call
		case edge.CallExpr_Args:
			call := cur.Parent()
			switch callKind(info, call.Node().(*ast.CallExpr)) {
			case conversion:
				cur = call
				continue
			case builtin:
				return Stored, inspector.Cursor{}
			}
			return Callback, call
		case edge.AssignStmt_Rhs:
			as := cur.Parent().Node().(*ast.AssignStmt)
			for _, l := range as.Lhs {
				if _, ok := ast.Unparen(l).(*ast.Ident); !ok {
					return Stored, inspector.Cursor{}
				}
			}
			return Bound, inspector.Cursor{}
		case edge.ValueSpec_Values:
			return Bound, inspector.Cursor{}
		}
		return Stored, inspector.Cursor{}
	}
}

type kind int

const (
	plain kind = iota
	conversion
	builtin
)

// callKind tells a conversion T(x) and a builtin call from a function call.
func callKind(info *types.Info, call *ast.CallExpr) kind {
	if info == nil {
		return plain
	}
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return conversion
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if _, ok := info.Uses[id].(*types.Builtin); ok {
			return builtin
		}
	}
	return plain
}
