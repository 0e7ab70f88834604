// Package passrun runs analyzers on one type-checked package held in
// memory, without go/packages: the fuzz and robustness tests use it to feed
// the suite generated or mutated source quickly. It runs each analyzer's
// Requires first, recovers panics into errors, drops analyzers that cannot
// run on code with type errors (as the real drivers do), and round-trips
// every exported fact through gob, as the go vet driver does, so a fact that
// does not encode fails the test.
package passrun

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"runtime/debug"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// A Package is one parsed and type-checked package.
type Package struct {
	Fset       *token.FileSet
	Files      []*ast.File
	Types      *types.Package
	Info       *types.Info
	TypeErrors []types.Error
}

// Run runs analyzers (and what they require) on pkg and returns the
// diagnostics of the analyzers asked for, in report order.
func Run(pkg *Package, analyzers []*analysis.Analyzer) ([]analysis.Diagnostic, error) {
	r := &runner{pkg: pkg, results: make(map[*analysis.Analyzer]result)}
	var diags []analysis.Diagnostic
	for _, a := range analyzers {
		res := r.run(a)
		if res.err != nil {
			return diags, res.err
		}
		diags = append(diags, res.diags...)
	}
	return diags, nil
}

type result struct {
	value   any
	diags   []analysis.Diagnostic
	err     error
	skipped bool
}

type runner struct {
	pkg     *Package
	results map[*analysis.Analyzer]result
}

func (r *runner) run(a *analysis.Analyzer) (res result) {
	if res, ok := r.results[a]; ok {
		return res
	}
	defer func() { r.results[a] = res }()
	if len(r.pkg.TypeErrors) > 0 && !a.RunDespiteErrors {
		return result{skipped: true}
	}
	resultOf := make(map[*analysis.Analyzer]any)
	for _, req := range a.Requires {
		rr := r.run(req)
		if rr.err != nil {
			return result{err: rr.err}
		}
		if rr.skipped {
			return result{skipped: true}
		}
		resultOf[req] = rr.value
	}
	var diags []analysis.Diagnostic
	var factErr error
	encode := func(f analysis.Fact) {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(f); err != nil && factErr == nil {
			factErr = fmt.Errorf("%s: fact %T does not gob-encode: %v", a.Name, f, err)
		}
	}
	pass := &analysis.Pass{
		Analyzer:          a,
		Fset:              r.pkg.Fset,
		Files:             r.pkg.Files,
		Pkg:               r.pkg.Types,
		TypesInfo:         r.pkg.Info,
		TypesSizes:        types.SizesFor("gc", "amd64"),
		TypeErrors:        r.pkg.TypeErrors,
		ResultOf:          resultOf,
		Report:            func(d analysis.Diagnostic) { diags = append(diags, d) },
		ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportObjectFact:  func(_ types.Object, f analysis.Fact) { encode(f) },
		ExportPackageFact: func(f analysis.Fact) { encode(f) },
		AllObjectFacts:    func() []analysis.ObjectFact { return nil },
		AllPackageFacts:   func() []analysis.PackageFact { return nil },
		ReadFile:          os.ReadFile,
	}
	func() {
		defer func() {
			if p := recover(); p != nil {
				res.err = fmt.Errorf("%s panicked: %v\n%s", a.Name, p, debug.Stack())
			}
		}()
		res.value, res.err = a.Run(pass)
	}()
	if res.err == nil {
		res.err = factErr
	}
	res.diags = diags
	return res
}

// Check parses src as the one file of a package with import path path (the
// package's name when path is "") and type-checks it, importing with imp. It fails only when src does not
// parse; type errors are recorded in the result's TypeErrors, as a loader
// keeps them for RunDespiteErrors analyzers.
func Check(fset *token.FileSet, path, filename string, src []byte, imp types.Importer) (*Package, error) {
	f, err := parser.ParseFile(fset, filename, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	pkg := &Package{Fset: fset, Files: []*ast.File{f}, Info: &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}}
	conf := types.Config{
		Importer: imp,
		Error:    func(err error) { pkg.TypeErrors = append(pkg.TypeErrors, err.(types.Error)) },
	}
	if path == "" {
		path = f.Name.Name
	}
	pkg.Types, _ = conf.Check(path, fset, pkg.Files, pkg.Info)
	return pkg, nil
}

// CheckStd is Check for a self-contained test package: src may import
// only the standard library (from export data), and a type error fails it.
func CheckStd(path, src string) (*Package, error) {
	fset := token.NewFileSet()
	pkg, err := Check(fset, path, path+".go", []byte(src), importer.ForCompiler(fset, "gc", nil))
	if err == nil && len(pkg.TypeErrors) > 0 {
		err = pkg.TypeErrors[0]
	}
	return pkg, err
}

// QuietT is a testing.T for analysistest.Run whose Errorf does nothing: it
// swallows the "unexpected diagnostic" and "no diagnostic" errors, for tests
// that count or inspect the diagnostics of Run's results themselves.
type QuietT struct{ *testing.T }

// Errorf discards the error.
func (*QuietT) Errorf(format string, args ...any) {}
