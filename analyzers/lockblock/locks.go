package lockblock

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// This file recognises lock operations and names the lock they act on: a
// path from a variable through struct fields ("s.mu", "c" for a type that
// embeds its mutex), the same string wherever the same lock is written in
// one function, so that a Lock, the Unlock that pairs with it and a second
// Lock can be matched.

// opKind is what a call does to a lock.
type opKind int

const (
	opNone    opKind = iota
	opLock           // Lock: blocks until no one holds the lock
	opRLock          // RLock: blocks while a writer holds or waits for the lock
	opUnlock         // Unlock
	opRUnlock        // RUnlock
	opTry            // TryLock, TryRLock: never blocks
)

func (k opKind) acquires() bool { return k == opLock || k == opRLock }
func (k opKind) releases() bool { return k == opUnlock || k == opRUnlock }

// lockMethod returns what a call of fn does to a lock: fn is a method of
// sync.Mutex, sync.RWMutex or sync.Locker (a Cond's L, RLocker's result).
func lockMethod(fn *types.Func) opKind {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return opNone
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return opNone
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return opNone
	}
	switch named.Obj().Name() {
	case "Mutex", "RWMutex", "Locker":
	default:
		return opNone
	}
	switch fn.Name() {
	case "Lock":
		return opLock
	case "RLock":
		return opRLock
	case "Unlock":
		return opUnlock
	case "RUnlock":
		return opRUnlock
	case "TryLock", "TryRLock":
		return opTry
	}
	return opNone
}

// A lockRef names a lock (or another synchronisation object: a channel, a
// WaitGroup, a Cond) by the path that reaches it: a root variable and the
// struct fields selected from it, embedded fields included.
type lockRef struct {
	root types.Object // a *types.Var: local, parameter, receiver or package variable
	path []string     // field names, outermost first
	// class is the field holding the object (its declaration, shared by
	// every value of the struct type), or the root variable when there is
	// no field: two refs of one class may be one object.
	class *types.Var
	text  string // the source, for messages: "s.mu"
}

// key identifies the object within one function: same root, same fields.
func (r lockRef) key(ids *objIDs) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(ids.id(r.root)))
	for _, f := range r.path {
		b.WriteByte('.')
		b.WriteString(f)
	}
	return b.String()
}

// objIDs numbers the root objects of one package's refs, so that keys are
// short strings.
type objIDs struct {
	m map[types.Object]int
}

func (ids *objIDs) id(o types.Object) int {
	if ids.m == nil {
		ids.m = make(map[types.Object]int)
	}
	n, ok := ids.m[o]
	if !ok {
		n = len(ids.m) + 1
		ids.m[o] = n
	}
	return n
}

// maxPath bounds the length of a ref's field path, so that refs built by
// substituting arguments through recursive calls stay finite.
const maxPath = 6

// refOf returns the ref of the object e denotes, or false when e is not a
// variable or a chain of field selections from one (an index, a call, a map
// element: the same text may be another object each time).
func refOf(info *types.Info, e ast.Expr) (lockRef, bool) {
	var fields []*types.Var
	var walk func(e ast.Expr) types.Object
	walk = func(e ast.Expr) types.Object {
		switch e := e.(type) {
		case *ast.ParenExpr:
			return walk(e.X)
		case *ast.StarExpr:
			return walk(e.X)
		case *ast.UnaryExpr:
			if e.Op == token.AND {
				return walk(e.X)
			}
		case *ast.Ident:
			if v, ok := info.Uses[e].(*types.Var); ok {
				return v
			}
			if v, ok := info.Defs[e].(*types.Var); ok {
				return v
			}
		case *ast.SelectorExpr:
			sel := info.Selections[e]
			if sel == nil {
				// A package-qualified variable: pkg.Mu.
				if v, ok := info.Uses[e.Sel].(*types.Var); ok {
					return v
				}
				return nil
			}
			if sel.Kind() != types.FieldVal {
				return nil
			}
			root := walk(e.X)
			if root == nil {
				return nil
			}
			fields = append(fields, embeddedPath(sel)...)
			if f, ok := sel.Obj().(*types.Var); ok {
				fields = append(fields, f)
			}
			return root
		}
		return nil
	}
	root := walk(e)
	if root == nil || len(fields) > maxPath {
		return lockRef{}, false
	}
	r := lockRef{root: root, text: types.ExprString(e)}
	for _, f := range fields {
		r.path = append(r.path, f.Name())
	}
	if len(fields) > 0 {
		r.class = fields[len(fields)-1].Origin()
	} else if v, ok := root.(*types.Var); ok {
		r.class = v.Origin()
	}
	return r, true
}

// embeddedPath returns the embedded fields a selection goes through before
// its last step: s.Lock() on a struct embedding sync.Mutex selects the
// field Mutex implicitly.
func embeddedPath(sel *types.Selection) []*types.Var {
	idx := sel.Index()
	if len(idx) < 2 {
		return nil
	}
	var out []*types.Var
	t := sel.Recv()
	for _, i := range idx[:len(idx)-1] {
		st := structOf(t)
		if st == nil || i >= st.NumFields() {
			return out
		}
		f := st.Field(i)
		out = append(out, f)
		t = f.Type()
	}
	return out
}

// structOf returns the struct under t (through one pointer), or nil.
func structOf(t types.Type) *types.Struct {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, _ := t.Underlying().(*types.Struct)
	return st
}

// lockCall is a call of a lock method, with the ref of its lock.
type lockCall struct {
	call *ast.CallExpr
	kind opKind
	ref  lockRef
	ok   bool // the lock has a ref; false for l.m[url].Lock()
}

// asLockCall recognises x.Lock(), x.RUnlock() and the like. The lock is
// x, or the mutex x embeds: "s.mu" for s.mu.Lock(), "s" for s.Lock().
func asLockCall(info *types.Info, call *ast.CallExpr, fn *types.Func) (lockCall, bool) {
	kind := lockMethod(fn)
	if kind == opNone {
		return lockCall{}, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return lockCall{}, false
	}
	lc := lockCall{call: call, kind: kind}
	ref, ok := refOf(info, sel.X)
	if !ok {
		return lc, true
	}
	if s := info.Selections[sel]; s != nil {
		for _, f := range embeddedPath(s) {
			ref.path = append(ref.path, f.Name())
			ref.class = f.Origin()
		}
	}
	lc.ref, lc.ok = ref, len(ref.path) <= maxPath
	return lc, true
}

// unlockFor returns the method that releases what kind acquired.
func unlockFor(kind opKind) string {
	if kind == opRLock {
		return "RUnlock"
	}
	return "Unlock"
}

// isLockerField reports whether the class is a sync.Locker-typed field
// (sync.Cond's L): every Cond shares that field, so it names no lock.
func isLockerField(v *types.Var) bool {
	if v == nil {
		return false
	}
	named, ok := types.Unalias(v.Type()).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "sync" && named.Obj().Name() == "Locker"
}
