package ctxuse

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
)

// A node is one function of the package with a body.
type node struct {
	obj    *types.Func
	decl   inspector.Cursor // its *ast.FuncDecl
	params []*types.Var     // its parameters, in order
	hasCtx bool             // some parameter is a context.Context
	flows  []Flow           // what becomes of each parameter, so far
	// dependents are the functions whose evaluation read flows: they are
	// evaluated again when flows grows.
	dependents []*node
	queued     bool
}

// solve computes the flows of every function of the package with a context
// parameter, to a fixpoint over the static call graph.
func (in *Info) solve() {
	for cur := range in.in.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		fn, _ := in.pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if fn == nil || decl.Body == nil {
			continue
		}
		n := &node{obj: fn, decl: cur}
		params := fn.Signature().Params()
		n.params = make([]*types.Var, params.Len())
		n.flows = make([]Flow, params.Len())
		for i := range params.Len() {
			p := params.At(i)
			n.params[i] = p
			if isContext(p.Type()) {
				n.hasCtx = true // Ignored until shown otherwise
			} else {
				n.flows[i] = Used // not followed: unknown
			}
		}
		in.nodes[fn] = n
		in.order = append(in.order, n)
	}
	var queue []*node
	for _, n := range in.order {
		if n.hasCtx {
			n.queued = true
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		n.queued = false
		if !in.evaluate(n) {
			continue
		}
		for _, d := range n.dependents {
			if !d.queued {
				d.queued = true
				queue = append(queue, d)
			}
		}
	}
}

// evaluate computes n's flows from what is known of the functions it
// calls, and reports whether they grew.
func (in *Info) evaluate(n *node) bool {
	changed := false
	for i, p := range n.params {
		if !isContext(p.Type()) || n.flows[i] == Used {
			continue
		}
		var f Flow
		if p.Name() != "" && p.Name() != "_" {
			e := &eval{in: in, root: n.decl.Node(), from: n, seen: make(map[*types.Var]bool)}
			f = e.variable(p, 0)
		}
		if f > n.flows[i] {
			n.flows[i] = f
			changed = true
		}
	}
	return changed
}
