package main_test

// End-to-end tests of the binary: build conclint, run it standalone and as
// go vet's vettool on the example module under testdata/example, and compare
// the findings with testdata/example/want.txt (regenerate it with
// `go test ./cmd/conclint -update` after reading the diff).

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/example/want.txt from the standalone -json run")

var (
	binary  string // the conclint built for the tests
	example string // absolute path of testdata/example
)

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "conclint-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "conclint")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building conclint: %v\n%s", err, out)
		os.Exit(1)
	}
	example, _ = filepath.Abs("../../testdata/example")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

func run(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return result{stdout.String(), stderr.String(), code}
}

// A finding, normalised: "client/client.go:18:36: message".
var lineRE = regexp.MustCompile(`^(?:\./)?(\S+\.go):(\d+):(\d+): (.*)$`)

// textFindings extracts findings from text output (standalone or go vet),
// with paths relative to dir.
func textFindings(t *testing.T, dir, out string) []string {
	var got []string
	for line := range strings.SplitSeq(out, "\n") {
		m := lineRE.FindStringSubmatch(line)
		if m == nil || strings.HasPrefix(m[4], "\t") {
			continue // not a finding, or a finding's related position ("x.go:17:3: \tthe send that blocks")
		}
		path := m[1]
		if rel, err := filepath.Rel(dir, path); err == nil && filepath.IsAbs(path) {
			path = rel
		}
		got = append(got, fmt.Sprintf("%s:%s:%s: %s", path, m[2], m[3], m[4]))
	}
	slices.Sort(got)
	return got
}

// jsonFindings extracts "path:line:col: [analyzer] message" from -json output.
func jsonFindings(t *testing.T, dir, out string) []string {
	var tree map[string]map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(out), &tree), "output: %s", out)
	var got []string
	for _, byAnalyzer := range tree {
		for analyzer, raw := range byAnalyzer {
			var diags []struct{ Posn, Message string }
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Fatalf("analyzer %s failed: %s", analyzer, raw)
			}
			for _, d := range diags {
				posn, err := filepath.Rel(dir, d.Posn)
				require.NoError(t, err)
				got = append(got, fmt.Sprintf("%s: [%s] %s", posn, analyzer, d.Message))
			}
		}
	}
	// A package and its test variant are reported separately in -json
	// output: the same finding appears twice.
	slices.Sort(got)
	return slices.Compact(got)
}

var analyzerTag = regexp.MustCompile(` \[[a-z]+\] `)

func want(t *testing.T) (withAnalyzer, plain []string) {
	data, err := os.ReadFile(filepath.Join(example, "want.txt"))
	require.NoError(t, err)
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		withAnalyzer = append(withAnalyzer, line)
		plain = append(plain, analyzerTag.ReplaceAllString(line, " "))
	}
	slices.Sort(plain)
	return withAnalyzer, plain
}

func TestStandaloneJSON(t *testing.T) {
	r := run(t, example, binary, "-json", "./...")
	require.Equal(t, 0, r.code, "-json exits 0 whatever it finds; stderr: %s", r.stderr)
	got := jsonFindings(t, example, r.stdout)
	if *update {
		require.NoError(t, os.WriteFile(filepath.Join(example, "want.txt"), []byte(strings.Join(got, "\n")+"\n"), 0o644))
	}
	w, _ := want(t)
	assert.Equal(t, w, got)
	assert.NotEmpty(t, got)
}

func TestStandaloneText(t *testing.T) {
	r := run(t, example, binary, "./...")
	assert.Equal(t, 3, r.code, "exit status 3 means findings; stderr: %s", r.stderr)
	_, w := want(t)
	assert.Equal(t, w, textFindings(t, example, r.stderr))
}

func TestGoVet(t *testing.T) {
	r := run(t, example, "go", "vet", "-vettool="+binary, "./...")
	assert.Equal(t, 1, r.code, "go vet exits 1 on findings; stderr: %s", r.stderr)
	_, w := want(t)
	assert.Equal(t, w, textFindings(t, example, r.stderr))
}

func TestGoVetAnalyzerFlags(t *testing.T) {
	// Disabling the only analyzer that reports on the example's client
	// package leaves it clean.
	r := run(t, example, "go", "vet", "-vettool="+binary, "-httptimeout=false", "./client")
	assert.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	assert.Empty(t, textFindings(t, example, r.stderr))
	// Analyzer flags reach the analyzers under go vet: with -tests, the
	// http.Get in client_test.go is reported too.
	const inTest = "client/client_test.go:10:15: http.Get uses http.DefaultClient"
	r = run(t, example, "go", "vet", "-vettool="+binary, "./client")
	assert.NotContains(t, r.stderr, inTest)
	r = run(t, example, "go", "vet", "-vettool="+binary, "-httptimeout.tests=true", "./client")
	assert.Equal(t, 1, r.code, "stderr: %s", r.stderr)
	assert.Contains(t, r.stderr, inTest)
}

func TestEnableOneAnalyzer(t *testing.T) {
	r := run(t, example, binary, "-json", "-httptimeout", "./...")
	require.Equal(t, 0, r.code, r.stderr)
	for _, f := range jsonFindings(t, example, r.stdout) {
		assert.Contains(t, f, "[httptimeout]")
	}
}

func TestFix(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(example)))
	r := run(t, dir, binary, "-fix", "-httptimeout", "./...")
	assert.NotEqual(t, 1, r.code, "stderr: %s", r.stderr)
	src, err := os.ReadFile(filepath.Join(dir, "server", "server.go"))
	require.NoError(t, err)
	assert.Contains(t, string(src), `srv := &http.Server{Addr: addr, Handler: s.Routes(), ReadHeaderTimeout: 10 * time.Second}`)
	assert.Contains(t, string(src), `(&http.Server{Addr: addr, Handler: http.DefaultServeMux, ReadHeaderTimeout: 10 * time.Second}).ListenAndServe()`)
	// The fixed module builds, and the fixed findings are gone.
	b := run(t, dir, "go", "build", "./...")
	require.Equal(t, 0, b.code, b.stderr)
	after := run(t, dir, binary, "-json", "-httptimeout", "./...")
	for _, f := range jsonFindings(t, dir, after.stdout) {
		assert.NotContains(t, f, "http.Server has neither")
		assert.NotContains(t, f, "http.ListenAndServe")
	}
}

// Bad input gets one line naming the problem and a non-zero exit, never a
// stack trace or a page of usage.
func TestBadInput(t *testing.T) {
	oneLine := func(t *testing.T, r result) {
		t.Helper()
		assert.NotContains(t, r.stderr, "goroutine 1 [")
		assert.NotContains(t, r.stderr, "panic:")
		assert.Equal(t, 1, strings.Count(strings.TrimSpace(r.stderr), "\n")+1, "want one line; stderr: %s", r.stderr)
	}
	t.Run("unknown flag", func(t *testing.T) {
		r := run(t, example, binary, "-no-such-flag", "./...")
		assert.Equal(t, 2, r.code)
		assert.Contains(t, r.stderr, "flag provided but not defined: -no-such-flag")
		oneLine(t, r)
	})
	t.Run("bad flag value", func(t *testing.T) {
		r := run(t, example, binary, "-httptimeout.tests=maybe", "./...")
		assert.Equal(t, 2, r.code)
		assert.Contains(t, r.stderr, "-httptimeout.tests")
		oneLine(t, r)
	})
	t.Run("unknown analyzer", func(t *testing.T) {
		r := run(t, example, binary, "-nosuchanalyzer", "./...")
		assert.Equal(t, 2, r.code)
		assert.Contains(t, r.stderr, "-nosuchanalyzer")
		oneLine(t, r)
	})
	t.Run("flag after patterns", func(t *testing.T) {
		r := run(t, example, binary, "./...", "-json")
		assert.Equal(t, 2, r.code)
		assert.Contains(t, r.stderr, "-json")
		oneLine(t, r)
	})
	t.Run("directory that does not exist", func(t *testing.T) {
		r := run(t, example, binary, "./no/such/dir/...")
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, "no/such/dir")
		oneLine(t, r)
	})
	t.Run("pattern matching nothing", func(t *testing.T) {
		r := run(t, example, binary, "example.com/service/nosuch/...")
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, "matched no packages")
		oneLine(t, r)
	})
	t.Run("type errors", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module te\n\ngo 1.26\n"), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "te.go"), []byte("package te\n\nimport \"net/http\"\n\nvar x int = \"s\"\n\nfunc f() { http.Get(\"x\") }\n"), 0o644))
		r := run(t, dir, binary, "./...")
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, "cannot use \"s\"")
		assert.NotContains(t, r.stderr, "goroutine 1 [")
	})
	t.Run("not a module", func(t *testing.T) {
		r := run(t, t.TempDir(), binary, "./...")
		assert.Equal(t, 1, r.code)
		oneLine(t, r)
	})
}

// The in-process checker (-inprocess) finds what the go vet front finds.
func TestInProcess(t *testing.T) {
	r := run(t, example, binary, "-inprocess", "-json", "./...")
	require.Equal(t, 0, r.code, r.stderr)
	w, _ := want(t)
	assert.Equal(t, w, jsonFindings(t, example, r.stdout))
	r = run(t, example, binary, "-inprocess", "./...")
	assert.Equal(t, 3, r.code, r.stderr)
	_, plain := want(t)
	assert.Equal(t, plain, textFindings(t, example, r.stderr))
}

// -c prints the offending line with context, as the in-process checker does.
func TestContextLines(t *testing.T) {
	r := run(t, example, binary, "-c", "0", "-httptimeout", "./client")
	assert.Equal(t, 3, r.code, r.stderr)
	assert.Contains(t, r.stderr, "client/client.go:38:15: http.Get uses http.DefaultClient")
	assert.Contains(t, r.stderr, "38\t")
}

// Same input, same output, byte for byte, whatever the parallelism.
func TestDeterministic(t *testing.T) {
	var outputs []string
	for _, procs := range []string{"1", "8"} {
		cmd := exec.Command(binary, "-json", "./...")
		cmd.Dir = example
		cmd.Env = append(os.Environ(), "GOMAXPROCS="+procs)
		out, err := cmd.Output()
		require.NoError(t, err)
		text := exec.Command(binary, "./...")
		text.Dir = example
		text.Env = cmd.Env
		var stderr bytes.Buffer
		text.Stderr = &stderr
		_ = text.Run()
		outputs = append(outputs, string(out)+"\n--\n"+stderr.String())
	}
	for i := 1; i < len(outputs); i++ {
		assert.Equal(t, outputs[0], outputs[i], "run %d differs from run 0", i)
	}
}

// conclint reads code, it never fetches it: with the module's dependencies
// in the module cache, a lint run works with the proxy switched off.
func TestOffline(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module offline\n\ngo 1.26\n\nrequire golang.org/x/sync v0.24.0\n",
		"go.sum": "golang.org/x/sync v0.24.0 h1:iqiDrGoDgyuvAKrhLQthUEzU/R378N78gXbBjxed7oA=\n" +
			"golang.org/x/sync v0.24.0/go.mod h1:sUUOizhqBxiL6pEWpqNLUiaJn1ShEbZ6BBqskPbjZm0=\n",
		"main.go": "package main\n\nimport (\n\t\"net/http\"\n\n\t\"golang.org/x/sync/errgroup\"\n)\n\n" +
			"func main() {\n\tvar g errgroup.Group\n\tg.Go(func() error { _, err := http.Get(\"http://x\"); return err })\n\t_ = g.Wait()\n}\n",
	}
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	// The dependency is in the module cache: this repository requires it.
	cmd := exec.Command(binary, "-json", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOSUMDB=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	assert.Contains(t, string(out), "http.Get uses http.DefaultClient")
}

// go vet replays a package's cached -json output when neither the package
// nor the tool's flags changed; under -trimpath the package's key does not
// depend on its directory. Two copies of the example must each get their
// own paths.
func TestCopiesUnderTrimpath(t *testing.T) {
	for range 2 {
		dir := t.TempDir()
		require.NoError(t, os.CopyFS(dir, os.DirFS(example)))
		cmd := exec.Command(binary, "-json", "./client")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod -trimpath", "GOWORK=off")
		out, err := cmd.Output()
		require.NoError(t, err)
		got := jsonFindings(t, dir, string(out))
		require.NotEmpty(t, got)
		for _, f := range got {
			assert.True(t, strings.HasPrefix(f, "client/"), "finding outside %s: %s", dir, f)
		}
	}
}

// -diff prints the fixes as a patch and leaves the files alone.
func TestDiff(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(example)))
	before, err := os.ReadFile(filepath.Join(dir, "server", "server.go"))
	require.NoError(t, err)
	r := run(t, dir, binary, "-fix", "-diff", "-httptimeout", "./...")
	assert.Contains(t, r.stdout, "+\tsrv := &http.Server{Addr: addr, Handler: s.Routes(), ReadHeaderTimeout: 10 * time.Second}", "stderr: %s", r.stderr)
	after, err := os.ReadFile(filepath.Join(dir, "server", "server.go"))
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after))
}

// -test=false leaves the test files out: with -httptimeout.tests, the
// http.Get of client_test.go is reported with the tests and not without
// them, and the rest is want.txt. The second run reads the standard
// library's results from the cache and prints the same.
func TestNoTests(t *testing.T) {
	r := run(t, example, binary, "-json", "-httptimeout.tests", "./client")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, strings.Join(jsonFindings(t, example, r.stdout), "\n"), "client/client_test.go:")

	cache := t.TempDir()
	var outputs []string
	for range 2 {
		cmd := exec.Command(binary, "-json", "-test=false", "-httptimeout.tests", "./...")
		cmd.Dir = example
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "CONCLINT_CACHE="+cache)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		require.NoError(t, err, stderr.String())
		w, _ := want(t)
		assert.Equal(t, w, jsonFindings(t, example, string(out)))
		outputs = append(outputs, string(out))
	}
	assert.Equal(t, outputs[0], outputs[1], "the cached run prints what the first printed")
	entries, err := os.ReadDir(cache)
	require.NoError(t, err)
	assert.Greater(t, len(entries), 10, "the standard library's results are cached")

	r = run(t, example, binary, "-test=false", "./...")
	assert.Equal(t, 3, r.code, r.stderr)
	_, plain := want(t)
	assert.Equal(t, plain, textFindings(t, example, r.stderr))
}
