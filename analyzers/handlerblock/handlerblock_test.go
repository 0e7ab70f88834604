package handlerblock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/handlerblock"
)

// TestAnalyzer checks the findings in handlers, the facts exported by deep
// and their use across packages, and the idiomatic code that stays quiet.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), handlerblock.Analyzer, "deep", "a", "frameworks", "quiet", "cli", "tests")
}

func TestBlockingFuncsFlag(t *testing.T) {
	set(t, "blocking-funcs", "example.com/retry.Do, (*example.com/retry.Policy).Wait")
	analysistest.Run(t, analysistest.TestData(), handlerblock.Analyzer, "extra")
}

// Without the flag, package extra has nothing to report: the test above
// is not passing by accident.
func TestBlockingFuncsFlagOff(t *testing.T) {
	if n := count(t, "extra"); n != 0 {
		t.Errorf("without -blocking-funcs: got %d diagnostics in extra, want 0", n)
	}
}

func TestTestsFlag(t *testing.T) {
	set(t, "tests", "true")
	if n := count(t, "tests"); n != 1 {
		t.Errorf("with -tests: got %d diagnostics in tests/a_test.go, want 1 (the handler's time.Sleep)", n)
	}
}

func set(t *testing.T, name, value string) {
	t.Helper()
	old := handlerblock.Analyzer.Flags.Lookup(name).Value.String()
	if err := handlerblock.Analyzer.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { handlerblock.Analyzer.Flags.Set(name, old) })
}

// count runs the analyzer on pkg and returns the number of diagnostics,
// ignoring the fixtures' expectations.
func count(t *testing.T, pkg string) int {
	results := analysistest.Run(&quietT{T: t}, analysistest.TestData(), handlerblock.Analyzer, pkg)
	n := 0
	for _, r := range results {
		n += len(r.Diagnostics)
	}
	return n
}

// quietT swallows the "unexpected diagnostic" errors of analysistest.Run.
type quietT struct{ *testing.T }

func (q *quietT) Errorf(format string, args ...any) {}
