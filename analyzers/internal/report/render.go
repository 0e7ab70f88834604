package report

// This file renders code for messages and fixes, the same way in every
// analyzer: positions in chains, expressions in messages, source text in
// suggested fixes.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
)

// Where renders pos as "file.go:12", the form positions take in the chains
// of findings through calls.
func Where(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// maxShort is the length past which Short cuts an expression.
const maxShort = 40

// Short renders e on one line for a message, cut to 40 characters ("..."
// standing for the rest): "s.jobs", "c.pool.queue[shardOf(key)].ch".
func Short(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > maxShort {
		s = s[:maxShort-3] + "..."
	}
	return s
}
