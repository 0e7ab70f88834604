package ctxuse

import (
	"go/types"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
)

// This file judges the functions that are not solved: the standard
// library's, interface methods, and the functions of packages without
// facts.

// ValueOnly lists the standard library's APIs that take a context and
// never observe its cancellation, or whose context changes nothing for
// it: an entry is a package path, a type ("net.ListenConfig": its
// methods) or a function's full name. A context passed to them is not
// used. Functions that return a context derived from the one they are
// given (context.WithTimeout, runtime/pprof.WithLabels, trace.NewTask) are
// followed through their result instead.
var ValueOnly = map[string]string{
	"log/slog":                              "logging: the context carries values (trace and request IDs) for handlers, not cancellation",
	"runtime/trace":                         "trace annotations read the task from the context's values",
	"runtime/pprof.SetGoroutineLabels":      "copies the context's profiler labels to the goroutine",
	"runtime/pprof.Label":                   "reads a profiler label from the context's values",
	"runtime/pprof.ForLabels":               "reads the profiler labels from the context's values",
	"net/http/httptrace.ContextClientTrace": "reads the client trace hooks from the context's values",
	"(*net.ListenConfig).Listen":            "binding a socket waits on no peer: the context bounds only the resolution of the address to listen on, a local one for a server",
	"(*net.ListenConfig).ListenPacket":      "binding a socket waits on no peer: the context bounds only the resolution of the address to listen on, a local one for a server",
}

// param returns what fn (a declared function, not an instantiation) does
// with its parameter j of type pt. from, when not nil, is the function
// being solved: it is evaluated again when a function of the package it
// reads grows.
func (in *Info) param(fn *types.Func, j int, pt types.Type, from *node) Flow {
	if !isContext(pt) {
		// An argument that is not a context parameter (fmt.Sprint(ctx),
		// a variadic ...any): the standard library formats it; anything
		// else is not followed.
		if !in.solvedPkg(fn.Pkg()) {
			return Ignored
		}
		return Used
	}
	if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
		return in.ifaceParam(fn, j, from)
	}
	if fn.Pkg() == in.pass.Pkg {
		n := in.nodes[fn]
		if n == nil || j >= len(n.flows) {
			return Used // no body (assembly, linkname): not seen
		}
		if from != nil {
			if k := len(n.dependents); k == 0 || n.dependents[k-1] != from {
				n.dependents = append(n.dependents, from)
			}
		}
		return n.flows[j]
	}
	if in.solvedPkg(fn.Pkg()) {
		var f paramsFact
		if in.pass.ImportObjectFact(fn, &f) && j < len(f.Flows) {
			return f.Flows[j]
		}
		return Used
	}
	return stdFlow(fn)
}

// solvedPkg reports whether pkg was solved by this analyzer (it is not the
// standard library, and its facts are there).
func (in *Info) solvedPkg(pkg *types.Package) bool { return in.solved.Has(pkg) }

// stdFlow judges a function that is not solved: a detaching function
// ignores the context; one returning a context returns it derived; a
// value-only API ignores it; any other honours it.
func stdFlow(fn *types.Func) Flow {
	name := fn.FullName()
	if _, ok := knowledge.DetachingFuncs[name]; ok {
		return Ignored
	}
	res := fn.Signature().Results()
	for i := range res.Len() {
		if isContext(res.At(i).Type()) {
			return Returned
		}
	}
	if valueOnly(fn) {
		return Ignored
	}
	return Used
}

// valueOnly reports whether fn is listed in ValueOnly: by name, by
// receiver type or by package.
func valueOnly(fn *types.Func) bool {
	if _, ok := ValueOnly[fn.FullName()]; ok {
		return true
	}
	if fn.Pkg() != nil {
		if _, ok := ValueOnly[fn.Pkg().Path()]; ok {
			return true
		}
	}
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
			if _, ok := ValueOnly[n.Obj().Pkg().Path()+"."+n.Obj().Name()]; ok {
				return true
			}
		}
	}
	return false
}
