package httptimeout

import (
	"fmt"
	"go/types"
	"strings"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: what an exported function does with the client, server or
// transport it is given or returns, carried to the packages that call it.

// funcFact is the fact exported for an exported function or method that
// bounds what it is handed. It prints as
// "clients: 1=bounded[0] | servers: [0] | transport": parameter 1 is
// bounded given the deadline of argument 0, parameter 0 gets a server
// timeout, the result is a bounded transport.
type funcFact struct {
	// Clients are the *http.Client parameters whose every request is
	// bounded, given the arguments at CtxDeps.
	Clients []clientParam
	// ServerParams are the *http.Server parameters on which the function
	// sets ReadHeaderTimeout or ReadTimeout.
	ServerParams []int
	// BoundedTransport: the function returns a transport that bounds the
	// wait for response headers (transport.go).
	BoundedTransport bool
}

// clientParam is what a function does with its client parameter Index.
type clientParam struct {
	Index int
	// Verdict is the verdict of its requests apart from CtxDeps: bounded,
	// or handed (it is handed to another package's configuration), or
	// callerCtx (it is stored and sent with the contexts of the package's
	// exported methods), or noSend (only CtxDeps decide).
	Verdict uint8
	// CtxDeps are the parameters (contexts or requests) whose deadline the
	// requests carry: the caller's arguments decide.
	CtxDeps []int
	// TimeoutSet: the function sets the client's Timeout.
	TimeoutSet bool
}

func (*funcFact) AFact() {}

func (f *funcFact) String() string {
	var parts []string
	if len(f.Clients) > 0 {
		var cs []string
		for _, c := range f.Clients {
			s := fmt.Sprintf("%d=%s", c.Index, verdict(c.Verdict))
			if len(c.CtxDeps) > 0 {
				s += fmt.Sprintf("%v", c.CtxDeps)
			}
			if c.TimeoutSet {
				s += "+timeout"
			}
			cs = append(cs, s)
		}
		parts = append(parts, "clients: "+strings.Join(cs, " "))
	}
	if len(f.ServerParams) > 0 {
		parts = append(parts, fmt.Sprintf("servers: %v", f.ServerParams))
	}
	if f.BoundedTransport {
		parts = append(parts, "transport")
	}
	return strings.Join(parts, " | ")
}

func (f *funcFact) setsServer(i int) bool {
	for _, p := range f.ServerParams {
		if p == i {
			return true
		}
	}
	return false
}

// exportFacts computes the facts of the package's exported functions. A
// function qualifies by its signature first (a client or server parameter,
// a transport result), so most packages export nothing and build no index.
func (c *checker) exportFacts() {
	if c.pass.Pkg.Name() == "main" {
		return
	}
	for _, fn := range exportedFuncs(c.pass.Pkg) {
		sig := fn.Signature()
		relevant := sig.Results().Len() > 0 && isTransport(sig.Results().At(0).Type())
		for p := range sig.Params().Variables() {
			relevant = relevant || isClient(p.Type()) || isServer(p.Type())
		}
		if !relevant {
			continue
		}
		c.index()
		decl, ok := c.calls.decls[fn]
		if !ok {
			continue
		}
		var ff funcFact
		for i := 0; i < sig.Params().Len(); i++ {
			p := sig.Params().At(i)
			switch {
			case isClient(p.Type()):
				e := c.newEval()
				e.fact = true
				r := e.variableFlow(p, &frame{fn: decl, obj: fn, symbolic: true}, mClient)
				if e.exhausted {
					continue
				}
				if !r.timeoutSet && r.v != bounded && r.v != handed && r.v != callerCtx && (r.v != noSend || r.deps == 0) {
					continue
				}
				cp := clientParam{Index: i, Verdict: uint8(r.v), TimeoutSet: r.timeoutSet}
				for j := 0; j < 64; j++ {
					if r.deps&(1<<j) != 0 {
						cp.CtxDeps = append(cp.CtxDeps, j)
					}
				}
				ff.Clients = append(ff.Clients, cp)
			case isServer(p.Type()):
				if c.setVia(p, serverFields, 0) {
					ff.ServerParams = append(ff.ServerParams, i)
				}
			}
		}
		if sig.Results().Len() > 0 && isTransport(sig.Results().At(0).Type()) {
			ff.BoundedTransport = c.returnsBoundedTransport(decl, nil, 0)
		}
		if len(ff.Clients) > 0 || len(ff.ServerParams) > 0 || ff.BoundedTransport {
			c.pass.ExportObjectFact(fn, &ff)
		}
	}
}

// exportedFuncs returns the package's exported functions and the exported
// methods of its named types.
func exportedFuncs(pkg *types.Package) []*types.Func {
	var out []*types.Func
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		switch obj := scope.Lookup(name).(type) {
		case *types.Func:
			if obj.Exported() {
				out = append(out, obj)
			}
		case *types.TypeName:
			if n, ok := obj.Type().(*types.Named); ok {
				for m := range n.Methods() {
					if m.Exported() {
						out = append(out, m)
					}
				}
			}
		}
	}
	return out
}

func isServer(t types.Type) bool { return typesx.IsNamedOrPointer(t, "net/http", "Server") }
