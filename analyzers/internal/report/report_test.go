package report

import (
	"go/parser"
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseDirective(t *testing.T) {
	for _, tc := range []struct {
		text      string
		ok        bool
		file      bool
		analyzers []string
		reason    string
		err       string
	}{
		{text: "// ordinary comment"},
		{text: "//conclint:ignored httptimeout x"},
		{text: "//nolint:conclint"},
		{text: "//conclint:ignore httptimeout the caller sets a deadline", ok: true, analyzers: []string{"httptimeout"}, reason: "the caller sets a deadline"},
		{text: "//conclint:ignore httptimeout,handlerblock  two   spaces", ok: true, analyzers: []string{"httptimeout", "handlerblock"}, reason: "two spaces"},
		{text: "//conclint:file-ignore unboundedgo generated fan-out", ok: true, file: true, analyzers: []string{"unboundedgo"}, reason: "generated fan-out"},
		{text: "//conclint:ignore httptimeout", ok: true, analyzers: []string{"httptimeout"}, err: "needs a reason after the analyzer names"},
		{text: "//conclint:ignore", ok: true, err: "names no analyzer"},
		{text: "//conclint:ignore a,,b reason", ok: true, err: `has an empty analyzer name in "a,,b"`},
		{text: "//conclint:file-ignore\thttptimeout\treason", ok: true, file: true, analyzers: []string{"httptimeout"}, reason: "reason"},
	} {
		d, ok := ParseDirective(tc.text)
		assert.Equal(t, tc.ok, ok, tc.text)
		if !ok {
			continue
		}
		assert.Equal(t, tc.file, d.File, tc.text)
		assert.Equal(t, tc.err, d.Err, tc.text)
		if tc.err == "" {
			assert.Equal(t, tc.analyzers, d.Analyzers, tc.text)
			assert.Equal(t, tc.reason, d.Reason, tc.text)
		}
	}
}

func FuzzParseDirective(f *testing.F) {
	f.Add("//conclint:ignore httptimeout reason")
	f.Add("//conclint:file-ignore a,b reason")
	f.Add("//conclint:ignore ,")
	f.Fuzz(func(t *testing.T, text string) {
		d, ok := ParseDirective(text)
		if !ok {
			return
		}
		if d.Err == "" && (len(d.Analyzers) == 0 || d.Reason == "") {
			t.Errorf("%q: well-formed directive without analyzers or reason: %+v", text, d)
		}
		for _, a := range d.Analyzers {
			if a == "" && d.Err == "" {
				t.Errorf("%q: empty analyzer name accepted", text)
			}
		}
	})
}

func TestIsTestPackage(t *testing.T) {
	for _, tc := range []struct {
		path, name string
		want       bool
	}{
		{"example.com/svc/api", "api", false},
		{"example.com/svc/examples/webhook", "main", true},
		{"example.com/svc/internal/testutil", "testutil", true},
		{"example.com/svc/registry/storage/driver/testsuites", "testsuites", true},
		{"example.com/svc/plugin/test", "test", true},
		{"example.com/svc/test/e2e/framework", "framework", true},
		{"example.com/svc/vendor/example.org/lib", "lib", true},
		{"example.com/svc/latest", "latest", false},
		{"example.com/svc/contest", "contest", false},
		{"example.com/svc/cmd/server", "main", false},
		{"example.com/examplesvc/api", "api", false},
	} {
		assert.Equal(t, tc.want, isTestPackage(tc.path, tc.name), "%s (package %s)", tc.path, tc.name)
	}
}

func TestImportsTestCode(t *testing.T) {
	for _, tc := range []struct {
		imports string
		want    bool
	}{
		{`"net/http"`, false},
		{`"testing"`, true},
		{`"testing/fstest"`, true},
		{`"github.com/stretchr/testify/require"`, true},
		{`"github.com/onsi/ginkgo/v2"`, true},
		{`"github.com/onsi/gomega"`, true},
		{`"example.com/testingtools"`, false},
		{`"github.com/onsi/ginkgolike"`, false},
	} {
		f, err := parser.ParseFile(token.NewFileSet(), "x.go", "package x\nimport "+tc.imports+"\n", parser.ImportsOnly)
		if !assert.NoError(t, err) {
			continue
		}
		assert.Equal(t, tc.want, importsTestCode(f), tc.imports)
	}
}
