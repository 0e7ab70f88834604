package unboundedgo_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/internal/passrun"
	"github.com/conclint/conclint/analyzers/unboundedgo"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unboundedgo.Analyzer, "a", "handlers", "tests")
}

// TestFacts checks the through-call analysis across packages: a handler's
// call to a helper of its own module is reported with the chain; a
// library of another module is not followed.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unboundedgo.Analyzer, "example.com/app/notify", "example.com/app/web")
}

// TestAcceptLoops checks -accept-loops; without it the accept package is quiet.
func TestAcceptLoops(t *testing.T) {
	if n := count(t, "accept"); n != 0 {
		t.Errorf("without -accept-loops: got %d diagnostics in accept, want 0", n)
	}
	set(t, "accept-loops", "true")
	analysistest.Run(t, analysistest.TestData(), unboundedgo.Analyzer, "accept")
}

func TestTestsFlag(t *testing.T) {
	set(t, "tests", "true")
	if n := count(t, "tests"); n != 1 {
		t.Errorf("with -tests: got %d diagnostics in tests/a_test.go, want 1", n)
	}
}

func set(t *testing.T, flag, value string) {
	t.Helper()
	if err := unboundedgo.Analyzer.Flags.Set(flag, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unboundedgo.Analyzer.Flags.Set(flag, "false") })
}

// count runs the analyzer on pkg and returns its number of diagnostics,
// ignoring the fixtures' expectations.
func count(t *testing.T, pkg string) int {
	results := analysistest.Run(&passrun.QuietT{T: t}, analysistest.TestData(), unboundedgo.Analyzer, pkg)
	n := 0
	for _, r := range results {
		n += len(r.Diagnostics)
	}
	return n
}
