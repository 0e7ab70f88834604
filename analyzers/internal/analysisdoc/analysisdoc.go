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

// Doc returns the "# Analyzer name" section of the package comment in the Go
// source content, as analysis.Analyzer.Doc wants it: the title line (without
// the section's "name: " prefix), a blank line, the text. A malformed doc
// does not stop the program: Doc returns a one-line note of the problem
// instead, and the suite's TestDocs fails on it.
func Doc(content, name string) string {
	doc, err := Extract(content, name)
	if err != nil {
		return "documentation unavailable: " + err.Error()
	}
	return doc
}

// Extract is Doc with the error returned.
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
	// The section starts "name: title"; Analyzer.Doc is the title on.
	title, ok := strings.CutPrefix(rest, name+": ")
	if !ok || strings.TrimSpace(title) == "" {
		return "", fmt.Errorf("doc of %s: section must start with %q and a title", name, name+": ")
	}
	return title, nil
}
