// Package typesx holds the small type predicates every conclint analyzer
// needs. They see through aliases and handle type parameters: a type
// parameter is never any of the named types asked about.
package typesx

import (
	"go/ast"
	"go/build"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// IsNamed reports whether t (not a pointer to it) is the named type path.name.
func IsNamed(t types.Type, path, name string) bool {
	if t == nil {
		return false
	}
	t = types.Unalias(t)
	n, ok := t.(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == path
}

// IsPointerTo reports whether t is *path.name.
func IsPointerTo(t types.Type, path, name string) bool {
	if t == nil {
		return false
	}
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && IsNamed(p.Elem(), path, name)
}

// IsNamedOrPointer reports whether t is path.name or *path.name.
func IsNamedOrPointer(t types.Type, path, name string) bool {
	return IsNamed(t, path, name) || IsPointerTo(t, path, name)
}

// NamedName returns the full name, "path.Name", of t's named type, or of
// the named type t points to, or "" (unnamed and predeclared types, type
// parameters). It is the key of the knowledge tables of types: a type is in
// a table when NamedName(t) is a key, as IsNamedOrPointer would say.
func NamedName(t types.Type) string {
	if t == nil {
		return ""
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	return n.Obj().Pkg().Path() + "." + n.Obj().Name()
}

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool { return IsNamed(t, "context", "Context") }

// IsRequest reports whether t is *net/http.Request.
func IsRequest(t types.Type) bool { return IsPointerTo(t, "net/http", "Request") }

// IsResponseWriter reports whether t is net/http.ResponseWriter.
func IsResponseWriter(t types.Type) bool { return IsNamed(t, "net/http", "ResponseWriter") }

// Callee returns the function or method statically called by call, or nil
// (calls through function values and interface methods, builtins,
// conversions). Instantiations of generic functions are mapped to their
// origin, so facts are looked up on the declared function.
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// StaticCallee is Callee without interface methods: a call whose target is
// fixed at compile time.
func StaticCallee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn := typeutil.StaticCallee(info, call)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// Static returns fn when a call to it is static, or nil: fn is nil or an
// interface method. For the result of Callee it gives what StaticCallee would
// return for the same call, without resolving the call again.
func Static(fn *types.Func) *types.Func {
	if fn == nil {
		return nil
	}
	if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
		return nil
	}
	return fn
}

// Names is the set of bare names (the last element: "Get", "Do") of the
// full names of knowledge tables. A function whose bare name is not in it is
// in none of the tables, and its full name, a string built on every call,
// need not be built: analyzers look callees up on every call expression of
// every package they visit, and few callees are in any table.
type Names map[string]bool

// NamesOf returns the bare names of the keys of tables, full names as
// types.Func.FullName writes them.
func NamesOf[M ~map[string]V, V any](tables ...M) Names {
	n := make(Names)
	for _, t := range tables {
		for full := range t {
			n[full[strings.LastIndexByte(full, '.')+1:]] = true
		}
	}
	return n
}

// Union returns the names in n or o.
func (n Names) Union(o Names) Names {
	u := make(Names, len(n)+len(o))
	for k := range n {
		u[k] = true
	}
	for k := range o {
		u[k] = true
	}
	return u
}

// FullName returns fn.FullName() when fn's bare name is in n, and "" (a key
// of no table) otherwise. fn may be nil.
func (n Names) FullName(fn *types.Func) string {
	if fn == nil || !n[fn.Name()] {
		return ""
	}
	return fn.FullName()
}

// CallName is CallName for the calls of the tables n indexes: "" when the
// callee is in none of them.
func (n Names) CallName(info *types.Info, call *ast.CallExpr) string {
	return n.FullName(Callee(info, call))
}

// CallName returns the full name of call's callee (the form the knowledge
// tables use: "net/http.Get", "(*net/http.Client).Do"), or "".
func CallName(info *types.Info, call *ast.CallExpr) string {
	if fn := Callee(info, call); fn != nil {
		return fn.FullName()
	}
	return ""
}

// ShortName returns the name used in messages: "http.Get", "deep.Retry",
// "(*deep.Client).Do" shortened to "deep.Client.Do".
func ShortName(fn *types.Func) string {
	var b strings.Builder
	if fn.Pkg() != nil {
		b.WriteString(fn.Pkg().Name())
		b.WriteByte('.')
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		switch t := types.Unalias(t).(type) {
		case *types.Named:
			b.WriteString(t.Obj().Name())
			b.WriteByte('.')
		case *types.Interface:
			// method of an interface literal: no type name to show
		}
	}
	b.WriteString(fn.Name())
	return b.String()
}

// IsNil reports whether e is the untyped nil.
func IsNil(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.IsNil()
}

// RootVar returns the variable at the root of an expression that denotes a
// variable or a part of one: v for v, s.a.b, s[i].f, (*p).f and p.f, and
// the package variable for pkg.V (and pkg.V.f); nil when the root is not a
// variable (a call's result, a composite literal, a constant, a function).
func RootVar(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.ObjectOf(x).(*types.Var)
			return v
		case *ast.SelectorExpr:
			if _, ok := info.Selections[x]; !ok {
				v, _ := info.ObjectOf(x.Sel).(*types.Var) // pkg.Var
				return v
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// InStdlib reports whether the package of pass is part of the standard
// library: its path has no dot in its first element and its files are in
// GOROOT/src (vendored packages of the standard library included).
func InStdlib(pass *analysis.Pass) bool {
	if first, _, _ := strings.Cut(pass.Pkg.Path(), "/"); strings.Contains(first, ".") {
		return false
	}
	if len(pass.Files) == 0 || build.Default.GOROOT == "" {
		return false
	}
	f := pass.Fset.File(pass.Files[0].FileStart)
	if f == nil {
		return false
	}
	root := filepath.Join(build.Default.GOROOT, "src") + string(filepath.Separator)
	return strings.HasPrefix(filepath.Clean(f.Name()), root)
}

// Imports reports whether pkg imports path directly.
func Imports(pkg *types.Package, path string) bool {
	for _, imp := range pkg.Imports() {
		if imp.Path() == path {
			return true
		}
	}
	return false
}

// ImportsAny reports whether pkg imports any of paths directly.
func ImportsAny(pkg *types.Package, paths ...string) bool {
	for _, imp := range pkg.Imports() {
		for _, p := range paths {
			if imp.Path() == p {
				return true
			}
		}
	}
	return false
}
