package goroutineleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/goroutineleak"
)

// One package a question the analyzer asks, each with its negative cases.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), goroutineleak.Analyzer,
		"abandon", "blindsend", "cancel", "loops", "owners", "orphan", "robust", "signal", "startup", "stuck", "waitgroup")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), goroutineleak.Analyzer, "fix")
}
