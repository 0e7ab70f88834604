package ctxpropagation

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers/internal/edits"
	"github.com/conclint/conclint/analyzers/internal/report"
)

// backgroundFix replaces context.Background() or context.TODO() at call
// with ctx, the context in scope, and removes the context import if that
// leaves it unused.
func (c *checker) backgroundFix(call *ast.CallExpr, ctx string) analysis.SuggestedFix {
	fix := edits.Fix("Use "+ctx, edits.Replace(call, ctx))
	fix.TextEdits = append(fix.TextEdits, edits.RemoveImportIfUnused(c.pass.TypesInfo, c.file, "context", call)...)
	return fix
}

// fixes returns the suggested fix calling the variant at call with ctx,
// titled with the variant's name and arguments as the message shows them,
// or none.
func (v *variant) fixes(c *checker, call *ast.CallExpr, ctx, use, args string) []analysis.SuggestedFix {
	var fixes []analysis.SuggestedFix
	if tes := v.fixEdits(c, call, ctx); tes != nil {
		fixes = append(fixes, edits.Fix(fmt.Sprintf("Use %s(%s)", use, args), tes...))
	}
	return fixes
}

// fixEdits returns the suggested fix's edits, or nil when there is none.
func (v *variant) fixEdits(c *checker, call *ast.CallExpr, ctx string) []analysis.TextEdit {
	if v.name != "" {
		if v.fn == nil {
			return nil // the table names a variant this version lacks
		}
		var id *ast.Ident
		switch f := calledExpr(call).(type) {
		case *ast.SelectorExpr:
			id = f.Sel
		case *ast.Ident:
			id = f
		default:
			return nil
		}
		ins := ctx
		if len(call.Args) > 0 {
			ins += ", "
		}
		return []analysis.TextEdit{
			edits.Replace(id, v.name),
			{Pos: call.Lparen + 1, End: call.Lparen + 1, NewText: []byte(ins)},
		}
	}
	if v.entry == nil || v.entry.Fix == "" {
		return nil
	}
	text := v.fillTemplate(c, call, v.entry.Fix, ctx)
	if text == "" {
		return nil
	}
	return []analysis.TextEdit{edits.Replace(call, text)}
}

// fillTemplate expands a table template at call; it returns "" when the
// call does not fit it (an unqualified function, a spread argument used by
// index).
func (v *variant) fillTemplate(c *checker, call *ast.CallExpr, tmpl, ctx string) string {
	fun := calledExpr(call)
	sel, _ := fun.(*ast.SelectorExpr)
	var out strings.Builder
	// write writes e's source as written; false when it has none.
	write := func(e ast.Expr) bool {
		src, ok := report.Source(c.pass, e)
		out.WriteString(src)
		return ok
	}
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] != '$' {
			out.WriteByte(tmpl[i])
			continue
		}
		j := i + 1
		for j < len(tmpl) && (tmpl[j] >= 'a' && tmpl[j] <= 'z' || tmpl[j] >= '0' && tmpl[j] <= '9') {
			j++
		}
		key := tmpl[i+1 : j]
		i = j - 1
		switch key {
		case "pkg":
			if sel == nil {
				return ""
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok {
				return ""
			}
			if _, ok := c.pass.TypesInfo.Uses[id].(*types.PkgName); !ok {
				return ""
			}
			out.WriteString(id.Name)
		case "recv":
			if sel == nil {
				return ""
			}
			if !write(sel.X) {
				return ""
			}
		case "ctx":
			out.WriteString(ctx)
		case "args":
			for k, a := range call.Args {
				if k > 0 {
					out.WriteString(", ")
				}
				if !write(a) {
					return ""
				}
			}
			if call.Ellipsis.IsValid() {
				out.WriteString("...")
			}
		default:
			n, err := strconv.Atoi(key)
			if err != nil || n >= len(call.Args) || call.Ellipsis.IsValid() {
				return ""
			}
			if !write(call.Args[n]) {
				return ""
			}
		}
	}
	return out.String()
}
