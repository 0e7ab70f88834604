package httptimeout

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"net"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file: the servers reported.

const msgServer = "http.Server has neither ReadHeaderTimeout nor ReadTimeout: a client that sends its headers slowly holds a connection forever; set ReadHeaderTimeout"

// server judges an http.Server literal.
func (c *checker) server(cur inspector.Cursor, lit *ast.CompositeLit) {
	for _, f := range serverFields {
		if v := field(lit, f); v != nil && !nonPositiveConst(c.pass, v) {
			return
		}
	}
	if c.serverSetLater(cur) {
		return
	}
	if addr := field(lit, "Addr"); addr != nil && c.loopback(addr, 0) {
		return
	}
	var fixes []analysis.SuggestedFix
	if field(lit, "ReadHeaderTimeout") == nil {
		fixes = c.serverLitFix(lit)
	}
	c.r.Report(lit, msgServer, fixes...)
}

// newServer judges new(http.Server).
func (c *checker) newServer(cur inspector.Cursor, call *ast.CallExpr) {
	if !c.serverSetLater(cur) {
		c.r.Report(call, msgServer)
	}
}

// serverSetLater reports whether the server built at cur gets a read
// timeout after its literal: where it is stored, or by a function or an
// options loop it is handed to before it serves (setVia).
func (c *checker) serverSetLater(cur inspector.Cursor) bool {
	obj := boundTo(c.pass, cur)
	if obj == nil {
		return false
	}
	if c.assignedLater(cur, serverFields...) {
		return true
	}
	c.index()
	return c.setVia(obj, serverFields, 0)
}

// serveFunc reports http.ListenAndServe and its siblings, whose server
// cannot have timeouts.
func (c *checker) serveFunc(call *ast.CallExpr, fn *types.Func) {
	if len(call.Args) > 0 && c.loopback(call.Args[0], 0) {
		return
	}
	c.r.Report(call.Fun, fmt.Sprintf("%s serves with no timeouts: a client that sends its headers slowly holds a connection forever; use an http.Server with ReadHeaderTimeout set", typesx.ShortName(fn)),
		c.serveFix(call, fn)...)
}

// loopback reports whether e, the address a server listens on or its
// listener, is on every path a constant loopback address (127.0.0.1:53682,
// localhost:6060, [::1]:80): the server is not reachable from the
// network. The address is followed through the package's local
// variables, the parameters of unexported functions (to every call), its
// unexported struct fields (to every value stored) and the listener
// net.Listen returns.
func (c *checker) loopback(e ast.Expr, depth int) bool {
	if depth > 4 {
		return false
	}
	info := c.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return tv.Value.Kind() == constant.String && isLoopback(constant.StringVal(tv.Value))
	}
	c.index()
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if !ok {
			return false
		}
		if _, local := c.vars.owner[v]; !local {
			return false
		}
		defs := c.vars.defs[v]
		for _, d := range defs {
			switch {
			case d.param >= 0:
				if !c.loopbackParam(d, depth) {
					return false
				}
			case d.unknown || !d.rhs.Valid():
				return false
			case d.result != 0:
				return false
			default:
				rhs := d.rhs.Node().(ast.Expr)
				if !c.loopback(rhs, depth+1) && !c.listensLoopback(rhs, depth) {
					return false
				}
			}
		}
		return len(defs) > 0
	case *ast.SelectorExpr:
		f, ok := info.Uses[x.Sel].(*types.Var)
		if !ok || !f.IsField() || f.Pkg() != c.pass.Pkg || f.Exported() {
			return false
		}
		stored := false
		for _, u := range c.vars.uses[f] {
			switch u.ParentEdgeKind() {
			case edge.KeyValueExpr_Key:
				if !c.loopback(u.Parent().Node().(*ast.KeyValueExpr).Value, depth+1) {
					return false
				}
				stored = true
			case edge.SelectorExpr_Sel:
				switch k, i := u.Parent().ParentEdge(); k {
				case edge.AssignStmt_Lhs:
					as := u.Parent().Parent().Node().(*ast.AssignStmt)
					switch {
					case len(as.Lhs) == len(as.Rhs):
						if !c.loopback(as.Rhs[i], depth+1) && !c.listensLoopback(as.Rhs[i], depth) {
							return false
						}
					case len(as.Rhs) == 1 && i == 0: // l, err = net.Listen(...)
						if !c.listensLoopback(as.Rhs[0], depth) {
							return false
						}
					default:
						return false
					}
					stored = true
				case edge.UnaryExpr_X:
					return false
				}
			default:
				return false
			}
		}
		return stored
	}
	return false
}

// loopbackParam reports whether every call of the unexported function
// declaring the parameter d passes a loopback address.
func (c *checker) loopbackParam(d def, depth int) bool {
	decl, ok := d.fn.Node().(*ast.FuncDecl)
	if !ok {
		return false
	}
	fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok || c.calls.externallyCallable(fn) || fn.Signature().Variadic() {
		return false
	}
	sites, known := c.calls.callersOf(fn)
	if !known || len(sites) == 0 {
		return false
	}
	for _, s := range sites {
		call := s.Node().(*ast.CallExpr)
		if len(call.Args) != fn.Signature().Params().Len() || !c.loopback(call.Args[d.param], depth+1) {
			return false
		}
	}
	return true
}

// listensLoopback reports whether e is a call of net.Listen (or
// ListenConfig.Listen) on a loopback address.
func (c *checker) listensLoopback(e ast.Expr, depth int) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := typesx.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	switch fn.FullName() {
	case "net.Listen", "crypto/tls.Listen":
		return len(call.Args) >= 2 && c.loopback(call.Args[1], depth+1)
	case "(*net.ListenConfig).Listen":
		return len(call.Args) >= 3 && c.loopback(call.Args[2], depth+1)
	}
	return false
}

// isLoopback reports whether addr, host:port, names a loopback host.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
