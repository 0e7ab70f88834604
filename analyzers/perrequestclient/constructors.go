package perrequestclient

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/flagx"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// genericEntry describes the constructors added with -constructors.
var genericEntry = knowledge.PooledClient{
	Does:   "builds a new pooled client",
	Fix:    "build it once at start-up and share it",
	Reason: "named with -constructors",
}

// A constructorTable is the knowledge tables of pooled-client constructors
// plus the -constructors flag.
type constructorTable struct {
	funcs, types map[string]knowledge.PooledClient
	paths        map[string]bool // import paths of the constructors
	// names are the bare names of funcs and of
	// knowledge.NonPoolingBuilders: a callee whose name is in neither is
	// looked up without building its full name (typesx.Names).
	names typesx.Names
}

// nonPoolingNames are the bare names of knowledge.NonPoolingBuilders, looked
// up on every call.
var nonPoolingNames = typesx.NamesOf(knowledge.NonPoolingBuilders)

func newConstructorTable() *constructorTable {
	t := &constructorTable{funcs: make(map[string]knowledge.PooledClient), types: make(map[string]knowledge.PooledClient), paths: make(map[string]bool)}
	for k, v := range knowledge.PooledClientFuncs {
		t.funcs[k] = v
		t.paths[pathOf(k)] = true
	}
	for k, v := range knowledge.PooledClientTypes {
		t.types[k] = v
		t.paths[pathOf(k)] = true
	}
	for _, name := range flagx.List(extraConstructors) {
		if _, ok := t.funcs[name]; !ok {
			t.funcs[name] = genericEntry
		}
		if _, ok := t.types[name]; !ok {
			t.types[name] = genericEntry
		}
		t.paths[pathOf(name)] = true
	}
	t.names = typesx.NamesOf(t.funcs).Union(nonPoolingNames)
	return t
}

// pathOf returns the import path in a full name: "net/http" for
// "(*net/http.Transport).Clone", "github.com/nats-io/nats.go" for
// "github.com/nats-io/nats.go.Connect".
func pathOf(name string) string {
	name = strings.TrimLeft(name, "(*")
	if i := strings.Index(name, ")"); i >= 0 {
		name = name[:i]
	}
	if i := strings.LastIndex(name, "."); i >= 0 {
		return name[:i]
	}
	return name
}

// nonPooling reports whether a transport literal keeps no idle
// connections (DisableKeepAlives: true): it loses nothing built per request.
func nonPooling(pass *analysis.Pass, lit *ast.CompositeLit) bool {
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		id, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		if _, ok := knowledge.NonPoolingTransportSwitches[id.Name]; ok {
			if tv, ok := pass.TypesInfo.Types[kv.Value]; ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value) {
				return true
			}
		}
	}
	return false
}

// closingRequests reports whether the construction n, at cur, is an
// http.Transport built in a function that sets a switch of
// knowledge.NonPoolingRequestSwitches on a request (req.Close = true):
// every connection it opens for such requests is closed after the
// response, so it keeps no pool to lose.
func (c *checker) closingRequests(cur inspector.Cursor, n ast.Node) bool {
	info := c.pass.TypesInfo
	if !typesx.IsNamedOrPointer(info.TypeOf(n.(ast.Expr)), "net/http", "Transport") {
		return false
	}
	for fn := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		found := false
		ast.Inspect(fn.Node(), func(x ast.Node) bool {
			as, ok := x.(*ast.AssignStmt)
			if !ok || found {
				return !found
			}
			for i, l := range as.Lhs {
				sel, ok := ast.Unparen(l).(*ast.SelectorExpr)
				if !ok || i >= len(as.Rhs) || !typesx.IsNamedOrPointer(info.TypeOf(sel.X), "net/http", "Request") {
					continue
				}
				if _, ok := knowledge.NonPoolingRequestSwitches[sel.Sel.Name]; !ok {
					continue
				}
				if tv, ok := info.Types[as.Rhs[i]]; ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value) {
					found = true
				}
			}
			return !found
		})
		return found
	}
	return false
}

// tableType returns the short name and table entry of a named type T whose
// literals build a pooled client, or false.
func (c *checker) tableType(t types.Type) (string, knowledge.PooledClient, bool) {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", knowledge.PooledClient{}, false
	}
	obj := n.Obj()
	e, ok := c.constructors.types[obj.Pkg().Path()+"."+obj.Name()]
	return obj.Pkg().Name() + "." + obj.Name(), e, ok
}
