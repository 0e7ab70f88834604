package typesx_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

func TestIsNil(t *testing.T) {
	const src = `package p
var (
	a error = nil
	b = 0
	c *int = (nil)
)`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	require.NoError(t, err)
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	_, err = (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	require.NoError(t, err)
	var got []bool
	for _, spec := range f.Decls[0].(*ast.GenDecl).Specs {
		got = append(got, typesx.IsNil(info, spec.(*ast.ValueSpec).Values[0]))
	}
	assert.Equal(t, []bool{true, false, true}, got)
}

func TestNamedName(t *testing.T) {
	const src = `package p

import "time"

type (
	Alias = time.Timer
	List[T any] struct{ next *List[T] }
)

var (
	a time.Timer
	b *time.Ticker
	c Alias
	d *Alias
	e **time.Timer
	f []time.Timer
	g int
	h List[int]
	i error
)

func generic[T any](x T) {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	require.NoError(t, err)
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	require.NoError(t, err)
	want := map[string]string{
		"a": "time.Timer", "b": "time.Ticker", "c": "time.Timer", "d": "time.Timer",
		"e": "", "f": "", "g": "", "h": "p.List", "i": "",
	}
	for name, w := range want {
		assert.Equal(t, w, typesx.NamedName(pkg.Scope().Lookup(name).Type()), name)
	}
	tparam := pkg.Scope().Lookup("generic").Type().(*types.Signature).TypeParams().At(0)
	assert.Equal(t, "", typesx.NamedName(tparam))
	assert.Equal(t, "", typesx.NamedName(nil))
	// The same answer as IsNamedOrPointer, for every key.
	for name, w := range want {
		if w == "time.Timer" {
			assert.True(t, typesx.IsNamedOrPointer(pkg.Scope().Lookup(name).Type(), "time", "Timer"), name)
		}
	}
}

func TestRootVar(t *testing.T) {
	const src = `package p

import "os"

type T struct {
	a struct{ b int }
	s []T
	p *T
}

var g T

func f(x T, p *T, m map[string]T, xs []*T) {
	_ = x
	_ = x.a.b
	_ = x.s[0].a
	_ = (*p).a
	_ = p.p.a
	_ = m["k"].a
	_ = *xs[1]
	_ = (x)
	_ = g.a
	_ = os.Args
	_ = os.Args[0]
	_ = f
	_ = T{}.a
	_ = h().a
	_ = len(x.s)
}

func h() T { return T{} }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	require.NoError(t, err)
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	_, err = (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	require.NoError(t, err)
	var fn *ast.FuncDecl
	for _, d := range f.Decls {
		if d, ok := d.(*ast.FuncDecl); ok && d.Name.Name == "f" {
			fn = d
		}
	}
	require.NotNil(t, fn)
	var got []string
	for _, st := range fn.Body.List {
		e := st.(*ast.AssignStmt).Rhs[0]
		name := "<nil>"
		if v := typesx.RootVar(info, e); v != nil {
			name = v.Name()
			if v.Pkg() != nil && v.Pkg().Path() != "p" {
				name = v.Pkg().Path() + "." + name
			}
		}
		got = append(got, types.ExprString(e)+" -> "+name)
	}
	assert.Equal(t, []string{
		"x -> x",
		"x.a.b -> x",
		"x.s[0].a -> x",
		"(*p).a -> p",
		"p.p.a -> p",
		`m["k"].a -> m`,
		"*xs[1] -> xs",
		"(x) -> x",
		"g.a -> g",
		"os.Args -> os.Args",
		"os.Args[0] -> os.Args",
		"f -> <nil>",
		"T{}.a -> <nil>",
		"h().a -> <nil>",
		"len(x.s) -> <nil>",
	}, got)
}
