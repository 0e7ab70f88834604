package ctxuse_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/internal/ctxuse"
)

// TestFacts checks the facts exported for each way a context parameter is
// used, in the package and through another package's facts.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ctxuse.Analyzer, "dep", "b")
}
