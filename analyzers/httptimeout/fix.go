package httptimeout

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers/internal/edits"
	"github.com/conclint/conclint/analyzers/internal/report"
)

// This file: the suggested fixes, which give servers a ReadHeaderTimeout.

// serverLitFix adds ReadHeaderTimeout to a server literal.
func (c *checker) serverLitFix(lit *ast.CompositeLit) []analysis.SuggestedFix {
	timeName, imp, ok := c.timePackage(lit.Pos())
	if !ok {
		return nil
	}
	value := strings.Replace(fixReadHeaderTimeout, "time.", timeName+".", 1)
	var edit analysis.TextEdit
	rb := c.pass.Fset.Position(lit.Rbrace)
	switch {
	case len(lit.Elts) == 0:
		edit = analysis.TextEdit{Pos: lit.Rbrace, End: lit.Rbrace, NewText: []byte("ReadHeaderTimeout: " + value)}
	case c.pass.Fset.Position(lit.Elts[len(lit.Elts)-1].End()).Line == rb.Line:
		last := lit.Elts[len(lit.Elts)-1]
		edit = analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte(", ReadHeaderTimeout: " + value)}
	default:
		// Multi-line literal, gofmt-ed: the closing brace is indented with
		// tabs; insert a line before it, one level deeper.
		indent := strings.Repeat("\t", rb.Column-1)
		lineStart := lit.Rbrace - token.Pos(rb.Column-1)
		edit = analysis.TextEdit{Pos: lineStart, End: lineStart, NewText: []byte(indent + "\tReadHeaderTimeout: " + value + ",\n")}
	}
	return []analysis.SuggestedFix{edits.Fix("Set ReadHeaderTimeout: "+value, append([]analysis.TextEdit{edit}, imp...)...)}
}

// timePackage returns the name under which the current file refers to
// package time at pos, with the edits importing it if needed; ok is false
// when the name would be shadowed at pos.
func (c *checker) timePackage(pos token.Pos) (string, []analysis.TextEdit, bool) {
	name, imp := edits.AddImport(c.file, "time")
	scope := c.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return "", nil, false
	}
	if _, obj := scope.LookupParent(name, pos); obj != nil {
		if pn, ok := obj.(*types.PkgName); !ok || pn.Imported().Path() != "time" {
			return "", nil, false
		}
	}
	return name, imp, true
}

// serveFix rewrites http.ListenAndServe(addr, h) to
// (&http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}).ListenAndServe(),
// and likewise for ListenAndServeTLS, Serve and ServeTLS.
func (c *checker) serveFix(call *ast.CallExpr, fn *types.Func) []analysis.SuggestedFix {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || call.Ellipsis.IsValid() {
		return nil
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil
	}
	timeName, imp, ok := c.timePackage(call.Pos())
	if !ok {
		return nil
	}
	missing := false // an argument's source is unavailable
	src := func(e ast.Expr) string {
		text, ok := report.Source(c.pass, e)
		missing = missing || !ok
		return text
	}
	args := call.Args
	var fields, method, margs string
	switch fn.Name() {
	case "ListenAndServe": // (addr, handler)
		if len(args) != 2 {
			return nil
		}
		fields, method, margs = "Addr: "+src(args[0])+", Handler: "+src(args[1]), "ListenAndServe", ""
	case "ListenAndServeTLS": // (addr, certFile, keyFile, handler)
		if len(args) != 4 {
			return nil
		}
		fields, method, margs = "Addr: "+src(args[0])+", Handler: "+src(args[3]), "ListenAndServeTLS", src(args[1])+", "+src(args[2])
	case "Serve": // (l, handler)
		if len(args) != 2 {
			return nil
		}
		fields, method, margs = "Handler: "+src(args[1]), "Serve", src(args[0])
	case "ServeTLS": // (l, handler, certFile, keyFile)
		if len(args) != 4 {
			return nil
		}
		fields, method, margs = "Handler: "+src(args[1]), "ServeTLS", src(args[0])+", "+src(args[2])+", "+src(args[3])
	default:
		return nil
	}
	if missing {
		return nil
	}
	value := strings.Replace(fixReadHeaderTimeout, "time.", timeName+".", 1)
	text := fmt.Sprintf("(&%s.Server{%s, ReadHeaderTimeout: %s}).%s(%s)", pkg.Name, fields, value, method, margs)
	return []analysis.SuggestedFix{edits.Fix("Serve with an http.Server that sets ReadHeaderTimeout",
		append([]analysis.TextEdit{edits.Replace(call, text)}, imp...)...)}
}
