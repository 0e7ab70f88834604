package handlerblock_test

import (
	"bytes"
	"encoding/gob"
	"path/filepath"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/conclint/conclint/analyzers/handlerblock"
	"github.com/conclint/conclint/analyzers/internal/passrun"
)

// TestAnalyzer checks the findings in handlers, the facts exported by deep
// and their use across packages, and the idiomatic code that stays quiet.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), handlerblock.Analyzer, "deep", "a", "frameworks", "quiet", "cli", "tests")
}

// TestModules runs in module mode (testdata/modules/app has a go.mod):
// the facts of the module's own packages are followed, those of another
// module (testdata/modules/dep) are not.
func TestModules(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "modules", "app"), handlerblock.Analyzer, "./...")
}

// TestFactGob checks that the fact survives the gob encoding go vet
// -vettool uses between packages, and stays small.
func TestFactGob(t *testing.T) {
	if len(handlerblock.Analyzer.FactTypes) != 1 {
		t.Fatalf("got %d fact types, want 1", len(handlerblock.Analyzer.FactTypes))
	}
	typ := reflect.TypeOf(handlerblock.Analyzer.FactTypes[0]).Elem()
	in := reflect.New(typ)
	in.Elem().FieldByName("Chain").Set(reflect.ValueOf([]string{"deep.Retry", "deep.Backoff", "time.Sleep"}))
	in.Elem().FieldByName("Where").Set(reflect.ValueOf("backoff.go:12"))
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(in.Interface()); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 200 {
		t.Errorf("encoded fact is %d bytes, want it small", buf.Len())
	}
	out := reflect.New(typ)
	if err := gob.NewDecoder(&buf).Decode(out.Interface()); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in.Interface(), out.Interface()) {
		t.Errorf("round trip: got %v, want %v", out.Interface(), in.Interface())
	}
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
	results := analysistest.Run(&passrun.QuietT{T: t}, analysistest.TestData(), handlerblock.Analyzer, pkg)
	n := 0
	for _, r := range results {
		n += len(r.Diagnostics)
	}
	return n
}
