// Package ctxscope answers, once per package for every conclint analyzer,
// the question "at this point of the code, which expression yields the
// caller's context?".
//
// A variable carries the caller's context when it is:
//
//   - a named parameter of type context.Context;
//   - a named *http.Request parameter (its context is r.Context());
//   - the request parameter of a framework handler (knowledge.HandlerParams:
//     c.Request.Context() for gin, c.Request().Context() for echo,
//     c.UserContext() for fiber);
//   - a local variable of one of those types every assignment of which
//     mentions a variable that carries the caller's context
//     (ctx, cancel := context.WithTimeout(r.Context(), d);
//     req = req.WithContext(ctx)).
//
// A local assigned from anything else (context.Background(),
// context.WithoutCancel(ctx), http.NewRequest(...)) when it is declared does
// not carry it at all. A variable that carries the caller's context and is
// later assigned from anything else stops carrying it after that assignment:
// from the end of the assignment on, and everywhere in a loop containing it,
// or everywhere at all when the assignment is inside a function literal
// (which may run at any time). So in
//
//	func f(ctx context.Context) {
//		ctx, cancel := context.WithTimeout(context.Background(), d)
//
// ctx still names the caller's context inside the call, where the fix
// belongs. The one exception is the nil guard, `if ctx == nil { ctx =
// context.Background() }`, which replaces no caller's context and leaves ctx
// carrying it. The analysis is otherwise flow-insensitive (it follows no
// branches) and prefers silence to a wrong suggestion.
package ctxscope

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// Analyzer computes the package's Info. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:             "conclintctxscope",
	Doc:              "find the caller's context in scope (internal to conclint; reports nothing)",
	URL:              "https://github.com/conclint/conclint/tree/main/analyzers/internal/ctxscope",
	Run:              run,
	Requires:         []*analysis.Analyzer{inspect.Analyzer},
	ResultType:       reflect.TypeFor[*Info](),
	RunDespiteErrors: true,
}

// Kind says where a context comes from.
type Kind int

const (
	Param   Kind = iota // a context.Context parameter, or a local derived from one
	Request             // an *http.Request or framework handler parameter, or a local derived only from them (ctx := r.Context())
)

// A Source is the context to use at some point of the code.
type Source struct {
	Expr string     // "ctx", "r.Context()", "c.Request.Context()"
	Var  *types.Var // the variable Expr is built on
	Kind Kind
	// InGoroutine is set when Var is declared outside a function literal
	// started by a go statement that encloses the point asked about: the
	// goroutine may outlive the caller, so passing the caller's context on
	// is not always right.
	InGoroutine bool
}

// Info records the package's variables that carry the caller's context.
type Info struct {
	pkg  *types.Package
	vars map[*types.Var]*varInfo // filled by compute on first use
	// compute solves the package on first use: under go vet the analyzers
	// needing Info run on every dependency for their facts, and most never
	// ask.
	once    sync.Once
	compute func()
}

// ready computes the package's variables once, on first use.
func (in *Info) ready() {
	in.once.Do(func() {
		if in.compute != nil {
			in.compute()
			in.compute = nil
		}
	})
}

type varInfo struct {
	expr  string
	kind  Kind
	isCtx bool // of type context.Context
	// kills are the ranges of positions where the variable no longer
	// carries the caller's context, after an assignment from something else.
	kills []span
}

type span struct{ from, to token.Pos }

func (vi *varInfo) carriesAt(pos token.Pos) bool {
	for _, k := range vi.kills {
		if k.from <= pos && pos < k.to {
			return false
		}
	}
	return true
}

// Any reports whether any variable of the package carries a caller's
// context: when none does, At finds nothing anywhere.
func (in *Info) Any() bool {
	in.ready()
	return len(in.vars) > 0
}

// Carries reports whether v carries the caller's context everywhere it is
// used (it is never assigned from anything else).
func (in *Info) Carries(v *types.Var) bool {
	in.ready()
	vi, ok := in.vars[v]
	return ok && len(vi.kills) == 0
}

// CarriesAt reports whether v carries the caller's context at pos: whether
// an assignment from something else may have replaced it by then.
func (in *Info) CarriesAt(v *types.Var, pos token.Pos) bool {
	in.ready()
	return in.carriesAt(v, pos)
}

// carriesAt is CarriesAt for solve, which runs inside ready.
func (in *Info) carriesAt(v *types.Var, pos token.Pos) bool {
	vi, ok := in.vars[v]
	return ok && vi.carriesAt(pos)
}

// Mentions reports whether e refers to a variable carrying the caller's
// context, outside function literals.
func (in *Info) Mentions(info *types.Info, e ast.Expr) bool {
	in.ready()
	return in.mentions(info, e, func(v *types.Var, _ token.Pos) bool { return in.Carries(v) })
}

// MentionsAt is Mentions, flow-sensitively: a variable counts if it carries
// the caller's context where e mentions it. (solve calls mentionsAt: the
// exported methods must not be called while solving.)
func (in *Info) MentionsAt(info *types.Info, e ast.Expr) bool {
	in.ready()
	return in.mentionsAt(info, e)
}

func (in *Info) mentionsAt(info *types.Info, e ast.Expr) bool {
	return in.mentions(info, e, in.carriesAt)
}

// mentions reports whether e, outside function literals, uses a variable
// for which carries, given the variable and the position of the use, is
// true.
func (in *Info) mentions(info *types.Info, e ast.Expr, carries func(v *types.Var, at token.Pos) bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident:
			if v, ok := info.Uses[n].(*types.Var); ok && carries(v, n.Pos()) {
				found = true
			}
		}
		return !found
	})
	return found
}

// At returns the context to use at the cursor's position: among the
// variables in scope there that carry the caller's context at that point,
// the innermost, most recently declared one that is not shadowed.
// Context-typed variables are preferred to requests in the same scope (ctx
// over r.Context()).
func (in *Info) At(cur inspector.Cursor) (Source, bool) {
	in.ready()
	return in.AtExcept(cur, nil)
}

// AtExcept is At ignoring the variable except: the answer for a
// context.Background() assigned to except itself (c = context.Background()),
// where suggesting c would make the assignment a no-op.
func (in *Info) AtExcept(cur inspector.Cursor, except *types.Var) (Source, bool) {
	in.ready()
	if len(in.vars) == 0 {
		return Source{}, false
	}
	pos := cur.Node().Pos()
	scope := in.pkg.Scope().Innermost(pos)
	for s := scope; s != nil && s != in.pkg.Scope() && s != types.Universe; s = s.Parent() {
		var best *types.Var
		var bestInfo *varInfo
		for _, name := range s.Names() {
			v, ok := s.Lookup(name).(*types.Var)
			if !ok {
				continue
			}
			vi, ok := in.vars[v]
			if !ok || v == except || v.Pos() >= pos || !vi.carriesAt(pos) {
				continue
			}
			if _, obj := scope.LookupParent(name, pos); obj != v {
				continue // shadowed at pos
			}
			if best == nil || better(v, vi, best, bestInfo) {
				best, bestInfo = v, vi
			}
		}
		if best != nil {
			return Source{
				Expr:        bestInfo.expr,
				Var:         best,
				Kind:        bestInfo.kind,
				InGoroutine: crossesGo(cur, best.Pos()),
			}, true
		}
	}
	return Source{}, false
}

// better reports whether v is a better choice than w in the same scope:
// a caller's context over a request's, a context.Context over a request
// (ctx := r.Context() over r), then the most recently declared.
func better(v *types.Var, vi *varInfo, w *types.Var, wi *varInfo) bool {
	if vi.kind != wi.kind {
		return vi.kind < wi.kind
	}
	if vi.isCtx != wi.isCtx {
		return vi.isCtx
	}
	return v.Pos() > w.Pos()
}

// crossesGo reports whether a function literal started by a go statement
// encloses cur but not declPos.
func crossesGo(cur inspector.Cursor, declPos token.Pos) bool {
	for c := range cur.Enclosing((*ast.FuncLit)(nil)) {
		lit := c.Node().(*ast.FuncLit)
		if lit.Pos() <= declPos && declPos < lit.End() {
			return false
		}
		if call, ok := c.Parent().Node().(*ast.CallExpr); ok && call.Fun == lit {
			if _, ok := c.Parent().Parent().Node().(*ast.GoStmt); ok {
				return true
			}
		}
	}
	return false
}

// carrierType classifies a type that can carry the caller's context, and
// returns the expression template (%s: the variable's name).
func carrierType(t types.Type) (kind Kind, tmpl string, ok bool) {
	if typesx.IsContext(t) {
		return Param, "%s", true
	}
	if typesx.IsRequest(t) {
		return Request, "%s.Context()", true
	}
	for _, hp := range knowledge.HandlerParams {
		if hp.Pointer && typesx.IsPointerTo(t, hp.Path, hp.Type) || !hp.Pointer && typesx.IsNamed(t, hp.Path, hp.Type) {
			return Request, hp.CtxExpr, true
		}
	}
	return 0, "", false
}

func run(pass *analysis.Pass) (any, error) {
	in := &Info{pkg: pass.Pkg, vars: make(map[*types.Var]*varInfo)}
	in.compute = func() { solve(pass, in) }
	return in, nil
}
