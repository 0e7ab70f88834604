package httptimeout

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
)

// This file: the evaluation that both questions share, where a client goes
// (flow.go) and whether a request carries a deadline (deadline.go). A
// verdict, with what explains it, is a result; results join to the worse.
// A frame is a function being evaluated, entered through a call, on its
// own, or symbolic for a fact; an eval follows one client with its own
// memory of what is in progress, within bounds on depth and work.

// A verdict is what is known of the requests a client sends, from best to
// worst; joining two takes the worse.
type verdict uint8

const (
	// noSend: no request seen (yet). A client whose verdict stays noSend
	// is reported: nothing shows that it is bounded.
	noSend verdict = iota
	// bounded: every request seen carries a context with a deadline.
	bounded
	// handed: the client is handed to another package's configuration
	// (a field of its struct, a setter), which sends the requests with
	// the contexts its own API takes and owns their deadlines.
	handed
	// callerCtx: every request carries a deadline or the context the
	// caller of an exported function passes in (library code: the caller
	// decides).
	callerCtx
	// unbounded: some request has no deadline, or the value goes where it
	// is not followed.
	unbounded
)

func (v verdict) String() string {
	return [...]string{"deps", "bounded", "handed", "caller", "unbounded"}[v]
}

// A result is a verdict with what explains it.
type result struct {
	v verdict
	// timeoutSet: the client's Timeout is set after all, by a function or
	// option it is handed to.
	timeoutSet bool
	// at is a request sent with no deadline, for the message.
	at token.Pos
	// via is the exported function whose callers' context decides, for
	// callerCtx, and viaReq whether its callers pass the request (not a
	// context).
	via    *types.Func
	viaReq bool
	// deps are the parameters of the function a fact is computed for
	// (symbolic frame) whose argument decides, as a bit set.
	deps uint64
}

func (a result) join(b result) result {
	if b.v > a.v {
		a.v = b.v
	}
	a.timeoutSet = a.timeoutSet || b.timeoutSet
	if !a.at.IsValid() {
		a.at = b.at
	}
	if a.via == nil {
		a.via, a.viaReq = b.via, b.viaReq
	}
	a.deps |= b.deps
	return a
}

var unknown = result{v: unbounded}

var noResult result

// A frame is a function being evaluated: entered through a call (bound:
// its parameters are that call's arguments), or on its own (its
// parameters come from all its callers), or as the subject of a fact
// (symbolic: its parameters are left to the caller in another package).
type frame struct {
	fn     inspector.Cursor // FuncDecl or FuncLit
	obj    *types.Func      // for a FuncDecl
	call   inspector.Cursor // bound: the call that entered fn
	caller *frame           // bound: the frame of that call
	// outer is the frame of the function around a function literal.
	outer    *frame
	symbolic bool
	depth    int
}

func (f *frame) bound() bool { return f.caller != nil }

// maxDepth bounds how many calls deep a value is followed, and maxSteps
// the work for one finding; past them the value is unknown (reported).
const (
	maxDepth = 12
	maxSteps = 20000
)

// An eval follows one client, with its own memory of what is in progress.
type eval struct {
	c *checker
	// fact: the eval computes a fact, which holds for every call of the
	// function: a Timeout assigned to a field somewhere in its package (by
	// an option its callers may not use) does not count there.
	fact   bool
	busy   map[any]bool
	roots  map[inspector.Cursor]*frame
	boundF map[[2]any]*frame
	steps  int
	// exhausted: maxSteps was reached; what was found is incomplete, and
	// the client counts as unbounded.
	exhausted bool
	// stream: the context being judged is a streaming request's
	// (knowledge.StreamingRequests): one its owner can cancel counts as
	// bounded.
	stream bool
}

func (c *checker) newEval() *eval {
	return &eval{c: c, busy: make(map[any]bool), roots: make(map[inspector.Cursor]*frame), boundF: make(map[[2]any]*frame)}
}

// enter marks key in progress; a key met again while in progress adds
// nothing (the least fixed point of the join).
func (e *eval) enter(key any) bool {
	e.steps++
	if e.steps > maxSteps {
		e.exhausted = true
		return false
	}
	if e.busy[key] {
		return false
	}
	e.busy[key] = true
	return true
}

func (e *eval) leave(key any) { delete(e.busy, key) }

// root returns the frame of fn evaluated on its own.
func (e *eval) root(fn inspector.Cursor) *frame {
	if f, ok := e.roots[fn]; ok {
		return f
	}
	f := &frame{fn: fn}
	e.roots[fn] = f
	switch n := fn.Node().(type) {
	case *ast.FuncDecl:
		f.obj, _ = e.c.pass.TypesInfo.Defs[n.Name].(*types.Func)
	case *ast.FuncLit:
		if out, ok := enclosingFunc(fn.Parent()); ok {
			f.outer = e.root(out)
		}
	}
	return f
}

// enterCall returns the frame of the function decl entered through call,
// made in frame caller.
func (e *eval) enterCall(decl inspector.Cursor, call inspector.Cursor, caller *frame) *frame {
	key := [2]any{call, caller}
	if f, ok := e.boundF[key]; ok {
		return f
	}
	f := &frame{fn: decl, call: call, caller: caller, depth: caller.depth + 1}
	f.obj, _ = e.c.pass.TypesInfo.Defs[decl.Node().(*ast.FuncDecl).Name].(*types.Func)
	e.boundF[key] = f
	return f
}

// at returns the frame for code at cur, seen from frame fr: fr itself, or
// the function literals inside fr around cur, or, when fr does not enclose
// cur, the root frame of the function around cur.
func (e *eval) at(cur inspector.Cursor, fr *frame) *frame {
	fn, ok := enclosingFunc(cur)
	if !ok {
		return nil // package level
	}
	if fr != nil {
		if fn == fr.fn {
			return fr
		}
		if lits, ok := funcsBetween(cur, fr.fn); ok {
			f := fr
			for _, lit := range lits {
				f = &frame{fn: lit, outer: f, depth: f.depth}
			}
			return f
		}
	}
	return e.root(fn)
}

// frameOf returns the frame of function fn as seen from fr: fr or one of
// the frames around it, else fn's root frame.
func (e *eval) frameOf(fn inspector.Cursor, fr *frame) *frame {
	for f := fr; f != nil; f = f.outer {
		if f.fn == fn {
			return f
		}
	}
	return e.root(fn)
}
