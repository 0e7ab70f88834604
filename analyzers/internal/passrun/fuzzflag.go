package passrun

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// A FlagFuzz fuzzes one flag of an analyzer that takes a list of names:
// whatever the value, setting it either fails (the user's mistake, not a
// crash) or leaves a configuration that Check accepts, and the analyzer
// then runs on Src without panic or error.
type FlagFuzz struct {
	Analyzer *analysis.Analyzer
	Flag     string   // the flag's name in Analyzer.Flags: "blocking-funcs"
	Src      string   // the package analysed, type-checked once as example.com/fuzz
	Seeds    []string // values added to the corpus (beside testdata/fuzz/FuzzNAME)
	// Exercise is a value naming Src's functions, with which the findings
	// must mention every string of Want: the fixture exercises the flag.
	Exercise string
	Want     []string
	// Check checks the configuration a value that Set accepted leaves.
	Check func(t *testing.T, value string)
}

// Fuzz is the body of a FuzzNAME function: FlagFuzz{...}.Fuzz(f).
func (ff *FlagFuzz) Fuzz(f *testing.F) {
	f.Cleanup(func() { _ = ff.Analyzer.Flags.Set(ff.Flag, "") })
	for _, s := range ff.Seeds {
		f.Add(s)
	}
	pkg, err := CheckStd("example.com/fuzz", ff.Src)
	if err != nil {
		f.Fatalf("fuzz package does not type-check: %v", err)
	}
	if err := ff.Analyzer.Flags.Set(ff.Flag, ff.Exercise); err != nil {
		f.Fatal(err)
	}
	diags, err := Run(pkg, []*analysis.Analyzer{ff.Analyzer})
	if err != nil {
		f.Fatal(err)
	}
	for _, want := range ff.Want {
		if !slices.ContainsFunc(diags, func(d analysis.Diagnostic) bool { return strings.Contains(d.Message, want) }) {
			f.Errorf("-%s=%s: no finding mentions %q in %v", ff.Flag, ff.Exercise, want, diags)
		}
	}
	f.Fuzz(func(t *testing.T, value string) {
		if err := ff.Analyzer.Flags.Set(ff.Flag, value); err != nil {
			return // a rejected value is an error for the user, not a crash
		}
		if ff.Check != nil {
			ff.Check(t, value)
		}
		if _, err := Run(pkg, []*analysis.Analyzer{ff.Analyzer}); err != nil {
			t.Fatalf("-%s=%q: %v", ff.Flag, value, err)
		}
	})
}
