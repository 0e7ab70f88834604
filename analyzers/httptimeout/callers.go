package httptimeout

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: who calls a function of the package, so that a context or a
// request a function receives can be judged at its callers.

// calls indexes the package's calls.
type calls struct {
	pass  *analysis.Pass
	decls map[*types.Func]inspector.Cursor
	// static are the calls fixed at compile time, by callee.
	static map[*types.Func][]inspector.Cursor
	// dynamic are the calls through a variable or a field holding a
	// function, by that variable or field.
	dynamic map[types.Object][]inspector.Cursor
	// iface are the calls of interface methods, by method name.
	iface map[string][]inspector.Cursor
	// stored are the variables and fields of the package a function is
	// assigned to (o.Do = do): their calls call it.
	stored map[*types.Func][]types.Object
	// escapes holds the functions used as values in any other way (passed
	// as an argument, a method value given to another package): they have
	// callers we cannot see.
	escapes map[*types.Func]bool
	// reachable caches reachableType.
	reachable map[*types.TypeName]map[string]bool
}

func newCalls(pass *analysis.Pass, root inspector.Cursor) *calls {
	x := &calls{
		pass:      pass,
		decls:     make(map[*types.Func]inspector.Cursor),
		static:    make(map[*types.Func][]inspector.Cursor),
		dynamic:   make(map[types.Object][]inspector.Cursor),
		iface:     make(map[string][]inspector.Cursor),
		stored:    make(map[*types.Func][]types.Object),
		escapes:   make(map[*types.Func]bool),
		reachable: make(map[*types.TypeName]map[string]bool),
	}
	info := pass.TypesInfo
	for cur := range root.Preorder((*ast.FuncDecl)(nil), (*ast.CallExpr)(nil), (*ast.Ident)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			if fn, ok := info.Defs[n.Name].(*types.Func); ok && n.Body != nil {
				x.decls[fn] = cur
			}
		case *ast.CallExpr:
			fn := typesx.Callee(info, n)
			switch {
			case fn != nil && typesx.Static(fn) != nil:
				x.static[fn] = append(x.static[fn], cur)
			case fn != nil:
				x.iface[fn.Name()] = append(x.iface[fn.Name()], cur)
			default:
				var obj types.Object
				switch f := ast.Unparen(n.Fun).(type) {
				case *ast.Ident:
					obj = info.Uses[f]
				case *ast.SelectorExpr:
					obj = info.Uses[f.Sel]
				}
				if v, ok := obj.(*types.Var); ok {
					x.dynamic[v] = append(x.dynamic[v], cur)
				}
			}
		case *ast.Ident:
			fn, ok := info.Uses[n].(*types.Func)
			if !ok {
				continue
			}
			x.reference(cur, fn.Origin())
		}
	}
	return x
}

// reference records a use of fn that is not the callee of a call.
func (x *calls) reference(cur inspector.Cursor, fn *types.Func) {
	if cur.ParentEdgeKind() == edge.SelectorExpr_Sel {
		cur = cur.Parent()
	}
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	p := cur.Parent()
	var into types.Object
	switch k, i := cur.ParentEdge(); k {
	case edge.CallExpr_Fun:
		return // a call
	case edge.AssignStmt_Rhs:
		as := p.Node().(*ast.AssignStmt)
		if len(as.Lhs) == len(as.Rhs) {
			into = storageOf(x.pass.TypesInfo, as.Lhs[i])
		}
	case edge.ValueSpec_Values:
		vs := p.Node().(*ast.ValueSpec)
		if len(vs.Names) == len(vs.Values) {
			into = x.pass.TypesInfo.Defs[vs.Names[i]]
		}
	case edge.KeyValueExpr_Value:
		if id, ok := p.Node().(*ast.KeyValueExpr).Key.(*ast.Ident); ok {
			if v, ok := x.pass.TypesInfo.Uses[id].(*types.Var); ok && v.IsField() {
				into = v
			}
		}
	}
	if into == nil || into.Pkg() != x.pass.Pkg {
		x.escapes[fn] = true
		return
	}
	x.stored[fn] = append(x.stored[fn], into)
}

// storageOf returns the variable or field an assignment's left-hand side
// denotes (x, s.f), or nil.
func storageOf(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.ObjectOf(e)
	case *ast.SelectorExpr:
		if v, ok := info.ObjectOf(e.Sel).(*types.Var); ok {
			return v
		}
	}
	return nil
}

// callersOf returns the calls of fn in the package: static calls, calls
// through the variables and fields fn is stored in, and, for a method,
// calls of interface methods of the same name that its receiver type
// implements. known is false when fn is also used as a value in a way
// that hides its callers.
func (x *calls) callersOf(fn *types.Func) (sites []inspector.Cursor, known bool) {
	sites = append(sites, x.static[fn]...)
	for _, v := range x.stored[fn] {
		sites = append(sites, x.dynamic[v]...)
	}
	if recv := fn.Signature().Recv(); recv != nil {
		for _, call := range x.iface[fn.Name()] {
			m := typesx.Callee(x.pass.TypesInfo, call.Node().(*ast.CallExpr))
			it, ok := m.Signature().Recv().Type().Underlying().(*types.Interface)
			if ok && implements(recv.Type(), it) {
				sites = append(sites, call)
			}
		}
	}
	return sites, !x.escapes[fn]
}

// implements reports whether t, or a pointer to it, implements it.
func implements(t types.Type, it *types.Interface) bool {
	if types.Implements(t, it) {
		return true
	}
	if _, ok := t.(*types.Pointer); !ok {
		return types.Implements(types.NewPointer(t), it)
	}
	return false
}

// externallyCallable reports whether other packages can call fn, so that
// its callers, and the contexts they pass, are unknown here: an exported
// function or method of a package other than main; for a method of an
// unexported type, only when an exported function or method of the package
// returns that type, or an interface with the method that the type
// implements (the only ways its values leave the package).
func (x *calls) externallyCallable(fn *types.Func) bool {
	if x.pass.Pkg.Name() == "main" || !fn.Exported() {
		return false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return true
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Exported() {
		return true
	}
	return x.reachableType(named, fn.Name())
}

// reachableType reports whether a value of the package's unexported type
// named can reach other packages with its method available: returned by
// an exported function or an exported method of an exported type, as
// itself or as an interface with that method.
func (x *calls) reachableType(named *types.Named, method string) bool {
	tn := named.Obj()
	if m, ok := x.reachable[tn]; ok {
		return m[method]
	}
	m := make(map[string]bool)
	x.reachable[tn] = m
	mark := func(sig *types.Signature) {
		for r := range sig.Results().Variables() {
			rt := r.Type()
			if p, ok := rt.(*types.Pointer); ok {
				rt = p.Elem()
			}
			if n, ok := rt.(*types.Named); ok && n.Obj() == tn {
				ms := types.NewMethodSet(types.NewPointer(named))
				for sel := range ms.Methods() {
					m[sel.Obj().Name()] = true
				}
				continue
			}
			if it, ok := r.Type().Underlying().(*types.Interface); ok && implements(named, it) {
				for f := range it.Methods() {
					m[f.Name()] = true
				}
			}
		}
	}
	scope := x.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		switch obj := scope.Lookup(name).(type) {
		case *types.Func:
			if obj.Exported() {
				mark(obj.Signature())
			}
		case *types.TypeName:
			n, ok := obj.Type().(*types.Named)
			if !ok || !obj.Exported() {
				continue
			}
			for f := range n.Methods() {
				if f.Exported() {
					mark(f.Signature())
				}
			}
		}
	}
	return m[method]
}
