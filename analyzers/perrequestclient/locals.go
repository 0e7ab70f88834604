package perrequestclient

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/inspector"
)

// isLocal reports whether v is a variable of a function of this package
// (parameters included) rather than a package variable or a field.
func (c *checker) isLocal(v *types.Var) bool {
	if v.IsField() || v.Pkg() != c.pass.Pkg || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
		return false
	}
	return true
}

// A declIndex indexes the uses of the variables of one top-level
// declaration, and the parameters and named results of its functions.
type declIndex struct {
	uses    map[*types.Var][]inspector.Cursor
	params  map[*types.Var]bool // parameters and receivers
	results map[*types.Var]bool // named results
}

// isParam reports whether the local variable v is a parameter or receiver.
func (c *checker) isParam(v *types.Var) bool { return c.local(v).params[v] }

// local returns the index of the top-level declaration that declares the
// local variable v: a local variable is used, and a parameter declared, only
// within the declaration of its function. Each declaration is indexed on
// first need: most of a package's functions hold no construction of a
// client and no call of a function that builds one, and are never indexed.
func (c *checker) local(v *types.Var) *declIndex {
	if c.decls == nil {
		c.locals = make(map[ast.Decl]*declIndex)
		c.decls = []inspector.Cursor{}
		for file := range c.in.Root().Children() {
			for d := range file.Children() {
				if _, ok := d.Node().(ast.Decl); ok {
					c.decls = append(c.decls, d)
				}
			}
		}
		slices.SortFunc(c.decls, func(a, b inspector.Cursor) int { return cmp.Compare(a.Node().Pos(), b.Node().Pos()) })
	}
	pos := v.Pos()
	i, _ := slices.BinarySearchFunc(c.decls, pos, func(d inspector.Cursor, p token.Pos) int { return cmp.Compare(d.Node().Pos(), p) })
	// decls[i] is the first declaration starting at or after pos.
	if i == len(c.decls) || c.decls[i].Node().Pos() != pos {
		i--
	}
	if i < 0 || pos >= c.decls[i].Node().End() {
		return &declIndex{}
	}
	decl := c.decls[i].Node().(ast.Decl)
	if ix, ok := c.locals[decl]; ok {
		return ix
	}
	ix := &declIndex{
		uses:    make(map[*types.Var][]inspector.Cursor),
		params:  make(map[*types.Var]bool),
		results: make(map[*types.Var]bool),
	}
	for cur := range c.decls[i].Preorder((*ast.Ident)(nil), (*ast.FuncType)(nil), (*ast.FuncDecl)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.Ident:
			if v, ok := c.pass.TypesInfo.Uses[n].(*types.Var); ok && !v.IsField() {
				ix.uses[v] = append(ix.uses[v], cur)
			}
		case *ast.FuncDecl:
			if n.Recv != nil {
				c.fieldVars(n.Recv, ix.params)
			}
		case *ast.FuncType:
			c.fieldVars(n.Params, ix.params)
			c.fieldVars(n.Results, ix.results)
		}
	}
	c.locals[decl] = ix
	return ix
}

func (c *checker) fieldVars(fl *ast.FieldList, into map[*types.Var]bool) {
	if fl == nil {
		return
	}
	for _, f := range fl.List {
		for _, name := range f.Names {
			if v, ok := c.pass.TypesInfo.Defs[name].(*types.Var); ok {
				into[v] = true
			}
		}
	}
}
