package main_test

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/conclint/conclint/analyzers"
)

// "conclint help" is conclint's own overview: every analyzer once, with its
// title, the ways to run it, the exit statuses, and the core flags; none of
// the analysis framework's generic text.
func TestHelp(t *testing.T) {
	r := run(t, example, binary, "help")
	require.Equal(t, 0, r.code, r.stderr)
	out := r.stdout
	for _, a := range analyzers.All {
		assert.Equal(t, 1, strings.Count(out, "    "+a.Name+" "), "%s listed once", a.Name)
		title, _, _ := strings.Cut(a.Doc, "\n")
		assert.Contains(t, out, title)
		assert.NotContains(t, out, a.Name+": ", "name not repeated in its title")
	}
	for _, s := range []string{"go vet -vettool", "golangci-lint", "gopls", "Exit status", "conclint:ignore", "Core flags:", "-json"} {
		assert.Contains(t, out, s)
	}
	for _, s := range []string{"Printf", "SplitSeq", "fixtool"} {
		assert.NotContains(t, out, s)
	}

	r = run(t, example, binary, "help", "httptimeout")
	require.Equal(t, 0, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.stdout, "httptimeout: report HTTP clients"), r.stdout)
	assert.NotContains(t, r.stdout, "httptimeout: httptimeout:")
}

// -V names a version and the revision; -V=full adds the hash go vet keys
// its cache on, in the form go vet parses.
func TestVersion(t *testing.T) {
	r := run(t, example, binary, "-V")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `^conclint version \S+ .*go1\.\d+`, r.stdout)
	assert.NotContains(t, r.stdout, "comments-go-here")

	r = run(t, example, binary, "-V=full")
	require.Equal(t, 0, r.code, r.stderr)
	f := strings.Fields(r.stdout)
	require.GreaterOrEqual(t, len(f), 4, r.stdout)
	assert.Equal(t, []string{"conclint", "version"}, f[:2])
	assert.Regexp(t, regexp.MustCompile(`^buildID=[0-9a-f]{64}$`), f[len(f)-1])
}

// A binary built from a checkout names its revision. Go stamps a clean
// checkout with a pseudo-version (v0.0.0-TIME-REV) and a modified one
// with "+dirty", which version reports as devel.
func TestVersionRevision(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	if err := exec.Command("git", "rev-parse", "HEAD").Run(); err != nil {
		t.Skip("not a git checkout")
	}
	bin := t.TempDir() + "/conclint"
	out, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	r := run(t, example, bin, "-V")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `^conclint version (devel|v\S+) revision [0-9a-f]{12}`, r.stdout)
}
