package goroutineleak

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/handlers"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: does a piece of code run more than once (per request, per
// connection, per reload, per object, in a loop), or only at start-up?
//
// A goroutine that can never end is a leak only when the code that starts
// it runs again and again: a loop started once from main to run for the
// life of the process is not. Both questions are answered from the
// package's static calls, conservatively:
//
//   - repeated (a reason) needs positive evidence: a loop that runs until
//     stopped around the call or the go statement (an accept or event loop;
//     a loop over a slice of configured items runs a fixed number of
//     times), a request handler (the handlers prerequisite), a parameter
//     that is a connection, a name that says reload, a method or
//     constructor of a type that has a Stop or Close method (its objects
//     are made and stopped), or a caller that is itself repeated;
//   - start-up only needs every path to come from main or init through
//     functions the package alone calls, none of them in a loop that runs
//     until stopped.
//
// Code that is neither (an exported function of a library nobody in the
// package calls) is not judged repeated.

// repeats computes and caches the answers for one package.
type repeats struct {
	ix       *index
	handlers *handlers.Index
	why      map[*fn]string
	startup  map[*fn]bool
	busy     map[*fn]bool // in repeated
	busyS    map[*fn]bool // in startupOnly
}

func newRepeats(ix *index, h *handlers.Index) *repeats {
	return &repeats{ix: ix, handlers: h, why: map[*fn]string{}, startup: map[*fn]bool{}, busy: map[*fn]bool{}, busyS: map[*fn]bool{}}
}

// goRepeated returns why the go statement runs more than once, or "".
func (r *repeats) goRepeated(g *goSite) string {
	if g.loop != nil {
		return fmt.Sprintf("started in the loop at line %d, which runs until stopped", r.line(g.loop))
	}
	if g.fn == nil {
		return ""
	}
	return r.repeated(g.fn)
}

// goStartup reports whether the go statement runs only at start-up.
func (r *repeats) goStartup(g *goSite) bool {
	return g.loop == nil && g.fn != nil && r.startupOnly(g.fn)
}

// repeated returns why f runs more than once, or "".
func (r *repeats) repeated(f *fn) string {
	if w, ok := r.why[f]; ok {
		return w
	}
	if r.busy[f] {
		return ""
	}
	r.busy[f] = true
	w := r.repeatedUncached(f)
	delete(r.busy, f)
	r.why[f] = w
	return w
}

func (r *repeats) repeatedUncached(f *fn) string {
	if f.obj == nil {
		return r.litRepeated(f)
	}
	if r.handlers != nil {
		if h := r.handlers.Of(f.node); h != nil {
			return "per request (" + shortName(f.obj) + " is a request handler)"
		}
	}
	if isMainOrInit(f.obj) {
		return ""
	}
	sig := f.obj.Signature()
	for i := range sig.Params().Len() {
		if p := sig.Params().At(i); isConn(p.Type()) {
			return fmt.Sprintf("per connection (%s takes %s %s)", shortName(f.obj), p.Name(), types.TypeString(p.Type(), types.RelativeTo(r.ix.pass.Pkg)))
		}
	}
	if isReloadName(f.obj.Name()) {
		return "per reload (" + shortName(f.obj) + ")"
	}
	for _, s := range f.callers {
		if s.loop != nil {
			return fmt.Sprintf("%s is called in the loop at line %d, which runs until stopped", shortName(f.obj), r.line(s.loop))
		}
	}
	for _, s := range f.callers {
		if s.fn == nil {
			continue
		}
		if w := r.repeated(s.fn); w != "" {
			return w
		}
	}
	if t, stop := lifecycleType(f.obj); t != nil && !r.startupOnly(f) {
		return fmt.Sprintf("per %s object (%s has %s: its objects are made and stopped)", t.Obj().Name(), t.Obj().Name(), stop)
	}
	return ""
}

func (r *repeats) litRepeated(f *fn) string {
	in := r.ix.siteOf(f.cur)
	switch f.run {
	case control.Go, control.Now, control.Deferred:
	case control.Callback:
		if r.handlers != nil && r.handlers.Of(f.node) != nil {
			return "per request (the function literal is a request handler)"
		}
		if callOnce(r.ix, f.call) {
			return ""
		}
		if !r.ix.spawns[f.call] {
			return ""
		}
	default:
		return ""
	}
	if in.loop != nil {
		return fmt.Sprintf("run in the loop at line %d, which runs until stopped", r.line(in.loop))
	}
	if f.outer == nil {
		return ""
	}
	return r.repeated(f.outer)
}

// startupOnly reports whether f runs only from main or init, once.
func (r *repeats) startupOnly(f *fn) bool {
	if v, ok := r.startup[f]; ok {
		return v
	}
	if r.busyS[f] {
		return false
	}
	r.busyS[f] = true
	v := r.startupUncached(f)
	delete(r.busyS, f)
	r.startup[f] = v
	return v
}

func (r *repeats) startupUncached(f *fn) bool {
	if f.obj == nil {
		in := r.ix.siteOf(f.cur)
		if in.loop != nil || f.outer == nil {
			return false
		}
		switch f.run {
		case control.Go, control.Now, control.Deferred:
			return r.startupOnly(f.outer)
		case control.Callback:
			return callOnce(r.ix, f.call) || r.ix.spawns[f.call] && r.startupOnly(f.outer)
		}
		return false
	}
	if isMainOrInit(f.obj) {
		return true
	}
	if f.taken || len(f.callers) == 0 || r.ix.external(f.obj) {
		return false
	}
	for _, s := range f.callers {
		if s.loop != nil || s.fn == nil || !r.startupOnly(s.fn) {
			return false
		}
	}
	return true
}

// external reports whether code outside the package, or a call through an
// interface, may call obj: it is exported (outside package main), or a
// method whose name one of the package's interfaces declares.
func (ix *index) external(obj *types.Func) bool {
	if obj.Signature().Recv() != nil && ix.ifaces[obj.Name()] {
		return true
	}
	return obj.Exported() && ix.pass.Pkg.Name() != "main"
}

func (r *repeats) line(n ast.Node) int { return r.ix.pass.Fset.Position(n.Pos()).Line }

func isMainOrInit(obj *types.Func) bool {
	if obj.Signature().Recv() != nil {
		return false
	}
	return obj.Name() == "init" || obj.Name() == "main" && obj.Pkg() != nil && obj.Pkg().Name() == "main"
}

// isConn reports whether t is a network connection: a function that takes
// one runs once per connection.
func isConn(t types.Type) bool {
	return typesx.IsNamed(t, "net", "Conn") ||
		typesx.IsNamedOrPointer(t, "net", "TCPConn") ||
		typesx.IsNamedOrPointer(t, "net", "UnixConn") ||
		typesx.IsNamedOrPointer(t, "crypto/tls", "Conn")
}

// isReloadName reports whether a function's name says it runs on every
// reload of the configuration.
func isReloadName(name string) bool {
	l := strings.ToLower(name)
	return strings.Contains(l, "reload") || strings.HasPrefix(l, "applyconfig") || strings.HasPrefix(l, "reconfigure")
}

// callOnce reports whether call runs its function argument at most once
// (sync.Once.Do, sync.OnceFunc).
func callOnce(ix *index, call *ast.CallExpr) bool {
	callee := typesx.Callee(ix.pass.TypesInfo, call)
	if callee == nil {
		return false
	}
	_, ok := knowledge.OnceFuncs[callee.FullName()]
	return ok
}

// runsLikeGo reports whether call runs its function argument once, now or
// on a goroutine of its own, like a go statement: errgroup.Group.Go,
// sync.WaitGroup.Go, time.AfterFunc, context.AfterFunc.
func runsLikeGo(info *types.Info, call *ast.CallExpr) bool {
	callee := typesx.Callee(info, call)
	if callee == nil {
		return false
	}
	switch callee.FullName() {
	case "(*golang.org/x/sync/errgroup.Group).Go", "(*golang.org/x/sync/errgroup.Group).TryGo",
		"(*sync.WaitGroup).Go", "time.AfterFunc", "context.AfterFunc":
		return true
	}
	return false
}

// stopMethods are the methods that end an object's background work.
var stopMethods = []string{"Stop", "Close", "Shutdown"}

// lifecycleType returns the named type obj is a method of, or the type a
// constructor returns, when that type has a method that stops it.
func lifecycleType(obj *types.Func) (*types.Named, string) {
	sig := obj.Signature()
	var t types.Type
	if recv := sig.Recv(); recv != nil {
		t = recv.Type()
	} else if sig.Results().Len() > 0 {
		t = sig.Results().At(0).Type()
	} else {
		return nil, ""
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() != obj.Pkg() {
		return nil, ""
	}
	if _, isStruct := named.Underlying().(*types.Struct); !isStruct {
		return nil, ""
	}
	ms := types.NewMethodSet(types.NewPointer(named))
	for _, name := range stopMethods {
		if sel := ms.Lookup(obj.Pkg(), name); sel != nil {
			return named, name
		}
	}
	return nil, ""
}
