package report

// This file renders code for messages and fixes, the same way in every
// analyzer: positions in chains, expressions in messages, source text in
// suggested fixes.

import (
	"fmt"
	"go/token"
	"path/filepath"
)

// Where renders pos as "file.go:12", the form positions take in the chains
// of findings through calls.
func Where(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}
