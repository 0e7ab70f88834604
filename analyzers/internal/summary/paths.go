package summary

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/conclint/conclint/analyzers/internal/control"
)

// This file decides whether an operation is on a function's ordinary path,
// the path every call runs, so that a summary carries it to the function's
// callers. An operation under a condition its callers cannot control is
// rare: a branch on a field, a global, a configuration value, the error or
// result of another call, a select case. An operation under conditions on
// the function's own parameters holds for a caller when the caller controls
// the arguments (constants, its own parameters, values computed from them),
// and is rare for a caller that passes its configuration.
//
// What does not make an operation rare: early-return guards before it
// (if err != nil { return err }), loop bodies that run (range loops,
// counting loops, for {}), conditions on parameters.
//
// What does: an if or switch branch, or a loop with only a condition
// (for !ready {}: a poll for a state), whose condition reads anything else;
// a select case; the right operand of && and ||; what follows, in a loop,
// a guard that leaves the loop without returning an error (if err == nil {
// return nil }, if o != nil { return o, nil }: the rest is a retry or a
// poll, run only when the attempt failed), and what follows such a
// success guard for an error outside loops. A retry loop around a call of
// a function-valued parameter (retry.Do(f)) depends on that parameter: it
// holds for callers that pass their own function.
//
// What a condition depends on (Deps, Args) is decided in deps.go.

// A Cond says what decides whether an operation of a function runs, as the
// function's callers see it. The zero Cond: nothing, it always runs.
type Cond struct {
	// Rare: a value the function's callers do not control decides it.
	Rare bool
	// Params are the indexes of the function's parameters (receiver not
	// counted) that decide it, sorted, without duplicates.
	Params []int
}

// Union returns the condition that depends on what c and d depend on.
func (c Cond) Union(d Cond) Cond {
	if c.Rare || d.Rare {
		return Cond{Rare: true}
	}
	if len(d.Params) == 0 {
		return c
	}
	if len(c.Params) == 0 {
		return d
	}
	ps := slices.Concat(c.Params, d.Params)
	slices.Sort(ps)
	return Cond{Params: slices.Compact(ps)}
}

var rare = Cond{Rare: true}

// Paths answers, for the operations of one function, whether they are on
// its ordinary path. It is built on first need: most functions are never
// asked.
type Paths struct {
	info *types.Info
	fn   inspector.Cursor // *ast.FuncDecl or *ast.FuncLit
	// params are the function's parameters by index; locals the
	// assignments to its local variables (nil until first needed), opaque
	// the locals whose value comes from elsewhere (a nested literal's
	// parameter, a variable whose address is taken).
	params  map[*types.Var]int
	recv    *types.Var
	locals  map[*types.Var][]ast.Expr
	opaque  map[*types.Var]bool
	memo    map[*types.Var]Cond
	pending map[*types.Var]bool
}

// NewPaths returns the Paths of the function at fn, an *ast.FuncDecl or
// *ast.FuncLit.
func NewPaths(info *types.Info, fn inspector.Cursor) *Paths {
	p := &Paths{info: info, fn: fn, params: make(map[*types.Var]int)}
	var ft *ast.FuncType
	switch n := fn.Node().(type) {
	case *ast.FuncDecl:
		ft = n.Type
		if n.Recv != nil && len(n.Recv.List) == 1 && len(n.Recv.List[0].Names) == 1 {
			p.recv, _ = info.Defs[n.Recv.List[0].Names[0]].(*types.Var)
		}
	case *ast.FuncLit:
		ft = n.Type
	}
	if ft != nil && ft.Params != nil {
		i := 0
		for _, f := range ft.Params.List {
			if len(f.Names) == 0 {
				i++
				continue
			}
			for _, name := range f.Names {
				if v, ok := info.Defs[name].(*types.Var); ok {
					p.params[v] = i
				}
				i++
			}
		}
	}
	return p
}

// When returns what decides whether the operation at cur, inside the
// function, runs (see the file comment).
func (p *Paths) When(cur inspector.Cursor) Cond {
	var cond Cond
	fn := p.fn.Node()
	for child, par := cur, cur.Parent(); par.Node() != nil && child.Node() != fn; child, par = par, par.Parent() {
		kind, idx := child.ParentEdge()
		switch n := par.Node().(type) {
		case *ast.IfStmt:
			if kind == edge.IfStmt_Body || kind == edge.IfStmt_Else {
				cond = cond.Union(p.Deps(n.Cond))
			}
		case *ast.CaseClause:
			if kind == edge.CaseClause_Body {
				cond = cond.Union(p.caseDeps(par, n))
			}
		case *ast.CommClause:
			if kind == edge.CommClause_Body {
				return rare // which case of a select runs is not the caller's choice
			}
		case *ast.ForStmt:
			if kind == edge.ForStmt_Body && n.Init == nil && n.Post == nil && n.Cond != nil {
				cond = cond.Union(p.Deps(n.Cond)) // for !ready {}: a poll for a state
			}
		case *ast.BinaryExpr:
			if kind == edge.BinaryExpr_Y && (n.Op == token.LAND || n.Op == token.LOR) {
				cond = cond.Union(p.Deps(n.X))
			}
		case *ast.BlockStmt:
			if kind == edge.BlockStmt_List {
				cond = cond.Union(p.afterGuards(par, n.List[:idx]))
			}
		}
		if cond.Rare {
			return cond
		}
	}
	return cond
}

// caseDeps returns what decides that the case clause cc of a switch runs:
// the tag and the clause's expressions, or all the cases' for default; for
// a type switch, the value switched on.
func (p *Paths) caseDeps(cc inspector.Cursor, n *ast.CaseClause) Cond {
	sw := cc.Parent().Parent() // CaseClause -> BlockStmt -> switch
	switch s := sw.Node().(type) {
	case *ast.SwitchStmt:
		cond := p.Deps(s.Tag)
		if n.List == nil {
			for _, st := range s.Body.List {
				if c, ok := st.(*ast.CaseClause); ok {
					for _, e := range c.List {
						cond = cond.Union(p.Deps(e))
					}
				}
			}
			return cond
		}
		for _, e := range n.List {
			cond = cond.Union(p.Deps(e))
		}
		return cond
	case *ast.TypeSwitchStmt:
		if ta, ok := ast.Unparen(control.StmtExpr(s.Assign)).(*ast.TypeAssertExpr); ok {
			return p.Deps(ta.X)
		}
	}
	return rare
}

// afterGuards returns what decides that the statements after prior, in the
// block at blk, run: in a loop, each prior if statement whose body leaves
// the loop without returning an error (a success exit: the rest runs only
// when the attempt failed or the state is not ready); in or out of loops,
// each prior `if err == nil { leave }`.
func (p *Paths) afterGuards(blk inspector.Cursor, prior []ast.Stmt) Cond {
	var cond Cond
	var loop ast.Node
	loopKnown := false
	for i, st := range prior {
		ifs, ok := st.(*ast.IfStmt)
		if !ok || ifs.Else != nil {
			continue
		}
		body := blk.ChildAt(edge.BlockStmt_List, i).ChildAt(edge.IfStmt_Body, -1)
		if errorSuccess(p.info, ifs.Cond) && control.Leaves(p.info, body, ifs.Body.List, p.fn.Node()) {
			cond = cond.Union(p.Deps(ifs.Cond))
			continue
		}
		if !loopKnown {
			loop, loopKnown = p.enclosingLoop(blk), true
		}
		if loop == nil || returnsError(p.info, ifs.Body.List) {
			continue
		}
		if control.Leaves(p.info, body, ifs.Body.List, loop) {
			cond = cond.Union(p.Deps(ifs.Cond))
		}
		if cond.Rare {
			return cond
		}
	}
	return cond
}

// enclosingLoop returns the innermost for or range statement of the
// function around blk, or nil.
func (p *Paths) enclosingLoop(blk inspector.Cursor) ast.Node {
	for e := range blk.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch e.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if e.Node().Pos() < p.fn.Node().Pos() {
				return nil
			}
			return e.Node()
		}
		return nil
	}
	return nil
}

// errorSuccess reports whether cond is err == nil for an error err.
func errorSuccess(info *types.Info, cond ast.Expr) bool {
	be, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || be.Op != token.EQL {
		return false
	}
	return isError(info, be.X) && isNilExpr(info, be.Y) || isError(info, be.Y) && isNilExpr(info, be.X)
}

// returnsError reports whether stmts end by returning an error that is not
// nil: a failure exit, after which the ordinary path goes on.
func returnsError(info *types.Info, stmts []ast.Stmt) bool {
	if len(stmts) == 0 {
		return false
	}
	ret, ok := stmts[len(stmts)-1].(*ast.ReturnStmt)
	if !ok {
		return false
	}
	for _, r := range ret.Results {
		if isError(info, r) && !isNilExpr(info, r) {
			return true
		}
	}
	return false
}

func isError(info *types.Info, e ast.Expr) bool {
	t := info.TypeOf(e)
	return t != nil && types.Implements(t, errorIface) && !isNilExpr(info, e)
}

var errorIface = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

func isNilExpr(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[ast.Unparen(e)]
	return ok && tv.IsNil()
}
