package ctxpropagation

import (
	"go/ast"
	"go/types"
	"strings"
	"unicode"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
	"github.com/conclint/conclint/analyzers/internal/ctxscope"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file keeps quiet where the code says that dropping the caller's
// context is its purpose: by the name of the work (a rollback, an unlock, an
// audit record that must be written after the caller gave up), by a
// comment, or by running the work later (a stored callback, a scheduler's).

// purposeWords are the words of function names whose work must run after
// the caller gave up, or once: undoing, releasing and cleaning up after a
// failed or cancelled call, writing an audit record, migrating a schema.
var purposeWords = map[string]bool{
	"undo": true, "rollback": true, "release": true, "cleanup": true, "unlock": true,
	"close": true, "abort": true, "revoke": true, "teardown": true, "audit": true,
	"migrate": true, "migration": true, "migrations": true,
}

// laterWords are the words of the names of functions, and of their
// receivers' types, that run a function argument later: schedulers,
// timers, hooks.
var laterWords = map[string]bool{
	"schedule": true, "scheduler": true, "after": true, "every": true, "cron": true,
	"timer": true, "ticker": true, "later": true, "delay": true, "delayed": true,
	"periodic": true, "periodically": true, "finalizer": true, "hook": true,
}

// detachWords, in a comment on or above the line, say why the context is
// dropped.
var detachWords = []string{
	"background", "detach", "cancelled", "canceled", "cancellation", "outlive", "independen", "deliberate",
	"intention", "on purpose", "even if", "even when", "even though", "regardless",
	"must not", "mustn't", "should not", "shouldn't", "not tied", "lifetime",
	"long-lived", "long lived", "fresh context", "new context", "separate context", "own context",
}

// purpose returns why dropping the context at cur is the code's purpose,
// or "": the enclosing function's name (or callee's, for the call that
// receives a context.Background()) says it undoes, releases, cleans up,
// audits or migrates; a comment on or above the line says why; or the
// function literal around cur runs later (stored, or handed to a
// scheduler, a timer or a hook). background is set for a
// context.Background() or context.TODO(): in a literal handed to a
// scheduler, a timer or a hook it is quiet even when the literal declares
// the context in scope, which is then the scheduler's, cancelled only when
// it stops.
func (c *checker) purpose(cur inspector.Cursor, src ctxscope.Source, callee *types.Func, background bool) string {
	if fn := enclosingFunc(c.pass, cur); fn != nil && hasWord(fn.Name(), purposeWords) {
		return "on purpose"
	}
	if callee != nil && hasWord(callee.Name(), purposeWords) {
		return "on purpose"
	}
	if c.commentSaysWhy(cur) {
		return "on purpose"
	}
	if c.runsLater(cur, src, background) {
		return "callback"
	}
	return ""
}

// receiverOf returns the context-taking call that the value at cur (a
// context.Background() call) is an argument of, through parentheses and
// the context package's derivations (context.WithTimeout(...)), or nil.
func (c *checker) receiverOf(cur inspector.Cursor) *types.Func {
	for {
		switch cur.ParentEdgeKind() {
		case edge.ParenExpr_X:
			cur = cur.Parent()
			continue
		case edge.CallExpr_Args:
			call := cur.Parent()
			fn := typesx.Callee(c.pass.TypesInfo, call.Node().(*ast.CallExpr))
			if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" {
				cur = call // derived: the call receiving the derived context decides
				continue
			}
			return fn
		}
		return nil
	}
}

// runsLater reports whether a function literal around cur, inside the
// function declaring src's variable, runs later than the call: it is
// stored (in a field, an element, a composite literal), or handed to a
// function whose name, receiver type or package names a scheduler, a timer
// or a hook (AddFunc of a Cron, OnEvicted, schedule.NewJob). With
// declaring, a literal handed to a scheduler counts though it declares
// src's variable.
func (c *checker) runsLater(cur inspector.Cursor, src ctxscope.Source, declaring bool) bool {
	for e := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		lit, ok := e.Node().(*ast.FuncLit)
		if !ok {
			return false
		}
		declares := lit.Pos() <= src.Var.Pos() && src.Var.Pos() < lit.End()
		switch run, call := control.LitRun(c.pass.TypesInfo, e); run {
		case control.Stored:
			if !declares {
				return true
			}
		case control.Callback:
			if !declares || declaring {
				if fn := typesx.Callee(c.pass.TypesInfo, call.Node().(*ast.CallExpr)); fn != nil && runsArgLater(fn) {
					return true
				}
			}
		}
		if declares {
			return false
		}
	}
	return false
}

// runsArgLater reports whether fn, by its name, its receiver type's or its
// package's, runs a function argument later: a scheduler, a timer, a hook
// (OnClose).
func runsArgLater(fn *types.Func) bool {
	name := fn.Name()
	if len(name) > 2 && strings.HasPrefix(name, "On") && unicode.IsUpper(rune(name[2])) {
		return true
	}
	if hasWord(name, laterWords) {
		return true
	}
	if recv := fn.Signature().Recv(); recv != nil {
		if n := namedOf(recv.Type()); n != nil && hasWord(n.Obj().Name(), laterWords) {
			return true
		}
	}
	return fn.Pkg() != nil && hasWord(fn.Pkg().Name(), laterWords)
}

// commentSaysWhy reports whether a comment on cur's line, or ending on the
// line above the statement holding cur, explains dropping the context (it
// mentions detaching, cancellation, outliving the caller, ...). A TODO or
// FIXME note is no explanation: it admits the bug.
func (c *checker) commentSaysWhy(cur inspector.Cursor) bool {
	if c.file == nil {
		return false
	}
	fset := c.pass.Fset
	line := fset.Position(cur.Node().Pos()).Line
	stmtLine := line
	for s := range cur.Enclosing((*ast.ExprStmt)(nil), (*ast.AssignStmt)(nil), (*ast.DeclStmt)(nil),
		(*ast.ReturnStmt)(nil), (*ast.IfStmt)(nil), (*ast.GoStmt)(nil), (*ast.DeferStmt)(nil)) {
		stmtLine = fset.Position(s.Node().Pos()).Line
		break
	}
	for _, cg := range c.file.Comments {
		start, end := fset.Position(cg.Pos()).Line, fset.Position(cg.End()).Line
		if end == stmtLine-1 || start <= line && line <= end || end == line {
			if explains(cg.Text()) {
				return true
			}
		}
		if start > line {
			break
		}
	}
	return false
}

// explains reports whether a comment's text explains dropping a context.
func explains(text string) bool {
	t := strings.ToLower(text)
	// Naming the call is no explanation: "context.Background()" restates it.
	t = strings.NewReplacer("context.background", "", "context.todo", "").Replace(t)
	if strings.Contains(text, "TODO") || strings.Contains(text, "FIXME") || strings.Contains(text, "XXX") {
		return false
	}
	for _, w := range detachWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// hasWord reports whether the identifier name, split into words at case
// changes, underscores and digits, has a word of set (lower case). "clean"
// followed by "up" counts as "cleanup".
func hasWord(name string, set map[string]bool) bool {
	words := splitWords(name)
	for i, w := range words {
		if set[w] {
			return true
		}
		if w == "clean" && i+1 < len(words) && words[i+1] == "up" && set["cleanup"] {
			return true
		}
	}
	return false
}

// splitWords splits an identifier into lower-case words: "rollbackTx" ->
// [rollback tx], "HTTPServer" -> [http server], "do_cleanup" -> [do cleanup].
func splitWords(name string) []string {
	var words []string
	rs := []rune(name)
	start := 0
	flush := func(end int) {
		if end > start {
			words = append(words, strings.ToLower(string(rs[start:end])))
		}
		start = end
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '_' || unicode.IsDigit(r):
			flush(i)
			start = i + 1
		case unicode.IsUpper(r) && i > start:
			prevLower := unicode.IsLower(rs[i-1])
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if prevLower || nextLower && unicode.IsUpper(rs[i-1]) {
				flush(i)
			}
		}
	}
	flush(len(rs))
	return words
}
