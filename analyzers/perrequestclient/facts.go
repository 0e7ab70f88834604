package perrequestclient

import (
	"fmt"
	"go/types"
	"strings"

	"github.com/conclint/conclint/analyzers/internal/summary"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// buildsFact marks a function every call of which builds a pooled client,
// itself or through the functions it calls.
type buildsFact struct {
	Chain []string // ["deep.NewTransport", "deep.build", "http.Transport"]
	Where string   // position of the construction: "deep.go:12"
	Does  string   // what the construction does: "builds a new connection pool"
	// Params are the parameters whose values decide whether it builds one
	// (summary.Reason.Params); empty when every call does.
	Params []int
}

func (*buildsFact) AFact() {}
func (f *buildsFact) String() string {
	s := "builds a pooled client: " + strings.Join(f.Chain, " -> ")
	if len(f.Params) > 0 {
		s += fmt.Sprintf(" (depending on parameters %v)", f.Params)
	}
	return s
}

// packageFact marks a package that has buildsFacts, so that packages
// importing none such, and none of the constructors' packages, are skipped.
type packageFact struct{}

func (*packageFact) AFact()         {}
func (*packageFact) String() string { return "has pooled-client builders" }

// importedFact reports whether fn, of another package, has a buildsFact.
func (c *checker) importedFact(fn *types.Func) bool {
	return fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, new(buildsFact))
}

// solve computes which functions build a pooled client on every call,
// through calls too, and exports the facts.
func (c *checker) solve() {
	imported := func(fn *types.Func) (summary.Reason, bool) {
		var f buildsFact
		if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg || !c.pass.ImportObjectFact(fn, &f) || len(f.Chain) == 0 {
			return summary.Reason{}, false
		}
		c.does[f.Where+"|"+f.Chain[len(f.Chain)-1]] = f.Does
		return summary.Reason{Chain: f.Chain, Where: f.Where, Params: f.Params}, true
	}
	c.reasons = summary.Solve(c.funcs, imported, typesx.ShortName)
	// Only functions other packages can call need a fact: exported ones,
	// not in test files.
	exported := false
	for _, fn := range summary.Sorted(c.reasons) {
		if !fn.Exported() || strings.HasSuffix(c.pass.Fset.Position(fn.Pos()).Filename, "_test.go") {
			continue
		}
		r := c.reasons[fn]
		c.pass.ExportObjectFact(fn, &buildsFact{Chain: r.Chain, Where: r.Where, Does: c.doesOf(r), Params: r.Params})
		exported = true
	}
	if exported {
		c.pass.ExportPackageFact(new(packageFact))
	}
}

// doesOf returns what the construction at the end of a chain does.
func (c *checker) doesOf(r summary.Reason) string {
	if len(r.Chain) > 0 {
		if d, ok := c.does[r.Where+"|"+r.Chain[len(r.Chain)-1]]; ok {
			return d
		}
	}
	return genericEntry.Does
}

// reason returns why a call's callee builds a pooled client and what it
// builds, or false.
func (c *checker) reason(fn *types.Func) (summary.Reason, string, bool) {
	if r, ok := c.reasons[fn]; ok {
		return r, c.doesOf(r), true
	}
	var f buildsFact
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg || !c.pass.ImportObjectFact(fn, &f) || len(f.Chain) == 0 {
		return summary.Reason{}, "", false
	}
	return summary.Reason{Chain: f.Chain, Where: f.Where, Params: f.Params}, f.Does, true
}
