package perrequestclient_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/internal/passrun"
	"github.com/conclint/conclint/analyzers/perrequestclient"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), perrequestclient.Analyzer,
		"a", "deep", "uses", "loops", "startup", "frameworks", "tests")
}

// TestConstructorsFlag checks that -constructors adds functions, methods
// and types; without the flag the package has no findings (flag/flag.go's
// wants would then fail, so this test also fails if the flag is ignored).
func TestConstructorsFlag(t *testing.T) {
	set := func(v string) {
		if err := perrequestclient.Analyzer.Flags.Set("constructors", v); err != nil {
			t.Fatal(err)
		}
	}
	set("example.com/pool.New, (*example.com/pool.Factory).Open,example.com/pool.Pool")
	defer set("")
	analysistest.Run(t, analysistest.TestData(), perrequestclient.Analyzer, "flag")
}

func TestWithoutConstructorsFlag(t *testing.T) {
	results := analysistest.Run(&passrun.QuietT{T: t}, analysistest.TestData(), perrequestclient.Analyzer, "flag")
	if n := count(results); n != 0 {
		t.Errorf("without -constructors: got %d diagnostics in package flag, want 0", n)
	}
}

func TestTestsFlag(t *testing.T) {
	if err := perrequestclient.Analyzer.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	defer perrequestclient.Analyzer.Flags.Set("tests", "false")
	results := analysistest.Run(&passrun.QuietT{T: t}, analysistest.TestData(), perrequestclient.Analyzer, "tests")
	// tests.go's handler (in both the package and its test variant), plus
	// the handler literal and the loop in tests_test.go.
	if n := count(results); n != 4 {
		t.Errorf("with -tests: got %d diagnostics in package tests, want 4", n)
	}
}

func count(results []*analysistest.Result) int {
	n := 0
	for _, r := range results {
		n += len(r.Diagnostics)
	}
	return n
}
