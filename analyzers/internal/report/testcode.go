package report

import (
	"go/ast"
	"slices"
	"strconv"
	"strings"
)

// Test code is reported only under the analyzer's -tests flag. Besides
// _test.go files, that is code which supports tests or demonstrates the
// API and does not run in a service: a hang there is seen and fixed by
// whoever runs it, and a fix changes nothing under load.
//
//   - a file that imports "testing" or a test framework (testify, ginkgo,
//     gomega): a helper for tests, even when its name has no _test suffix
//     (a test suite shared between storage drivers, an HTTP test server);
//   - a package under a directory that golangci-lint also leaves out by
//     default (examples, testdata, vendor, third_party, Godeps), or under
//     e2e;
//   - a package named for test support: test, tests, testutil, testing,
//     testhelpers, testsuites, e2e, mock, mocks, fake, fakes (with the
//     common plural and singular spellings).
//
// The rule is about code's purpose, known from its path and imports, not
// from what it does, so a user can predict it.

// testDirs are path elements whose packages are test support or examples.
var testDirs = []string{
	"examples", "example", "_examples", "_example",
	"testdata", "vendor", "third_party", "Godeps",
	"e2e",
}

// testPackageNames are package names of test support.
var testPackageNames = []string{
	"test", "tests", "testing",
	"testutil", "testutils", "testhelper", "testhelpers",
	"testsuite", "testsuites", "testserver",
	"e2e", "mock", "mocks", "fake", "fakes",
}

// testImports are import paths (or their prefixes, ending in "/") that
// only test code imports.
var testImports = []string{
	"testing",
	"github.com/stretchr/testify/",
	"github.com/onsi/ginkgo",
	"github.com/onsi/gomega",
}

// isTestPackage reports whether a package, by its import path and name,
// holds test support or examples.
func isTestPackage(path, name string) bool {
	if slices.Contains(testPackageNames, name) {
		return true
	}
	for elem := range strings.SplitSeq(path, "/") {
		if slices.Contains(testDirs, elem) {
			return true
		}
	}
	return false
}

// importsTestCode reports whether f imports "testing" or a test framework.
func importsTestCode(f *ast.File) bool {
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		for _, t := range testImports {
			if path == t || strings.HasSuffix(t, "/") && strings.HasPrefix(path, t) ||
				!strings.HasSuffix(t, "/") && strings.HasPrefix(path, t+"/") {
				return true
			}
		}
	}
	return false
}
