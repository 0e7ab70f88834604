package summary

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ast/inspector"
)

// pathsSrc has one function per case; each calls op() once. want gives,
// per function, what decides whether op runs: "always", "rare" or the
// parameters "[0 1]".
const pathsSrc = `package p

type Config struct{ Proxy string; Debug bool }
type S struct{ cfg Config; ready bool; o *int; n int }

var global bool

func op()                    {}
func try() error             { return nil }
func get() (int, bool)       { return 0, false }

func Plain()                 { op() }
func Guarded(x int) error    { if x == 0 { return nil }; op(); return nil }
func ErrGuard() error        { if err := try(); err != nil { return err }; op(); return nil }
func OnParam(debug bool)     { if debug { op() } }
func OnParamField(c Config)  { if c.Proxy != "" { op() } }
func OnLocalFromParam(n int) { m := n * 2; if m > 3 { op() } }
func OnField(s *S)           { if s.ready { op() } }
func (s *S) OnRecvField()    { if s.cfg.Debug { op() } }
func OnGlobal()              { if global { op() } }
func OnCall()                { if try() != nil { op() } }
func OnCallLocal()           { err := try(); if err != nil { op() } }
func Switch(k int)           { switch k { case 1: op() } }
func SwitchDefault(k int)    { switch { case k > 1: default: op() } }
func SwitchField(s *S)       { switch s.n { case 1: op() } }
func TypeSwitch(x any)       { switch x.(type) { case int: op() } }
func Select(ch chan int)     { select { case <-ch: op() } }
func Range(xs []int)         { for range xs { op() } }
func RangeField(s *S)        { for range s.n { op() } }
func Counting(n int)         { for i := 0; i < n; i++ { op() } }
func Forever()               { for { op() } }
func Poll(s *S)              { for !s.ready { op() } }
func AndAnd(a bool, s *S)    { _ = a && s.ready && func() bool { op(); return true }() }
func call() bool             { op(); return true }
func RetryParam(f func() error) error {
	var err error
	for i := 0; i < 3; i++ {
		if err = f(); err == nil {
			return nil
		}
		op()
	}
	return err
}
func RetryCall() error {
	var err error
	for i := 0; i < 3; i++ {
		err = try()
		if err == nil {
			return nil
		}
		op()
	}
	return err
}
func (s *S) PollState() (*int, error) {
	for range 50 {
		o := s.o
		if o != nil {
			return o, nil
		}
		if s.n == 0 {
			return nil, try()
		}
		op()
	}
	return nil, nil
}
func LoopFailGuard(xs []int) error {
	for range xs {
		if err := try(); err != nil {
			return err
		}
		op()
	}
	return nil
}
func LoopContinue(xs []int) {
	for _, x := range xs {
		if x == 0 {
			continue
		}
		op()
	}
}
func BreakPoll() {
	for {
		if _, ok := get(); ok {
			break
		}
		op()
	}
}
func SuccessGuard() error {
	if err := try(); err == nil {
		return nil
	}
	op()
	return nil
}
func InPlace(debug bool) { func() { if debug { op() } }() }
func LitParam() { func(b bool) { if b { op() } }(true) }
func Pointer(c Config) { var x bool; set(&x); if x { op() } }
func set(*bool) {}
`

var pathsWant = map[string]string{
	"Plain": "always", "Guarded": "always", "ErrGuard": "always",
	"OnParam": "[0]", "OnParamField": "[0]", "OnLocalFromParam": "[0]",
	"OnField": "[0]", "OnRecvField": "rare", "OnGlobal": "rare", "OnCall": "rare", "OnCallLocal": "rare",
	"Switch": "[0]", "SwitchDefault": "[0]", "SwitchField": "[0]", "TypeSwitch": "[0]", "Select": "rare",
	"Range": "always", "RangeField": "always", "Counting": "always", "Forever": "always", "Poll": "[0]",
	"AndAnd": "[0 1]", "call": "always", "RetryParam": "[0]", "RetryCall": "rare", "PollState": "rare",
	"LoopFailGuard": "always", "LoopContinue": "always", "BreakPoll": "rare", "SuccessGuard": "rare",
	"InPlace": "[0]", "LitParam": "rare", "Pointer": "rare",
}

func (c Cond) String() string {
	switch {
	case c.Rare:
		return "rare"
	case len(c.Params) == 0:
		return "always"
	}
	return fmt.Sprint(c.Params)
}

func check(t *testing.T, src string) (*types.Info, *inspector.Inspector) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
		Implicits: map[ast.Node]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	if _, err := new(types.Config).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	return info, inspector.New([]*ast.File{f})
}

func TestWhen(t *testing.T) {
	info, in := check(t, pathsSrc)
	seen := 0
	for cur := range in.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		want, ok := pathsWant[decl.Name.Name]
		if !ok {
			continue
		}
		seen++
		p := NewPaths(info, cur)
		for call := range cur.Preorder((*ast.CallExpr)(nil)) {
			if id, ok := call.Node().(*ast.CallExpr).Fun.(*ast.Ident); ok && id.Name == "op" {
				if got := p.When(call).String(); got != want {
					t.Errorf("%s: op runs %s, want %s", decl.Name.Name, got, want)
				}
			}
		}
	}
	if seen != len(pathsWant) {
		t.Errorf("checked %d functions, want %d", seen, len(pathsWant))
	}
}

const argsSrc = `package p

type S struct{ url string }

var global string

func callee(a string, b int, rest ...string) {}
func two() (string, int) { return "", 0 }

func (s *S) Call(p string, n int) {
	local := p + "x"
	callee(p, 1)                 // [0] always
	callee(s.url, n)             // rare [1]
	callee(global, n, p, "x")    // rare [1] [0]
	callee(local, len(p), s.url) // [0] [0] rare
	callee(two())                // rare rare rare
	callee("lit", 2, "a", p)     // always always [0]
}
`

func TestArgs(t *testing.T) {
	info, in := check(t, argsSrc)
	want := [][]string{
		{"[0]", "always", "always"},
		{"rare", "[1]", "always"},
		{"rare", "[1]", "[0]"},
		{"[0]", "[0]", "rare"},
		{"rare", "rare", "rare"},
		{"always", "always", "[0]"},
	}
	var calleeFn *types.Func
	for cur := range in.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		if decl.Name.Name == "callee" {
			calleeFn = info.Defs[decl.Name].(*types.Func)
		}
		if decl.Name.Name != "Call" {
			continue
		}
		p := NewPaths(info, cur)
		i := 0
		for call := range cur.Preorder((*ast.CallExpr)(nil)) {
			ce := call.Node().(*ast.CallExpr)
			if id, ok := ce.Fun.(*ast.Ident); !ok || id.Name != "callee" {
				continue
			}
			args := p.Args(ce, calleeFn)
			var got []string
			for _, a := range args {
				got = append(got, a.String())
			}
			if fmt.Sprint(got) != fmt.Sprint(want[i]) {
				t.Errorf("call %d: args %v, want %v", i, got, want[i])
			}
			i++
		}
	}
}
