package analyzers_test

import (
	"flag"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers"
	"github.com/conclint/conclint/analyzers/internal/analysisdoc"
	"github.com/conclint/conclint/analyzers/internal/passrun"
)

// Every analyzer of the suite is documented, reachable from the README, and
// follows the suite's conventions.
func TestSuite(t *testing.T) {
	require.NoError(t, analysis.Validate(analyzers.All))
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	for _, a := range analyzers.All {
		t.Run(a.Name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(a.Name, "doc.go"))
			require.NoError(t, err)
			doc, err := analysisdoc.Extract(string(src), a.Name)
			require.NoError(t, err, "doc.go has a well-formed # Analyzer section")
			assert.Equal(t, doc, a.Doc, "Doc comes from doc.go")
			assert.False(t, strings.HasPrefix(a.Doc, a.Name+":"), "Doc does not repeat the name")
			assert.Equal(t, "https://github.com/conclint/conclint/blob/main/docs/"+a.Name+".md", a.URL)
			assert.FileExists(t, filepath.Join("..", "docs", a.Name+".md"))
			assert.DirExists(t, a.Name, "one package per analyzer, named after it")
			assert.FileExists(t, filepath.Join(a.Name, "doc.go"))
			assert.Contains(t, string(readme), "| `"+a.Name+"` |", "README's analyzer table lists it")
			assert.NotNil(t, a.Flags.Lookup("tests"), "every analyzer has a -tests flag")
		})
	}
}

// TestDocsFlagTables checks each analyzer's docs page against its flags: the
// page's flag table (the one headed "| flag | default | meaning |") lists
// every flag of the analyzer, once, with its default, and no flag it lacks.
func TestDocsFlagTables(t *testing.T) {
	for _, a := range analyzers.All {
		t.Run(a.Name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "docs", a.Name+".md"))
			require.NoError(t, err)
			documented := docsFlags(t, string(data))
			a.Flags.VisitAll(func(f *flag.Flag) {
				def, ok := documented["-"+a.Name+"."+f.Name]
				if assert.True(t, ok, "docs/%s.md: flag table lacks -%s.%s", a.Name, a.Name, f.Name) {
					want := f.DefValue
					if want == "" {
						want = `""`
					}
					assert.Equal(t, want, def, "docs/%s.md: default of -%s.%s", a.Name, a.Name, f.Name)
				}
				delete(documented, "-"+a.Name+"."+f.Name)
			})
			for name := range documented {
				t.Errorf("docs/%s.md: flag table lists %s, which %s does not have", a.Name, name, a.Name)
			}
		})
	}
}

// docsFlags reads the flag table of a docs page: flag name -> default.
func docsFlags(t *testing.T, page string) map[string]string {
	t.Helper()
	flags := make(map[string]string)
	in := false
	for line := range strings.Lines(page) {
		line = strings.TrimSpace(line)
		switch {
		case line == "| flag | default | meaning |":
			require.False(t, in, "two flag tables")
			in = true
		case in && strings.HasPrefix(line, "|---") || in && strings.HasPrefix(line, "| ---"):
		case in && strings.HasPrefix(line, "|"):
			cells := strings.Split(strings.Trim(line, "|"), "|")
			require.GreaterOrEqual(t, len(cells), 3, "flag table row %q", line)
			name := strings.Trim(strings.TrimSpace(cells[0]), "`")
			_, dup := flags[name]
			require.False(t, dup, "flag %s listed twice", name)
			flags[name] = strings.TrimSpace(cells[1])
		default:
			if in && len(flags) > 0 {
				return flags
			}
		}
	}
	require.True(t, in, "no flag table (a row \"| flag | default | meaning |\")")
	return flags
}

// fixtures returns the Go files of every analyzer's testdata.
func fixtures(t testing.TB) map[string][]byte {
	out := make(map[string][]byte)
	for _, a := range analyzers.All {
		root := filepath.Join(a.Name, "testdata", "src")
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			data, err := os.ReadFile(path)
			out[path] = data
			return err
		})
		require.NoError(t, err)
	}
	return out
}

var (
	fset    = token.NewFileSet()
	imp     types.Importer
	impOnce sync.Once
	impMu   sync.Mutex
)

// check parses and type-checks src as a one-file package. Imports resolve
// against the standard library's source; anything else is a type error, as
// in a broken checkout.
func check(name string, src []byte) (*passrun.Package, bool) {
	impOnce.Do(func() { imp = importer.ForCompiler(fset, "source", nil) })
	impMu.Lock()
	defer impMu.Unlock()
	pkg, err := passrun.Check(fset, "", name, src, imp)
	return pkg, err == nil
}

// The whole suite runs without error on each fixture file alone (their
// imports of other fixture packages become type errors), and every fact it
// exports round-trips through gob.
func TestSuiteOnFixtures(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the standard library from source")
	}
	for path, src := range fixtures(t) {
		pkg, ok := check(path, src)
		if !ok {
			continue
		}
		if _, err := passrun.Run(pkg, analyzers.All); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}

var fuzzVerbose = flag.Bool("fuzz.verbose", false, "log each fuzz input's type errors")

// FuzzSuite feeds the suite mutated fixtures: whatever the source, no
// analyzer may panic or fail. Seeds: every fixture file, plus
// testdata/fuzz/FuzzSuite. Run with `go test ./analyzers -run='^$' -fuzz=FuzzSuite`.
func FuzzSuite(f *testing.F) {
	for _, src := range fixtures(f) {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		pkg, ok := check("fuzz.go", src)
		if !ok {
			return
		}
		if *fuzzVerbose {
			t.Logf("%d type errors", len(pkg.TypeErrors))
		}
		if _, err := passrun.Run(pkg, analyzers.All); err != nil {
			t.Fatal(err)
		}
	})
}

// TestNoInitOrExit keeps the analyzer packages safe to embed: no init
// functions (flags are registered where each Analyzer is built; the
// golangci-lint plugin's register.Plugin call is the one exception), and
// no panic, log.Fatal or os.Exit that a run could reach.
func TestNoInitOrExit(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		checked++
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "init" &&
				filepath.Dir(path) != "golangciplugin" {
				t.Errorf("%s: func init: register flags where the Analyzer is built", fset.Position(fn.Pos()))
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fun := call.Fun.(type) {
			case *ast.Ident:
				name = fun.Name
			case *ast.SelectorExpr:
				if x, ok := fun.X.(*ast.Ident); ok {
					name = x.Name + "." + fun.Sel.Name
				}
			}
			switch name {
			case "panic", "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf":
				t.Errorf("%s: %s in an analyzer package: return an error instead", fset.Position(call.Pos()), name)
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, checked, 50, "the walk saw the analyzer packages")
}
