package ctxpropagation_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/ctxpropagation"
	"github.com/conclint/conclint/analyzers/internal/passrun"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ctxpropagation.Analyzer, "a", "scope", "tests", "cli", "cmdmain", "svc")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), ctxpropagation.Analyzer, "fix", "fiximport")
}

func TestExcludeFlag(t *testing.T) {
	if err := ctxpropagation.Analyzer.Flags.Set("exclude", "lib.Logger, lib.Send"); err != nil {
		t.Fatal(err)
	}
	defer ctxpropagation.Analyzer.Flags.Set("exclude", "")
	analysistest.Run(t, analysistest.TestData(), ctxpropagation.Analyzer, "exclude")
}

func TestTestsFlag(t *testing.T) {
	if err := ctxpropagation.Analyzer.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	defer ctxpropagation.Analyzer.Flags.Set("tests", "false")
	results := analysistest.Run(&passrun.QuietT{T: t}, analysistest.TestData(), ctxpropagation.Analyzer, "tests")
	n := 0
	for _, r := range results {
		n += len(r.Diagnostics)
	}
	if n != 2 {
		t.Errorf("with -tests: got %d diagnostics in tests/a_test.go, want 2", n)
	}
}
