package ioeffect_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/internal/ioeffect"
)

// TestFacts checks the facts exported for each effect, in the package and
// through another package's facts and the libraries' tables.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ioeffect.Analyzer, "dep", "b")
}
