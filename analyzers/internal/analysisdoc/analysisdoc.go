// Package analysisdoc extracts an analyzer's documentation from the package
// comment of its doc.go, so that the text is written once and `conclint help`,
// `go vet help` and pkg.go.dev never disagree.
package analysisdoc

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtract returns the "# Analyzer name" section of the package comment in
// the Go source content, with its heading removed. It panics if the section is
// missing: that is a programming error caught by every test of the analyzer.
func MustExtract(content, name string) string {
	doc, err := Extract(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// Extract is MustExtract without the panic.
func Extract(content, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("parsing doc of %s: %v", name, err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc of %s: no package comment", name)
	}
	return extractSection(f.Doc, name)
}

func extractSection(cg *ast.CommentGroup, name string) (string, error) {
	heading := "# Analyzer " + name
	text := cg.Text()
	_, rest, ok := strings.Cut(text, heading+"\n")
	if !ok {
		return "", fmt.Errorf("doc of %s: no %q section", name, heading)
	}
	if i := strings.Index(rest, "\n# "); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return "", fmt.Errorf("doc of %s: empty %q section", name, heading)
	}
	// The first line must be "name: title", as analysis.Analyzer.Doc expects.
	if !strings.HasPrefix(rest, name+": ") {
		return "", fmt.Errorf("doc of %s: section must start with %q", name, name+": ")
	}
	return rest, nil
}
