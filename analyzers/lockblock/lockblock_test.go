package lockblock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/internal/passrun"
	"github.com/conclint/conclint/analyzers/lockblock"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockblock.Analyzer, "waits", "relock", "leak", "order", "facts", "conds", "shapes", "tests")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), lockblock.Analyzer, "fix")
}

func TestTestsFlag(t *testing.T) {
	if err := lockblock.Analyzer.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	defer lockblock.Analyzer.Flags.Set("tests", "false")
	results := analysistest.Run(&passrun.QuietT{T: t}, analysistest.TestData(), lockblock.Analyzer, "tests")
	n := 0
	for _, r := range results {
		n += len(r.Diagnostics)
	}
	if n != 1 {
		t.Errorf("with -tests: got %d diagnostics in tests/tests_test.go, want 1", n)
	}
}
