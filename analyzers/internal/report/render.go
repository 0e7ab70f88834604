package report

// This file renders code for messages and fixes, the same way in every
// analyzer: positions in chains, expressions in messages, source text in
// suggested fixes.

import (
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
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

// Source returns n's source text for a suggested fix or a message: as
// written in its file, comments and layout kept, when the driver gives file
// access, and otherwise printed from the syntax tree (rules_go's nogo
// leaves Pass.ReadFile nil). ok is false when neither is possible: the
// caller should then offer no fix.
func Source(pass *analysis.Pass, n ast.Node) (text string, ok bool) {
	if tf := pass.Fset.File(n.Pos()); tf != nil && pass.ReadFile != nil {
		if content, err := pass.ReadFile(tf.Name()); err == nil {
			start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
			if 0 <= start && start <= end && end <= len(content) {
				return string(content[start:end]), true
			}
		}
	}
	var b strings.Builder
	if err := format.Node(&b, pass.Fset, n); err != nil {
		return "", false
	}
	return b.String(), true
}
