// Package edits builds the text edits of conclint's suggested fixes, keeping
// imports consistent: a fix that leaves a missing or unused import breaks
// the build.
package edits

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// ImportName returns the name under which file imports path ("" and false
// when it does not, or imports it with a dot or blank name).
func ImportName(file *ast.File, path string) (string, bool) {
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p != path {
			continue
		}
		if spec.Name != nil {
			if spec.Name.Name == "." || spec.Name.Name == "_" {
				return "", false
			}
			return spec.Name.Name, true
		}
		return defaultName(path), true
	}
	return "", false
}

// defaultName is the package name an import path conventionally declares:
// its last element, without a major-version suffix.
func defaultName(path string) string {
	name := path
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			name = path[i+1:]
			if len(name) >= 2 && name[0] == 'v' && isDigits(name[1:]) && i > 0 {
				return defaultName(path[:i])
			}
			break
		}
	}
	return name
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// AddImport returns the name under which file can refer to path, and the
// edits (none if it is already imported) that import it. The name is the
// conventional one; the caller must check it is not shadowed where used.
func AddImport(file *ast.File, path string) (string, []analysis.TextEdit) {
	if name, ok := ImportName(file, path); ok {
		return name, nil
	}
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		if gd.Lparen.IsValid() {
			return defaultName(path), []analysis.TextEdit{{
				Pos: gd.Lparen + 1, End: gd.Lparen + 1,
				NewText: fmt.Appendf(nil, "\n\t%q", path),
			}}
		}
		// import "x" becomes import ("x"; "path"); gofmt sorts the block.
		spec := gd.Specs[0].(*ast.ImportSpec)
		return defaultName(path), []analysis.TextEdit{
			{Pos: spec.Pos(), End: spec.Pos(), NewText: []byte("(\n\t")},
			{Pos: spec.End(), End: spec.End(), NewText: fmt.Appendf(nil, "\n\t%q\n)", path)},
		}
	}
	return defaultName(path), []analysis.TextEdit{{
		Pos: file.Name.End(), End: file.Name.End(),
		NewText: fmt.Appendf(nil, "\n\nimport %q", path),
	}}
}

// Replace returns an edit replacing the source of n with text.
func Replace(n ast.Node, text string) analysis.TextEdit {
	return analysis.TextEdit{Pos: n.Pos(), End: n.End(), NewText: []byte(text)}
}

// Fix names a suggested fix made of edits.
func Fix(message string, edits ...analysis.TextEdit) analysis.SuggestedFix {
	return analysis.SuggestedFix{Message: message, TextEdits: edits}
}

// RemoveImportIfUnused returns the edits deleting file's import of path when
// every reference to it lies inside the replaced nodes, which a fix is about
// to rewrite without it. It returns nil when a reference remains.
func RemoveImportIfUnused(info *types.Info, file *ast.File, path string, replaced ...ast.Node) []analysis.TextEdit {
	var spec *ast.ImportSpec
	for _, s := range file.Imports {
		if p, err := strconv.Unquote(s.Path.Value); err == nil && p == path {
			spec = s
		}
	}
	if spec == nil || spec.Name != nil && (spec.Name.Name == "_" || spec.Name.Name == ".") {
		return nil
	}
	inside := func(pos token.Pos) bool {
		for _, n := range replaced {
			if n.Pos() <= pos && pos < n.End() {
				return true
			}
		}
		return false
	}
	used := false
	ast.Inspect(file, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || used {
			return !used
		}
		if pn, ok := info.Uses[id].(*types.PkgName); ok && pn.Imported().Path() == path && !inside(id.Pos()) {
			used = true
		}
		return true
	})
	if used {
		return nil
	}
	// Delete the spec; with a single-spec parenthesised or bare declaration,
	// delete the whole declaration.
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for _, s := range gd.Specs {
			if s != spec {
				continue
			}
			if len(gd.Specs) == 1 {
				return []analysis.TextEdit{{Pos: gd.Pos(), End: gd.End()}}
			}
			return []analysis.TextEdit{{Pos: spec.Pos(), End: spec.End()}}
		}
	}
	return nil
}
