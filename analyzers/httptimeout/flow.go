package httptimeout

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: where a client goes, and so which requests it sends. A
// client is followed from where it is built through the variables and
// unexported fields it is stored in, the functions of the package it is
// passed to, and the API clients of other packages built from it (a
// Docker or GitHub client: their methods that take a context send through
// it with that context). Each request it sends is judged by deadline.go.

// A mode says what the followed value is.
type mode uint8

const (
	// mClient: an http.Client.
	mClient mode = iota
	// mWrapper: a value built from one by another package: its method
	// calls that take a context send with that context; those that take
	// no argument at all send nothing (accessors, Close).
	mWrapper
)

// flow judges the value of the expression at cur, in frame fr (nil at
// package level), by where it goes.
func (e *eval) flow(cur inspector.Cursor, fr *frame, m mode) result {
	e.steps++
	if e.steps > maxSteps {
		e.exhausted = true
		return unknown
	}
	cur = climb(cur)
	p := cur.Parent()
	info := e.c.pass.TypesInfo
	k, i := cur.ParentEdge()
	switch k {
	case edge.SelectorExpr_X:
		return e.selected(p, fr, m)
	case edge.AssignStmt_Lhs:
		return result{} // overwritten
	case edge.AssignStmt_Rhs:
		as := p.Node().(*ast.AssignStmt)
		switch {
		case len(as.Lhs) == len(as.Rhs):
			return e.into(as.Lhs[i], fr, m)
		case len(as.Rhs) == 1:
			return e.into(as.Lhs[0], fr, m) // w, err := New(c): the first result
		}
	case edge.ValueSpec_Values:
		vs := p.Node().(*ast.ValueSpec)
		name := vs.Names[0]
		if len(vs.Names) == len(vs.Values) {
			name = vs.Names[i]
		}
		if v, ok := info.Defs[name].(*types.Var); ok {
			return e.variableFlow(v, fr, m)
		}
	case edge.KeyValueExpr_Value:
		if f := keyField(info, p.Node().(*ast.KeyValueExpr)); f != nil {
			if e.handedTo(f, m) {
				return result{v: handed}
			}
			return e.fieldFlow(f, m)
		}
	case edge.CompositeLit_Elts:
		lit := p.Node().(*ast.CompositeLit)
		if st, ok := info.TypeOf(lit).Underlying().(*types.Struct); ok && i < st.NumFields() {
			return e.fieldFlow(st.Field(i), m) // a positional struct literal
		}
	case edge.CallExpr_Args:
		return e.passed(p, i, fr, m)
	case edge.ReturnStmt_Results:
		if i == 0 {
			return e.returnedTo(p, fr, m)
		}
	case edge.BinaryExpr_X, edge.BinaryExpr_Y:
		if op := p.Node().(*ast.BinaryExpr).Op; op == token.EQL || op == token.NEQ {
			return result{} // compared, not used
		}
	}
	return unknown
}

// returnedTo follows a value returned, as the first result, by a function
// of the package whose callers are all known (a constructor helper): to
// the value of each call of it.
func (e *eval) returnedTo(ret inspector.Cursor, fr *frame, m mode) result {
	fn, ok := enclosingFunc(ret)
	if !ok {
		return unknown
	}
	decl, ok := fn.Node().(*ast.FuncDecl)
	if !ok {
		return unknown
	}
	obj, ok := e.c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok || e.c.calls.externallyCallable(obj) {
		return unknown
	}
	sites, known := e.c.calls.callersOf(obj)
	if !known || len(sites) == 0 {
		return unknown
	}
	key := [2]any{obj, m}
	if !e.enter(key) {
		return result{}
	}
	defer e.leave(key)
	var res result
	for _, call := range sites {
		cf := e.at(call, nil)
		if fr != nil && fr.bound() && fr.call == call {
			cf = fr.caller
		}
		res = res.join(e.flow(call, cf, m))
	}
	return res
}

// climb returns the outermost expression around cur that denotes the same
// value: (x), &x, *x.
func climb(cur inspector.Cursor) inspector.Cursor {
	for {
		switch n := cur.Parent().Node().(type) {
		case *ast.ParenExpr, *ast.StarExpr:
			cur = cur.Parent()
			continue
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				cur = cur.Parent()
				continue
			}
		}
		return cur
	}
}

// keyField returns the struct field a key of a struct literal names.
func keyField(info *types.Info, kv *ast.KeyValueExpr) *types.Var {
	if id, ok := kv.Key.(*ast.Ident); ok {
		if v, ok := info.Uses[id].(*types.Var); ok && v.IsField() {
			return v
		}
	}
	return nil
}

// into follows a value assigned to lhs.
func (e *eval) into(lhs ast.Expr, fr *frame, m mode) result {
	switch l := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		if l.Name == "_" {
			return result{}
		}
		if v, ok := e.c.pass.TypesInfo.ObjectOf(l).(*types.Var); ok {
			return e.variableFlow(v, fr, m)
		}
	case *ast.SelectorExpr:
		if f, ok := e.c.pass.TypesInfo.ObjectOf(l.Sel).(*types.Var); ok && f.IsField() {
			if e.handedTo(f, m) {
				return result{v: handed}
			}
			return e.fieldFlow(f, m)
		}
	}
	return unknown
}

// handedTo reports whether a client stored in field f is handed to
// another package's configuration: f is a field of a struct of another
// package (`&azblob.ClientOptions{Transport: c}`, `opts.HTTPClient = c`).
// That package sends the requests, with the contexts its own API takes,
// and owns their deadlines: cloud and service SDKs build their default
// clients with no Timeout too, and stream bodies of any size.
func (e *eval) handedTo(f *types.Var, m mode) bool {
	return m == mClient && e.c.otherConfig(f.Pkg())
}

// otherConfig reports whether a value of package p that is given a client
// may be a configuration: p is another package, and not one of the
// standard library's that merely store values (sync.Map, atomic.Pointer).
func (c *checker) otherConfig(p *types.Package) bool {
	if p == nil || p == c.pass.Pkg {
		return false
	}
	switch p.Path() {
	case "net/http", "sync", "sync/atomic", "container/list", "container/ring":
		return false
	}
	return true
}

// variableFlow follows a value stored in v, a variable or parameter:
// every use of v.
func (e *eval) variableFlow(v *types.Var, fr *frame, m mode) result {
	if m == mClient && e.c.assigned[fieldKey{v, "Timeout"}] {
		return result{timeoutSet: true}
	}
	if _, local := e.c.vars.owner[v]; !local && v.Exported() {
		return unknown // a package variable other packages may use
	}
	key := [3]any{v, m, fr}
	if !e.enter(key) {
		return result{}
	}
	defer e.leave(key)
	var res result
	for _, u := range e.c.vars.uses[v] {
		res = res.join(e.flow(u, e.at(u, fr), m))
	}
	return res
}

// fieldFlow follows a value stored in struct field f: every use of the
// field in the package. An exported field, or one of another package, may
// be used where we cannot see.
func (e *eval) fieldFlow(f *types.Var, m mode) result {
	if f.Pkg() != e.c.pass.Pkg || f.Exported() {
		return unknown
	}
	if m == mClient && !e.fact && e.c.assigned[fieldKey{f, "Timeout"}] {
		return result{timeoutSet: true}
	}
	key := [2]any{f, m}
	if !e.enter(key) {
		return result{}
	}
	defer e.leave(key)
	var res result
	for _, u := range e.c.vars.uses[f] {
		switch u.ParentEdgeKind() {
		case edge.SelectorExpr_Sel:
			sel := u.Parent()
			res = res.join(e.flow(sel, e.at(sel, nil), m))
		case edge.KeyValueExpr_Key:
			// a literal storing a value in the field
		default:
			return unknown
		}
	}
	return res
}

// selected follows a selector on the value: a method call sends, a field
// is read or set.
func (e *eval) selected(selCur inspector.Cursor, fr *frame, m mode) result {
	info := e.c.pass.TypesInfo
	sel := selCur.Node().(*ast.SelectorExpr)
	s := info.Selections[sel]
	if s == nil {
		return unknown
	}
	if s.Kind() == types.FieldVal {
		if m == mWrapper {
			return e.flow(selCur, fr, m) // a part of the API client (its services)
		}
		return result{} // reading or setting the client's Timeout, Transport...
	}
	if s.Kind() != types.MethodVal || selCur.ParentEdgeKind() != edge.CallExpr_Fun {
		return unknown // a method value
	}
	call := selCur.Parent()
	ce := call.Node().(*ast.CallExpr)
	if m == mClient {
		name := sel.Sel.Name
		if clientQuiet[name] {
			return result{}
		}
		arg, ok := clientSends[name]
		if !ok || arg < 0 || arg >= len(ce.Args) {
			return sentAt(unknown, ce)
		}
		return sentAt(e.value(call.ChildAt(edge.CallExpr_Args, arg), fr, kReq, 0), ce)
	}
	if len(ce.Args) == 0 {
		return result{}
	}
	for j, a := range ce.Args {
		if typesx.IsContext(info.TypeOf(a)) {
			if fn := typesx.Callee(info, ce); fn != nil && knowledge.StreamingRequests[fn.FullName()] != "" && !e.stream {
				e.stream = true
				defer func() { e.stream = false }()
			}
			return sentAt(e.value(call.ChildAt(edge.CallExpr_Args, j), fr, kCtx, 0), ce)
		}
	}
	return sentAt(unknown, ce)
}

// sentAt records call as a request with no deadline when r says so.
func sentAt(r result, call *ast.CallExpr) result {
	if r.v == unbounded && !r.at.IsValid() {
		r.at = call.Pos()
	}
	return r
}

// passed follows a value passed as argument i of call.
func (e *eval) passed(call inspector.Cursor, i int, fr *frame, m mode) result {
	info := e.c.pass.TypesInfo
	ce := call.Node().(*ast.CallExpr)
	fn := typesx.Callee(info, ce)
	if fn == nil {
		if m == mClient && e.c.optionLoopCall(ce) {
			return result{timeoutSet: true}
		}
		return unknown
	}
	if typesx.Static(fn) == nil {
		return unknown // an interface method
	}
	sig := fn.Signature()
	if i >= sig.Params().Len() || (sig.Variadic() && i >= sig.Params().Len()-1) {
		return unknown
	}
	if fn.Pkg() == e.c.pass.Pkg {
		decl, ok := e.c.calls.decls[fn]
		if !ok || fr == nil || fr.depth >= maxDepth {
			return unknown
		}
		return e.variableFlow(sig.Params().At(i), e.enterCall(decl, call, fr), m)
	}
	if m == mWrapper {
		return unknown
	}
	if e.c.timeoutOption(call) {
		return result{timeoutSet: true}
	}
	var ff funcFact
	if e.c.pass.ImportObjectFact(fn, &ff) {
		for _, cp := range ff.Clients {
			if cp.Index != i {
				continue
			}
			r := result{v: verdict(cp.Verdict), timeoutSet: cp.TimeoutSet}
			if r.v == callerCtx {
				// The callee's package sends with the contexts its own
				// callers give: here, the methods of what it returns.
				r.v = noSend
				r = r.join(e.wrapperOf(call, fr))
			}
			for _, j := range cp.CtxDeps {
				k := kCtx
				if j < sig.Params().Len() && typesx.IsRequest(sig.Params().At(j).Type()) {
					k = kReq
				}
				r = r.join(e.argument(call, j, fr, k))
			}
			return r
		}
	}
	if sig.Recv() != nil && call.ParentEdgeKind() == edge.ExprStmt_X && e.c.otherConfig(fn.Pkg()) {
		// A setter of another package's value (cfg.WithHTTPClient(c),
		// its result unused): the client is handed to its configuration.
		return result{v: handed}
	}
	return e.wrapperOf(call, fr)
}

// wrapperOf follows what a call of another package builds from the
// client it is given: an API client, an option for one, or a client.
func (e *eval) wrapperOf(call inspector.Cursor, fr *frame) result {
	t := e.c.pass.TypesInfo.TypeOf(call.Node().(*ast.CallExpr))
	if tup, ok := t.(*types.Tuple); ok {
		if tup.Len() == 0 {
			return unknown
		}
		t = tup.At(0).Type()
	}
	switch {
	case t == nil:
		return unknown
	case isClient(t):
		return e.flow(call, fr, mClient)
	case isOption(t):
		return e.optionConsumer(call, fr)
	case !isWrapper(t):
		return unknown
	}
	return e.flow(call, fr, mWrapper)
}

// optionConsumer follows an option built from the client to the call of
// another package that takes it (directly, or through a list of options
// passed with ...), and what that call builds.
func (e *eval) optionConsumer(opt inspector.Cursor, fr *frame) result {
	info := e.c.pass.TypesInfo
	opt = climb(opt)
	var consumers []inspector.Cursor
	p := opt.Parent()
	switch opt.ParentEdgeKind() {
	case edge.CallExpr_Args:
		if !isAppend(info, p.Node().(*ast.CallExpr)) {
			consumers = append(consumers, p)
			break
		}
		fallthrough
	case edge.CompositeLit_Elts:
		list := assignedVar(info, p)
		if list == nil {
			return unknown
		}
		for _, u := range e.c.vars.uses[list] {
			if u.ParentEdgeKind() == edge.CallExpr_Args && u.Parent().Node().(*ast.CallExpr).Ellipsis.IsValid() {
				consumers = append(consumers, u.Parent())
			}
		}
	}
	if len(consumers) == 0 {
		return unknown
	}
	var res result
	for _, c := range consumers {
		fn := typesx.Callee(info, c.Node().(*ast.CallExpr))
		if fn == nil || fn.Pkg() == e.c.pass.Pkg {
			return unknown
		}
		res = res.join(e.wrapperOf(c, e.at(c, fr)))
	}
	return res
}

// assignedVar returns the variable the value of the expression at cur is
// assigned to, or nil.
func assignedVar(info *types.Info, cur inspector.Cursor) *types.Var {
	cur = climb(cur)
	switch k, i := cur.ParentEdge(); k {
	case edge.AssignStmt_Rhs:
		as := cur.Parent().Node().(*ast.AssignStmt)
		if len(as.Lhs) == len(as.Rhs) {
			if id, ok := as.Lhs[i].(*ast.Ident); ok {
				v, _ := info.ObjectOf(id).(*types.Var)
				return v
			}
		}
	case edge.ValueSpec_Values:
		vs := cur.Parent().Node().(*ast.ValueSpec)
		if len(vs.Names) == len(vs.Values) {
			v, _ := info.Defs[vs.Names[i]].(*types.Var)
			return v
		}
	}
	return nil
}

func isAppend(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "append"
}

func isClient(t types.Type) bool { return typesx.IsNamedOrPointer(t, "net/http", "Client") }

// isOption reports whether t is a function type: an option that applies
// the client to what consumes it.
func isOption(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// isWrapper reports whether t can be an API client built from an
// http.Client: a pointer, struct or interface other than error.
func isWrapper(t types.Type) bool {
	if types.Identical(t, types.Universe.Lookup("error").Type()) {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Struct, *types.Interface:
		return true
	}
	return false
}
