package httptimeout_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/httptimeout"
	"github.com/conclint/conclint/analyzers/internal/passrun"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), httptimeout.Analyzer, "a", "tests", "deadline", "library", "options", "clientlib", "facts", "transports", "handoff", "streams")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), httptimeout.Analyzer, "fix")
}

func TestTestsFlag(t *testing.T) {
	if err := httptimeout.Analyzer.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	defer httptimeout.Analyzer.Flags.Set("tests", "false")
	results := analysistest.Run(&passrun.QuietT{T: t}, analysistest.TestData(), httptimeout.Analyzer, "tests")
	n := 0
	for _, r := range results {
		n += len(r.Diagnostics)
	}
	if n != 2 {
		t.Errorf("with -tests: got %d diagnostics in tests/a_test.go, want 2", n)
	}
}

// TestCallerContextFlag runs the library shapes of callerctx with
// -caller-context, where they are reported, and without, where they are
// not.
func TestCallerContextFlag(t *testing.T) {
	results := analysistest.Run(&passrun.QuietT{T: t}, analysistest.TestData(), httptimeout.Analyzer, "callerctx")
	n := 0
	for _, r := range results {
		n += len(r.Diagnostics)
	}
	if n != 0 {
		t.Errorf("without -caller-context: got %d diagnostics in callerctx, want 0", n)
	}
	if err := httptimeout.Analyzer.Flags.Set("caller-context", "true"); err != nil {
		t.Fatal(err)
	}
	defer httptimeout.Analyzer.Flags.Set("caller-context", "false")
	analysistest.Run(t, analysistest.TestData(), httptimeout.Analyzer, "callerctx")
}
