package summary

import (
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/tools/go/analysis"
)

type markFact struct{}

func (*markFact) AFact() {}

func TestSolved(t *testing.T) {
	self := types.NewPackage("example.com/self", "self")
	dep := types.NewPackage("example.com/dep", "dep")
	std := types.NewPackage("strings", "strings")
	imports := map[*types.Package]int{}
	exported := 0
	pass := &analysis.Pass{
		Pkg: self,
		ImportPackageFact: func(pkg *types.Package, fact analysis.Fact) bool {
			_ = fact.(*markFact)
			imports[pkg]++
			return pkg == dep
		},
		ExportPackageFact: func(fact analysis.Fact) {
			_ = fact.(*markFact)
			exported++
		},
	}
	s := NewSolved(pass, func() analysis.Fact { return new(markFact) }, false)
	assert.False(t, s.Has(nil))
	assert.False(t, s.Has(self), "not solved before Mark")
	assert.True(t, s.Has(dep))
	assert.False(t, s.Has(std))
	assert.True(t, s.Has(dep))
	assert.Equal(t, map[*types.Package]int{dep: 1, std: 1}, imports, "each package's fact looked up once, never the own package's")
	s.Mark()
	assert.Equal(t, 1, exported)
	assert.True(t, s.Has(self))

	assert.True(t, NewSolved(pass, func() analysis.Fact { return new(markFact) }, true).Has(self))
}
