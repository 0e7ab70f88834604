package perrequestclient

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/knowledge"
	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// flow says where a constructed client goes.
type flow int

const (
	discarded flow = iota // used and dropped, or returned: built anew on every call
	collected             // put in a local slice or map: one per element, as a set
	kept                  // stored where it outlives the call (field, global, cache): built once and reused
)

// maxFlowDepth bounds how many local variables flowUp follows.
const maxFlowDepth = 4

// flowUp follows the value of the expression at cur: through parentheses,
// &, composite literals that wrap it, calls that wrap it (a constructor's
// argument), to the variable, field or element it is stored in.
//
// Storing into a field of a receiver or parameter, a package variable, an
// element of a map or slice that is not local, sending it on a channel, or
// handing it to a method named like a cache's (knowledge.KeepingMethods)
// keeps the client: the code is caching it, not throwing it away. This
// trades recall (a handler that overwrites a field on every request) for
// precision.
func (c *checker) flowUp(cur inspector.Cursor, depth int) flow {
	if depth > maxFlowDepth {
		return discarded
	}
	contained := false
	for {
		p := cur.Parent()
		kind, idx := cur.ParentEdge()
		switch pn := p.Node().(type) {
		case *ast.ParenExpr:
		case *ast.UnaryExpr:
			if pn.Op != token.AND {
				return discarded
			}
		case *ast.TypeAssertExpr:
			if kind != edge.TypeAssertExpr_X {
				return discarded
			}
		case *ast.KeyValueExpr:
			if kind != edge.KeyValueExpr_Value {
				return discarded
			}
		case *ast.CompositeLit:
			if kind != edge.CompositeLit_Elts {
				return discarded
			}
			if t := c.pass.TypesInfo.TypeOf(pn); t != nil {
				switch t.Underlying().(type) {
				case *types.Slice, *types.Array, *types.Map:
					contained = true
				}
			}
		case *ast.CallExpr:
			if kind != edge.CallExpr_Args {
				return discarded
			}
			if tv, ok := c.pass.TypesInfo.Types[pn.Fun]; ok && tv.IsType() {
				break // conversion
			}
			if id, ok := ast.Unparen(pn.Fun).(*ast.Ident); ok {
				if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok {
					if b.Name() == "append" && idx > 0 {
						contained = true
						break
					}
					return discarded
				}
			}
			if sel, ok := ast.Unparen(pn.Fun).(*ast.SelectorExpr); ok && keepingMethod(sel.Sel.Name) {
				if s, ok := c.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.MethodVal {
					return kept
				}
			}
			if sig, ok := c.pass.TypesInfo.TypeOf(pn.Fun).(*types.Signature); !ok || sig.Results().Len() == 0 {
				return discarded
			}
			// A wrapper (otelhttp.NewTransport(tr), &Client{...}): follow its result.
		case *ast.AssignStmt:
			if kind != edge.AssignStmt_Rhs {
				return discarded
			}
			var lhs ast.Expr
			switch {
			case len(pn.Lhs) == len(pn.Rhs):
				lhs = pn.Lhs[idx]
			case idx == 0:
				lhs = pn.Lhs[0] // v, err := f(...): the client is the first result
			default:
				return discarded
			}
			return c.store(lhs, contained, depth)
		case *ast.ValueSpec:
			if kind != edge.ValueSpec_Values {
				return discarded
			}
			var name *ast.Ident
			switch {
			case len(pn.Names) == len(pn.Values):
				name = pn.Names[idx]
			case idx == 0 && len(pn.Names) > 0:
				name = pn.Names[0]
			default:
				return discarded
			}
			return c.store(name, contained, depth)
		case *ast.SendStmt:
			if kind == edge.SendStmt_Value {
				return kept
			}
			return discarded
		case *ast.ReturnStmt:
			return c.returned(p)
		default:
			return discarded
		}
		cur = p
	}
}

// returned is flowUp's verdict for a returned value. A function literal
// passed as an argument and returning the client is a factory
// (cache.GetResource(key, func() (io.Closer, error) {...}),
// lru.GetOrAdd): the function it is passed to decides when to call it,
// usually on a cache miss, and keeps the result.
func (c *checker) returned(ret inspector.Cursor) flow {
	for e := range ret.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if _, ok := e.Node().(*ast.FuncLit); ok && e.ParentEdgeKind() == edge.CallExpr_Args {
			return kept
		}
		break
	}
	return discarded
}

// keepingMethod reports whether a method's name says it stores its argument
// (knowledge.KeepingMethods).
func keepingMethod(name string) bool {
	for p := range knowledge.KeepingMethods {
		for _, q := range []string{p, strings.ToLower(p[:1]) + p[1:]} {
			rest, ok := strings.CutPrefix(name, q)
			if !ok {
				continue
			}
			if rest == "" {
				return true
			}
			if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) || unicode.IsDigit(r) {
				return true
			}
		}
	}
	return false
}

// store is flowUp's verdict for a value assigned to lhs.
func (c *checker) store(lhs ast.Expr, contained bool, depth int) flow {
	atLeast := func(f, min flow) flow {
		if f < min {
			return min
		}
		return f
	}
	switch l := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		if l.Name == "_" {
			return discarded
		}
		v, ok := c.pass.TypesInfo.ObjectOf(l).(*types.Var)
		if !ok {
			return discarded
		}
		if !c.isLocal(v) {
			return kept
		}
		f := c.varFlow(v, depth+1)
		if contained {
			f = atLeast(f, collected)
		}
		return f
	case *ast.SelectorExpr:
		root := typesx.RootVar(c.pass.TypesInfo, l.X)
		if root == nil || !c.isLocal(root) || c.isParam(root) {
			return kept
		}
		return c.varFlow(root, depth+1) // a field of a local struct: it goes where the struct goes
	case *ast.IndexExpr:
		root := typesx.RootVar(c.pass.TypesInfo, l.X)
		if root == nil || !c.isLocal(root) || c.isParam(root) {
			return kept
		}
		return atLeast(c.varFlow(root, depth+1), collected)
	}
	return kept // *p = v and the like: stored for the caller
}

// varFlow is the flow of a local variable: the strongest of the flows of its
// uses. A named result is returned.
func (c *checker) varFlow(v *types.Var, depth int) flow {
	if depth > maxFlowDepth || c.local(v).results[v] {
		return discarded
	}
	if f, ok := c.flows[v]; ok {
		return f
	}
	c.flows[v] = discarded // cycles: x = y; y = x
	f := discarded
	for _, u := range c.local(v).uses[v] {
		if u.ParentEdgeKind() == edge.AssignStmt_Lhs {
			continue
		}
		if g := c.flowUp(u, depth); g > f {
			f = g
			if f == kept {
				break
			}
		}
	}
	c.flows[v] = f
	return f
}
