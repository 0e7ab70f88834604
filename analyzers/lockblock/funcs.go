package lockblock

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// This file lists the package's functions (declarations and literals) and
// declares what the scan records for each: its lock operations, the calls
// that run on its goroutine, its waits, and the channels, WaitGroups and
// Conds it touches (the peers of another function's wait). The scan of a
// body is in scan.go; what its local variables hold is in locals.go.

// A function is a declared function or a function literal of the package.
type function struct {
	node   ast.Node // *ast.FuncDecl or *ast.FuncLit
	body   *ast.BlockStmt
	obj    *types.Func // nil for a literal
	name   string      // for messages and chains: "Store.Save", "Store.Save (func literal)"
	params []*types.Var
	file   *ast.File

	ops   []lockOp    // lock operations, in source order
	calls []*callSite // calls that run on this goroutine, in source order
	waits []*waitSite // waits, in source order
	// litUnlocks are the keys unlocked inside a function literal of this
	// function: a lock handed to a goroutine or a callback to release.
	litUnlocks map[string]bool
	// fresh are its local variables that only ever hold a value made
	// here (v := &T{...}, new(T)): no other goroutine has it yet.
	// reassigned are the variables (parameters included) it assigns after
	// their declaration: a lock reached from one may be another value's.
	fresh, reassigned map[types.Object]bool
	// made are the variables holding a value made here (fresh, or
	// captured later); published where each first escaped; captured those
	// a function literal uses.
	made      []types.Object
	published map[types.Object]token.Pos
	captured  []types.Object
	// acquires and releases are the keys of the locks its own body takes
	// and releases.
	acquires, releases map[string]bool
	// opaqueDefer is set by a defer whose effect on locks cannot be seen
	// (a function value, an interface method): it may release anything.
	opaqueDefer bool

	sum *lockSummary // computed by summarise
}

// A lockOp is one call of a lock method.
type lockOp struct {
	lockCall
	deferred bool
	// guarded is set when the call is inside an if whose condition reads
	// a parameter: if hasLock { ... } else { mu.Lock() }. The caller's
	// argument decides whether it locks.
	guarded bool
	// conds are the conditions of the if statements around the call, as
	// source text ("!" before one whose else branch holds the call).
	conds []string
}

// A callSite is a call whose callee runs on the caller's goroutine: a
// static call, or a function literal called where it stands (or passed to
// sync.Once.Do).
type callSite struct {
	call     *ast.CallExpr
	callee   *types.Func // nil for a literal
	lit      *function   // the literal called
	args     []*lockRef  // receiver first; nil where an argument is not a path
	deferred bool
}

// waitKind says what a wait waits for.
type waitKind int

const (
	waitSleep  waitKind = iota // time passing: time.Sleep, a rate limiter
	waitCond                   // a Cond's Signal or Broadcast
	waitSend                   // a receiver
	waitRecv                   // a sender, or close
	waitSelect                 // one of its cases' peers
	waitGroup                  // every Done of a WaitGroup
)

// A waitSite is an operation that blocks until something else happens.
type waitSite struct {
	kind  waitKind
	node  ast.Node
	label string // for messages: "time.Sleep", "send on s.ch", "s.wg.Wait()"
	// objs are the channels or the WaitGroup whose other users can end
	// the wait (for a select, one per case); cond is the Cond waited on.
	objs []*types.Var
	// ops are, for a select, what each case does with its channel
	// (waitSend or waitRecv), parallel to objs.
	ops  []waitKind
	cond lockRef
	// dur is a time.Sleep's constant duration, or -1.
	dur int64
	// fresh is set for an operation on a channel of a value the function
	// has just made: no one else can be on the other side yet.
	fresh bool
}

// peerOp is what a function does to a channel or WaitGroup.
type peerOp int

const (
	peerSend peerOp = 1 << iota
	peerRecv
	peerClose
	peerDone // WaitGroup.Add, Done or Go
)

// scanner holds the package-wide indexes the scan fills.
type scanner struct {
	c *checker
	// lits maps each function literal to its function.
	lits map[*ast.FuncLit]*function
	// aliases maps a local variable assigned once from a field (ch :=
	// s.ch, ch := s.stopChan()) to that field, and a channel parameter
	// every call binds to one field (aliases.go) to that field.
	aliases map[*types.Var]*types.Var
	// getters maps a function returning a channel field to the field.
	getters map[*types.Func]*types.Var
	// guarded are the calls of the function being scanned that are
	// inside an if on a parameter; conds the conditions around its lock
	// calls.
	guarded map[*ast.CallExpr]bool
	conds   map[*ast.CallExpr][]string
}

// collect lists the package's functions and scans each.
func (c *checker) collect() {
	s := &scanner{c: c, lits: make(map[*ast.FuncLit]*function), aliases: make(map[*types.Var]*types.Var)}
	c.scan = s
	info := c.pass.TypesInfo
	for _, file := range c.pass.Files {
		if tf := c.pass.Fset.File(file.FileStart); !opts.Tests && tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
			continue // nothing in a test file is reported, and no other package calls it
		}
		// stack holds, for each node being visited, the innermost
		// function around it.
		var stack []*function
		ast.Inspect(file, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			var outer *function
			if len(stack) > 0 {
				outer = stack[len(stack)-1]
			}
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body == nil {
					return false
				}
				obj, _ := info.Defs[n.Name].(*types.Func)
				fn := &function{node: n, body: n.Body, obj: obj, name: declName(n), file: file}
				if obj != nil {
					fn.params = paramsOf(obj.Signature())
					c.byObj[obj] = fn
				}
				c.funcs = append(c.funcs, fn)
				outer = fn
			case *ast.FuncLit:
				name := "func literal"
				if outer != nil {
					name = outer.name + " (func literal)"
				}
				fn := &function{node: n, body: n.Body, name: name, file: file}
				if sig, ok := info.TypeOf(n).(*types.Signature); ok {
					fn.params = paramsOf(sig)
				}
				s.lits[n] = fn
				c.funcs = append(c.funcs, fn)
				outer = fn
			}
			stack = append(stack, outer)
			return true
		})
	}
	s.chanGetters()
	for _, fn := range c.funcs {
		s.localsOf(fn)
	}
	s.chanParams()
	for _, fn := range c.funcs {
		s.scanFunc(fn)
	}
}

// declName names a declared function for messages: "Save" or "Store.Save".
func declName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	t := d.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.IndexListExpr:
			t = x.X
			continue
		case *ast.ParenExpr:
			t = x.X
			continue
		}
		break
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + d.Name.Name
	}
	return d.Name.Name
}

// paramsOf returns a signature's receiver (if any) and parameters, the
// order of callSite.args.
func paramsOf(sig *types.Signature) []*types.Var {
	var out []*types.Var
	if sig.Recv() != nil {
		out = append(out, sig.Recv())
	}
	for v := range sig.Params().Variables() {
		out = append(out, v)
	}
	return out
}

// inspectBody is ast.Inspect over a function body that does not enter
// nested function literals: they are functions of their own.
func inspectBody(body ast.Node, f func(ast.Node) bool) {
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok && n != body {
			return false
		}
		return f(n)
	})
}

// typeUnder returns t's underlying type, or nil for a nil t.
func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}
