package analyzers_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers"
	"github.com/conclint/conclint/analyzers/internal/passrun"
)

var update = flag.Bool("update", false, "rewrite testdata/messages/*.txt from the fixtures' findings")

// TestMessages renders every distinct message each analyzer gives on its
// fixtures (all of testdata/src, default flags) and compares them with
// testdata/messages/NAME.txt, so that a change of wording is seen and
// reviewed in the diff. After reading the diff: go test ./analyzers -run
// TestMessages -update.
func TestMessages(t *testing.T) {
	for _, a := range analyzers.All {
		t.Run(a.Name, func(t *testing.T) {
			dir, err := filepath.Abs(filepath.Join(a.Name, "testdata"))
			require.NoError(t, err)
			entries, err := os.ReadDir(filepath.Join(dir, "src"))
			require.NoError(t, err)
			var pkgs []string
			for _, e := range entries {
				if e.IsDir() && !strings.Contains(e.Name(), ".") && hasGo(filepath.Join(dir, "src", e.Name())) {
					pkgs = append(pkgs, e.Name())
				}
			}
			seen := make(map[string]bool)
			results := analysistest.Run(&passrun.QuietT{T: t}, dir, a, pkgs...)
			require.NotEmpty(t, results, "the fixtures %v load", pkgs)
			for _, r := range results {
				for _, d := range r.Diagnostics {
					seen[lineNumbers.ReplaceAllString(d.Message, "${1}N")] = true
				}
			}
			msgs := make([]string, 0, len(seen))
			for m := range seen {
				msgs = append(msgs, m)
			}
			slices.Sort(msgs)
			got := strings.Join(msgs, "\n") + "\n"
			golden := filepath.Join("testdata", "messages", a.Name+".txt")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run with -update to create it")
			assert.NotEmpty(t, msgs, "the fixtures give findings")
			assert.Equal(t, string(want), got, "messages changed: read the diff, then -update")
		})
	}
}

// lineNumbers matches the line numbers messages cite ("line 41",
// "x.go:12"), which the golden text holds as N so that editing a fixture
// does not churn it; the wording is what is reviewed.
var lineNumbers = regexp.MustCompile(`(\bline |\blines |\.go:)\d+`)

// hasGo reports whether dir holds a Go file (stub trees such as
// testdata/src/github.com hold only subdirectories).
func hasGo(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	return len(m) > 0
}
