package summary

import (
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// Solved says which packages an analyzer solved, so that the facts of a
// solved package speak for all its functions (one without an object fact
// does not have the property) and the functions of any other package are
// judged by the analyzer's own rules (the standard library's tables). The
// package being analysed is solved when the analyzer says so (Mark);
// another package when it carries the analyzer's marker fact, a package
// fact of a type the analyzer declares (each analyzer owns its fact
// types).
type Solved struct {
	pass  *analysis.Pass
	fact  func() analysis.Fact
	self  bool
	known map[*types.Package]bool
}

// NewSolved returns the Solved of the analyzer running as pass, whose
// marker fact fact returns (a new value each call); self says whether the
// package being analysed counts as solved before Mark.
func NewSolved(pass *analysis.Pass, fact func() analysis.Fact, self bool) *Solved {
	return &Solved{pass: pass, fact: fact, self: self, known: make(map[*types.Package]bool)}
}

// Mark exports the marker fact for the package being analysed, which then
// counts as solved.
func (s *Solved) Mark() {
	s.self = true
	s.pass.ExportPackageFact(s.fact())
}

// Has reports whether pkg was solved: never for nil, as NewSolved and Mark
// say for the package being analysed, by its marker fact for another
// (looked up once).
func (s *Solved) Has(pkg *types.Package) bool {
	if pkg == nil {
		return false
	}
	if pkg == s.pass.Pkg {
		return s.self
	}
	v, ok := s.known[pkg]
	if !ok {
		v = s.pass.ImportPackageFact(pkg, s.fact())
		s.known[pkg] = v
	}
	return v
}
