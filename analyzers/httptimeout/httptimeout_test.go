package httptimeout_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/httptimeout"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), httptimeout.Analyzer, "a", "tests")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), httptimeout.Analyzer, "fix")
}

func TestTestsFlag(t *testing.T) {
	if err := httptimeout.Analyzer.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	defer httptimeout.Analyzer.Flags.Set("tests", "false")
	results := analysistest.Run(&quietT{T: t}, analysistest.TestData(), httptimeout.Analyzer, "tests")
	n := 0
	for _, r := range results {
		n += len(r.Diagnostics)
	}
	if n != 2 {
		t.Errorf("with -tests: got %d diagnostics in tests/a_test.go, want 2", n)
	}
}

// quietT swallows the "unexpected diagnostic" errors of analysistest.Run:
// TestTestsFlag counts the diagnostics itself.
type quietT struct{ *testing.T }

func (q *quietT) Errorf(format string, args ...any) {}
