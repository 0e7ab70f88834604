package ctxpropagation_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/ctxpropagation"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ctxpropagation.Analyzer, "a", "scope", "tests")
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
