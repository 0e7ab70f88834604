package ctxuse

import (
	"go/types"
)

// This file judges the methods of interfaces by their implementations in
// the interface's own package.

// solveInterfaces computes, for every method with a context parameter of
// the package's interfaces, the most any of the package's own types that
// implement the interface does with each parameter, and exports it as the
// method's fact when the interface and the method are exported. An
// interface none of the package's types implements is left unseen (Used).
//
// Assumed: the implementations that matter are the package's own, the
// types it returns behind the interface (a constructor returning Breaker).
// A caller's own implementation, handed back to the package, is not seen.
func (in *Info) solveInterfaces() {
	in.ifaces = make(map[*types.Func][]Flow)
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
			if !hasCtxParam(m.Signature()) {
				continue
			}
			flows := in.implFlows(m, impls)
			if flows == nil {
				continue
			}
			in.ifaces[m] = flows
			if it.Obj().Exported() && m.Exported() {
				in.pass.ExportObjectFact(m, &paramsFact{Flows: flows})
			}
		}
	}
}

// implFlows returns the most the implementations of the interface method
// m by the types impls do with each of its parameters, or nil when one of
// them cannot be found.
func (in *Info) implFlows(m *types.Func, impls []types.Type) []Flow {
	params := m.Signature().Params()
	flows := make([]Flow, params.Len())
	for _, t := range impls {
		obj, _, _ := types.LookupFieldOrMethod(t, false, m.Pkg(), m.Name())
		im, ok := obj.(*types.Func)
		if !ok || im.Signature().Params().Len() != params.Len() {
			return nil
		}
		im = im.Origin()
		for k := range flows {
			flows[k] = max(flows[k], in.param(im, k, im.Signature().Params().At(k).Type(), nil))
		}
	}
	return flows
}

// ifaceParam returns what the interface method fn does with its parameter
// j: what the implementations in its package do (solveInterfaces, or its
// fact), or, when none is known, what any implementation might (Used,
// unless the standard library's rules say otherwise).
func (in *Info) ifaceParam(fn *types.Func, j int) Flow {
	if fn.Pkg() == in.pass.Pkg {
		if flows, ok := in.ifaces[fn]; ok && j < len(flows) {
			return flows[j]
		}
		return stdFlow(fn)
	}
	if in.solvedPkg(fn.Pkg()) {
		var f paramsFact
		if in.pass.ImportObjectFact(fn, &f) && j < len(f.Flows) {
			return f.Flows[j]
		}
	}
	return stdFlow(fn)
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
