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
