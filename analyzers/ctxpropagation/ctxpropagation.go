package ctxpropagation

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/conclint/conclint/analyzers/internal/analysisdoc"
	"github.com/conclint/conclint/analyzers/internal/ctxscope"
	"github.com/conclint/conclint/analyzers/internal/edits"
	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/report"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "ctxpropagation",
	Doc:      analysisdoc.MustExtract(doc, "ctxpropagation"),
	URL:      "https://github.com/conclint/conclint/blob/main/docs/ctxpropagation.md",
	Run:      run,
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctxscope.Analyzer},
}

var (
	opts    report.Options
	exclude string
)

func init() {
	opts.Register(&Analyzer.Flags)
	Analyzer.Flags.StringVar(&exclude, "exclude", "",
		"comma-separated extra APIs whose context-less calls are not reported: a package path, "+
			"a type (example.com/log.Logger) or a function's full name (example.com/log.Info, (*example.com/log.Logger).Info)")
	Analyzer.Flags.BoolVar(&explainQuiet, "explain-quiet", false,
		"also report the calls kept quiet on purpose, each prefixed with why (QUIET(goroutine), QUIET(defer), ...): for judging the policy on your code")
}

// explainQuiet (-explain-quiet) reports the findings the analyzer keeps
// quiet about too, saying why.
var explainQuiet bool

func run(pass *analysis.Pass) (any, error) {
	scope := pass.ResultOf[ctxscope.Analyzer].(*ctxscope.Info)
	if !scope.Any() {
		return nil, nil // no variable carries a caller's context: nothing to propagate
	}
	r := report.New(pass, opts)
	defer r.Finish()
	c := &checker{
		pass:     pass,
		r:        r,
		scope:    scope,
		excluded: exclusions(exclude),
		variants: make(map[*types.Func]*variant),
	}
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur := range in.Root().Preorder((*ast.File)(nil), (*ast.CallExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.File:
			c.file = n
		case *ast.CallExpr:
			if r.Skip(n.Pos()) {
				continue
			}
			c.call(cur, n)
		}
	}
	return nil, nil
}

type checker struct {
	pass     *analysis.Pass
	r        *report.Reporter
	scope    *ctxscope.Info
	file     *ast.File
	excluded map[string]bool
	variants map[*types.Func]*variant // memo of variantOf, nil for none
}

// exclusions merges the built-in exclusion list with the flag's entries.
func exclusions(flag string) map[string]bool {
	m := make(map[string]bool)
	for k := range knowledge.CtxPropagationExclusions {
		m[k] = true
	}
	for e := range strings.SplitSeq(flag, ",") {
		if e = strings.TrimSpace(e); e != "" {
			m[e] = true
		}
	}
	return m
}

func (c *checker) call(cur inspector.Cursor, call *ast.CallExpr) {
	fn := typesx.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return
	}
	switch fn.FullName() {
	case "context.Background", "context.TODO":
		c.background(cur, call, fn)
		return
	}
	c.contextless(cur, call, fn)
}

// background reports context.Background() and context.TODO() where a
// caller's context is in scope.
func (c *checker) background(cur inspector.Cursor, call *ast.CallExpr, fn *types.Func) {
	src, ok := c.scope.AtExcept(cur, c.assignedTo(cur))
	if !ok {
		return
	}
	if c.nilGuarded(cur) {
		return // if ctx == nil { ctx = context.Background() }: there is no context to pass
	}
	why := c.deliberate(cur, src)
	if why == "" && c.stored(cur) {
		why = "stored"
	}
	if why == "" && c.replacesRequestContext(cur, src) {
		why = "replaces"
	}
	if why != "" && !explainQuiet {
		return
	}
	msg := fmt.Sprintf("context.%s() ignores %s: use %s", fn.Name(), whose(src), src.Expr)
	if why != "" {
		msg = "QUIET(" + why + ") " + msg
	}
	fix := edits.Fix("Use "+src.Expr, edits.Replace(call, src.Expr))
	fix.TextEdits = append(fix.TextEdits, edits.RemoveImportIfUnused(c.pass.TypesInfo, c.file, "context", call)...)
	c.r.Report(call, msg, fix)
}

// assignedTo returns the variable that the call at cur is assigned to as a
// whole (c = context.Background()), or nil.
func (c *checker) assignedTo(cur inspector.Cursor) *types.Var {
	as, ok := cur.Parent().Node().(*ast.AssignStmt)
	if !ok || len(as.Lhs) != len(as.Rhs) {
		return nil
	}
	for i, rhs := range as.Rhs {
		if rhs == cur.Node() {
			if id, ok := ast.Unparen(as.Lhs[i]).(*ast.Ident); ok {
				v, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
				return v
			}
		}
	}
	return nil
}

// nilGuarded reports whether cur is in the body of an `if x == nil` on a
// context.Context in its function: the caller passed no context.
func (c *checker) nilGuarded(cur inspector.Cursor) bool {
	for e := range cur.Enclosing((*ast.IfStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		ifs, ok := e.Node().(*ast.IfStmt)
		if !ok {
			return false
		}
		pos := cur.Node().Pos()
		if pos < ifs.Body.Pos() || pos >= ifs.Body.End() {
			continue
		}
		b, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
		if !ok || b.Op != token.EQL {
			continue
		}
		for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
			tv, ok := c.pass.TypesInfo.Types[pair[1]]
			if ok && tv.IsNil() && typesx.IsContext(c.pass.TypesInfo.TypeOf(pair[0])) {
				return true
			}
		}
	}
	return false
}

// whose names the context in messages.
func whose(src ctxscope.Source) string {
	if src.Kind == ctxscope.Request {
		return "the request's context"
	}
	return "the caller's context"
}

// contextless reports a call to an API with a context-taking variant.
func (c *checker) contextless(cur inspector.Cursor, call *ast.CallExpr, fn *types.Func) {
	if c.isExcluded(fn) {
		return
	}
	inst, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func) // instantiated, for comparing signatures
	v := c.variantOf(call, fn, inst)
	if v == nil {
		return
	}
	// Inside the variant itself, or F itself, the call is the implementation
	// or a recursion, not a missed context.
	if encl := enclosingFunc(c.pass, cur); encl != nil && (encl == v.fn || encl == fn) {
		return
	}
	src, ok := c.scope.At(cur)
	if !ok {
		return
	}
	why := c.deliberate(cur, src)
	if why == "" && c.contextAttachedLater(cur, call) {
		why = "attached later"
	}
	if why != "" && !explainQuiet {
		return
	}
	name := c.calleeText(call, fn)
	use := v.use(c, call)
	args := src.Expr
	if len(call.Args) > 0 || v.name == "" { // table templates add arguments (BeginTx(ctx, nil))
		args += ", ..."
	}
	msg := fmt.Sprintf("%s ignores %s: use %s(%s)", name, whose(src), use, args)
	if why != "" {
		msg = "QUIET(" + why + ") " + msg
	}
	var fixes []analysis.SuggestedFix
	if tes := v.edits(c, call, src.Expr); tes != nil {
		fixes = append(fixes, edits.Fix(fmt.Sprintf("Use %s(%s)", use, args), tes...))
	}
	c.r.Report(call, msg, fixes...)
}

// contextAttachedLater reports whether call builds an *http.Request that
// gets a context later in the same function: req.WithContext(...) or
// req.Clone(...), or req passed to a call together with a variable
// carrying the caller's context (c.do(ctx, req)). The request then does
// not ignore the context; building it with NewRequestWithContext would be
// tidier, but no maintainer would call it a bug.
func (c *checker) contextAttachedLater(cur inspector.Cursor, call *ast.CallExpr) bool {
	res := c.pass.TypesInfo.TypeOf(call)
	if t, ok := res.(*types.Tuple); ok && t.Len() > 0 {
		res = t.At(0).Type()
	}
	if !typesx.IsRequest(res) {
		return false
	}
	var req *types.Var
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && p.Rhs[0] == call && len(p.Lhs) > 0 {
			if id, ok := p.Lhs[0].(*ast.Ident); ok {
				req, _ = c.pass.TypesInfo.ObjectOf(id).(*types.Var)
			}
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && p.Values[0] == call && len(p.Names) > 0 {
			req, _ = c.pass.TypesInfo.ObjectOf(p.Names[0]).(*types.Var)
		}
	}
	if req == nil {
		return false
	}
	body := enclosingFuncNode(cur)
	if body == nil {
		return false
	}
	isReq := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && c.pass.TypesInfo.Uses[id] == req
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		ce, ok := n.(*ast.CallExpr)
		if found || !ok || ce.Pos() < call.End() {
			return !found
		}
		if sel, ok := ce.Fun.(*ast.SelectorExpr); ok && isReq(sel.X) && (sel.Sel.Name == "WithContext" || sel.Sel.Name == "Clone") {
			found = true
			return false
		}
		hasReq, hasCtx := false, false
		for _, a := range ce.Args {
			hasReq = hasReq || isReq(a)
			hasCtx = hasCtx || c.scope.MentionsAt(c.pass.TypesInfo, a)
		}
		found = hasReq && hasCtx
		return !found
	})
	return found
}

// isExcluded reports whether fn is on the exclusion list: by package, by
// receiver type, or by name.
func (c *checker) isExcluded(fn *types.Func) bool {
	if c.excluded[fn.FullName()] {
		return true
	}
	if fn.Pkg() != nil && c.excluded[fn.Pkg().Path()] {
		return true
	}
	if recv := fn.Signature().Recv(); recv != nil {
		if n := namedOf(recv.Type()); n != nil && n.Obj().Pkg() != nil {
			if c.excluded[n.Obj().Pkg().Path()+"."+n.Obj().Name()] {
				return true
			}
		}
	}
	return false
}

// deliberate returns why using no caller's context at cur is deliberate, or
// "" when it is not.
//
// Assumptions, trading recall for precision:
//   - a go statement's function literal that does not take the context as a
//     parameter runs work meant to outlive the caller (ctxscope's
//     InGoroutine);
//   - a deferred call runs when the caller is returning, often because its
//     context is done: cleanup there must not be cancelled with it;
//   - so does a function literal passed to time.AfterFunc, context.AfterFunc
//     and the other knowledge.LaterCallbacks, unless it declares the
//     context itself;
//   - after the function has waited for the context to be done (a receive
//     from ctx.Done(), or inside `case <-ctx.Done():`, or `if ctx.Err() !=
//     nil`), the context is spent: a fresh one is the only one that works.
func (c *checker) deliberate(cur inspector.Cursor, src ctxscope.Source) string {
	if src.InGoroutine {
		return "goroutine"
	}
	// Walk out to the function declaring the context: a defer or callback
	// beyond it does not concern it.
	declares := func(n ast.Node) bool { return n.Pos() <= src.Var.Pos() && src.Var.Pos() < n.End() }
outer:
	for e := range cur.Enclosing((*ast.DeferStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch n := e.Node().(type) {
		case *ast.DeferStmt:
			return "defer"
		case *ast.FuncDecl:
			break outer
		case *ast.FuncLit:
			if declares(n) {
				break outer
			}
			call, ok := e.Parent().Node().(*ast.CallExpr)
			if !ok {
				continue
			}
			// A deferred literal: `defer func() { ... }()`.
			if call.Fun == n {
				if _, ok := e.Parent().Parent().Node().(*ast.DeferStmt); ok {
					return "defer"
				}
				continue
			}
			// A callback run later: time.AfterFunc(d, func() { ... }).
			if _, ok := knowledge.LaterCallbacks[typesx.CallName(c.pass.TypesInfo, call)]; ok {
				return "callback"
			}
		}
	}
	if c.afterDone(cur, src.Var) {
		return "after done"
	}
	return ""
}

// stored reports whether the value computed at cur, directly or through
// the calls it is an argument of (context.WithCancel(context.Background())),
// is kept beyond the function: assigned to a field, an element or a
// package-level variable, put in a composite literal, or assigned to locals
// one of which is then so kept (ctx, cancel := ...; s.cancel = cancel).
// Such a context or object has the lifetime of a component, not of the
// call that happens to create it (a server's base context, a pooled
// connection, a long-lived stream): tying it to the caller's context would
// be the bug.
func (c *checker) stored(cur inspector.Cursor) bool {
	e := cur
	for {
		p := e.Parent()
		switch pn := p.Node().(type) {
		case *ast.ParenExpr:
			e = p
			continue
		case *ast.CallExpr:
			if pn.Fun != e.Node() {
				e = p // an argument: follow the call's result
				continue
			}
		case *ast.KeyValueExpr:
			return pn.Value == e.Node()
		case *ast.CompositeLit:
			return true
		case *ast.AssignStmt:
			return c.keptAny(cur, pn.Lhs)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(pn.Names))
			for i, id := range pn.Names {
				lhs[i] = id
			}
			return c.keptAny(cur, lhs)
		}
		return false
	}
}

// replacesRequestContext reports whether the context built at cur is put in
// place of the request's own with src's request: ctx, cancel :=
// context.WithCancel(context.Background()); req = req.WithContext(ctx). The
// code replaces the request's context knowingly (a client helper setting
// its own cancellation on an outgoing request).
func (c *checker) replacesRequestContext(cur inspector.Cursor, src ctxscope.Source) bool {
	if src.Kind != ctxscope.Request || !typesx.IsRequest(src.Var.Type()) {
		return false
	}
	e := cur
	for {
		p := e.Parent()
		if call, ok := p.Node().(*ast.CallExpr); ok && call.Fun != e.Node() {
			e = p
			continue
		}
		if _, ok := p.Node().(*ast.ParenExpr); ok {
			e = p
			continue
		}
		break
	}
	var local types.Object
	switch p := e.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Lhs) > 0 {
			if id, ok := p.Lhs[0].(*ast.Ident); ok {
				local = c.pass.TypesInfo.ObjectOf(id)
			}
		}
	case *ast.ValueSpec:
		if len(p.Names) > 0 {
			local = c.pass.TypesInfo.ObjectOf(p.Names[0])
		}
	}
	if local == nil {
		return false
	}
	var body ast.Node
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		body = f.Node()
		break
	}
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found || !ok || len(call.Args) != 1 {
			return !found
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "WithContext" {
			return true
		}
		x, ok1 := ast.Unparen(sel.X).(*ast.Ident)
		arg, ok2 := ast.Unparen(call.Args[0]).(*ast.Ident)
		found = ok1 && ok2 && c.pass.TypesInfo.Uses[x] == src.Var && c.pass.TypesInfo.Uses[arg] == local
		return !found
	})
	return found
}

// keptAny reports whether any of lhs is a field, an element or a
// package-level variable, or a local later stored in one, in cur's function.
func (c *checker) keptAny(cur inspector.Cursor, lhs []ast.Expr) bool {
	locals := make(map[types.Object]bool)
	for _, l := range lhs {
		switch l := ast.Unparen(l).(type) {
		case *ast.Ident:
			obj := c.pass.TypesInfo.ObjectOf(l)
			if obj == nil || l.Name == "_" {
				continue
			}
			if obj.Parent() == c.pass.Pkg.Scope() {
				return true
			}
			locals[obj] = true
		case *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
			return true
		}
	}
	if len(locals) == 0 {
		return false
	}
	body := enclosingFuncNode(cur)
	if body == nil {
		return false
	}
	isLocal := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && locals[c.pass.TypesInfo.Uses[id]]
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, r := range n.Rhs {
					if !isLocal(r) {
						continue
					}
					switch l := ast.Unparen(n.Lhs[i]).(type) {
					case *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
						found = true
					case *ast.Ident:
						if obj := c.pass.TypesInfo.ObjectOf(l); obj != nil && obj.Parent() == c.pass.Pkg.Scope() {
							found = true
						}
					}
				}
			}
		case *ast.KeyValueExpr:
			found = found || isLocal(n.Value)
		case *ast.CompositeLit:
			for _, elt := range n.Elts {
				found = found || isLocal(elt)
			}
		}
		return !found
	})
	return found
}

// afterDone reports whether cur follows, in its function, a wait for v's
// context to be done: a receive from v.Done() or v.Context().Done() before
// cur, a select case receiving from it that contains cur, or an `if` on
// v.Err() != nil containing cur.
func (c *checker) afterDone(cur inspector.Cursor, v *types.Var) bool {
	body := enclosingFuncNode(cur)
	if body == nil {
		return false
	}
	pos := cur.Node().Pos()
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil {
			return false
		}
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && c.isDone(n.X, v) && n.End() <= pos {
				found = true
			}
		case *ast.CommClause:
			if n.Comm != nil && n.Pos() <= pos && pos < n.End() && c.receivesDone(n.Comm, v) {
				found = true
			}
		case *ast.IfStmt:
			if n.Body.Pos() <= pos && pos < n.Body.End() && c.errNotNil(n.Cond, v) {
				found = true
			}
		}
		return !found
	})
	return found
}

func (c *checker) receivesDone(s ast.Stmt, v *types.Var) bool {
	var e ast.Expr
	switch s := s.(type) {
	case *ast.ExprStmt:
		e = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			e = s.Rhs[0]
		}
	}
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	return ok && u.Op == token.ARROW && c.isDone(u.X, v)
}

// isDone reports whether e is v.Done() or v.Context().Done() (or any call
// chain on v ending in Done()).
func (c *checker) isDone(e ast.Expr, v *types.Var) bool {
	return c.isMethodOn(e, "Done", v)
}

// errNotNil reports whether cond is `v.Err() != nil` (or v....Err()).
func (c *checker) errNotNil(cond ast.Expr, v *types.Var) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.NEQ {
		return false
	}
	return c.isMethodOn(b.X, "Err", v) || c.isMethodOn(b.Y, "Err", v)
}

func (c *checker) isMethodOn(e ast.Expr, method string, v *types.Var) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != method {
		return false
	}
	// Any variable carrying the caller's context counts: `<-ctx.Done()`
	// with ctx := r.Context() spends r's context too.
	found := false
	ast.Inspect(sel.X, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if u, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && (u == v || c.scope.CarriesAt(u, id.Pos())) {
				found = true
			}
		}
		return !found
	})
	return found
}

// enclosingFunc returns the declared function enclosing cur, through
// function literals.
func enclosingFunc(pass *analysis.Pass, cur inspector.Cursor) *types.Func {
	for e := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		fn, _ := pass.TypesInfo.Defs[e.Node().(*ast.FuncDecl).Name].(*types.Func)
		if fn != nil {
			return fn.Origin()
		}
	}
	return nil
}

// A variant is the context-taking variant of one API.
type variant struct {
	fn    *types.Func           // the variant, when it is a function or method (rename)
	entry *knowledge.CtxVariant // the table's entry, if any
	name  string                // the variant's name for a rename
}

// variantOf returns the context-taking variant of fn called at call, from
// the table or the general rule, or nil.
func (c *checker) variantOf(call *ast.CallExpr, fn, inst *types.Func) *variant {
	if e, ok := knowledge.CtxVariants[fn.FullName()]; ok {
		v := &variant{entry: &e, name: e.Rename}
		if e.Rename != "" {
			v.fn = c.lookup(call, fn, e.Rename)
		}
		return v
	}
	// The general rule depends on the receiver type at the call for
	// methods, so only functions are memoised.
	isMethod := fn.Signature().Recv() != nil
	if !isMethod {
		if v, ok := c.variants[fn]; ok {
			return v
		}
	}
	var found *variant
	for _, suffix := range knowledge.CtxVariantSuffixes {
		cand := c.lookup(call, fn, fn.Name()+suffix)
		if cand != nil && takesContextThen(cand, inst) {
			found = &variant{fn: cand, name: cand.Name()}
			break
		}
	}
	if !isMethod {
		c.variants[fn] = found
	}
	return found
}

// lookup finds the function or method name beside fn: in fn's package for a
// function, in the method set of the receiver at call for a method, declared
// on the same type as fn. It returns nil when there is none, or when it is
// not accessible from the package being analysed.
func (c *checker) lookup(call *ast.CallExpr, fn *types.Func, name string) *types.Func {
	var cand *types.Func
	if recv := fn.Signature().Recv(); recv == nil {
		if fn.Pkg() == nil {
			return nil
		}
		cand, _ = fn.Pkg().Scope().Lookup(name).(*types.Func)
	} else {
		sel, ok := ast.Unparen(funOf(call)).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		s := c.pass.TypesInfo.Selections[sel]
		if s == nil || s.Kind() != types.MethodVal {
			return nil
		}
		obj, _, _ := types.LookupFieldOrMethod(s.Recv(), true, c.pass.Pkg, name)
		cand, _ = obj.(*types.Func)
		if cand == nil {
			return nil
		}
		// Declared on the same type: a promoted QueryContext of an embedded
		// *sql.DB is no variant of the outer type's own Query.
		if !sameRecv(cand, fn) {
			return nil
		}
	}
	if cand == nil || !cand.Exported() && cand.Pkg() != c.pass.Pkg {
		return nil
	}
	return cand
}

func sameRecv(a, b *types.Func) bool {
	na, nb := namedOf(a.Signature().Recv().Type()), namedOf(b.Signature().Recv().Type())
	return na != nil && nb != nil && na.Origin().Obj() == nb.Origin().Obj()
}

func namedOf(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// takesContextThen reports whether cand's parameters are a context.Context
// followed by fn's parameters, optionally followed by one more variadic
// parameter when fn is not variadic (AWS's GetObjectWithContext(ctx, in,
// opts...) for GetObject(in)). Generic functions are compared through
// their origin only when neither has type parameters of its own.
func takesContextThen(cand, fn *types.Func) bool {
	cs, fs := cand.Signature(), fn.Signature()
	if cs.TypeParams().Len() > 0 || fs.TypeParams().Len() > 0 {
		return false
	}
	cp, fp := cs.Params(), fs.Params()
	if cp.Len() < 1 || !typesx.IsContext(cp.At(0).Type()) {
		return false
	}
	switch {
	case cp.Len() == fp.Len()+1:
		if cs.Variadic() != fs.Variadic() {
			return false
		}
	case cp.Len() == fp.Len()+2 && cs.Variadic() && !fs.Variadic():
	default:
		return false
	}
	for i := 0; i < fp.Len(); i++ {
		if !types.Identical(cp.At(i+1).Type(), fp.At(i).Type()) {
			return false
		}
	}
	return true
}

// funOf returns the called expression without type arguments.
func funOf(call *ast.CallExpr) ast.Expr {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		return f.X
	case *ast.IndexListExpr:
		return f.X
	}
	return fun
}

// calleeText names the called API in messages: the call's own text when it
// is short (db.Query, exec.Command), else the API's short name.
func (c *checker) calleeText(call *ast.CallExpr, fn *types.Func) string {
	if s := types.ExprString(funOf(call)); len(s) <= 40 {
		return s
	}
	return typesx.ShortName(fn)
}

// use names the variant in messages.
func (v *variant) use(c *checker, call *ast.CallExpr) string {
	if v.name != "" {
		fun := funOf(call)
		switch f := fun.(type) {
		case *ast.SelectorExpr:
			if x := types.ExprString(f.X); len(x) <= 30 {
				return x + "." + v.name
			}
		case *ast.Ident:
			return v.name
		}
		if v.fn != nil {
			return typesx.ShortName(v.fn)
		}
		return v.name
	}
	return v.fill(c, call, v.entry.Use, "")
}

// edits returns the suggested fix's edits, or nil when there is none.
func (v *variant) edits(c *checker, call *ast.CallExpr, ctx string) []analysis.TextEdit {
	if v.name != "" {
		if v.fn == nil {
			return nil // the table names a variant this version lacks
		}
		var id *ast.Ident
		switch f := funOf(call).(type) {
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
	text := v.fill(c, call, v.entry.Fix, ctx)
	if text == "" {
		return nil
	}
	return []analysis.TextEdit{edits.Replace(call, text)}
}

// fill expands a table template at call; it returns "" when the call does
// not fit it (an unqualified function, a spread argument used by index).
func (v *variant) fill(c *checker, call *ast.CallExpr, tmpl, ctx string) string {
	fun := funOf(call)
	sel, _ := fun.(*ast.SelectorExpr)
	var out strings.Builder
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
			out.WriteString(c.source(sel.X))
		case "ctx":
			out.WriteString(ctx)
		case "args":
			for k, a := range call.Args {
				if k > 0 {
					out.WriteString(", ")
				}
				out.WriteString(c.source(a))
			}
			if call.Ellipsis.IsValid() {
				out.WriteString("...")
			}
		default:
			n, err := strconv.Atoi(key)
			if err != nil || n >= len(call.Args) || call.Ellipsis.IsValid() {
				return ""
			}
			out.WriteString(c.source(call.Args[n]))
		}
	}
	return out.String()
}

// source returns e's text as written, or as printed when the driver gives
// no file access (rules_go's nogo leaves Pass.ReadFile nil).
func (c *checker) source(e ast.Expr) string {
	tf := c.pass.Fset.File(e.Pos())
	if tf != nil && c.pass.ReadFile != nil {
		if content, err := c.pass.ReadFile(tf.Name()); err == nil {
			start, end := tf.Offset(e.Pos()), tf.Offset(e.End())
			if 0 <= start && start <= end && end <= len(content) {
				return string(content[start:end])
			}
		}
	}
	return types.ExprString(e)
}

// enclosingFuncNode returns the innermost function declaration or literal
// around cur, or nil.
func enclosingFuncNode(cur inspector.Cursor) ast.Node {
	for e := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return e.Node()
	}
	return nil
}
