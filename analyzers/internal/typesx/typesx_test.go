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
