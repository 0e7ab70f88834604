package ctxuse

import (
	"go/types"
)

// This file judges the methods of interfaces by their implementations in
// the interface's own package.

// findImpls finds, before the package is solved, the methods of the
// package's own types that implement each method with a context parameter
// of the package's interfaces. An interface none of them implements has
// no entry; one whose implementation cannot be found (a method promoted
// from an embedded interface) has a nil list: unseen.
//
// Assumed: the implementations that matter are the package's own, the
// types it returns behind the interface (a constructor returning Breaker).
// A caller's own implementation, handed back to the package, is not seen.
func (in *Info) findImpls() {
	in.impls = make(map[*types.Func][]*types.Func)
	scope := in.pass.Pkg.Scope()
	var concrete, ifaces []*types.Named
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams().Len() > 0 {
			continue
		}
		if types.IsInterface(named) {
			if hasCtxMethod(named.Underlying().(*types.Interface)) {
				ifaces = append(ifaces, named)
			}
		} else {
			concrete = append(concrete, named)
		}
	}
	for _, it := range ifaces {
		iface := it.Underlying().(*types.Interface)
		var impls []types.Type
		for _, t := range concrete {
			if types.Implements(t, iface) {
				impls = append(impls, t)
			} else if p := types.NewPointer(t); types.Implements(p, iface) {
				impls = append(impls, p)
			}
		}
		if len(impls) == 0 {
			continue
		}
		for i := range iface.NumExplicitMethods() {
			m := iface.ExplicitMethod(i)
			if hasCtxParam(m.Signature()) {
				in.impls[m] = implsOf(m, impls)
			}
		}
	}
}

// implsOf returns the methods by which the types impls implement the
// interface method m, or nil when one of them cannot be found in the
// package's own code.
func implsOf(m *types.Func, impls []types.Type) []*types.Func {
	var ims []*types.Func
	for _, t := range impls {
		obj, _, _ := types.LookupFieldOrMethod(t, false, m.Pkg(), m.Name())
		im, ok := obj.(*types.Func)
		if !ok || im.Signature().Params().Len() != m.Signature().Params().Len() {
			return nil
		}
		if recv := im.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
			return nil // promoted from an embedded interface: not seen
		}
		ims = append(ims, im.Origin())
	}
	return ims
}

// exportInterfaces exports, once the package is solved, what the methods
// of its exported interfaces do with their parameters.
func (in *Info) exportInterfaces() {
	for m := range in.impls {
		recv := m.Signature().Recv()
		named, ok := types.Unalias(recv.Type()).(*types.Named)
		if !ok || !named.Obj().Exported() || !m.Exported() {
			continue
		}
		params := m.Signature().Params()
		flows := make([]Flow, params.Len())
		for k := range flows {
			flows[k] = in.ownIfaceParam(m, k, nil)
		}
		in.pass.ExportObjectFact(m, &paramsFact{Flows: flows})
	}
}

// ownIfaceParam returns what the package's interface method m does with
// its parameter j: the most its implementations in the package do;
// as a plug-in point (plugIn) when the package has none; Used when one
// cannot be found. from, when solving, is the function asking.
func (in *Info) ownIfaceParam(m *types.Func, j int, from *node) Flow {
	ims, ok := in.impls[m]
	if !ok {
		return plugIn(m)
	}
	if ims == nil {
		return Used
	}
	f := Ignored
	for _, im := range ims {
		f = max(f, in.param(im, j, im.Signature().Params().At(j).Type(), from))
	}
	return f
}

// ifaceParam returns what the interface method fn does with its parameter
// j: what the implementations in its package do (ownIfaceParam, or its
// fact). An interface of a solved package that none of its package's
// types implements is a plug-in point: its implementation is whatever the
// program plugs in (a secret manager, a consensus module), maybe nothing,
// and is not seen; it does not count as a use (Ignored). The standard
// library's interfaces follow its rules.
func (in *Info) ifaceParam(fn *types.Func, j int, from *node) Flow {
	if fn.Pkg() == in.pass.Pkg {
		return in.ownIfaceParam(fn, j, from)
	}
	if in.solvedPkg(fn.Pkg()) {
		var f paramsFact
		if in.pass.ImportObjectFact(fn, &f) && j < len(f.Flows) {
			return f.Flows[j]
		}
		return plugIn(fn)
	}
	return stdFlow(fn)
}

// plugIn judges a method of an interface with no implementation seen: one
// returning a context returns it derived (a tracer's Start), where the
// caller's use of the result decides; any other does not count as a use.
func plugIn(m *types.Func) Flow {
	res := m.Signature().Results()
	for i := range res.Len() {
		if isContext(res.At(i).Type()) {
			return Returned
		}
	}
	return Ignored
}

func hasCtxMethod(iface *types.Interface) bool {
	for i := range iface.NumExplicitMethods() {
		if hasCtxParam(iface.ExplicitMethod(i).Signature()) {
			return true
		}
	}
	return false
}

func hasCtxParam(sig *types.Signature) bool {
	for i := range sig.Params().Len() {
		if isContext(sig.Params().At(i).Type()) {
			return true
		}
	}
	return false
}
